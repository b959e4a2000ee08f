-- A project as the release with schema version 4 wrote it, for the migration test, stored as
-- what it adds to schema-v3.sql: the same clean-00.jpg of ../../../shared/corpus/synthetic-typed-ru
-- imported as list-5.jpg and OCR'd by muragat-cli, then its layout's proposed column names
-- accepted and the layout renamed "Список 5" with muragat-cli layout (two logged steps); the
-- document path made /nonexistent/. Run after schema-v3.sql it leaves the very schema and rows
-- that release's dump held. Frozen: never edit it to follow later versions.
PRAGMA user_version = 4;
CREATE TABLE layouts (  id INTEGER PRIMARY KEY,  name TEXT NOT NULL,  created TEXT NOT NULL);
CREATE TABLE layout_columns (  id INTEGER PRIMARY KEY,  layout_id INTEGER NOT NULL REFERENCES layouts (id) ON DELETE CASCADE,  position INTEGER NOT NULL,  name TEXT NOT NULL,  type TEXT NOT NULL DEFAULT 'text'    CHECK (type IN ('text', 'integer', 'year', 'name', 'enum')),  lang TEXT NOT NULL DEFAULT '',  whitelist TEXT NOT NULL DEFAULT '',  rules TEXT NOT NULL DEFAULT '{}',  proposed INTEGER NOT NULL DEFAULT 0,  UNIQUE (layout_id, position));
ALTER TABLE tables ADD COLUMN layout_id INTEGER REFERENCES layouts (id) ON DELETE SET NULL;
CREATE INDEX tables_layout ON tables (layout_id);
DROP TABLE columns;
UPDATE documents SET added_at = '2026-12-04T17:52:37Z' WHERE id = 1;
UPDATE tables SET layout_id = 1 WHERE id = 1;
DELETE FROM edits;
INSERT INTO edits VALUES(1,1,'2026-12-04T17:52:43Z','root','column','layout_columns',1,'proposed','1','0',0);
INSERT INTO edits VALUES(2,1,'2026-12-04T17:52:43Z','root','column','layout_columns',2,'proposed','1','0',0);
INSERT INTO edits VALUES(3,1,'2026-12-04T17:52:43Z','root','column','layout_columns',3,'proposed','1','0',0);
INSERT INTO edits VALUES(4,1,'2026-12-04T17:52:43Z','root','column','layout_columns',4,'proposed','1','0',0);
INSERT INTO edits VALUES(5,1,'2026-12-04T17:52:43Z','root','column','layout_columns',5,'proposed','1','0',0);
INSERT INTO edits VALUES(6,1,'2026-12-04T17:52:43Z','root','column','layout_columns',6,'proposed','1','0',0);
INSERT INTO edits VALUES(7,2,'2026-12-04T17:52:43Z','root','layout','layouts',1,'name','list-5.jpg, page 1','Список 5',0);
INSERT INTO layouts VALUES(1,'Список 5','2026-12-04T17:52:42Z');
INSERT INTO layout_columns VALUES(1,1,0,'№','integer','','','{}',0);
INSERT INTO layout_columns VALUES(2,1,1,'Фамилия и.и.з.','name','','','{}',0);
INSERT INTO layout_columns VALUES(3,1,2,'г.г. рож.','year','','','{}',0);
INSERT INTO layout_columns VALUES(4,1,3,'г.г. приз.','year','','','{}',0);
INSERT INTO layout_columns VALUES(5,1,4,'Место плен.','text','','','{}',0);
INSERT INTO layout_columns VALUES(6,1,5,'Специальность','text','','','{}',0);

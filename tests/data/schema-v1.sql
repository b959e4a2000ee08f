-- A project as the first schema (user_version 1) wrote it, for the migration test.
-- Frozen copy of migration 0 → 1 in src/core/mrg-store.c: never edit it to follow later versions.
PRAGMA application_id = 1297237844;
PRAGMA user_version = 1;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE documents (  id INTEGER PRIMARY KEY,  path TEXT NOT NULL,  sha256 TEXT NOT NULL UNIQUE,  size INTEGER NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('image', 'tiff', 'pdf', 'pagexml')),  page_count INTEGER NOT NULL,  added_at TEXT NOT NULL);
CREATE TABLE pages (  id INTEGER PRIMARY KEY,  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,  number INTEGER NOT NULL,  width INTEGER NOT NULL,  height INTEGER NOT NULL,  dpi REAL NOT NULL,  skew REAL,  status TEXT NOT NULL DEFAULT 'new'    CHECK (status IN ('new', 'ocr-done', 'in-progress', 'verified')),  UNIQUE (document_id, number));
CREATE TABLE tables (  id INTEGER PRIMARY KEY,  page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,  idx INTEGER NOT NULL,  x1 INTEGER NOT NULL, y1 INTEGER NOT NULL, x2 INTEGER NOT NULL, y2 INTEGER NOT NULL,  col_seps TEXT NOT NULL DEFAULT '[]',  row_seps TEXT NOT NULL DEFAULT '[]',  UNIQUE (page_id, idx));
CREATE TABLE columns (  id INTEGER PRIMARY KEY,  position INTEGER NOT NULL UNIQUE,  name TEXT NOT NULL,  type TEXT NOT NULL DEFAULT 'text'    CHECK (type IN ('text', 'integer', 'year', 'name', 'enum')),  rules TEXT NOT NULL DEFAULT '{}');
CREATE TABLE rows (  id INTEGER PRIMARY KEY,  table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,  idx INTEGER NOT NULL,  header INTEGER NOT NULL DEFAULT 0,  status TEXT NOT NULL DEFAULT 'unverified' CHECK (status IN ('unverified', 'verified')),  status_by TEXT,  status_at TEXT);
CREATE INDEX rows_table ON rows (table_id, idx);
CREATE TABLE cells (  id INTEGER PRIMARY KEY,  row_id INTEGER NOT NULL REFERENCES rows (id) ON DELETE CASCADE,  col INTEGER NOT NULL,  x1 INTEGER NOT NULL, y1 INTEGER NOT NULL, x2 INTEGER NOT NULL, y2 INTEGER NOT NULL,  ocr_text TEXT,  confidence REAL,  text TEXT NOT NULL DEFAULT '',  flags INTEGER NOT NULL DEFAULT 0,  edited INTEGER NOT NULL DEFAULT 0,  changed_by TEXT,  changed_at TEXT,  UNIQUE (row_id, col));
CREATE TABLE edits (  id INTEGER PRIMARY KEY,  group_id INTEGER NOT NULL,  at TEXT NOT NULL,  who TEXT NOT NULL,  kind TEXT NOT NULL,  target_table TEXT NOT NULL,  target_id INTEGER NOT NULL,  field TEXT NOT NULL,  old TEXT,  new TEXT,  undone INTEGER NOT NULL DEFAULT 0);
CREATE INDEX edits_group ON edits (group_id);

INSERT INTO documents VALUES (1, '/nonexistent/list-5.jpg', 'aaaa', 1000, 'image', 1, '2026-01-01T00:00:00Z');
INSERT INTO pages VALUES (1, 1, 1, 2480, 3508, 300.0, 0.5, 'ocr-done');
INSERT INTO tables VALUES (1, 1, 0, 100, 200, 2300, 3300, '[100,400,2300]', '[200,300,400]');
INSERT INTO columns VALUES (1, 0, '№', 'integer', '{}');
INSERT INTO columns VALUES (2, 1, 'Фамилия и.и.з.', 'name', '{}');
INSERT INTO rows VALUES (1, 1, 0, 1, 'unverified', NULL, NULL);
INSERT INTO rows VALUES (2, 1, 1, 0, 'verified', 'archivist', '2026-01-02T10:00:00Z');
INSERT INTO cells VALUES (1, 1, 0, 100, 200, 400, 300, '№', 90.0, '№', 0, 0, NULL, NULL);
INSERT INTO cells VALUES (2, 1, 1, 400, 200, 2300, 300, 'Фамилия', 88.0, 'Фамилия и.и.з.', 0, 1, 'archivist', '2026-01-02T09:00:00Z');
INSERT INTO cells VALUES (3, 2, 0, 100, 300, 400, 400, '1', 95.0, '1', 0, 0, NULL, NULL);
INSERT INTO cells VALUES (4, 2, 1, 400, 300, 2300, 400, 'Бектаиов Мажнт', 61.5, 'Бектанов Мажит', 0, 1, 'archivist', '2026-01-02T09:30:00Z');
INSERT INTO edits VALUES (1, 1, '2026-01-02T09:30:00Z', 'archivist', 'cell-text', 'cells', 4, 'text', 'Бектаиов Мажнт', 'Бектанов Мажит', 0);

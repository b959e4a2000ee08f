-- The tables of a project as the first schema (user_version 1) made them, empty: what
-- schema-v1.sql and schema-v3.sql are run after. Frozen copy of migration 0 → 1 in
-- src/core/mrg-store.c: never edit it to follow later versions.
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

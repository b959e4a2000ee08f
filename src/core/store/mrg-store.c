/* mrg-store.c: the project file, one SQLite database per project
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-store"

#include "mrg-store-private.h"
#include "mrg-store-layouts.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

/* 'MRGT': marks a SQLite file as a Muragat project. */
#define MRG_APPLICATION_ID 0x4d524754

struct _MrgStore
{
  GObject parent_instance;

  char *path;
  char *display_name;
  char *user;
  sqlite3 *db;
  int schema_version;
  guint read_only : 1;
  guint in_transaction : 1;
  gint64 group_id;   /* the open undo group, 0 when none */
  GHashTable *statements;          /* SQL text → sqlite3_stmt, see _mrg_store_cached() */
  MrgStoreChange *pending;         /* what the open transaction changed */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (MrgStore, mrg_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (mrg-store-error-quark, mrg_store_error)

/* Each entry moves a project from version i to i + 1. Never edit a released entry: add one. */
static const char *migrations[] = {
  /* 0 → 1: the data model of DESIGN.md */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE documents ("
  "  id INTEGER PRIMARY KEY,"
  "  path TEXT NOT NULL,"
  "  sha256 TEXT NOT NULL UNIQUE,"
  "  size INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('image', 'tiff', 'pdf', 'pagexml')),"
  "  page_count INTEGER NOT NULL,"
  "  added_at TEXT NOT NULL);"
  "CREATE TABLE pages ("
  "  id INTEGER PRIMARY KEY,"
  "  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  number INTEGER NOT NULL,"
  "  width INTEGER NOT NULL,"
  "  height INTEGER NOT NULL,"
  "  dpi REAL NOT NULL,"
  "  skew REAL,"
  "  status TEXT NOT NULL DEFAULT 'new'"
  "    CHECK (status IN ('new', 'ocr-done', 'in-progress', 'verified')),"
  "  UNIQUE (document_id, number));"
  "CREATE TABLE tables ("
  "  id INTEGER PRIMARY KEY,"
  "  page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,"
  "  idx INTEGER NOT NULL,"
  "  x1 INTEGER NOT NULL, y1 INTEGER NOT NULL, x2 INTEGER NOT NULL, y2 INTEGER NOT NULL,"
  "  col_seps TEXT NOT NULL DEFAULT '[]',"
  "  row_seps TEXT NOT NULL DEFAULT '[]',"
  "  UNIQUE (page_id, idx));"
  "CREATE TABLE columns ("
  "  id INTEGER PRIMARY KEY,"
  "  position INTEGER NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  type TEXT NOT NULL DEFAULT 'text'"
  "    CHECK (type IN ('text', 'integer', 'year', 'name', 'enum')),"
  "  rules TEXT NOT NULL DEFAULT '{}');"
  "CREATE TABLE rows ("
  "  id INTEGER PRIMARY KEY,"
  "  table_id INTEGER NOT NULL REFERENCES tables (id) ON DELETE CASCADE,"
  "  idx INTEGER NOT NULL,"
  "  header INTEGER NOT NULL DEFAULT 0,"
  "  status TEXT NOT NULL DEFAULT 'unverified' CHECK (status IN ('unverified', 'verified')),"
  "  status_by TEXT,"
  "  status_at TEXT);"
  "CREATE INDEX rows_table ON rows (table_id, idx);"
  "CREATE TABLE cells ("
  "  id INTEGER PRIMARY KEY,"
  "  row_id INTEGER NOT NULL REFERENCES rows (id) ON DELETE CASCADE,"
  "  col INTEGER NOT NULL,"
  "  x1 INTEGER NOT NULL, y1 INTEGER NOT NULL, x2 INTEGER NOT NULL, y2 INTEGER NOT NULL,"
  "  ocr_text TEXT,"
  "  confidence REAL,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  flags INTEGER NOT NULL DEFAULT 0,"
  "  edited INTEGER NOT NULL DEFAULT 0,"
  "  changed_by TEXT,"
  "  changed_at TEXT,"
  "  UNIQUE (row_id, col));"
  "CREATE TABLE edits ("
  "  id INTEGER PRIMARY KEY,"
  "  group_id INTEGER NOT NULL,"
  "  at TEXT NOT NULL,"
  "  who TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  target_table TEXT NOT NULL,"
  "  target_id INTEGER NOT NULL,"
  "  field TEXT NOT NULL,"
  "  old TEXT,"
  "  new TEXT,"
  "  undone INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX edits_group ON edits (group_id);",

  /* 1 → 2: words of a PDF's text layer, and full-text search over cell text */
  "CREATE TABLE page_words ("
  "  id INTEGER PRIMARY KEY,"
  "  page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,"
  "  x1 INTEGER NOT NULL, y1 INTEGER NOT NULL, x2 INTEGER NOT NULL, y2 INTEGER NOT NULL,"
  "  text TEXT NOT NULL);"
  "CREATE INDEX page_words_page ON page_words (page_id);"
  "CREATE VIRTUAL TABLE cells_fts USING fts5 (text, content='cells', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2');"
  "CREATE TRIGGER cells_fts_insert AFTER INSERT ON cells BEGIN"
  "  INSERT INTO cells_fts (rowid, text) VALUES (new.id, new.text);"
  "END;"
  "CREATE TRIGGER cells_fts_delete AFTER DELETE ON cells BEGIN"
  "  INSERT INTO cells_fts (cells_fts, rowid, text) VALUES ('delete', old.id, old.text);"
  "END;"
  "CREATE TRIGGER cells_fts_update AFTER UPDATE OF text ON cells BEGIN"
  "  INSERT INTO cells_fts (cells_fts, rowid, text) VALUES ('delete', old.id, old.text);"
  "  INSERT INTO cells_fts (rowid, text) VALUES (new.id, new.text);"
  "END;"
  "INSERT INTO cells_fts (cells_fts) VALUES ('rebuild');",

  /* 2 → 3: a person's decisions on candidate name pairs (match review); appended, never
   * updated, so the newest decision per pair is the one in force */
  "CREATE TABLE match_decisions ("
  "  id INTEGER PRIMARY KEY,"
  "  list_file TEXT NOT NULL,"
  "  list_row INTEGER NOT NULL,"
  "  list_name TEXT NOT NULL DEFAULT '',"
  "  row_id INTEGER REFERENCES rows (id) ON DELETE SET NULL,"
  "  cell_id INTEGER REFERENCES cells (id) ON DELETE SET NULL,"
  "  candidate_name TEXT NOT NULL DEFAULT '',"
  "  score REAL NOT NULL,"
  "  decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),"
  "  who TEXT NOT NULL,"
  "  at TEXT NOT NULL);"
  "CREATE INDEX match_decisions_list ON match_decisions (list_file, list_row);",

  /* 3 → 4: columns belong to a table through its layout (a named set of columns), no longer to
   * the project. The project-wide columns become one layout, named after the first document and
   * given to every table; their ids are kept so that logged column edits still undo. */
  "CREATE TABLE layouts ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  created TEXT NOT NULL);"
  "CREATE TABLE layout_columns ("
  "  id INTEGER PRIMARY KEY,"
  "  layout_id INTEGER NOT NULL REFERENCES layouts (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  type TEXT NOT NULL DEFAULT 'text'"
  "    CHECK (type IN ('text', 'integer', 'year', 'name', 'enum')),"
  "  lang TEXT NOT NULL DEFAULT '',"
  "  whitelist TEXT NOT NULL DEFAULT '',"
  "  rules TEXT NOT NULL DEFAULT '{}',"
  "  proposed INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (layout_id, position));"
  "ALTER TABLE tables ADD COLUMN layout_id INTEGER REFERENCES layouts (id) ON DELETE SET NULL;"
  "CREATE INDEX tables_layout ON tables (layout_id);"
  "INSERT INTO layouts (id, name, created)"
  "  SELECT 1, coalesce ((WITH RECURSIVE base (s) AS ("
  "                         SELECT (SELECT path FROM documents ORDER BY id LIMIT 1)"
  "                         UNION ALL SELECT substr (s, instr (s, '/') + 1) FROM base"
  "                         WHERE instr (s, '/') > 0)"
  "                       SELECT s FROM base WHERE instr (s, '/') = 0 AND s <> ''),"
  "                      'Layout 1'),"
  "         strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')"
  "  WHERE EXISTS (SELECT 1 FROM columns) OR EXISTS (SELECT 1 FROM tables);"
  "INSERT INTO layout_columns (id, layout_id, position, name, type, rules)"
  "  SELECT id, 1, position, name, type, rules FROM columns;"
  "UPDATE tables SET layout_id = 1 WHERE EXISTS (SELECT 1 FROM layouts WHERE id = 1);"
  "UPDATE edits SET target_table = 'layout_columns' WHERE target_table = 'columns';"
  "DROP TABLE columns;",
  /* 4 → 5: every edit drops the steps a person undid from redo; an index of just those keeps
   * that from reading the whole log (30–60 ms an edit with 200,000 edits, now under 1 ms) */
  "CREATE INDEX edits_redo ON edits (group_id) WHERE undone = 1;",
  /* 5 → 6: the OCR languages of a layout (a German register among Russian lists) and a
   * document's default for its tables without a layout language; '' for the project's */
  "ALTER TABLE layouts ADD COLUMN lang TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE documents ADD COLUMN lang TEXT NOT NULL DEFAULT '';",
  /* 6 → 7: merged cells (a cell may span rows and columns; the cells under a span are not
   * live), and a cell that a person's grid edit removed keeps its database row with col = -id so
   * that undo can bring it back (see MRG_STORE_LIVE_CELL). Cells beyond their table's own
   * columns, left by an old separator removal, are folded into the last column of their row
   * (their text appended when it differs, never dropped) and then no longer live. */
  "ALTER TABLE cells ADD COLUMN row_span INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE cells ADD COLUMN col_span INTEGER NOT NULL DEFAULT 1;"
  "CREATE TEMP TABLE stray AS"
  "  SELECT c.id, c.row_id, c.text, json_array_length (t.col_seps) AS last"
  "  FROM cells c JOIN rows r ON r.id = c.row_id JOIN tables t ON t.id = r.table_id"
  "  WHERE json_valid (t.col_seps) AND c.col > json_array_length (t.col_seps);"
  "UPDATE cells SET text = trim (text || ' ' || (SELECT group_concat (s.text, ' ') FROM stray s"
  "    WHERE s.row_id = cells.row_id AND s.text <> '' AND s.text <> cells.text))"
  "  WHERE EXISTS (SELECT 1 FROM stray s WHERE s.row_id = cells.row_id AND s.last = cells.col"
  "    AND s.text <> '' AND s.text <> cells.text);"
  "UPDATE cells SET col = -id WHERE id IN (SELECT id FROM stray);"
  "DROP TABLE stray;",
  /* 7 → 8: the order of the scans is a person's, no longer the order they were added in */
  "ALTER TABLE documents ADD COLUMN position INTEGER NOT NULL DEFAULT 0;"
  "UPDATE documents SET position = id;",
  /* 8 → 9: the image OCR read of each cell, as it read it, so that verified cells can teach the
   * OCR model (mrg-store-learn.h); learnt once a learning round has used it. */
  "CREATE TABLE cell_images ("
  "  cell_id INTEGER PRIMARY KEY REFERENCES cells (id) ON DELETE CASCADE,"
  "  png BLOB NOT NULL,"
  "  model TEXT NOT NULL,"
  "  read_at TEXT NOT NULL,"
  "  learnt INTEGER NOT NULL DEFAULT 0);",
  /* 9 → 10: a column whose name is its header row's (OCR proposed it, or it is numbered until
   * the header is typed) takes the text a person types into that header cell; renaming the
   * column or accepting the name ends that. Names still proposed in older projects came from
   * the header row. */
  "ALTER TABLE layout_columns ADD COLUMN from_header INTEGER NOT NULL DEFAULT 0;"
  "UPDATE layout_columns SET from_header = 1 WHERE proposed <> 0;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MRG_STORE_SCHEMA_VERSION);

/* The fields undo may write back; anything else in `edits` is refused. */
static const struct
{
  const char *table;
  const char *field;
} undoable_fields[] = {
  { "cells", "text" },
  { "cells", "flags" },
  { "cells", "x1" }, { "cells", "y1" }, { "cells", "x2" }, { "cells", "y2" },
  { "cells", "col" }, { "cells", "row_span" }, { "cells", "col_span" },
  { "rows", "status" },
  { "rows", "idx" },
  { "rows", "header" },
  { "tables", "col_seps" },
  { "tables", "row_seps" },
  { "tables", "x1" }, { "tables", "y1" }, { "tables", "x2" }, { "tables", "y2" },
  { "layout_columns", "name" },
  { "layout_columns", "type" },
  { "layout_columns", "proposed" },
  { "layout_columns", "from_header" },
  { "tables", "layout_id" },
  { "layouts", "name" },
  { "layouts", "lang" },
  { "documents", "lang" },
};

char *
_mrg_store_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Notes a change of one row of `cells`, `rows`, `tables`, `layout_columns` or `layouts`. */
static void
note_target (MrgStore   *self,
             const char *table,
             gint64      id)
{
  static const struct { const char *table; MrgStoreChangeKind kind; } kinds[] = {
    { "cells", MRG_STORE_CHANGE_CELLS },
    { "rows", MRG_STORE_CHANGE_ROWS },
    { "tables", MRG_STORE_CHANGE_TABLES },
    { "layout_columns", MRG_STORE_CHANGE_COLUMNS },
    { "layouts", MRG_STORE_CHANGE_COLUMNS },
    { "documents", MRG_STORE_CHANGE_DOCUMENTS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].table, table) == 0)
      _mrg_store_note_change (self, kinds[i].kind, id);
}

static void
mrg_store_finalize (GObject *object)
{
  MrgStore *self = (MrgStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->pending, mrg_store_change_free);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->user, g_free);

  G_OBJECT_CLASS (mrg_store_parent_class)->finalize (object);
}

static void
mrg_store_class_init (MrgStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mrg_store_finalize;

  /**
   * MrgStore::changed:
   * @change: (type MrgStoreChange): what the committed change touched
   *
   * Emitted after a change was committed through this connection, on the thread that
   * committed it.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                   MRG_TYPE_STORE_CHANGE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
mrg_store_init (MrgStore *self)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_strcmp0 (name, "Unknown") == 0)
    name = g_get_user_name ();
  self->user = g_strdup (name);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
}

sqlite3 *
_mrg_store_db (MrgStore *self)
{
  return self->db;
}

MrgStmt *
_mrg_store_cached (MrgStore    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      /* A caller that left early without g_autoptr(MrgStmt) must not leave a read open. */
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mrg_store_set_error (self, error, rc, "preparing a query");
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static void
emit_changed (MrgStore *self)
{
  g_autoptr(MrgStoreChange) change = g_steal_pointer (&self->pending);

  if (change != NULL)
    g_signal_emit (self, signals[CHANGED], 0, change);
}

void
_mrg_store_note_change (MrgStore           *self,
                        MrgStoreChangeKind  kind,
                        gint64              id)
{
  if (self->pending == NULL)
    self->pending = mrg_store_change_new ();
  mrg_store_change_add (self->pending, kind, id);
  if (!self->in_transaction)
    emit_changed (self);
}

gboolean
mrg_store_set_error (MrgStore   *self,
                     GError    **error,
                     int         rc,
                     const char *what)
{
  const char *path = self != NULL ? self->path : "project";
  const char *detail = self != NULL && self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  MrgStoreError code;
  const char *message;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      code = MRG_STORE_ERROR_DISK_FULL;
      message = _("the disk is full; nothing was changed");
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = MRG_STORE_ERROR_LOCKED;
      message = _("the project is locked by another program; nothing was changed");
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      code = MRG_STORE_ERROR_READ_ONLY;
      message = _("the project file is read-only");
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      code = MRG_STORE_ERROR_NOT_A_PROJECT;
      message = _("not a Muragat project, or the file is damaged");
      break;
    case SQLITE_CANTOPEN:
      code = MRG_STORE_ERROR_NOT_FOUND;
      message = _("the project file cannot be opened");
      break;
    case SQLITE_CONSTRAINT:
      code = MRG_STORE_ERROR_INVALID;
      message = NULL;
      break;
    default:
      code = MRG_STORE_ERROR_FAILED;
      message = NULL;
      break;
    }

  if (message != NULL)
    g_set_error (error, MRG_STORE_ERROR, code, "%s: %s", path, message);
  else
    g_set_error (error, MRG_STORE_ERROR, code, "%s: %s failed: %s", path, what, detail);

  return FALSE;
}

gboolean
mrg_store_exec (MrgStore    *self,
                const char  *sql,
                GError     **error)
{
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return mrg_store_set_error (self, error, rc, "a database statement");
  return TRUE;
}

sqlite3_stmt *
mrg_store_prepare (MrgStore    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mrg_store_set_error (self, error, rc, "preparing a query");
      return NULL;
    }
  return stmt;
}

static int
query_int (MrgStore   *self,
           const char *sql,
           int        *out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int (stmt, 0);
      return SQLITE_OK;
    }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

gboolean
mrg_store_begin (MrgStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (self->read_only)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_READ_ONLY,
                   _("%s: the project is open read-only"), self->path);
      return FALSE;
    }
  if (!mrg_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
mrg_store_commit (MrgStore  *self,
                  GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (!mrg_store_exec (self, "COMMIT", error))
    {
      mrg_store_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  emit_changed (self);
  return TRUE;
}

void
mrg_store_rollback (MrgStore *self)
{
  g_return_if_fail (MRG_IS_STORE (self));

  if (!self->in_transaction)
    return;
  if (sqlite3_get_autocommit (self->db) == 0)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
  self->group_id = 0;
  g_clear_pointer (&self->pending, mrg_store_change_free);
}

gboolean
mrg_store_in_transaction (MrgStore *self)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  return self->in_transaction;
}

static gboolean
migrate (MrgStore  *self,
         GError   **error)
{
  while (self->schema_version < MRG_STORE_SCHEMA_VERSION)
    {
      g_autofree char *set_version = NULL;
      int from = self->schema_version;

      if (!mrg_store_begin (self, error))
        return FALSE;

      set_version = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                                     from + 1, MRG_APPLICATION_ID);
      if (!mrg_store_exec (self, migrations[from], error) ||
          !mrg_store_exec (self, set_version, error))
        {
          mrg_store_rollback (self);
          g_prefix_error (error, _("upgrading the project from version %d: "), from);
          return FALSE;
        }
      if (!mrg_store_commit (self, error))
        return FALSE;

      self->schema_version = from + 1;
      g_debug ("%s: migrated schema %d to %d", self->path, from, from + 1);
    }

  return TRUE;
}

/* Opens the database and reads what says whether it is a project, without writing anything: a
 * file that is not ours must stay exactly as it was. Returns an SQLite result code; the
 * system's errno of a failure goes to *sys_errno. */
static int
open_and_look (MrgStore   *self,
               const char *path,
               int         open_flags,
               gboolean    immutable,
               int        *app_id,
               int        *n_tables,
               int        *sys_errno)
{
  g_autofree char *uri = NULL;
  int rc;

  g_clear_pointer (&self->db, sqlite3_close_v2);
  if (immutable)
    {
      g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

      uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);
      open_flags |= SQLITE_OPEN_URI;
    }
  rc = sqlite3_open_v2 (uri != NULL ? uri : path, &self->db, open_flags, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (self->db, 1);
      sqlite3_busy_timeout (self->db, 5000);
      rc = query_int (self, "PRAGMA application_id", app_id);
    }
  if (rc == SQLITE_OK)
    rc = query_int (self, "PRAGMA user_version", &self->schema_version);
  if (rc == SQLITE_OK)
    rc = query_int (self, "SELECT count(*) FROM sqlite_schema", n_tables);
  *sys_errno = self->db != NULL ? sqlite3_system_errno (self->db) : 0;
  return rc;
}

/* Whether a failure to open for reading came from the -shm file (a read-only medium, a full
 * disk) and the project file alone holds every committed change (its -wal is absent or empty). */
static gboolean
can_read_immutable (int         rc,
                    const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  switch (rc & 0xff)
    {
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_FULL:
      return g_stat (wal, &st) != 0 || st.st_size == 0;
    default:
      return FALSE;
    }
}

/* Names the real cause of a failure to open: SQLite says "disk I/O error" or "unable to open"
 * for a full disk or a read-only medium alike. */
static void
set_open_error (MrgStore  *self,
                GError   **error,
                int        rc,
                int        sys_errno)
{
  struct statvfs fs;

  /* SQLite's last errno may be of a later, successful attempt (read-write falls back to
   * read-only): the file system itself says whether it is read-only or full */
  if (statvfs (self->path, &fs) == 0 && (fs.f_flag & ST_RDONLY) != 0)
    sys_errno = EROFS;
  else if (sys_errno == 0 && statvfs (self->path, &fs) == 0 && fs.f_bavail == 0)
    sys_errno = ENOSPC;
  if (sys_errno == ENOSPC || sys_errno == EDQUOT || (rc & 0xff) == SQLITE_FULL)
    g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_DISK_FULL,
                 _("%s: the disk is full: the project cannot be opened until some space is free"),
                 self->path);
  else if (sys_errno == EROFS && !self->read_only)
    g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_READ_ONLY,
                 _("%s: the project is on a read-only medium: it can be read (status, export, "
                   "search) but not changed"), self->path);
  else if (sys_errno == EROFS)
    /* not _READ_ONLY: opening it for writing (as a reader may retry) cannot help */
    g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_FAILED,
                 _("%s: the project is on a read-only medium and has changes not yet written "
                   "into it (its -wal file); copy the project with its -wal file elsewhere to "
                   "open it"),
                 self->path);
  else if (sys_errno == EACCES || sys_errno == EPERM)
    g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_READ_ONLY, "%s: %s", self->path,
                 g_strerror (sys_errno));
  else
    mrg_store_set_error (self, error, rc, "opening");
}

/* Root may write any file, so write permission is read from the mode bits, not access(2). */
static gboolean
file_is_read_only (const struct stat *st)
{
  return (st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0;
}

MrgStore *
mrg_store_open (const char         *path,
                MrgStoreOpenFlags   flags,
                GError            **error)
{
  g_autoptr(MrgStore) self = NULL;
  gboolean exists;
  gboolean read_only = (flags & MRG_STORE_OPEN_READ_ONLY) != 0;
  struct stat st;
  int open_flags;
  int rc;
  int app_id = 0;
  int n_tables = 0;
  int sys_errno = 0;

  g_return_val_if_fail (path != NULL, NULL);

  exists = g_stat (path, &st) == 0;
  if (!exists && errno != ENOENT)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND, "%s: %s", path,
                   g_strerror (errno));
      return NULL;
    }
  if (!exists && (flags & MRG_STORE_OPEN_CREATE) == 0)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND,
                   _("%s: no such project file"), path);
      return NULL;
    }
  if (exists && !S_ISREG (st.st_mode))
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_A_PROJECT,
                   _("%s: not a Muragat project (not a regular file)"), path);
      return NULL;
    }
  if (exists && st.st_size == 0)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_A_PROJECT,
                   _("%s: not a Muragat project (the file is empty)"), path);
      return NULL;
    }
  if (exists && !read_only && file_is_read_only (&st))
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_READ_ONLY,
                   _("%s: the project file is read-only; nothing was changed"), path);
      return NULL;
    }

  self = g_object_new (MRG_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->display_name = g_path_get_basename (path);
  if (g_str_has_suffix (self->display_name, ".muragat"))
    self->display_name[strlen (self->display_name) - strlen (".muragat")] = '\0';
  self->read_only = read_only;

  open_flags = SQLITE_OPEN_NOMUTEX;
  if (read_only)
    open_flags |= SQLITE_OPEN_READONLY;
  else
    open_flags |= SQLITE_OPEN_READWRITE | (exists ? 0 : SQLITE_OPEN_CREATE);

  rc = open_and_look (self, path, open_flags, FALSE, &app_id, &n_tables, &sys_errno);
  /* A reader of a WAL project needs its -shm file, which a read-only medium or a full disk
   * cannot give; when no writer is about (no -wal with changes in it), the file alone is the
   * whole project and can be read as immutable. */
  if (rc != SQLITE_OK && read_only && exists && can_read_immutable (rc, path))
    rc = open_and_look (self, path, open_flags, TRUE, &app_id, &n_tables, &sys_errno);
  if (rc != SQLITE_OK)
    {
      set_open_error (self, error, rc, sys_errno);
      return NULL;
    }

  if (exists && app_id != MRG_APPLICATION_ID)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_A_PROJECT,
                   n_tables > 0 ? _("%s: an SQLite database, but not a Muragat project")
                                : _("%s: not a Muragat project"),
                   path);
      return NULL;
    }
  if (self->schema_version > MRG_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_TOO_NEW,
                   _("%s: the project was written by a newer Muragat (schema %d, this one reads "
                     "up to %d)"),
                   path, self->schema_version, MRG_STORE_SCHEMA_VERSION);
      return NULL;
    }

  if (!mrg_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!read_only)
    {
      /* NORMAL in WAL mode is durable against a crash of the program and keeps every committed
       * edit; only a power cut can lose the last transactions, so use FULL. */
      if (!mrg_store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", error))
        return NULL;
      if (!migrate (self, error))
        return NULL;
    }
  else if (self->schema_version < MRG_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_READ_ONLY,
                   _("%s: the project needs upgrading, which cannot be done read-only"), path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
mrg_store_get_path (MrgStore *self)
{
  g_return_val_if_fail (MRG_IS_STORE (self), NULL);
  return self->path;
}

const char *
mrg_store_get_display_name (MrgStore *self)
{
  g_return_val_if_fail (MRG_IS_STORE (self), NULL);
  return self->display_name;
}

sqlite3 *
mrg_store_get_db (MrgStore *self)
{
  g_return_val_if_fail (MRG_IS_STORE (self), NULL);
  return self->db;
}

int
mrg_store_get_schema_version (MrgStore *self)
{
  g_return_val_if_fail (MRG_IS_STORE (self), 0);
  return self->schema_version;
}

gint64
mrg_store_get_data_version (MrgStore  *self,
                            GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), -1);

  stmt = _mrg_store_cached (self, "PRAGMA data_version", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      mrg_store_set_error (self, error, sqlite3_errcode (self->db), "data_version");
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
mrg_store_is_read_only (MrgStore *self)
{
  g_return_val_if_fail (MRG_IS_STORE (self), TRUE);
  return self->read_only;
}

void
mrg_store_set_busy_timeout (MrgStore *self,
                            int       milliseconds)
{
  g_return_if_fail (MRG_IS_STORE (self));
  sqlite3_busy_timeout (self->db, milliseconds);
}

const char *
mrg_store_get_user (MrgStore *self)
{
  g_return_val_if_fail (MRG_IS_STORE (self), NULL);
  return self->user;
}

void
mrg_store_set_user (MrgStore   *self,
                    const char *user)
{
  g_return_if_fail (MRG_IS_STORE (self));
  g_return_if_fail (user != NULL);

  g_free (self->user);
  self->user = g_strdup (user);
}

gboolean
_mrg_store_step_done (MrgStore      *self,
                      sqlite3_stmt  *stmt,
                      const char    *what,
                      GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return mrg_store_set_error (self, error, rc, what);
  return TRUE;
}

static void
bind_va (sqlite3_stmt  *stmt,
         const char    *format,
         va_list        args)
{
  int param = 1;

  for (const char *f = format; *f != '\0'; f++)
    switch (*f)
      {
      case 'i':
        sqlite3_bind_int (stmt, param++, va_arg (args, int));
        break;
      case 'I':
        sqlite3_bind_int64 (stmt, param++, va_arg (args, gint64));
        break;
      case 'd':
        sqlite3_bind_double (stmt, param++, va_arg (args, double));
        break;
      case 's':
        sqlite3_bind_text (stmt, param++, va_arg (args, const char *), -1, SQLITE_STATIC);
        break;
      case 'x':
        {
          gsize size;
          const void *data = g_bytes_get_data (va_arg (args, GBytes *), &size);

          sqlite3_bind_blob64 (stmt, param++, data, size, SQLITE_STATIC);
        }
        break;
      case 'b':
        _mrg_store_bind_box (stmt, param, va_arg (args, const MrgBox *));
        param += 4;
        break;
      default:
        g_assert_not_reached ();
      }
}

MrgStmt *
_mrg_store_query_va (MrgStore    *self,
                     GError     **error,
                     const char  *sql,
                     const char  *format,
                     va_list      args)
{
  MrgStmt *stmt = _mrg_store_cached (self, sql, error);

  if (stmt != NULL)
    bind_va (stmt, format, args);
  return stmt;
}

MrgStmt *
_mrg_store_query (MrgStore    *self,
                  GError     **error,
                  const char  *sql,
                  const char  *format,
                  ...)
{
  MrgStmt *stmt;
  va_list args;

  va_start (args, format);
  stmt = _mrg_store_query_va (self, error, sql, format, args);
  va_end (args);
  return stmt;
}

MrgStmt *
_mrg_store_query_row (MrgStore    *self,
                      const char  *sql,
                      const char  *format,
                      ...)
{
  g_autoptr(MrgStmt) stmt = NULL;
  va_list args;

  va_start (args, format);
  stmt = _mrg_store_query_va (self, NULL, sql, format, args);
  va_end (args);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_steal_pointer (&stmt);
}

gboolean
_mrg_store_run (MrgStore    *self,
                const char  *what,
                GError     **error,
                const char  *sql,
                const char  *format,
                ...)
{
  g_autoptr(MrgStmt) stmt = NULL;
  va_list args;

  va_start (args, format);
  stmt = _mrg_store_query_va (self, error, sql, format, args);
  va_end (args);
  return stmt != NULL && _mrg_store_step_done (self, stmt, what, error);
}

char *
mrg_store_get_meta (MrgStore   *self,
                    const char *key)
{
  g_autoptr(MrgStmt) stmt = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_query_row (self, "SELECT value FROM meta WHERE key = ?", "s", key);
  return stmt != NULL ? g_strdup ((const char *) sqlite3_column_text (stmt, 0)) : NULL;
}

gboolean
mrg_store_set_meta (MrgStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  return _mrg_store_run (self, "saving a setting", error,
                         "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         "ss", key, value);
}

gint64
mrg_store_find_document (MrgStore    *self,
                         const char  *sha256,
                         char       **out_path)
{
  g_autoptr(MrgStmt) stmt = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  stmt = _mrg_store_query (self, NULL, "SELECT id, path FROM documents WHERE sha256 = ?",
                           "s", sha256);
  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  if (out_path != NULL)
    *out_path = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return sqlite3_column_int64 (stmt, 0);
}

gint64
mrg_store_add_document (MrgStore         *self,
                        const char       *path,
                        const char       *sha256,
                        gint64            size,
                        MrgDocumentKind   kind,
                        int               page_count,
                        GError          **error)
{
  g_autofree char *now = _mrg_store_now ();

  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  if (!_mrg_store_run (self, "adding a document", error,
                       "INSERT INTO documents (path, sha256, size, kind, page_count, added_at,"
                       " position)"
                       " VALUES (?, ?, ?, ?, ?, ?,"
                       " (SELECT coalesce (max (position), 0) + 1 FROM documents))",
                       "ssIsis", path, sha256, size, mrg_document_kind_to_string (kind), page_count,
                       now))
    return 0;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_DOCUMENTS, sqlite3_last_insert_rowid (self->db));
  return sqlite3_last_insert_rowid (self->db);
}

gboolean
mrg_store_set_document_path (MrgStore    *self,
                             gint64       document_id,
                             const char  *path,
                             GError     **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!_mrg_store_run (self, "relinking a document", error,
                       "UPDATE documents SET path = ? WHERE id = ?",
                       "sI", path, document_id))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_DOCUMENTS, document_id);
  return TRUE;
}

/* Notes what an INSERT changed: the item it adds to (parent) and the new one; returns the new
 * row's id. */
static gint64
note_insert (MrgStore            *self,
             MrgStoreChangeKind   parent_kind,
             gint64               parent_id,
             MrgStoreChangeKind   kind)
{
  gint64 id = sqlite3_last_insert_rowid (self->db);

  _mrg_store_note_change (self, parent_kind, parent_id);
  _mrg_store_note_change (self, kind, id);
  return id;
}

gint64
mrg_store_add_page (MrgStore  *self,
                    gint64     document_id,
                    int        number,
                    int        width,
                    int        height,
                    double     dpi,
                    GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  if (!_mrg_store_run (self, "adding a page", error,
                       "INSERT INTO pages (document_id, number, width, height, dpi)"
                       " VALUES (?, ?, ?, ?, ?)",
                       "Iiiid", document_id, number, width, height, dpi))
    return 0;
  return note_insert (self, MRG_STORE_CHANGE_DOCUMENTS, document_id, MRG_STORE_CHANGE_PAGES);
}

gboolean
mrg_store_add_page_word (MrgStore      *self,
                         gint64         page_id,
                         const MrgBox  *box,
                         const char    *text,
                         GError       **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  return _mrg_store_run (self, "saving the text layer", error,
                         "INSERT INTO page_words (page_id, x1, y1, x2, y2, text)"
                         " VALUES (?, ?, ?, ?, ?, ?)",
                         "Ibs", page_id, box, text);
}

gboolean
mrg_store_set_page_status (MrgStore       *self,
                           gint64          page_id,
                           MrgPageStatus   status,
                           GError        **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!_mrg_store_run (self, "setting the page status", error,
                       "UPDATE pages SET status = ? WHERE id = ?",
                       "sI", mrg_page_status_to_string (status), page_id))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_PAGES, page_id);
  return TRUE;
}

gboolean
mrg_store_set_page_skew (MrgStore  *self,
                         gint64     page_id,
                         double     degrees,
                         GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!_mrg_store_run (self, "recording the skew", error, "UPDATE pages SET skew = ? WHERE id = ?",
                       "dI", degrees, page_id))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_PAGES, page_id);
  return TRUE;
}

gint64
mrg_store_add_table (MrgStore                  *self,
                     gint64                     page_id,
                     const MrgBox              *area,
                     const MrgStoreSeparators  *seps,
                     GError                   **error)
{
  static const MrgStoreSeparators none = { NULL, 0, NULL, 0 };
  g_autofree char *cols = NULL;
  g_autofree char *rows = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  if (seps == NULL)
    seps = &none;
  cols = _mrg_store_format_ints (seps->cols, seps->n_cols);
  rows = _mrg_store_format_ints (seps->rows, seps->n_rows);

  if (!_mrg_store_run (self, "adding a table", error,
                       "INSERT INTO tables (page_id, idx, x1, y1, x2, y2, col_seps, row_seps)"
                       " VALUES (?1, (SELECT count(*) FROM tables WHERE page_id = ?1),"
                       "         ?2, ?3, ?4, ?5, ?6, ?7)",
                       "Ibss", page_id, area, cols, rows))
    return 0;
  return note_insert (self, MRG_STORE_CHANGE_PAGES, page_id, MRG_STORE_CHANGE_TABLES);
}

gboolean
mrg_store_delete_tables (MrgStore  *self,
                         gint64     page_id,
                         GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!_mrg_store_run (self, "removing a table", error, "DELETE FROM tables WHERE page_id = ?",
                       "I", page_id))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_PAGES, page_id);
  _mrg_store_note_change (self, MRG_STORE_CHANGE_TABLES, 0);
  return TRUE;
}

gint64
mrg_store_add_row (MrgStore  *self,
                   gint64     table_id,
                   int        index,
                   gboolean   header,
                   GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  if (!_mrg_store_run (self, "adding a row", error,
                       "INSERT INTO rows (table_id, idx, header) VALUES (?, ?, ?)",
                       "Iii", table_id, index, header ? 1 : 0))
    return 0;
  return note_insert (self, MRG_STORE_CHANGE_TABLES, table_id, MRG_STORE_CHANGE_ROWS);
}

gint64
mrg_store_add_cell (MrgStore      *self,
                    gint64         row_id,
                    int            col,
                    const MrgBox  *box,
                    const char    *ocr_text,
                    double         confidence,
                    GError       **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  /* Without OCR text the cell has no confidence and an empty current text. */
  if (!_mrg_store_run (self, "adding a cell", error,
                       "INSERT INTO cells (row_id, col, x1, y1, x2, y2, ocr_text, confidence,"
                       " text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                       " CASE WHEN ?7 IS NULL THEN NULL ELSE ?8 END, coalesce (?7, ''))",
                       "Iibsd", row_id, col, box, ocr_text, confidence))
    return 0;
  return note_insert (self, MRG_STORE_CHANGE_ROWS, row_id, MRG_STORE_CHANGE_CELLS);
}

gboolean
mrg_store_set_cell_ocr (MrgStore    *self,
                        gint64       cell_id,
                        const char  *ocr_text,
                        double       confidence,
                        GError     **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!_mrg_store_run (self, "saving OCR text", error,
                       "UPDATE cells SET ocr_text = ?1, confidence = ?2,"
                       " text = CASE WHEN edited THEN text ELSE ?1 END WHERE id = ?3",
                       "sdI", ocr_text != NULL ? ocr_text : "", confidence, cell_id))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_CELLS, cell_id);
  return TRUE;
}

/* The columns mrg_store_ensure_column() and mrg_store_set_column() define are those of the
 * project's first layout, which every table without a layout of its own is read with. */
static gboolean
write_column (MrgStore       *self,
              const char     *sql,
              int             position,
              const char     *name,
              MrgColumnType   type,
              GError        **error)
{
  gint64 layout_id = mrg_store_get_default_layout (self, TRUE, error);

  if (layout_id == 0)
    return FALSE;
  if (!_mrg_store_run (self, "saving a column", error, sql,
                       "issI", position, name, mrg_column_type_to_string (type), layout_id))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_COLUMNS, 0);
  return TRUE;
}

gboolean
mrg_store_ensure_column (MrgStore       *self,
                         int             position,
                         const char     *name,
                         MrgColumnType   type,
                         GError        **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  return write_column (self,
                       "INSERT INTO layout_columns (position, name, type, layout_id)"
                       " VALUES (?, ?, ?, ?) ON CONFLICT (layout_id, position) DO NOTHING",
                       position, name, type, error);
}

gboolean
mrg_store_set_column (MrgStore       *self,
                      int             position,
                      const char     *name,
                      MrgColumnType   type,
                      GError        **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  return write_column (self,
                       "INSERT INTO layout_columns (position, name, type, layout_id)"
                       " VALUES (?1, ?2, ?3, ?4)"
                       " ON CONFLICT (layout_id, position) DO UPDATE SET name = ?2, type = ?3,"
                       " proposed = 0, from_header = 0",
                       position, name, type, error);
}

void
mrg_store_begin_group (MrgStore *self)
{
  g_return_if_fail (MRG_IS_STORE (self));
  g_return_if_fail (self->group_id == 0);

  self->group_id = -1; /* allocated by the first log_edit */
}

void
mrg_store_end_group (MrgStore *self)
{
  g_return_if_fail (MRG_IS_STORE (self));
  self->group_id = 0;
}

static gint64
next_group_id (MrgStore *self)
{
  int last = 0;

  query_int (self, "SELECT coalesce(max(group_id), 0) FROM edits", &last);
  return (gint64) last + 1;
}

gboolean
mrg_store_log_edit (MrgStore            *self,
                    const MrgStoreEdit  *edit,
                    GError             **error)
{
  g_autofree char *now = _mrg_store_now ();
  gint64 group;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  /* A new step makes the steps that were undone unreachable: drop them from redo. */
  if (!mrg_store_exec (self, "UPDATE edits SET undone = 2 WHERE undone = 1", error))
    return FALSE;

  if (self->group_id == -1)
    self->group_id = next_group_id (self);
  group = self->group_id != 0 ? self->group_id : next_group_id (self);

  if (!_mrg_store_run (self, "logging an edit", error,
                       "INSERT INTO edits (group_id, at, who, kind, target_table, target_id,"
                       " field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       "IssssIsss", group, now, self->user, edit->kind, edit->table,
                       edit->target_id, edit->field, edit->old_value, edit->new_value))
    return FALSE;
  note_target (self, edit->table, edit->target_id);
  _mrg_store_note_change (self, MRG_STORE_CHANGE_EDITS, 0);
  return TRUE;
}

/* Reads one field as text, the way it is logged in `edits`. */
static gboolean
read_field (MrgStore    *self,
            const char  *table,
            const char  *field,
            gint64       id,
            char       **out_value,
            GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?", field, table);
  /* Only the fields undo knows get here, so the interned texts are few. */
  g_autoptr(MrgStmt) stmt = _mrg_store_query (self, error, g_intern_string (sql), "I", id);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND,
                   "%s: no %s with id %" G_GINT64_FORMAT, self->path, table, id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return mrg_store_set_error (self, error, rc, "reading");
  *out_value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return TRUE;
}

static gboolean
write_field (MrgStore    *self,
             const char  *table,
             const char  *field,
             gint64       id,
             const char  *value,
             gboolean     by_person,
             GError     **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *now = _mrg_store_now ();
  gboolean known = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (undoable_fields); i++)
    if (strcmp (undoable_fields[i].table, table) == 0 &&
        strcmp (undoable_fields[i].field, field) == 0)
      known = TRUE;
  if (!known)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_INVALID,
                   "%s: %s.%s cannot be edited", self->path, table, field);
      return FALSE;
    }

  /* A cell counts as a person's work (and OCR leaves it alone) when its text or flags were
   * changed, not when the grid around it moved. */
  if (strcmp (table, "cells") == 0 && by_person &&
      (strcmp (field, "text") == 0 || strcmp (field, "flags") == 0))
    sql = g_strdup_printf ("UPDATE cells SET %s = ?1, edited = 1, changed_by = ?3,"
                           " changed_at = ?4 WHERE id = ?2", field);
  else if (strcmp (table, "rows") == 0 && strcmp (field, "status") == 0)
    sql = g_strdup_printf ("UPDATE rows SET status = ?1,"
                           " status_by = CASE WHEN ?1 = 'verified' THEN ?3 END,"
                           " status_at = CASE WHEN ?1 = 'verified' THEN ?4 END WHERE id = ?2");
  else
    sql = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE id = ?2", table, field);

  if (!_mrg_store_run (self, "saving an edit", error, g_intern_string (sql),
                       "sIss", value, id, self->user, now))
    return FALSE;
  note_target (self, table, id);
  return TRUE;
}

gboolean
mrg_store_change_field (MrgStore            *self,
                        const MrgStoreEdit  *edit,
                        GError             **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (edit != NULL, FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (g_strcmp0 (edit->old_value, edit->new_value) == 0)
    return TRUE;
  return write_field (self, edit->table, edit->field, edit->target_id, edit->new_value, TRUE,
                      error) &&
         mrg_store_log_edit (self, edit, error);
}

/* What one step of a person's opens unless its caller has: a transaction and an undo group. */
typedef struct
{
  gboolean transaction;
  gboolean group;
} OwnStep;

static gboolean
step_begin (MrgStore  *self,
            OwnStep   *own,
            GError   **error)
{
  own->transaction = !self->in_transaction;
  own->group = self->group_id == 0;
  if (own->transaction && !mrg_store_begin (self, error))
    return FALSE;
  if (own->group)
    mrg_store_begin_group (self);
  return TRUE;
}

/* Closes what step_begin() opened: commits when ok, else rolls back. */
static gboolean
step_end (MrgStore       *self,
          const OwnStep  *own,
          gboolean        ok,
          GError        **error)
{
  if (own->group)
    mrg_store_end_group (self);
  if (!own->transaction)
    return ok;
  if (!ok)
    {
      mrg_store_rollback (self);
      return FALSE;
    }
  return mrg_store_commit (self, error);
}

/* One person's change of one field: the update and its log line in a single transaction. */
static gboolean
edit_field (MrgStore    *self,
            const char  *kind,
            const char  *table,
            gint64       id,
            const char  *field,
            const char  *value,
            GError     **error)
{
  g_autofree char *old_value = NULL;
  OwnStep own;
  gboolean ok;

  if (!step_begin (self, &own, error))
    return FALSE;
  ok = read_field (self, table, field, id, &old_value, error) &&
       mrg_store_change_field (self, &(MrgStoreEdit) { kind, table, id, field, old_value, value },
                               error);
  return step_end (self, &own, ok, error);
}

gboolean
mrg_store_edit_cell_text (MrgStore    *self,
                          gint64       cell_id,
                          const char  *text,
                          GError     **error)
{
  OwnStep own;
  gboolean ok;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!step_begin (self, &own, error))
    return FALSE;
  ok = edit_field (self, "cell-text", "cells", cell_id, "text", text, error) &&
       _mrg_store_follow_header_cell (self, cell_id, error);
  return step_end (self, &own, ok, error);
}

gboolean
mrg_store_edit_cell_flags (MrgStore      *self,
                           gint64         cell_id,
                           MrgCellFlags   flags,
                           GError       **error)
{
  char value[16];

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  g_snprintf (value, sizeof value, "%u", (guint) flags);
  return edit_field (self, "cell-flags", "cells", cell_id, "flags", value, error);
}

gboolean
mrg_store_edit_row_status (MrgStore      *self,
                           gint64         row_id,
                           MrgRowStatus   status,
                           GError       **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  return edit_field (self, "row-status", "rows", row_id, "status",
                     mrg_row_status_to_string (status), error);
}

gboolean
mrg_store_edit_row_header (MrgStore  *self,
                           gint64     row_id,
                           gboolean   header,
                           GError   **error)
{
  g_autofree char *was = NULL;
  OwnStep own;
  gboolean ok;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!step_begin (self, &own, error))
    return FALSE;
  ok = read_field (self, "rows", "header", row_id, &was, error) &&
       edit_field (self, "row-header", "rows", row_id, "header", header ? "1" : "0", error);
  /* a row that already was what it is made changes no name */
  if (ok && (g_strcmp0 (was, "0") != 0) != header)
    ok = header ? _mrg_store_follow_header_row (self, row_id, error)
                : _mrg_store_unfollow_header_row (self, row_id, error);
  return step_end (self, &own, ok, error);
}

static gboolean
replay_group (MrgStore    *self,
              gboolean     undo,
              gboolean    *out_done,
              char       **out_table,
              gint64      *out_target_id,
              GError     **error)
{
  g_autoptr(MrgStmt) pick = NULL;
  g_autoptr(MrgStmt) steps = NULL;
  gint64 group;
  gboolean first = TRUE;
  gboolean first_is_column = FALSE;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (out_done != NULL)
    *out_done = FALSE;

  if (!mrg_store_begin (self, error))
    return FALSE;

  pick = _mrg_store_cached (self,
                            undo ? "SELECT max(group_id) FROM edits WHERE undone = 0"
                                 : "SELECT min(group_id) FROM edits WHERE undone = 1",
                            error);
  if (pick == NULL)
    goto failed;
  rc = sqlite3_step (pick);
  if (rc != SQLITE_ROW || sqlite3_column_type (pick, 0) == SQLITE_NULL)
    {
      mrg_store_rollback (self);
      return TRUE;
    }
  group = sqlite3_column_int64 (pick, 0);

  steps = _mrg_store_query (self, error,
                            undo ? "SELECT target_table, target_id, field, old FROM edits"
                                   " WHERE group_id = ? ORDER BY id DESC"
                                 : "SELECT target_table, target_id, field, new FROM edits"
                                   " WHERE group_id = ? ORDER BY id ASC",
                            "I", group);
  if (steps == NULL)
    goto failed;
  while ((rc = sqlite3_step (steps)) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (steps, 0);
      gint64 target = sqlite3_column_int64 (steps, 1);
      const char *field = (const char *) sqlite3_column_text (steps, 2);
      const char *value = (const char *) sqlite3_column_text (steps, 3);

      /* A column renamed along with a header cell: the cell is where the person was. */
      if (first || (first_is_column && strcmp (table, "layout_columns") != 0))
        {
          if (out_table != NULL)
            {
              if (!first)
                g_free (*out_table);
              *out_table = g_strdup (table);
            }
          if (out_target_id != NULL)
            *out_target_id = target;
          first_is_column = strcmp (table, "layout_columns") == 0;
          first = FALSE;
        }
      if (!write_field (self, table, field, target, value, strcmp (table, "cells") == 0, error))
        goto failed;
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, undo ? "undo" : "redo");
      goto failed;
    }

  if (!_mrg_store_run (self, undo ? "undo" : "redo", error,
                       "UPDATE edits SET undone = ? WHERE group_id = ?", "iI", undo ? 1 : 0, group))
    goto failed;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_EDITS, 0);

  if (!mrg_store_commit (self, error))
    return FALSE;
  if (out_done != NULL)
    *out_done = TRUE;
  return TRUE;

failed:
  mrg_store_rollback (self);
  return FALSE;
}

gboolean
mrg_store_undo (MrgStore  *self,
                gboolean  *out_done,
                char     **out_table,
                gint64    *out_target_id,
                GError   **error)
{
  return replay_group (self, TRUE, out_done, out_table, out_target_id, error);
}

gboolean
mrg_store_redo (MrgStore  *self,
                gboolean  *out_done,
                char     **out_table,
                gint64    *out_target_id,
                GError   **error)
{
  return replay_group (self, FALSE, out_done, out_table, out_target_id, error);
}

void
mrg_store_get_history (MrgStore *self,
                       gboolean *out_can_undo,
                       gboolean *out_can_redo)
{
  g_autoptr(MrgStmt) stmt = NULL;
  gboolean found;

  g_return_if_fail (MRG_IS_STORE (self));

  stmt = _mrg_store_cached (self,
                            "SELECT EXISTS (SELECT 1 FROM edits WHERE undone = 0),"
                            " EXISTS (SELECT 1 FROM edits WHERE undone = 1)",
                            NULL);
  found = stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
  if (out_can_undo != NULL)
    *out_can_undo = found && sqlite3_column_int (stmt, 0) != 0;
  if (out_can_redo != NULL)
    *out_can_redo = found && sqlite3_column_int (stmt, 1) != 0;
}

gboolean
mrg_store_has_verified_rows (MrgStore *self)
{
  g_autoptr(MrgStmt) stmt = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), TRUE);

  stmt = _mrg_store_cached (self,
                            "SELECT EXISTS (SELECT 1 FROM rows WHERE " MRG_STORE_LIVE_ROW ("rows")
                            " AND NOT header AND status = 'verified')",
                            NULL);
  return stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 0;
}

gboolean
mrg_store_get_counts (MrgStore        *self,
                      MrgStoreCounts  *counts,
                      GError         **error)
{
  static const struct
  {
    const char *sql;
    gsize offset;
  } queries[] = {
    { "SELECT count(*) FROM documents", G_STRUCT_OFFSET (MrgStoreCounts, documents) },
    { "SELECT count(*) FROM pages", G_STRUCT_OFFSET (MrgStoreCounts, pages) },
    { "SELECT count(*) FROM tables", G_STRUCT_OFFSET (MrgStoreCounts, tables) },
    { "SELECT count(*) FROM rows WHERE " MRG_STORE_LIVE_ROW ("rows"),
      G_STRUCT_OFFSET (MrgStoreCounts, rows) },
    { "SELECT count(*) FROM rows WHERE " MRG_STORE_LIVE_ROW ("rows") " AND NOT header",
      G_STRUCT_OFFSET (MrgStoreCounts, body_rows) },
    { "SELECT count(*) FROM rows WHERE " MRG_STORE_LIVE_ROW ("rows")
      " AND NOT header AND status = 'verified'",
      G_STRUCT_OFFSET (MrgStoreCounts, verified_rows) },
    { "SELECT count(*) FROM cells JOIN rows ON rows.id = cells.row_id"
      " WHERE " MRG_STORE_LIVE_ROW ("rows") " AND " MRG_STORE_LIVE_CELL ("cells"),
      G_STRUCT_OFFSET (MrgStoreCounts, cells) },
    { "SELECT count(*) FROM cells JOIN rows ON rows.id = cells.row_id"
      " WHERE " MRG_STORE_LIVE_ROW ("rows") " AND " MRG_STORE_LIVE_CELL ("cells")
      " AND cells.edited",
      G_STRUCT_OFFSET (MrgStoreCounts, edited_cells) },
    { "SELECT count(*) FROM edits WHERE undone = 0", G_STRUCT_OFFSET (MrgStoreCounts, edits) },
    { "SELECT count(*) FROM pages WHERE status = 'new'",
      G_STRUCT_OFFSET (MrgStoreCounts, pages_by_status[MRG_PAGE_STATUS_NEW]) },
    { "SELECT count(*) FROM pages WHERE status = 'ocr-done'",
      G_STRUCT_OFFSET (MrgStoreCounts, pages_by_status[MRG_PAGE_STATUS_OCR_DONE]) },
    { "SELECT count(*) FROM pages WHERE status = 'in-progress'",
      G_STRUCT_OFFSET (MrgStoreCounts, pages_by_status[MRG_PAGE_STATUS_IN_PROGRESS]) },
    { "SELECT count(*) FROM pages WHERE status = 'verified'",
      G_STRUCT_OFFSET (MrgStoreCounts, pages_by_status[MRG_PAGE_STATUS_VERIFIED]) },
  };

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      int rc = query_int (self, queries[i].sql, G_STRUCT_MEMBER_P (counts, queries[i].offset));

      if (rc != SQLITE_OK)
        return mrg_store_set_error (self, error, rc, "counting");
    }
  return TRUE;
}

void
mrg_store_remove_file (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm" };

  g_return_if_fail (path != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

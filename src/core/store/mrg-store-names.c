/* mrg-store-names.c: the SQL of search and name matching: cells with where they are, decisions
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-store"

#include "config.h"

#include "mrg-store-names.h"
#include "mrg-store-private.h"

/* A row a person deleted keeps its database row with idx = -1 - its old idx (see mrg-store.h);
 * this file spells that rule here only. `alias` is the query's name for `rows`. */
#define LIVE_ROW(alias) " " MRG_STORE_LIVE_ROW (alias) " "

/* ---- columns and headers ----------------------------------------------------------------- */

static void
column_info_clear (gpointer data)
{
  MrgStoreColumnInfo *info = data;

  g_free (info->name);
  g_free (info->type);
}

static void
header_cell_clear (gpointer data)
{
  MrgStoreHeaderCell *cell = data;

  g_free (cell->text);
}

GArray *
mrg_store_names_get_columns (MrgStore  *store,
                             GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) columns = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);

  /* Every layout's columns, the first layout's last, so that it wins where positions meet. */
  stmt = _mrg_store_cached (store, "SELECT position, name, type FROM layout_columns"
                                   " ORDER BY layout_id DESC, position", error);
  if (stmt == NULL)
    return NULL;
  columns = g_array_new (FALSE, TRUE, sizeof (MrgStoreColumnInfo));
  g_array_set_clear_func (columns, column_info_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStoreColumnInfo info = {
        .position = sqlite3_column_int (stmt, 0),
        .name = g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        .type = g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
      };

      g_array_append_val (columns, info);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (store, error, rc, "reading names");
      return NULL;
    }
  return g_steal_pointer (&columns);
}

GArray *
mrg_store_names_get_header_cells (MrgStore  *store,
                                  GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) cells = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);

  stmt = _mrg_store_cached (store,
                            "SELECT r.table_id, c.col, c.text FROM cells c"
                            " JOIN rows r ON r.id = c.row_id WHERE r.header AND" LIVE_ROW ("r")
                            "AND " MRG_STORE_LIVE_CELL ("c"),
                            error);
  if (stmt == NULL)
    return NULL;
  cells = g_array_new (FALSE, TRUE, sizeof (MrgStoreHeaderCell));
  g_array_set_clear_func (cells, header_cell_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStoreHeaderCell cell = {
        .table_id = sqlite3_column_int64 (stmt, 0),
        .col = sqlite3_column_int (stmt, 1),
        .text = g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
      };

      g_array_append_val (cells, cell);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (store, error, rc, "reading names");
      return NULL;
    }
  return g_steal_pointer (&cells);
}

/* ---- cells ------------------------------------------------------------------------------- */

#define CELL_COLUMNS \
  "c.id, r.id, t.id, p.id, d.path, p.number, t.idx, r.idx, c.col, c.text"
#define CELL_JOINS \
  " JOIN rows r ON r.id = c.row_id AND" LIVE_ROW ("r") "AND " MRG_STORE_LIVE_CELL ("c") \
  " JOIN tables t ON t.id = r.table_id" \
  " JOIN pages p ON p.id = t.page_id JOIN documents d ON d.id = p.document_id"
#define CELL_SNIPPET 10

static void
read_cell_hit (MrgStmt         *stmt,
               MrgStoreCellHit *hit)
{
  hit->cell_id = sqlite3_column_int64 (stmt, 0);
  hit->row_id = sqlite3_column_int64 (stmt, 1);
  hit->table_id = sqlite3_column_int64 (stmt, 2);
  hit->page_id = sqlite3_column_int64 (stmt, 3);
  hit->document = (const char *) sqlite3_column_text (stmt, 4);
  hit->page = sqlite3_column_int (stmt, 5);
  hit->table = sqlite3_column_int (stmt, 6);
  hit->row = sqlite3_column_int (stmt, 7);
  hit->column = sqlite3_column_int (stmt, 8);
  hit->text = (const char *) sqlite3_column_text (stmt, 9);
  hit->snippet = NULL;
}

gboolean
mrg_store_names_search_text (MrgStore          *store,
                             const char        *fts,
                             guint              limit,
                             MrgStoreCellFunc   func,
                             gpointer           data,
                             GError           **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (fts != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _mrg_store_query (store, error,
                           "SELECT " CELL_COLUMNS ", snippet(cells_fts, 0, '[', ']', '…', 12)"
                           " FROM cells_fts JOIN cells c ON c.id = cells_fts.rowid" CELL_JOINS
                           " WHERE cells_fts MATCH ?"
                           " ORDER BY cells_fts.rank, d.position, d.id, p.number, t.idx, r.idx, c.col"
                           " LIMIT ?",
                           "sI", fts, limit > 0 ? (gint64) limit : -1);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStoreCellHit hit;

      read_cell_hit (stmt, &hit);
      hit.snippet = (const char *) sqlite3_column_text (stmt, CELL_SNIPPET);
      func (&hit, data);
    }
  if (rc != SQLITE_DONE)
    {
      /* The caller quotes every word, which leaves nothing FTS5 can refuse; should it still,
       * the search goes on as if nothing matched. */
      if ((rc & 0xff) == SQLITE_ERROR)
        {
          g_debug ("full-text query %s failed: %s", fts, sqlite3_errmsg (_mrg_store_db (store)));
          return TRUE;
        }
      return mrg_store_set_error (store, error, rc, "searching");
    }
  return TRUE;
}

/* Calls func on every cell that `sql` (a literal selecting CELL_COLUMNS) returns. */
static gboolean
foreach_cell_hit (MrgStore          *store,
                  const char        *sql,
                  MrgStoreCellFunc   func,
                  gpointer           data,
                  const char        *what,
                  GError           **error)
{
  g_autoptr(MrgStmt) stmt = _mrg_store_cached (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStoreCellHit hit;

      read_cell_hit (stmt, &hit);
      func (&hit, data);
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (store, error, rc, what);
  return TRUE;
}

gboolean
mrg_store_names_foreach_cell (MrgStore          *store,
                              MrgStoreCellFunc   func,
                              gpointer           data,
                              GError           **error)
{
  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return foreach_cell_hit (store,
                           "SELECT " CELL_COLUMNS " FROM cells c" CELL_JOINS
                           " WHERE length(c.text) > 1"
                           " ORDER BY d.position, d.id, p.number, t.idx, r.idx, c.col",
                           func, data, "searching", error);
}

gboolean
mrg_store_names_foreach_body_cell (MrgStore          *store,
                                   MrgStoreCellFunc   func,
                                   gpointer           data,
                                   GError           **error)
{
  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return foreach_cell_hit (store,
                           "SELECT " CELL_COLUMNS " FROM cells c" CELL_JOINS
                           " WHERE NOT r.header"
                           " ORDER BY d.position, d.id, p.number, t.idx, r.idx, r.id, c.col",
                           func, data, "reading names", error);
}

/* ---- decisions --------------------------------------------------------------------------- */

static gint64
insert_decision (MrgStore                *store,
                 const MrgStoreDecision  *decision,
                 GError                 **error)
{
  g_autofree char *at = _mrg_store_now ();

  /* An id of 0 (no row, no cell) is stored as NULL. */
  if (!_mrg_store_run (store, "saving a match decision", error,
                       "INSERT INTO match_decisions (list_file, list_row, list_name, row_id,"
                       " cell_id, candidate_name, score, decision, who, at)"
                       " VALUES (?1, ?2, ?3, CASE WHEN ?4 > 0 THEN ?4 END,"
                       " CASE WHEN ?5 > 0 THEN ?5 END, ?6, ?7, ?8, ?9, ?10)",
                       "sisIIsdsss", decision->list_file, decision->list_row,
                       decision->list_name != NULL ? decision->list_name : "", decision->row_id,
                       decision->cell_id,
                       decision->candidate_name != NULL ? decision->candidate_name : "",
                       decision->score, decision->decision, mrg_store_get_user (store), at))
    return 0;
  /* No kind of change names decisions: the rows they are about are what a view shows them on. */
  _mrg_store_note_change (store, MRG_STORE_CHANGE_ROWS, MAX (decision->row_id, 0));
  return sqlite3_last_insert_rowid (_mrg_store_db (store));
}

gint64
mrg_store_names_add_decision (MrgStore                *store,
                              const MrgStoreDecision  *decision,
                              GError                 **error)
{
  gboolean own = FALSE;
  gint64 id;

  g_return_val_if_fail (MRG_IS_STORE (store), 0);
  g_return_val_if_fail (decision != NULL && decision->list_file != NULL, 0);
  g_return_val_if_fail (decision->decision != NULL, 0);

  if (!mrg_store_in_transaction (store))
    {
      if (!mrg_store_begin (store, error))
        return 0;
      own = TRUE;
    }
  id = insert_decision (store, decision, error);
  if (id == 0)
    {
      if (own)
        mrg_store_rollback (store);
      return 0;
    }
  if (own && !mrg_store_commit (store, error))
    return 0;
  return id;
}

gboolean
mrg_store_names_foreach_decision (MrgStore              *store,
                                  const char            *list_file,
                                  MrgStoreDecisionFunc   func,
                                  gpointer               data,
                                  GError               **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* The newest decision per pair: the one with the greatest id. */
  stmt = _mrg_store_query (store, error,
                           "SELECT id, list_file, list_row, list_name, coalesce(row_id, 0),"
                           " coalesce(cell_id, 0), candidate_name, score, decision, who, at"
                           " FROM match_decisions d WHERE (?1 IS NULL OR list_file = ?1)"
                           " AND id = (SELECT max(id) FROM match_decisions e"
                           "  WHERE e.list_file = d.list_file AND e.list_row = d.list_row"
                           "  AND e.row_id IS d.row_id)"
                           " ORDER BY id",
                           "s", list_file);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStoreDecision decision = {
        .id = sqlite3_column_int64 (stmt, 0),
        .list_file = (const char *) sqlite3_column_text (stmt, 1),
        .list_row = sqlite3_column_int (stmt, 2),
        .list_name = (const char *) sqlite3_column_text (stmt, 3),
        .row_id = sqlite3_column_int64 (stmt, 4),
        .cell_id = sqlite3_column_int64 (stmt, 5),
        .candidate_name = (const char *) sqlite3_column_text (stmt, 6),
        .score = sqlite3_column_double (stmt, 7),
        .decision = (const char *) sqlite3_column_text (stmt, 8),
        .who = (const char *) sqlite3_column_text (stmt, 9),
        .at = (const char *) sqlite3_column_text (stmt, 10),
      };

      func (&decision, data);
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (store, error, rc, "reading match decisions");
  return TRUE;
}

/* mrg-store-export.c: the SQL of export: one ordered walk over the project, its column names
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-store"

#include "config.h"

#include <string.h>

#include "mrg-store-export.h"
#include "mrg-store-private.h"

/* A row a person deleted keeps its database row with idx = -1 - its old idx (see mrg-store.h);
 * this file spells that rule here only. `alias` is the query's name for `rows`. */
#define LIVE_ROW(alias) " " MRG_STORE_LIVE_ROW (alias) " "

/* Above this a schema or a col is taken as damaged: it must not make us allocate gigabytes. */
#define MAX_COLUMNS 10000

static char *
dup_column_text (MrgStmt *stmt,
                 int      i)
{
  const char *text = (const char *) sqlite3_column_text (stmt, i);

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);
  return g_strdup (text);
}

/* ---- the walk ---------------------------------------------------------------------------- */

static void
export_cell_clear (gpointer data)
{
  MrgStoreExportCell *cell = data;

  g_free (cell->text);
  g_free (cell->ocr_text);
}

static void
export_row_free (gpointer data)
{
  MrgStoreExportRow *row = data;

  g_free (row->status);
  g_free (row->status_by);
  g_free (row->status_at);
  g_array_unref (row->cells);
  g_free (row);
}

static void
export_table_clear (MrgStoreExportTable *table)
{
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  memset (table, 0, sizeof *table);
}

static void
export_document_clear (MrgStoreExportDocument *doc)
{
  g_clear_pointer (&doc->path, g_free);
  g_clear_pointer (&doc->display_path, g_free);
  g_clear_pointer (&doc->sha256, g_free);
  doc->id = 0;
}

enum
{
  Q_DOC_ID, Q_DOC_PATH, Q_DOC_SHA, Q_DOC_KIND,
  Q_PAGE_ID, Q_PAGE_NUMBER, Q_PAGE_WIDTH, Q_PAGE_HEIGHT, Q_PAGE_DPI,
  Q_TABLE_ID, Q_TABLE_IDX, Q_TX1, Q_TY1, Q_TX2, Q_TY2,
  Q_ROW_ID, Q_ROW_IDX, Q_ROW_HEADER, Q_ROW_STATUS, Q_ROW_BY, Q_ROW_AT,
  Q_CELL_COL, Q_CELL_TEXT, Q_CELL_OCR, Q_CELL_CONF, Q_CX1, Q_CY1, Q_CX2, Q_CY2, Q_CELL_FLAGS,
  Q_CELL_ROW_SPAN, Q_CELL_COL_SPAN,
};

/* One ordered query over the whole project, read once: memory holds one table at a time. */
#define WALK_SQL \
  "SELECT d.id, d.path, d.sha256, d.kind," \
  "       p.id, p.number, p.width, p.height, p.dpi," \
  "       t.id, t.idx, t.x1, t.y1, t.x2, t.y2," \
  "       r.id, r.idx, r.header, r.status, r.status_by, r.status_at," \
  "       c.col, c.text, c.ocr_text, c.confidence, c.x1, c.y1, c.x2, c.y2, c.flags," \
  "       c.row_span, c.col_span" \
  " FROM documents d JOIN pages p ON p.document_id = d.id" \
  " LEFT JOIN tables t ON t.page_id = p.id" \
  " LEFT JOIN rows r ON r.table_id = t.id AND" LIVE_ROW ("r") \
  "   AND (?1 = 0 OR r.header OR r.status = 'verified')" \
  " LEFT JOIN cells c ON c.row_id = r.id AND " MRG_STORE_LIVE_CELL ("c") \
  " ORDER BY d.position, d.id, p.number, t.idx, r.idx, r.id, c.col"

typedef struct
{
  MrgStore *store;
  const MrgStoreExportVisitor *visitor;
  gpointer data;
  MrgStoreExportDocument doc;
  MrgStoreExportPage page;
  MrgStoreExportTable table;
} Walk;

static gboolean
count_tables (MrgStore  *store,
              gint64     page_id,
              guint     *out,
              GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;

  stmt = _mrg_store_query (store, error, "SELECT count(*) FROM tables WHERE page_id = ?",
                           "I", page_id);
  if (stmt == NULL)
    return FALSE;
  *out = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  return TRUE;
}

static gboolean
emit_table (Walk    *walk,
            GError **error)
{
  gboolean ok = TRUE;

  if (walk->table.rows == NULL)
    return TRUE;
  if (walk->visitor->table != NULL)
    ok = walk->visitor->table (&walk->doc, &walk->page, &walk->table, walk->data, error);
  export_table_clear (&walk->table);
  return ok;
}

static gboolean
end_page (Walk    *walk,
          GError **error)
{
  if (walk->page.id == 0)
    return TRUE;
  if (walk->visitor->end_page != NULL &&
      !walk->visitor->end_page (&walk->doc, &walk->page, walk->data, error))
    return FALSE;
  walk->page.id = 0;
  return TRUE;
}

static gboolean
end_document (Walk    *walk,
              GError **error)
{
  if (walk->doc.id == 0 || walk->visitor->end_document == NULL)
    return TRUE;
  return walk->visitor->end_document (&walk->doc, walk->data, error);
}

static void
read_cell (MrgStmt           *stmt,
           MrgStoreExportRow *row)
{
  MrgStoreExportCell cell = { 0 };

  cell.col = sqlite3_column_int (stmt, Q_CELL_COL);
  cell.text = dup_column_text (stmt, Q_CELL_TEXT);
  if (cell.text == NULL)
    cell.text = g_strdup ("");
  cell.ocr_text = dup_column_text (stmt, Q_CELL_OCR);
  cell.confidence = sqlite3_column_double (stmt, Q_CELL_CONF);
  _mrg_store_read_box (stmt, Q_CX1, &cell.box);
  cell.flags = sqlite3_column_int (stmt, Q_CELL_FLAGS);
  cell.row_span = MAX (1, sqlite3_column_int (stmt, Q_CELL_ROW_SPAN));
  cell.col_span = MAX (1, sqlite3_column_int (stmt, Q_CELL_COL_SPAN));
  row->box.x1 = MIN (row->box.x1, cell.box.x1);
  row->box.y1 = MIN (row->box.y1, cell.box.y1);
  row->box.x2 = MAX (row->box.x2, cell.box.x2);
  row->box.y2 = MAX (row->box.y2, cell.box.y2);
  g_array_append_val (row->cells, cell);
}

static MrgStoreExportRow *
read_row (MrgStmt *stmt,
          gint64   row_id)
{
  MrgStoreExportRow *row = g_new0 (MrgStoreExportRow, 1);

  row->id = row_id;
  row->index = sqlite3_column_int (stmt, Q_ROW_IDX);
  row->header = sqlite3_column_int (stmt, Q_ROW_HEADER) != 0;
  row->status = dup_column_text (stmt, Q_ROW_STATUS);
  row->status_by = dup_column_text (stmt, Q_ROW_BY);
  row->status_at = dup_column_text (stmt, Q_ROW_AT);
  row->cells = g_array_new (FALSE, TRUE, sizeof (MrgStoreExportCell));
  g_array_set_clear_func (row->cells, export_cell_clear);
  row->box.x1 = row->box.y1 = G_MAXINT;
  row->box.x2 = row->box.y2 = G_MININT;
  return row;
}

static gboolean
walk_rows (Walk     *walk,
           MrgStmt  *stmt,
           GError  **error)
{
  const MrgStoreExportVisitor *visitor = walk->visitor;
  MrgStoreExportRow *row = NULL;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 doc_id = sqlite3_column_int64 (stmt, Q_DOC_ID);
      gint64 page_id = sqlite3_column_int64 (stmt, Q_PAGE_ID);
      gint64 table_id = sqlite3_column_int64 (stmt, Q_TABLE_ID);  /* 0 when NULL */
      gint64 row_id = sqlite3_column_int64 (stmt, Q_ROW_ID);

      if (page_id != walk->page.id || doc_id != walk->doc.id)
        {
          if (!emit_table (walk, error) || !end_page (walk, error))
            return FALSE;
          row = NULL;
        }
      if (doc_id != walk->doc.id)
        {
          if (!end_document (walk, error))
            return FALSE;
          export_document_clear (&walk->doc);
          walk->doc.id = doc_id;
          /* A Latin-1 file name stays as it is on disk; only what is shown is made UTF-8. */
          walk->doc.path = g_strdup ((const char *) sqlite3_column_text (stmt, Q_DOC_PATH));
          walk->doc.display_path = g_filename_display_name (walk->doc.path != NULL
                                                            ? walk->doc.path : "");
          walk->doc.sha256 = dup_column_text (stmt, Q_DOC_SHA);
          walk->doc.kind = MRG_DOCUMENT_KIND_IMAGE;
          mrg_document_kind_from_string ((const char *) sqlite3_column_text (stmt, Q_DOC_KIND),
                                         &walk->doc.kind);
          if (visitor->begin_document != NULL &&
              !visitor->begin_document (&walk->doc, walk->data, error))
            return FALSE;
        }
      if (page_id != walk->page.id)
        {
          walk->page.id = page_id;
          walk->page.number = sqlite3_column_int (stmt, Q_PAGE_NUMBER);
          walk->page.width = sqlite3_column_int (stmt, Q_PAGE_WIDTH);
          walk->page.height = sqlite3_column_int (stmt, Q_PAGE_HEIGHT);
          walk->page.dpi = sqlite3_column_double (stmt, Q_PAGE_DPI);
          if (!count_tables (walk->store, page_id, &walk->page.n_tables, error))
            return FALSE;
          if (visitor->begin_page != NULL &&
              !visitor->begin_page (&walk->doc, &walk->page, walk->data, error))
            return FALSE;
        }
      if (table_id == 0)
        continue;
      if (table_id != walk->table.id)
        {
          if (!emit_table (walk, error))
            return FALSE;
          walk->table.id = table_id;
          walk->table.index = sqlite3_column_int (stmt, Q_TABLE_IDX);
          _mrg_store_read_box (stmt, Q_TX1, &walk->table.area);
          walk->table.rows = g_ptr_array_new_with_free_func (export_row_free);
          row = NULL;
        }
      if (row_id == 0)
        continue;
      if (row == NULL || row->id != row_id)
        {
          row = read_row (stmt, row_id);
          g_ptr_array_add (walk->table.rows, row);
        }
      if (sqlite3_column_type (stmt, Q_CELL_COL) != SQLITE_NULL)
        read_cell (stmt, row);
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (walk->store, error, rc, "reading the project");
  return emit_table (walk, error) && end_page (walk, error) && end_document (walk, error);
}

gboolean
mrg_store_export_walk (MrgStore                     *store,
                       gboolean                      verified_only,
                       const MrgStoreExportVisitor  *visitor,
                       gpointer                      data,
                       GError                      **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  Walk walk = { .store = store, .visitor = visitor, .data = data };
  gboolean ok;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (visitor != NULL, FALSE);

  stmt = _mrg_store_query (store, error, WALK_SQL, "i", verified_only ? 1 : 0);
  if (stmt == NULL)
    return FALSE;

  if (visitor->begin != NULL && !visitor->begin (data, error))
    return FALSE;
  ok = walk_rows (&walk, stmt, error);
  export_table_clear (&walk.table);
  export_document_clear (&walk.doc);
  return ok;
}

/* ---- columns ----------------------------------------------------------------------------- */

gboolean
mrg_store_export_get_columns (MrgStore   *store,
                              GPtrArray **out_names,
                              GArray    **out_types,
                              GError    **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GArray) types = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_names != NULL && out_types != NULL, FALSE);

  stmt = _mrg_store_cached (store, "SELECT position, name, type FROM layout_columns"
                                   " WHERE layout_id = (SELECT min (id) FROM layouts)"
                                   " AND position >= 0 ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  names = g_ptr_array_new_with_free_func (g_free);
  types = g_array_new (FALSE, TRUE, sizeof (MrgColumnType));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int position = sqlite3_column_int (stmt, 0);
      MrgColumnType type = MRG_COLUMN_TYPE_TEXT;

      if (position > MAX_COLUMNS)
        continue;
      if ((guint) position >= names->len)
        {
          g_ptr_array_set_size (names, position + 1);
          g_array_set_size (types, position + 1);
        }
      g_free (g_ptr_array_index (names, position));
      g_ptr_array_index (names, position) = dup_column_text (stmt, 1);
      mrg_column_type_from_string ((const char *) sqlite3_column_text (stmt, 2), &type);
      g_array_index (types, MrgColumnType, position) = type;
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (store, error, rc, "reading the columns");
  *out_names = g_steal_pointer (&names);
  *out_types = g_steal_pointer (&types);
  return TRUE;
}

gboolean
mrg_store_export_get_max_col (MrgStore  *store,
                              int       *out_max_col,
                              GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_max_col != NULL, FALSE);

  stmt = _mrg_store_cached (store, "SELECT max(col + col_span - 1) FROM cells", error);
  if (stmt == NULL)
    return FALSE;
  *out_max_col = -1;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    *out_max_col = sqlite3_column_int (stmt, 0);
  return TRUE;
}

GPtrArray *
mrg_store_export_get_header_texts (MrgStore  *store,
                                   guint      n_columns,
                                   GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);

  stmt = _mrg_store_cached (store,
                            "SELECT c.col, c.text FROM cells c JOIN rows r ON r.id = c.row_id"
                            " JOIN tables t ON t.id = r.table_id JOIN pages p ON p.id = t.page_id"
                            " WHERE r.header AND" LIVE_ROW ("r") "AND c.text <> '' AND " MRG_STORE_LIVE_CELL ("c")
                            " ORDER BY p.document_id, p.number, t.idx, r.idx, c.col",
                            error);
  if (stmt == NULL)
    return NULL;
  texts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (texts, n_columns);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int col = sqlite3_column_int (stmt, 0);

      if (col >= 0 && (guint) col < n_columns && g_ptr_array_index (texts, col) == NULL)
        g_ptr_array_index (texts, col) = dup_column_text (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (store, error, rc, "reading the header rows");
      return NULL;
    }
  return g_steal_pointer (&texts);
}

gboolean
mrg_store_export_count_pages (MrgStore  *store,
                              guint     *out_n_pages,
                              GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_n_pages != NULL, FALSE);

  stmt = _mrg_store_cached (store, "SELECT count(*) FROM pages", error);
  if (stmt == NULL)
    return FALSE;
  *out_n_pages = 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    *out_n_pages = sqlite3_column_int (stmt, 0);
  return TRUE;
}

/* ---- the snapshot ------------------------------------------------------------------------ */

gboolean
mrg_store_export_begin_snapshot (MrgStore  *store,
                                 gboolean  *out_began,
                                 GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_began != NULL, FALSE);

  *out_began = FALSE;
  if (!sqlite3_get_autocommit (_mrg_store_db (store)))
    return TRUE;
  if (!mrg_store_exec (store, "BEGIN DEFERRED", error))
    return FALSE;
  *out_began = TRUE;
  return TRUE;
}

void
mrg_store_export_end_snapshot (MrgStore *store)
{
  g_return_if_fail (MRG_IS_STORE (store));

  sqlite3_exec (_mrg_store_db (store), "COMMIT", NULL, NULL, NULL);
}

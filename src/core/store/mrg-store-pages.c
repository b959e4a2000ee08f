/* mrg-store-pages.c: what OCR, import and scoring read and write of a page
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-store"

#include "mrg-store-private.h"
#include "mrg-store-pages.h"
#include "mrg-store-learn.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

/* The soft-delete rule of mrg-store.h (a deleted row keeps its database row, with idx = -1 - its
 * old idx), spelled once in this file for rows aliased `r`. */
#define ROW_IS_LIVE MRG_STORE_LIVE_ROW ("r")

void
mrg_store_page_clear (MrgStorePage *page)
{
  g_clear_pointer (&page->path, g_free);
}

void
mrg_store_page_free (MrgStorePage *page)
{
  if (page == NULL)
    return;
  mrg_store_page_clear (page);
  g_free (page);
}

void
_mrg_store_read_page (sqlite3_stmt *stmt,
                      int           first,
                      MrgStorePage *page)
{
  *page = (MrgStorePage) { 0 };
  page->id = sqlite3_column_int64 (stmt, first);
  page->document_id = sqlite3_column_int64 (stmt, first + 1);
  page->path = g_strdup ((const char *) sqlite3_column_text (stmt, first + 2));
  if (!mrg_document_kind_from_string ((const char *) sqlite3_column_text (stmt, first + 3),
                                      &page->kind))
    page->kind = MRG_DOCUMENT_KIND_IMAGE;
  page->page_count = sqlite3_column_int (stmt, first + 4);
  page->number = sqlite3_column_int (stmt, first + 5);
  page->width = sqlite3_column_int (stmt, first + 6);
  page->height = sqlite3_column_int (stmt, first + 7);
  page->dpi = sqlite3_column_double (stmt, first + 8);
  if (!mrg_page_status_from_string ((const char *) sqlite3_column_text (stmt, first + 9),
                                    &page->status))
    page->status = MRG_PAGE_STATUS_NEW;
  page->skew = sqlite3_column_type (stmt, first + 10) == SQLITE_NULL
               ? NAN : sqlite3_column_double (stmt, first + 10);
  page->n_tables = (guint) sqlite3_column_int (stmt, first + 11);
}

GArray *
_mrg_store_query_ids (MrgStore      *self,
                      const char    *what,
                      GError       **error,
                      const char    *sql,
                      const char    *format,
                      ...)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  va_list args;
  int rc;

  va_start (args, format);
  stmt = _mrg_store_query_va (self, error, sql, format, args);
  va_end (args);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, what);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static void
document_clear (gpointer data)
{
  MrgStoreDocument *document = data;

  g_clear_pointer (&document->path, g_free);
}

GArray *
mrg_store_list_documents (MrgStore  *self,
                          GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) documents = g_array_new (FALSE, FALSE, sizeof (MrgStoreDocument));
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  g_array_set_clear_func (documents, document_clear);
  stmt = _mrg_store_cached (self, "SELECT id, path, size FROM documents ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStoreDocument document = {
        .id = sqlite3_column_int64 (stmt, 0),
        .path = g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        .size = sqlite3_column_int64 (stmt, 2),
      };

      g_array_append_val (documents, document);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading documents");
      return NULL;
    }
  return g_steal_pointer (&documents);
}

void
mrg_store_document_summary_clear (MrgStoreDocumentSummary *summary)
{
  g_clear_pointer (&summary->path, g_free);
}

static gboolean
set_no_document_error (GError **error,
                       gint64   document_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, document_id);

  g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND,
               _("The project has no scan with id %s"), id);
  return FALSE;
}

gboolean
mrg_store_get_document_summary (MrgStore                 *self,
                                gint64                    document_id,
                                MrgStoreDocumentSummary  *out_summary,
                                GError                  **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_summary != NULL, FALSE);

  stmt = _mrg_store_query (self, error,
                           "SELECT d.path,"
                           " (SELECT count(*) FROM documents o"
                           "   WHERE o.position < d.position"
                           "      OR (o.position = d.position AND o.id <= d.id)),"
                           " (SELECT count(*) FROM pages p WHERE p.document_id = d.id),"
                           " (SELECT count(*) FROM tables t JOIN pages p ON p.id = t.page_id"
                           "   WHERE p.document_id = d.id),"
                           " (SELECT count(*) FROM rows r JOIN tables t ON t.id = r.table_id"
                           "   JOIN pages p ON p.id = t.page_id"
                           "   WHERE p.document_id = d.id AND " ROW_IS_LIVE "),"
                           " (SELECT count(*) FROM rows r JOIN tables t ON t.id = r.table_id"
                           "   JOIN pages p ON p.id = t.page_id"
                           "   WHERE p.document_id = d.id AND " ROW_IS_LIVE
                           "     AND r.status = 'verified'),"
                           " (SELECT count(*) FROM cells c JOIN rows r ON r.id = c.row_id"
                           "   JOIN tables t ON t.id = r.table_id JOIN pages p ON p.id = t.page_id"
                           "   WHERE p.document_id = d.id AND " ROW_IS_LIVE " AND c.edited)"
                           " FROM documents d WHERE d.id = ?",
                           "I", document_id);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      return set_no_document_error (error, document_id);
    }
  if (rc != SQLITE_ROW)
    return mrg_store_set_error (self, error, rc, "reading a document");
  *out_summary = (MrgStoreDocumentSummary) {
    .id = document_id,
    .path = g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
    .position = sqlite3_column_int (stmt, 1),
    .n_pages = sqlite3_column_int (stmt, 2),
    .n_tables = sqlite3_column_int (stmt, 3),
    .n_rows = sqlite3_column_int (stmt, 4),
    .n_verified = sqlite3_column_int (stmt, 5),
    .n_edited = sqlite3_column_int (stmt, 6),
  };
  return TRUE;
}

/* Runs `write` in a transaction of its own, or in the caller's. */
static gboolean
in_transaction (MrgStore  *self,
                gboolean (*write) (MrgStore *, gint64, guint, GError **),
                gint64     id,
                guint      value,
                GError   **error)
{
  gboolean own = !mrg_store_in_transaction (self);

  if (own && !mrg_store_begin (self, error))
    return FALSE;
  if (!write (self, id, value, error))
    {
      if (own)
        mrg_store_rollback (self);
      return FALSE;
    }
  return !own || mrg_store_commit (self, error);
}

static gboolean
write_document_order (MrgStore  *self,
                      gint64     document_id,
                      guint      position,
                      GError   **error)
{
  g_autoptr(GArray) ids = NULL;
  guint from = G_MAXUINT;

  ids = _mrg_store_query_ids (self, "reading the order of the scans", error,
                              "SELECT id FROM documents ORDER BY position, id", "");
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == document_id)
      from = i;
  if (from == G_MAXUINT)
    {
      return set_no_document_error (error, document_id);
    }
  g_array_remove_index (ids, from);
  position = CLAMP (position, 1, ids->len + 1);
  g_array_insert_val (ids, position - 1, document_id);

  for (guint i = 0; i < ids->len; i++)
    {
      if (!_mrg_store_run (self, "ordering the scans", error,
                           "UPDATE documents SET position = ? WHERE id = ? AND position <> ?1",
                           "iI", (int) i + 1, g_array_index (ids, gint64, i)))
        return FALSE;
      if (sqlite3_changes (_mrg_store_db (self)) > 0)
        _mrg_store_note_change (self, MRG_STORE_CHANGE_DOCUMENTS, g_array_index (ids, gint64, i));
    }
  return TRUE;
}

gboolean
mrg_store_move_document (MrgStore  *self,
                         gint64     document_id,
                         guint      position,
                         GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  return in_transaction (self, write_document_order, document_id, position, error);
}

/* The lines of the undo history about a document's tables, rows and cells: undoing them would
 * look for what is gone. */
static const char *const forget_edits_sql[] = {
  "DELETE FROM edits WHERE target_table = 'cells' AND target_id IN"
  " (SELECT c.id FROM cells c JOIN rows r ON r.id = c.row_id JOIN tables t ON t.id = r.table_id"
  "  JOIN pages p ON p.id = t.page_id WHERE p.document_id = ?)",
  "DELETE FROM edits WHERE target_table = 'rows' AND target_id IN"
  " (SELECT r.id FROM rows r JOIN tables t ON t.id = r.table_id"
  "  JOIN pages p ON p.id = t.page_id WHERE p.document_id = ?)",
  "DELETE FROM edits WHERE target_table = 'tables' AND target_id IN"
  " (SELECT t.id FROM tables t JOIN pages p ON p.id = t.page_id WHERE p.document_id = ?)",
  /* pages, their tables, rows, cells and words go with it (ON DELETE CASCADE) */
  "DELETE FROM documents WHERE id = ?",
};

static gboolean
write_document_removal (MrgStore  *self,
                        gint64     document_id,
                        guint      unused,
                        GError   **error)
{
  g_autoptr(GArray) pages = NULL;

  pages = _mrg_store_query_ids (self, "reading the pages of a scan", error,
                                "SELECT id FROM pages WHERE document_id = ?", "I", document_id);
  if (pages == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (forget_edits_sql); i++)
    {
      if (!_mrg_store_run (self, "removing a scan", error, forget_edits_sql[i], "I", document_id))
        return FALSE;
    }
  _mrg_store_note_change (self, MRG_STORE_CHANGE_DOCUMENTS, document_id);
  for (guint i = 0; i < pages->len; i++)
    _mrg_store_note_change (self, MRG_STORE_CHANGE_PAGES, g_array_index (pages, gint64, i));
  _mrg_store_note_change (self, MRG_STORE_CHANGE_TABLES, 0);
  _mrg_store_note_change (self, MRG_STORE_CHANGE_ROWS, 0);
  _mrg_store_note_change (self, MRG_STORE_CHANGE_CELLS, 0);
  _mrg_store_note_change (self, MRG_STORE_CHANGE_EDITS, 0);
  return TRUE;
}

gboolean
mrg_store_remove_document (MrgStore  *self,
                           gint64     document_id,
                           GError   **error)
{
  g_auto(MrgStoreDocumentSummary) summary = { 0 };

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!mrg_store_get_document_summary (self, document_id, &summary, error))
    return FALSE;
  return in_transaction (self, write_document_removal, document_id, 0, error);
}

GArray *
mrg_store_list_pages (MrgStore  *self,
                      GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  return _mrg_store_query_ids (self, "listing the pages", error,
                               "SELECT p.id FROM pages p JOIN documents d ON d.id = p.document_id"
                               " ORDER BY d.position, d.id, p.number",
                               "");
}

gboolean
mrg_store_get_page (MrgStore      *self,
                    gint64         page_id,
                    MrgStorePage  *out_page,
                    GError       **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_page != NULL, FALSE);

  stmt = _mrg_store_query (self, error,
                           "SELECT " MRG_STORE_PAGE_COLUMNS " FROM pages p"
                           " JOIN documents d ON d.id = p.document_id WHERE p.id = ?",
                           "I", page_id);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND,
                     _("%s: there is no page %lld in the project"),
                     mrg_store_get_path (self), (long long) page_id);
      else
        mrg_store_set_error (self, error, rc, "reading a page");
      return FALSE;
    }
  _mrg_store_read_page (stmt, 0, out_page);
  return TRUE;
}

gboolean
mrg_store_find_page (MrgStore  *self,
                     gint64     document_id,
                     int        number,
                     gint64    *out_page_id,
                     GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_page_id != NULL, FALSE);

  *out_page_id = 0;
  stmt = _mrg_store_query (self, error, "SELECT id FROM pages WHERE document_id = ? AND number = ?",
                           "Ii", document_id, number);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_page_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    return mrg_store_set_error (self, error, rc, "finding a page");
  return TRUE;
}

GArray *
mrg_store_get_page_words (MrgStore   *self,
                          gint64      page_id,
                          GPtrArray  *texts,
                          GError    **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (MrgBox));
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);
  g_return_val_if_fail (texts != NULL, NULL);

  stmt = _mrg_store_query (self, error,
                           "SELECT x1, y1, x2, y2, text FROM page_words WHERE page_id = ?"
                           " ORDER BY id",
                           "I", page_id);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgBox box = { sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
                     sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3) };

      g_array_append_val (boxes, box);
      g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (stmt, 4)));
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading the words of a page");
      return NULL;
    }
  return g_steal_pointer (&boxes);
}

GArray *
mrg_store_get_page_table_ids (MrgStore  *self,
                              gint64     page_id,
                              GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  return _mrg_store_query_ids (self, "reading the tables of a page", error,
                               "SELECT id FROM tables WHERE page_id = ? ORDER BY idx",
                               "I", page_id);
}

/* The separators as the store writes them: a flat JSON array of integers. */

gboolean
mrg_store_get_table_grid (MrgStore  *self,
                          gint64     table_id,
                          MrgBox    *out_area,
                          GArray   **out_col_seps,
                          GArray   **out_row_seps,
                          GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_area != NULL && out_col_seps != NULL && out_row_seps != NULL, FALSE);

  stmt = _mrg_store_query (self, error,
                           "SELECT x1, y1, x2, y2, col_seps, row_seps FROM tables WHERE id = ?",
                           "I", table_id);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return mrg_store_set_error (self, error, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
                                "reading a table");
  *out_area = (MrgBox) { sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
                         sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3) };
  *out_col_seps = _mrg_store_parse_ints ((const char *) sqlite3_column_text (stmt, 4));
  *out_row_seps = _mrg_store_parse_ints ((const char *) sqlite3_column_text (stmt, 5));
  return TRUE;
}

GArray *
mrg_store_get_table_cells (MrgStore  *self,
                           gint64     table_id,
                           GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (MrgStoreCellRef));
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_query (self, error,
                           "SELECT r.id, r.idx, c.id, c.col, c.edited, c.row_span, c.col_span,"
                           " r.status = 'verified' FROM rows r"
                           " LEFT JOIN cells c ON c.row_id = r.id AND " MRG_STORE_LIVE_CELL ("c")
                           " WHERE r.table_id = ? AND " ROW_IS_LIVE,
                           "I", table_id);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStoreCellRef ref = {
        .row_id = sqlite3_column_int64 (stmt, 0),
        .row = sqlite3_column_int (stmt, 1),
        .cell_id = sqlite3_column_int64 (stmt, 2),
        .col = sqlite3_column_int (stmt, 3),
        .edited = sqlite3_column_int (stmt, 4) != 0,
        .row_span = MAX (1, sqlite3_column_int (stmt, 5)),
        .col_span = MAX (1, sqlite3_column_int (stmt, 6)),
        .verified = sqlite3_column_int (stmt, 7) != 0,
      };

      g_array_append_val (refs, ref);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading the cells of a table");
      return NULL;
    }
  return g_steal_pointer (&refs);
}

static void
page_cell_clear (gpointer data)
{
  MrgStorePageCell *cell = data;

  g_clear_pointer (&cell->text, g_free);
}

GArray *
mrg_store_get_page_cells (MrgStore  *self,
                          gint64     page_id,
                          GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) cells = g_array_new (FALSE, FALSE, sizeof (MrgStorePageCell));
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  g_array_set_clear_func (cells, page_cell_clear);
  stmt = _mrg_store_query (self, error,
                           "SELECT t.idx, r.idx, c.col, c.x1, c.y1, c.x2, c.y2, c.text FROM cells c"
                           " JOIN rows r ON r.id = c.row_id JOIN tables t ON t.id = r.table_id"
                           " WHERE t.page_id = ? AND " ROW_IS_LIVE " AND " MRG_STORE_LIVE_CELL ("c")
                           " ORDER BY t.idx, r.idx, c.col",
                           "I", page_id);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStorePageCell cell = {
        .table = sqlite3_column_int (stmt, 0),
        .row = sqlite3_column_int (stmt, 1),
        .col = sqlite3_column_int (stmt, 2),
        .box = { sqlite3_column_int (stmt, 3), sqlite3_column_int (stmt, 4),
                 sqlite3_column_int (stmt, 5), sqlite3_column_int (stmt, 6) },
        .text = g_strdup ((const char *) sqlite3_column_text (stmt, 7)),
      };

      g_array_append_val (cells, cell);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading cells");
      return NULL;
    }
  return g_steal_pointer (&cells);
}

gboolean
mrg_store_clear_cell_confidence (MrgStore  *self,
                                 gint64     cell_id,
                                 GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!_mrg_store_run (self, "recording a cell", error,
                       "UPDATE cells SET confidence = NULL WHERE id = ?",
                       "I", cell_id))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_CELLS, cell_id);
  return TRUE;
}

gboolean
mrg_store_set_cell_span (MrgStore  *self,
                         gint64     cell_id,
                         int        row_span,
                         int        col_span,
                         GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (row_span >= 1 && col_span >= 1, FALSE);

  if (!_mrg_store_run (self, "recording a cell", error,
                       "UPDATE cells SET row_span = ?2, col_span = ?3 WHERE id = ?1",
                       "Iii", cell_id, row_span, col_span))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_CELLS, cell_id);
  return TRUE;
}

/* A new table at the index the caller gives, not one counted from the tables there: two
 * writers of one page then meet the UNIQUE (page_id, idx) rule instead of numbering past each
 * other. */
static gint64
insert_table (MrgStore               *self,
              gint64                  page_id,
              const MrgStoreOcrTable *table,
              GError                **error)
{
  g_autofree char *cols = _mrg_store_format_ints (table->col_seps, table->n_col_seps);
  g_autofree char *rows = _mrg_store_format_ints (table->row_seps, table->n_row_seps);
  gint64 table_id;

  if (!_mrg_store_run (self, "adding a table", error,
                       "INSERT INTO tables (page_id, idx, x1, y1, x2, y2, col_seps, row_seps)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       "Iibss", page_id, table->index, &table->area, cols, rows))
    return 0;
  table_id = sqlite3_last_insert_rowid (_mrg_store_db (self));
  _mrg_store_note_change (self, MRG_STORE_CHANGE_PAGES, page_id);
  _mrg_store_note_change (self, MRG_STORE_CHANGE_TABLES, table_id);
  return table_id;
}

gint64
mrg_store_write_ocr_table (MrgStore               *self,
                           gint64                  page_id,
                           const MrgStoreOcrTable *table,
                           GError                **error)
{
  g_autoptr(GArray) stored = NULL;
  g_autoptr(GHashTable) row_ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) covered = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         NULL);
  gint64 table_id = table->table_id;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);
  g_return_val_if_fail (mrg_store_in_transaction (self), 0);
  g_return_val_if_fail (table->cells != NULL || table->n_rows * table->n_cols == 0, 0);

  if (table_id == 0)
    table_id = insert_table (self, page_id, table, error);
  if (table_id == 0)
    return 0;

  /* What the table holds now, inside this transaction: another program may have added rows
   * and cells, or a person edited cells, since OCR began. */
  stored = mrg_store_get_table_cells (self, table_id, error);
  if (stored == NULL)
    return 0;
  for (guint i = 0; i < stored->len; i++)
    {
      MrgStoreCellRef *ref = &g_array_index (stored, MrgStoreCellRef, i);
      gint64 key = ((gint64) ref->row << 16) | ref->col;

      if ((guint) ref->row >= table->n_rows)
        continue;
      g_hash_table_insert (row_ids, GINT_TO_POINTER (ref->row + 1), ref);
      if (ref->cell_id == 0)
        continue;
      g_hash_table_insert (cells, g_memdup2 (&key, sizeof key), ref);
      /* The places under a merged cell are its own: OCR adds no cell there. */
      for (int r = ref->row; r < ref->row + ref->row_span; r++)
        for (int c = ref->col; c < ref->col + ref->col_span; c++)
          {
            gint64 under = ((gint64) r << 16) | c;

            if (under != key)
              g_hash_table_add (covered, g_memdup2 (&under, sizeof under));
          }
    }

  for (guint r = 0; r < table->n_rows; r++)
    {
      MrgStoreCellRef *row = g_hash_table_lookup (row_ids, GINT_TO_POINTER (r + 1));
      gint64 row_id = row != NULL ? row->row_id : 0;

      if (row_id == 0)
        {
          row_id = mrg_store_add_row (self, table_id, (int) r, r == 0 && table->header, error);
          if (row_id == 0)
            return 0;
        }
      for (guint c = 0; c < table->n_cols; c++)
        {
          const MrgStoreOcrCell *cell = &table->cells[r * table->n_cols + c];
          gint64 key = ((gint64) r << 16) | c;
          MrgStoreCellRef *ref = g_hash_table_lookup (cells, &key);

          gint64 cell_id;

          if (!cell->done || g_hash_table_contains (covered, &key))
            continue;
          if (ref != NULL)
            {
              /* a person's text, or a row a person verified, is never written over */
              if (ref->edited || ref->verified)
                continue;
              if (!mrg_store_set_cell_ocr (self, ref->cell_id, cell->text, cell->confidence,
                                           error))
                return 0;
              cell_id = ref->cell_id;
            }
          else
            {
              cell_id = mrg_store_add_cell (self, row_id, (int) c, &cell->box, cell->text,
                                            cell->confidence, error);
              if (cell_id == 0)
                return 0;
            }
          if (cell->image != NULL
              && !mrg_store_set_cell_image (self, cell_id, cell->image,
                                            table->model != NULL ? table->model : "", error))
            return 0;
        }
    }
  return table_id;
}

/* mrg-store-tables.c: reading and editing pages, tables, rows and cells of the project store
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-store"

#include "mrg-store-private.h"
#include "mrg-store-layouts.h"
#include "mrg-store-tables.h"

#include <stdlib.h>
#include <string.h>

/* ---- separators ---- */

char *
_mrg_store_format_ints (const int *values,
                        guint      n_values)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n_values; i++)
    g_string_append_printf (s, "%s%d", i > 0 ? ", " : "", values[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

char *
mrg_format_separators (const GArray *seps)
{
  g_return_val_if_fail (seps != NULL, NULL);

  return _mrg_store_format_ints ((const int *) (gconstpointer) seps->data, seps->len);
}

GArray *
_mrg_store_parse_ints (const char *json)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (int));
  const char *p = json;

  /* The arrays are written by _mrg_store_format_ints as plain "[1, 2, 3]"; anything else is
   * skipped rather than trusted. */
  while (p != NULL && *p != '\0')
    {
      char *end;
      long v;

      if (!g_ascii_isdigit (*p) && *p != '-')
        {
          p++;
          continue;
        }
      v = strtol (p, &end, 10);
      if (end == p)
        break;
      p = end;
      if (v >= G_MININT && v <= G_MAXINT)
        {
          int value = (int) v;

          g_array_append_val (values, value);
        }
    }
  return values;
}

GArray *
mrg_parse_separators (const char *json,
                      int         lo,
                      int         hi)
{
  g_autoptr(GArray) values = _mrg_store_parse_ints (json);
  GArray *seps = g_array_new (FALSE, FALSE, sizeof (int));

  /* The separators strictly inside the area, in order: its own edges are the area's. */
  for (guint i = 0; i < values->len; i++)
    {
      int value = g_array_index (values, int, i);

      if (value > lo && value < hi &&
          (seps->len == 0 || value > g_array_index (seps, int, seps->len - 1)))
        g_array_append_val (seps, value);
    }
  return seps;
}

/* Reads x1, y1, x2, y2, col_seps, row_seps from the statement's columns first.. first + 5. */
static void
read_grid_columns (sqlite3_stmt *stmt,
                   int           first,
                   MrgBox       *area,
                   GArray      **col_seps,
                   GArray      **row_seps)
{
  _mrg_store_read_box (stmt, first, area);
  *col_seps = mrg_parse_separators ((const char *) sqlite3_column_text (stmt, first + 4),
                                    area->x1, area->x2);
  *row_seps = mrg_parse_separators ((const char *) sqlite3_column_text (stmt, first + 5),
                                    area->y1, area->y2);
}

/* ---- loading tables ---- */

static void
table_row_free (gpointer data)
{
  MrgTableRow *row = data;

  g_free (row->cells);
  g_free (row);
}

void
mrg_table_free (MrgTable *table)
{
  if (table == NULL)
    return;
  for (guint i = 0; table->rows != NULL && i < table->rows->len; i++)
    {
      MrgTableRow *row = g_ptr_array_index (table->rows, i);

      for (guint c = 0; c < table->n_cols; c++)
        {
          g_free (row->cells[c].text);
          g_free (row->cells[c].ocr_text);
        }
    }
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  for (guint c = 0; table->columns != NULL && c < table->n_cols; c++)
    g_free (table->columns[c].name);
  g_free (table->columns);
  g_clear_pointer (&table->col_seps, g_array_unref);
  g_clear_pointer (&table->row_seps, g_array_unref);
  g_free (table);
}

/* The table's own columns (its separators make them; a cell of an old project beyond them still
 * shows), with the layout's names and types of them. A layout may name more columns than a table
 * has: those are not the table's, and the cursor never goes there. */
static gboolean
load_columns (MrgStore  *self,
              MrgTable  *table,
              GError   **error)
{
  g_autoptr(MrgStmt) count = NULL;
  g_autoptr(MrgStmt) stmt = NULL;
  int max_col = -1;
  int rc;

  count = _mrg_store_query (self, error,
                            "SELECT max(c.col + c.col_span - 1) FROM cells c"
                            " JOIN rows r ON r.id = c.row_id"
                            " WHERE r.table_id = ?1 AND " MRG_STORE_LIVE_ROW ("r")
                            " AND " MRG_STORE_LIVE_CELL ("c"),
                            "I", table->table_id);
  if (count == NULL)
    return FALSE;
  if (sqlite3_step (count) == SQLITE_ROW && sqlite3_column_type (count, 0) != SQLITE_NULL)
    max_col = sqlite3_column_int (count, 0);
  max_col = MAX (max_col, (int) table->col_seps->len);
  table->n_cols = max_col + 1;
  table->columns = g_new0 (MrgTableColumn, table->n_cols);

  stmt = _mrg_store_query (self, error,
                           "SELECT position, name, type, proposed FROM layout_columns"
                           " WHERE layout_id = ?",
                           "I", table->layout_id);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int pos = sqlite3_column_int (stmt, 0);

      if (pos < 0 || pos >= (int) table->n_cols)
        continue;
      table->columns[pos].name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      mrg_column_type_from_string ((const char *) sqlite3_column_text (stmt, 2),
                                   &table->columns[pos].type);
      table->columns[pos].proposed = sqlite3_column_int (stmt, 3) != 0;
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (self, error, rc, "reading the columns");
  return TRUE;
}

static gboolean
load_rows (MrgStore  *self,
           MrgTable  *table,
           GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  stmt = _mrg_store_query (self, error,
                           "SELECT id, idx, header, status FROM rows"
                           " WHERE table_id = ? AND " MRG_STORE_LIVE_ROW ("rows")
                           " ORDER BY idx, id",
                           "I", table->table_id);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgTableRow *row = g_new0 (MrgTableRow, 1);

      row->id = sqlite3_column_int64 (stmt, 0);
      row->idx = sqlite3_column_int (stmt, 1);
      row->header = sqlite3_column_int (stmt, 2) != 0;
      mrg_row_status_from_string ((const char *) sqlite3_column_text (stmt, 3), &row->status);
      row->cells = g_new0 (MrgTableCell, table->n_cols);
      for (guint c = 0; c < table->n_cols; c++)
        {
          row->cells[c].col = c;
          row->cells[c].confidence = -1;
          row->cells[c].row_span = row->cells[c].col_span = 1;
          row->cells[c].anchor_row = table->rows->len;
        }
      g_ptr_array_add (table->rows, row);
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (self, error, rc, "reading the rows");
  return TRUE;
}

/* Marks the places under each merged cell: no cell of their own, spans 0, and the merged cell's
 * row and column. A span reaching past the table is cut at its edge. */
static void
cover_merged_places (MrgTable *table)
{
  for (guint r = 0; r < table->rows->len; r++)
    {
      MrgTableRow *row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_cols; c++)
        {
          MrgTableCell *cell = &row->cells[c];

          if (cell->id == 0 || (cell->row_span == 1 && cell->col_span == 1))
            continue;
          cell->row_span = MIN (cell->row_span, (int) (table->rows->len - r));
          cell->col_span = MIN (cell->col_span, (int) (table->n_cols - c));
          for (guint rr = r; rr < r + cell->row_span; rr++)
            for (guint cc = c; cc < c + cell->col_span; cc++)
              {
                MrgTableCell *under;

                if (rr == r && cc == c)
                  continue;
                under = &((MrgTableRow *) g_ptr_array_index (table->rows, rr))->cells[cc];
                if (under->id != 0)
                  continue;
                under->row_span = under->col_span = 0;
                under->anchor_row = r;
                under->col = c;
              }
        }
    }
}

static gboolean
load_cells (MrgStore  *self,
            MrgTable  *table,
            GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  guint r = 0;
  int rc;

  stmt = _mrg_store_query (self, error,
                           "SELECT c.row_id, c.id, c.col, c.x1, c.y1, c.x2, c.y2, c.ocr_text,"
                           " c.confidence, c.text, c.flags, c.edited, c.row_span, c.col_span"
                           " FROM cells c JOIN rows r ON r.id = c.row_id"
                           " WHERE r.table_id = ? AND " MRG_STORE_LIVE_ROW ("r")
                           " AND " MRG_STORE_LIVE_CELL ("c")
                           " ORDER BY r.idx, r.id, c.col",
                           "I", table->table_id);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row_id = sqlite3_column_int64 (stmt, 0);
      int col = sqlite3_column_int (stmt, 2);
      MrgTableRow *row;
      MrgTableCell *cell;

      /* load_rows walks the rows in the same order, so the row is at or after r. */
      while (r < table->rows->len &&
             ((MrgTableRow *) g_ptr_array_index (table->rows, r))->id != row_id)
        r++;
      if (r >= table->rows->len || col < 0 || col >= (int) table->n_cols)
        continue;
      row = g_ptr_array_index (table->rows, r);
      cell = &row->cells[col];
      cell->id = sqlite3_column_int64 (stmt, 1);
      _mrg_store_read_box (stmt, 3, &cell->box);
      cell->ocr_text = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      cell->confidence = sqlite3_column_type (stmt, 8) == SQLITE_NULL
                           ? -1 : sqlite3_column_double (stmt, 8);
      cell->text = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      cell->flags = sqlite3_column_int (stmt, 10);
      cell->edited = sqlite3_column_int (stmt, 11) != 0;
      cell->row_span = MAX (1, sqlite3_column_int (stmt, 12));
      cell->col_span = MAX (1, sqlite3_column_int (stmt, 13));
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (self, error, rc, "reading the cells");
  cover_merged_places (table);
  return TRUE;
}

GPtrArray *
mrg_store_load_tables (MrgStore  *self,
                       gint64     page_id,
                       GError   **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_query (self, error,
                           "SELECT id, x1, y1, x2, y2, col_seps, row_seps,"
                           " coalesce (layout_id, (SELECT min (id) FROM layouts)) FROM tables"
                           " WHERE page_id = ? ORDER BY idx, id",
                           "I", page_id);
  if (stmt == NULL)
    return NULL;
  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_table_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(MrgTable) table = g_new0 (MrgTable, 1);

      table->page_id = page_id;
      table->table_id = sqlite3_column_int64 (stmt, 0);
      read_grid_columns (stmt, 1, &table->area, &table->col_seps, &table->row_seps);
      table->layout_id = sqlite3_column_int64 (stmt, 7);
      table->rows = g_ptr_array_new_with_free_func (table_row_free);
      if (!load_columns (self, table, error) ||
          !load_rows (self, table, error) ||
          !load_cells (self, table, error))
        return NULL;
      g_ptr_array_add (tables, g_steal_pointer (&table));
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading the tables");
      return NULL;
    }
  return g_steal_pointer (&tables);
}

/* ---- pages ---- */

GPtrArray *
mrg_store_list_page_records (MrgStore  *self,
                             GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_cached (self,
                            "SELECT " MRG_STORE_PAGE_COLUMNS " FROM pages p"
                            " JOIN documents d ON d.id = p.document_id ORDER BY d.position, d.id, p.number",
                            error);
  if (stmt == NULL)
    return NULL;
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_store_page_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStorePage *page = g_new0 (MrgStorePage, 1);

      _mrg_store_read_page (stmt, 0, page);
      g_ptr_array_add (pages, page);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading the pages");
      return NULL;
    }
  return g_steal_pointer (&pages);
}

GArray *
mrg_store_list_document_pages (MrgStore  *self,
                               gint64     document_id,
                               GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  return _mrg_store_query_ids (self, "reading the pages", error,
                               "SELECT id FROM pages WHERE document_id = ? ORDER BY number",
                               "I", document_id);
}

gint64
mrg_store_find_page_of (MrgStore   *self,
                        const char *table,
                        gint64      id)
{
  g_autoptr(MrgStmt) stmt = NULL;
  const char *sql = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  if (g_strcmp0 (table, "cells") == 0)
    sql = "SELECT t.page_id FROM cells c JOIN rows r ON r.id = c.row_id"
          " JOIN tables t ON t.id = r.table_id WHERE c.id = ?";
  else if (g_strcmp0 (table, "rows") == 0)
    sql = "SELECT t.page_id FROM rows r JOIN tables t ON t.id = r.table_id WHERE r.id = ?";
  else if (g_strcmp0 (table, "tables") == 0)
    sql = "SELECT page_id FROM tables WHERE id = ?";
  if (sql == NULL)
    return 0;
  stmt = _mrg_store_query_row (self, sql, "I", id);
  return stmt != NULL ? sqlite3_column_int64 (stmt, 0) : 0;
}

void
mrg_store_row_place_free (MrgStoreRowPlace *place)
{
  if (place == NULL)
    return;
  g_free (place->page.path);
  g_free (place);
}

MrgStoreRowPlace *
mrg_store_locate_row (MrgStore  *self,
                      gint64     row_id,
                      GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  MrgStoreRowPlace *place;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  /* One result row even without a match (the aggregates), hence the test of r.id below. */
  stmt = _mrg_store_query (self, error,
                           "SELECT r.id, r.table_id, r.idx,"
                           " min (c.x1), min (c.y1), max (c.x2), max (c.y2), " MRG_STORE_PAGE_COLUMNS
                           " FROM rows r JOIN tables t ON t.id = r.table_id"
                           " JOIN pages p ON p.id = t.page_id"
                           " JOIN documents d ON d.id = p.document_id"
                           " LEFT JOIN cells c ON c.row_id = r.id WHERE r.id = ?",
                           "I", row_id);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading a row");
      return NULL;
    }
  if (rc == SQLITE_DONE || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;

  place = g_new0 (MrgStoreRowPlace, 1);
  place->row_id = sqlite3_column_int64 (stmt, 0);
  place->table_id = sqlite3_column_int64 (stmt, 1);
  place->idx = sqlite3_column_int (stmt, 2);
  place->deleted = !_mrg_store_row_is_live (place->idx);
  place->has_box = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
  _mrg_store_read_box (stmt, 3, &place->box);
  _mrg_store_read_page (stmt, 7, &place->page);
  return place;
}

int
mrg_store_get_cell_col (MrgStore *self,
                        gint64    cell_id)
{
  g_autoptr(MrgStmt) stmt = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), -1);

  stmt = _mrg_store_query_row (self, "SELECT col FROM cells WHERE id = ?", "I", cell_id);
  return stmt != NULL ? sqlite3_column_int (stmt, 0) : -1;
}

char *
mrg_store_get_cell_text (MrgStore *self,
                         gint64    cell_id)
{
  g_autoptr(MrgStmt) stmt = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_query_row (self, "SELECT text FROM cells WHERE id = ?", "I", cell_id);
  return stmt != NULL ? g_strdup ((const char *) sqlite3_column_text (stmt, 0)) : NULL;
}

/* ---- a person's changes to a grid ---- */

static gboolean
change_int_field (MrgStore    *self,
                  const char  *kind,
                  const char  *table,
                  gint64       id,
                  const char  *field,
                  int          old_value,
                  int          new_value,
                  GError     **error)
{
  char old_s[16], new_s[16];

  if (old_value == new_value)
    return TRUE;
  g_snprintf (old_s, sizeof old_s, "%d", old_value);
  g_snprintf (new_s, sizeof new_s, "%d", new_value);
  return mrg_store_change_field (self, &(MrgStoreEdit) { kind, table, id, field, old_s, new_s },
                                 error);
}

/* The four fields of a box: x1, y1, x2, y2 of `table`, logged as `kind`. */
static gboolean
change_box (MrgStore      *self,
            const char    *kind,
            const char    *table,
            gint64         id,
            const MrgBox  *old_box,
            const MrgBox  *new_box,
            GError       **error)
{
  return change_int_field (self, kind, table, id, "x1", old_box->x1, new_box->x1, error) &&
         change_int_field (self, kind, table, id, "y1", old_box->y1, new_box->y1, error) &&
         change_int_field (self, kind, table, id, "x2", old_box->x2, new_box->x2, error) &&
         change_int_field (self, kind, table, id, "y2", old_box->y2, new_box->y2, error);
}

void
mrg_store_grid_free (MrgStoreGrid *grid)
{
  if (grid == NULL)
    return;
  g_clear_pointer (&grid->col_seps, g_array_unref);
  g_clear_pointer (&grid->row_seps, g_array_unref);
  g_free (grid);
}

MrgStoreGrid *
mrg_store_get_grid (MrgStore  *self,
                    gint64     table_id,
                    GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  MrgStoreGrid *grid;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_query (self, error,
                           "SELECT x1, y1, x2, y2, col_seps, row_seps FROM tables WHERE id = ?",
                           "I", table_id);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND,
                     "%s: the table is gone", mrg_store_get_path (self));
      else
        mrg_store_set_error (self, error, rc, "reading the grid");
      return NULL;
    }
  grid = g_new0 (MrgStoreGrid, 1);
  read_grid_columns (stmt, 0, &grid->area, &grid->col_seps, &grid->row_seps);
  return grid;
}

static gboolean
change_separators (MrgStore      *self,
                   gint64         table_id,
                   const char    *field,
                   const GArray  *old_seps,
                   const GArray  *new_seps,
                   GError       **error)
{
  g_autofree char *old_json = mrg_format_separators (old_seps);
  g_autofree char *new_json = mrg_format_separators (new_seps);

  return mrg_store_change_field (self, &(MrgStoreEdit) { "grid", "tables", table_id, field,
                                                        old_json, new_json }, error);
}

gboolean
mrg_store_edit_grid (MrgStore            *self,
                     gint64               table_id,
                     const MrgStoreGrid  *old_grid,
                     const MrgStoreGrid  *new_grid,
                     GError             **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (old_grid != NULL && new_grid != NULL, FALSE);

  if (!change_box (self, "grid", "tables", table_id, &old_grid->area, &new_grid->area, error) ||
      !change_separators (self, table_id, "col_seps", old_grid->col_seps, new_grid->col_seps,
                          error) ||
      !change_separators (self, table_id, "row_seps", old_grid->row_seps, new_grid->row_seps,
                          error))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_TABLES, table_id);
  return TRUE;
}

GArray *
mrg_store_list_cell_boxes (MrgStore  *self,
                           gint64     table_id,
                           GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) cells = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_query (self, error,
                           "SELECT c.id, c.row_id, c.col, c.x1, c.y1, c.x2, c.y2, r.idx,"
                           " c.row_span, c.col_span FROM cells c"
                           " JOIN rows r ON r.id = c.row_id"
                           " WHERE r.table_id = ? AND " MRG_STORE_LIVE_ROW ("r")
                           " AND " MRG_STORE_LIVE_CELL ("c")
                           " ORDER BY r.idx, r.id, c.col",
                           "I", table_id);
  if (stmt == NULL)
    return NULL;
  cells = g_array_new (FALSE, FALSE, sizeof (MrgStoreCellBox));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStoreCellBox cell = {
        .id = sqlite3_column_int64 (stmt, 0),
        .row_id = sqlite3_column_int64 (stmt, 1),
        .col = sqlite3_column_int (stmt, 2),
        .box = {
          sqlite3_column_int (stmt, 3), sqlite3_column_int (stmt, 4),
          sqlite3_column_int (stmt, 5), sqlite3_column_int (stmt, 6),
        },
        .row_idx = sqlite3_column_int (stmt, 7),
        .row_span = MAX (1, sqlite3_column_int (stmt, 8)),
        .col_span = MAX (1, sqlite3_column_int (stmt, 9)),
      };

      g_array_append_val (cells, cell);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading the cells");
      return NULL;
    }
  return g_steal_pointer (&cells);
}

gboolean
mrg_store_edit_cell_box (MrgStore      *self,
                         gint64         cell_id,
                         const MrgBox  *old_box,
                         const MrgBox  *new_box,
                         GError       **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!change_box (self, "cell-box", "cells", cell_id, old_box, new_box, error))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_CELLS, cell_id);
  return TRUE;
}

/* A removed cell's col: its id, negated, which no other cell of its row can have. */
static int
removed_col (gint64 cell_id)
{
  return (int) -cell_id;
}

gint64
mrg_store_insert_cell (MrgStore               *self,
                       const MrgStoreCellBox  *cell,
                       const char             *text,
                       GError                **error)
{
  gint64 cell_id;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);
  g_return_val_if_fail (cell->col >= 0 && cell->row_span >= 1 && cell->col_span >= 1, 0);

  /* Born removed: -1 - the largest id is below the col of every removed cell. */
  if (!_mrg_store_run (self, "adding a cell", error,
                       "INSERT INTO cells (row_id, col, x1, y1, x2, y2, text, edited,"
                       " row_span, col_span)"
                       " VALUES (?1, -1 - (SELECT coalesce (max (id), 0) FROM cells),"
                       " ?2, ?3, ?4, ?5, ?6, ?6 <> '', ?7, ?8)",
                       "Ibsii", cell->row_id, &cell->box, text != NULL ? text : "", cell->row_span,
                       cell->col_span))
    return 0;
  cell_id = sqlite3_last_insert_rowid (_mrg_store_db (self));
  if (!_mrg_store_run (self, "adding a cell", error, "UPDATE cells SET col = ?2 WHERE id = ?1",
                       "Ii", cell_id, removed_col (cell_id)) ||
      !mrg_store_move_cell (self, cell_id, removed_col (cell_id), cell->col, error))
    return 0;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_ROWS, cell->row_id);
  return cell_id;
}

gboolean
mrg_store_remove_cell (MrgStore  *self,
                       gint64     cell_id,
                       int        old_col,
                       GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (old_col >= 0, FALSE);

  return mrg_store_move_cell (self, cell_id, old_col, removed_col (cell_id), error);
}

gboolean
mrg_store_move_cell (MrgStore  *self,
                     gint64     cell_id,
                     int        old_col,
                     int        new_col,
                     GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!change_int_field (self, "cell-move", "cells", cell_id, "col", old_col, new_col, error))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_CELLS, cell_id);
  return TRUE;
}

gboolean
mrg_store_edit_cell_span (MrgStore               *self,
                          const MrgStoreCellBox  *cell,
                          int                     row_span,
                          int                     col_span,
                          GError                **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (row_span >= 1 && col_span >= 1, FALSE);

  if (!change_int_field (self, "cell-span", "cells", cell->id, "row_span", cell->row_span,
                         row_span, error) ||
      !change_int_field (self, "cell-span", "cells", cell->id, "col_span", cell->col_span,
                         col_span, error))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_CELLS, cell->id);
  return TRUE;
}

/* Moves every row of the table at or after from_idx by delta, logged. */
static gboolean
shift_rows (MrgStore  *self,
            gint64     table_id,
            int        from_idx,
            int        delta,
            GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) idxs = g_array_new (FALSE, FALSE, sizeof (int));
  int rc;

  g_assert (_mrg_store_row_is_live (from_idx));

  stmt = _mrg_store_query (self, error, "SELECT id, idx FROM rows WHERE table_id = ? AND idx >= ?",
                           "Ii", table_id, from_idx);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      int idx = sqlite3_column_int (stmt, 1);

      g_array_append_val (ids, id);
      g_array_append_val (idxs, idx);
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (self, error, rc, "reading the rows");
  for (guint i = 0; i < ids->len; i++)
    {
      int idx = g_array_index (idxs, int, i);

      if (!change_int_field (self, "row-move", "rows", g_array_index (ids, gint64, i), "idx",
                             idx, idx + delta, error))
        return FALSE;
    }
  return TRUE;
}

gint64
mrg_store_insert_row (MrgStore      *self,
                      gint64         table_id,
                      int            idx,
                      const MrgBox  *boxes,
                      guint          n_boxes,
                      GError       **error)
{
  gint64 row_id;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);
  g_return_val_if_fail (_mrg_store_row_is_live (idx), 0);

  if (!shift_rows (self, table_id, idx, 1, error))
    return 0;
  /* Born deleted, then moved into place by a logged change: undo hides it again. */
  row_id = mrg_store_add_row (self, table_id, _mrg_store_deleted_idx (idx), FALSE, error);
  if (row_id == 0)
    return 0;
  for (guint c = 0; c < n_boxes; c++)
    if (mrg_store_add_cell (self, row_id, c, &boxes[c], NULL, -1, error) == 0)
      return 0;
  if (!change_int_field (self, "row-insert", "rows", row_id, "idx", _mrg_store_deleted_idx (idx),
                         idx, error))
    return 0;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_TABLES, table_id);
  _mrg_store_note_change (self, MRG_STORE_CHANGE_ROWS, row_id);
  return row_id;
}

gboolean
mrg_store_delete_row (MrgStore  *self,
                      gint64     row_id,
                      GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  gint64 table_id;
  int idx;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  stmt = _mrg_store_query (self, error, "SELECT table_id, idx FROM rows WHERE id = ?", "I", row_id);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      !_mrg_store_row_is_live (sqlite3_column_int (stmt, 1)))
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND,
                   "%s: the row is gone", mrg_store_get_path (self));
      return FALSE;
    }
  table_id = sqlite3_column_int64 (stmt, 0);
  idx = sqlite3_column_int (stmt, 1);

  if (!change_int_field (self, "row-delete", "rows", row_id, "idx", idx,
                         _mrg_store_deleted_idx (idx), error) ||
      !shift_rows (self, table_id, idx + 1, -1, error))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_TABLES, table_id);
  _mrg_store_note_change (self, MRG_STORE_CHANGE_ROWS, row_id);
  return TRUE;
}

gboolean
mrg_store_edit_column (MrgStore       *self,
                       int             position,
                       const char     *name,
                       MrgColumnType   type,
                       GError        **error)
{
  gint64 layout_id;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  layout_id = mrg_store_get_default_layout (self, TRUE, error);
  return layout_id != 0 &&
         mrg_store_edit_layout_column (self, layout_id, position, name, type, error);
}

gboolean
mrg_store_edit_table_column (MrgStore       *self,
                             gint64          table_id,
                             int             position,
                             const char     *name,
                             MrgColumnType   type,
                             GError        **error)
{
  g_autoptr(GError) local = NULL;
  gint64 layout_id;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  layout_id = mrg_store_get_table_layout (self, table_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* A project without layouts (its tables written by hand or by an old import) gets its first
   * one, which every table without a layout of its own is read with. */
  if (layout_id == 0)
    layout_id = mrg_store_get_default_layout (self, TRUE, error);
  return layout_id != 0 &&
         mrg_store_edit_layout_column (self, layout_id, position, name, type, error);
}

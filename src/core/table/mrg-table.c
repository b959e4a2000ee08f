/* mrg-table.c: one page's table as the window shows it, read from the project store
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-table"

#include "config.h"

#include "mrg-table.h"

#include <stdlib.h>
#include <string.h>

GArray *
mrg_parse_separators (const char *json,
                      int         lo,
                      int         hi)
{
  GArray *seps = g_array_new (FALSE, FALSE, sizeof (int));
  const char *p = json;

  /* The arrays are written by mrg_store_add_table as plain "[1, 2, 3]"; anything else is
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
      if (v > lo && v < hi)
        {
          int value = (int) v;

          if (seps->len == 0 || value > g_array_index (seps, int, seps->len - 1))
            g_array_append_val (seps, value);
        }
    }
  return seps;
}

char *
mrg_format_separators (const GArray *seps)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < seps->len; i++)
    g_string_append_printf (s, "%s%d", i > 0 ? ", " : "", g_array_index (seps, int, i));
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

GArray *
mrg_separators_to_bounds (const GArray *seps,
                          int           lo,
                          int           hi)
{
  GArray *bounds = g_array_sized_new (FALSE, FALSE, sizeof (int), seps->len + 2);

  g_array_append_val (bounds, lo);
  g_array_append_vals (bounds, seps->data, seps->len);
  g_array_append_val (bounds, hi);
  return bounds;
}

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
  for (guint i = 0; i < table->rows->len; i++)
    {
      MrgTableRow *row = g_ptr_array_index (table->rows, i);

      for (guint c = 0; c < table->n_cols; c++)
        {
          g_free (row->cells[c].text);
          g_free (row->cells[c].ocr_text);
        }
    }
  g_ptr_array_unref (table->rows);
  for (guint c = 0; c < table->n_cols; c++)
    g_free (table->columns[c].name);
  g_free (table->columns);
  g_array_unref (table->col_seps);
  g_array_unref (table->row_seps);
  g_free (table);
}

/* The table the statement's current row names (id, x1, y1, x2, y2, col_seps, row_seps), with
 * its columns, rows and cells. */
static MrgTable *
load_table (MrgStore      *store,
            gint64         page_id,
            sqlite3_stmt  *table_stmt,
            GError       **error)
{
  g_autoptr(MrgTable) table = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3_stmt *t = table_stmt;
  int max_col = -1;
  int rc;

  table = g_new0 (MrgTable, 1);
  table->page_id = page_id;
  table->table_id = sqlite3_column_int64 (t, 0);
  table->area.x1 = sqlite3_column_int (t, 1);
  table->area.y1 = sqlite3_column_int (t, 2);
  table->area.x2 = sqlite3_column_int (t, 3);
  table->area.y2 = sqlite3_column_int (t, 4);
  table->col_seps = mrg_parse_separators ((const char *) sqlite3_column_text (t, 5),
                                          table->area.x1, table->area.x2);
  table->row_seps = mrg_parse_separators ((const char *) sqlite3_column_text (t, 6),
                                          table->area.y1, table->area.y2);
  table->rows = g_ptr_array_new_with_free_func (table_row_free);

  /* As many columns as the schema names or the grid has, whichever is more. */
  stmt = mrg_store_prepare (store,
                            "SELECT max(m) FROM (SELECT max(position) AS m FROM columns UNION ALL"
                            " SELECT max(c.col) FROM cells c JOIN rows r ON r.id = c.row_id"
                            " WHERE r.table_id = ?1 AND r.idx >= 0)",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, table->table_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    max_col = sqlite3_column_int (stmt, 0);
  max_col = MAX (max_col, (int) table->col_seps->len);
  table->n_cols = max_col + 1;
  table->columns = g_new0 (MrgTableColumn, table->n_cols);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = mrg_store_prepare (store, "SELECT position, name, type FROM columns", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int pos = sqlite3_column_int (stmt, 0);

      if (pos < 0 || pos >= (int) table->n_cols)
        continue;
      table->columns[pos].name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      mrg_column_type_from_string ((const char *) sqlite3_column_text (stmt, 2),
                                   &table->columns[pos].type);
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = mrg_store_prepare (store,
                            "SELECT id, idx, header, status FROM rows"
                            " WHERE table_id = ? AND idx >= 0 ORDER BY idx, id",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, table->table_id);
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
        }
      g_ptr_array_add (table->rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (store, error, rc, "reading the rows");
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = mrg_store_prepare (store,
                            "SELECT c.row_id, c.id, c.col, c.x1, c.y1, c.x2, c.y2, c.ocr_text,"
                            " c.confidence, c.text, c.flags, c.edited"
                            " FROM cells c JOIN rows r ON r.id = c.row_id"
                            " WHERE r.table_id = ? AND r.idx >= 0 ORDER BY r.idx, r.id, c.col",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, table->table_id);
  {
    guint r = 0;

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 row_id = sqlite3_column_int64 (stmt, 0);
        int col = sqlite3_column_int (stmt, 2);
        MrgTableRow *row = NULL;
        MrgTableCell *cell;

        /* Both queries walk the rows in the same order, so the row is at or after r. */
        while (r < table->rows->len &&
               ((MrgTableRow *) g_ptr_array_index (table->rows, r))->id != row_id)
          r++;
        if (r >= table->rows->len || col < 0 || col >= (int) table->n_cols)
          continue;
        row = g_ptr_array_index (table->rows, r);
        cell = &row->cells[col];
        cell->id = sqlite3_column_int64 (stmt, 1);
        cell->box.x1 = sqlite3_column_int (stmt, 3);
        cell->box.y1 = sqlite3_column_int (stmt, 4);
        cell->box.x2 = sqlite3_column_int (stmt, 5);
        cell->box.y2 = sqlite3_column_int (stmt, 6);
        cell->ocr_text = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
        cell->confidence = sqlite3_column_type (stmt, 8) == SQLITE_NULL
                             ? -1 : sqlite3_column_double (stmt, 8);
        cell->text = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
        cell->flags = sqlite3_column_int (stmt, 10);
        cell->edited = sqlite3_column_int (stmt, 11) != 0;
      }
  }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (store, error, rc, "reading the cells");
      return NULL;
    }

  return g_steal_pointer (&table);
}

GPtrArray *
mrg_table_load_all (MrgStore  *store,
                    gint64     page_id,
                    GError   **error)
{
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);

  stmt = mrg_store_prepare (store,
                            "SELECT id, x1, y1, x2, y2, col_seps, row_seps FROM tables"
                            " WHERE page_id = ? ORDER BY idx, id",
                            error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, page_id);
  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_table_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgTable *table = load_table (store, page_id, stmt, error);

      if (table == NULL)
        return NULL;
      g_ptr_array_add (tables, table);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (store, error, rc, "reading the tables");
      return NULL;
    }
  return g_steal_pointer (&tables);
}

MrgTable *
mrg_table_load (MrgStore  *store,
                gint64     page_id,
                GError   **error)
{
  g_autoptr(GPtrArray) tables = mrg_table_load_all (store, page_id, error);

  if (tables == NULL || tables->len == 0)
    return NULL;
  return g_ptr_array_steal_index (tables, 0);
}

MrgTableRow *
mrg_table_get_row (MrgTable *table,
                   guint     row)
{
  g_return_val_if_fail (table != NULL, NULL);
  if (row >= table->rows->len)
    return NULL;
  return g_ptr_array_index (table->rows, row);
}

MrgTableCell *
mrg_table_get_cell (MrgTable *table,
                    guint     row,
                    guint     col)
{
  MrgTableRow *r = mrg_table_get_row (table, row);

  if (r == NULL || col >= table->n_cols)
    return NULL;
  return &r->cells[col];
}

int
mrg_table_find_cell (MrgTable *table,
                     gint64    cell_id,
                     int      *out_col)
{
  for (guint r = 0; r < table->rows->len; r++)
    {
      MrgTableRow *row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_cols; c++)
        if (row->cells[c].id == cell_id)
          {
            if (out_col != NULL)
              *out_col = c;
            return r;
          }
    }
  return -1;
}

int
mrg_table_find_row (MrgTable *table,
                    gint64    row_id)
{
  for (guint r = 0; r < table->rows->len; r++)
    if (((MrgTableRow *) g_ptr_array_index (table->rows, r))->id == row_id)
      return r;
  return -1;
}

int
mrg_table_first_body_row (MrgTable *table)
{
  for (guint r = 0; r < table->rows->len; r++)
    if (!((MrgTableRow *) g_ptr_array_index (table->rows, r))->header)
      return r;
  return 0;
}

/* mrg-table.c: one page's table as the window shows it, read from the project store
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-table"

#include "config.h"

#include "mrg-doubt.h"
#include "mrg-table.h"

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

GPtrArray *
mrg_table_load_all (MrgStore  *store,
                    gint64     page_id,
                    GError   **error)
{
  g_autoptr(GPtrArray) tables = mrg_store_load_tables (store, page_id, error);
  g_autoptr(MrgDoubtVocab) vocab = NULL;
  gint64 vocab_layout = -1;

  if (tables == NULL)
    return NULL;
  /* Each cell is judged once here, with the values a person has checked in its column of the
   * same layout: the views redraw often and reload on every change. */
  for (guint t = 0; t < tables->len; t++)
    {
      MrgTable *table = g_ptr_array_index (tables, t);

      if (table->layout_id != vocab_layout)
        {
          g_clear_pointer (&vocab, mrg_doubt_vocab_free);
          vocab = mrg_doubt_vocab_load (store, table->layout_id, error);
          if (vocab == NULL)
            return NULL;
          vocab_layout = table->layout_id;
        }
      mrg_doubt_mark_table (table, vocab);
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

MrgTableCell *
mrg_table_get_merged_cell (MrgTable *table,
                           guint    *row,
                           guint    *col)
{
  MrgTableCell *cell = mrg_table_get_cell (table, *row, *col);

  if (cell != NULL && cell->row_span == 0)
    {
      *row = cell->anchor_row;
      *col = cell->col;
      cell = mrg_table_get_cell (table, *row, *col);
    }
  return cell;
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

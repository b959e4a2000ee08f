/* mrg-table-text.c: the text of a whole table at once (clearing a table a person will type)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-table"

#include "config.h"

#include "mrg-table-text.h"

guint
mrg_table_count_text (MrgTable *table)
{
  guint n = 0;

  g_return_val_if_fail (table != NULL, 0);

  for (guint r = 0; r < table->rows->len; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        MrgTableCell *cell = mrg_table_get_cell (table, r, c);

        n += cell->id != 0 && cell->text != NULL && *cell->text != '\0';
      }
  return n;
}

gboolean
mrg_table_clear_text (MrgStore   *store,
                      MrgTable   *table,
                      guint      *out_n_cleared,
                      GError    **error)
{
  guint n = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  if (out_n_cleared != NULL)
    *out_n_cleared = 0;
  if (!mrg_store_begin (store, error))
    return FALSE;
  mrg_store_begin_group (store);
  for (guint r = 0; ok && r < table->rows->len; r++)
    for (guint c = 0; ok && c < table->n_cols; c++)
      {
        MrgTableCell *cell = mrg_table_get_cell (table, r, c);

        if (cell->id == 0 || cell->text == NULL || *cell->text == '\0')
          continue;
        ok = mrg_store_edit_cell_text (store, cell->id, "", error);
        n++;
      }
  mrg_store_end_group (store);
  if (!ok)
    {
      mrg_store_rollback (store);
      return FALSE;
    }
  if (!mrg_store_commit (store, error))
    return FALSE;
  if (out_n_cleared != NULL)
    *out_n_cleared = n;
  return TRUE;
}

gboolean
mrg_table_add_missing_cells (MrgStore   *store,
                             MrgTable   *table,
                             guint      *out_n_added,
                             GError    **error)
{
  g_autoptr(GArray) xs = NULL;
  g_autoptr(GArray) ys = NULL;
  guint n_cols, n = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);

  if (out_n_added != NULL)
    *out_n_added = 0;
  xs = mrg_separators_to_bounds (table->col_seps, table->area.x1, table->area.x2);
  ys = mrg_separators_to_bounds (table->row_seps, table->area.y1, table->area.y2);
  n_cols = xs->len - 1;
  if (!mrg_store_begin (store, error))
    return FALSE;
  for (guint r = 0; ok && r < table->rows->len; r++)
    {
      MrgTableRow *row = mrg_table_get_row (table, r);
      guint y = MIN (r, ys->len - 2);

      for (guint c = 0; ok && c < n_cols; c++)
        {
          MrgBox box = { g_array_index (xs, int, c), g_array_index (ys, int, y),
                         g_array_index (xs, int, c + 1), g_array_index (ys, int, y + 1) };

          if (c < table->n_cols && row->cells[c].id != 0)
            continue;
          ok = mrg_store_add_cell (store, row->id, (int) c, &box, NULL, -1, error) != 0;
          n++;
        }
    }
  if (!ok)
    {
      mrg_store_rollback (store);
      return FALSE;
    }
  if (!mrg_store_commit (store, error))
    return FALSE;
  if (out_n_added != NULL)
    *out_n_added = n;
  return TRUE;
}

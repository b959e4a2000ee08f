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

/* mrg-grid-logic.c: what the grid editor decides, as plain functions tested without a display
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-grid-logic"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "mrg-doubt.h"
#include "mrg-grid-logic.h"
#include "mrg-schema.h"

gboolean
mrg_grid_navigate (guint   n_rows,
                   guint   n_cols,
                   guint   row,
                   guint   col,
                   MrgNav  nav,
                   guint  *out_row,
                   guint  *out_col)
{
  guint r = row, c = col;

  if (n_rows == 0 || n_cols == 0)
    return FALSE;
  r = MIN (r, n_rows - 1);
  c = MIN (c, n_cols - 1);

  switch (nav)
    {
    case MRG_NAV_NEXT:
      if (c + 1 < n_cols)
        c++;
      else if (r + 1 < n_rows)
        {
          r++;
          c = 0;
        }
      break;
    case MRG_NAV_PREVIOUS:
      if (c > 0)
        c--;
      else if (r > 0)
        {
          r--;
          c = n_cols - 1;
        }
      break;
    case MRG_NAV_DOWN:
      if (r + 1 < n_rows)
        r++;
      break;
    case MRG_NAV_UP:
      if (r > 0)
        r--;
      break;
    case MRG_NAV_LEFT:
      if (c > 0)
        c--;
      break;
    case MRG_NAV_RIGHT:
      if (c + 1 < n_cols)
        c++;
      break;
    case MRG_NAV_FIRST:
      c = 0;
      break;
    case MRG_NAV_LAST:
      c = n_cols - 1;
      break;
    default:
      g_assert_not_reached ();
    }

  *out_row = r;
  *out_col = c;
  return r != row || c != col;
}

int
mrg_grid_next_unverified (MrgTable *table,
                          int       from)
{
  guint n = table->rows->len;

  for (guint i = 1; i <= n; i++)
    {
      guint r = (guint) ((from + (int) i) % (int) n);
      MrgTableRow *row = g_ptr_array_index (table->rows, r);

      if (!row->header && row->status != MRG_ROW_STATUS_VERIFIED)
        return r;
    }
  return -1;
}

gboolean
mrg_grid_cell_is_doubtful (const MrgTableCell *cell,
                           double              threshold)
{
  if (cell == NULL || cell->id == 0 || cell->edited)
    return FALSE;
  return cell->doubt != MRG_DOUBT_NONE || (cell->confidence >= 0 && cell->confidence < threshold);
}

gint64
mrg_grid_next_doubtful (MrgTable *table,
                        int       row,
                        int       col,
                        double    threshold)
{
  g_return_val_if_fail (table != NULL, 0);

  for (guint r = MAX (row, 0); r < table->rows->len; r++)
    for (guint c = (int) r == row ? (guint) MAX (col + 1, 0) : 0; c < table->n_cols; c++)
      {
        MrgTableCell *cell = mrg_table_get_cell (table, r, c);

        if (mrg_grid_cell_is_doubtful (cell, threshold))
          return cell->id;
      }
  return 0;
}

char *
mrg_grid_cell_problem (MrgTable *table,
                       guint     row,
                       guint     col)
{
  MrgTableRow *r = mrg_table_get_row (table, row);
  MrgTableCell *cell = mrg_table_get_cell (table, row, col);
  g_autofree char *problem = NULL;
  g_autofree char *doubt = NULL;

  if (r == NULL || cell == NULL || cell->id == 0 || r->header)
    return NULL;
  /* The rules are the core's (mrg-schema.c), shared with export and the CLI. */
  problem = mrg_doubt_type_problem (table, row, col);
  /* the type's reason is the sentence above; the other reasons of mrg-doubt follow it */
  doubt = mrg_doubt_describe (table, row, col, cell->doubt & ~MRG_DOUBT_TYPE);
  if (problem == NULL || doubt == NULL)
    return problem != NULL ? g_steal_pointer (&problem) : g_steal_pointer (&doubt);
  return g_strconcat (problem, "\n", doubt, NULL);
}

char *
mrg_grid_column_title (MrgTable *table,
                       guint     col)
{
  if (col < table->n_cols && table->columns[col].name != NULL && *table->columns[col].name != '\0')
    return g_strdup (table->columns[col].name);
  return mrg_column_number_name (col);
}

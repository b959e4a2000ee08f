/* mrg-grid-logic.h: what the grid editor decides, as plain functions tested without a display
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "mrg-table.h"

G_BEGIN_DECLS

typedef enum
{
  MRG_NAV_NEXT,       /* Tab */
  MRG_NAV_PREVIOUS,   /* Shift+Tab */
  MRG_NAV_DOWN,       /* Enter, Down */
  MRG_NAV_UP,
  MRG_NAV_LEFT,
  MRG_NAV_RIGHT,
  MRG_NAV_FIRST,      /* Home */
  MRG_NAV_LAST,       /* End */
} MrgNav;

/* Where a key moves the current cell in a grid of n_rows × n_cols. Tab runs along the row and
 * on to the next row; arrows stop at the edges. Returns FALSE when the cell does not move. */
gboolean  mrg_grid_navigate          (guint        n_rows,
                                      guint        n_cols,
                                      guint        row,
                                      guint        col,
                                      MrgNav       nav,
                                      guint       *out_row,
                                      guint       *out_col);

/* The next body row after `from` that is not verified, wrapping round; -1 when all are. */
int       mrg_grid_next_unverified   (MrgTable    *table,
                                      int          from);

/* A cell is tinted when no person has edited it since OCR read it and OCR read it with less
 * confidence than the threshold or mrg-doubt finds a reason to doubt it (cell->doubt, set when
 * the table was loaded). */
gboolean  mrg_grid_cell_is_doubtful  (const MrgTableCell *cell,
                                      double              threshold);

/* The id of the first doubtful cell after (row, col) in reading order, row by row; row -1 looks
 * from the start. 0 when there is none. */
gint64    mrg_grid_next_doubtful     (MrgTable    *table,
                                      int          row,
                                      int          col,
                                      double       threshold);

/* Why the value of a cell is suspect, as sentences for a tooltip, or NULL when it is fine.
 * Looks at the row too (a birth year after the call-up year), and gives mrg-doubt's reasons
 * (a running number out of step, mixed scripts, …). */
char     *mrg_grid_cell_problem      (MrgTable    *table,
                                      guint        row,
                                      guint        col);

/* A column's title: its name (a proposed one as it stands: the grid draws it apart), else
 * "Column N". */
char     *mrg_grid_column_title      (MrgTable    *table,
                                      guint        col);

G_END_DECLS

/* mrg-grid-edit.h: changes to a table's structure made by a person, through the edit log
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No GTK: each function is one transaction and one undo step. Rows are never removed from the
 * database: a deleted row gets a negative idx (-1 - its old idx), so that undo can bring it back;
 * readers of `rows` skip rows with idx < 0. */

#pragma once

#include "mrg-store.h"
#include "mrg-table.h"

G_BEGIN_DECLS

typedef enum
{
  MRG_AXIS_COLUMNS,
  MRG_AXIS_ROWS,
} MrgAxis;

/* Replaces the separators of one axis (interior ones, ascending) and moves the boxes of the
 * cells to the new grid. */
gboolean mrg_grid_edit_set_separators (MrgStore   *store,
                                       MrgTable   *table,
                                       MrgAxis     axis,
                                       GArray     *seps,
                                       GError    **error);
/* Sets the table area and moves the cells with it, the separators scaled into it. */
gboolean mrg_grid_edit_set_area       (MrgStore   *store,
                                       MrgTable   *table,
                                       const MrgBox *area,
                                       GError    **error);
/* Splits row `row` at its middle: a new empty row below it with cells in every column. */
gboolean mrg_grid_edit_split_row      (MrgStore   *store,
                                       MrgTable   *table,
                                       guint       row,
                                       GError    **error);
/* Joins row `row + 1` into row `row`: texts joined with a space, the rows' boxes united. */
gboolean mrg_grid_edit_merge_rows     (MrgStore   *store,
                                       MrgTable   *table,
                                       guint       row,
                                       GError    **error);
/* Merges the cells of a rectangle (n_rows × n_cols from row, col) into its first one, which then
 * spans it: the texts joined with a space in reading order, the others no longer live. Fails
 * with MRG_STORE_ERROR_INVALID when the rectangle cuts through a merged cell. */
gboolean mrg_grid_edit_merge_cells    (MrgStore   *store,
                                       MrgTable   *table,
                                       guint       row,
                                       guint       col,
                                       guint       n_rows,
                                       guint       n_cols,
                                       GError    **error);
/* Splits the merged cell at (or over) row, col back into one cell a place; its text stays in
 * the first. */
gboolean mrg_grid_edit_split_cell     (MrgStore   *store,
                                       MrgTable   *table,
                                       guint       row,
                                       guint       col,
                                       GError    **error);
gboolean mrg_grid_edit_delete_row     (MrgStore   *store,
                                       MrgTable   *table,
                                       guint       row,
                                       GError    **error);
/* Renames a column of the table's layout or changes its type, as one undo step: every table of
 * that layout shows the change, tables of other layouts keep their own columns. The name counts
 * as accepted from then on. */
gboolean mrg_grid_edit_set_column     (MrgStore      *store,
                                       gint64         table_id,
                                       int            position,
                                       const char    *name,
                                       MrgColumnType  type,
                                       GError       **error);
/* Accepts every column name of the table's layout that OCR proposed from a header row, as one
 * undo step. */
gboolean mrg_grid_edit_accept_columns (MrgStore      *store,
                                       gint64         table_id,
                                       GError       **error);
/* The text of a cell being typed, saved as it is typed (under the meta key "window.draft"), so
 * that a crash or power cut in the middle of a cell loses nothing: the next opening commits it
 * as a normal edit. cell_id 0 clears it. */
gboolean mrg_grid_edit_save_draft     (MrgStore      *store,
                                       gint64         cell_id,
                                       const char    *text,
                                       GError       **error);
/* Commits a draft left by a window that did not finish; *out_cell_id is the cell, or 0 when
 * there was nothing to restore. */
gboolean mrg_grid_edit_restore_draft  (MrgStore      *store,
                                       gint64        *out_cell_id,
                                       GError       **error);
/* A grid for a page that has none: the whole page as one table of rows × cols, so that a person
 * can transcribe by hand. Not undoable (it only adds). */
gint64   mrg_grid_edit_create_table   (MrgStore   *store,
                                       gint64      page_id,
                                       const MrgBox *area,
                                       guint       n_rows,
                                       guint       n_cols,
                                       GError    **error);
/* Where a separator at `pos` (page pixels: an x for MRG_AXIS_COLUMNS, a y for MRG_AXIS_ROWS)
 * runs through a merged cell, so that a view draws the merged cell whole: pairs of ints
 * (from, to) along the separator, ascending and not overlapping. */
GArray  *mrg_grid_separator_breaks    (MrgTable   *table,
                                       MrgAxis     axis,
                                       int         pos);

G_END_DECLS

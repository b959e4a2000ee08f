/* mrg-grid-editor.h: the keyboard-first editor of one page's table
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "mrg-page-model.h"

G_BEGIN_DECLS

/* What the `grid.` actions of the window do to the current row or cell. */
typedef enum
{
  MRG_GRID_VERIFY_ROW,
  MRG_GRID_UNVERIFY_ROW,
  MRG_GRID_FLAG_ILLEGIBLE,
  MRG_GRID_FLAG_UNCERTAIN,
  MRG_GRID_INSERT_ROW,
  MRG_GRID_DELETE_ROW,
  MRG_GRID_MERGE_ROWS,
  MRG_GRID_TOGGLE_HEADER,    /* the current row becomes the header row, or a body row again */
  MRG_GRID_MERGE_CELLS,      /* the selected cells (Shift+arrows) into one */
  MRG_GRID_SPLIT_CELL,       /* the merged cell under the cursor back into one a place */
} MrgGridCommand;

#define MRG_TYPE_GRID_EDITOR (mrg_grid_editor_get_type ())
G_DECLARE_FINAL_TYPE (MrgGridEditor, mrg_grid_editor, MRG, GRID_EDITOR, GtkWidget)

GtkWidget *mrg_grid_editor_new                (void);
void       mrg_grid_editor_set_model          (MrgGridEditor *self,
                                               MrgPageModel  *model);
void       mrg_grid_editor_set_threshold      (MrgGridEditor *self,
                                               double         threshold);
/* Saves the cell being edited, if any; called before undo, page turns and closing. */
gboolean   mrg_grid_editor_commit             (MrgGridEditor *self);
gboolean   mrg_grid_editor_is_editing         (MrgGridEditor *self);
/* Text the project refused (a full disk, a lock) is kept, shown in its cell and written again
 * every few seconds until it goes in: these say what is still waiting, and try at once. */
guint      mrg_grid_editor_get_n_unsaved      (MrgGridEditor *self);
const char *mrg_grid_editor_get_unsaved_text  (MrgGridEditor *self,
                                               gint64         cell_id);
gboolean   mrg_grid_editor_save_unsaved       (MrgGridEditor *self,
                                               GError       **error);
/* Commits the cell being edited, then acts on the current row or cell. */
void       mrg_grid_editor_run                (MrgGridEditor  *self,
                                               MrgGridCommand  command);
/* The selected rectangle (Shift+arrows) from its first row and column; FALSE when no cells are
 * selected beyond the current one. */
gboolean   mrg_grid_editor_get_selection      (MrgGridEditor *self,
                                               guint         *row,
                                               guint         *col,
                                               guint         *n_rows,
                                               guint         *n_cols);
/* What the editor says in place of a grid when the page shown has no table (NULL when it has
 * one): how to get one, which depends on whether OCR has been. */
const char *mrg_grid_editor_get_placeholder   (MrgGridEditor *self);
/* The widget area of a cell (all of a merged cell, from any place under it), for tests. */
gboolean   mrg_grid_editor_get_cell_rect      (MrgGridEditor *self,
                                               guint          row,
                                               guint          col,
                                               graphene_rect_t *rect);

G_END_DECLS

/* mrg-window-private.h: the window's parts, for its other files and the display tests
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "mrg-grid-editor.h"
#include "mrg-page-list.h"
#include "mrg-page-model.h"
#include "mrg-page-view.h"
#include "mrg-store.h"
#include "mrg-window.h"

G_BEGIN_DECLS

MrgStore      *_mrg_window_get_store       (MrgWindow *self);
MrgPageModel  *_mrg_window_get_model       (MrgWindow *self);
MrgGridEditor *_mrg_window_get_grid_editor (MrgWindow *self);
MrgPageView   *_mrg_window_get_page_view   (MrgWindow *self);
MrgPageList   *_mrg_window_get_page_list   (MrgWindow *self);
/* Imports in a worker thread; the page list follows when it is done. */
void           _mrg_window_import          (MrgWindow          *self,
                                            const char * const *paths);
/* TRUE while an import or OCR job runs. */
gboolean       _mrg_window_is_busy         (MrgWindow *self);
/* Goes to a page and a cell of its current table (row, col as the grid editor counts them);
 * mrg_page_model_show_cell finds a cell in whichever table of the page holds it. */
gboolean       _mrg_window_go_to           (MrgWindow *self,
                                            gint64     page_id,
                                            int        row,
                                            int        col);
/* Saves the page and cell shown, so that the project reopens there. */
void           _mrg_window_save_position   (MrgWindow *self);

G_END_DECLS

/* mrg-page-model.h: what the workbench shows: the page, its image, its tables and the current
 * one, the zoom and the current cell. The page view, the loupe and the grid editor observe it.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "mrg-project.h"
#include "mrg-store.h"
#include "mrg-store-pages.h"
#include "mrg-table.h"

G_BEGIN_DECLS

typedef enum
{
  MRG_FIT_NONE,
  MRG_FIT_WIDTH,
  MRG_FIT_PAGE,
} MrgFitMode;

/* The page shown, with its document's file: the store's own page record. */
typedef MrgStorePage MrgPageRecord;

#define MRG_TYPE_PAGE_MODEL (mrg_page_model_get_type ())
G_DECLARE_FINAL_TYPE (MrgPageModel, mrg_page_model, MRG, PAGE_MODEL, GObject)

MrgPageModel       *mrg_page_model_new          (void);
MrgStore           *mrg_page_model_get_store    (MrgPageModel *self);
/* Shows pages of this store and follows its `changed`. */
void                mrg_page_model_set_store    (MrgPageModel *self,
                                                 MrgStore     *store);
/* Shows pages of the project's store and follows the project's `changed` (its jobs' commits and
 * other programs' as well). */
void                mrg_page_model_set_project  (MrgPageModel *self,
                                                 MrgProject   *project);
/* Shows the page: its table at once, its image when the worker has decoded it. */
gboolean            mrg_page_model_set_page     (MrgPageModel *self,
                                                 gint64        page_id,
                                                 GError      **error);
gint64              mrg_page_model_get_page_id  (MrgPageModel *self);
const MrgPageRecord *mrg_page_model_get_page     (MrgPageModel *self);
GdkTexture         *mrg_page_model_get_texture  (MrgPageModel *self);
/* Whether the image of the page is being decoded (the view shows a spinner then); the
 * `loading` property. */
gboolean            mrg_page_model_get_loading  (MrgPageModel *self);
/* The smallest decoded level of the page that is at least `scale` times the page's size. */
GdkTexture         *mrg_page_model_get_texture_for_scale (MrgPageModel *self,
                                                          double        scale);
/* Reads the tables again, keeping the current cell where it can. The model does this itself
 * when its store's `changed` touches the page, its tables, rows or cells. */
void                mrg_page_model_reload_table (MrgPageModel *self);
/* The current table: the grid editor edits it, the page view draws it loudest. */
MrgTable           *mrg_page_model_get_table    (MrgPageModel *self);
/* Every table of the page (the two pages of a spread, or tables stacked on one page). */
guint               mrg_page_model_get_n_tables (MrgPageModel *self);
MrgTable           *mrg_page_model_get_table_at (MrgPageModel *self,
                                                 guint         index);
guint               mrg_page_model_get_table_index (MrgPageModel *self);
/* Makes another table of the page current; the cursor returns to where it was in that table,
 * or to its first body cell. FALSE when there is no such table. */
gboolean            mrg_page_model_set_table_index (MrgPageModel *self,
                                                    guint         index);
gboolean            mrg_page_model_set_table_id (MrgPageModel *self,
                                                 gint64        table_id);
/* Makes the table holding the cell (or row) current and puts the cursor there; FALSE when no
 * table of the page holds it. A negative col keeps the cursor's column. */
gboolean            mrg_page_model_show_cell    (MrgPageModel *self,
                                                 gint64        cell_id);
gboolean            mrg_page_model_show_row     (MrgPageModel *self,
                                                 gint64        row_id,
                                                 int           col);
/* The index of the table whose area holds the page point, or -1. */
int                 mrg_page_model_table_at_point (MrgPageModel *self,
                                                   double        x,
                                                   double        y);

double              mrg_page_model_get_zoom     (MrgPageModel *self);
void                mrg_page_model_set_zoom     (MrgPageModel *self,
                                                 double        zoom);
MrgFitMode          mrg_page_model_get_fit_mode (MrgPageModel *self);
void                mrg_page_model_set_fit_mode (MrgPageModel *self,
                                                 MrgFitMode    mode);

void                mrg_page_model_set_cursor   (MrgPageModel *self,
                                                 int           row,
                                                 int           col);
void                mrg_page_model_get_cursor   (MrgPageModel *self,
                                                 int          *row,
                                                 int          *col);
/* The page box of the current cell; FALSE when there is none. */
gboolean            mrg_page_model_get_cursor_box (MrgPageModel *self,
                                                   MrgBox       *box);
/* The page box of the current row across the table. */
gboolean            mrg_page_model_get_row_box  (MrgPageModel *self,
                                                 MrgBox       *box);

G_END_DECLS

/* mrg-page-model.h: what the workbench shows: the page, its image, its table, the zoom and the
 * current cell. The page view, the loupe and the grid editor observe it.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "mrg-store.h"
#include "mrg-table.h"

G_BEGIN_DECLS

typedef enum
{
  MRG_FIT_NONE,
  MRG_FIT_WIDTH,
  MRG_FIT_PAGE,
} MrgFitMode;

typedef struct
{
  gint64 id;
  gint64 document_id;
  char *path;
  MrgDocumentKind kind;
  int number;
  int width;
  int height;
  double dpi;
  MrgPageStatus status;
} MrgPageRecord;

#define MRG_TYPE_PAGE_MODEL (mrg_page_model_get_type ())
G_DECLARE_FINAL_TYPE (MrgPageModel, mrg_page_model, MRG, PAGE_MODEL, GObject)

MrgPageModel       *mrg_page_model_new          (void);
MrgStore           *mrg_page_model_get_store    (MrgPageModel *self);
void                mrg_page_model_set_store    (MrgPageModel *self,
                                                 MrgStore     *store);
/* Shows the page: its table at once, its image when the worker has decoded it. */
gboolean            mrg_page_model_set_page     (MrgPageModel *self,
                                                 gint64        page_id,
                                                 GError      **error);
gint64              mrg_page_model_get_page_id  (MrgPageModel *self);
const MrgPageRecord *mrg_page_model_get_page     (MrgPageModel *self);
GdkTexture         *mrg_page_model_get_texture  (MrgPageModel *self);
/* The smallest decoded level of the page that is at least `scale` times the page's size. */
GdkTexture         *mrg_page_model_get_texture_for_scale (MrgPageModel *self,
                                                          double        scale);
/* Reads the table again after the store changed; keeps the current cell where it can. */
void                mrg_page_model_reload_table (MrgPageModel *self);
MrgTable           *mrg_page_model_get_table    (MrgPageModel *self);

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

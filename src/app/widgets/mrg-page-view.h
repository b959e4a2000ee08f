/* mrg-page-view.h: the scan with its grid, zoomed and panned; separators dragged with the mouse
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "mrg-page-model.h"

G_BEGIN_DECLS

/* What a left-button drag or click does, chosen with the tools under the page (the hidden
 * gestures work with every tool: Shift+drag for the table area, Ctrl+click for a separator). */
typedef enum
{
  MRG_PAGE_TOOL_NONE,      /* a click selects a cell, a drag moves a separator or pans */
  MRG_PAGE_TOOL_TABLE,     /* a drag draws a new table (another one on a page that has one) */
  MRG_PAGE_TOOL_COLUMNS,   /* a click adds a column separator to the table under it */
  MRG_PAGE_TOOL_ROWS,      /* a click adds a row separator */
} MrgPageTool;

#define MRG_TYPE_PAGE_VIEW (mrg_page_view_get_type ())
G_DECLARE_FINAL_TYPE (MrgPageView, mrg_page_view, MRG, PAGE_VIEW, GtkWidget)

GtkWidget    *mrg_page_view_new          (void);
void          mrg_page_view_set_model    (MrgPageView  *self,
                                          MrgPageModel *model);
MrgPageModel *mrg_page_view_get_model    (MrgPageView  *self);
void          mrg_page_view_zoom_by      (MrgPageView  *self,
                                          double        factor);
/* Widget coordinates of a page point, for tests and the loupe. */
void          mrg_page_view_page_to_view (MrgPageView  *self,
                                          double        px,
                                          double        py,
                                          double       *wx,
                                          double       *wy);
void          mrg_page_view_view_to_page (MrgPageView  *self,
                                          double        wx,
                                          double        wy,
                                          double       *px,
                                          double       *py);
void          mrg_page_view_set_tool     (MrgPageView  *self,
                                          MrgPageTool   tool);
MrgPageTool   mrg_page_view_get_tool     (MrgPageView  *self);

G_END_DECLS

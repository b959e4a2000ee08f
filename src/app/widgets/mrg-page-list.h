/* mrg-page-list.h: the pages of a project with thumbnails and status badges
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "mrg-project.h"
#include "mrg-store.h"

G_BEGIN_DECLS

#define MRG_TYPE_PAGE_LIST (mrg_page_list_get_type ())
G_DECLARE_FINAL_TYPE (MrgPageList, mrg_page_list, MRG, PAGE_LIST, GtkWidget)

GtkWidget *mrg_page_list_new           (void);
/* The list follows the store's (or the project's) `changed`: new pages join it, removed ones
 * leave it, a scan moved moves its pages, badges follow PAGES changes. Several pages may be
 * selected (Ctrl, Shift); Delete removes the scan of the page shown and Alt+Up/Down move it, through
 * the window's document.* actions. */
void       mrg_page_list_set_store     (MrgPageList *self,
                                        MrgStore    *store);
void       mrg_page_list_set_project   (MrgPageList *self,
                                        MrgProject  *project);
/* Reads the pages of the project again and keeps the selection. */
void       mrg_page_list_reload        (MrgPageList *self);
/* Re-reads the status of every page for the badges. */
void       mrg_page_list_update_status (MrgPageList *self);
gboolean   mrg_page_list_select_page   (MrgPageList *self,
                                        gint64       page_id);
/* The page shown (selected alone, or last chosen among several). */
gint64     mrg_page_list_get_selected  (MrgPageList *self);
/* The ids (gint64) of every page selected, in list order; the page shown is one of them. */
GArray    *mrg_page_list_get_selected_pages (MrgPageList *self);
guint      mrg_page_list_get_n_pages   (MrgPageList *self);
gint64     mrg_page_list_get_page_at   (MrgPageList *self,
                                        guint        position);
/* How many thumbnails are decoded, for tests and benchmarks. */
guint      mrg_page_list_get_n_thumbnails (MrgPageList *self);
const char *mrg_page_status_label      (MrgPageStatus status);

G_END_DECLS

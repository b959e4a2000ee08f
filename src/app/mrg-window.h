/* mrg-window.h: the main window: start page and workbench
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "mrg-application.h"

G_BEGIN_DECLS

#define MRG_TYPE_WINDOW (mrg_window_get_type ())
G_DECLARE_FINAL_TYPE (MrgWindow, mrg_window, MRG, WINDOW, AdwApplicationWindow)

MrgWindow  *mrg_window_new                (MrgApplication *application);
/* Opens the project in this window; a failure is shown as a toast and FALSE returned. */
gboolean    mrg_window_open_project       (MrgWindow      *self,
                                           const char     *path);
/* The path of the open project, or NULL while the start page shows. */
const char *mrg_window_get_project_path   (MrgWindow      *self);
void        mrg_window_show_message       (MrgWindow      *self,
                                           const char     *message);
void        mrg_window_choose_project     (MrgWindow      *self);
void        mrg_window_choose_new_project (MrgWindow      *self);

G_END_DECLS

/* mrg-application.h: the Muragat application: actions, settings, opening projects
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MRG_TYPE_APPLICATION (mrg_application_get_type ())
G_DECLARE_FINAL_TYPE (MrgApplication, mrg_application, MRG, APPLICATION, AdwApplication)

MrgApplication *mrg_application_new              (void);
GSettings      *mrg_application_get_settings     (MrgApplication *self);
/* Remembers a project in the recent list (newest first, at most ten). */
void            mrg_application_add_recent       (MrgApplication *self,
                                                  const char     *path);
void            mrg_application_remove_recent    (MrgApplication *self,
                                                  const char     *path);

G_END_DECLS

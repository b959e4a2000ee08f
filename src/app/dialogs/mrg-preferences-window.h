/* mrg-preferences-window.h: OCR and appearance settings
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MRG_TYPE_PREFERENCES_WINDOW (mrg_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (MrgPreferencesWindow, mrg_preferences_window, MRG, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

MrgPreferencesWindow *mrg_preferences_window_new (GSettings *settings);

G_END_DECLS

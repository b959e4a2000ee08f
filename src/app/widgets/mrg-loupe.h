/* mrg-loupe.h: a strip above the grid editor showing the current row of the scan, magnified
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "mrg-page-model.h"

G_BEGIN_DECLS

#define MRG_TYPE_LOUPE (mrg_loupe_get_type ())
G_DECLARE_FINAL_TYPE (MrgLoupe, mrg_loupe, MRG, LOUPE, GtkWidget)

GtkWidget *mrg_loupe_new       (void);
void       mrg_loupe_set_model (MrgLoupe     *self,
                                MrgPageModel *model);

G_END_DECLS

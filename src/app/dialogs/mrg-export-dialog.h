/* mrg-export-dialog.h: choosing a format and a destination, and exporting off the main loop
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "mrg-export.h"
#include "mrg-window.h"

G_BEGIN_DECLS

#define MRG_TYPE_EXPORT_DIALOG (mrg_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MrgExportDialog, mrg_export_dialog, MRG, EXPORT_DIALOG, AdwWindow)

MrgExportDialog *mrg_export_dialog_new             (MrgWindow        *window);
void             mrg_export_dialog_set_format      (MrgExportDialog  *self,
                                                    MrgExportFormat   format);
MrgExportFormat  mrg_export_dialog_get_format      (MrgExportDialog  *self);
/* The file (or folder, for PAGE XML) the export writes; a later format change keeps its folder
 * and name and changes its extension. A path given while PAGE XML is chosen is the folder
 * the pages are written into. */
void             mrg_export_dialog_set_destination (MrgExportDialog  *self,
                                                    const char       *path);
char            *mrg_export_dialog_get_destination (MrgExportDialog  *self);
gboolean         mrg_export_dialog_is_running      (MrgExportDialog  *self);
/* Whether only verified rows are exported; kept for the next export (GSettings). */
void             mrg_export_dialog_set_verified_only (MrgExportDialog *self,
                                                      gboolean         verified_only);
gboolean         mrg_export_dialog_get_verified_only (MrgExportDialog *self);
/* The error shown in the dialog after a failed export, or NULL. */
const char      *mrg_export_dialog_get_error       (MrgExportDialog  *self);

G_END_DECLS

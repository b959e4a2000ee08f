/* mrg-export-stubs.c: formats not written yet
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-export"

#include "config.h"

#include "mrg-export-private.h"

static gboolean
not_yet (MrgExportContext *ctx, GError **error)
{
  g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_INVALID, "%s: %s export is not available yet",
               ctx->out_path, mrg_export_format_to_string (ctx->format));
  return FALSE;
}

gboolean _mrg_export_tei_run (MrgExportContext *ctx, GError **error) { return not_yet (ctx, error); }
gboolean _mrg_export_pdf_run (MrgExportContext *ctx, GError **error) { return not_yet (ctx, error); }

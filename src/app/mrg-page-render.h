/* mrg-page-render.h: decoding a scan page into a texture on a worker thread
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>
#include <leptonica/allheaders.h>

#include "mrg-types.h"

G_BEGIN_DECLS

/* Turns an 8-bit grey or 32-bit RGB PIX (other depths are converted) into an RGB texture. */
GdkTexture *mrg_texture_from_pix        (PIX                 *pix);

/* A page to decode: its document's file and kind, its 1-based number there, and the resolution
 * a PDF page is rendered at. */
typedef struct
{
  const char *path;
  MrgDocumentKind kind;
  int number;
  double dpi;
} MrgPageSource;

/* Decodes the page and, when max_width > 0 and the page is wider, scales it down to that width
 * with leptonica's area mapping. Runs in a thread; the texture arrives on the caller's context. */
void        mrg_page_render_async         (const MrgPageSource *source,
                                           int                  max_width,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GdkTexture *mrg_page_render_finish        (GAsyncResult        *result,
                                           GError             **error);
/* The page at full size and halved again and again (2, 4, 8 times smaller), so that a zoomed-out
 * view draws a texture near its own size: software renderers scale a big texture slowly. An
 * array of GdkTexture, the full size first. */
void        mrg_page_render_levels_async  (const MrgPageSource *source,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray  *mrg_page_render_levels_finish (GAsyncResult        *result,
                                           GError             **error);
/* The same, blocking: for workers and benchmarks. */
GdkTexture *mrg_page_render               (const MrgPageSource *source,
                                           int                  max_width,
                                           GError             **error);

G_END_DECLS

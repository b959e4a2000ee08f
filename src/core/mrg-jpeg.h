/* mrg-jpeg.h: decoding JPEG scans with libjpeg, quietly and strictly
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

G_BEGIN_DECLS

/* Decodes a JPEG into an 8-bit grey or 32-bit RGB PIX; NULL if the file is damaged or truncated
 * (any libjpeg warning counts) or has more than max_pixels. The size from the header is returned
 * even then, so the caller can say which. */
PIX *mrg_jpeg_read (const char *path,
                    guint64     max_pixels,
                    int        *out_width,
                    int        *out_height);

G_END_DECLS

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
/* The same, always 8-bit grey: a colour scan is turned to grey line by line as it is decoded,
 * exactly as pixConvertTo8 would turn the whole colour page, without a colour page (4 bytes a
 * pixel, 160 MB for a register spread) ever in memory. */
PIX *mrg_jpeg_read_grey (const char *path,
                         guint64     max_pixels,
                         int        *out_width,
                         int        *out_height);

G_END_DECLS

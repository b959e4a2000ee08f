/* mrg-jpeg.c: decoding JPEG scans with libjpeg, quietly and strictly
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-jpeg"

#include "mrg-jpeg.h"

#include <glib/gstdio.h>
#include <setjmp.h>
#include <stdio.h>
#include <jpeglib.h>

/* leptonica's JPEG reader lets libjpeg print its warnings on stderr; a damaged scan must give
 * one clear line naming the file instead, so Muragat decodes JPEG itself and treats every
 * warning (a truncated file among them) as damage. */

typedef struct
{
  struct jpeg_error_mgr parent;
  jmp_buf jump;
  gboolean warned;
} QuietError;

static void
quiet_error_exit (j_common_ptr cinfo)
{
  QuietError *err = (QuietError *) cinfo->err;

  longjmp (err->jump, 1);
}

static void
quiet_emit_message (j_common_ptr cinfo,
                    int          level)
{
  QuietError *err = (QuietError *) cinfo->err;

  if (level < 0)
    err->warned = TRUE;
}

static void
quiet_output_message (j_common_ptr cinfo)
{
}

/* The grey of an RGB pixel as pixConvertTo8 computes it (leptonica's luminance weights, in
 * single precision, rounded), so that a page decoded straight to grey is the same image, bit
 * for bit, as the colour page converted afterwards. */
static inline l_uint8
luminance (int r,
           int g,
           int b)
{
  l_float32 sum = L_RED_WEIGHT * r + L_GREEN_WEIGHT * g + L_BLUE_WEIGHT * b;

  return (l_uint8) (l_int32) (sum + 0.5);
}

static PIX *
read_jpeg (const char *path,
           guint64     max_pixels,
           gboolean    grey,
           int        *out_width,
           int        *out_height)
{
  struct jpeg_decompress_struct cinfo;
  QuietError err;
  FILE *file;
  PIX *volatile pix = NULL;
  JSAMPROW volatile line = NULL;

  file = g_fopen (path, "rb");
  if (file == NULL)
    return NULL;

  cinfo.err = jpeg_std_error (&err.parent);
  err.parent.error_exit = quiet_error_exit;
  err.parent.emit_message = quiet_emit_message;
  err.parent.output_message = quiet_output_message;
  err.warned = FALSE;

  if (setjmp (err.jump))
    {
      jpeg_destroy_decompress (&cinfo);
      fclose (file);
      g_free (line);
      if (pix != NULL)
        {
          PIX *p = pix;

          pixDestroy (&p);
        }
      return NULL;
    }

  jpeg_create_decompress (&cinfo);
  jpeg_stdio_src (&cinfo, file);
  jpeg_read_header (&cinfo, TRUE);

  if (out_width != NULL)
    *out_width = cinfo.image_width;
  if (out_height != NULL)
    *out_height = cinfo.image_height;
  if ((guint64) cinfo.image_width * cinfo.image_height > max_pixels)
    {
      jpeg_destroy_decompress (&cinfo);
      fclose (file);
      return NULL;
    }

  if (cinfo.jpeg_color_space != JCS_GRAYSCALE)
    cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress (&cinfo);

  pix = pixCreate (cinfo.output_width, cinfo.output_height,
                   cinfo.output_components == 1 || grey ? 8 : 32);
  if (pix == NULL)
    longjmp (err.jump, 1);
  line = g_malloc ((gsize) cinfo.output_width * cinfo.output_components);

  while (cinfo.output_scanline < cinfo.output_height)
    {
      JSAMPROW rows[1] = { line };
      l_uint32 *dst = pixGetData (pix) + (gsize) cinfo.output_scanline * pixGetWpl (pix);

      jpeg_read_scanlines (&cinfo, rows, 1);
      if (cinfo.output_components == 1)
        {
          for (JDIMENSION x = 0; x < cinfo.output_width; x++)
            SET_DATA_BYTE (dst, x, line[x]);
        }
      else if (grey)
        {
          for (JDIMENSION x = 0; x < cinfo.output_width; x++)
            SET_DATA_BYTE (dst, x, luminance (line[3 * x], line[3 * x + 1], line[3 * x + 2]));
        }
      else
        {
          for (JDIMENSION x = 0; x < cinfo.output_width; x++)
            composeRGBPixel (line[3 * x], line[3 * x + 1], line[3 * x + 2], &dst[x]);
        }
    }

  jpeg_finish_decompress (&cinfo);

  if (cinfo.density_unit == 1 && cinfo.X_density > 0)
    pixSetResolution (pix, cinfo.X_density, cinfo.Y_density);
  else if (cinfo.density_unit == 2 && cinfo.X_density > 0)
    pixSetResolution (pix, (int) (cinfo.X_density * 2.54 + 0.5), (int) (cinfo.Y_density * 2.54 + 0.5));

  jpeg_destroy_decompress (&cinfo);
  fclose (file);
  g_free (line);

  if (err.warned)
    {
      PIX *p = pix;

      pixDestroy (&p);
      return NULL;
    }
  return pix;
}

PIX *
mrg_jpeg_read (const char *path,
               guint64     max_pixels,
               int        *out_width,
               int        *out_height)
{
  return read_jpeg (path, max_pixels, FALSE, out_width, out_height);
}

PIX *
mrg_jpeg_read_grey (const char *path,
                    guint64     max_pixels,
                    int        *out_width,
                    int        *out_height)
{
  return read_jpeg (path, max_pixels, TRUE, out_width, out_height);
}

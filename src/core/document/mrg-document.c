/* mrg-document.c: reading scans (images, TIFF, PDF) into page images
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-document"

#define _GNU_SOURCE /* memmem */

#include "config.h"

#include "mrg-document.h"
#include "mrg-jpeg.h"
#include "mrg-pagexml.h"

#include <cairo.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <png.h>
#include <poppler.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

G_DEFINE_QUARK (mrg-document-error-quark, mrg_document_error)

/* poppler-glib 22.12 defines no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* poppler-glib is not safe to use from several threads at once, even on separate documents in
 * some versions; Papers serialises its use too. */
static GMutex poppler_lock;

void
mrg_document_info_free (MrgDocumentInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->sha256);
  g_free (info->pages);
  g_free (info);
}

void
mrg_word_free (MrgWord *word)
{
  if (word == NULL)
    return;
  g_free (word->text);
  g_free (word);
}

char *
mrg_file_sha256 (const char    *path,
                 gint64        *out_size,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guchar *buffer = g_malloc (1 << 20);
  gint64 size = 0;
  FILE *file;
  size_t n;

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, MRG_DOCUMENT_ERROR,
                   saved == ENOENT ? MRG_DOCUMENT_ERROR_NOT_FOUND : MRG_DOCUMENT_ERROR_FAILED,
                   "%s: %s", path, saved == ENOENT ? _("no such file") : g_strerror (saved));
      return NULL;
    }

  while ((n = fread (buffer, 1, 1 << 20, file)) > 0)
    {
      g_checksum_update (checksum, buffer, n);
      size += n;
      if (g_cancellable_is_cancelled (cancellable))
        {
          fclose (file);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("%s: cancelled"), path);
          return NULL;
        }
    }
  if (ferror (file))
    {
      int saved = errno;

      fclose (file);
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_FAILED,
                   _("%s: cannot be read: %s"), path, g_strerror (saved));
      return NULL;
    }
  fclose (file);

  if (out_size != NULL)
    *out_size = size;
  return g_strdup (g_checksum_get_string (checksum));
}

typedef enum
{
  FORMAT_UNKNOWN,
  FORMAT_PNG,
  FORMAT_JPEG,
  FORMAT_TIFF,
  FORMAT_WEBP,
  FORMAT_PDF,
  FORMAT_PAGE_XML,
} Format;

static Format
sniff_format (const char *path,
              GError    **error)
{
  guchar head[1024] = { 0 };
  size_t n;
  FILE *file = g_fopen (path, "rb");

  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, MRG_DOCUMENT_ERROR,
                   saved == ENOENT ? MRG_DOCUMENT_ERROR_NOT_FOUND : MRG_DOCUMENT_ERROR_FAILED,
                   "%s: %s", path, saved == ENOENT ? _("no such file") : g_strerror (saved));
      return FORMAT_UNKNOWN;
    }
  n = fread (head, 1, sizeof head, file);
  fclose (file);

  if (n == 0)
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_EMPTY, _("%s: the file is empty"),
                   path);
      return FORMAT_UNKNOWN;
    }
  if (n >= 8 && memcmp (head, "\x89PNG\r\n\x1a\n", 8) == 0)
    return FORMAT_PNG;
  if (n >= 3 && memcmp (head, "\xff\xd8\xff", 3) == 0)
    return FORMAT_JPEG;
  if (n >= 4 && (memcmp (head, "II*\0", 4) == 0 || memcmp (head, "MM\0*", 4) == 0))
    return FORMAT_TIFF;
  if (n >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0)
    return FORMAT_WEBP;
  /* The PDF header may be preceded by junk, which readers accept within the first kilobyte. */
  if (memmem (head, n, "%PDF-", 5) != NULL)
    return FORMAT_PDF;
  if (mrg_pagexml_sniff (path))
    return FORMAT_PAGE_XML;

  {
    g_autofree char *lower = g_ascii_strdown (path, -1);

    if (g_str_has_suffix (lower, ".pdf"))
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_UNSUPPORTED,
                   _("%s: not a PDF (it does not start with %%PDF); is it another kind of file?"),
                   path);
    else
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_UNSUPPORTED,
                   _("%s: not a scan Muragat can read (PNG, JPEG, TIFF, WebP, PDF or PAGE XML)"),
                   path);
  }
  return FORMAT_UNKNOWN;
}

gboolean
mrg_document_check_pixels (const char  *path,
                           int          page,
                           gint64       width,
                           gint64       height,
                           GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                   _("%s: page %d has no pixels; the file is damaged"), path, page);
      return FALSE;
    }
  if ((guint64) width * (guint64) height > MRG_DOCUMENT_MAX_PIXELS)
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_TOO_LARGE,
                   _("%s: page %d is %lld×%lld pixels, more than "
                     "the limit of %u million pixels a page"),
                   path, page, (long long) width, (long long) height,
                   MRG_DOCUMENT_MAX_PIXELS / 1000000u);
      return FALSE;
    }
  return TRUE;
}

static void
png_error_cb (png_structp     png,
              png_const_charp message)
{
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp     png,
                png_const_charp message)
{
}

/* leptonica leaves libpng's own error line ("libpng error: Read Error") on stderr for a
 * damaged PNG, beside our message: decode it once here, quietly, and refuse it ourselves. */
static gboolean
png_decodes (const char *path)
{
  FILE *file = g_fopen (path, "rb");
  png_structp png;
  png_infop info;
  png_bytep volatile row = NULL;
  volatile gboolean ok = FALSE;

  if (file == NULL)
    return FALSE;
  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, png_error_cb, png_warning_cb);
  info = png != NULL ? png_create_info_struct (png) : NULL;
  if (info == NULL)
    goto out;
  if (setjmp (png_jmpbuf (png)) == 0)
    {
      int passes;
      png_uint_32 height;

      png_init_io (png, file);
      png_read_info (png, info);
      passes = png_set_interlace_handling (png);
      png_read_update_info (png, info);
      height = png_get_image_height (png, info);
      row = g_malloc (png_get_rowbytes (png, info));
      for (int pass = 0; pass < passes; pass++)
        for (png_uint_32 y = 0; y < height; y++)
          png_read_row (png, row, NULL);
      png_read_end (png, NULL);
      ok = TRUE;
    }
out:
  png_destroy_read_struct (&png, info != NULL ? &info : NULL, NULL);
  g_free (row);
  fclose (file);
  return ok;
}

static PIX *
decode_image (const char *path,
              Format      format,
              int         page,
              gboolean    grey,
              GError    **error)
{
  PIX *pix = NULL;

  mrg_core_init ();

  if (format == FORMAT_JPEG)
    {
      pix = grey ? mrg_jpeg_read_grey (path, MRG_DOCUMENT_MAX_PIXELS, NULL, NULL)
                 : mrg_jpeg_read (path, MRG_DOCUMENT_MAX_PIXELS, NULL, NULL);
    }
  else if (format == FORMAT_TIFF)
    pix = pixReadTiff (path, page - 1);
  else if (format != FORMAT_PNG || png_decodes (path))
    pix = pixRead (path);

  if (pix == NULL)
    {
      if (format == FORMAT_TIFF)
        g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                     _("%s: page %d cannot be decoded; the file is damaged or truncated"),
                     path, page);
      else
        g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                     _("%s: the image cannot be decoded; the file is damaged or truncated"), path);
    }
  return pix;
}

static double
pix_dpi (PIX *pix)
{
  int res = pixGetXRes (pix);

  return res > 0 ? res : MRG_DOCUMENT_DEFAULT_DPI;
}

/* The number of pages of a TIFF file, 0 when it cannot be read. */
static int
tiff_count_pages (const char *path)
{
  FILE *file = g_fopen (path, "rb");
  l_int32 count = 0;

  if (file == NULL)
    return 0;
  if (tiffGetCount (file, &count) != 0)
    count = 0;
  fclose (file);
  return count;
}

static gboolean
probe_image (MrgDocumentInfo  *info,
             Format            format,
             GCancellable     *cancellable,
             GError          **error)
{
  l_int32 fmt, w = 0, h = 0, bps, spp, cmap;
  int n_pages = 1;

  mrg_core_init ();

  if (format == FORMAT_TIFF)
    {
      n_pages = tiff_count_pages (info->path);
      if (n_pages < 1)
        {
          g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                       _("%s: the TIFF file is damaged (no readable page)"), info->path);
          return FALSE;
        }
    }

  info->kind = format == FORMAT_TIFF ? MRG_DOCUMENT_KIND_TIFF : MRG_DOCUMENT_KIND_IMAGE;
  info->n_pages = n_pages;
  info->pages = g_new0 (MrgPageInfo, n_pages);

  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(PIX) pix = NULL;
      l_int32 res = 0;
      gboolean header_ok;

      if (format == FORMAT_TIFF)
        header_ok = readHeaderTiff (info->path, i, &w, &h, &bps, &spp, &res, &cmap, &fmt) == 0;
      else
        header_ok = pixReadHeader (info->path, &fmt, &w, &h, &bps, &spp, &cmap) == 0;
      if (!header_ok)
        {
          g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                       _("%s: the image header cannot be read; the file is damaged"), info->path);
          return FALSE;
        }
      /* Refuse before decoding: a header may claim a size that would exhaust memory. */
      if (!mrg_document_check_pixels (info->path, i + 1, w, h, error))
        return FALSE;

      pix = decode_image (info->path, format, i + 1, FALSE, error);
      if (pix == NULL)
        return FALSE;
      info->pages[i].width = pixGetWidth (pix);
      info->pages[i].height = pixGetHeight (pix);
      info->pages[i].dpi = pix_dpi (pix);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
pdf_has_end_marker (const char *path)
{
  char tail[2048];
  size_t n;
  FILE *file = g_fopen (path, "rb");

  if (file == NULL)
    return FALSE;
  if (fseek (file, -(long) sizeof tail, SEEK_END) != 0)
    rewind (file);
  n = fread (tail, 1, sizeof tail, file);
  fclose (file);
  return memmem (tail, n, "%%EOF", 5) != NULL;
}

static PopplerDocument *
open_pdf (const char  *path,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PopplerDocument *document;

  document = poppler_document_new_from_gfile (file, NULL, NULL, &local_error);
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_ENCRYPTED,
                     _("%s: the PDF is encrypted and cannot be opened without its password"), path);
      else if (local_error->domain == G_IO_ERROR)
        g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_FAILED,
                     _("%s: cannot be read: %s"), path, local_error->message);
      else
        g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                     _("%s: the PDF is damaged and cannot be opened"), path);
    }
  return document;
}

static void
pdf_page_pixels (PopplerPage *page,
                 double       dpi,
                 int         *width,
                 int         *height)
{
  double w_pt, h_pt;

  poppler_page_get_size (page, &w_pt, &h_pt);
  *width = (int) floor (w_pt * dpi / 72.0 + 0.5);
  *height = (int) floor (h_pt * dpi / 72.0 + 0.5);
}

static gboolean
probe_pdf (MrgDocumentInfo  *info,
           double            dpi,
           GCancellable     *cancellable,
           GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  int n_pages;

  /* poppler rebuilds a truncated file's cross-reference table and then shows blank pages. */
  if (!pdf_has_end_marker (info->path))
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                   _("%s: the PDF is truncated (it has no end-of-file marker)"), info->path);
      return FALSE;
    }

  locker = g_mutex_locker_new (&poppler_lock);
  document = open_pdf (info->path, error);
  if (document == NULL)
    return FALSE;

  n_pages = poppler_document_get_n_pages (document);
  if (n_pages < 1)
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                   _("%s: the PDF has no pages"), info->path);
      return FALSE;
    }

  info->kind = MRG_DOCUMENT_KIND_PDF;
  info->n_pages = n_pages;
  info->pages = g_new0 (MrgPageInfo, n_pages);
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);

      if (page == NULL)
        {
          g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                       _("%s: page %d of the PDF is damaged"), info->path, i + 1);
          return FALSE;
        }
      pdf_page_pixels (page, dpi, &info->pages[i].width, &info->pages[i].height);
      info->pages[i].dpi = dpi;
      if (!mrg_document_check_pixels (info->path, i + 1, info->pages[i].width,
                                      info->pages[i].height, error))
        return FALSE;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  return TRUE;
}

MrgDocumentInfo *
mrg_document_probe (const char    *path,
                    double         pdf_dpi,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(MrgDocumentInfo) info = NULL;
  struct stat st;
  Format format;

  g_return_val_if_fail (path != NULL, NULL);

  if (pdf_dpi <= 0)
    pdf_dpi = MRG_DOCUMENT_DEFAULT_DPI;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, MRG_DOCUMENT_ERROR,
                   saved == ENOENT ? MRG_DOCUMENT_ERROR_NOT_FOUND : MRG_DOCUMENT_ERROR_FAILED,
                   "%s: %s", path, saved == ENOENT ? _("no such file") : g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_UNSUPPORTED,
                   _("%s: is a folder, not a scan"), path);
      return NULL;
    }

  format = sniff_format (path, error);
  if (format == FORMAT_UNKNOWN)
    return NULL;

  info = g_new0 (MrgDocumentInfo, 1);
  info->path = g_strdup (path);

  switch (format)
    {
    case FORMAT_PDF:
      if (!probe_pdf (info, pdf_dpi, cancellable, error))
        return NULL;
      break;
    case FORMAT_PAGE_XML:
      info->kind = MRG_DOCUMENT_KIND_PAGE_XML;
      break;
    case FORMAT_PNG:
    case FORMAT_JPEG:
    case FORMAT_TIFF:
    case FORMAT_WEBP:
      if (!probe_image (info, format, cancellable, error))
        return NULL;
      break;
    case FORMAT_UNKNOWN:
    default:
      g_assert_not_reached ();
    }

  info->sha256 = mrg_file_sha256 (path, &info->size, cancellable, error);
  if (info->sha256 == NULL)
    return NULL;

  return g_steal_pointer (&info);
}

/* cairo's ARGB32 is premultiplied, native-endian; a 32-bpp PIX is R, G, B, A from the top byte. */
static PIX *
pix_from_cairo (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data;
  PIX *pix;
  l_uint32 *pix_data;
  int wpl;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  pix = pixCreate (width, height, 32);
  if (pix == NULL)
    return NULL;
  pix_data = pixGetData (pix);
  wpl = pixGetWpl (pix);

  for (int y = 0; y < height; y++)
    {
      const guint32 *src = (const guint32 *) (data + (gsize) y * stride);
      l_uint32 *dst = pix_data + (gsize) y * wpl;

      for (int x = 0; x < width; x++)
        {
          guint32 p = src[x];
          l_uint32 r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

          dst[x] = (r << L_RED_SHIFT) | (g << L_GREEN_SHIFT) | (b << L_BLUE_SHIFT) | 0xff;
        }
    }
  return pix;
}

static PIX *
render_pdf_page (const char  *path,
                 int          page_number,
                 double       dpi,
                 GError     **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&poppler_lock);
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(PopplerPage) page = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;
  PIX *pix;

  document = open_pdf (path, error);
  if (document == NULL)
    return NULL;
  page = poppler_document_get_page (document, page_number - 1);
  if (page == NULL)
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                   _("%s: page %d is missing from the PDF"), path, page_number);
      return NULL;
    }

  pdf_page_pixels (page, dpi, &width, &height);
  if (!mrg_document_check_pixels (path, page_number, width, height, error))
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_FAILED,
                   _("%s: page %d could not be rendered: not enough memory"), path, page_number);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  poppler_page_render_for_printing (page, cr);
  cairo_destroy (cr);

  pix = pix_from_cairo (surface);
  cairo_surface_destroy (surface);
  if (pix == NULL)
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_FAILED,
                   _("%s: page %d could not be rendered: not enough memory"), path, page_number);
      return NULL;
    }
  pixSetResolution (pix, (int) (dpi + 0.5), (int) (dpi + 0.5));
  return pix;
}

static PIX *
load_page (const char      *path,
           MrgDocumentKind  kind,
           int              page_number,
           double           dpi,
           gboolean         grey,
           GError         **error)
{
  Format format;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (page_number >= 1, NULL);

  if (dpi <= 0)
    dpi = MRG_DOCUMENT_DEFAULT_DPI;

  if (kind == MRG_DOCUMENT_KIND_PDF)
    return render_pdf_page (path, page_number, dpi, error);

  format = sniff_format (path, error);
  if (format == FORMAT_UNKNOWN)
    return NULL;
  if (format == FORMAT_PDF)
    return render_pdf_page (path, page_number, dpi, error);
  if (format == FORMAT_PAGE_XML)
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_UNSUPPORTED,
                   _("%s: a PAGE XML file has no image of its own"), path);
      return NULL;
    }
  if (format != FORMAT_TIFF && page_number != 1)
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_NOT_FOUND,
                   _("%s: the image has one page, not %d"), path, page_number);
      return NULL;
    }

  {
    l_int32 fmt, w = 0, h = 0, bps, spp, cmap, res;
    gboolean header_ok;

    mrg_core_init ();
    if (format == FORMAT_TIFF)
      {
        /* leptonica leaks the open TIFF when asked for a page past the end: count first. */
        int n_pages = tiff_count_pages (path);

        if (page_number > n_pages)
          {
            g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                         _("%s: page %d cannot be read; the file has %d pages"), path, page_number,
                         n_pages);
            return NULL;
          }
        header_ok = readHeaderTiff (path, page_number - 1, &w, &h, &bps, &spp, &res, &cmap,
                                    &fmt) == 0;
      }
    else
      header_ok = pixReadHeader (path, &fmt, &w, &h, &bps, &spp, &cmap) == 0;
    if (!header_ok)
      {
        g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                     _("%s: page %d cannot be read; the file is damaged"), path, page_number);
        return NULL;
      }
    if (!mrg_document_check_pixels (path, page_number, w, h, error))
      return NULL;
  }

  return decode_image (path, format, page_number, grey, error);
}

/* Messages name the file first, by its bytes; a file name that is not UTF-8 (Latin-1, common
 * in archives) is shown as g_filename_display_name() does, so the message is valid text. */
static void
show_path_in_error (GError     **error,
                    const char  *path)
{
  g_autofree char *shown = NULL;
  char *message;

  if (error == NULL || *error == NULL || g_utf8_validate (path, -1, NULL) ||
      !g_str_has_prefix ((*error)->message, path))
    return;
  shown = g_filename_display_name (path);
  message = g_strconcat (shown, (*error)->message + strlen (path), NULL);
  g_free ((*error)->message);
  (*error)->message = message;
}

PIX *
mrg_document_load_page (const char      *path,
                        MrgDocumentKind  kind,
                        int              page_number,
                        double           dpi,
                        GError         **error)
{
  PIX *pix = load_page (path, kind, page_number, dpi, FALSE, error);

  if (pix == NULL)
    show_path_in_error (error, path);
  return pix;
}

PIX *
mrg_document_load_page_grey (const char      *path,
                             MrgDocumentKind  kind,
                             int              page_number,
                             double           dpi,
                             GError         **error)
{
  PIX *pix = load_page (path, kind, page_number, dpi, TRUE, error);
  PIX *grey;

  if (pix == NULL)
    show_path_in_error (error, path);
  if (pix == NULL || (pixGetDepth (pix) == 8 && pixGetColormap (pix) == NULL))
    return pix;
  grey = pixConvertTo8 (pix, FALSE);
  pixDestroy (&pix);
  if (grey == NULL)
    g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_FAILED,
                 _("%s: page %d could not be turned to grey: not enough memory"),
                 path, page_number);
  return grey;
}

static gboolean
is_word_break (gunichar c)
{
  return g_unichar_isspace (c) || c == 0;
}

/* Ends the word being collected, if any, with its box in pixels. */
static void
flush_word (GPtrArray *words,
            GString   *current,
            double     x1,
            double     y1,
            double     x2,
            double     y2)
{
  MrgWord *word;

  if (current->len == 0)
    return;
  word = g_new0 (MrgWord, 1);
  word->text = g_strdup (current->str);
  word->box.x1 = (int) floor (x1);
  word->box.y1 = (int) floor (y1);
  word->box.x2 = (int) ceil (x2);
  word->box.y2 = (int) ceil (y2);
  g_ptr_array_add (words, word);
  g_string_truncate (current, 0);
}

/* The text of a PDF page and one rectangle (points) per character of it, in reading order. */
static gboolean
load_text_layout (const char        *path,
                  int                page_number,
                  char             **out_text,
                  PopplerRectangle **out_rects,
                  guint             *out_n_rects,
                  GError           **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&poppler_lock);
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(PopplerPage) page = NULL;

  *out_text = NULL;
  *out_rects = NULL;
  *out_n_rects = 0;
  document = open_pdf (path, error);
  if (document == NULL)
    return FALSE;
  page = poppler_document_get_page (document, page_number - 1);
  if (page == NULL)
    {
      g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED,
                   _("%s: page %d is missing from the PDF"), path, page_number);
      return FALSE;
    }
  *out_text = poppler_page_get_text (page);
  if (*out_text == NULL || !poppler_page_get_text_layout (page, out_rects, out_n_rects))
    {
      g_clear_pointer (out_text, g_free);
      *out_rects = NULL;
      *out_n_rects = 0;
    }
  return TRUE;
}

GPtrArray *
mrg_document_get_words (const char  *path,
                        int          page_number,
                        double       dpi,
                        GError     **error)
{
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_word_free);
  g_autofree char *text = NULL;
  g_autofree PopplerRectangle *rects = NULL;
  g_autoptr(GString) current = g_string_new (NULL);
  guint n_rects = 0;
  double scale = (dpi > 0 ? dpi : MRG_DOCUMENT_DEFAULT_DPI) / 72.0;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  double last_x1 = 0;
  const char *p;
  guint i = 0;

  if (!load_text_layout (path, page_number, &text, &rects, &n_rects, error))
    return NULL;
  if (text == NULL)
    return g_steal_pointer (&words);

  /* One rectangle per character of the page's text, in reading order. */
  for (p = text; *p != '\0' && i < n_rects; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);

      if (is_word_break (c))
        {
          flush_word (words, current, x1 * scale, y1 * scale, x2 * scale, y2 * scale);
          continue;
        }

      /* poppler does not always put a space or a line break between the end of one cell's text
       * and the next: a character on another line, or back to the left, starts a new word. */
      if (current->len > 0)
        {
          double mid = (rects[i].y1 + rects[i].y2) / 2;
          double height = MAX (y2 - y1, 1.0);

          if (mid < y1 || mid > y2 || rects[i].x1 < last_x1 - height / 2 ||
              rects[i].x1 > x2 + height)
            flush_word (words, current, x1 * scale, y1 * scale, x2 * scale, y2 * scale);
        }
      last_x1 = rects[i].x1;

      if (current->len == 0)
        {
          x1 = rects[i].x1, y1 = rects[i].y1, x2 = rects[i].x2, y2 = rects[i].y2;
        }
      else
        {
          x1 = MIN (x1, rects[i].x1), y1 = MIN (y1, rects[i].y1);
          x2 = MAX (x2, rects[i].x2), y2 = MAX (y2, rects[i].y2);
        }
      g_string_append_unichar (current, c);
    }
  flush_word (words, current, x1 * scale, y1 * scale, x2 * scale, y2 * scale);

  return g_steal_pointer (&words);
}

GPtrArray *
mrg_document_get_chars (const char  *path,
                        int          page_number,
                        double       dpi,
                        GError     **error)
{
  g_autoptr(GPtrArray) chars = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_word_free);
  g_autofree char *text = NULL;
  g_autofree PopplerRectangle *rects = NULL;
  guint n_rects = 0, i = 0;
  double scale = (dpi > 0 ? dpi : MRG_DOCUMENT_DEFAULT_DPI) / 72.0;

  if (!load_text_layout (path, page_number, &text, &rects, &n_rects, error))
    return NULL;
  for (const char *p = text; p != NULL && *p != '\0' && i < n_rects; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);
      MrgWord *ch;

      if (is_word_break (c))
        continue;
      ch = g_new0 (MrgWord, 1);
      ch->text = g_ucs4_to_utf8 (&c, 1, NULL, NULL, NULL);
      ch->box = (MrgBox) { (int) floor (rects[i].x1 * scale), (int) floor (rects[i].y1 * scale),
                           (int) ceil (rects[i].x2 * scale), (int) ceil (rects[i].y2 * scale) };
      g_ptr_array_add (chars, ch);
    }
  return g_steal_pointer (&chars);
}

/* mrg-export-pdf.c: searchable PDF — each page's scan with the cell text as a hidden text layer
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-export"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <poppler.h>
#include <string.h>

#include "mrg-document.h"
#include "mrg-export-private.h"

/* cairo has no invisible text mode (PDF render mode 3), and it drops drawing that cannot show
 * (a transparent source), so the text is drawn first, in white on the white page, and the scan
 * over it: viewers and poppler still find, select and copy it, and nobody sees it. Each line of a cell is stretched
 * to the cell's width and gets an equal share of its height, so a selection lands on the cell.
 *
 * Pages are sized in points from the page's pixels and dpi (72 points per inch). A JPEG scan is
 * embedded as the JPEG itself (no re-encoding, no growth); other scans are embedded from their
 * decoded pixels; a PDF page is drawn from the PDF (kept vector) by poppler. */

#define TEXT_FONT "DejaVu Sans"

typedef struct
{
  cairo_surface_t *surface;
  cairo_t *cr;
  PopplerDocument *pdf;       /* the current document when it is a PDF */
  gint64 pdf_doc_id;
  char *failure;              /* the first problem with a scan, a message a person can act on */
} PdfState;

static double
points_per_pixel (const MrgExportPage *page)
{
  return 72.0 / (page->dpi > 0 ? page->dpi : MRG_DOCUMENT_DEFAULT_DPI);
}

static void
draw_cell_text (cairo_t             *cr,
                const MrgExportCell *cell)
{
  g_auto(GStrv) lines = NULL;
  double box_w = cell->box.x2 - cell->box.x1;
  double box_h = cell->box.y2 - cell->box.y1;
  guint n_lines;

  if (*cell->text == '\0' || box_w <= 0 || box_h <= 0)
    return;
  lines = g_strsplit (cell->text, "\n", -1);
  n_lines = g_strv_length (lines);
  for (guint i = 0; i < n_lines; i++)
    {
      double line_h = box_h / n_lines;
      cairo_text_extents_t ext;

      if (*lines[i] == '\0')
        continue;
      cairo_save (cr);
      cairo_set_font_size (cr, line_h * 0.75);
      cairo_text_extents (cr, lines[i], &ext);
      cairo_translate (cr, cell->box.x1, cell->box.y1 + line_h * i + line_h * 0.8);
      if (ext.x_advance > 0)
        cairo_scale (cr, box_w / ext.x_advance, 1.0);
      cairo_move_to (cr, 0, 0);
      cairo_show_text (cr, lines[i]);
      cairo_restore (cr);
    }
}

static void
free_jpeg_data (void *data)
{
  g_free (data);
}

/* The scan as a cairo surface in page pixels; NULL with state->failure set when unreadable. */
static cairo_surface_t *
load_scan (PdfState                *state,
           const MrgExportDocument *doc,
           const MrgExportPage     *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PIX) pix = NULL;
  g_autoptr(PIX) rgb = NULL;
  cairo_surface_t *surface;
  unsigned char *data;
  int stride, w, h;

  pix = mrg_document_load_page (doc->path, doc->kind, page->number, page->dpi, &error);
  if (pix == NULL)
    {
      state->failure = g_strdup (error->message);
      return NULL;
    }
  rgb = pixConvertTo32 (pix);
  if (rgb == NULL)
    {
      state->failure = g_strdup_printf (_("%s: page %d could not be converted"), doc->display_path,
                                        page->number);
      return NULL;
    }
  w = pixGetWidth (rgb);
  h = pixGetHeight (rgb);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      state->failure = g_strdup_printf (_("%s: page %d is too large to draw"), doc->display_path,
                                        page->number);
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    {
      const l_uint32 *src = pixGetData (rgb) + (gsize) y * pixGetWpl (rgb);
      guint32 *dst = (guint32 *) (data + (gsize) y * stride);

      /* leptonica keeps 0xRRGGBBAA words, cairo 0x00RRGGBB */
      for (int x = 0; x < w; x++)
        dst[x] = src[x] >> 8;
    }
  cairo_surface_mark_dirty (surface);

  /* a JPEG scan goes into the PDF as the very same JPEG */
  if (doc->kind == MRG_DOCUMENT_KIND_IMAGE)
    {
      g_autofree char *lower = g_ascii_strdown (doc->path, -1);

      if (g_str_has_suffix (lower, ".jpg") || g_str_has_suffix (lower, ".jpeg"))
        {
          char *bytes = NULL;
          gsize len = 0;

          if (g_file_get_contents (doc->path, &bytes, &len, NULL))
            cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, (unsigned char *) bytes,
                                         len, free_jpeg_data, bytes);
        }
    }
  return surface;
}

static gboolean
pdf_begin_page (MrgExportContext        *ctx,
                const MrgExportDocument *doc,
                const MrgExportPage     *page,
                GError                 **error)
{
  PdfState *state = ctx->format_data;
  double k = points_per_pixel (page);

  cairo_pdf_surface_set_size (state->surface, page->width * k, page->height * k);
  /* white paper under everything: a PDF page may leave its background transparent. It must
   * come first: cairo drops what an opaque paint covers. */
  cairo_set_source_rgb (state->cr, 1, 1, 1);
  cairo_paint (state->cr);
  cairo_save (state->cr);
  cairo_scale (state->cr, k, k);
  cairo_select_font_face (state->cr, TEXT_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  /* white on white: where a born-digital page leaves the paper bare, the layer stays unseen */
  cairo_set_source_rgb (state->cr, 1, 1, 1);
  return TRUE;
}

static gboolean
pdf_table (MrgExportContext        *ctx,
           const MrgExportDocument *doc,
           const MrgExportPage     *page,
           const MrgExportTable    *table,
           GError                 **error)
{
  PdfState *state = ctx->format_data;

  for (guint r = 0; r < table->rows->len; r++)
    {
      const MrgExportRow *row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < row->cells->len; c++)
        draw_cell_text (state->cr, &g_array_index (row->cells, MrgExportCell, c));
    }
  return TRUE;
}

static gboolean
draw_pdf_page (PdfState                *state,
               const MrgExportDocument *doc,
               const MrgExportPage     *page)
{
  g_autoptr(GObject) page_object = NULL;
  PopplerPage *pp;
  double k = points_per_pixel (page);
  double pw, ph;

  if (state->pdf_doc_id != doc->id)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (doc->path);

      g_clear_object (&state->pdf);
      state->pdf = poppler_document_new_from_gfile (file, NULL, NULL, &error);
      state->pdf_doc_id = doc->id;
      if (state->pdf == NULL)
        {
          state->failure = g_strdup_printf (_("%s: cannot be read: %s"), doc->display_path,
                                            error->message);
          return FALSE;
        }
    }
  pp = poppler_document_get_page (state->pdf, page->number - 1);
  page_object = (GObject *) pp;
  if (pp == NULL)
    {
      state->failure = g_strdup_printf (_("%s: has no page %d"), doc->display_path, page->number);
      return FALSE;
    }
  poppler_page_get_size (pp, &pw, &ph);
  cairo_save (state->cr);
  cairo_scale (state->cr, page->width * k / pw, page->height * k / ph);
  poppler_page_render_for_printing (pp, state->cr);
  cairo_restore (state->cr);
  return TRUE;
}

static gboolean
pdf_end_page (MrgExportContext        *ctx,
              const MrgExportDocument *doc,
              const MrgExportPage     *page,
              GError                 **error)
{
  PdfState *state = ctx->format_data;
  gboolean drawn;

  cairo_restore (state->cr);  /* back to points */
  if (doc->kind == MRG_DOCUMENT_KIND_PDF)
    drawn = draw_pdf_page (state, doc, page);
  else
    {
      cairo_surface_t *scan = load_scan (state, doc, page);
      double k = points_per_pixel (page);

      drawn = scan != NULL;
      if (drawn)
        {
          cairo_save (state->cr);
          /* the scan fills the page even if its pixels differ a little from the record */
          cairo_scale (state->cr, page->width * k / cairo_image_surface_get_width (scan),
                       page->height * k / cairo_image_surface_get_height (scan));
          cairo_set_source_surface (state->cr, scan, 0, 0);
          cairo_paint (state->cr);
          cairo_restore (state->cr);
          cairo_surface_destroy (scan);
        }
    }
  if (!drawn)
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_READ,
                   _("%s: the scan of a page cannot be drawn: %s"), ctx->out_path,
                   state->failure);
      return FALSE;
    }
  cairo_show_page (state->cr);
  if (cairo_status (state->cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), ctx->out_path,
                   cairo_status_to_string (cairo_status (state->cr)));
      return FALSE;
    }
  return TRUE;
}

static const MrgExportWriter pdf_writer = {
  .begin_page = pdf_begin_page,
  .table = pdf_table,
  .end_page = pdf_end_page,
};

gboolean
_mrg_export_pdf_run (MrgExportContext  *ctx,
                     GError           **error)
{
  PdfState state = { 0 };
  cairo_status_t status;
  gboolean ok;

  state.surface = cairo_pdf_surface_create (ctx->write_path, 595, 842);
  if (cairo_surface_status (state.surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), ctx->out_path,
                   cairo_status_to_string (cairo_surface_status (state.surface)));
      cairo_surface_destroy (state.surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (state.surface, CAIRO_PDF_METADATA_TITLE,
                                  mrg_store_get_display_name (ctx->store));
  cairo_pdf_surface_set_metadata (state.surface, CAIRO_PDF_METADATA_CREATOR,
                                  "Muragat " PACKAGE_VERSION);
  state.cr = cairo_create (state.surface);

  ctx->format_data = &state;
  ok = _mrg_export_walk (ctx, &pdf_writer, error);
  ctx->format_data = NULL;

  cairo_destroy (state.cr);
  cairo_surface_finish (state.surface);
  status = cairo_surface_status (state.surface);
  cairo_surface_destroy (state.surface);
  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), ctx->out_path,
                   cairo_status_to_string (status));
      ok = FALSE;
    }
  g_clear_object (&state.pdf);
  g_free (state.failure);
  return ok;
}

/* mrg-export-pagexml.c: PAGE XML 2019 export, one file per page
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libxml/xmlwriter.h>
#include <string.h>
#include <unistd.h>

#include "mrg-document.h"
#include "mrg-export-private.h"
#include "mrg-pagexml.h"

/* imageFilename: PAGE readers (Transkribus, eScriptorium) expect the image beside the XML. A
 * scan that is an image file is placed beside the XML as it is (see place_scan); the page of
 * a PDF or a multi-page TIFF has no file of its own, so it is written into the folder
 * (NAME_p001.jpg, or .png for a bilevel page) at the resolution its coordinates use. The full
 * path and SHA-256 of the source go into Metadata/Comments either way.
 *
 * The 2019 schema has no TableCell element (that is a Transkribus extension of 2013): a cell is
 * a TextRegion inside the TableRegion carrying Roles/TableCellRole with its row and column. This
 * is what validates against pagecontent-2019-07-15.xsd; the importer reads both forms. */

typedef struct
{
  xmlTextWriterPtr writer;
  char *temp_path;
  char *final_path;
  GPtrArray *written;     /* final paths written so far, removed again if the export fails */
  char *now;
  GHashTable *bases;      /* base name → the document id that has it */
  gint64 doc_id;          /* the document `base` belongs to */
  char *base;             /* its base name in this export: unique among the documents */
} PageXmlState;

/* Files are named after the scan and the page (list_p001.xml). Archives are full of scans with
 * the same name in different folders (0001.jpg): a second one gets its project id added
 * (0001-17_p001.xml) rather than overwriting the first one's files. */
static char *
page_file_name (PageXmlState            *state,
                const MrgExportDocument *doc,
                const MrgExportPage     *page,
                const char              *suffix)
{
  if (state->doc_id != doc->id)
    {
      g_autofree char *base = _mrg_export_document_base_name (doc);
      gpointer owner;

      g_free (state->base);
      if (g_hash_table_lookup_extended (state->bases, base, NULL, &owner) &&
          GPOINTER_TO_SIZE (owner) != (gsize) doc->id)
        state->base = g_strdup_printf ("%s-%" G_GINT64_FORMAT, base, doc->id);
      else
        state->base = g_strdup (base);
      g_hash_table_insert (state->bases, g_strdup (state->base), GSIZE_TO_POINTER ((gsize) doc->id));
      state->doc_id = doc->id;
    }
  return g_strdup_printf ("%s_p%03d%s", state->base, page->number, suffix);
}

static void
write_points (xmlTextWriterPtr     w,
              const MrgBox        *box,
              const MrgExportPage *page)
{
  /* PointsType allows no negative numbers; clamp to the page so that import accepts it again */
  int x1 = CLAMP (box->x1, 0, page->width);
  int y1 = CLAMP (box->y1, 0, page->height);
  int x2 = CLAMP (box->x2, 0, page->width);
  int y2 = CLAMP (box->y2, 0, page->height);

  xmlTextWriterStartElement (w, BAD_CAST "Coords");
  xmlTextWriterWriteFormatAttribute (w, BAD_CAST "points", "%d,%d %d,%d %d,%d %d,%d",
                                     x1, y1, x2, y1, x2, y2, x1, y2);
  xmlTextWriterEndElement (w);
}

static void
write_text_equiv (xmlTextWriterPtr  w,
                  const char       *text,
                  gboolean          has_conf,
                  double            confidence)
{
  xmlTextWriterStartElement (w, BAD_CAST "TextEquiv");
  if (has_conf)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%.4g", CLAMP (confidence / 100.0, 0.0, 1.0));
      xmlTextWriterWriteAttribute (w, BAD_CAST "conf", BAD_CAST buf);
    }
  xmlTextWriterWriteElement (w, BAD_CAST "Unicode", BAD_CAST text);
  xmlTextWriterEndElement (w);
}

static gboolean
xml_failed (MrgExportContext  *ctx,
            PageXmlState      *state,
            int                rc,
            GError           **error)
{
  if (rc >= 0)
    return TRUE;
  return _mrg_export_set_write_error (ctx, errno != 0 ? errno : EIO, error);
}

/* Writes the page image into the export folder; returns its file name. */
static char *
write_page_image (MrgExportContext        *ctx,
                  PageXmlState            *state,
                  const MrgExportDocument *doc,
                  const MrgExportPage     *page,
                  GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PIX) pix = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *template = NULL;
  gboolean bilevel;
  int fd, rc;

  pix = mrg_document_load_page (doc->path, doc->kind, page->number, page->dpi, &local_error);
  if (pix == NULL)
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_READ,
                   _("%s: the image of a page cannot be written: %s"), ctx->out_path,
                   local_error->message);
      return NULL;
    }
  bilevel = pixGetDepth (pix) == 1;
  name = page_file_name (state, doc, page, bilevel ? ".png" : ".jpg");
  path = g_build_filename (ctx->out_path, name, NULL);
  template = g_strdup_printf (".%s.XXXXXX", name);
  temp = g_build_filename (ctx->out_path, template, NULL);
  fd = g_mkstemp_full (temp, O_RDWR, 0644);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), path, g_strerror (errsv));
      return NULL;
    }
  close (fd);
  if (pixGetXRes (pix) == 0 && page->dpi > 0)
    pixSetResolution (pix, (l_int32) (page->dpi + 0.5), (l_int32) (page->dpi + 0.5));
  rc = bilevel ? pixWrite (temp, pix, IFF_PNG) : pixWriteJpeg (temp, pix, 92, 0);
  if (rc != 0 || g_rename (temp, path) != 0)
    {
      int errsv = errno;

      g_unlink (temp);
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), path,
                   g_strerror (errsv != 0 ? errsv : EIO));
      return NULL;
    }
  g_ptr_array_add (state->written, g_steal_pointer (&path));
  return g_steal_pointer (&name);
}

/* An image-file scan is copied beside the XML as it is, so that the folder is complete for a
 * PAGE reader (and for our own import). Not hard-linked: a program that later edits the copy in
 * place would change the archive's original scan. A scan that has gone missing is named by its
 * file name alone. */
static char *
place_scan (MrgExportContext        *ctx,
            PageXmlState            *state,
            const MrgExportDocument *doc,
            const MrgExportPage     *page,
            GError                 **error)
{
  g_autofree char *lower = g_ascii_strdown (doc->path, -1);
  const char *dot = strrchr (lower, '.');
  const char *suffix = dot != NULL && strchr (dot, '/') == NULL ? dot : ".img";
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *temp = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_test (doc->path, G_FILE_TEST_IS_REGULAR))
    return g_path_get_basename (doc->display_path);

  name = page_file_name (state, doc, page, suffix);
  path = g_build_filename (ctx->out_path, name, NULL);
  temp = g_strdup_printf ("%s.%u.tmp", path, g_random_int ());
  source = g_file_new_for_path (doc->path);
  target = g_file_new_for_path (temp);
  if (!g_file_copy (source, target, G_FILE_COPY_TARGET_DEFAULT_PERMS, ctx->monitor.cancellable,
                    NULL, NULL, &local_error))
    {
      g_unlink (temp);
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), path, local_error->message);
      return NULL;
    }
  if (g_rename (temp, path) != 0)
    {
      int errsv = errno;

      g_unlink (temp);
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), path, g_strerror (errsv));
      return NULL;
    }
  g_ptr_array_add (state->written, g_steal_pointer (&path));
  return g_steal_pointer (&name);
}

static gboolean
pagexml_begin_page (MrgExportContext        *ctx,
                    const MrgExportDocument *doc,
                    const MrgExportPage     *page,
                    GError                 **error)
{
  PageXmlState *state = ctx->format_data;
  g_autofree char *name = page_file_name (state, doc, page, ".xml");
  g_autofree char *image = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *template = NULL;
  xmlTextWriterPtr w;
  int fd;

  if (doc->kind == MRG_DOCUMENT_KIND_IMAGE)
    {
      if ((image = place_scan (ctx, state, doc, page, error)) == NULL)
        return FALSE;
    }
  else if ((image = write_page_image (ctx, state, doc, page, error)) == NULL)
    return FALSE;

  state->final_path = g_build_filename (ctx->out_path, name, NULL);
  template = g_strdup_printf (".%s.XXXXXX", name);
  state->temp_path = g_build_filename (ctx->out_path, template, NULL);
  fd = g_mkstemp_full (state->temp_path, O_RDWR, 0644);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), state->final_path, g_strerror (errsv));
      g_clear_pointer (&state->temp_path, g_free);
      return FALSE;
    }
  close (fd);

  w = state->writer = xmlNewTextWriterFilename (state->temp_path, 0);
  if (w == NULL)
    return _mrg_export_set_write_error (ctx, errno != 0 ? errno : EIO, error);
  xmlTextWriterSetIndent (w, 1);
  xmlTextWriterSetIndentString (w, BAD_CAST "  ");
  xmlTextWriterStartDocument (w, "1.0", "UTF-8", NULL);
  xmlTextWriterStartElementNS (w, NULL, BAD_CAST "PcGts", BAD_CAST MRG_PAGEXML_NS_2019);
  xmlTextWriterWriteAttributeNS (w, BAD_CAST "xmlns", BAD_CAST "xsi", NULL,
                                 BAD_CAST "http://www.w3.org/2001/XMLSchema-instance");
  xmlTextWriterWriteAttributeNS (w, BAD_CAST "xsi", BAD_CAST "schemaLocation", NULL,
                                 BAD_CAST MRG_PAGEXML_NS_2019 " " MRG_PAGEXML_NS_2019
                                 "/pagecontent.xsd");
  xmlTextWriterStartElement (w, BAD_CAST "Metadata");
  xmlTextWriterWriteElement (w, BAD_CAST "Creator", BAD_CAST "Muragat " PACKAGE_VERSION);
  xmlTextWriterWriteElement (w, BAD_CAST "Created", BAD_CAST state->now);
  xmlTextWriterWriteElement (w, BAD_CAST "LastChange", BAD_CAST state->now);
  /* provenance: the scan the coordinates refer to, by path and content */
  {
    char dpi[G_ASCII_DTOSTR_BUF_SIZE];

    g_ascii_formatd (dpi, sizeof dpi, "%g", page->dpi);
    comment = g_strdup_printf ("source: %s; sha256: %s; page: %d; dpi: %s", doc->display_path,
                               doc->sha256, page->number, dpi);
  }
  xmlTextWriterWriteElement (w, BAD_CAST "Comments", BAD_CAST comment);
  xmlTextWriterEndElement (w);

  xmlTextWriterStartElement (w, BAD_CAST "Page");
  xmlTextWriterWriteAttribute (w, BAD_CAST "imageFilename", BAD_CAST image);
  xmlTextWriterWriteFormatAttribute (w, BAD_CAST "imageWidth", "%d", page->width);
  xmlTextWriterWriteFormatAttribute (w, BAD_CAST "imageHeight", "%d", page->height);
  if (page->dpi > 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, "%g", page->dpi);
      xmlTextWriterWriteAttribute (w, BAD_CAST "imageXResolution", BAD_CAST buf);
      xmlTextWriterWriteAttribute (w, BAD_CAST "imageYResolution", BAD_CAST buf);
      xmlTextWriterWriteAttribute (w, BAD_CAST "imageResolutionUnit", BAD_CAST "PPI");
    }
  return TRUE;
}

static gboolean
pagexml_table (MrgExportContext        *ctx,
               const MrgExportDocument *doc,
               const MrgExportPage     *page,
               const MrgExportTable    *table,
               GError                 **error)
{
  PageXmlState *state = ctx->format_data;
  xmlTextWriterPtr w = state->writer;
  int n_rows = 0;

  for (guint r = 0; r < table->rows->len; r++)
    n_rows = MAX (n_rows, ((MrgExportRow *) g_ptr_array_index (table->rows, r))->index + 1);

  xmlTextWriterStartElement (w, BAD_CAST "TableRegion");
  xmlTextWriterWriteFormatAttribute (w, BAD_CAST "id", "t%d", table->index + 1);
  xmlTextWriterWriteFormatAttribute (w, BAD_CAST "rows", "%d", n_rows);
  xmlTextWriterWriteFormatAttribute (w, BAD_CAST "columns", "%u", table->n_columns);
  write_points (w, &table->area, page);

  for (guint r = 0; r < table->rows->len; r++)
    {
      const MrgExportRow *row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < row->cells->len; c++)
        {
          const MrgExportCell *cell = &g_array_index (row->cells, MrgExportCell, c);
          gboolean has_conf = cell->ocr_text != NULL && g_strcmp0 (cell->ocr_text, cell->text) == 0;
          g_autofree char *custom = NULL;

          xmlTextWriterStartElement (w, BAD_CAST "TextRegion");
          xmlTextWriterWriteFormatAttribute (w, BAD_CAST "id", "t%d_r%d_c%d", table->index + 1,
                                             row->index, cell->col);
          /* the row's verification and the cell's flags, in PAGE's free-form custom syntax */
          if (cell->flags != 0)
            custom = g_strdup_printf ("structure {type:table-cell;} muragat {status:%s; flags:%s;}",
                                      row->status, _mrg_export_flags_string (cell->flags));
          else
            custom = g_strdup_printf ("structure {type:table-cell;} muragat {status:%s;}",
                                      row->status);
          xmlTextWriterWriteAttribute (w, BAD_CAST "custom", BAD_CAST custom);
          write_points (w, &cell->box, page);
          xmlTextWriterStartElement (w, BAD_CAST "Roles");
          xmlTextWriterStartElement (w, BAD_CAST "TableCellRole");
          xmlTextWriterWriteFormatAttribute (w, BAD_CAST "rowIndex", "%d", row->index);
          xmlTextWriterWriteFormatAttribute (w, BAD_CAST "columnIndex", "%d", cell->col);
          if (cell->row_span > 1)
            xmlTextWriterWriteFormatAttribute (w, BAD_CAST "rowSpan", "%d", cell->row_span);
          if (cell->col_span > 1)
            xmlTextWriterWriteFormatAttribute (w, BAD_CAST "colSpan", "%d", cell->col_span);
          if (row->header)
            xmlTextWriterWriteAttribute (w, BAD_CAST "header", BAD_CAST "true");
          xmlTextWriterEndElement (w);
          xmlTextWriterEndElement (w);
          if (cell->text[0] != '\0')
            {
              xmlTextWriterStartElement (w, BAD_CAST "TextLine");
              xmlTextWriterWriteFormatAttribute (w, BAD_CAST "id", "t%d_r%d_c%d_l1",
                                                 table->index + 1, row->index, cell->col);
              write_points (w, &cell->box, page);
              write_text_equiv (w, cell->text, has_conf, cell->confidence);
              xmlTextWriterEndElement (w);
            }
          write_text_equiv (w, cell->text, has_conf, cell->confidence);
          if (xmlTextWriterEndElement (w) < 0)
            return xml_failed (ctx, state, -1, error);
        }
    }
  return xml_failed (ctx, state, xmlTextWriterEndElement (w), error);
}

static void
discard_page (PageXmlState *state)
{
  g_clear_pointer (&state->writer, xmlFreeTextWriter);
  if (state->temp_path != NULL)
    g_unlink (state->temp_path);
  g_clear_pointer (&state->temp_path, g_free);
  g_clear_pointer (&state->final_path, g_free);
}

static gboolean
pagexml_end_page (MrgExportContext        *ctx,
                  const MrgExportDocument *doc,
                  const MrgExportPage     *page,
                  GError                 **error)
{
  PageXmlState *state = ctx->format_data;
  int rc;

  xmlTextWriterEndElement (state->writer); /* Page */
  xmlTextWriterEndElement (state->writer); /* PcGts */
  rc = xmlTextWriterEndDocument (state->writer);
  /* freeing the writer flushes and closes the file: its result is the write's result */
  errno = 0;
  xmlFreeTextWriter (state->writer);
  state->writer = NULL;
  if (rc < 0 || errno == ENOSPC || errno == EIO)
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), state->final_path,
                   g_strerror (errno != 0 ? errno : EIO));
      return FALSE;
    }
  if (g_rename (state->temp_path, state->final_path) != 0)
    {
      int errsv = errno;

      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), state->final_path, g_strerror (errsv));
      return FALSE;
    }
  g_ptr_array_add (state->written, g_steal_pointer (&state->final_path));
  g_clear_pointer (&state->temp_path, g_free);
  return TRUE;
}

static const MrgExportWriter pagexml_writer = {
  .begin_page = pagexml_begin_page,
  .table = pagexml_table,
  .end_page = pagexml_end_page,
};

gboolean
_mrg_export_pagexml_run (MrgExportContext  *ctx,
                         GError           **error)
{
  PageXmlState state = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean ok;

  if (g_file_test (ctx->out_path, G_FILE_TEST_EXISTS) &&
      !g_file_test (ctx->out_path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_INVALID,
                   _("%s: PAGE XML is written one file per page: give a folder"), ctx->out_path);
      return FALSE;
    }
  if (g_mkdir_with_parents (ctx->out_path, 0755) != 0)
    return _mrg_export_set_write_error (ctx, errno, error);

  state.written = g_ptr_array_new_with_free_func (g_free);
  state.bases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state.now = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  ctx->format_data = &state;
  ok = _mrg_export_walk (ctx, &pagexml_writer, error);
  ctx->format_data = NULL;

  discard_page (&state);
  if (!ok)
    for (guint i = 0; i < state.written->len; i++)
      g_unlink (g_ptr_array_index (state.written, i));
  g_ptr_array_unref (state.written);
  g_hash_table_unref (state.bases);
  g_free (state.base);
  g_free (state.now);
  return ok;
}

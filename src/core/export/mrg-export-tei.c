/* mrg-export-tei.c: TEI P5 export — facsimile zones per cell, tables in the text
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-export"

#include "config.h"

#include <string.h>

#include "mrg-export-private.h"
#include "mrg-store.h"

/* The facsimile must come before the text, and both are too large to hold in memory for a big
 * project, so the project is walked twice: once for <facsimile>, once for <text>. Every cell
 * points at its zone with @facs; a page's <pb/> at its surface. A person's doubts become TEI's
 * own <unclear> (reason="illegible" when the cell is marked illegible); text in columns of type
 * 'name' is wrapped in <persName>; line breaks inside a cell become <lb/>. */

typedef struct
{
  gboolean facsimile_pass;
} TeiState;

static void
write_escaped (MrgExportContext *ctx,
               const char       *text)
{
  const char *run = text;
  const char *p;

  for (p = text; *p != '\0'; p++)
    {
      const char *esc = NULL;
      unsigned char ch = (unsigned char) *p;

      switch (ch)
        {
        case '&': esc = "&amp;"; break;
        case '<': esc = "&lt;"; break;
        case '>': esc = "&gt;"; break;
        case '"': esc = "&quot;"; break;
        default:
          /* XML 1.0 has no place for other control characters: they are dropped */
          if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
            esc = "";
          break;
        }
      if (esc == NULL)
        continue;
      _mrg_export_write (ctx, run, p - run);
      _mrg_export_write (ctx, esc, -1);
      run = p + 1;
    }
  _mrg_export_write (ctx, run, p - run);
}

/* Cell text with <lb/> for its line breaks. */
static void
write_lines (MrgExportContext *ctx,
             const char       *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        _mrg_export_write (ctx, "<lb/>", -1);
      write_escaped (ctx, lines[i]);
    }
}

static void
write_id (MrgExportContext        *ctx,
          const MrgExportDocument *doc,
          const MrgExportPage     *page)
{
  _mrg_export_printf (ctx, "d%" G_GINT64_FORMAT "_p%d", doc->id, page->number);
}

static gboolean
tei_begin (MrgExportContext  *ctx,
           GError           **error)
{
  TeiState *state = ctx->format_data;

  if (state->facsimile_pass)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");

      _mrg_export_write (ctx, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n"
                              "  <teiHeader>\n    <fileDesc>\n      <titleStmt><title>", -1);
      write_escaped (ctx, mrg_store_get_display_name (ctx->store));
      _mrg_export_printf (ctx, "</title></titleStmt>\n"
                               "      <publicationStmt><p>Exported by Muragat %s on "
                               "<date when=\"%s\">%s</date>.</p></publicationStmt>\n"
                               "      <sourceDesc><p>Transcribed from the scans named in "
                               "the facsimile; each cell points to its zone on the page."
                               "</p></sourceDesc>\n"
                               "    </fileDesc>\n  </teiHeader>\n  <facsimile>\n",
                          PACKAGE_VERSION, date, date);
    }
  else
    _mrg_export_write (ctx, "  <text>\n    <body>\n", -1);
  return TRUE;
}

static gboolean
tei_begin_page (MrgExportContext        *ctx,
                const MrgExportDocument *doc,
                const MrgExportPage     *page,
                GError                 **error)
{
  TeiState *state = ctx->format_data;

  if (state->facsimile_pass)
    {
      _mrg_export_write (ctx, "    <surface xml:id=\"", -1);
      write_id (ctx, doc, page);
      _mrg_export_printf (ctx, "\" n=\"%d\" ulx=\"0\" uly=\"0\" lrx=\"%d\" lry=\"%d\">\n"
                               "      <graphic url=\"", page->number, page->width, page->height);
      write_escaped (ctx, doc->display_path);
      _mrg_export_printf (ctx, "\" width=\"%dpx\" height=\"%dpx\"/>\n", page->width, page->height);
      _mrg_export_write (ctx, "      <desc>sha256 ", -1);
      write_escaped (ctx, doc->sha256);
      _mrg_export_printf (ctx, ", page %d</desc>\n", page->number);
    }
  else
    {
      _mrg_export_write (ctx, "      <pb facs=\"#", -1);
      write_id (ctx, doc, page);
      _mrg_export_printf (ctx, "\" n=\"%d\"/>\n", page->number);
    }
  return TRUE;
}

static void
write_zone_id (MrgExportContext        *ctx,
               const MrgExportDocument *doc,
               const MrgExportPage     *page,
               const MrgExportTable    *table,
               const MrgExportRow      *row,
               const MrgExportCell     *cell)
{
  write_id (ctx, doc, page);
  _mrg_export_printf (ctx, "_t%d_r%d_c%d", table->index + 1, row->index, cell->col);
}

static gboolean
tei_table (MrgExportContext        *ctx,
           const MrgExportDocument *doc,
           const MrgExportPage     *page,
           const MrgExportTable    *table,
           GError                 **error)
{
  TeiState *state = ctx->format_data;

  if (!state->facsimile_pass)
    _mrg_export_printf (ctx, "      <table n=\"%d\" rows=\"%u\" cols=\"%u\">\n", table->index + 1,
                        table->rows->len, table->n_columns);

  for (guint r = 0; r < table->rows->len; r++)
    {
      const MrgExportRow *row = g_ptr_array_index (table->rows, r);

      if (!state->facsimile_pass)
        _mrg_export_printf (ctx, "        <row n=\"%d\"%s>\n", row->index,
                            row->header ? " role=\"label\"" : "");
      for (guint c = 0; c < row->cells->len; c++)
        {
          const MrgExportCell *cell = &g_array_index (row->cells, MrgExportCell, c);
          gboolean is_name;

          if (state->facsimile_pass)
            {
              _mrg_export_write (ctx, "      <zone xml:id=\"", -1);
              write_zone_id (ctx, doc, page, table, row, cell);
              _mrg_export_printf (ctx, "\" ulx=\"%d\" uly=\"%d\" lrx=\"%d\" lry=\"%d\"/>\n",
                                  cell->box.x1, cell->box.y1, cell->box.x2, cell->box.y2);
              continue;
            }

          is_name = !row->header && *cell->text != '\0' &&
                    (guint) cell->col < table->n_columns &&
                    g_array_index (table->column_types, MrgColumnType, cell->col) ==
                    MRG_COLUMN_TYPE_NAME;
          _mrg_export_printf (ctx, "          <cell n=\"%d\"%s facs=\"#", cell->col,
                              row->header ? " role=\"label\"" : "");
          write_zone_id (ctx, doc, page, table, row, cell);
          _mrg_export_write (ctx, "\">", -1);
          if (cell->flags & MRG_CELL_FLAG_ILLEGIBLE)
            _mrg_export_write (ctx, "<unclear reason=\"illegible\">", -1);
          else if (cell->flags & MRG_CELL_FLAG_UNCERTAIN)
            _mrg_export_write (ctx, "<unclear>", -1);
          if (is_name)
            _mrg_export_write (ctx, "<persName>", -1);
          write_lines (ctx, cell->text);
          if (is_name)
            _mrg_export_write (ctx, "</persName>", -1);
          if (cell->flags & (MRG_CELL_FLAG_ILLEGIBLE | MRG_CELL_FLAG_UNCERTAIN))
            _mrg_export_write (ctx, "</unclear>", -1);
          _mrg_export_write (ctx, "</cell>\n", -1);
        }
      if (!state->facsimile_pass)
        _mrg_export_write (ctx, "        </row>\n", -1);
    }
  if (!state->facsimile_pass)
    _mrg_export_write (ctx, "      </table>\n", -1);
  return TRUE;
}

static gboolean
tei_end_page (MrgExportContext        *ctx,
              const MrgExportDocument *doc,
              const MrgExportPage     *page,
              GError                 **error)
{
  TeiState *state = ctx->format_data;

  if (state->facsimile_pass)
    _mrg_export_write (ctx, "    </surface>\n", -1);
  return TRUE;
}

static gboolean
tei_end (MrgExportContext  *ctx,
         GError           **error)
{
  TeiState *state = ctx->format_data;

  if (state->facsimile_pass)
    _mrg_export_write (ctx, "  </facsimile>\n", -1);
  else
    _mrg_export_write (ctx, "      <p/>\n    </body>\n  </text>\n</TEI>\n", -1);
  return TRUE;
}

static const MrgExportWriter tei_writer = {
  .begin = tei_begin,
  .begin_page = tei_begin_page,
  .table = tei_table,
  .end_page = tei_end_page,
  .end = tei_end,
};

gboolean
_mrg_export_tei_run (MrgExportContext  *ctx,
                     GError           **error)
{
  TeiState state = { TRUE };
  MrgProgressFunc progress = ctx->monitor.progress;
  gboolean ok;

  ctx->format_data = &state;
  /* progress counts the second pass only, where most of the text is written */
  ctx->monitor.progress = NULL;
  ok = _mrg_export_walk (ctx, &tei_writer, error);
  ctx->monitor.progress = progress;
  if (ok)
    {
      state.facsimile_pass = FALSE;
      ok = _mrg_export_walk (ctx, &tei_writer, error);
    }
  ctx->format_data = NULL;
  return ok;
}

/* mrg-export.c: the export entry points, the walk over a project, and CSV, TSV and JSON
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mrg-export-private.h"
#include "mrg-store-layouts.h"
#include "mrg-store.h"
#include "mrg-store-export.h"

G_DEFINE_QUARK (mrg-export-error-quark, mrg_export_error)

static const char *format_names[] = {
  [MRG_EXPORT_FORMAT_CSV] = "csv",
  [MRG_EXPORT_FORMAT_TSV] = "tsv",
  [MRG_EXPORT_FORMAT_JSON] = "json",
  [MRG_EXPORT_FORMAT_XLSX] = "xlsx",
  [MRG_EXPORT_FORMAT_PAGEXML] = "pagexml",
  [MRG_EXPORT_FORMAT_TEI] = "tei",
  [MRG_EXPORT_FORMAT_PDF] = "pdf",
};

const char *
mrg_export_format_to_string (MrgExportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (format_names), NULL);
  return format_names[format];
}

gboolean
mrg_export_format_from_string (const char      *str,
                               MrgExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (str, format_names[i]) == 0)
      {
        *format = (MrgExportFormat) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
mrg_export_format_from_path (const char      *path,
                             MrgExportFormat *format)
{
  g_autofree char *name = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  name = g_path_get_basename (path);
  dot = strrchr (name, '.');
  if (dot == NULL || dot == name || !mrg_export_format_from_string (dot + 1, format))
    return FALSE;
  return !mrg_export_format_is_folder (*format);
}

gboolean
mrg_export_format_is_folder (MrgExportFormat format)
{
  return format == MRG_EXPORT_FORMAT_PAGEXML;
}

static gboolean
format_is_text (MrgExportFormat format)
{
  return format == MRG_EXPORT_FORMAT_CSV || format == MRG_EXPORT_FORMAT_TSV ||
         format == MRG_EXPORT_FORMAT_JSON || format == MRG_EXPORT_FORMAT_TEI;
}

/* ---- output helpers ---------------------------------------------------------------------- */

void
_mrg_export_write (MrgExportContext *ctx,
                   const char       *data,
                   gssize            len)
{
  if (ctx->write_errno != 0)
    return;
  if (len < 0)
    len = strlen (data);
  if (len > 0 && fwrite (data, 1, len, ctx->out) != (size_t) len)
    ctx->write_errno = errno != 0 ? errno : EIO;
}

void
_mrg_export_printf (MrgExportContext *ctx,
                    const char       *format,
                    ...)
{
  va_list args;

  if (ctx->write_errno != 0)
    return;
  va_start (args, format);
  if (vfprintf (ctx->out, format, args) < 0)
    ctx->write_errno = errno != 0 ? errno : EIO;
  va_end (args);
}

gboolean
_mrg_export_set_write_error (MrgExportContext *ctx,
                             int               errnum,
                             GError          **error)
{
  g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
               _("%s: cannot write the export: %s"), ctx->out_path, g_strerror (errnum));
  return FALSE;
}

const char *
_mrg_export_flags_string (int flags)
{
  gboolean illegible = (flags & MRG_CELL_FLAG_ILLEGIBLE) != 0;
  gboolean uncertain = (flags & MRG_CELL_FLAG_UNCERTAIN) != 0;

  if (illegible && uncertain)
    return "illegible uncertain";
  if (illegible)
    return "illegible";
  if (uncertain)
    return "uncertain";
  return "";
}

char *
_mrg_export_document_base_name (const MrgExportDocument *doc)
{
  g_autofree char *base = g_path_get_basename (doc->display_path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  /* keep names portable: anything that would need quoting in a shell or on Windows becomes _ */
  for (char *p = base; *p != '\0'; p++)
    if (strchr ("/\\:*?\"<>| \t\n", *p) != NULL)
      *p = '_';
  return g_steal_pointer (&base);
}

/* ---- the walk ---------------------------------------------------------------------------- */

static void
export_table_clear (MrgExportTable *table)
{
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_clear_pointer (&table->column_names, g_ptr_array_unref);
  g_clear_pointer (&table->column_types, g_array_unref);
  memset (table, 0, sizeof *table);
}

static gboolean
load_project_columns (MrgExportContext  *ctx,
                      GError           **error)
{
  if (!mrg_store_export_get_columns (ctx->store, &ctx->project_columns, &ctx->project_types,
                                     error))
    return FALSE;
  ctx->layouts = mrg_store_list_layouts (ctx->store, error);
  if (ctx->layouts == NULL)
    return FALSE;
  /* A layout no table is read with has nothing to export. */
  for (guint i = ctx->layouts->len; i > 0; i--)
    if (((MrgLayout *) g_ptr_array_index (ctx->layouts, i - 1))->n_tables == 0)
      g_ptr_array_remove_index (ctx->layouts, i - 1);
  ctx->table_layouts = mrg_store_get_table_layouts (ctx->store, error);
  return ctx->table_layouts != NULL;
}

/* The layout a table is read with, and its index in ctx->layouts; NULL when there is none. */
static const MrgLayout *
table_layout (MrgExportContext *ctx,
              gint64            table_id,
              guint            *out_index)
{
  const gint64 *layout_id = g_hash_table_lookup (ctx->table_layouts, &table_id);

  for (guint i = 0; layout_id != NULL && i < ctx->layouts->len; i++)
    {
      const MrgLayout *layout = g_ptr_array_index (ctx->layouts, i);

      if (layout->id == *layout_id)
        {
          if (out_index != NULL)
            *out_index = i;
          return layout;
        }
    }
  return NULL;
}

static const MrgLayoutColumn *
layout_column (const MrgLayout *layout,
               guint            position)
{
  for (guint i = 0; layout != NULL && i < layout->columns->len; i++)
    if ((guint) g_array_index (layout->columns, MrgLayoutColumn, i).position == position)
      return &g_array_index (layout->columns, MrgLayoutColumn, i);
  return NULL;
}

/* A column's name in the table's own layout; table_id 0 for the project's first layout. */
static const char *
project_column_name (MrgExportContext *ctx,
                     gint64            table_id,
                     guint             position)
{
  if (table_id != 0)
    {
      const MrgLayoutColumn *column = layout_column (table_layout (ctx, table_id, NULL), position);

      return column != NULL ? column->name : NULL;
    }
  if (position < ctx->project_columns->len)
    return g_ptr_array_index (ctx->project_columns, position);
  return NULL;
}

static MrgColumnType
project_column_type (MrgExportContext *ctx,
                     gint64            table_id,
                     guint             position)
{
  const MrgLayoutColumn *column = layout_column (table_layout (ctx, table_id, NULL), position);

  return column != NULL ? column->type : MRG_COLUMN_TYPE_TEXT;
}

/* Several layouts: each one's columns side by side, as many as it names or its cells use. */
static void
load_layout_columns (MrgExportContext *ctx)
{
  ctx->layout_offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  ctx->column_names = g_ptr_array_new_with_free_func (g_free);
  for (guint l = 0; l < ctx->layouts->len; l++)
    {
      const MrgLayout *layout = g_ptr_array_index (ctx->layouts, l);
      guint width = MAX (layout->max_col + 1, 0);

      if (layout->columns->len > 0)
        width = MAX (width, (guint) g_array_index (layout->columns, MrgLayoutColumn,
                                                   layout->columns->len - 1).position + 1);
      width = MIN (width, 10000u);
      g_array_append_val (ctx->layout_offsets, ctx->n_columns);
      for (guint i = 0; i < width; i++)
        {
          const MrgLayoutColumn *column = layout_column (layout, i);

          g_ptr_array_add (ctx->column_names, g_strdup (column != NULL ? column->name : ""));
        }
      ctx->n_columns += width;
    }
}

gboolean
_mrg_export_load_flat_columns (MrgExportContext  *ctx,
                               GError           **error)
{
  g_autoptr(GPtrArray) header_texts = NULL;
  int max_col = -1;

  if (ctx->layouts->len > 1)
    {
      load_layout_columns (ctx);
      return TRUE;
    }
  if (!mrg_store_export_get_max_col (ctx->store, &max_col, error))
    return FALSE;

  ctx->n_columns = MAX (max_col + 1, (int) ctx->project_columns->len);
  ctx->n_columns = MIN (ctx->n_columns, 10000u);

  /* Positions without a project column take the text of the first header row that has one. */
  header_texts = mrg_store_export_get_header_texts (ctx->store, ctx->n_columns, error);
  if (header_texts == NULL)
    return FALSE;
  ctx->column_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ctx->n_columns; i++)
    {
      const char *name = project_column_name (ctx, 0, i);

      if (name == NULL)
        name = g_ptr_array_index (header_texts, i);
      g_ptr_array_add (ctx->column_names, g_strdup (name != NULL ? name : ""));
    }
  return TRUE;
}

const MrgExportCell *
_mrg_export_flat_cell (MrgExportContext     *ctx,
                       const MrgExportTable *table,
                       const MrgExportRow   *row,
                       guint                 i,
                       guint                *c)
{
  guint offset = 0;
  guint index = 0;

  if (ctx->layout_offsets != NULL)
    {
      if (table_layout (ctx, table->id, &index) == NULL)
        return NULL;
      offset = g_array_index (ctx->layout_offsets, guint, index);
      if (i < offset)
        return NULL;
    }
  while (*c < row->cells->len &&
         (guint) g_array_index (row->cells, MrgExportCell, *c).col + offset < i)
    (*c)++;
  if (*c < row->cells->len &&
      (guint) g_array_index (row->cells, MrgExportCell, *c).col + offset == i)
    return &g_array_index (row->cells, MrgExportCell, *c);
  return NULL;
}

const char *
_mrg_export_flat_layout_name (MrgExportContext     *ctx,
                              const MrgExportTable *table)
{
  const MrgLayout *layout;

  if (ctx->layout_offsets == NULL)
    return NULL;
  layout = table_layout (ctx, table->id, NULL);
  return layout != NULL ? layout->name : "";
}

/* Column names of one table: its layout's column, else the table's header text, else "". */
static void
finish_table (MrgExportContext *ctx,
              MrgExportTable   *table)
{
  int max_col = -1;

  for (guint r = 0; r < table->rows->len; r++)
    {
      MrgExportRow *row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < row->cells->len; c++)
        max_col = MAX (max_col, g_array_index (row->cells, MrgExportCell, c).col);
    }
  table->n_columns = MIN (max_col + 1, 10000);
  table->column_names = g_ptr_array_new_with_free_func (g_free);
  table->column_types = g_array_new (FALSE, TRUE, sizeof (MrgColumnType));
  for (guint i = 0; i < table->n_columns; i++)
    {
      const char *name = project_column_name (ctx, table->id, i);
      MrgColumnType type = project_column_type (ctx, table->id, i);

      for (guint r = 0; name == NULL && r < table->rows->len; r++)
        {
          MrgExportRow *row = g_ptr_array_index (table->rows, r);

          if (!row->header)
            continue;
          for (guint c = 0; c < row->cells->len; c++)
            {
              MrgExportCell *cell = &g_array_index (row->cells, MrgExportCell, c);

              if ((guint) cell->col == i && cell->text[0] != '\0')
                name = cell->text;
            }
        }
      g_ptr_array_add (table->column_names, g_strdup (name != NULL ? name : ""));
      g_array_append_val (table->column_types, type);
    }
}

static gboolean
check_cancelled (MrgExportContext  *ctx,
                 GError           **error)
{
  if (g_cancellable_is_cancelled (ctx->monitor.cancellable))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("%s: the export was cancelled"), ctx->out_path);
      return FALSE;
    }
  return TRUE;
}

/* The store walks the project; these pass each step on to the format's writer. */
typedef struct
{
  MrgExportContext *ctx;
  const MrgExportWriter *writer;
} Walk;

static gboolean
walk_begin (gpointer   data,
            GError   **error)
{
  Walk *walk = data;

  return walk->writer->begin == NULL || walk->writer->begin (walk->ctx, error);
}

static gboolean
walk_begin_document (const MrgExportDocument  *doc,
                     gpointer                  data,
                     GError                  **error)
{
  Walk *walk = data;

  return walk->writer->begin_document == NULL ||
         walk->writer->begin_document (walk->ctx, doc, error);
}

static gboolean
walk_begin_page (const MrgExportDocument  *doc,
                 const MrgExportPage      *page,
                 gpointer                  data,
                 GError                  **error)
{
  Walk *walk = data;

  return walk->writer->begin_page == NULL ||
         walk->writer->begin_page (walk->ctx, doc, page, error);
}

static gboolean
walk_table (const MrgExportDocument  *doc,
            const MrgExportPage      *page,
            MrgStoreExportTable      *stored,
            gpointer                  data,
            GError                  **error)
{
  Walk *walk = data;
  MrgExportTable table = {
    .id = stored->id,
    .index = stored->index,
    .area = stored->area,
    .rows = g_steal_pointer (&stored->rows),
  };
  gboolean ok = TRUE;

  finish_table (walk->ctx, &table);
  if (walk->writer->table != NULL)
    ok = walk->writer->table (walk->ctx, doc, page, &table, error);
  export_table_clear (&table);
  return ok;
}

static gboolean
walk_end_page (const MrgExportDocument  *doc,
               const MrgExportPage      *page,
               gpointer                  data,
               GError                  **error)
{
  Walk *walk = data;
  MrgExportContext *ctx = walk->ctx;

  if (walk->writer->end_page != NULL && !walk->writer->end_page (ctx, doc, page, error))
    return FALSE;
  ctx->pages_done++;
  if (ctx->write_errno != 0)
    return _mrg_export_set_write_error (ctx, ctx->write_errno, error);
  mrg_monitor_report (&ctx->monitor, ctx->pages_done, ctx->pages_total);
  return check_cancelled (ctx, error);
}

static gboolean
walk_end_document (const MrgExportDocument  *doc,
                   gpointer                  data,
                   GError                  **error)
{
  Walk *walk = data;

  return walk->writer->end_document == NULL ||
         walk->writer->end_document (walk->ctx, doc, error);
}

static const MrgStoreExportVisitor walk_visitor = {
  .begin = walk_begin,
  .begin_document = walk_begin_document,
  .begin_page = walk_begin_page,
  .table = walk_table,
  .end_page = walk_end_page,
  .end_document = walk_end_document,
};

gboolean
_mrg_export_walk (MrgExportContext       *ctx,
                  const MrgExportWriter  *writer,
                  GError                **error)
{
  Walk walk = { .ctx = ctx, .writer = writer };

  ctx->pages_done = 0;
  if (!check_cancelled (ctx, error))
    return FALSE;
  if (!mrg_store_export_walk (ctx->store, ctx->options.verified_only, &walk_visitor, &walk,
                              error))
    return FALSE;
  if (writer->end != NULL && !writer->end (ctx, error))
    return FALSE;
  if (ctx->write_errno != 0)
    return _mrg_export_set_write_error (ctx, ctx->write_errno, error);
  return TRUE;
}

/* Rows without cells keep an empty box rather than an inverted one. */
static MrgBox
row_box (const MrgExportRow *row)
{
  MrgBox box = row->box;

  if (row->cells->len == 0)
    memset (&box, 0, sizeof box);
  return box;
}

/* ---- CSV and TSV ------------------------------------------------------------------------- */

static void
write_csv_field (MrgExportContext *ctx,
                 const char       *text,
                 gboolean          first)
{
  gboolean tsv = ctx->format == MRG_EXPORT_FORMAT_TSV;

  if (!first)
    _mrg_export_write (ctx, tsv ? "\t" : ",", 1);
  if (text == NULL)
    return;

  if (tsv)
    {
      /* TSV has no quoting (IANA text/tab-separated-values forbids tabs and line breaks in a
       * field), so they are written as the backslash escapes \t \n \r, and \ itself as \\ —
       * the convention of PostgreSQL COPY and of most TSV readers. */
      const char *p = text;
      const char *run = text;

      for (; *p != '\0'; p++)
        {
          const char *esc = NULL;

          switch (*p)
            {
            case '\t': esc = "\\t"; break;
            case '\n': esc = "\\n"; break;
            case '\r': esc = "\\r"; break;
            case '\\': esc = "\\\\"; break;
            default: break;
            }
          if (esc != NULL)
            {
              _mrg_export_write (ctx, run, p - run);
              _mrg_export_write (ctx, esc, 2);
              run = p + 1;
            }
        }
      _mrg_export_write (ctx, run, p - run);
      return;
    }

  /* RFC 4180: a field holding a comma, a quote or a line break is quoted, quotes doubled. */
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      _mrg_export_write (ctx, text, -1);
      return;
    }
  _mrg_export_write (ctx, "\"", 1);
  for (const char *p = text; *p != '\0'; )
    {
      const char *quote = strchr (p, '"');

      if (quote == NULL)
        {
          _mrg_export_write (ctx, p, -1);
          break;
        }
      _mrg_export_write (ctx, p, quote - p + 1);
      _mrg_export_write (ctx, "\"", 1);
      p = quote + 1;
    }
  _mrg_export_write (ctx, "\"", 1);
}

static void
end_csv_line (MrgExportContext *ctx)
{
  if (ctx->format == MRG_EXPORT_FORMAT_TSV)
    _mrg_export_write (ctx, "\n", 1);
  else
    _mrg_export_write (ctx, "\r\n", 2);
}

static const char *provenance_columns[] = {
  "document", "document_sha256", "page", "table", "row", "row_box", "row_status",
  "verified_by", "verified_at",
};

static gboolean
csv_begin (MrgExportContext  *ctx,
           GError           **error)
{
  if (!_mrg_export_load_flat_columns (ctx, error))
    return FALSE;

  for (guint i = 0; i < ctx->n_columns; i++)
    {
      const char *name = g_ptr_array_index (ctx->column_names, i);

      write_csv_field (ctx, name, i == 0);
      if (ctx->options.cell_flags)
        {
          g_autofree char *flag_name = g_strdup_printf ("%s%sflags", name, *name ? " " : "");

          write_csv_field (ctx, flag_name, FALSE);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (provenance_columns); i++)
    write_csv_field (ctx, provenance_columns[i], ctx->n_columns == 0 && i == 0);
  if (ctx->layout_offsets != NULL)
    write_csv_field (ctx, "layout", FALSE);
  end_csv_line (ctx);
  return TRUE;
}

static gboolean
csv_table (MrgExportContext      *ctx,
           const MrgExportDocument *doc,
           const MrgExportPage   *page,
           const MrgExportTable  *table,
           GError               **error)
{
  for (guint r = 0; r < table->rows->len; r++)
    {
      const MrgExportRow *row = g_ptr_array_index (table->rows, r);
      MrgBox box = row_box (row);
      guint c = 0;
      char buf[64];

      if (row->header)
        continue;
      for (guint i = 0; i < ctx->n_columns; i++)
        {
          const MrgExportCell *cell = _mrg_export_flat_cell (ctx, table, row, i, &c);

          write_csv_field (ctx, cell != NULL ? cell->text : "", i == 0);
          if (ctx->options.cell_flags)
            write_csv_field (ctx, cell != NULL ? _mrg_export_flags_string (cell->flags) : "",
                             FALSE);
        }
      write_csv_field (ctx, doc->display_path, ctx->n_columns == 0);
      write_csv_field (ctx, doc->sha256, FALSE);
      g_snprintf (buf, sizeof buf, "%d", page->number);
      write_csv_field (ctx, buf, FALSE);
      g_snprintf (buf, sizeof buf, "%d", table->index + 1);
      write_csv_field (ctx, buf, FALSE);
      g_snprintf (buf, sizeof buf, "%d", row->index);
      write_csv_field (ctx, buf, FALSE);
      g_snprintf (buf, sizeof buf, "%d %d %d %d", box.x1, box.y1, box.x2, box.y2);
      write_csv_field (ctx, buf, FALSE);
      write_csv_field (ctx, row->status, FALSE);
      write_csv_field (ctx, g_strcmp0 (row->status, "verified") == 0 ? row->status_by : NULL,
                       FALSE);
      write_csv_field (ctx, g_strcmp0 (row->status, "verified") == 0 ? row->status_at : NULL,
                       FALSE);
      if (ctx->layout_offsets != NULL)
        write_csv_field (ctx, _mrg_export_flat_layout_name (ctx, table), FALSE);
      end_csv_line (ctx);
    }
  return TRUE;
}

static const MrgExportWriter csv_writer = {
  .begin = csv_begin,
  .table = csv_table,
};

/* ---- JSON -------------------------------------------------------------------------------- */

/* Written as a stream rather than a JsonBuilder tree: a tree of 200,000 cells costs hundreds of
 * megabytes, the stream one table. Strings are escaped per RFC 8259 and kept as UTF-8. */
static void
write_json_string (MrgExportContext *ctx,
                   const char       *text)
{
  const char *run;
  const char *p;

  if (text == NULL)
    {
      _mrg_export_write (ctx, "null", 4);
      return;
    }
  _mrg_export_write (ctx, "\"", 1);
  for (run = p = text; *p != '\0'; p++)
    {
      unsigned char ch = (unsigned char) *p;
      char esc[8];

      if (ch >= 0x20 && ch != '"' && ch != '\\')
        continue;
      _mrg_export_write (ctx, run, p - run);
      switch (ch)
        {
        case '"': _mrg_export_write (ctx, "\\\"", 2); break;
        case '\\': _mrg_export_write (ctx, "\\\\", 2); break;
        case '\n': _mrg_export_write (ctx, "\\n", 2); break;
        case '\r': _mrg_export_write (ctx, "\\r", 2); break;
        case '\t': _mrg_export_write (ctx, "\\t", 2); break;
        default:
          g_snprintf (esc, sizeof esc, "\\u%04x", ch);
          _mrg_export_write (ctx, esc, -1);
          break;
        }
      run = p + 1;
    }
  _mrg_export_write (ctx, run, p - run);
  _mrg_export_write (ctx, "\"", 1);
}

static void
write_json_number (MrgExportContext *ctx,
                   double            value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    {
      _mrg_export_write (ctx, "null", 4);
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.10g", value);
  _mrg_export_write (ctx, buf, -1);
}

/* The nested lists of the stream: the documents, a document's pages, a page's tables. */
typedef enum
{
  JSON_DOCUMENTS,
  JSON_PAGES,
  JSON_TABLES,
  JSON_N_LISTS
} JsonList;

typedef struct
{
  gboolean first[JSON_N_LISTS];  /* no element of the list written yet */
} JsonState;

/* Starts the next element of `list`, after a comma unless it is the first; the list inside
 * that element starts empty. */
static void
json_next_element (MrgExportContext *ctx,
                   JsonList          list)
{
  JsonState *state = ctx->format_data;

  if (!state->first[list])
    _mrg_export_write (ctx, ",", 1);
  state->first[list] = FALSE;
  if (list + 1 < JSON_N_LISTS)
    state->first[list + 1] = TRUE;
}

static gboolean
json_begin (MrgExportContext  *ctx,
            GError           **error)
{
  JsonState *state = ctx->format_data;

  state->first[JSON_DOCUMENTS] = TRUE;
  _mrg_export_write (ctx, "{\"documents\": [", -1);
  return TRUE;
}

static gboolean
json_begin_document (MrgExportContext        *ctx,
                     const MrgExportDocument *doc,
                     GError                 **error)
{
  json_next_element (ctx, JSON_DOCUMENTS);
  _mrg_export_write (ctx, "\n {\"path\": ", -1);
  write_json_string (ctx, doc->display_path);
  _mrg_export_write (ctx, ", \"sha256\": ", -1);
  write_json_string (ctx, doc->sha256);
  _mrg_export_write (ctx, ", \"pages\": [", -1);
  return TRUE;
}

static gboolean
json_begin_page (MrgExportContext        *ctx,
                 const MrgExportDocument *doc,
                 const MrgExportPage     *page,
                 GError                 **error)
{
  json_next_element (ctx, JSON_PAGES);
  _mrg_export_printf (ctx, "\n  {\"page\": %d, \"width\": %d, \"height\": %d, \"dpi\": ",
                      page->number, page->width, page->height);
  write_json_number (ctx, page->dpi);
  _mrg_export_write (ctx, ", \"tables\": [", -1);
  return TRUE;
}

static gboolean
json_table (MrgExportContext        *ctx,
            const MrgExportDocument *doc,
            const MrgExportPage     *page,
            const MrgExportTable    *table,
            GError                 **error)
{
  json_next_element (ctx, JSON_TABLES);
  _mrg_export_write (ctx, "\n   {\"columns\": [", -1);
  for (guint i = 0; i < table->n_columns; i++)
    {
      if (i > 0)
        _mrg_export_write (ctx, ", ", 2);
      write_json_string (ctx, g_ptr_array_index (table->column_names, i));
    }
  _mrg_export_write (ctx, "], \"rows\": [", -1);
  for (guint r = 0; r < table->rows->len; r++)
    {
      const MrgExportRow *row = g_ptr_array_index (table->rows, r);

      _mrg_export_printf (ctx, "%s\n    {\"index\": %d, \"header\": %s, \"status\": ",
                          r == 0 ? "" : ",", row->index, row->header ? "true" : "false");
      write_json_string (ctx, row->status);
      _mrg_export_write (ctx, ", \"cells\": [", -1);
      for (guint c = 0; c < row->cells->len; c++)
        {
          const MrgExportCell *cell = &g_array_index (row->cells, MrgExportCell, c);

          _mrg_export_printf (ctx, "%s{\"col\": %d, \"text\": ", c == 0 ? "" : ", ", cell->col);
          write_json_string (ctx, cell->text);
          _mrg_export_write (ctx, ", \"ocr_text\": ", -1);
          write_json_string (ctx, cell->ocr_text);
          _mrg_export_write (ctx, ", \"confidence\": ", -1);
          if (cell->ocr_text != NULL)
            write_json_number (ctx, cell->confidence);
          else
            _mrg_export_write (ctx, "null", 4);
          _mrg_export_printf (ctx, ", \"box\": [%d, %d, %d, %d]",
                              cell->box.x1, cell->box.y1, cell->box.x2, cell->box.y2);
          /* only a merged cell says how far it reaches, so that other files stay as they were */
          if (cell->row_span > 1 || cell->col_span > 1)
            _mrg_export_printf (ctx, ", \"row_span\": %d, \"col_span\": %d",
                                cell->row_span, cell->col_span);
          _mrg_export_write (ctx, "}", 1);
        }
      _mrg_export_write (ctx, "]}", 2);
    }
  _mrg_export_write (ctx, "]}", 2);
  return TRUE;
}

static gboolean
json_end_page (MrgExportContext        *ctx,
               const MrgExportDocument *doc,
               const MrgExportPage     *page,
               GError                 **error)
{
  _mrg_export_write (ctx, "]}", 2);
  return TRUE;
}

static gboolean
json_end_document (MrgExportContext        *ctx,
                   const MrgExportDocument *doc,
                   GError                 **error)
{
  _mrg_export_write (ctx, "]}", 2);
  return TRUE;
}

static gboolean
json_end (MrgExportContext  *ctx,
          GError           **error)
{
  _mrg_export_write (ctx, "\n]}\n", -1);
  return TRUE;
}

static const MrgExportWriter json_writer = {
  .begin = json_begin,
  .begin_document = json_begin_document,
  .begin_page = json_begin_page,
  .table = json_table,
  .end_page = json_end_page,
  .end_document = json_end_document,
  .end = json_end,
};

static gboolean
run_csv (MrgExportContext  *ctx,
         GError           **error)
{
  return _mrg_export_walk (ctx, &csv_writer, error);
}

static gboolean
run_json (MrgExportContext  *ctx,
          GError           **error)
{
  JsonState state = { 0 };
  gboolean ok;

  ctx->format_data = &state;
  ok = _mrg_export_walk (ctx, &json_writer, error);
  ctx->format_data = NULL;
  return ok;
}

/* ---- entry points ------------------------------------------------------------------------ */

static gboolean
run_writer (MrgExportContext  *ctx,
            GError           **error)
{
  switch (ctx->format)
    {
    case MRG_EXPORT_FORMAT_CSV:
    case MRG_EXPORT_FORMAT_TSV:
      return run_csv (ctx, error);
    case MRG_EXPORT_FORMAT_JSON:
      return run_json (ctx, error);
    case MRG_EXPORT_FORMAT_XLSX:
      return _mrg_export_xlsx_run (ctx, error);
    case MRG_EXPORT_FORMAT_PAGEXML:
      return _mrg_export_pagexml_run (ctx, error);
    case MRG_EXPORT_FORMAT_TEI:
      return _mrg_export_tei_run (ctx, error);
    case MRG_EXPORT_FORMAT_PDF:
      return _mrg_export_pdf_run (ctx, error);
    default:
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_INVALID,
                   _("%s: unknown export format"), ctx->out_path);
      return FALSE;
    }
}

/* Every number written to a file is in the C locale, whatever the person's: libxlsxwriter and
 * printf follow the thread's LC_NUMERIC, and a comma-decimal locale (ru_RU, de_DE) made
 * pageMargins left="0,7", an invalid workbook. Only this thread's numeric category changes
 * (uselocale), so messages stay translated and the window's other threads are unaffected. */
static gboolean
run_format (MrgExportContext  *ctx,
            GError           **error)
{
  locale_t current = duplocale (uselocale ((locale_t) 0));
  locale_t c_numeric = current != (locale_t) 0 ? newlocale (LC_NUMERIC_MASK, "C", current)
                                               : (locale_t) 0;
  locale_t previous;
  gboolean ok;

  if (c_numeric == (locale_t) 0)
    {
      if (current != (locale_t) 0)
        freelocale (current);
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), ctx->out_path, g_strerror (errno));
      return FALSE;
    }
  previous = uselocale (c_numeric);
  ok = run_writer (ctx, error);
  uselocale (previous);
  freelocale (c_numeric);
  return ok;
}

static void
context_clear (MrgExportContext *ctx)
{
  g_clear_pointer (&ctx->project_columns, g_ptr_array_unref);
  g_clear_pointer (&ctx->project_types, g_array_unref);
  g_clear_pointer (&ctx->column_names, g_ptr_array_unref);
  g_clear_pointer (&ctx->layouts, g_ptr_array_unref);
  g_clear_pointer (&ctx->table_layouts, g_hash_table_unref);
  g_clear_pointer (&ctx->layout_offsets, g_array_unref);
}

/* A temporary file beside the output, so that the final rename cannot cross file systems. */
static char *
make_temp_path (const char  *target,
                const char  *out_path,
                int         *out_fd,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *template = g_strdup_printf (".%s.XXXXXX", base);
  char *path = g_build_filename (dir, template, NULL);
  int fd;

  fd = g_mkstemp_full (path, O_RDWR, 0644);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), out_path, g_strerror (errsv));
      g_free (path);
      return NULL;
    }
  *out_fd = fd;
  return path;
}

/* Where the export really goes. Only a regular file (or a new one) is replaced by renaming a
 * temporary file over it; through a symbolic link, the file it points to is replaced and the
 * link kept. Anything else that exists — a device such as /dev/null, a pipe — is written in
 * place: renaming over it would replace the device itself. */
static char *
resolve_target (const char  *out_path,
                gboolean    *in_place,
                GError     **error)
{
  GStatBuf st;
  char *real;

  *in_place = FALSE;
  if (g_stat (out_path, &st) != 0)
    return g_strdup (out_path);
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_INVALID,
                   _("%s: is a folder; give the name of a file to write"), out_path);
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      *in_place = TRUE;
      return g_strdup (out_path);
    }
  real = realpath (out_path, NULL);
  if (real == NULL)
    return g_strdup (out_path);
  {
    char *copy = g_strdup (real);

    free (real);
    return copy;
  }
}

gboolean
mrg_export_to_file (MrgStore                *store,
                    const MrgExportOptions  *options,
                    const char              *out_path,
                    const MrgMonitor        *monitor,
                    GError                 **error)
{
  MrgExportContext ctx = { 0 };
  g_autofree char *temp_path = NULL;
  g_autofree char *target = NULL;
  gboolean in_place = FALSE;
  gboolean to_stdout;
  gboolean began = FALSE;
  gboolean ok = FALSE;
  MrgExportFormat format;
  int fd = -1;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ctx.store = store;
  ctx.options = *options;
  ctx.format = format = options->format;
  ctx.out_path = out_path;
  if (monitor != NULL)
    ctx.monitor = *monitor;

  to_stdout = g_strcmp0 (out_path, "-") == 0;
  if (to_stdout && !format_is_text (format))
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_INVALID,
                   _("%s output cannot go to standard output: give a file with -o"),
                   mrg_export_format_to_string (format));
      return FALSE;
    }

  if (!mrg_store_export_count_pages (store, &ctx.pages_total, error))
    return FALSE;

  /* One read transaction: the export is a consistent snapshot even while the window edits. */
  if (!mrg_store_export_begin_snapshot (store, &began, error))
    return FALSE;
  if (!load_project_columns (&ctx, error))
    goto out;

  if (mrg_export_format_is_folder (format))
    {
      ok = run_format (&ctx, error);
      goto out;
    }

  if (to_stdout)
    {
      ctx.out = stdout;
      ok = run_format (&ctx, error);
      if (ok && fflush (stdout) != 0)
        ok = _mrg_export_set_write_error (&ctx, errno, error);
      goto out;
    }

  target = resolve_target (out_path, &in_place, error);
  if (target == NULL)
    goto out;
  if (in_place)
    {
      if (format_is_text (format))
        {
          ctx.out = g_fopen (target, "w");
          if (ctx.out == NULL)
            {
              _mrg_export_set_write_error (&ctx, errno, error);
              goto out;
            }
          ok = run_format (&ctx, error);
          if (fclose (ctx.out) != 0 && ok)
            ok = _mrg_export_set_write_error (&ctx, errno, error);
          ctx.out = NULL;
        }
      else
        {
          ctx.write_path = target;
          ok = run_format (&ctx, error);
        }
      goto out;
    }

  temp_path = make_temp_path (target, out_path, &fd, error);
  if (temp_path == NULL)
    goto out;
  ctx.write_path = temp_path;

  if (format_is_text (format))
    {
      ctx.out = fdopen (fd, "w");
      if (ctx.out == NULL)
        {
          _mrg_export_set_write_error (&ctx, errno, error);
          close (fd);
          goto out;
        }
      fd = -1;
      setvbuf (ctx.out, NULL, _IOFBF, 256 * 1024);
      ok = run_format (&ctx, error);
      if (fflush (ctx.out) != 0 && ok)
        ok = _mrg_export_set_write_error (&ctx, errno, error);
      if (ok && fsync (fileno (ctx.out)) != 0 && errno != EINVAL)
        ok = _mrg_export_set_write_error (&ctx, errno, error);
      if (fclose (ctx.out) != 0 && ok)
        ok = _mrg_export_set_write_error (&ctx, errno, error);
      ctx.out = NULL;
    }
  else
    {
      close (fd);
      fd = -1;
      ok = run_format (&ctx, error);
    }

  if (ok && g_rename (temp_path, target) != 0)
    ok = _mrg_export_set_write_error (&ctx, errno, error);
  if (!ok)
    g_unlink (temp_path);

out:
  if (began)
    mrg_store_export_end_snapshot (store);
  context_clear (&ctx);
  return ok;
}

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
#include "mrg-store.h"

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
export_cell_clear (gpointer data)
{
  MrgExportCell *cell = data;

  g_free (cell->text);
  g_free (cell->ocr_text);
}

static void
export_row_free (gpointer data)
{
  MrgExportRow *row = data;

  g_free (row->status);
  g_free (row->status_by);
  g_free (row->status_at);
  g_array_unref (row->cells);
  g_free (row);
}

static void
export_table_clear (MrgExportTable *table)
{
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_clear_pointer (&table->column_names, g_ptr_array_unref);
  g_clear_pointer (&table->column_types, g_array_unref);
  memset (table, 0, sizeof *table);
}

static void
export_document_clear (MrgExportDocument *doc)
{
  g_clear_pointer (&doc->path, g_free);
  g_clear_pointer (&doc->display_path, g_free);
  g_clear_pointer (&doc->sha256, g_free);
  doc->id = 0;
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           i)
{
  const char *text = (const char *) sqlite3_column_text (stmt, i);

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);
  return g_strdup (text);
}

static gboolean
load_project_columns (MrgExportContext  *ctx,
                      GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  ctx->project_columns = g_ptr_array_new_with_free_func (g_free);
  ctx->project_types = g_array_new (FALSE, TRUE, sizeof (MrgColumnType));

  stmt = mrg_store_prepare (ctx->store, "SELECT position, name, type FROM columns"
                                        " WHERE position >= 0 ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int position = sqlite3_column_int (stmt, 0);
      MrgColumnType type = MRG_COLUMN_TYPE_TEXT;

      if (position > 10000)
        continue; /* a damaged schema must not make us allocate gigabytes */
      if ((guint) position >= ctx->project_columns->len)
        {
          g_ptr_array_set_size (ctx->project_columns, position + 1);
          g_array_set_size (ctx->project_types, position + 1);
        }
      g_free (g_ptr_array_index (ctx->project_columns, position));
      g_ptr_array_index (ctx->project_columns, position) = dup_column_text (stmt, 1);
      mrg_column_type_from_string ((const char *) sqlite3_column_text (stmt, 2), &type);
      g_array_index (ctx->project_types, MrgColumnType, position) = type;
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (ctx->store, error, rc, "reading the columns");
  return TRUE;
}

static const char *
project_column_name (MrgExportContext *ctx,
                     guint             position)
{
  if (position < ctx->project_columns->len)
    return g_ptr_array_index (ctx->project_columns, position);
  return NULL;
}

static MrgColumnType
project_column_type (MrgExportContext *ctx,
                     guint             position)
{
  if (position < ctx->project_types->len)
    return g_array_index (ctx->project_types, MrgColumnType, position);
  return MRG_COLUMN_TYPE_TEXT;
}

gboolean
_mrg_export_load_flat_columns (MrgExportContext  *ctx,
                               GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int max_col = -1;
  int rc;

  stmt = mrg_store_prepare (ctx->store, "SELECT max(col) FROM cells", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    max_col = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  ctx->n_columns = MAX (max_col + 1, (int) ctx->project_columns->len);
  ctx->n_columns = MIN (ctx->n_columns, 10000u);
  ctx->column_names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < ctx->n_columns; i++)
    g_ptr_array_add (ctx->column_names, g_strdup (project_column_name (ctx, i)));

  /* Positions without a project column take the text of the first header row that has one. */
  stmt = mrg_store_prepare (ctx->store,
                            "SELECT c.col, c.text FROM cells c JOIN rows r ON r.id = c.row_id"
                            " JOIN tables t ON t.id = r.table_id JOIN pages p ON p.id = t.page_id"
                            " WHERE r.header AND r.idx >= 0 AND c.text <> ''"
                            " ORDER BY p.document_id, p.number, t.idx, r.idx, c.col",
                            error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int col = sqlite3_column_int (stmt, 0);

      if (col >= 0 && (guint) col < ctx->n_columns &&
          g_ptr_array_index (ctx->column_names, col) == NULL)
        g_ptr_array_index (ctx->column_names, col) = dup_column_text (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (ctx->store, error, rc, "reading the header rows");

  for (guint i = 0; i < ctx->n_columns; i++)
    if (g_ptr_array_index (ctx->column_names, i) == NULL)
      g_ptr_array_index (ctx->column_names, i) = g_strdup ("");
  return TRUE;
}

/* Column names of one table: the project's column, else the table's header text, else "". */
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
      const char *name = project_column_name (ctx, i);
      MrgColumnType type = project_column_type (ctx, i);

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
  if (g_cancellable_is_cancelled (ctx->cancellable))
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_CANCELLED,
                   _("%s: the export was cancelled"), ctx->out_path);
      return FALSE;
    }
  return TRUE;
}

enum
{
  Q_DOC_ID, Q_DOC_PATH, Q_DOC_SHA, Q_DOC_KIND,
  Q_PAGE_ID, Q_PAGE_NUMBER, Q_PAGE_WIDTH, Q_PAGE_HEIGHT, Q_PAGE_DPI,
  Q_TABLE_ID, Q_TABLE_IDX, Q_TX1, Q_TY1, Q_TX2, Q_TY2,
  Q_ROW_ID, Q_ROW_IDX, Q_ROW_HEADER, Q_ROW_STATUS, Q_ROW_BY, Q_ROW_AT,
  Q_CELL_COL, Q_CELL_TEXT, Q_CELL_OCR, Q_CELL_CONF, Q_CX1, Q_CY1, Q_CX2, Q_CY2, Q_CELL_FLAGS,
};

/* One ordered query over the whole project, read once: memory holds one table at a time. */
static const char walk_sql[] =
  "SELECT d.id, d.path, d.sha256, d.kind,"
  "       p.id, p.number, p.width, p.height, p.dpi,"
  "       t.id, t.idx, t.x1, t.y1, t.x2, t.y2,"
  "       r.id, r.idx, r.header, r.status, r.status_by, r.status_at,"
  "       c.col, c.text, c.ocr_text, c.confidence, c.x1, c.y1, c.x2, c.y2, c.flags"
  " FROM documents d JOIN pages p ON p.document_id = d.id"
  " LEFT JOIN tables t ON t.page_id = p.id"
  " LEFT JOIN rows r ON r.table_id = t.id AND r.idx >= 0 AND (?1 = 0 OR r.header OR r.status = 'verified')"
  " LEFT JOIN cells c ON c.row_id = r.id"
  " ORDER BY d.id, p.number, t.idx, r.idx, r.id, c.col";

static gboolean
count_tables (MrgExportContext  *ctx,
              gint64             page_id,
              guint             *out,
              GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mrg_store_prepare (ctx->store, "SELECT count(*) FROM tables WHERE page_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, page_id);
  *out = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
  return TRUE;
}

static gboolean
emit_table (MrgExportContext       *ctx,
            const MrgExportWriter  *writer,
            MrgExportDocument      *doc,
            MrgExportPage          *page,
            MrgExportTable         *table,
            GError                **error)
{
  gboolean ok = TRUE;

  if (table->rows == NULL)
    return TRUE;
  finish_table (ctx, table);
  if (writer->table != NULL)
    ok = writer->table (ctx, doc, page, table, error);
  export_table_clear (table);
  return ok;
}

static gboolean
end_page (MrgExportContext       *ctx,
          const MrgExportWriter  *writer,
          MrgExportDocument      *doc,
          MrgExportPage          *page,
          GError                **error)
{
  if (page->id == 0)
    return TRUE;
  if (writer->end_page != NULL && !writer->end_page (ctx, doc, page, error))
    return FALSE;
  page->id = 0;
  ctx->pages_done++;
  if (ctx->write_errno != 0)
    return _mrg_export_set_write_error (ctx, ctx->write_errno, error);
  if (ctx->progress != NULL)
    ctx->progress (ctx->pages_done, ctx->pages_total, ctx->progress_data);
  return check_cancelled (ctx, error);
}

gboolean
_mrg_export_walk (MrgExportContext       *ctx,
                  const MrgExportWriter  *writer,
                  GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MrgExportDocument doc = { 0 };
  MrgExportPage page = { 0 };
  MrgExportTable table = { 0 };
  MrgExportRow *row = NULL;
  gboolean ok = FALSE;
  int rc;

  ctx->pages_done = 0;
  if (!check_cancelled (ctx, error))
    return FALSE;

  stmt = mrg_store_prepare (ctx->store, walk_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, ctx->options.verified_only ? 1 : 0);

  if (writer->begin != NULL && !writer->begin (ctx, error))
    goto out;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 doc_id = sqlite3_column_int64 (stmt, Q_DOC_ID);
      gint64 page_id = sqlite3_column_int64 (stmt, Q_PAGE_ID);
      gint64 table_id = sqlite3_column_int64 (stmt, Q_TABLE_ID);  /* 0 when NULL */
      gint64 row_id = sqlite3_column_int64 (stmt, Q_ROW_ID);

      if (page_id != page.id || doc_id != doc.id)
        {
          if (!emit_table (ctx, writer, &doc, &page, &table, error) ||
              !end_page (ctx, writer, &doc, &page, error))
            goto out;
          row = NULL;
        }
      if (doc_id != doc.id)
        {
          if (doc.id != 0 && writer->end_document != NULL &&
              !writer->end_document (ctx, &doc, error))
            goto out;
          export_document_clear (&doc);
          doc.id = doc_id;
          /* a Latin-1 file name stays as it is on disk; only what is shown is made UTF-8 */
          doc.path = g_strdup ((const char *) sqlite3_column_text (stmt, Q_DOC_PATH));
          doc.display_path = g_filename_display_name (doc.path != NULL ? doc.path : "");
          doc.sha256 = dup_column_text (stmt, Q_DOC_SHA);
          doc.kind = MRG_DOCUMENT_KIND_IMAGE;
          mrg_document_kind_from_string ((const char *) sqlite3_column_text (stmt, Q_DOC_KIND),
                                         &doc.kind);
          if (writer->begin_document != NULL && !writer->begin_document (ctx, &doc, error))
            goto out;
        }
      if (page_id != page.id)
        {
          page.id = page_id;
          page.number = sqlite3_column_int (stmt, Q_PAGE_NUMBER);
          page.width = sqlite3_column_int (stmt, Q_PAGE_WIDTH);
          page.height = sqlite3_column_int (stmt, Q_PAGE_HEIGHT);
          page.dpi = sqlite3_column_double (stmt, Q_PAGE_DPI);
          if (!count_tables (ctx, page_id, &page.n_tables, error))
            goto out;
          if (writer->begin_page != NULL && !writer->begin_page (ctx, &doc, &page, error))
            goto out;
        }
      if (table_id == 0)
        continue;
      if (table_id != table.id)
        {
          if (!emit_table (ctx, writer, &doc, &page, &table, error))
            goto out;
          table.id = table_id;
          table.index = sqlite3_column_int (stmt, Q_TABLE_IDX);
          table.area.x1 = sqlite3_column_int (stmt, Q_TX1);
          table.area.y1 = sqlite3_column_int (stmt, Q_TY1);
          table.area.x2 = sqlite3_column_int (stmt, Q_TX2);
          table.area.y2 = sqlite3_column_int (stmt, Q_TY2);
          table.rows = g_ptr_array_new_with_free_func (export_row_free);
          row = NULL;
        }
      if (row_id == 0)
        continue;
      if (row == NULL || row->id != row_id)
        {
          row = g_new0 (MrgExportRow, 1);
          row->id = row_id;
          row->index = sqlite3_column_int (stmt, Q_ROW_IDX);
          row->header = sqlite3_column_int (stmt, Q_ROW_HEADER) != 0;
          row->status = dup_column_text (stmt, Q_ROW_STATUS);
          row->status_by = dup_column_text (stmt, Q_ROW_BY);
          row->status_at = dup_column_text (stmt, Q_ROW_AT);
          row->cells = g_array_new (FALSE, TRUE, sizeof (MrgExportCell));
          g_array_set_clear_func (row->cells, export_cell_clear);
          row->box.x1 = row->box.y1 = G_MAXINT;
          row->box.x2 = row->box.y2 = G_MININT;
          g_ptr_array_add (table.rows, row);
        }
      if (sqlite3_column_type (stmt, Q_CELL_COL) != SQLITE_NULL)
        {
          MrgExportCell cell = { 0 };

          cell.col = sqlite3_column_int (stmt, Q_CELL_COL);
          cell.text = dup_column_text (stmt, Q_CELL_TEXT);
          if (cell.text == NULL)
            cell.text = g_strdup ("");
          cell.ocr_text = dup_column_text (stmt, Q_CELL_OCR);
          cell.confidence = sqlite3_column_double (stmt, Q_CELL_CONF);
          cell.box.x1 = sqlite3_column_int (stmt, Q_CX1);
          cell.box.y1 = sqlite3_column_int (stmt, Q_CY1);
          cell.box.x2 = sqlite3_column_int (stmt, Q_CX2);
          cell.box.y2 = sqlite3_column_int (stmt, Q_CY2);
          cell.flags = sqlite3_column_int (stmt, Q_CELL_FLAGS);
          row->box.x1 = MIN (row->box.x1, cell.box.x1);
          row->box.y1 = MIN (row->box.y1, cell.box.y1);
          row->box.x2 = MAX (row->box.x2, cell.box.x2);
          row->box.y2 = MAX (row->box.y2, cell.box.y2);
          g_array_append_val (row->cells, cell);
        }
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (ctx->store, error, rc, "reading the project");
      goto out;
    }
  if (!emit_table (ctx, writer, &doc, &page, &table, error) ||
      !end_page (ctx, writer, &doc, &page, error))
    goto out;
  if (doc.id != 0 && writer->end_document != NULL && !writer->end_document (ctx, &doc, error))
    goto out;
  if (writer->end != NULL && !writer->end (ctx, error))
    goto out;
  if (ctx->write_errno != 0)
    {
      _mrg_export_set_write_error (ctx, ctx->write_errno, error);
      goto out;
    }
  ok = TRUE;

out:
  export_table_clear (&table);
  export_document_clear (&doc);
  return ok;
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
          const MrgExportCell *cell = NULL;

          while (c < row->cells->len && (guint) g_array_index (row->cells, MrgExportCell, c).col < i)
            c++;
          if (c < row->cells->len && (guint) g_array_index (row->cells, MrgExportCell, c).col == i)
            cell = &g_array_index (row->cells, MrgExportCell, c);
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

typedef struct
{
  gboolean first_document;
  gboolean first_page;
  gboolean first_table;
} JsonState;

static gboolean
json_begin (MrgExportContext  *ctx,
            GError           **error)
{
  JsonState *state = ctx->format_data;

  state->first_document = TRUE;
  _mrg_export_write (ctx, "{\"documents\": [", -1);
  return TRUE;
}

static gboolean
json_begin_document (MrgExportContext        *ctx,
                     const MrgExportDocument *doc,
                     GError                 **error)
{
  JsonState *state = ctx->format_data;

  _mrg_export_write (ctx, state->first_document ? "\n {\"path\": " : ",\n {\"path\": ", -1);
  write_json_string (ctx, doc->display_path);
  _mrg_export_write (ctx, ", \"sha256\": ", -1);
  write_json_string (ctx, doc->sha256);
  _mrg_export_write (ctx, ", \"pages\": [", -1);
  state->first_document = FALSE;
  state->first_page = TRUE;
  return TRUE;
}

static gboolean
json_begin_page (MrgExportContext        *ctx,
                 const MrgExportDocument *doc,
                 const MrgExportPage     *page,
                 GError                 **error)
{
  JsonState *state = ctx->format_data;

  _mrg_export_printf (ctx, "%s\n  {\"page\": %d, \"width\": %d, \"height\": %d, \"dpi\": ",
                      state->first_page ? "" : ",", page->number, page->width, page->height);
  write_json_number (ctx, page->dpi);
  _mrg_export_write (ctx, ", \"tables\": [", -1);
  state->first_page = FALSE;
  state->first_table = TRUE;
  return TRUE;
}

static gboolean
json_table (MrgExportContext        *ctx,
            const MrgExportDocument *doc,
            const MrgExportPage     *page,
            const MrgExportTable    *table,
            GError                 **error)
{
  JsonState *state = ctx->format_data;

  _mrg_export_write (ctx, state->first_table ? "\n   {\"columns\": [" : ",\n   {\"columns\": [",
                     -1);
  state->first_table = FALSE;
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
          _mrg_export_printf (ctx, ", \"box\": [%d, %d, %d, %d]}",
                              cell->box.x1, cell->box.y1, cell->box.x2, cell->box.y2);
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
                    MrgExportFormat          format,
                    const MrgExportOptions  *options,
                    const char              *out_path,
                    GCancellable            *cancellable,
                    MrgExportProgressFunc    progress,
                    gpointer                 user_data,
                    GError                 **error)
{
  MrgExportContext ctx = { 0 };
  g_autofree char *temp_path = NULL;
  g_autofree char *target = NULL;
  gboolean in_place = FALSE;
  gboolean to_stdout;
  gboolean began = FALSE;
  gboolean ok = FALSE;
  int fd = -1;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ctx.store = store;
  ctx.db = mrg_store_get_db (store);
  if (options != NULL)
    ctx.options = *options;
  ctx.format = format;
  ctx.out_path = out_path;
  ctx.cancellable = cancellable;
  ctx.progress = progress;
  ctx.progress_data = user_data;

  to_stdout = g_strcmp0 (out_path, "-") == 0;
  if (to_stdout && !format_is_text (format))
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_INVALID,
                   _("%s output cannot go to standard output: give a file with -o"),
                   mrg_export_format_to_string (format));
      return FALSE;
    }

  {
    g_autoptr(sqlite3_stmt) stmt = mrg_store_prepare (store, "SELECT count(*) FROM pages", error);

    if (stmt == NULL)
      return FALSE;
    if (sqlite3_step (stmt) == SQLITE_ROW)
      ctx.pages_total = sqlite3_column_int (stmt, 0);
  }

  /* One read transaction: the export is a consistent snapshot even while the window edits. */
  if (sqlite3_get_autocommit (ctx.db))
    {
      if (!mrg_store_exec (store, "BEGIN DEFERRED", error))
        return FALSE;
      began = TRUE;
    }
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
    sqlite3_exec (ctx.db, "COMMIT", NULL, NULL, NULL);
  context_clear (&ctx);
  return ok;
}

/* ---- async ------------------------------------------------------------------------------- */

typedef struct
{
  char *project_path;
  MrgExportFormat format;
  MrgExportOptions options;
  char *out_path;
  MrgExportProgressFunc progress;
  gpointer progress_data;
} ExportTaskData;

static void
export_task_data_free (gpointer data)
{
  ExportTaskData *td = data;

  g_free (td->project_path);
  g_free (td->out_path);
  g_free (td);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportTaskData *td = task_data;
  g_autoptr(MrgStore) store = NULL;
  GError *error = NULL;

  store = mrg_store_open (td->project_path, MRG_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL ||
      !mrg_export_to_file (store, td->format, &td->options, td->out_path, cancellable,
                           td->progress, td->progress_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
mrg_export_to_file_async (MrgStore                *store,
                          MrgExportFormat          format,
                          const MrgExportOptions  *options,
                          const char              *out_path,
                          GCancellable            *cancellable,
                          MrgExportProgressFunc    progress,
                          gpointer                 progress_data,
                          GAsyncReadyCallback      callback,
                          gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportTaskData *td;

  g_return_if_fail (MRG_IS_STORE (store));
  g_return_if_fail (out_path != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, mrg_export_to_file_async);
  td = g_new0 (ExportTaskData, 1);
  td->project_path = g_strdup (mrg_store_get_path (store));
  td->format = format;
  if (options != NULL)
    td->options = *options;
  td->out_path = g_strdup (out_path);
  td->progress = progress;
  td->progress_data = progress_data;
  g_task_set_task_data (task, td, export_task_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
mrg_export_to_file_finish (MrgStore      *store,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mrg_export_to_file_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* mrg-export-xlsx.c: XLSX export — a sheet of rows and a sheet of their provenance
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-export"

#define _GNU_SOURCE /* memfd_create */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "mrg-export-private.h"

/* Widths in characters; a long cell must not make a column wider than a screen. */
#define MAX_COLUMN_WIDTH 60.0
#define MIN_COLUMN_WIDTH 4.0

typedef struct
{
  lxw_workbook *workbook;
  lxw_worksheet *rows;
  lxw_worksheet *provenance;
  lxw_format *bold;
  lxw_row_t next_row;
  GArray *widths;           /* double, per column of the rows sheet */
  GArray *prov_widths;
  lxw_error failure;
} XlsxState;

static const char *provenance_columns[] = {
  "sheet_row", "document", "document_sha256", "page", "table", "row", "row_box", "row_status",
  "verified_by", "verified_at",
};

static void
note_width (GArray     *widths,
            guint       col,
            const char *text)
{
  double width = 0;

  if (text != NULL)
    {
      /* the longest line of the cell, in characters (a rough measure; Excel has no better) */
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        width = MAX (width, g_utf8_strlen (lines[i], -1));
    }
  if (col >= widths->len)
    g_array_set_size (widths, col + 1);
  g_array_index (widths, double, col) = MAX (g_array_index (widths, double, col), width + 1);
}

static void
put_string (XlsxState     *state,
            lxw_worksheet *sheet,
            GArray        *widths,
            lxw_row_t      row,
            lxw_col_t      col,
            const char    *text,
            lxw_format    *format)
{
  lxw_error rc;

  if (text == NULL || *text == '\0')
    return;
  rc = worksheet_write_string (sheet, row, col, text, format);
  if (rc == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
    {
      /* Excel holds at most 32767 characters in a cell; keep what fits and say so */
      g_autofree char *cut = g_utf8_substring (text, 0, 32000);
      g_autofree char *marked = g_strconcat (cut, " […]", NULL);

      rc = worksheet_write_string (sheet, row, col, marked, format);
    }
  if (rc != LXW_NO_ERROR && state->failure == LXW_NO_ERROR)
    state->failure = rc;
  note_width (widths, col, text);
}

static void
put_number (XlsxState     *state,
            lxw_worksheet *sheet,
            GArray        *widths,
            lxw_row_t      row,
            lxw_col_t      col,
            double         value)
{
  char buf[32];
  lxw_error rc = worksheet_write_number (sheet, row, col, value, NULL);

  if (rc != LXW_NO_ERROR && state->failure == LXW_NO_ERROR)
    state->failure = rc;
  g_ascii_formatd (buf, sizeof buf, "%g", value);
  note_width (widths, col, buf);
}

/* A merged cell of the table's row r, written at y, x: the range it covers among the body rows
 * written after it (header rows are not written) and the columns. Without a format
 * worksheet_merge_range writes no blank cells, only the range, so that the rows below can
 * still be written in constant-memory mode. (With the flag columns between the data columns a
 * range would cover flags, so it is not merged there.) */
static void
merge_cell (XlsxState             *state,
            const MrgExportTable  *table,
            guint                  r,
            lxw_row_t              y,
            lxw_col_t              x,
            const MrgExportCell   *cell)
{
  lxw_row_t last_row = y;
  lxw_error rc;

  for (guint i = r + 1; i < table->rows->len && i < r + (guint) cell->row_span; i++)
    if (!((const MrgExportRow *) g_ptr_array_index (table->rows, i))->header)
      last_row++;
  if (last_row == y && cell->col_span <= 1)
    return;
  rc = worksheet_merge_range (state->rows, y, x, last_row, x + cell->col_span - 1, "", NULL);
  if (rc != LXW_NO_ERROR && state->failure == LXW_NO_ERROR)
    state->failure = rc;
}

static gboolean
xlsx_begin (MrgExportContext  *ctx,
            GError           **error)
{
  XlsxState *state = ctx->format_data;
  lxw_col_t col = 0;

  if (!_mrg_export_load_flat_columns (ctx, error))
    return FALSE;

  for (guint i = 0; i < ctx->n_columns; i++)
    {
      const char *name = g_ptr_array_index (ctx->column_names, i);

      put_string (state, state->rows, state->widths, 0, col++, name, state->bold);
      if (ctx->options.cell_flags)
        {
          g_autofree char *flag_name = g_strdup_printf ("%s%sflags", name, *name ? " " : "");

          put_string (state, state->rows, state->widths, 0, col++, flag_name, state->bold);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (provenance_columns); i++)
    put_string (state, state->provenance, state->prov_widths, 0, i, provenance_columns[i],
                state->bold);
  if (ctx->layout_offsets != NULL)
    put_string (state, state->provenance, state->prov_widths, 0,
                G_N_ELEMENTS (provenance_columns), "layout", state->bold);
  state->next_row = 1;
  return TRUE;
}

static gboolean
xlsx_table (MrgExportContext        *ctx,
            const MrgExportDocument *doc,
            const MrgExportPage     *page,
            const MrgExportTable    *table,
            GError                 **error)
{
  XlsxState *state = ctx->format_data;

  for (guint r = 0; r < table->rows->len; r++)
    {
      const MrgExportRow *row = g_ptr_array_index (table->rows, r);
      lxw_row_t y = state->next_row;
      gboolean verified = g_strcmp0 (row->status, "verified") == 0;
      g_autofree char *box = NULL;
      guint c = 0;

      if (row->header)
        continue;
      if (y >= LXW_ROW_MAX)
        {
          g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_INVALID,
                       _("%s: more rows than a spreadsheet can hold (%u): export CSV instead"),
                       ctx->out_path, (guint) LXW_ROW_MAX);
          return FALSE;
        }
      for (guint i = 0; i < ctx->n_columns; i++)
        {
          const MrgExportCell *cell = _mrg_export_flat_cell (ctx, table, row, i, &c);
          lxw_col_t x = ctx->options.cell_flags ? 2 * i : i;

          if (cell == NULL)
            continue;
          if (!ctx->options.cell_flags && (cell->row_span > 1 || cell->col_span > 1))
            merge_cell (state, table, r, y, x, cell);
          put_string (state, state->rows, state->widths, y, x, cell->text, NULL);
          if (ctx->options.cell_flags)
            put_string (state, state->rows, state->widths, y, x + 1,
                        _mrg_export_flags_string (cell->flags), NULL);
        }

      box = row->cells->len == 0 ? g_strdup ("0 0 0 0")
                                 : g_strdup_printf ("%d %d %d %d", row->box.x1, row->box.y1,
                                                    row->box.x2, row->box.y2);
      put_number (state, state->provenance, state->prov_widths, y, 0, y + 1);
      put_string (state, state->provenance, state->prov_widths, y, 1, doc->display_path, NULL);
      put_string (state, state->provenance, state->prov_widths, y, 2, doc->sha256, NULL);
      put_number (state, state->provenance, state->prov_widths, y, 3, page->number);
      put_number (state, state->provenance, state->prov_widths, y, 4, table->index + 1);
      put_number (state, state->provenance, state->prov_widths, y, 5, row->index);
      put_string (state, state->provenance, state->prov_widths, y, 6, box, NULL);
      put_string (state, state->provenance, state->prov_widths, y, 7, row->status, NULL);
      put_string (state, state->provenance, state->prov_widths, y, 8,
                  verified ? row->status_by : NULL, NULL);
      put_string (state, state->provenance, state->prov_widths, y, 9,
                  verified ? row->status_at : NULL, NULL);
      if (ctx->layout_offsets != NULL)
        put_string (state, state->provenance, state->prov_widths, y,
                    G_N_ELEMENTS (provenance_columns), _mrg_export_flat_layout_name (ctx, table),
                    NULL);
      state->next_row++;
    }
  if (state->failure != LXW_NO_ERROR)
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), ctx->out_path,
                   lxw_strerror (state->failure));
      return FALSE;
    }
  return TRUE;
}

static const MrgExportWriter xlsx_writer = {
  .begin = xlsx_begin,
  .table = xlsx_table,
};

static void
size_columns (lxw_worksheet *sheet,
              GArray        *widths)
{
  for (guint i = 0; i < widths->len; i++)
    {
      double w = CLAMP (g_array_index (widths, double, i), MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH);

      worksheet_set_column (sheet, i, i, w, NULL);
    }
}

/* Copies the finished workbook from memory to where it goes; FALSE with errno set. */
static gboolean
copy_workbook (int         from,
               const char *to)
{
  char buf[64 * 1024];
  gboolean ok = TRUE;
  ssize_t n = 0;
  int fd;

  if (lseek (from, 0, SEEK_SET) != 0 || (fd = g_open (to, O_WRONLY | O_TRUNC | O_CLOEXEC, 0)) < 0)
    return FALSE;
  while (ok && (n = read (from, buf, sizeof buf)) > 0)
    for (ssize_t done = 0, w; ok && done < n; done += w)
      ok = (w = write (fd, buf + done, n - done)) > 0;
  ok = ok && n == 0 && (fsync (fd) == 0 || errno == EINVAL);
  if (!ok)
    {
      int saved = errno != 0 ? errno : EIO;

      close (fd);
      errno = saved;
      return FALSE;
    }
  return close (fd) == 0;
}

gboolean
_mrg_export_xlsx_run (MrgExportContext  *ctx,
                      GError           **error)
{
  g_autofree char *tmpdir = g_path_get_dirname (ctx->write_path);
  /* libxlsxwriter prints "[ERROR]" lines on stderr when it cannot write (a full disk): it writes
   * the zip into memory, which does not fail so, and the copy to disk reports a failure as ours */
  int memory = memfd_create ("muragat-export.xlsx", MFD_CLOEXEC);
  g_autofree char *memory_path = memory >= 0 ? g_strdup_printf ("/proc/self/fd/%d", memory)
                                             : NULL;
  /* rows go to disk as they are written: memory stays flat however large the project */
  lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = tmpdir,
                                   .use_zip64 = LXW_TRUE };
  XlsxState state = { 0 };
  lxw_error rc;
  gboolean ok;

  if (memory_path != NULL && !g_file_test (memory_path, G_FILE_TEST_EXISTS))
    g_clear_pointer (&memory_path, g_free);    /* no /proc: straight to the file */
  state.workbook = workbook_new_opt (memory_path != NULL ? memory_path : ctx->write_path,
                                     &options);
  if (state.workbook == NULL)
    {
      if (memory >= 0)
        close (memory);
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: the workbook could not be created"),
                   ctx->out_path);
      return FALSE;
    }
  state.rows = workbook_add_worksheet (state.workbook, "Rows");
  state.provenance = workbook_add_worksheet (state.workbook, "Provenance");
  state.bold = workbook_add_format (state.workbook);
  format_set_bold (state.bold);
  worksheet_freeze_panes (state.rows, 1, 0);
  worksheet_freeze_panes (state.provenance, 1, 0);
  state.widths = g_array_new (FALSE, TRUE, sizeof (double));
  state.prov_widths = g_array_new (FALSE, TRUE, sizeof (double));

  ctx->format_data = &state;
  ok = _mrg_export_walk (ctx, &xlsx_writer, error);
  ctx->format_data = NULL;

  size_columns (state.rows, state.widths);
  size_columns (state.provenance, state.prov_widths);
  /* closing writes the file; it must happen even after a failure, to free the workbook */
  rc = workbook_close (state.workbook);
  if (ok && rc != LXW_NO_ERROR)
    {
      g_set_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE,
                   _("%s: cannot write the export: %s"), ctx->out_path, lxw_strerror (rc));
      ok = FALSE;
    }
  if (ok && memory_path != NULL && !copy_workbook (memory, ctx->write_path))
    ok = _mrg_export_set_write_error (ctx, errno, error);
  if (memory >= 0)
    close (memory);
  g_array_unref (state.widths);
  g_array_unref (state.prov_widths);
  return ok;
}

/* test-export.c: JSON, CSV and TSV export of a real project, through the API and the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-export"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <libxml/parser.h>
#include <math.h>
#include <dlfcn.h>
#include <poppler.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "mrg-document.h"
#include "mrg-project.h"
#include "mrg-test-util.h"
#include "test-export-fixture.h"

typedef struct
{
  char *dir;
  MrgStore *store;
  gint64 table;
} Fixture;

static void
fixture_set_up (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("mrg-export-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->store = fixture_build_project (f->dir, &f->table);
}

static void
fixture_tear_down (Fixture       *f,
                  gconstpointer  data)
{
  mrg_test_drop_store (&f->store, &f->dir);
}

static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static JsonNode *
export_json (Fixture  *f,
             gboolean  verified_only)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "out.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  MrgExportOptions options = { .verified_only = verified_only };

  fixture_export (f->store, MRG_EXPORT_FORMAT_JSON, &options, out);
  g_assert_true (json_parser_load_from_file (parser, out, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_json_shape (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) root = export_json (f, FALSE);
  JsonArray *docs, *pages, *tables, *columns, *rows;
  JsonObject *doc, *page, *table;
  g_autofree char *image = fixture_corpus_path ("clean-00.jpg");
  g_autofree char *sha = NULL;
  g_autofree char *gt_header5 = fixture_gt_text ("clean-00.json", 0, 5);
  gint64 size;
  int n_rows = fixture_gt_rows ("clean-00.json");
  guint n_cells = 0;

  sha = fixture_sha256 (image, &size);
  docs = json_object_get_array_member (json_node_get_object (root), "documents");
  g_assert_cmpuint (json_array_get_length (docs), ==, 2);

  doc = json_array_get_object_element (docs, 0);
  g_assert_cmpstr (json_object_get_string_member (doc, "path"), ==, image);
  g_assert_cmpstr (json_object_get_string_member (doc, "sha256"), ==, sha);
  pages = json_object_get_array_member (doc, "pages");
  g_assert_cmpuint (json_array_get_length (pages), ==, 1);
  page = json_array_get_object_element (pages, 0);
  g_assert_cmpint (json_object_get_int_member (page, "page"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (page, "width"), ==, 2480);
  g_assert_cmpint (json_object_get_int_member (page, "height"), ==, 3508);
  g_assert_cmpfloat (json_object_get_double_member (page, "dpi"), ==, 300.0);
  tables = json_object_get_array_member (page, "tables");
  g_assert_cmpuint (json_array_get_length (tables), ==, 1);
  table = json_array_get_object_element (tables, 0);

  /* the project's names for 0–4, the header row's text where the project has none */
  columns = json_object_get_array_member (table, "columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, 6);
  g_assert_cmpstr (json_array_get_string_element (columns, 0), ==, "№");
  g_assert_cmpstr (json_array_get_string_element (columns, 1), ==, "Фамилия и.и.з.");
  g_assert_cmpstr (json_array_get_string_element (columns, 5), ==, gt_header5);

  rows = json_object_get_array_member (table, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, n_rows);
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);
      JsonArray *cells = json_object_get_array_member (row, "cells");

      g_assert_cmpint (json_object_get_int_member (row, "index"), ==, r);
      g_assert_cmpint (json_object_get_boolean_member (row, "header"), ==, r == 0);
      g_assert_cmpstr (json_object_get_string_member (row, "status"), ==,
                       r == 1 || r == 3 ? "verified" : "unverified");
      for (guint c = 0; c < json_array_get_length (cells); c++)
        {
          JsonObject *cell = json_array_get_object_element (cells, c);
          JsonArray *box = json_object_get_array_member (cell, "box");
          int col = json_object_get_int_member (cell, "col");
          g_autofree char *gt = fixture_gt_text ("clean-00.json", r, col);

          g_assert_cmpstr (json_object_get_string_member (cell, "ocr_text"), ==, gt);
          if (r == 1 && col == 1)
            g_assert_cmpstr (json_object_get_string_member (cell, "text"), ==, FIXTURE_TRICKY_TEXT);
          else
            g_assert_cmpstr (json_object_get_string_member (cell, "text"), ==, gt);
          g_assert_cmpfloat (json_object_get_double_member (cell, "confidence"), >=, 80.0);
          g_assert_cmpuint (json_array_get_length (box), ==, 4);
          g_assert_cmpint (json_array_get_int_element (box, 0), <, json_array_get_int_element (box, 2));
          g_assert_cmpint (json_array_get_int_element (box, 1), <, json_array_get_int_element (box, 3));
          n_cells++;
        }
    }
  g_assert_cmpuint (n_cells, ==, (guint) n_rows * 6);

  /* a page without a table still appears, with no tables */
  doc = json_array_get_object_element (docs, 1);
  page = json_array_get_object_element (json_object_get_array_member (doc, "pages"), 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "tables")), ==, 0);
}

static void
test_json_verified_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonNode) root = export_json (f, TRUE);
  JsonArray *docs = json_object_get_array_member (json_node_get_object (root), "documents");
  JsonObject *doc = json_array_get_object_element (docs, 0);
  JsonObject *page = json_array_get_object_element (json_object_get_array_member (doc, "pages"), 0);
  JsonObject *table = json_array_get_object_element (json_object_get_array_member (page, "tables"), 0);
  JsonArray *rows = json_object_get_array_member (table, "rows");

  /* the header row (it names the columns) and the two verified rows */
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (rows, 0), "header"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 1), "index"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 2), "index"), ==, 3);
}

/* An RFC 4180 reader, strict: quotes only around whole fields, CRLF line ends. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GPtrArray *fields = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; !(*p == '"' && p[1] != '"'); p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
        }
      else
        {
          while (*p != ',' && *p != '\r' && *p != '\0')
            {
              g_assert_true (*p != '"' && *p != '\n');
              g_string_append_c (field, *p++);
            }
        }
      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
        }
    }
  g_ptr_array_unref (fields);
  g_string_free (field, TRUE);
  return records;
}

static int
field_index (char **header,
             const char *name)
{
  for (int i = 0; header[i] != NULL; i++)
    if (g_strcmp0 (header[i], name) == 0)
      return i;
  g_assert_not_reached ();
  return -1;
}

static void
test_csv (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *image = fixture_corpus_path ("clean-00.jpg");
  g_autofree char *gt_header5 = fixture_gt_text ("clean-00.json", 0, 5);
  g_autoptr(GPtrArray) records = NULL;
  MrgExportOptions options = { .cell_flags = TRUE };
  char **header, **row1, **row2;
  int n_rows = fixture_gt_rows ("clean-00.json");

  fixture_export (f->store, MRG_EXPORT_FORMAT_CSV, &options, out);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  records = parse_csv (text);

  /* header + one line per body row; no line for the table-less page */
  g_assert_cmpuint (records->len, ==, 1 + n_rows - 1);
  header = g_ptr_array_index (records, 0);
  g_assert_cmpuint (g_strv_length (header), ==, 6 * 2 + 9);
  g_assert_cmpstr (header[0], ==, "№");
  g_assert_cmpstr (header[1], ==, "№ flags");
  g_assert_cmpstr (header[2], ==, "Фамилия и.и.з.");
  g_assert_cmpstr (header[10], ==, gt_header5);

  row1 = g_ptr_array_index (records, 1);
  g_assert_cmpuint (g_strv_length (row1), ==, g_strv_length (header));
  g_assert_cmpstr (row1[2], ==, FIXTURE_TRICKY_TEXT);
  g_assert_cmpstr (row1[9], ==, "illegible uncertain");
  g_assert_cmpstr (row1[field_index (header, "document")], ==, image);
  g_assert_cmpstr (row1[field_index (header, "page")], ==, "1");
  g_assert_cmpstr (row1[field_index (header, "table")], ==, "1");
  g_assert_cmpstr (row1[field_index (header, "row")], ==, "1");
  g_assert_cmpstr (row1[field_index (header, "row_status")], ==, "verified");
  g_assert_cmpstr (row1[field_index (header, "verified_by")], ==, "Тестовый Архивист");
  g_assert_true (g_str_has_suffix (row1[field_index (header, "verified_at")], "Z"));
  g_assert_cmpuint (strlen (row1[field_index (header, "document_sha256")]), ==, 64);

  row2 = g_ptr_array_index (records, 2);
  {
    g_autofree char *gt = fixture_gt_text ("clean-00.json", 2, 1);
    g_auto(GStrv) box = g_strsplit (row2[field_index (header, "row_box")], " ", -1);

    g_assert_cmpstr (row2[2], ==, gt);
    g_assert_cmpstr (row2[9], ==, "uncertain");
    g_assert_cmpstr (row2[field_index (header, "row_status")], ==, "unverified");
    g_assert_cmpstr (row2[field_index (header, "verified_by")], ==, "");
    g_assert_cmpuint (g_strv_length (box), ==, 4);
    g_assert_cmpint (atoi (box[0]), <, atoi (box[2]));
  }
}

static void
test_csv_verified_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) records = NULL;
  MrgExportOptions options = { .verified_only = TRUE };
  char **header;

  fixture_export (f->store, MRG_EXPORT_FORMAT_CSV, &options, out);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  records = parse_csv (text);
  g_assert_cmpuint (records->len, ==, 3);
  header = g_ptr_array_index (records, 0);
  g_assert_cmpuint (g_strv_length (header), ==, 6 + 9);
  for (guint i = 1; i < records->len; i++)
    {
      char **row = g_ptr_array_index (records, i);

      g_assert_cmpstr (row[field_index (header, "row_status")], ==, "verified");
    }
}

static void
test_tsv (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "out.tsv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_auto(GStrv) row1 = NULL;
  int n_rows = fixture_gt_rows ("clean-00.json");

  fixture_export (f->store, MRG_EXPORT_FORMAT_TSV, NULL, out);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  g_assert_null (strchr (text, '\r'));
  lines = g_strsplit (text, "\n", -1);
  /* header, body rows, and the empty string after the last line break */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + (n_rows - 1) + 1);
  header = g_strsplit (lines[0], "\t", -1);
  row1 = g_strsplit (lines[1], "\t", -1);
  g_assert_cmpuint (g_strv_length (header), ==, 6 + 9);
  g_assert_cmpuint (g_strv_length (row1), ==, 6 + 9);
  g_assert_cmpstr (row1[1], ==, "Бектанов, \"Бек\"\\nулы\\tсын\\\\");
}

static void
test_no_half_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *out = g_build_filename (f->dir, "out.json", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "out.json", NULL);
  MrgMonitor monitor = { cancellable };
  guint before = count_files (f->dir);

  g_cancellable_cancel (cancellable);
  g_assert_false (mrg_export_to_file (f->store,
                                      &(MrgExportOptions) { .format = MRG_EXPORT_FORMAT_JSON }, out,
                                      &monitor, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (f->dir), ==, before);
  g_clear_error (&error);

  g_assert_false (mrg_export_to_file (f->store,
                                      &(MrgExportOptions) { .format = MRG_EXPORT_FORMAT_CSV },
                                      missing, NULL, &error));
  g_assert_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpuint (count_files (f->dir), ==, before);
}

/* /dev/full reports ENOSPC on every write: the error must name the output. Standard output is
 * the one path written in place, so point it there. */
static void
test_cli_disk_full (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *project = g_strdup (mrg_store_get_path (f->store));
  g_autofree char *err = NULL;
  g_autofree char *cmd = NULL;
  int status = 0;

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  cmd = g_strdup_printf ("sh -c '\"%s\" --project \"%s\" export --format json -o - > /dev/full'",
                         g_getenv ("MURAGAT_CLI"), project);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, g_strerror (ENOSPC)));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_cli_json_stdout (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { g_getenv ("MURAGAT_CLI"), "--project", mrg_store_get_path (f->store),
                         "export", "--format", "json", "--verified-only", "-o", "-", NULL };
  JsonArray *docs;

  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  docs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "documents");
  g_assert_cmpuint (json_array_get_length (docs), ==, 2);
}

static void
test_cli_bad_input (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = g_build_filename (f->dir, "nowhere", "x.csv", NULL);
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { g_getenv ("MURAGAT_CLI"), "--project", mrg_store_get_path (f->store),
                         "export", "--format", "csv", "-o", out_path, NULL };
  const char *argv2[] = { g_getenv ("MURAGAT_CLI"), "--project", mrg_store_get_path (f->store),
                          "export", "--format", "docx", "-o", out_path, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, out_path));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_spawn_sync (NULL, (char **) argv2, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "docx"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

typedef struct
{
  GMainLoop *loop;
  gboolean ok;
  GError *error;
  double max_progress;
  char *last_text;
} AsyncData;

static void
async_progress_cb (MrgProject *project,
                   GParamSpec *pspec,
                   AsyncData  *d)
{
  d->max_progress = MAX (d->max_progress, mrg_project_get_progress (project));
  if (mrg_project_get_status_text (project) != NULL)
    {
      g_free (d->last_text);
      d->last_text = g_strdup (mrg_project_get_status_text (project));
    }
}

static void
async_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncData *d = user_data;

  d->ok = mrg_project_export_finish (MRG_PROJECT (source), result, &d->error);
  g_main_loop_quit (d->loop);
}

/* The window's way: the project's job on a read-only connection, its progress on the main
 * context. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "async.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgProject) project = mrg_project_open (mrg_store_get_path (f->store),
                                                    MRG_STORE_OPEN_DEFAULT, &error);
  AsyncData d = { 0 };

  g_assert_no_error (error);
  g_signal_connect (project, "notify::progress", G_CALLBACK (async_progress_cb), &d);
  d.loop = g_main_loop_new (NULL, FALSE);
  mrg_project_export_async (project, &(MrgExportOptions) { .format = MRG_EXPORT_FORMAT_JSON }, out,
                            NULL, async_done_cb, &d);
  g_assert_true (mrg_project_get_busy (project));
  g_main_loop_run (d.loop);
  g_main_loop_unref (d.loop);
  g_assert_no_error (d.error);
  g_assert_true (d.ok);
  g_assert_false (mrg_project_get_busy (project));
  /* the last step of the two pages reached the project before the job was done */
  g_assert_cmpfloat (d.max_progress, ==, 1);
  g_assert_cmpstr (d.last_text, ==, "Exporting pages 2/2");
  g_free (d.last_text);
  g_assert_true (json_parser_load_from_file (parser, out, NULL));
}

/* The workbook is read back by an independent reader, openpyxl (Debian's, for /usr/bin/python3). */
static const char openpyxl_dump[] =
  "import json, sys, openpyxl\n"
  "wb = openpyxl.load_workbook(sys.argv[1])\n"
  "out = {'sheets': wb.sheetnames}\n"
  "for ws in wb.worksheets:\n"
  "    out[ws.title] = {'freeze': ws.freeze_panes, 'bold': bool(ws['A1'].font.b),\n"
  "        'rows': [[c.value for c in r] for r in ws.iter_rows()],\n"
  "        'widths': {k: v.width for k, v in ws.column_dimensions.items()}}\n"
  "print(json.dumps(out, default=str))\n";

static void
test_xlsx (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "out.xlsx", NULL);
  g_autofree char *json = NULL;
  g_autofree char *err = NULL;
  g_autofree char *image = fixture_corpus_path ("clean-00.jpg");
  g_autoptr(JsonParser) parser = json_parser_new ();
  MrgExportOptions options = { .cell_flags = TRUE };
  const char *argv[] = { "/usr/bin/python3", "-c", openpyxl_dump, out, NULL };
  int n_rows = fixture_gt_rows ("clean-00.json");
  JsonObject *root, *rows_sheet, *prov_sheet;
  JsonArray *rows, *prov, *header, *row1, *p1;
  int status = 0;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no /usr/bin/python3 with openpyxl");
      return;
    }
  fixture_export (f->store, MRG_EXPORT_FORMAT_XLSX, &options, out);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &json,
                               &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("openpyxl could not read %s: %s", out, err);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  rows_sheet = json_object_get_object_member (root, "Rows");
  prov_sheet = json_object_get_object_member (root, "Provenance");
  g_assert_nonnull (rows_sheet);
  g_assert_nonnull (prov_sheet);
  g_assert_cmpstr (json_object_get_string_member (rows_sheet, "freeze"), ==, "A2");
  g_assert_true (json_object_get_boolean_member (rows_sheet, "bold"));

  rows = json_object_get_array_member (rows_sheet, "rows");
  prov = json_object_get_array_member (prov_sheet, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, n_rows);  /* header + body rows */
  g_assert_cmpuint (json_array_get_length (prov), ==, n_rows);
  header = json_array_get_array_element (rows, 0);
  g_assert_cmpstr (json_array_get_string_element (header, 0), ==, "№");
  g_assert_cmpstr (json_array_get_string_element (header, 2), ==, "Фамилия и.и.з.");
  row1 = json_array_get_array_element (rows, 1);
  g_assert_cmpstr (json_array_get_string_element (row1, 2), ==, FIXTURE_TRICKY_TEXT);
  g_assert_cmpstr (json_array_get_string_element (row1, 9), ==, "illegible uncertain");
  for (int r = 1; r < n_rows; r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);
      g_autofree char *gt = fixture_gt_text ("clean-00.json", r, 3);

      g_assert_cmpstr (json_array_get_string_element (row, 6), ==, gt);
    }
  p1 = json_array_get_array_element (prov, 1);
  g_assert_cmpint (json_array_get_int_element (p1, 0), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (p1, 1), ==, image);
  g_assert_cmpint (json_array_get_int_element (p1, 3), ==, 1);
  g_assert_cmpint (json_array_get_int_element (p1, 5), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (p1, 7), ==, "verified");
  g_assert_cmpstr (json_array_get_string_element (p1, 8), ==, "Тестовый Архивист");
  /* sized to content: the name column is wider than the number column */
  {
    JsonObject *widths = json_object_get_object_member (rows_sheet, "widths");

    g_assert_cmpfloat (json_object_get_double_member (widths, "C"), >,
                       json_object_get_double_member (widths, "A"));
  }
}

static double
xpath_num (xmlXPathContextPtr  xp,
           const char         *expr)
{
  xmlXPathObjectPtr res = xmlXPathEvalExpression (BAD_CAST expr, xp);
  double v;

  g_assert_nonnull (res);
  v = xmlXPathCastToNumber (res);
  xmlXPathFreeObject (res);
  return v;
}

static char *
xpath_str (xmlXPathContextPtr  xp,
           const char         *expr)
{
  xmlXPathObjectPtr res = xmlXPathEvalExpression (BAD_CAST expr, xp);
  xmlChar *s;
  char *copy;

  g_assert_nonnull (res);
  s = xmlXPathCastToString (res);
  copy = g_strdup ((const char *) s);
  xmlFree (s);
  xmlXPathFreeObject (res);
  return copy;
}

static void
test_tei (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "out.tei.xml", NULL);
  g_autofree char *gt_name = fixture_gt_text ("clean-00.json", 2, 1);
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  g_autofree char *tricky = NULL;
  g_autofree char *ulx = NULL;
  int n_rows = fixture_gt_rows ("clean-00.json");
  xmlDocPtr doc;
  xmlXPathContextPtr xp;

  fixture_export (f->store, MRG_EXPORT_FORMAT_TEI, NULL, out);
  doc = xmlReadFile (out, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);  /* well-formed */
  xp = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (xp, BAD_CAST "t", BAD_CAST "http://www.tei-c.org/ns/1.0");

  g_assert_cmpfloat (xpath_num (xp, "count(/t:TEI/t:facsimile/t:surface)"), ==, 2);
  g_assert_cmpfloat (xpath_num (xp, "count(//t:surface[1]/t:zone)"), ==, n_rows * 6);
  g_assert_cmpfloat (xpath_num (xp, "count(//t:body/t:table)"), ==, 1);
  g_assert_cmpfloat (xpath_num (xp, "count(//t:body/t:table/t:row)"), ==, n_rows);
  g_assert_cmpfloat (xpath_num (xp, "count(//t:body/t:table/t:row[@role='label'])"), ==, 1);
  g_assert_cmpfloat (xpath_num (xp, "count(//t:body//t:cell)"), ==, n_rows * 6);
  /* every cell points at a zone that exists */
  g_assert_cmpfloat (xpath_num (xp, "count(//t:cell[not(substring(@facs, 2) = //t:zone/@xml:id)])"),
                     ==, 0);
  url = xpath_str (xp, "string(//t:surface[1]/t:graphic/@url)");
  g_assert_true (g_str_has_suffix (url, "clean-00.jpg"));
  /* a name column: persName; the person's doubts: unclear; a line break: lb */
  name = xpath_str (xp, "string(//t:row[@n='2']/t:cell[@n='1']/t:persName)");
  g_assert_cmpstr (name, ==, gt_name);
  g_assert_cmpfloat (xpath_num (xp, "count(//t:row[@n='2']/t:cell[@n='0']/t:persName)"), ==, 0);
  g_assert_cmpfloat (xpath_num (xp, "count(//t:row[@n='1']/t:cell[@n='1']/t:persName/t:lb)"), ==, 1);
  g_assert_cmpfloat (xpath_num (xp, "count(//t:row[@n='1']/t:cell[@n='4']/t:unclear[@reason='illegible'])"),
                     ==, 1);
  g_assert_cmpfloat (xpath_num (xp, "count(//t:row[@n='2']/t:cell[@n='4']/t:unclear)"), ==, 1);
  tricky = xpath_str (xp, "string(//t:row[@n='1']/t:cell[@n='1'])");
  g_assert_cmpstr (tricky, ==, "Бектанов, \"Бек\"улы\tсын\\");
  /* the zone of a cell holds the cell's box */
  ulx = xpath_str (xp, "string(//t:zone[@xml:id = substring(//t:row[@n='2']/t:cell[@n='1']/@facs, 2)]/@ulx)");
  g_assert_cmpint (atoi (ulx), >, 0);

  xmlXPathFreeContext (xp);
  xmlFreeDoc (doc);
}

/* The box of a ground-truth cell, read from the corpus file. */
static MrgBox
gt_box (int row,
        int col)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *gt_path = fixture_corpus_path ("clean-00.json");
  JsonArray *cells;
  MrgBox box = { 0 };

  g_assert_true (json_parser_load_from_file (parser, gt_path, NULL));
  cells = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "cells");
  for (guint i = 0; i < json_array_get_length (cells); i++)
    {
      JsonObject *c = json_array_get_object_element (cells, i);
      JsonArray *b = json_object_get_array_member (c, "box");

      if (json_object_get_int_member (c, "row") == row && json_object_get_int_member (c, "col") == col)
        box = (MrgBox) { json_array_get_int_element (b, 0), json_array_get_int_element (b, 1),
                         json_array_get_int_element (b, 2), json_array_get_int_element (b, 3) };
    }
  return box;
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "out.pdf", NULL);
  g_autofree char *uri = NULL;
  PopplerDocument *pdf;   /* poppler 22 declares no autoptr cleanup */
  PopplerPage *page;
  g_autofree char *text = NULL;
  double pw, ph;
  int n_rows = fixture_gt_rows ("clean-00.json");
  guint checked = 0;

  fixture_export (f->store, MRG_EXPORT_FORMAT_PDF, NULL, out);
  uri = g_filename_to_uri (out, NULL, NULL);
  pdf = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, 2);
  page = poppler_document_get_page (pdf, 0);
  poppler_page_get_size (page, &pw, &ph);
  /* 2480 × 3508 pixels at 300 dpi: A4 */
  g_assert_cmpfloat (fabs (pw - 2480 * 72.0 / 300), <, 0.5);
  g_assert_cmpfloat (fabs (ph - 3508 * 72.0 / 300), <, 0.5);
  text = poppler_page_get_text (page);

  /* each surname of column 1 is in the text layer, and found inside its own cell */
  for (int r = 2; r < n_rows; r++)
    {
      g_autofree char *cell = fixture_gt_text ("clean-00.json", r, 1);
      g_auto(GStrv) words = g_strsplit (cell, " ", 2);
      MrgBox box = gt_box (r, 1);
      double k = 72.0 / 300;
      GList *hits;
      gboolean inside = FALSE;

      g_assert_nonnull (strstr (text, words[0]));
      hits = poppler_page_find_text (page, words[0]);
      g_assert_nonnull (hits);
      for (GList *l = hits; l != NULL; l = l->next)
        {
          PopplerRectangle *rect = l->data;
          /* find_text answers in PDF space: origin at the bottom left */
          double cx = (rect->x1 + rect->x2) / 2;
          double cy = ph - (rect->y1 + rect->y2) / 2;

          if (cx > box.x1 * k && cx < box.x2 * k && cy > box.y1 * k && cy < box.y2 * k)
            inside = TRUE;
        }
      g_list_free_full (hits, (GDestroyNotify) poppler_rectangle_free);
      if (!inside)
        g_error ("“%s” is not inside its cell on the PDF page", words[0]);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 10);

  /* the page without a table has its scan and no text */
  g_clear_object (&page);
  g_clear_pointer (&text, g_free);
  page = poppler_document_get_page (pdf, 1);
  text = poppler_page_get_text (page);
  g_assert_cmpstr (g_strstrip (text), ==, "");
  g_object_unref (page);
  g_object_unref (pdf);
}

static gpointer
read_fifo_thread (gpointer data)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (data, &contents, NULL, NULL));
  return contents;
}

/* Only a regular file is replaced by a rename: a symbolic link stays a link to the new content,
 * and a pipe or device (think /dev/null) is written in place, never replaced by a file. */
static void
test_special_outputs (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *real = g_build_filename (f->dir, "real.csv", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.csv", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.json", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *from_pipe = NULL;
  GThread *reader;
  GStatBuf st;

  g_assert_true (g_file_set_contents (real, "old", -1, NULL));
  g_assert_cmpint (symlink (real, link), ==, 0);
  fixture_export (f->store, MRG_EXPORT_FORMAT_CSV, NULL, link);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (real, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "№,"));

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reader = g_thread_new ("fifo", read_fifo_thread, fifo);
  fixture_export (f->store, MRG_EXPORT_FORMAT_JSON, NULL, fifo);
  from_pipe = g_thread_join (reader);
  g_assert_true (g_str_has_prefix (from_pipe, "{\"documents\": ["));
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));

  g_assert_false (mrg_export_to_file (f->store,
                                      &(MrgExportOptions) { .format = MRG_EXPORT_FORMAT_CSV },
                                      f->dir, NULL, &error));
  g_assert_error (error, MRG_EXPORT_ERROR, MRG_EXPORT_ERROR_INVALID);
  g_assert_true (g_file_test (f->dir, G_FILE_TEST_IS_DIR));
}

/* A PDF source: its page is drawn by poppler (kept vector), the text layer goes under it. */
static void
test_pdf_from_pdf (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *src = fixture_corpus_path ("scan-pages-00-01.pdf");
  g_autofree char *project = g_build_filename (f->dir, "pdf-source.muragat", NULL);
  g_autofree char *out = g_build_filename (f->dir, "from-pdf.pdf", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *gt = fixture_gt_text ("page-00.json", 3, 1);
  g_autofree char *text = NULL;
  g_autoptr(MrgDocumentInfo) info = mrg_document_probe (src, 300.0, NULL, &error);
  g_autoptr(MrgStore) store = NULL;
  PopplerDocument *pdf;
  PopplerPage *page;
  double pw, ph;

  g_assert_no_error (error);
  store = fixture_build_document_project (project, info);

  fixture_export (store, MRG_EXPORT_FORMAT_PDF, NULL, out);
  uri = g_filename_to_uri (out, NULL, NULL);
  pdf = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), ==, 2);
  page = poppler_document_get_page (pdf, 0);
  poppler_page_get_size (page, &pw, &ph);
  g_assert_cmpfloat (fabs (pw - info->pages[0].width * 72.0 / info->pages[0].dpi), <, 0.5);
  text = poppler_page_get_text (page);
  g_assert_nonnull (strstr (text, gt));
  g_object_unref (page);
  g_object_unref (pdf);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);

  mrg_test_add_fixture ("/export/json/shape", test_json_shape);
  mrg_test_add_fixture ("/export/json/verified-only", test_json_verified_only);
  mrg_test_add_fixture ("/export/csv/rfc4180-provenance-flags", test_csv);
  mrg_test_add_fixture ("/export/csv/verified-only", test_csv_verified_only);
  mrg_test_add_fixture ("/export/tsv/escapes", test_tsv);
  mrg_test_add_fixture ("/export/xlsx/openpyxl", test_xlsx);
  mrg_test_add_fixture ("/export/tei/structure", test_tei);
  mrg_test_add_fixture ("/export/pdf/text-layer", test_pdf);
  mrg_test_add_fixture ("/export/pdf/pdf-source", test_pdf_from_pdf);
  mrg_test_add_fixture ("/export/file/no-half-file", test_no_half_file);
  mrg_test_add_fixture ("/export/file/symlink-pipe-folder", test_special_outputs);
  mrg_test_add_fixture ("/export/async/json", test_async);
  mrg_test_add_fixture ("/export/cli/json-stdout", test_cli_json_stdout);
  mrg_test_add_fixture ("/export/cli/bad-input", test_cli_bad_input);
  mrg_test_add_fixture ("/export/cli/disk-full", test_cli_disk_full);

  rc = g_test_run ();
  /* let valgrind see only our own leaks: cairo and fontconfig keep caches until told */
  cairo_debug_reset_static_data ();
  {
    /* fontconfig comes in through cairo; looked up rather than linked, so that the test needs
     * no build dependency of its own */
    void (*fc_fini) (void) = (void (*) (void)) dlsym (RTLD_DEFAULT, "FcFini");

    if (fc_fini != NULL)
      fc_fini ();
  }
  return rc;
}

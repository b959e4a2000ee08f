/* test-cli.c: muragat-cli end to end, as a person runs it
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-cli"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "mrg-store.h"
#include "mrg-test-util.h"
#include "mrg-store-testing.h"

#define SYNTHETIC "synthetic-typed-ru"

/* Runs `muragat-cli -p project command`, which must succeed, and checks that what it prints
 * holds each of the texts that follow, up to a NULL. */
static void
assert_cli_prints (const char *project,
                   const char *command,
                   ...)
{
  g_autofree char *out = NULL;
  const char *text;
  va_list texts;

  g_assert_cmpint (mrg_test_run_cli (&out, NULL, "-p", project, command, NULL), ==, 0);
  va_start (texts, command);
  while ((text = va_arg (texts, const char *)) != NULL)
    if (strstr (out, text) == NULL)
      g_error ("expected “%s” in what %s printed: %s", text, command, out);
  va_end (texts);
}

/* The project exported as CSV to stdout. */
static char *
export_csv (const char *project)
{
  char *csv = NULL;

  g_assert_cmpint (mrg_test_run_cli (&csv, NULL, "-p", project, "export", "--format", "csv", "-o",
                                     "-", NULL), ==, 0);
  return csv;
}

static void
test_version_and_help (void)
{
  const char *commands[] = { "import", "relink", "status", "ocr", "export", "search", "match",
                             "layouts", "layout", "documents", "move", "remove" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (mrg_test_run_cli (&out, &err, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "muragat-cli "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (mrg_test_run_cli (&out, &err, "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (out, commands[i]));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *cout = NULL;
      g_autofree char *cerr = NULL;

      g_test_message ("%s --help", commands[i]);
      g_assert_cmpint (mrg_test_run_cli (&cout, &cerr, commands[i], "--help", NULL), ==, 0);
      g_assert_true (g_str_has_prefix (cout, "Usage:"));
      g_assert_nonnull (strstr (cout, commands[i]));
    }

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (mrg_test_run_cli (NULL, &err, "frobnicate", NULL), ==, 2);
  mrg_test_assert_one_line_error (err, "frobnicate");
}

static void
test_import_status (void)
{
  g_autofree char *pdf = mrg_test_corpus_file (SYNTHETIC, "scan-pages-00-01.pdf");
  g_autofree char *tif = mrg_test_corpus_file (SYNTHETIC, "scan-pages-02-03.tif");
  g_autofree char *jpg = mrg_test_corpus_file (SYNTHETIC, "clean-00.jpg");
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = g_build_filename (dir, "p.muragat", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;

  if (pdf == NULL || tif == NULL || jpg == NULL)
    return;

  g_assert_cmpint (mrg_test_run_cli (&out, &err, "--project", project, "import", pdf, tif, jpg,
                                     NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Added 3 documents (5 pages)"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  assert_cli_prints (project, "status", "Documents: 3\n", "Pages: 5 (new 5,", "Tables: 0\n", NULL);

  /* The JSON export has the shape of DESIGN.md: pages with no tables yet have "tables": []. */
  {
    g_autofree char *json_path = g_build_filename (dir, "out.json", NULL);
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    JsonArray *documents;
    guint pages = 0;

    g_assert_cmpint (mrg_test_run_cli (NULL, NULL, "-p", project, "export", "--format", "json",
                                       "-o", json_path, NULL), ==, 0);
    json_parser_load_from_file (parser, json_path, &error);
    g_assert_no_error (error);
    documents = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                              "documents");
    g_assert_cmpuint (json_array_get_length (documents), ==, 3);
    for (guint d = 0; d < 3; d++)
      {
        JsonObject *document = json_array_get_object_element (documents, d);
        JsonArray *page_list = json_object_get_array_member (document, "pages");

        g_assert_cmpuint (strlen (json_object_get_string_member (document, "sha256")), ==, 64);
        for (guint p = 0; p < json_array_get_length (page_list); p++)
          {
            JsonObject *page = json_array_get_object_element (page_list, p);

            g_assert_cmpint (json_object_get_int_member (page, "page"), ==, p + 1);
            g_assert_cmpint (json_object_get_int_member (page, "width"), ==, 2480);
            g_assert_cmpint (json_object_get_int_member (page, "height"), ==, 3508);
            g_assert_cmpint (json_object_get_int_member (page, "dpi"), ==, 300);
            g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "tables")),
                              ==, 0);
            pages++;
          }
      }
    g_assert_cmpuint (pages, ==, 5);
  }

  /* Verified rows only, and none verified yet: written all the same, as a script asked, and
   * a line says why it holds no row. */
  {
    g_autofree char *csv_path = g_build_filename (dir, "verified.csv", NULL);
    g_autofree char *csv = NULL;

    g_assert_cmpint (mrg_test_run_cli (&out, &err, "-p", project, "export", "--format", "csv",
                                       "--verified-only", "-o", csv_path, NULL), ==, 0);
    mrg_test_assert_one_line_error (err, csv_path);
    g_assert_nonnull (strstr (err, "no row is verified yet"));
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    /* the header line alone */
    g_assert_true (g_str_has_prefix (csv, "document,"));
    g_assert_true (strchr (csv, '\n') == csv + strlen (csv) - 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Without --format, the output's name tells it; a name that tells none is refused. */
  {
    g_autofree char *csv_path = g_build_filename (dir, "told.CSV", NULL);
    g_autofree char *xlsx_path = g_build_filename (dir, "told.xlsx", NULL);
    g_autofree char *xml_path = g_build_filename (dir, "told.xml", NULL);
    g_autofree char *csv = NULL;
    g_autofree char *xlsx = NULL;
    gsize length = 0;

    g_assert_cmpint (mrg_test_run_cli (NULL, NULL, "-p", project, "export", "-o", csv_path,
                                       NULL), ==, 0);
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_true (g_str_has_prefix (csv, "document,"));
    g_assert_cmpint (mrg_test_run_cli (NULL, NULL, "-p", project, "export", "-o", xlsx_path,
                                       NULL), ==, 0);
    g_assert_true (g_file_get_contents (xlsx_path, &xlsx, &length, NULL));
    g_assert_cmpuint (length, >, 4);
    g_assert_cmpmem (xlsx, 2, "PK", 2);   /* a zip, as every .xlsx */
    g_assert_cmpint (mrg_test_run_cli (&out, &err, "-p", project, "export", "-o", xml_path,
                                       NULL), ==, 1);
    mrg_test_assert_one_line_error (err, "no format given");
    g_assert_false (g_file_test (xml_path, G_FILE_TEST_EXISTS));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* The same files again add nothing. */
  before = mrg_test_dump_project (project);
  g_assert_cmpint (mrg_test_run_cli (&out, &err, "-p", project, "import", jpg, pdf, tif, NULL), ==,
                   0);
  g_assert_nonnull (strstr (out, "Added 0 documents (0 pages). 3 already in the project."));
  mrg_test_assert_project_unchanged (project, before);
}

static void
test_bad_input (void)
{
  g_autofree char *jpg = mrg_test_corpus_file (SYNTHETIC, "clean-01.jpg");
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = g_build_filename (dir, "p.muragat", NULL);
  g_autofree char *fresh = g_build_filename (dir, "fresh.muragat", NULL);
  g_autofree char *truncated = g_build_filename (dir, "truncated.jpg", NULL);
  g_autofree char *text_project = g_build_filename (dir, "notes.muragat", NULL);
  g_autofree char *before = NULL;

  if (jpg == NULL)
    return;
  mrg_test_copy_prefix (jpg, truncated, 100000);
  g_assert_cmpint (mrg_test_run_cli (NULL, NULL, "-q", "-p", project, "import", jpg, NULL), ==, 0);
  before = mrg_test_dump_project (project);

  {
    g_autofree char *err = NULL;

    g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-p", project, "import", truncated, NULL), ==, 1);
    mrg_test_assert_one_line_error (err, truncated);
    mrg_test_assert_project_unchanged (project, before);
  }

  /* A project that a failed import would have created is not left behind. */
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-p", fresh, "import", truncated, NULL), ==, 1);
    mrg_test_assert_one_line_error (err, "truncated");
    g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  }

  /* Not a project. */
  {
    g_autofree char *err = NULL;
    g_autoptr(GBytes) text_before = NULL;
    g_autoptr(GBytes) text_after = NULL;

    g_file_set_contents (text_project, "a list of names\n", -1, NULL);
    text_before = mrg_test_read_bytes (text_project);
    g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-p", text_project, "import", jpg, NULL), ==, 1);
    mrg_test_assert_one_line_error (err, text_project);
    text_after = mrg_test_read_bytes (text_project);
    g_assert_true (g_bytes_equal (text_before, text_after));
  }

  /* No project given, no such project. */
  {
    g_autofree char *err = NULL;
    g_autofree char *err2 = NULL;

    g_assert_cmpint (mrg_test_run_cli (NULL, &err, "status", NULL), ==, 1);
    mrg_test_assert_one_line_error (err, "--project");
    g_assert_cmpint (mrg_test_run_cli (NULL, &err2, "-p", fresh, "status", NULL), ==, 1);
    mrg_test_assert_one_line_error (err2, fresh);
  }

  /* A read-only project refuses changes, and still answers status. */
  {
    g_autofree char *err = NULL;
    g_autofree char *clean0 = mrg_test_corpus_file (SYNTHETIC, "clean-00.jpg");

    g_assert_cmpint (g_chmod (project, 0444), ==, 0);
    g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-p", project, "import", clean0, NULL), ==, 1);
    mrg_test_assert_one_line_error (err, "read-only");
    assert_cli_prints (project, "status", "Documents: 1\n", NULL);
    g_chmod (project, 0644);
    mrg_test_assert_project_unchanged (project, before);
  }
}

static void
test_relink (void)
{
  g_autofree char *jpg = mrg_test_corpus_file (SYNTHETIC, "clean-01.jpg");
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = g_build_filename (dir, "p.muragat", NULL);
  g_autofree char *scan = g_build_filename (dir, "scan.jpg", NULL);
  g_autofree char *sub = g_build_filename (dir, "elsewhere", NULL);
  g_autofree char *moved = g_build_filename (sub, "scan.jpg", NULL);
  g_autofree char *out = NULL;

  if (jpg == NULL)
    return;
  mrg_test_copy_prefix (jpg, scan, -1);
  g_assert_cmpint (mrg_test_run_cli (&out, NULL, "-p", project, "import", scan, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Added 1 document (1 page).\n");
  g_clear_pointer (&out, g_free);
  g_mkdir (sub, 0755);
  g_rename (scan, moved);

  assert_cli_prints (project, "status", "Missing scan (use relink)", NULL);
  g_assert_cmpint (mrg_test_run_cli (&out, NULL, "-p", project, "relink", sub, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Relinked 1 document.\n"));
}

/* One page of a list: a table of n rows (a header first) of a number and a name, in a
 * transaction left open. Returns the last row's id. */
static gint64
add_name_rows (MrgStore    *store,
               const char **names,
               int          n)
{
  g_autoptr(GError) error = NULL;
  g_autofree int *rows = g_new (int, n);
  MrgBox area = { 0, 0, 1000, n * 100 };
  int seps[] = { 500 };
  gint64 doc, page, table, row = 0;

  for (int r = 1; r < n; r++)
    rows[r - 1] = r * 100;
  doc = mrg_store_add_document (store, "/scans/list.jpg", "0123", 1, MRG_DOCUMENT_KIND_IMAGE, 1,
                                &error);
  page = mrg_store_add_page (store, doc, 1, 1000, 1400, 300, &error);
  table = mrg_store_add_table (store, page, &area, &(MrgStoreSeparators) { seps, 1, rows, n - 1 },
                               &error);
  for (int r = 0; r < n; r++)
    {
      MrgBox box0 = { 0, r * 100, 500, r * 100 + 100 }, box1 = { 500, r * 100, 1000, r * 100 + 100 };
      g_autofree char *number = g_strdup_printf ("%d", r);

      row = mrg_store_add_row (store, table, r, r == 0, &error);
      mrg_store_add_cell (store, row, 0, &box0, r == 0 ? "№" : number, 90, &error);
      mrg_store_add_cell (store, row, 1, &box1, names[r], 90, &error);
    }
  g_assert_no_error (error);
  return row;
}

/* A row a person deleted in the window stays in the file for undo (idx < 0): no command
 * counts, exports or finds it. */
static void
test_deleted_rows (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = g_build_filename (dir, "p.muragat", NULL);
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Фамилия и.и.з.", "Бектанов Мажит", "Оспанов Серик" };
  gint64 deleted;

  store = mrg_store_open (project, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_begin (store, &error));
  deleted = add_name_rows (store, names, G_N_ELEMENTS (names));
  g_assert_no_error (error);
  /* what the window's "delete row" does */
  g_assert_true (mrg_store_log_edit (store, &(MrgStoreEdit) { "row-delete", "rows", deleted, "idx",
                                                             "2", "-3" }, &error));
  g_assert_true (mrg_store_exec (store, "UPDATE rows SET idx = -3 WHERE idx = 2", &error));
  g_assert_true (mrg_store_commit (store, &error));
  g_clear_object (&store);

  {
    g_autofree char *csv = NULL;
    g_autofree char *found = NULL;
    g_autofree char *gone = NULL;

    assert_cli_prints (project, "status", "Rows: 2 (header 1, body 1, verified 0)", "Cells: 4 ",
                       NULL);
    csv = export_csv (project);
    g_assert_nonnull (strstr (csv, "Бектанов Мажит"));
    g_assert_null (strstr (csv, "Оспанов"));
    g_assert_cmpuint (mrg_test_count_lines (csv), ==, 2);
    g_assert_cmpint (mrg_test_run_cli (&found, NULL, "-p", project, "search", "Бектанов", NULL), ==,
                     0);
    g_assert_nonnull (strstr (found, "Бектанов Мажит"));
    g_assert_cmpint (mrg_test_run_cli (&gone, NULL, "-p", project, "search", "Оспанов", NULL), ==, 0);
    g_assert_null (strstr (gone, "Оспанов"));
  }
}

/* Search and match report a row by the number beside it in the grid (its place among its
 * table's rows, the header first), not its stored idx, which deleting rows leaves gaps in. */
static void
test_row_numbers (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = g_build_filename (dir, "p.muragat", NULL);
  g_autofree char *list = g_build_filename (dir, "list.csv", NULL);
  g_autofree char *matched = g_build_filename (dir, "matched.csv", NULL);
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Фамилия", "Бектанов Мажит", "Оспанов Серик", "Ахметов Болат",
                          "Жумабаев Ерлан" };

  store = mrg_store_open (project, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_begin (store, &error));
  add_name_rows (store, names, G_N_ELEMENTS (names));
  /* rows idx 2 and 3 deleted, as the window's "delete row" does: idx 4 is shown third */
  g_assert_true (mrg_store_exec (store, "UPDATE rows SET idx = -idx - 1 WHERE idx IN (2, 3)",
                                 &error));
  g_assert_true (mrg_store_commit (store, &error));
  g_clear_object (&store);

  {
    g_autofree char *first = NULL;
    g_autofree char *last = NULL;
    g_autofree char *csv = NULL;
    g_autofree char *summary = NULL;

    g_assert_cmpint (mrg_test_run_cli (&first, NULL, "-p", project, "search", "Бектанов", NULL),
                     ==, 0);
    g_assert_cmpstr (first, ==, "/scans/list.jpg\t1\t2\tФамилия\tБектанов Мажит\n");
    g_assert_cmpint (mrg_test_run_cli (&last, NULL, "-p", project, "search", "Жумабаев", NULL),
                     ==, 0);
    g_assert_cmpstr (last, ==, "/scans/list.jpg\t1\t3\tФамилия\tЖумабаев Ерлан\n");

    g_assert_true (g_file_set_contents (list, "name\nЖумабаев Ерлан\n", -1, NULL));
    g_assert_cmpint (mrg_test_run_cli (NULL, &summary, "-p", project, "match", "--list", list,
                                       "--column", "name", "--top", "1", "-o", matched, NULL),
                     ==, 0);
    g_assert_cmpstr (summary, ==, "1 names matched against 2 candidates\n");
    g_assert_true (g_file_get_contents (matched, &csv, NULL, NULL));
    g_assert_true (g_str_has_suffix (csv, ",/scans/list.jpg,1,3\r\n"));
  }
  mrg_test_remove_tree (dir);
}

/* A project written by the first schema answers status and export: it is upgraded on opening. */
/* A project file in dir made from a frozen SQL fixture of tests/data; NULL when the fixture is
 * not there. */
static char *
project_from_sql (const char *dir,
                  const char *sql_name)
{
  g_autofree char *project = g_build_filename (dir, "from-sql.muragat", NULL);

  if (!mrg_test_write_old_project (sql_name, NULL, project))
    return NULL;
  return g_steal_pointer (&project);
}

/* layouts lists a project's layouts; layout gives a document's tables another one. */
static void
test_layouts (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = project_from_sql (dir, "schema-v3.sql");
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv = NULL;

  if (project == NULL)
    return;

  assert_cli_prints (project, "layouts", "Layout 1: list-5.jpg — 1 table: list-5.jpg 1\n",
                     "  3. годы рождения (year)\n", NULL);

  g_assert_cmpint (mrg_test_run_cli (&out, NULL, "-p", project, "layout", "--name", "Список 5",
                                     "--document", "list-5.jpg", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  assert_cli_prints (project, "layouts", "Layout 1: list-5.jpg — no tables\n",
                     "Layout 2: Список 5 — 1 table: list-5.jpg 1\n", "  6. Специальность (text)\n",
                     NULL);

  /* A layout no table uses adds nothing to an export. */
  csv = export_csv (project);
  g_assert_true (g_str_has_prefix (csv, "№,Фамилия и.и.з.,годы рождения,"));
  g_assert_null (strstr (csv, ",layout\r\n"));

  g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-p", project, "layout", "--name", "X",
                                     "--document", "9", NULL), ==, 1);
  mrg_test_assert_one_line_error (err, "“9”");
  g_clear_pointer (&err, g_free);

  /* A layout is found by the number `layouts` shows; an unknown one without a document to
   * read with it is refused, and makes no empty layout. */
  g_assert_cmpint (mrg_test_run_cli (&out2, NULL, "-p", project, "layout", "--name", "2",
                                     "--rename", "Список пятый", NULL), ==, 0);
  g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-p", project, "layout", "--name", "Нет такой",
                                     "--accept", NULL), ==, 1);
  mrg_test_assert_one_line_error (err, "“Нет такой”");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (mrg_test_run_cli (&out, NULL, "-p", project, "layouts", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Layout 2: Список пятый — 1 table: list-5.jpg 1\n"));
  g_assert_null (strstr (out, "Layout 3"));
}

/* layout --lang: a document's OCR languages, or a layout's; one not installed is a one-line
 * error. ocr --grid-only finds the grid and reads nothing, so it needs no language at all. */
static void
test_layout_lang (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = project_from_sql (dir, "schema-v3.sql");
  g_autofree char *jpg = mrg_test_corpus_file (SYNTHETIC, "clean-00.jpg");
  g_autofree char *grid = g_build_filename (dir, "grid.muragat", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (project == NULL || jpg == NULL)
    return;

  g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-p", project, "layout", "--document",
                                     "list-5.jpg", "--lang", "zzz", NULL), ==, 1);
  mrg_test_assert_one_line_error (err, "“zzz” is not installed");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (mrg_test_run_cli (&out, NULL, "-p", project, "layout", "--document",
                                     "list-5.jpg", "--lang", "eng", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Document list-5.jpg is read in the OCR languages eng.\n"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (mrg_test_run_cli (&out, NULL, "-p", project, "layout", "--name",
                                     "list-5.jpg", "--lang", "rus+kaz", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  assert_cli_prints (project, "layouts", "Layout 1: list-5.jpg — 1 table: list-5.jpg 1\n"
                                         "  OCR languages: rus+kaz\n", NULL);

  g_assert_cmpint (mrg_test_run_cli (NULL, NULL, "-p", grid, "import", jpg, NULL), ==, 0);
  g_assert_cmpint (mrg_test_run_cli (&out, &err, "-p", grid, "ocr", "--grid-only", "--lang",
                                     "zzz", NULL), ==, 0);
  assert_cli_prints (grid, "status", "Tables: 1\n", NULL);
}

static void
test_old_project (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = project_from_sql (dir, "schema-v1.sql");
  g_autofree char *csv = NULL;

  if (project == NULL)
    return;

  assert_cli_prints (project, "status", "Documents: 1\n", "Rows: 2 (header 1, body 1, verified 1)",
                     NULL);
  csv = export_csv (project);
  g_assert_nonnull (strstr (csv, "Бектанов Мажит"));
}

/* The msgstr of a one-line msgid in a .po file, unescaped: what the translators wrote, so the
 * test compares against po/ru.po itself rather than a copy of it. */
static char *
po_translation (const char *po_path,
                const char *msgid)
{
  g_autofree char *contents = NULL;
  g_autofree char *key = g_strdup_printf ("\nmsgid \"%s\"\nmsgstr \"", msgid);
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  const char *start;
  const char *end;

  g_file_get_contents (po_path, &contents, NULL, &error);
  g_assert_no_error (error);
  start = strstr (contents, key);
  if (start == NULL)
    g_error ("%s: no one-line msgid “%s”", po_path, msgid);
  start += strlen (key);
  for (end = start; *end != '\0' && !(*end == '"' && end[-1] != '\\'); end++)
    ;
  g_assert_cmpint (*end, ==, '"');
  escaped = g_strndup (start, end - start);
  return g_strcompress (escaped);
}

/* muragat-cli speaks the person's language: run uninstalled with MURAGAT_LOCALEDIR pointing at
 * the build tree's catalogues (as build-aux/devenv.sh does), an error from the core reaches
 * stderr in Russian and still names the file. */
static void
test_translated_error (void)
{
  const char *localedir = g_getenv ("MURAGAT_LOCALEDIR");
  const char *po_dir = g_getenv ("MURAGAT_TEST_PO_DIR");
  g_autofree char *mo = NULL;
  g_autofree char *ru_po = NULL;
  g_autofree char *expected_message = NULL;
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = g_build_filename (dir, "p.muragat", NULL);
  g_autofree char *missing = g_build_filename (dir, "нет-скана.png", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *english_err = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { g_getenv ("MURAGAT_CLI"), "-p", project, "import", missing, NULL };

  /* Not a skip: a build whose translations are not there is what this test is for. */
  g_assert_nonnull (localedir);
  g_assert_nonnull (po_dir);
  mo = g_build_filename (localedir, "ru", "LC_MESSAGES", "muragat.mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_IS_REGULAR))
    g_error ("%s: the Russian catalogue is not built", mo);
  ru_po = g_build_filename (po_dir, "ru.po", NULL);
  expected_message = po_translation (ru_po, "no such file");
  g_assert_cmpstr (expected_message, !=, "");
  g_assert_cmpstr (expected_message, !=, "no such file");
  expected = g_strdup_printf ("muragat-cli: %s: %s\n", missing, expected_message);

  /* The English message first, so that the Russian one is known to come from the catalogue. */
  g_assert_cmpint (mrg_test_run_cli (NULL, &english_err, "-p", project, "import", missing, NULL),
                   ==, 1);
  mrg_test_assert_one_line_error (english_err, missing);
  g_assert_nonnull (strstr (english_err, "no such file"));

  /* glibc reads LANGUAGE unless the locale is plain "C"; C.UTF-8 is on every Debian system. */
  env = g_environ_setenv (env, "LANGUAGE", "ru", TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "MURAGAT_LOCALEDIR", localedir, TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  mrg_test_assert_one_line_error (err, missing);
  g_assert_cmpstr (err, ==, expected);
  g_assert_cmpstr (out, ==, "");

  mrg_test_remove_tree (dir);
}

/* The scans of a project are numbered in its order; move puts one elsewhere, remove takes one
 * out with its pages, refusing one that holds verified rows without --force. */
static void
test_move_remove (void)
{
  g_autofree char *pdf = mrg_test_corpus_file (SYNTHETIC, "scan-pages-00-01.pdf");
  g_autofree char *tif = mrg_test_corpus_file (SYNTHETIC, "scan-pages-02-03.tif");
  g_autofree char *jpg = mrg_test_corpus_file (SYNTHETIC, "clean-00.jpg");
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = g_build_filename (dir, "p.muragat", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  char **lines;

  if (pdf == NULL || tif == NULL || jpg == NULL)
    return;
  g_assert_cmpint (mrg_test_run_cli (NULL, NULL, "-p", project, "import", pdf, tif, jpg, NULL), ==,
                   0);

  /* the JPEG, third, goes first */
  g_assert_cmpint (mrg_test_run_cli (&out, &err, "-p", project, "move", "--document", "3", "--to",
                                     "1", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "clean-00.jpg from 3 to 1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (mrg_test_run_cli (&out, &err, "-p", project, "documents", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "1\t"));
  g_assert_nonnull (strstr (lines[0], "clean-00.jpg\tpages 1"));
  g_assert_nonnull (strstr (lines[1], "scan-pages-00-01.pdf\tpages 2"));
  g_assert_nonnull (strstr (lines[2], "scan-pages-02-03.tif"));
  g_strfreev (lines);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* a row of the TIFF is verified */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MrgStore) store = mrg_store_open (project, MRG_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_true (mrg_store_exec (store,
                                   "INSERT INTO tables (page_id, idx, x1, y1, x2, y2)"
                                   " SELECT p.id, 0, 0, 0, 100, 100 FROM pages p"
                                   " JOIN documents d ON d.id = p.document_id"
                                   " WHERE d.kind = 'tiff' AND p.number = 1;"
                                   "INSERT INTO rows (table_id, idx, status)"
                                   " SELECT id, 0, 'verified' FROM tables;", &error));
    g_assert_no_error (error);
  }

  before = mrg_test_dump_project (project);
  g_assert_cmpint (mrg_test_run_cli (&out, &err, "-p", project, "remove", "--document", "3", NULL),
                   ==, 1);
  mrg_test_assert_one_line_error (err, "scan-pages-02-03.tif");
  g_assert_nonnull (strstr (err, "1 verified row"));
  g_assert_nonnull (strstr (err, "--force"));
  mrg_test_assert_project_unchanged (project, before);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (mrg_test_run_cli (&out, &err, "-p", project, "remove", "--document", "9", NULL),
                   ==, 1);
  mrg_test_assert_one_line_error (err, "no scan 9");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (mrg_test_run_cli (&out, &err, "-p", project, "remove", "--document", "3",
                                     "--force", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "scan-pages-02-03.tif: pages 2, tables 1, rows 1"
                                 " (verified 1)"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  assert_cli_prints (project, "status", "Documents: 2\n", "Pages: 3 (new 3,", "Tables: 0\n", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/version-help", test_version_and_help);
  g_test_add_func ("/cli/import-status", test_import_status);
  g_test_add_func ("/cli/bad-input", test_bad_input);
  g_test_add_func ("/cli/relink", test_relink);
  g_test_add_func ("/cli/deleted-rows", test_deleted_rows);
  g_test_add_func ("/cli/row-numbers", test_row_numbers);
  g_test_add_func ("/cli/old-project", test_old_project);
  g_test_add_func ("/cli/layouts", test_layouts);
  g_test_add_func ("/cli/layout-lang", test_layout_lang);
  g_test_add_func ("/cli/move-remove", test_move_remove);
  g_test_add_func ("/cli/translated-error", test_translated_error);

  return g_test_run ();
}

/* test-cli-bad-input.c: muragat-cli on odd input and in odd places: comma-decimal locales, a
 * read-only medium, a full disk, bad option values, names with line breaks, damaged files
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-cli-bad-input"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <leptonica/allheaders.h>
#include <string.h>
#include <sys/wait.h>

#include "mrg-pagexml.h"
#include "mrg-test-util.h"

static char *tmp_root;
static char *project;     /* a project of one page with a table, made once */

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_root, name, NULL);
}

/* A PAGE file whose numbers have fractions (a resolution of 72.5, confidences of 0.875), so a
 * comma-decimal locale would show in every export, and its project. */
static void
make_project (void)
{
  g_autofree char *image = tmp_file ("scan.png");
  g_autofree char *page = tmp_file ("scan.xml");
  g_autofree char *err = NULL;
  g_autofree char *wal = NULL;
  static const char xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<PcGts xmlns=\"" MRG_PAGEXML_NS_2013 "\">\n"
    " <Page imageFilename=\"scan.png\" imageWidth=\"200\" imageHeight=\"100\""
    " imageXResolution=\"72.5\" imageYResolution=\"72.5\">\n"
    "  <TableRegion id=\"t\"><Coords points=\"0,0 200,0 200,100 0,100\"/>\n"
    "   <TableCell id=\"a\" row=\"0\" col=\"0\"><Coords points=\"0,0 100,0 100,50 0,50\"/>"
    "<TextEquiv conf=\"0.5\"><Unicode>Фамилия</Unicode></TextEquiv></TableCell>\n"
    "   <TableCell id=\"b\" row=\"1\" col=\"0\"><Coords points=\"0,50 100,50 100,100 0,100\"/>"
    "<TextEquiv conf=\"0.875\"><Unicode>Бектанов</Unicode></TextEquiv></TableCell>\n"
    "   <TableCell id=\"c\" row=\"1\" col=\"1\"><Coords points=\"100,50 200,50 200,100 100,100\"/>"
    "<TextEquiv conf=\"0.125\"><Unicode>1897</Unicode></TextEquiv></TableCell>\n"
    "  </TableRegion>\n </Page>\n</PcGts>\n";

  project = tmp_file ("project.muragat");
  mrg_test_write_noise_png (image, 200, 100);
  g_assert_true (g_file_set_contents (page, xml, -1, NULL));
  g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-q", "-p", project, "import", page, NULL), ==,
                   0);
  /* closed cleanly: everything is in the project file itself */
  wal = g_strconcat (project, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* Any number written like 0,7 or 72,5 in an attribute or a value. */
static gboolean
has_comma_number (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("[=\":>\\s][-]?[0-9]+,[0-9]+[\"<\\s]", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  gboolean found = g_regex_match (regex, text, 0, &match);

  if (found)
    {
      g_autofree char *what = g_match_info_fetch (match, 0);

      g_test_message ("a number with a comma: %s", what);
    }
  return found;
}

/* Every XML part of a workbook, checked by Python's zipfile (python3 is a build dependency). */
static void
assert_xlsx_numbers (const char *path)
{
  const char *script =
    "import re, sys, zipfile\n"
    "z = zipfile.ZipFile(sys.argv[1])\n"
    "bad = [n for n in z.namelist()\n"
    "       if re.search(rb'=\"-?[0-9]+,[0-9]+\"|<v>-?[0-9]+,[0-9]+</v>', z.read(n))]\n"
    "print(' '.join(bad))\n"
    "sys.exit(1 if bad else 0)\n";
  const char *argv[] = { "python3", "-c", script, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s: numbers written with a comma in %s", path, out);
}

static void
export_under (const char *locale)
{
  static const char *formats[] = { "csv", "tsv", "json", "tei", "xlsx", "pagexml", "pdf" };

  g_setenv ("LC_ALL", locale, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-out.%s", locale, formats[i]);
      g_autofree char *out = tmp_file (name);
      g_autofree char *err = NULL;
      g_autofree char *text = NULL;

      g_test_message ("%s: %s", locale, formats[i]);
      g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-q", "-p", project, "export", "-f",
                                         formats[i], "-o", out, NULL), ==, 0);
      g_assert_cmpstr (err, ==, "");
      if (g_str_equal (formats[i], "xlsx"))
        assert_xlsx_numbers (out);
      else if (g_str_equal (formats[i], "pagexml"))
        {
          g_autoptr(GDir) dir = g_dir_open (out, 0, NULL);
          const char *file;
          guint n_xml = 0;

          g_assert_nonnull (dir);
          while ((file = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *path = g_build_filename (out, file, NULL);
              g_autofree char *xml = NULL;

              if (!g_str_has_suffix (file, ".xml"))
                continue;
              g_autoptr(GRegex) points = g_regex_new ("points=\"[^\"]*\"", 0, 0, NULL);
              g_autofree char *numbers = NULL;

              g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
              /* PAGE writes coordinates as x,y pairs: those commas are its syntax */
              numbers = g_regex_replace_literal (points, xml, -1, 0, "", 0, NULL);
              g_assert_false (has_comma_number (numbers));
              g_assert_nonnull (strstr (xml, "imageXResolution=\"72.5\""));
              g_assert_nonnull (strstr (xml, "conf=\"0.875\""));
              n_xml++;
            }
          g_assert_cmpuint (n_xml, ==, 1);
        }
      else if (g_str_equal (formats[i], "pdf"))
        {
          g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
          g_assert_true (g_str_has_prefix (text, "%PDF-"));
        }
      else
        {
          g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
          g_assert_false (has_comma_number (text));
        }
      if (g_str_equal (formats[i], "json"))
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autoptr(GError) error = NULL;

          g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
          g_assert_no_error (error);
          g_assert_nonnull (strstr (text, "72.5"));
        }
    }
  g_unsetenv ("LC_ALL");
}

/* The CLI takes the person's locale (setlocale (LC_ALL, "")); files must not: XLSX was an
 * invalid workbook under ru_RU (pageMargins left="0,7"). build-aux/install-deps.sh generates
 * both locales. */
static void
test_exports_in_comma_locales (void)
{
  const char *locales[] = { "ru_RU.UTF-8", "de_DE.UTF-8" };

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      g_autofree char *out = NULL;
      const char *argv[] = { "sh", "-c", "LC_ALL=$0 locale -k decimal_point", locales[i], NULL };
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &out, NULL, &status, NULL);
      if (out == NULL || strstr (out, "decimal_point=\",\"") == NULL)
        g_error ("the locale %s is not installed: run build-aux/install-deps.sh", locales[i]);
      export_under (locales[i]);
    }
}

/* NaN compares false with every bound: it was taken as a resolution. */
static void
test_dpi_nan (void)
{
  g_autofree char *image = tmp_file ("dpi.png");
  g_autofree char *target = tmp_file ("dpi.muragat");
  const char *values[] = { "nan", "NAN", "inf", "-inf", "1e400", "49.9", "1200.1" };

  mrg_test_write_noise_png (image, 50, 50);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *err = NULL;

      g_test_message ("--dpi %s", values[i]);
      g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-p", target, "import", "--dpi", values[i],
                                         image, NULL), !=, 0);
      g_assert_nonnull (err);
      g_assert_cmpuint (mrg_test_count_lines (err), ==, 1);
      g_assert_nonnull (strstr (err, "dpi"));
      g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
    }
}

/* libpng said "libpng error: Read Error" on a line of its own before ours. */
static void
test_damaged_png (void)
{
  g_autofree char *whole = tmp_file ("whole.png");
  g_autofree char *cut = tmp_file ("cut.png");
  g_autofree char *target = tmp_file ("damaged.muragat");
  g_autofree char *err = NULL;

  mrg_test_write_noise_png (whole, 300, 200);
  mrg_test_copy_prefix (whole, cut, 3000);
  g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-p", target, "import", cut, NULL), ==, 1);
  mrg_test_assert_one_line_error (err, "cut.png");
  g_assert_null (strstr (err, "libpng"));
}

/* A line break in a file name is shown escaped: the message stays one line. */
static void
test_newline_in_name (void)
{
  g_autofree char *image = tmp_file ("two\nlines.png");
  g_autofree char *target = tmp_file ("newline.muragat");
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (image, "not an image", -1, NULL));
  g_assert_cmpint (mrg_test_run_cli (NULL, &err, "-p", target, "import", image, NULL), ==, 1);
  mrg_test_assert_one_line_error (err, "two\\nlines.png");
}

/* match goes on with a list whose quote never closes, and says where it opened. */
static void
test_csv_unclosed_quote (void)
{
  g_autofree char *list = tmp_file ("list.csv");
  g_autofree char *other = tmp_file ("other.csv");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) warning = NULL;

  g_assert_true (g_file_set_contents (list, "name\nИванов\nПетров\n\"Сидоров\nАхметов\n", -1,
                                      NULL));
  g_assert_true (g_file_set_contents (other, "name\nИванов\nСидоров\n", -1, NULL));
  g_assert_cmpint (mrg_test_run_cli (&out, &err, "match", "--list", list, "--column", "name",
                                     "--against", other, "--against-column", "name", "-o", "-",
                                     NULL), ==, 0);
  g_test_message ("stderr: %s", err);
  /* the warning is one line of its own (a summary may follow) */
  warning = g_strsplit (err, "\n", -1);
  g_assert_true (g_str_has_prefix (warning[0], "muragat-cli: warning: "));
  g_assert_nonnull (strstr (warning[0], "list.csv"));
  g_assert_nonnull (strstr (warning[0], "line 4"));
}

/* A PAGE file that starts with a long licence comment is still a PAGE file. */
static void
test_page_prologue (void)
{
  g_autofree char *page = tmp_file ("scan.xml");
  g_autofree char *long_page = tmp_file ("long-prologue.xml");
  g_autofree char *target = tmp_file ("prologue.muragat");
  g_autofree char *xml = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GString) text = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

  g_assert_true (g_file_get_contents (page, &xml, NULL, NULL));
  for (int i = 0; i < 300; i++)
    g_string_append (text, "<!-- Licensed under CC BY 4.0; transcribed in 2019 by hand. -->\n");
  g_string_append (text, strstr (xml, "<PcGts"));
  g_assert_true (g_file_set_contents (long_page, text->str, -1, NULL));
  g_assert_cmpint (mrg_test_run_cli (&out, &err, "-q", "-p", target, "import", long_page, NULL),
                   ==, 0);
  g_assert_cmpstr (err, ==, "");
}

/* Runs a shell script in a user and mount namespace (a tmpfs of our own, made read-only or
 * full); FALSE when this system does not allow that. */
static gboolean
run_in_namespace (const char *script,
                  char      **out)
{
  const char *argv[] = { "unshare", "-rm", "sh", "-c", script, NULL };
  const char *probe[] = { "unshare", "-rm", "sh", "-c",
                          "mount -t tmpfs tmpfs \"$MRG_MNT\" && umount \"$MRG_MNT\"", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  int status = 0;

  if (unshare == NULL ||
      !g_spawn_sync (NULL, (char **) probe, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return FALSE;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("%s", *out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return TRUE;
}

static char *
read_result (const char *name)
{
  g_autofree char *path = tmp_file (name);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
prepare_namespace (void)
{
  g_autofree char *mnt = tmp_file ("mnt");

  g_assert_cmpint (g_mkdir_with_parents (mnt, 0755), ==, 0);
  g_setenv ("MRG_MNT", mnt, TRUE);
  g_setenv ("MRG_OUT", tmp_root, TRUE);
  g_setenv ("MRG_PROJECT", project, TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
}

/* Runs a script on a tmpfs of our own, which must neither fail a step nor let one work that
 * should not; FALSE (the test skipped) when this system has no namespaces for it. */
static gboolean
run_on_own_medium (const char *script)
{
  g_autofree char *log = NULL;

  prepare_namespace ();
  if (!run_in_namespace (script, &log))
    {
      g_test_skip ("no user and mount namespaces here (unshare -rm)");
      return FALSE;
    }
  g_assert_null (strstr (log, "failed"));
  g_assert_null (strstr (log, "worked"));
  return TRUE;
}

/* A project on a read-only medium: status and export work (SQLite cannot make its -shm
 * there); a change is refused naming the medium, not "cannot be opened". */
static void
test_read_only_medium (void)
{
  g_autofree char *status = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *import_err = NULL;
  const char *script =
    "set -e\n"
    "mount -t tmpfs -o size=4m tmpfs \"$MRG_MNT\"\n"
    "cp \"$MRG_PROJECT\" \"$MRG_MNT/p.muragat\"\n"
    "mount -o remount,ro \"$MRG_MNT\"\n"
    "cd \"$MRG_OUT\"\n"
    "\"$MURAGAT_CLI\" -p \"$MRG_MNT/p.muragat\" status > ro-status.out 2>&1 || echo status failed\n"
    "\"$MURAGAT_CLI\" -p \"$MRG_MNT/p.muragat\" export -f csv -o ro.csv 2>&1 || echo export failed\n"
    "if \"$MURAGAT_CLI\" -p \"$MRG_MNT/p.muragat\" import \"$MRG_OUT/scan.png\" 2> ro-import.err;"
    " then echo import worked; fi\n"
    "ls -a \"$MRG_MNT\"\n";

  if (!run_on_own_medium (script))
    return;
  status = read_result ("ro-status.out");
  g_assert_nonnull (strstr (status, "Tables: 1\n"));
  csv = read_result ("ro.csv");
  g_assert_nonnull (strstr (csv, "Бектанов"));
  import_err = read_result ("ro-import.err");
  mrg_test_assert_one_line_error (import_err, "read-only medium");
}

/* A full disk: status and export still read the project; a change names the full disk (it
 * said "reading failed: disk I/O error"); XLSX says so in one line, without libxlsxwriter's
 * [ERROR] lines. */
static void
test_full_disk (void)
{
  g_autofree char *status = NULL;
  g_autofree char *import_err = NULL;
  g_autofree char *xlsx_err = NULL;
  g_autofree char *image = tmp_file ("full.png");
  const char *script =
    "set -e\n"
    "mount -t tmpfs -o size=1m tmpfs \"$MRG_MNT\"\n"
    "cp \"$MRG_PROJECT\" \"$MRG_MNT/p.muragat\"\n"
    "dd if=/dev/zero of=\"$MRG_MNT/fill\" bs=4k 2>/dev/null || true\n"
    "cd \"$MRG_OUT\"\n"
    "\"$MURAGAT_CLI\" -p \"$MRG_MNT/p.muragat\" status > full-status.out 2>&1 || echo status failed\n"
    "if \"$MURAGAT_CLI\" -p \"$MRG_MNT/p.muragat\" import \"$MRG_OUT/full.png\" 2> full-import.err;"
    " then echo import worked; fi\n"
    "if \"$MURAGAT_CLI\" -p \"$MRG_PROJECT\" export -f xlsx -o \"$MRG_MNT/out.xlsx\""
    " 2> full-xlsx.err; then echo xlsx worked; fi\n"
    "ls -a \"$MRG_MNT\"\n";

  mrg_test_write_noise_png (image, 60, 40);
  if (!run_on_own_medium (script))
    return;
  status = read_result ("full-status.out");
  g_assert_nonnull (strstr (status, "Tables: 1\n"));
  import_err = read_result ("full-import.err");
  mrg_test_assert_one_line_error (import_err, "disk is full");
  xlsx_err = read_result ("full-xlsx.err");
  mrg_test_assert_one_line_error (xlsx_err, "out.xlsx");
  g_assert_null (strstr (xlsx_err, "[ERROR]"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* the CLI's messages are compared in English */
  g_unsetenv ("LANGUAGE");
  g_setenv ("LANG", "C.UTF-8", TRUE);
  tmp_root = mrg_test_make_tmpdir ();
  make_project ();

  g_test_add_func ("/cli/bad-input/locales/exports", test_exports_in_comma_locales);
  g_test_add_func ("/cli/bad-input/import/dpi-nan", test_dpi_nan);
  g_test_add_func ("/cli/bad-input/import/damaged-png", test_damaged_png);
  g_test_add_func ("/cli/bad-input/import/newline-in-name", test_newline_in_name);
  g_test_add_func ("/cli/bad-input/import/page-prologue", test_page_prologue);
  g_test_add_func ("/cli/bad-input/match/unclosed-quote", test_csv_unclosed_quote);
  g_test_add_func ("/cli/bad-input/store/read-only-medium", test_read_only_medium);
  g_test_add_func ("/cli/bad-input/store/full-disk", test_full_disk);

  {
    int rc = g_test_run ();

    g_free (project);
    return rc;
  }
}

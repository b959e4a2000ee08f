/* test-cli-learn.c: muragat-cli learn as a person runs it: a round on a few verified cells says
 * how it went; too few cells, or a bad option, is one line naming the project
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-cli-learn"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mrg-models.h"
#include "mrg-ocr.h"
#include "mrg-test-cells.h"
#include "mrg-test-util.h"

#define N_CELLS 16

static GArray *
load_cells (void)
{
  if (!mrg_test_have_learn_tools (FALSE))
    return NULL;
  return mrg_test_load_cells ("page-00", 12);
}

static void
test_learn (void)
{
  g_autoptr(GArray) cells = load_cells ();
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cli.muragat", NULL);
  g_autofree char *learnt = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(MrgStore) store = NULL;

  if (cells == NULL)
    return;
  store = mrg_test_make_learn_project (path, (MrgTestCell *) cells->data, N_CELLS, TRUE);
  g_clear_object (&store);

  g_assert_cmpint (mrg_test_run_cli (&out, &err, "--project", path, "learn", "--iterations",
                                     "40", NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_cmpuint (mrg_test_count_lines (out), ==, 1);
  g_assert_nonnull (strstr (out, "16 cells"));
  /* the model is kept exactly when the CLI says it learnt */
  learnt = mrg_models_get_learnt (path, MRG_OCR_DEFAULT_LANG);
  g_assert_cmpint (g_str_has_prefix (out, "OCR learnt"), ==,
                   g_file_test (learnt, G_FILE_TEST_IS_REGULAR));
}

static void
test_too_few (void)
{
  g_autoptr(GArray) cells = load_cells ();
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "few.muragat", NULL);
  g_autofree char *err = NULL;
  g_autoptr(MrgStore) store = NULL;

  if (cells == NULL)
    return;
  store = mrg_test_make_learn_project (path, (MrgTestCell *) cells->data, 2, TRUE);
  g_clear_object (&store);

  g_assert_cmpint (mrg_test_run_cli (NULL, &err, "--project", path, "learn", NULL), ==, 1);
  mrg_test_assert_one_line_error (err, "few.muragat");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (mrg_test_run_cli (NULL, &err, "--project", path, "learn", "--iterations",
                                     "-3", NULL), ==, 1);
  mrg_test_assert_one_line_error (err, "--iterations");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/learn/round", test_learn);
  g_test_add_func ("/cli/learn/too-few", test_too_few);

  return g_test_run ();
}

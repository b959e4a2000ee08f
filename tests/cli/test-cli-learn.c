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

/* A project `name` in a new temporary folder whose body rows are the first n_cells cells of a
 * corpus page, verified: its path, or NULL (the test skipped) when the tools or the corpus are
 * missing. */
static char *
make_project (const char *name,
              guint       n_cells)
{
  g_autoptr(GArray) cells = NULL;
  g_autofree char *dir = NULL;
  char *path;

  if (!mrg_test_have_learn_tools (FALSE))
    return NULL;
  cells = mrg_test_load_cells ("page-00", 12);
  if (cells == NULL)
    return NULL;
  dir = mrg_test_make_tmpdir ();
  path = g_build_filename (dir, name, NULL);
  g_object_unref (mrg_test_make_learn_project (path, (MrgTestCell *) cells->data, n_cells, TRUE));
  return path;
}

static void
test_learn (void)
{
  g_autofree char *path = make_project ("cli.muragat", N_CELLS);
  g_autofree char *learnt = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (path == NULL)
    return;

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
  g_autofree char *path = make_project ("few.muragat", 2);
  g_autofree char *err = NULL;

  if (path == NULL)
    return;

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

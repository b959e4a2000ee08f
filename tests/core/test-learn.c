/* test-learn.c: a learning round on a few real cells adopts the model it trains only when that
 * reads the held-out cells better than the model in use, and stops when cancelled
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-learn"

#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <tesseract/capi.h>

#include "mrg-learn.h"
#include "mrg-ocr.h"
#include "mrg-test-cells.h"
#include "mrg-test-util.h"

#define CELL_INSET 12
/* small enough for a test: ~0.4 s a cell to make its training line, ~0.1 s an iteration */
#define N_CELLS 24
#define ITERATIONS 100

static void
assert_loads (const char *dir,
              const char *lang)
{
  TessBaseAPI *api = TessBaseAPICreate ();
  locale_t c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  locale_t old_locale = uselocale (c_locale);

  g_assert_cmpint (TessBaseAPIInit3 (api, dir, lang), ==, 0);
  uselocale (old_locale);
  freelocale (c_locale);
  TessBaseAPIEnd (api);
  TessBaseAPIDelete (api);
}

/* A round from the int rus model to `dir`/learned.traineddata on the first N_CELLS cells of
 * page-00; NULL (skipped) without the tools or the corpus. */
static MrgLearnRound *
round_on_page (const char *dir,
               char      **output)
{
  g_autoptr(GArray) cells = NULL;
  MrgLearnRound *round;

  if (!mrg_test_have_learn_tools (TRUE))
    return NULL;
  cells = mrg_test_load_cells ("page-00", CELL_INSET);
  if (cells == NULL)
    return NULL;

  *output = g_build_filename (dir, "learned.traineddata", NULL);
  round = mrg_learn_round_new (MRG_TEST_START_MODEL, *output);
  mrg_learn_round_set_iterations (round, ITERATIONS);
  for (guint i = 0; i < N_CELLS; i++)
    {
      MrgTestCell *cell = &g_array_index (cells, MrgTestCell, i);

      mrg_learn_round_add_sample (round, cell->image, cell->text);
    }
  return round;
}

/* A round on page-00 in `dir`, which reads the held-out cells better and is kept at `output`;
 * NULL (skipped) without the tools or the corpus. The same cells make the same model: the
 * installed one reads them 31.73 % wrong, the learnt one 9.82 % (on this machine). */
static MrgLearnRound *
adopted_round (const char *dir,
               char      **output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgLearnRound) round = round_on_page (dir, output);

  if (round == NULL)
    return NULL;
  g_assert_true (mrg_learn_round_run (round, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("held-out CER %.2f %% before, %.2f %% after",
                  mrg_learn_round_get_cer_before (round), mrg_learn_round_get_cer_after (round));
  g_assert_cmpfloat (mrg_learn_round_get_cer_after (round), <,
                     mrg_learn_round_get_cer_before (round));
  g_assert_true (mrg_learn_round_get_adopted (round));
  g_assert_true (g_file_test (*output, G_FILE_TEST_EXISTS));
  return g_steal_pointer (&round);
}

/* Learning is repeatable: the same cells give the same training files and the same model, in
 * whatever folder a round runs. */
static void
test_repeatable (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *other = mrg_test_make_tmpdir ();
  g_autofree char *output = NULL;
  g_autofree char *other_output = NULL;
  g_autoptr(MrgLearnRound) first = adopted_round (dir, &output);
  g_autoptr(MrgLearnRound) second = NULL;

  if (first == NULL)
    return;
  second = adopted_round (other, &other_output);
  g_assert_cmpfloat (mrg_learn_round_get_cer_after (second), ==,
                     mrg_learn_round_get_cer_after (first));
}

static void
test_adopts_better (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *output = NULL;
  g_autoptr(MrgLearnRound) round = adopted_round (dir, &output);

  if (round != NULL)
    assert_loads (dir, "learned");
}

/* A later round is judged against the model an earlier one kept, not the installed one: a round
 * that learns little leaves the better model in place. */
static void
test_judged_by_model_in_use (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *output = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *after = NULL;
  gsize kept_size, after_size;
  g_autoptr(MrgLearnRound) first = adopted_round (dir, &output);
  g_autoptr(MrgLearnRound) second = NULL;

  if (first == NULL)
    return;
  g_assert_true (g_file_get_contents (output, &kept, &kept_size, &error));
  g_assert_no_error (error);

  g_clear_pointer (&output, g_free);
  second = round_on_page (dir, &output);
  mrg_learn_round_set_iterations (second, 1);
  g_assert_true (mrg_learn_round_run (second, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("second round: held-out CER %.2f %% before, %.2f %% after",
                  mrg_learn_round_get_cer_before (second),
                  mrg_learn_round_get_cer_after (second));
  /* the same held-out cells read by the model the first round kept, not the installed one */
  g_assert_cmpfloat (mrg_learn_round_get_cer_before (second), ==,
                     mrg_learn_round_get_cer_after (first));
  g_assert_cmpint (mrg_learn_round_get_adopted (second), ==,
                   mrg_learn_round_get_cer_after (second)
                   < mrg_learn_round_get_cer_before (second));
  if (!mrg_learn_round_get_adopted (second))
    {
      g_assert_true (g_file_get_contents (output, &after, &after_size, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (after, after_size, kept, kept_size);
    }
}

static void
test_keeps_worse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cells = NULL;
  g_autoptr(GArray) clean = NULL;
  g_autoptr(MrgLearnRound) round = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *output = NULL;

  if (!mrg_test_have_learn_tools (TRUE))
    return;
  cells = mrg_test_load_cells ("page-00", CELL_INSET);
  clean = mrg_test_load_cells ("clean-00", CELL_INSET);
  if (cells == NULL || clean == NULL)
    return;

  dir = mrg_test_make_tmpdir ();
  output = g_build_filename (dir, "learned.traineddata", NULL);
  round = mrg_learn_round_new (MRG_TEST_START_MODEL, output);
  mrg_learn_round_set_iterations (round, ITERATIONS);
  /* every cell "corrected" to its text backwards: what the model learns is wrong */
  for (guint i = 0; i < N_CELLS; i++)
    {
      MrgTestCell *cell = &g_array_index (cells, MrgTestCell, i);
      g_autofree char *backwards = g_utf8_strreverse (cell->text, -1);

      mrg_learn_round_add_sample (round, cell->image, backwards);
    }
  /* judged on clean names and trades, which the start model reads nearly right */
  for (guint i = 0, n = 0; i < clean->len && n < 6; i++)
    {
      MrgTestCell *cell = &g_array_index (clean, MrgTestCell, i);

      if (g_utf8_strlen (cell->text, -1) < 8)
        continue;
      mrg_learn_round_add_held_out (round, cell->image, cell->text);
      n++;
    }

  g_assert_true (mrg_learn_round_run (round, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("held-out CER %.2f %% before, %.2f %% after",
                  mrg_learn_round_get_cer_before (round), mrg_learn_round_get_cer_after (round));
  g_assert_cmpfloat (mrg_learn_round_get_cer_after (round), >=,
                     mrg_learn_round_get_cer_before (round));
  g_assert_false (mrg_learn_round_get_adopted (round));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (mrg_learn_round_run_finish (MRG_LEARN_ROUND (source), result, error));
}

/* Cancels as training starts: at a known point of the round, however fast the machine. */
static void
cancel_at_training (MrgLearnStage stage,
                    guint         done,
                    guint         total,
                    gpointer      user_data)
{
  if (stage == MRG_LEARN_STAGE_TRAINING)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgLearnRound) round = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *output = NULL;

  round = round_on_page (dir, &output);
  if (round == NULL)
    return;

  mrg_learn_round_set_progress (round, cancel_at_training, cancellable);
  mrg_learn_round_run_async (round, cancellable, run_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (mrg_learn_round_get_adopted (round));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/learn/round/adopts-better", test_adopts_better);
  g_test_add_func ("/learn/round/repeatable", test_repeatable);
  g_test_add_func ("/learn/round/judged-by-model-in-use", test_judged_by_model_in_use);
  g_test_add_func ("/learn/round/keeps-worse", test_keeps_worse);
  g_test_add_func ("/learn/round/cancel", test_cancel);

  return g_test_run ();
}

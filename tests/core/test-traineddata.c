/* test-traineddata.c: the packaged fast rus model turned to float reads real cells as the int
 * model does, and lstmtraining starts from it where it refuses the int model
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-traineddata"

#include "config.h"

#include <gio/gio.h>
#include <leptonica/allheaders.h>
#include <locale.h>
#include <tesseract/capi.h>

#include "mrg-ocr.h"
#include "mrg-score.h"
#include "mrg-test-cells.h"
#include "mrg-test-util.h"
#include "mrg-traineddata.h"

#define SYSTEM_TESSDATA "/usr/share/tesseract-ocr/5/tessdata"
/* rules are drawn inside the ground truth's boxes; a cell's text is well inside */
#define CELL_INSET 12

/* The packaged int model and a float copy in a fresh tessdata folder, made once. */
static char *int_model;
static char *float_dir;
static char *float_model;

static gboolean
have_models (void)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_test (SYSTEM_TESSDATA "/rus.traineddata", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("tesseract-ocr-rus is not installed");
      return FALSE;
    }
  if (float_model != NULL)
    return TRUE;
  int_model = g_strdup (SYSTEM_TESSDATA "/rus.traineddata");
  float_dir = mrg_test_make_tmpdir ();
  float_model = g_build_filename (float_dir, "rus.traineddata", NULL);
  g_assert_true (mrg_traineddata_convert_to_float (int_model, float_model, &error));
  g_assert_no_error (error);
  return TRUE;
}

static gboolean
run (const char *const *argv,
     char              **output)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, output, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL);
}

static void
test_convert (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  gboolean is_int = FALSE;

  if (!have_models ())
    return;

  g_assert_true (mrg_traineddata_is_int (int_model, &is_int, &error));
  g_assert_no_error (error);
  g_assert_true (is_int);
  g_assert_true (mrg_traineddata_is_int (float_model, &is_int, &error));
  g_assert_no_error (error);
  g_assert_false (is_int);

  /* a float model converts to itself */
  again = g_build_filename (float_dir, "again.traineddata", NULL);
  g_assert_true (mrg_traineddata_convert_to_float (float_model, again, &error));
  g_assert_no_error (error);
  first = mrg_test_read_bytes (float_model);
  second = mrg_test_read_bytes (again);
  g_assert_true (g_bytes_equal (first, second));
}

static void
test_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  if (!have_models ())
    return;

  dir = mrg_test_make_tmpdir ();
  cut = g_build_filename (dir, "cut.traineddata", NULL);
  out = g_build_filename (dir, "out.traineddata", NULL);

  mrg_test_copy_prefix (int_model, cut, 100000);
  g_assert_false (mrg_traineddata_convert_to_float (cut, out, &error));
  g_assert_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  text = g_build_filename (dir, "text.traineddata", NULL);
  g_assert_true (g_file_set_contents (text, "not a model", -1, NULL));
  g_assert_false (mrg_traineddata_convert_to_float (text, out, &error));
  g_assert_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED);
}

/* CER of the cells as the rus model of `tessdata` reads them, one line each. */
static double
read_cer (const char *tessdata,
          GArray     *cells)
{
  TessBaseAPI *api = TessBaseAPICreate ();
  locale_t c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  locale_t old_locale = uselocale (c_locale);
  guint errors = 0, chars = 0;

  g_assert_cmpint (TessBaseAPIInit3 (api, tessdata, "rus"), ==, 0);
  uselocale (old_locale);
  freelocale (c_locale);
  TessBaseAPISetVariable (api, "debug_file", "/dev/null");
  TessBaseAPISetPageSegMode (api, PSM_SINGLE_LINE);

  for (guint i = 0; i < cells->len; i++)
    {
      MrgTestCell *cell = &g_array_index (cells, MrgTestCell, i);
      char *raw;
      g_autofree char *read = NULL;
      g_autofree char *truth = mrg_score_normalise (cell->text);

      TessBaseAPISetImage2 (api, cell->image);
      TessBaseAPISetSourceResolution (api, 300);
      raw = TessBaseAPIGetUTF8Text (api);
      read = mrg_score_normalise (raw);
      TessDeleteText (raw);

      errors += mrg_score_levenshtein (read, truth);
      chars += g_utf8_strlen (truth, -1);
    }
  TessBaseAPIEnd (api);
  TessBaseAPIDelete (api);
  return 100.0 * errors / MAX (chars, 1);
}

static void
test_reads_like_int (void)
{
  g_autoptr(GArray) cells = NULL;
  double int_cer, float_cer;

  if (!have_models ())
    return;
  cells = mrg_test_load_cells ("page-00", CELL_INSET);
  if (cells == NULL)
    return;

  int_cer = read_cer (SYSTEM_TESSDATA, cells);
  float_cer = read_cer (float_dir, cells);
  g_test_message ("CER on %u cells of page-00: int model %.2f %%, converted %.2f %%",
                  cells->len, int_cer, float_cer);
  /* Measured (int, converted): page-00 11.38 %, 9.78 %; page-01 5.19 %, 4.06 %; page-02
   * 1.33 %, 0.00 %; page-03 5.48 %, 0.91 %. The weights are the same numbers; the int model
   * also rounds every activation to 8 bits, which costs it digits in narrow cells ("1931"
   * read "93"). So the converted model must read no worse than the int model, within 0.2
   * points, rather than the same. */
  g_assert_cmpfloat (int_cer, <, 20);
  g_assert_cmpfloat (float_cer, <=, int_cer + 0.2);
}

static void
test_lstmtraining_accepts (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *int_lstm = NULL;
  g_autofree char *float_lstm = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *int_output = NULL;
  g_autofree char *float_output = NULL;
  g_autoptr(GBytes) theirs_bytes = NULL;
  g_autoptr(GBytes) ours_bytes = NULL;
  g_autofree char *log = NULL;
  g_autofree char *lstmtraining = g_find_program_in_path ("lstmtraining");

  if (!have_models ())
    return;
  if (lstmtraining == NULL)
    {
      g_test_skip ("lstmtraining is not installed");
      return;
    }

  dir = mrg_test_make_tmpdir ();
  int_lstm = g_build_filename (dir, "int.lstm", NULL);
  float_lstm = g_build_filename (dir, "float.lstm", NULL);
  ours = g_build_filename (dir, "ours.lstm", NULL);
  int_output = g_build_filename (dir, "int-out.traineddata", NULL);
  float_output = g_build_filename (dir, "float-out.traineddata", NULL);

  /* our extraction is combine_tessdata's */
  g_assert_true (run ((const char *[]) { "combine_tessdata", "-e", int_model, int_lstm, NULL },
                      NULL));
  g_assert_true (run ((const char *[]) { "combine_tessdata", "-e", float_model, float_lstm,
                                         NULL }, NULL));
  g_assert_true (mrg_traineddata_extract (float_model, MRG_TRAINEDDATA_LSTM, ours, &error));
  g_assert_no_error (error);
  theirs_bytes = mrg_test_read_bytes (float_lstm);
  ours_bytes = mrg_test_read_bytes (ours);
  g_assert_true (g_bytes_equal (theirs_bytes, ours_bytes));

  g_assert_false (run ((const char *[]) { "lstmtraining", "--stop_training",
                                          "--continue_from", int_lstm,
                                          "--traineddata", int_model,
                                          "--model_output", int_output, NULL }, NULL));
  g_assert_false (g_file_test (int_output, G_FILE_TEST_EXISTS));

  g_assert_true (run ((const char *[]) { "lstmtraining", "--stop_training",
                                         "--continue_from", float_lstm,
                                         "--traineddata", float_model,
                                         "--model_output", float_output, NULL }, &log));
  g_assert_true (g_file_test (float_output, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/traineddata/convert", test_convert);
  g_test_add_func ("/traineddata/damaged", test_damaged);
  g_test_add_func ("/traineddata/reads-like-int", test_reads_like_int);
  g_test_add_func ("/traineddata/lstmtraining-accepts", test_lstmtraining_accepts);

  return g_test_run ();
}

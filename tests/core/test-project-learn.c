/* test-project-learn.c: the project's learn job on a few verified cells end to end: it adopts a
 * model only when that reads better, OCR then reads with it, cancelling leaves all as it was, a
 * round starts by itself after enough newly verified cells, and OCR never writes over a
 * verified row or an edited cell
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-project-learn"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "mrg-learn.h"
#include "mrg-models.h"
#include "mrg-ocr.h"
#include "mrg-project.h"
#include "mrg-store-learn.h"
#include "mrg-store-pages.h"
#include "mrg-store-testing.h"
#include "mrg-test-cells.h"
#include "mrg-test-util.h"

#define CELL_INSET 12
/* as test-learn: small enough for a test, enough for the model to read the page better */
#define N_CELLS 24
#define ITERATIONS 100

typedef struct
{
  char *dir;
  char *path;
  GArray *cells;         /* of MrgTestCell */
  GArray *clean;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = mrg_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "learn.muragat", NULL);
  if (!mrg_test_have_learn_tools (TRUE))
    return;
  f->cells = mrg_test_load_cells ("page-00", CELL_INSET);
  f->clean = mrg_test_load_cells ("clean-00", CELL_INSET);
  g_assert_true (f->cells == NULL || f->cells->len >= N_CELLS);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->cells, g_array_unref);
  g_clear_pointer (&f->clean, g_array_unref);
  g_free (f->path);
  g_free (f->dir);
}

typedef struct
{
  GAsyncResult *result;
  guint n_finished;
  MrgLearnResult finished;
  GError *error;
} Wait;

static void
learn_finished_cb (MrgProject           *project,
                   const MrgLearnResult *result,
                   const GError         *error,
                   Wait                 *wait)
{
  wait->n_finished++;
  if (result != NULL)
    wait->finished = *result;
  g_clear_error (&wait->error);
  if (error != NULL)
    wait->error = g_error_copy (error);
}

static void
keep_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
}

/* Cancels the round once it has made its first training line: a known point, however fast or
 * slow the machine. */
static void
cancel_midway_cb (MrgProject *project,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  if (mrg_project_get_progress (project) > 0)
    mrg_project_cancel (project);
}

/* Runs a round on the project (cancelled mid-way when `cancel`) and returns whether it
 * finished; the result or error given. */
static gboolean
run_learn (MrgProject     *project,
           Wait           *wait,
           gboolean        cancel,
           MrgLearnResult *result,
           GError        **error)
{
  gulong handler = 0;
  gboolean ok;

  if (cancel)
    handler = g_signal_connect (project, "notify::progress", G_CALLBACK (cancel_midway_cb),
                                NULL);
  mrg_project_learn_async (project, ITERATIONS, NULL, keep_result_cb, wait);
  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_signal_handler (&handler, project);
  ok = mrg_project_learn_finish (project, wait->result, result, error);
  g_clear_object (&wait->result);
  return ok;
}

/* The fixture's project made with the cells (their rows verified when `verify`), then opened,
 * its learn-finished signals caught in wait. */
static MrgProject *
open_project (Fixture           *f,
              const MrgTestCell *cells,
              guint              n_cells,
              gboolean           verify,
              Wait              *wait)
{
  g_autoptr(GError) error = NULL;
  MrgProject *project;

  g_object_unref (mrg_test_make_learn_project (f->path, cells, n_cells, verify));
  project = mrg_project_open (f->path, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_signal_connect (project, "learn-finished", G_CALLBACK (learn_finished_cb), wait);
  return project;
}

static void
test_adopts_better (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgProject) project = NULL;
  MrgStore *store;
  g_autofree char *learnt = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *lang = NULL;
  MrgLearnResult result;
  Wait wait = { 0 };

  if (f->cells == NULL)
    return;
  project = open_project (f, (MrgTestCell *) f->cells->data, N_CELLS, TRUE, &wait);
  store = mrg_project_get_store (project);
  g_assert_cmpint (mrg_store_count_learn_samples (store, NULL, TRUE, NULL), ==, N_CELLS);
  /* read with rus+kaz: they teach rus, and nothing to a model of another script */
  g_assert_cmpint (mrg_store_count_learn_samples (store, "rus", TRUE, NULL), ==, N_CELLS);
  g_assert_cmpint (mrg_store_count_learn_samples (store, "eng", TRUE, NULL), ==, 0);
  g_assert_cmpint (mrg_store_count_learn_samples (store, "ru", TRUE, NULL), ==, 0);
  g_assert_true (run_learn (project, &wait, FALSE, &result, &error));
  g_assert_no_error (error);
  g_test_message ("%u cells: held-out CER %.2f %% before, %.2f %% after", result.n_cells,
                  result.cer_before, result.cer_after);
  g_assert_cmpuint (result.n_cells, ==, N_CELLS);
  g_assert_cmpfloat (result.cer_after, <, result.cer_before);
  g_assert_true (result.adopted);
  g_assert_cmpuint (wait.n_finished, ==, 1);
  g_assert_true (wait.finished.adopted);
  g_assert_null (wait.error);

  /* kept beside the project; every cell used; OCR now reads with it */
  learnt = mrg_models_get_learnt (f->path, MRG_OCR_DEFAULT_LANG);
  g_assert_true (g_file_test (learnt, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (mrg_store_count_learn_samples (store, NULL, TRUE, NULL), ==, 0);
  g_assert_true (mrg_models_resolve (f->path, "rus+kaz", &dir, &lang, &error));
  g_assert_no_error (error);
  g_assert_nonnull (dir);
  g_assert_cmpstr (lang, ==, "rus" MRG_MODELS_SUFFIX "+kaz");
  {
    g_autofree char *described = mrg_models_describe (lang);
    g_autofree char *plain = mrg_models_describe ("rus+kaz");

    /* what the window says OCR read in */
    g_assert_cmpstr (described, ==, "rus+kaz as learnt here");
    g_assert_cmpstr (plain, ==, "rus+kaz");
  }
  {
    g_autoptr(MrgOcrPool) pool = mrg_ocr_pool_new_in (dir, lang, 1, &error);

    g_assert_no_error (error);
    g_assert_nonnull (pool);
  }
}

static void
test_keeps_worse (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgProject) project = NULL;
  g_autoptr(GArray) cells = g_array_new (FALSE, TRUE, sizeof (MrgTestCell));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *learnt = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *lang = NULL;
  guint n_held = (guint) round (N_CELLS * MRG_LEARN_HELD_OUT_SHARE);
  MrgLearnResult result;
  Wait wait = { 0 };

  if (f->cells == NULL || f->clean == NULL)
    return;
  /* The round holds back an evenly spread share of the cells (mrg-learn.c, choose_held_out):
   * there, clean names and trades that the start model reads nearly right; everywhere else a
   * cell "corrected" to its text backwards, which teaches the model to read worse. */
  for (guint i = 0, c = 0; i < N_CELLS; i++)
    {
      MrgTestCell cell;

      if ((i + 1) * n_held / N_CELLS != i * n_held / N_CELLS)
        {
          while (g_utf8_strlen (g_array_index (f->clean, MrgTestCell, c).text, -1) < 8)
            c++;
          cell = g_array_index (f->clean, MrgTestCell, c++);
        }
      else
        {
          cell = g_array_index (f->cells, MrgTestCell, i);
          cell.text = g_utf8_strreverse (cell.text, -1);
          g_ptr_array_add (texts, cell.text);
        }
      g_array_append_val (cells, cell);
    }
  project = open_project (f, (MrgTestCell *) cells->data, N_CELLS, TRUE, &wait);
  g_assert_true (run_learn (project, &wait, FALSE, &result, &error));
  g_assert_no_error (error);
  g_test_message ("held-out CER %.2f %% before, %.2f %% after", result.cer_before,
                  result.cer_after);
  g_assert_cmpfloat (result.cer_after, >=, result.cer_before);
  g_assert_false (result.adopted);
  g_assert_cmpuint (wait.n_finished, ==, 1);
  g_assert_false (wait.finished.adopted);

  /* no model kept: OCR reads with the installed one */
  learnt = mrg_models_get_learnt (f->path, MRG_OCR_DEFAULT_LANG);
  g_assert_false (g_file_test (learnt, G_FILE_TEST_EXISTS));
  g_assert_true (mrg_models_resolve (f->path, "rus+kaz", &dir, &lang, &error));
  g_assert_null (dir);
  g_assert_cmpstr (lang, ==, "rus+kaz");
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgProject) project = NULL;
  g_autofree char *learnt = NULL;
  Wait wait = { 0 };

  if (f->cells == NULL)
    return;
  project = open_project (f, (MrgTestCell *) f->cells->data, N_CELLS, TRUE, &wait);
  g_assert_false (run_learn (project, &wait, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (wait.n_finished, ==, 1);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  g_assert_false (mrg_project_get_busy (project));

  learnt = mrg_models_get_learnt (f->path, MRG_OCR_DEFAULT_LANG);
  g_assert_false (g_file_test (learnt, G_FILE_TEST_EXISTS));
  /* nothing used: the next round has every cell still */
  g_assert_cmpint (mrg_store_count_learn_samples (mrg_project_get_store (project), NULL, TRUE,
                                                  NULL),
                   ==, N_CELLS);
}

static void
test_too_few (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgProject) project = NULL;
  Wait wait = { 0 };

  if (f->cells == NULL)
    return;
  project = open_project (f, (MrgTestCell *) f->cells->data, 3, TRUE, &wait);
  g_assert_false (run_learn (project, &wait, FALSE, NULL, &error));
  g_assert_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "verified"));
  g_assert_cmpuint (wait.n_finished, ==, 1);
  g_clear_error (&wait.error);
}

/* After MRG_PROJECT_LEARN_EVERY newly verified cells a round starts by itself (when asked). */
static void
test_auto (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgProject) project = NULL;
  g_autoptr(GArray) cells = g_array_new (FALSE, TRUE, sizeof (MrgTestCell));
  g_autoptr(GArray) refs = NULL;
  guint n = MRG_PROJECT_LEARN_EVERY + 2;
  MrgStore *store;
  Wait wait = { 0 };

  if (f->cells == NULL)
    return;
  for (guint i = 0; i < n; i++)
    g_array_append_val (cells, g_array_index (f->cells, MrgTestCell, i % f->cells->len));
  project = open_project (f, (MrgTestCell *) cells->data, n, FALSE, &wait);
  g_assert_false (mrg_project_get_auto_learn (project));
  store = mrg_project_get_store (project);
  refs = mrg_store_get_table_cells (store, 1, &error);
  g_assert_no_error (error);
  /* off: nothing starts */
  g_assert_true (mrg_store_edit_row_status (store, g_array_index (refs, MrgStoreCellRef, 1).row_id,
                                            MRG_ROW_STATUS_VERIFIED, &error));
  g_assert_false (mrg_project_get_busy (project));

  mrg_project_set_auto_learn (project, TRUE);
  for (guint i = 2; i <= n; i++)
    {
      gint64 row_id = g_array_index (refs, MrgStoreCellRef, i).row_id;

      g_assert_true (mrg_store_edit_row_status (store, row_id, MRG_ROW_STATUS_VERIFIED, &error));
      g_assert_no_error (error);
      g_assert_cmpint (mrg_project_get_busy (project), ==, i >= MRG_PROJECT_LEARN_EVERY);
    }
  /* one round, however many cells are verified while it runs */
  mrg_project_cancel (project);
  while (wait.n_finished == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  while (mrg_project_get_busy (project))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (wait.n_finished, ==, 1);
}

/* OCR read again writes neither a verified row nor an edited cell, nor their images. */
static void
test_reocr_keeps_person_cells (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GArray) refs = NULL;
  g_autoptr(GBytes) new_image = g_bytes_new_static ("png", 3);
  MrgStoreOcrCell ocr[4];
  MrgStoreOcrTable table = {
    .table_id = 1,
    .n_rows = 4,
    .n_cols = 1,
    .cells = ocr,
    .model = "rus" MRG_MODELS_SUFFIX "+kaz",
  };
  sqlite3 *db;

  if (f->cells == NULL)
    return;
  store = mrg_test_make_learn_project (f->path, (MrgTestCell *) f->cells->data, 3, FALSE);
  refs = mrg_store_get_table_cells (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refs->len, ==, 4);
  g_assert_true (mrg_store_edit_row_status (store, g_array_index (refs, MrgStoreCellRef, 1).row_id,
                                            MRG_ROW_STATUS_VERIFIED, &error));
  g_assert_true (mrg_store_edit_cell_text (store, g_array_index (refs, MrgStoreCellRef, 2).cell_id,
                                           "Правка", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 4; i++)
    ocr[i] = (MrgStoreOcrCell) { TRUE, { 0, 100 * i, 1000, 100 * (i + 1) }, "ЗАНОВО", 50,
                                 new_image };
  g_assert_true (mrg_store_begin (store, &error));
  g_assert_cmpint (mrg_store_write_ocr_table (store, 1, &table, &error), ==, 1);
  g_assert_true (mrg_store_commit (store, &error));
  g_assert_no_error (error);

  db = mrg_store_get_db (store);
  g_assert_cmpint (mrg_test_query_int (db, "SELECT count(*) FROM cells WHERE text = 'ЗАНОВО'"),
                   ==, 2);
  g_assert_cmpint (mrg_test_query_int (db, "SELECT count(*) FROM cell_images WHERE png = X'706E67'"
                                           " AND model = 'rus_muragat+kaz'"), ==, 2);
  for (guint i = 1; i <= 2; i++)
    {
      const MrgStoreCellRef *ref = &g_array_index (refs, MrgStoreCellRef, i);
      g_autofree char *model = NULL;
      g_autoptr(GBytes) image = mrg_store_get_cell_image (store, ref->cell_id, &model, &error);

      g_assert_no_error (error);
      g_assert_nonnull (image);
      g_assert_cmpstr (model, ==, "rus+kaz");
      g_assert_cmpuint (g_bytes_get_size (image), >, 100);
    }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT text FROM cells WHERE id = %" G_GINT64_FORMAT,
                                            g_array_index (refs, MrgStoreCellRef, 2).cell_id);
    g_autofree char *text = mrg_test_query_text (db, sql);

    g_assert_cmpstr (text, ==, "Правка");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  mrg_test_add_fixture ("/project/learn/adopts-better", test_adopts_better);
  mrg_test_add_fixture ("/project/learn/keeps-worse", test_keeps_worse);
  mrg_test_add_fixture ("/project/learn/cancel", test_cancel);
  mrg_test_add_fixture ("/project/learn/too-few", test_too_few);
  mrg_test_add_fixture ("/project/learn/auto", test_auto);
  mrg_test_add_fixture ("/project/learn/reocr-keeps-person-cells", test_reocr_keeps_person_cells);

  return g_test_run ();
}

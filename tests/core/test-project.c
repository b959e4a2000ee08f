/* test-project.c: MrgProject and MrgJob: jobs on worker connections, `changed` and progress on
 * the main context, cancellation, the queue, another program's commits, the parallel fan-out
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-project"

#include "config.h"

#include <gio/gio.h>

#include "mrg-job.h"
#include "mrg-project.h"
#include "mrg-test-util.h"

typedef struct
{
  char *dir;
  char *path;
  MrgProject *project;
  GThread *main_thread;
  /* what arrived */
  MrgStoreChangeKind kinds;
  guint n_changed;
  guint n_progress;
  guint n_busy;
  gboolean changed_off_main;
  gboolean cancel_on_progress;
  GAsyncResult *result;
} Fixture;

static void
changed_cb (MrgProject     *project,
            MrgStoreChange *change,
            Fixture        *f)
{
  f->kinds |= mrg_store_change_get_kinds (change);
  f->n_changed++;
  if (g_thread_self () != f->main_thread)
    f->changed_off_main = TRUE;
}

static void
progress_cb (MrgProject *project,
             GParamSpec *pspec,
             Fixture    *f)
{
  g_assert_true (g_thread_self () == f->main_thread);
  f->n_progress++;
  if (f->cancel_on_progress)
    mrg_project_cancel (project);
}

static void
busy_cb (MrgProject *project,
         GParamSpec *pspec,
         Fixture    *f)
{
  f->n_busy++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = mrg_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "test.muragat", NULL);
  f->main_thread = g_thread_self ();
  f->project = mrg_project_open (f->path, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_signal_connect (f->project, "changed", G_CALLBACK (changed_cb), f);
  g_signal_connect (f->project, "notify::progress", G_CALLBACK (progress_cb), f);
  g_signal_connect (f->project, "notify::busy", G_CALLBACK (busy_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_false (mrg_project_get_busy (f->project));
  g_clear_object (&f->result);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (f->project);
  g_free (f->path);
  g_free (f->dir);
}

static void
result_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  g_assert_true (g_thread_self () == f->main_thread);
  g_clear_object (&f->result);
  f->result = g_object_ref (result);
}

static void
wait_for_result (Fixture *f)
{
  while (f->result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
reset_seen (Fixture *f)
{
  f->kinds = 0;
  f->n_changed = f->n_progress = f->n_busy = 0;
  g_clear_object (&f->result);
}

static void
import_scan (Fixture    *f,
             const char *name,
             GError    **error)
{
  g_autofree char *scan = mrg_test_corpus_file ("synthetic-typed-ru", name);
  const char *paths[] = { scan, NULL };

  mrg_project_import_async (f->project, paths, 300, NULL, result_cb, f);
  g_assert_true (mrg_project_get_busy (f->project));
  wait_for_result (f);
  mrg_project_import_finish (f->project, f->result, NULL, error);
}

/* A real import on a worker connection: its commit arrives as `changed` on the main context,
 * before the result; progress and busy are notified there too. */
static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *scan = mrg_test_corpus_file ("synthetic-typed-ru", "clean-01.jpg");
  const char *paths[] = { scan, NULL };
  g_autoptr(GError) error = NULL;
  MrgImportResult result = { 0 };
  MrgStoreCounts counts;

  mrg_project_import_async (f->project, paths, 300, NULL, result_cb, f);
  g_assert_true (mrg_project_get_busy (f->project));
  wait_for_result (f);
  g_assert_true (mrg_project_import_finish (f->project, f->result, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.pages_added, ==, 1);
  g_assert_false (mrg_project_get_busy (f->project));
  g_assert_cmpuint (f->n_busy, ==, 2);
  g_assert_cmpuint (f->n_progress, >=, 1);
  g_assert_cmpuint (f->n_changed, >=, 1);
  g_assert_false (f->changed_off_main);
  g_assert_true (f->kinds & MRG_STORE_CHANGE_PAGES);
  g_assert_true (f->kinds & MRG_STORE_CHANGE_DOCUMENTS);

  /* the main connection sees it, and the poll does not take the job for another program */
  g_assert_true (mrg_store_get_counts (mrg_project_get_store (f->project), &counts, &error));
  g_assert_cmpint (counts.pages, ==, 1);
  g_assert_false (mrg_project_check_for_changes (f->project));
}

/* Cancelled as soon as it reports progress: G_IO_ERROR_CANCELLED, nothing written. Jobs queued
 * behind it are cancelled too. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *scan = mrg_test_corpus_file ("synthetic-typed-ru", "page-02.jpg");
  const char *paths[] = { scan, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GAsyncResult) first = NULL;

  import_scan (f, "clean-01.jpg", &error);
  g_assert_no_error (error);
  pages = mrg_pipeline_list_pages (mrg_project_get_store (f->project), &error);
  g_assert_no_error (error);
  before = mrg_test_dump_project (f->path);
  reset_seen (f);

  /* OCR of the page, and an import queued behind it */
  f->cancel_on_progress = TRUE;
  mrg_project_ocr_async (f->project, (gint64 *) pages->data, pages->len, NULL, NULL, result_cb,
                         f);
  wait_for_result (f);
  first = g_steal_pointer (&f->result);
  mrg_project_import_async (f->project, paths, 300, NULL, result_cb, f);
  mrg_project_cancel (f->project);
  wait_for_result (f);

  g_assert_false (mrg_project_ocr_finish (f->project, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (mrg_project_import_finish (f->project, f->result, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->n_progress, >=, 1);

  mrg_test_assert_project_unchanged (f->path, before);
}

/* A commit by another connection (another program) is noticed by the poll, on its own. */
static void
test_other_program (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) other = NULL;
  gint64 start;

  /* the project's own commits are `changed` at once, and are not another program's */
  g_assert_true (mrg_store_set_meta (mrg_project_get_store (f->project), "test", "1", &error));
  g_assert_no_error (error);
  g_assert_false (mrg_project_check_for_changes (f->project));
  reset_seen (f);

  other = mrg_store_open (f->path, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_set_meta (other, "test", "2", &error));
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  while (f->n_changed == 0)
    {
      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpint (g_get_monotonic_time () - start, <,
                       (MRG_PROJECT_POLL_SECONDS + 3) * G_USEC_PER_SEC);
    }
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_cmpint (f->kinds, ==, (1 << MRG_STORE_CHANGE_N_KINDS) - 1);
  g_assert_false (mrg_project_check_for_changes (f->project));
}

/* ---- MrgJob ---- */

typedef struct
{
  GString *log;
  const char *name;
} Step;

static gboolean
step_run (MrgJob        *job,
          MrgStore      *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  Step *step = data;

  g_assert_nonnull (store);
  g_assert_false (mrg_store_is_read_only (store));
  for (guint i = 1; i <= 10; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s %u", step->name, i);

      mrg_job_set_progress (job, i / 10.0, text);
      g_usleep (2000);
    }
  /* the log is read by the main thread only after both jobs are done */
  g_string_append (step->log, step->name);
  return TRUE;
}

/* Jobs of a project run one after another, in order; a job's progress ends on its last value. */
static void
test_queue (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GString) log = g_string_new (NULL);
  Step a = { log, "a" }, b = { log, "b" };
  g_autoptr(MrgJob) job_a = mrg_job_new (f->path, MRG_STORE_OPEN_DEFAULT, step_run, &a, NULL);
  g_autoptr(MrgJob) job_b = mrg_job_new (f->path, MRG_STORE_OPEN_DEFAULT, step_run, &b, NULL);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GError) error = NULL;

  mrg_project_run_async (f->project, job_a, NULL, result_cb, f);
  mrg_project_run_async (f->project, job_b, NULL, NULL, NULL);
  wait_for_result (f);
  first = g_steal_pointer (&f->result);
  g_assert_true (mrg_project_run_finish (f->project, first, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (mrg_job_get_fraction (job_a), ==, 1.0);
  g_assert_cmpstr (mrg_job_get_text (job_a), ==, "a 10");
  while (mrg_project_get_busy (f->project))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (log->str, ==, "ab");
  g_assert_cmpstr (mrg_job_get_text (job_b), ==, "b 10");
  g_assert_cmpuint (f->n_busy, ==, 2);
}

/* Blocking: progress is still delivered, on this thread. */
static void
test_job_run (void)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "run.muragat", NULL);
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(MrgJob) job = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Step step = { log, "x" };

  store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  job = mrg_job_new (path, MRG_STORE_OPEN_DEFAULT, step_run, &step, NULL);
  g_assert_true (mrg_job_run (job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (log->str, ==, "x");
  g_assert_cmpstr (mrg_job_get_text (job), ==, "x 10");

  /* cancelled before it starts: the work never runs */
  g_clear_object (&job);
  job = mrg_job_new (path, MRG_STORE_OPEN_DEFAULT, step_run, &step, NULL);
  g_cancellable_cancel (cancellable);
  g_assert_false (mrg_job_run (job, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (log->str, ==, "x");
}

/* ---- mrg_parallel_for ---- */

typedef struct
{
  guint *seen;
  gint inits;
  gint cleanups;
  guint fail_at;
  GCancellable *cancellable;
} Parallel;

static gpointer
parallel_init (guint    worker,
               gpointer data,
               GError **error)
{
  Parallel *p = data;

  g_atomic_int_inc (&p->inits);
  return g_new0 (guint, 1);
}

static gboolean
parallel_item (gpointer worker_data,
               guint    item,
               gpointer data,
               GError **error)
{
  Parallel *p = data;
  guint *count = worker_data;

  if (item == p->fail_at)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "item %u failed", item);
      return FALSE;
    }
  if (p->cancellable != NULL && item == 10)
    g_cancellable_cancel (p->cancellable);
  g_atomic_int_inc ((gint *) &p->seen[item]);
  if (count != NULL)
    (*count)++;
  return TRUE;
}

static void
parallel_cleanup (gpointer worker_data,
                  gpointer data)
{
  Parallel *p = data;

  g_atomic_int_inc (&p->cleanups);
  g_free (worker_data);
}

static void
parallel_progress (guint    done,
                   guint    n_items,
                   gpointer data)
{
  guint *last = &((Parallel *) data)->seen[n_items];

  g_assert_cmpuint (done, >, *last);
  *last = done;
}

static void
test_parallel (void)
{
  static const MrgParallelFuncs funcs = {
    parallel_init, parallel_item, parallel_cleanup, parallel_progress
  };
  static const MrgParallelFuncs quiet = { parallel_init, parallel_item, parallel_cleanup };
  static const MrgParallelFuncs bare = { .func = parallel_item };
  guint n = 200;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  for (guint threads = 1; threads <= 4; threads += 3)
    {
      g_autofree guint *seen = g_new0 (guint, n + 1);
      Parallel p = { seen, 0, 0, G_MAXUINT, NULL };

      g_assert_true (mrg_parallel_for (n, threads, &funcs, &p, NULL, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < n; i++)
        g_assert_cmpuint (seen[i], ==, 1);
      g_assert_cmpuint (seen[n], ==, n);
      g_assert_cmpint (p.inits, ==, threads);
      g_assert_cmpint (p.cleanups, ==, threads);
    }

  /* the first error stops it */
  {
    g_autofree guint *seen = g_new0 (guint, n + 1);
    Parallel p = { seen, 0, 0, 5, NULL };

    g_assert_false (mrg_parallel_for (n, 3, &quiet, &p, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_cmpint (p.cleanups, ==, p.inits);
  }

  /* cancelled: G_IO_ERROR_CANCELLED, the rest undone */
  {
    g_autofree guint *seen = g_new0 (guint, n + 1);
    Parallel p = { seen, 0, 0, G_MAXUINT, cancellable };
    guint done = 0;

    g_assert_false (mrg_parallel_for (n, 2, &bare, &p, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    for (guint i = 0; i < n; i++)
      done += seen[i];
    g_assert_cmpuint (done, <, n);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  mrg_test_add_fixture ("/project/import", test_import);
  mrg_test_add_fixture ("/project/cancel", test_cancel);
  mrg_test_add_fixture ("/project/other-program", test_other_program);
  mrg_test_add_fixture ("/project/queue", test_queue);
  g_test_add_func ("/job/run", test_job_run);
  g_test_add_func ("/job/parallel-for", test_parallel);
  return g_test_run ();
}

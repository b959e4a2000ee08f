/* mrg-job.c: the one way to run work off the main loop, and to fan it out over threads
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-job"

#include "config.h"

#include "mrg-job.h"

/* Progress faster than this is merged: a bar redrawn 20 times a second looks smooth, and a
 * worker reading small cells would otherwise flood the main loop. */
#define DELIVERY_INTERVAL_US (50 * G_TIME_SPAN_MILLISECOND)

struct _MrgJob
{
  GObject parent_instance;

  char *project_path;
  MrgStoreOpenFlags flags;
  MrgJobFunc func;
  gpointer data;
  GDestroyNotify data_free;
  gboolean started;
  GMainContext *context;      /* the caller's, where everything is delivered */

  GMutex mutex;
  /* under mutex: what the worker reported and the main context has not yet seen */
  gboolean progress_pending;
  double pending_fraction;
  char *pending_text;
  MrgStoreChange *pending_change;
  GSource *delivery;          /* scheduled on `context`, or NULL */
  gint64 last_delivery;

  /* on the main context */
  double fraction;
  char *text;
};

G_DEFINE_FINAL_TYPE (MrgJob, mrg_job, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FRACTION,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mrg_job_finalize (GObject *object)
{
  MrgJob *self = MRG_JOB (object);

  g_assert (self->delivery == NULL);
  if (self->data_free != NULL)
    self->data_free (self->data);
  g_free (self->project_path);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->pending_text);
  g_clear_pointer (&self->pending_change, mrg_store_change_free);
  g_free (self->text);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (mrg_job_parent_class)->finalize (object);
}

static void
mrg_job_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  MrgJob *self = MRG_JOB (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mrg_job_class_init (MrgJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mrg_job_finalize;
  object_class->get_property = mrg_job_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MrgJob::changed:
   * @change: (type MrgStoreChange): what the job's connection committed
   *
   * Emitted on the main context of the caller of mrg_job_run_async().
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                   MRG_TYPE_STORE_CHANGE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
mrg_job_init (MrgJob *self)
{
  g_mutex_init (&self->mutex);
}

MrgJob *
mrg_job_new (const char        *project_path,
             MrgStoreOpenFlags  flags,
             MrgJobFunc         func,
             gpointer           data,
             GDestroyNotify     data_free)
{
  MrgJob *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (MRG_TYPE_JOB, NULL);
  self->project_path = g_strdup (project_path);
  self->flags = flags;
  self->func = func;
  self->data = data;
  self->data_free = data_free;
  return self;
}

gpointer
mrg_job_get_data (MrgJob *self)
{
  g_return_val_if_fail (MRG_IS_JOB (self), NULL);
  return self->data;
}

const char *
mrg_job_get_project_path (MrgJob *self)
{
  g_return_val_if_fail (MRG_IS_JOB (self), NULL);
  return self->project_path;
}

double
mrg_job_get_fraction (MrgJob *self)
{
  g_return_val_if_fail (MRG_IS_JOB (self), 0);
  return self->fraction;
}

const char *
mrg_job_get_text (MrgJob *self)
{
  g_return_val_if_fail (MRG_IS_JOB (self), NULL);
  return self->text;
}

/* ---- delivery to the main context ---- */

/* On the main context: hands over what the worker reported since the last time. */
static void
deliver (MrgJob *self)
{
  g_autoptr(MrgStoreChange) change = NULL;
  g_autofree char *text = NULL;
  gboolean progress;
  double fraction;

  g_object_ref (self);
  g_mutex_lock (&self->mutex);
  if (self->delivery != NULL)
    {
      g_source_destroy (self->delivery);
      g_clear_pointer (&self->delivery, g_source_unref);
    }
  self->last_delivery = g_get_monotonic_time ();
  change = g_steal_pointer (&self->pending_change);
  progress = self->progress_pending;
  self->progress_pending = FALSE;
  fraction = self->pending_fraction;
  text = g_steal_pointer (&self->pending_text);
  g_mutex_unlock (&self->mutex);

  /* A change first: whoever shows progress may also look at what it says is done. */
  if (change != NULL)
    g_signal_emit (self, signals[CHANGED], 0, change);
  if (progress)
    {
      g_object_freeze_notify (G_OBJECT (self));
      if (fraction != self->fraction)
        {
          self->fraction = fraction;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
        }
      if (text != NULL && g_strcmp0 (text, self->text) != 0)
        {
          g_free (self->text);
          self->text = g_steal_pointer (&text);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
        }
      g_object_thaw_notify (G_OBJECT (self));
    }
  g_object_unref (self);
}

static gboolean
deliver_cb (gpointer user_data)
{
  deliver (user_data);
  return G_SOURCE_REMOVE;
}

/* Under the mutex: makes sure a delivery is coming, no sooner than the interval allows. */
static void
schedule_delivery (MrgJob *self)
{
  gint64 wait;

  if (self->delivery != NULL || self->context == NULL)
    return;
  wait = self->last_delivery + DELIVERY_INTERVAL_US - g_get_monotonic_time ();
  self->delivery = g_timeout_source_new (MAX (wait, 0) / 1000);
  g_source_set_static_name (self->delivery, "[muragat] job progress");
  g_source_set_callback (self->delivery, deliver_cb, g_object_ref (self), g_object_unref);
  g_source_attach (self->delivery, self->context);
}

void
mrg_job_set_progress (MrgJob     *self,
                      double      fraction,
                      const char *text)
{
  g_return_if_fail (MRG_IS_JOB (self));

  g_mutex_lock (&self->mutex);
  self->progress_pending = TRUE;
  self->pending_fraction = CLAMP (fraction, -1, 1);
  if (text != NULL)
    {
      g_free (self->pending_text);
      self->pending_text = g_strdup (text);
    }
  schedule_delivery (self);
  g_mutex_unlock (&self->mutex);
}

/* On the worker, when its connection committed. */
static void
worker_changed_cb (MrgStore       *store,
                   MrgStoreChange *change,
                   MrgJob         *self)
{
  g_mutex_lock (&self->mutex);
  if (self->pending_change == NULL)
    self->pending_change = mrg_store_change_copy (change);
  else
    mrg_store_change_merge (self->pending_change, change);
  schedule_delivery (self);
  g_mutex_unlock (&self->mutex);
}

/* ---- running ---- */

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  MrgJob *self = source_object;
  g_autoptr(MrgStore) store = NULL;
  GError *error = NULL;
  gboolean ok = FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    goto out;
  /* The only place a project is opened again by its path: an sqlite3 connection belongs to one
   * thread at a time, and WAL lets the window go on reading while a worker writes. */
  if (self->project_path != NULL)
    {
      store = mrg_store_open (self->project_path, self->flags, &error);
      if (store == NULL)
        goto out;
      g_signal_connect (store, "changed", G_CALLBACK (worker_changed_cb), self);
    }
  ok = self->func (self, store, self->data, cancellable, &error);
  if (store != NULL)
    g_signal_handlers_disconnect_by_func (store, worker_changed_cb, self);

out:
  if (!ok && g_cancellable_is_cancelled (cancellable) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&error);
      g_cancellable_set_error_if_cancelled (cancellable, &error);
    }
  if (!ok && error == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "job failed without a reason");
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* On the caller's main context: everything reported arrives before the result. */
static void
job_thread_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  MrgJob *self = MRG_JOB (source);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  deliver (self);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
mrg_job_run_async (MrgJob              *self,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  g_return_if_fail (MRG_IS_JOB (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mrg_job_run_async);
  /* A job that finished its work reports so even if cancelled at the last moment. */
  g_task_set_check_cancellable (task, FALSE);

  worker = g_task_new (self, cancellable, job_thread_done_cb, g_object_ref (task));
  g_task_set_source_tag (worker, job_thread);
  g_task_set_check_cancellable (worker, FALSE);
  /* the work checks the cancellable itself and leaves the project consistent */
  g_task_set_return_on_cancel (worker, FALSE);
  g_task_run_in_thread (worker, job_thread);
}

gboolean
mrg_job_run_finish (MrgJob        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mrg_job_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

gboolean
mrg_job_run (MrgJob        *self,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (MRG_IS_JOB (self), FALSE);

  g_main_context_push_thread_default (context);
  mrg_job_run_async (self, cancellable, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);
  return mrg_job_run_finish (self, result, error);
}

/* ---- fan-out ---- */

typedef struct
{
  guint n_items;
  const MrgParallelFuncs *funcs;
  gpointer data;
  GCancellable *cancellable;
  MrgProgressFunc inline_progress;  /* with one worker, on the caller's thread */
  gint next;            /* atomic: the next item to take */
  gint stop;            /* atomic: set on the first failure */
  GMutex mutex;
  GCond cond;
  guint done;           /* under mutex */
  guint running;        /* workers still going, under mutex */
  GError *error;        /* the first, under mutex */
} ParallelRun;

typedef struct
{
  ParallelRun *run;
  guint index;
} ParallelWorker;

static gpointer
parallel_worker (gpointer user_data)
{
  ParallelWorker *worker = user_data;
  ParallelRun *run = worker->run;
  gpointer worker_data = NULL;
  GError *error = NULL;
  gboolean made;

  if (run->funcs->init != NULL)
    worker_data = run->funcs->init (worker->index, run->data, &error);
  made = error == NULL;

  while (error == NULL)
    {
      guint item = (guint) g_atomic_int_add (&run->next, 1);

      if (item >= run->n_items || g_atomic_int_get (&run->stop) ||
          g_cancellable_is_cancelled (run->cancellable))
        break;
      if (!run->funcs->func (worker_data, item, run->data, &error))
        {
          g_atomic_int_set (&run->stop, TRUE);
          break;
        }
      g_mutex_lock (&run->mutex);
      run->done++;
      g_cond_signal (&run->cond);
      g_mutex_unlock (&run->mutex);
      if (run->inline_progress != NULL)
        run->inline_progress (run->done, run->n_items, run->data);
    }
  if (error != NULL)
    g_atomic_int_set (&run->stop, TRUE);
  if (run->funcs->cleanup != NULL && made)
    run->funcs->cleanup (worker_data, run->data);

  g_mutex_lock (&run->mutex);
  if (error != NULL && run->error == NULL)
    run->error = error;
  else
    g_clear_error (&error);
  run->running--;
  g_cond_signal (&run->cond);
  g_mutex_unlock (&run->mutex);
  return NULL;
}

gboolean
mrg_parallel_for (guint                    n_items,
                  guint                    n_threads,
                  const MrgParallelFuncs  *funcs,
                  gpointer                 data,
                  GCancellable            *cancellable,
                  GError                 **error)
{
  ParallelRun run = { n_items, funcs, data, cancellable };
  MrgProgressFunc progress;
  guint n_workers;
  g_autofree ParallelWorker *workers = NULL;
  g_autofree GThread **threads = NULL;
  guint reported = 0;

  g_return_val_if_fail (funcs != NULL && funcs->func != NULL, FALSE);

  progress = funcs->progress;

  if (n_threads == 0)
    n_threads = MAX (1, g_get_num_processors ());
  n_workers = CLAMP (n_threads, 1, MAX (n_items, 1));
  workers = g_new0 (ParallelWorker, n_workers);
  threads = g_new0 (GThread *, n_workers);

  g_mutex_init (&run.mutex);
  g_cond_init (&run.cond);
  run.running = n_workers;
  for (guint i = 0; i < n_workers; i++)
    {
      workers[i] = (ParallelWorker) { &run, i };
      /* One worker costs no thread: it runs here. */
      if (n_workers > 1)
        threads[i] = g_thread_new ("mrg-worker", parallel_worker, &workers[i]);
    }
  if (n_workers == 1)
    {
      run.inline_progress = progress;
      parallel_worker (&workers[0]);
      reported = run.done;
    }

  g_mutex_lock (&run.mutex);
  for (;;)
    {
      if (progress != NULL && run.done != reported)
        {
          reported = run.done;
          g_mutex_unlock (&run.mutex);
          progress (reported, n_items, data);
          g_mutex_lock (&run.mutex);
          continue;
        }
      if (run.running == 0)
        break;
      g_cond_wait (&run.cond, &run.mutex);
    }
  g_mutex_unlock (&run.mutex);
  for (guint i = 0; i < n_workers; i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);
  g_mutex_clear (&run.mutex);
  g_cond_clear (&run.cond);

  if (run.error != NULL)
    {
      g_propagate_error (error, run.error);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return TRUE;
}

struct _MrgParallelCall
{
  GThread *thread;
};

MrgParallelCall *
mrg_parallel_start (const char  *name,
                    GThreadFunc  func,
                    gpointer     data)
{
  MrgParallelCall *call;

  g_return_val_if_fail (func != NULL, NULL);

  call = g_new0 (MrgParallelCall, 1);
  call->thread = g_thread_new (name, func, data);
  return call;
}

gpointer
mrg_parallel_join (MrgParallelCall *call)
{
  gpointer result;

  g_return_val_if_fail (call != NULL, NULL);

  result = g_thread_join (call->thread);
  g_free (call);
  return result;
}

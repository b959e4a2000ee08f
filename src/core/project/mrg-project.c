/* mrg-project.c: an open project: its store, its background work, what changed in it
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-project"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "mrg-learn.h"
#include "mrg-models.h"
#include "mrg-ocr.h"
#include "mrg-project.h"
#include "mrg-store-learn.h"

typedef struct _QueuedJob QueuedJob;

struct _MrgProject
{
  GObject parent_instance;

  MrgStore *store;
  GMainContext *context;
  GSource *poll;
  gint64 data_version;

  GQueue queue;               /* of QueuedJob, waiting */
  QueuedJob *running;

  gboolean busy;
  double progress;
  char *status_text;

  gboolean auto_learn;
  gboolean learning;          /* a round is queued or running */
  gboolean auto_learn_failed; /* a round that started by itself failed: none again this time */
};

G_DEFINE_FINAL_TYPE (MrgProject, mrg_project, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  PROP_PROGRESS,
  PROP_STATUS_TEXT,
  PROP_AUTO_LEARN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  CHANGED,
  LEARN_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _QueuedJob
{
  MrgProject *project;          /* the task holds it */
  GTask *task;
  MrgJob *job;
  GCancellable *cancellable;    /* the job's own: the caller's and mrg_project_cancel() cancel it */
  GCancellable *caller_cancellable;
  gulong caller_handler;
};

static void
queued_job_free (QueuedJob *queued)
{
  if (queued->caller_cancellable != NULL)
    g_cancellable_disconnect (queued->caller_cancellable, queued->caller_handler);
  g_clear_object (&queued->caller_cancellable);
  g_clear_object (&queued->cancellable);
  g_clear_object (&queued->job);
  g_clear_object (&queued->task);
  g_free (queued);
}

/* ---- properties ---- */

static void
set_busy (MrgProject *self,
          gboolean    busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_progress (MrgProject *self,
              double      progress,
              const char *status_text)
{
  /* both change before either is notified: they describe one moment */
  g_object_freeze_notify (G_OBJECT (self));
  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (g_strcmp0 (self->status_text, status_text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_strdup (status_text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
mrg_project_dispose (GObject *object)
{
  MrgProject *self = MRG_PROJECT (object);

  /* A running or queued job holds the project through its task, so none is left here. */
  g_assert (self->running == NULL && g_queue_is_empty (&self->queue));
  if (self->poll != NULL)
    {
      g_source_destroy (self->poll);
      g_clear_pointer (&self->poll, g_source_unref);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (mrg_project_parent_class)->dispose (object);
}

static void
mrg_project_finalize (GObject *object)
{
  MrgProject *self = MRG_PROJECT (object);

  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->status_text);

  G_OBJECT_CLASS (mrg_project_parent_class)->finalize (object);
}

static void
mrg_project_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MrgProject *self = MRG_PROJECT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_AUTO_LEARN:
      g_value_set_boolean (value, self->auto_learn);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mrg_project_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MrgProject *self = MRG_PROJECT (object);

  switch (prop_id)
    {
    case PROP_AUTO_LEARN:
      mrg_project_set_auto_learn (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mrg_project_class_init (MrgProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mrg_project_dispose;
  object_class->finalize = mrg_project_finalize;
  object_class->get_property = mrg_project_get_property;
  object_class->set_property = mrg_project_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MRG_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, -1, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_LEARN] =
    g_param_spec_boolean ("auto-learn", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MrgProject::changed:
   * @change: (type MrgStoreChange): what was committed
   *
   * Emitted on the project's main context after a commit through the main connection, through
   * a job's connection, or (noticed by polling, with every kind) by another program.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                   MRG_TYPE_STORE_CHANGE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * MrgProject::learn-finished:
   * @result: (type MrgLearnResult) (nullable): what the round did, NULL when it failed
   * @error: (nullable): why it failed (G_IO_ERROR_CANCELLED when cancelled)
   *
   * Emitted on the project's main context when a learning round ends, whether it was asked
   * for (mrg_project_learn_async()) or started by itself.
   */
  signals[LEARN_FINISHED] = g_signal_new ("learn-finished", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          2, G_TYPE_POINTER, G_TYPE_ERROR);
}

static void
mrg_project_init (MrgProject *self)
{
  g_queue_init (&self->queue);
}

/* ---- changes ---- */

static void maybe_learn (MrgProject           *self,
                         const MrgStoreChange *change);

static void
store_changed_cb (MrgStore       *store,
                  MrgStoreChange *change,
                  MrgProject     *self)
{
  g_signal_emit (self, signals[CHANGED], 0, change);
  maybe_learn (self, change);
}

gboolean
mrg_project_check_for_changes (MrgProject *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStoreChange) change = NULL;
  gint64 version;

  g_return_val_if_fail (MRG_IS_PROJECT (self), FALSE);

  version = mrg_store_get_data_version (self->store, &error);
  if (version < 0)
    {
      g_debug ("%s", error->message);
      return FALSE;
    }
  if (version == self->data_version)
    return FALSE;
  self->data_version = version;

  /* Another program says nothing of what it changed. */
  change = mrg_store_change_new ();
  for (guint i = 0; i < MRG_STORE_CHANGE_N_KINDS; i++)
    mrg_store_change_add (change, 1 << i, 0);
  g_signal_emit (self, signals[CHANGED], 0, change);
  return TRUE;
}

static gboolean
poll_cb (gpointer user_data)
{
  mrg_project_check_for_changes (user_data);
  return G_SOURCE_CONTINUE;
}

/* A job's commit, already on the main context. It moved the data version, which the poll must
 * not take for another program's. */
static void
job_changed_cb (MrgJob         *job,
                MrgStoreChange *change,
                MrgProject     *self)
{
  gint64 version = mrg_store_get_data_version (self->store, NULL);

  if (version >= 0)
    self->data_version = version;
  g_signal_emit (self, signals[CHANGED], 0, change);
  maybe_learn (self, change);
}

MrgProject *
mrg_project_open (const char         *path,
                  MrgStoreOpenFlags   flags,
                  GError            **error)
{
  g_autoptr(MrgProject) self = NULL;
  MrgStore *store;

  g_return_val_if_fail (path != NULL, NULL);

  store = mrg_store_open (path, flags, error);
  if (store == NULL)
    return NULL;

  self = g_object_new (MRG_TYPE_PROJECT, NULL);
  self->store = store;
  self->context = g_main_context_ref_thread_default ();
  self->data_version = mrg_store_get_data_version (store, NULL);
  g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);

  /* The poll must not keep the project alive: it holds it weakly, and dispose removes it. */
  self->poll = g_timeout_source_new_seconds (MRG_PROJECT_POLL_SECONDS);
  g_source_set_static_name (self->poll, "[muragat] project poll");
  g_source_set_callback (self->poll, poll_cb, self, NULL);
  g_source_attach (self->poll, self->context);
  return g_steal_pointer (&self);
}

MrgStore *
mrg_project_get_store (MrgProject *self)
{
  g_return_val_if_fail (MRG_IS_PROJECT (self), NULL);
  return self->store;
}

const char *
mrg_project_get_path (MrgProject *self)
{
  g_return_val_if_fail (MRG_IS_PROJECT (self), NULL);
  return mrg_store_get_path (self->store);
}

gboolean
mrg_project_get_busy (MrgProject *self)
{
  g_return_val_if_fail (MRG_IS_PROJECT (self), FALSE);
  return self->busy;
}

double
mrg_project_get_progress (MrgProject *self)
{
  g_return_val_if_fail (MRG_IS_PROJECT (self), 0);
  return self->progress;
}

const char *
mrg_project_get_status_text (MrgProject *self)
{
  g_return_val_if_fail (MRG_IS_PROJECT (self), NULL);
  return self->status_text;
}

/* ---- the queue ---- */

static void start_next (MrgProject *self);

static void
job_progress_cb (MrgJob     *job,
                 GParamSpec *pspec,
                 MrgProject *self)
{
  set_progress (self, mrg_job_get_fraction (job), mrg_job_get_text (job));
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  QueuedJob *queued = user_data;
  MrgProject *self = queued->project;
  GTask *task = g_object_ref (queued->task);
  GError *error = NULL;
  gboolean ok;

  g_signal_handlers_disconnect_by_data (queued->job, self);
  ok = mrg_job_run_finish (queued->job, result, &error);
  g_assert (self->running == queued);
  self->running = NULL;
  queued_job_free (queued);

  start_next (self);
  if (self->running == NULL)
    {
      set_progress (self, 0, NULL);
      set_busy (self, FALSE);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  g_object_unref (task);
}

static void
start_next (MrgProject *self)
{
  QueuedJob *queued;

  if (self->running != NULL || g_queue_is_empty (&self->queue))
    return;
  queued = g_queue_pop_head (&self->queue);
  self->running = queued;
  set_progress (self, 0, NULL);
  g_signal_connect (queued->job, "changed", G_CALLBACK (job_changed_cb), self);
  g_signal_connect (queued->job, "notify::fraction", G_CALLBACK (job_progress_cb), self);
  g_signal_connect (queued->job, "notify::text", G_CALLBACK (job_progress_cb), self);
  mrg_job_run_async (queued->job, queued->cancellable, job_done_cb, queued);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *own)
{
  g_cancellable_cancel (own);
}

static void
queue_job (MrgProject          *self,
           MrgJob              *job,
           GCancellable        *cancellable,
           gpointer             source_tag,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  QueuedJob *queued = g_new0 (QueuedJob, 1);

  queued->project = self;
  queued->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (queued->task, source_tag);
  g_task_set_check_cancellable (queued->task, FALSE);
  g_task_set_task_data (queued->task, g_object_ref (job), g_object_unref);
  queued->job = g_object_ref (job);
  queued->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      queued->caller_cancellable = g_object_ref (cancellable);
      queued->caller_handler = g_cancellable_connect (cancellable,
                                                      G_CALLBACK (caller_cancelled_cb),
                                                      g_object_ref (queued->cancellable),
                                                      g_object_unref);
    }
  g_queue_push_tail (&self->queue, queued);
  set_busy (self, TRUE);
  start_next (self);
}

void
mrg_project_cancel (MrgProject *self)
{
  g_return_if_fail (MRG_IS_PROJECT (self));

  if (self->running != NULL)
    g_cancellable_cancel (self->running->cancellable);
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    g_cancellable_cancel (((QueuedJob *) l->data)->cancellable);
}

/* The job of a finished task, when it is one of this project's with this tag. */
static MrgJob *
task_job (MrgProject   *self,
          GAsyncResult *result,
          gpointer      source_tag)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_get_task_data (G_TASK (result));
}

void
mrg_project_run_async (MrgProject          *self,
                       MrgJob              *job,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (MRG_IS_PROJECT (self));
  g_return_if_fail (MRG_IS_JOB (job));

  queue_job (self, job, cancellable, mrg_project_run_async, callback, user_data);
}

gboolean
mrg_project_run_finish (MrgProject    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  if (task_job (self, result, mrg_project_run_async) == NULL)
    return FALSE;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- import ---- */

typedef struct
{
  char **paths;
  double pdf_dpi;
  gboolean relink;          /* only look there for the scans that moved (result.relinked) */
  MrgImportResult result;
} ImportJob;

static void
import_job_free (ImportJob *import)
{
  g_strfreev (import->paths);
  g_free (import);
}

/* What a job has done of its steps, for a person: "Reading scans 3/10". */
static void
set_counted_progress (MrgJob     *job,
                      const char *what,
                      guint       done,
                      guint       total)
{
  g_autofree char *text = g_strdup_printf ("%s %u/%u", what, done, total);

  mrg_job_set_progress (job, total > 0 ? (double) done / total : -1, text);
}

static void
import_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  set_counted_progress (user_data, _("Reading scans"), done, total);
}

static gboolean
import_job_run (MrgJob        *job,
                MrgStore      *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  ImportJob *import = data;
  MrgMonitor monitor = { cancellable, import_progress_cb, job };

  if (import->relink)
    {
      mrg_job_set_progress (job, -1, _("Looking for moved scans"));
      return mrg_import_relink (store, (const char * const *) import->paths, cancellable,
                                &import->result.relinked, error);
    }
  mrg_job_set_progress (job, 0, _("Adding scans"));
  return mrg_import_files (store, (const char * const *) import->paths, import->pdf_dpi,
                           &monitor, &import->result, error);
}

static void
queue_import (MrgProject          *self,
              const char * const  *paths,
              double               pdf_dpi,
              gboolean             relink,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(MrgJob) job = NULL;
  ImportJob *import;

  g_return_if_fail (MRG_IS_PROJECT (self));
  g_return_if_fail (paths != NULL);

  import = g_new0 (ImportJob, 1);
  import->paths = g_strdupv ((char **) paths);
  import->pdf_dpi = pdf_dpi;
  import->relink = relink;
  job = mrg_job_new (mrg_project_get_path (self), MRG_STORE_OPEN_DEFAULT, import_job_run, import,
                     (GDestroyNotify) import_job_free);
  queue_job (self, job, cancellable, mrg_project_import_async, callback, user_data);
}

void
mrg_project_import_async (MrgProject          *self,
                          const char * const  *paths,
                          double               pdf_dpi,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  queue_import (self, paths, pdf_dpi, FALSE, cancellable, callback, user_data);
}

void
mrg_project_relink_async (MrgProject          *self,
                          const char * const  *paths,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  queue_import (self, paths, 0, TRUE, cancellable, callback, user_data);
}

gboolean
mrg_project_relink_finish (MrgProject    *self,
                           GAsyncResult  *result,
                           int           *out_relinked,
                           GError       **error)
{
  MrgImportResult done = { 0 };

  if (!mrg_project_import_finish (self, result, &done, error))
    return FALSE;
  if (out_relinked != NULL)
    *out_relinked = done.relinked;
  return TRUE;
}

gboolean
mrg_project_import_finish (MrgProject       *self,
                           GAsyncResult     *result,
                           MrgImportResult  *out_result,
                           GError          **error)
{
  MrgJob *job = task_job (self, result, mrg_project_import_async);

  if (job == NULL || !g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (out_result != NULL)
    *out_result = ((ImportJob *) mrg_job_get_data (job))->result;
  return TRUE;
}

/* ---- OCR ---- */

typedef struct
{
  GArray *page_ids;
  char *lang;
  guint jobs;
  gboolean grid_only;
} OcrJob;

static void
ocr_job_free (OcrJob *ocr)
{
  g_array_unref (ocr->page_ids);
  g_free (ocr->lang);
  g_free (ocr);
}

static gboolean
ocr_job_run (MrgJob        *job,
             MrgStore      *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  OcrJob *ocr = data;
  MrgPipelineOptions options = { ocr->lang, ocr->jobs, ocr->grid_only };

  return mrg_pipeline_run (store, (const gint64 *) ocr->page_ids->data, ocr->page_ids->len,
                           &options, job, cancellable, error);
}

void
mrg_project_ocr_async (MrgProject               *self,
                       const gint64             *page_ids,
                       guint                     n_pages,
                       const MrgPipelineOptions *options,
                       GCancellable             *cancellable,
                       GAsyncReadyCallback       callback,
                       gpointer                  user_data)
{
  g_autoptr(MrgJob) job = NULL;
  OcrJob *ocr;

  g_return_if_fail (MRG_IS_PROJECT (self));
  g_return_if_fail (n_pages == 0 || page_ids != NULL);

  ocr = g_new0 (OcrJob, 1);
  ocr->page_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_pages);
  g_array_append_vals (ocr->page_ids, page_ids, n_pages);
  ocr->lang = g_strdup (options != NULL ? options->lang : NULL);
  ocr->jobs = options != NULL ? options->jobs : 0;
  ocr->grid_only = options != NULL && options->grid_only;
  job = mrg_job_new (mrg_project_get_path (self), MRG_STORE_OPEN_DEFAULT, ocr_job_run, ocr,
                     (GDestroyNotify) ocr_job_free);
  queue_job (self, job, cancellable, mrg_project_ocr_async, callback, user_data);
}

gboolean
mrg_project_ocr_finish (MrgProject    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  if (task_job (self, result, mrg_project_ocr_async) == NULL)
    return FALSE;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- export ---- */

typedef struct
{
  MrgExportOptions options;
  char *out_path;
  MrgJob *job;          /* while it runs */
} ExportJob;

static void
export_job_free (ExportJob *export)
{
  g_free (export->out_path);
  g_free (export);
}

static void
export_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  ExportJob *export = user_data;

  set_counted_progress (export->job, _("Exporting pages"), done, total);
}

static gboolean
export_job_run (MrgJob        *job,
                MrgStore      *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  ExportJob *export = data;
  MrgMonitor monitor = { cancellable, export_progress_cb, export };

  export->job = job;
  return mrg_export_to_file (store, &export->options, export->out_path, &monitor, error);
}

void
mrg_project_export_async (MrgProject             *self,
                          const MrgExportOptions *options,
                          const char             *out_path,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(MrgJob) job = NULL;
  ExportJob *export;

  g_return_if_fail (MRG_IS_PROJECT (self));
  g_return_if_fail (options != NULL);
  g_return_if_fail (out_path != NULL);

  export = g_new0 (ExportJob, 1);
  export->options = *options;
  export->out_path = g_strdup (out_path);
  job = mrg_job_new (mrg_project_get_path (self), MRG_STORE_OPEN_READ_ONLY, export_job_run, export,
                     (GDestroyNotify) export_job_free);
  queue_job (self, job, cancellable, mrg_project_export_async, callback, user_data);
}

gboolean
mrg_project_export_finish (MrgProject    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  if (task_job (self, result, mrg_project_export_async) == NULL)
    return FALSE;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- learning ---- */

typedef struct
{
  guint iterations;
  MrgLearnResult result;
  GError *error;        /* a copy of why it failed, for `learn-finished` */
  MrgJob *job;          /* while it runs */
  GAsyncReadyCallback callback;
  gpointer user_data;
} LearnJob;

static void
learn_job_free (LearnJob *learn)
{
  g_clear_error (&learn->error);
  g_free (learn);
}

static void
learn_progress_cb (MrgLearnStage stage,
                   guint         done,
                   guint         total,
                   gpointer      user_data)
{
  LearnJob *learn = user_data;
  /* making the lines takes about as long as the training on one core; checking, little */
  static const double starts[] = { 0, 0.45, 0.95 }, spans[] = { 0.4, 0.5, 0.05 };
  static const char *const texts[] = {
    N_("Teaching OCR: preparing cells"),
    N_("Teaching OCR: learning"),
    N_("Teaching OCR: checking"),
  };
  g_autofree char *text = g_strdup_printf ("%s %u/%u", _(texts[stage]), done, total);

  mrg_job_set_progress (learn->job,
                        starts[stage] + spans[stage] * (total > 0 ? (double) done / total : 0),
                        text);
}

/* The languages a round teaches the first of: the project's, else the default Cyrillic ones (a
 * page read in Latin script teaches nothing to them). */
static char *
learn_lang (MrgStore *store)
{
  g_autofree char *project_lang = mrg_store_get_meta (store, MRG_PIPELINE_META_LANG);

  if (project_lang != NULL && *project_lang != '\0')
    return g_steal_pointer (&project_lang);
  return g_strdup (MRG_OCR_DEFAULT_LANG);
}

static gboolean
learn_round (MrgJob        *job,
             MrgStore      *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  LearnJob *learn = data;
  const char *path = mrg_job_get_project_path (job);
  g_autofree char *lang = learn_lang (store);
  g_autofree char *base = mrg_models_get_base (lang);
  g_autofree char *start = mrg_ocr_find_traineddata (NULL, base);
  g_autofree char *output = mrg_models_get_learnt (path, lang);
  g_autofree char *dir = mrg_models_get_dir (path);
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(MrgLearnRound) round = NULL;

  learn->job = job;
  mrg_job_set_progress (job, -1, _("Teaching OCR"));
  if (start == NULL)
    {
      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_LANGUAGE,
                   _("OCR language “%s” is not installed (install tesseract-ocr-%s)"), base,
                   base);
      return FALSE;
    }
  samples = mrg_store_list_learn_samples (store, base, FALSE, error);
  if (samples == NULL)
    return FALSE;
  if (samples->len < MRG_PROJECT_LEARN_MIN_CELLS)
    {
      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED,
                   _("Teaching OCR needs at least %u verified cells that OCR read in %s; this "
                     "project has %u"), MRG_PROJECT_LEARN_MIN_CELLS, base, samples->len);
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("The folder %s for the project's OCR models could not be made: %s"), dir,
                   g_strerror (errno));
      return FALSE;
    }

  /* Every round starts again from the installed model on all verified cells: a model tuned
   * again and again on a few new cells each time forgets (issue 14: more than ~2 epochs
   * overfits). It is kept only if it reads better than the model in use, so that an unlucky
   * round never replaces a better model an earlier one learnt. */
  round = mrg_learn_round_new (start, output);
  if (learn->iterations > 0)
    mrg_learn_round_set_iterations (round, learn->iterations);
  mrg_learn_round_set_progress (round, learn_progress_cb, learn);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), samples->len);
  for (guint i = 0; i < samples->len; i++)
    {
      MrgStoreLearnSample *sample = &g_array_index (samples, MrgStoreLearnSample, i);
      gsize size;
      const l_uint8 *png = g_bytes_get_data (sample->png, &size);
      PIX *image = pixReadMemPng (png, size);

      g_array_append_val (ids, sample->cell_id);
      if (image == NULL)
        continue;
      mrg_learn_round_add_sample (round, image, sample->text);
      pixDestroy (&image);
    }
  if (!mrg_learn_round_run (round, cancellable, error))
    return FALSE;

  learn->result = (MrgLearnResult) {
    .n_cells = samples->len,
    .cer_before = mrg_learn_round_get_cer_before (round),
    .cer_after = mrg_learn_round_get_cer_after (round),
    .adopted = mrg_learn_round_get_adopted (round),
  };
  /* used, adopted or not: the next round starts by itself only after as many new ones again */
  if (!mrg_store_begin (store, error))
    return FALSE;
  if (!mrg_store_mark_learnt (store, (const gint64 *) ids->data, ids->len, error)
      || !mrg_store_commit (store, error))
    {
      mrg_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

static gboolean
learn_job_run (MrgJob        *job,
               MrgStore      *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  LearnJob *learn = data;
  GError *local_error = NULL;

  if (learn_round (job, store, data, cancellable, &local_error))
    return TRUE;
  learn->error = g_error_copy (local_error);
  g_propagate_error (error, local_error);
  return FALSE;
}

/* Every round ends here first: the project says how it went, then the caller is told. */
static void
learn_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  MrgProject *self = MRG_PROJECT (source);
  LearnJob *learn = mrg_job_get_data (g_task_get_task_data (G_TASK (result)));
  g_autoptr(GError) error = NULL;

  self->learning = FALSE;
  if (g_task_had_error (G_TASK (result)))
    {
      /* a round cancelled before it began left no error of its own */
      error = learn->error != NULL ? g_error_copy (learn->error)
                                   : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                          _("Teaching OCR was cancelled"));
      if (learn->callback == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        self->auto_learn_failed = TRUE;
    }
  g_signal_emit (self, signals[LEARN_FINISHED], 0, error == NULL ? &learn->result : NULL, error);
  if (learn->callback != NULL)
    learn->callback (source, result, learn->user_data);
}

void
mrg_project_learn_async (MrgProject          *self,
                         guint                iterations,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(MrgJob) job = NULL;
  LearnJob *learn;

  g_return_if_fail (MRG_IS_PROJECT (self));

  learn = g_new0 (LearnJob, 1);
  learn->iterations = iterations;
  learn->callback = callback;
  learn->user_data = user_data;
  job = mrg_job_new (mrg_project_get_path (self), MRG_STORE_OPEN_DEFAULT, learn_job_run, learn,
                     (GDestroyNotify) learn_job_free);
  self->learning = TRUE;
  queue_job (self, job, cancellable, mrg_project_learn_async, learn_done_cb, NULL);
}

gboolean
mrg_project_learn_finish (MrgProject      *self,
                          GAsyncResult    *result,
                          MrgLearnResult  *out_result,
                          GError         **error)
{
  MrgJob *job = task_job (self, result, mrg_project_learn_async);

  if (job == NULL || !g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (out_result != NULL)
    *out_result = ((LearnJob *) mrg_job_get_data (job))->result;
  return TRUE;
}

char *
mrg_learn_result_describe (const MrgLearnResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  if (result->adopted)
    return g_strdup_printf (_("OCR learnt from %u cells: error %.1f %% → %.1f %%"),
                            result->n_cells, result->cer_before, result->cer_after);
  return g_strdup_printf (_("Kept the old OCR model: what it learnt from %u cells read them with "
                            "error %.1f %%, not below %.1f %%"),
                          result->n_cells, result->cer_after, result->cer_before);
}

gboolean
mrg_project_get_auto_learn (MrgProject *self)
{
  g_return_val_if_fail (MRG_IS_PROJECT (self), FALSE);
  return self->auto_learn;
}

void
mrg_project_set_auto_learn (MrgProject *self,
                            gboolean    auto_learn)
{
  g_return_if_fail (MRG_IS_PROJECT (self));

  auto_learn = !!auto_learn;
  if (self->auto_learn == auto_learn)
    return;
  self->auto_learn = auto_learn;
  self->auto_learn_failed = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_LEARN]);
}

/* A round by itself once enough verified cells have not been learnt from. */
static void
maybe_learn (MrgProject           *self,
             const MrgStoreChange *change)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *base = NULL;
  gint64 n_new;

  if (!self->auto_learn || self->auto_learn_failed || self->learning
      || !(mrg_store_change_has (change, MRG_STORE_CHANGE_ROWS, 0)
           || mrg_store_change_has (change, MRG_STORE_CHANGE_CELLS, 0)))
    return;
  lang = learn_lang (self->store);
  base = mrg_models_get_base (lang);
  n_new = mrg_store_count_learn_samples (self->store, base, TRUE, &error);
  if (n_new < 0)
    g_debug ("%s", error->message);
  if (n_new < MRG_PROJECT_LEARN_EVERY)
    return;
  mrg_project_learn_async (self, 0, NULL, NULL, NULL);
}

/* ---- undo ---- */

gboolean
mrg_project_undo (MrgProject  *self,
                  gboolean    *out_done,
                  char       **out_table,
                  gint64      *out_target_id,
                  GError     **error)
{
  g_return_val_if_fail (MRG_IS_PROJECT (self), FALSE);
  return mrg_store_undo (self->store, out_done, out_table, out_target_id, error);
}

gboolean
mrg_project_redo (MrgProject  *self,
                  gboolean    *out_done,
                  char       **out_table,
                  gint64      *out_target_id,
                  GError     **error)
{
  g_return_val_if_fail (MRG_IS_PROJECT (self), FALSE);
  return mrg_store_redo (self->store, out_done, out_table, out_target_id, error);
}

/* mrg-job.h: the one way to run work off the main loop, and to fan it out over threads
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "mrg-store.h"

G_BEGIN_DECLS

#define MRG_TYPE_JOB (mrg_job_get_type ())
G_DECLARE_FINAL_TYPE (MrgJob, mrg_job, MRG, JOB, GObject)

/* The work of a job, run on a worker thread. `store` is the job's own connection to the project
 * (NULL when the job was made without a project path); it is opened and closed by the job.
 * Report progress with mrg_job_set_progress(); check `cancellable` often and fail with
 * G_IO_ERROR_CANCELLED when it is cancelled (any failure of a cancelled job is reported as
 * G_IO_ERROR_CANCELLED). */
typedef gboolean (*MrgJobFunc) (MrgJob        *job,
                                MrgStore      *store,
                                gpointer       data,
                                GCancellable  *cancellable,
                                GError       **error);

/* A job that runs `func` once. `project_path` may be NULL for work that needs no project. */
MrgJob       *mrg_job_new           (const char         *project_path,
                                     MrgStoreOpenFlags   flags,
                                     MrgJobFunc          func,
                                     gpointer            data,
                                     GDestroyNotify      data_free);
gpointer      mrg_job_get_data      (MrgJob             *self);
const char   *mrg_job_get_project_path (MrgJob          *self);

/* From any thread. `fraction` is 0…1 (negative: unknown, a pulse); `text` says what is being
 * done, for a person (NULL keeps the last). Delivered on the main context of the caller of
 * mrg_job_run_async() as the properties `fraction` and `text`, at most about 20 times a second:
 * calls in between are merged, the last one wins. */
void          mrg_job_set_progress  (MrgJob             *self,
                                     double              fraction,
                                     const char         *text);
/* On the caller's main context: the last progress delivered. */
double        mrg_job_get_fraction  (MrgJob             *self);
const char   *mrg_job_get_text      (MrgJob             *self);

/* Runs the job on a worker thread; `callback` runs on the thread-default main context of the
 * caller, after every progress and `changed` of the job has been delivered there. A job runs
 * once. The `changed` signal (MrgStoreChange) carries what the job's connection committed, on
 * the same main context. */
void          mrg_job_run_async     (MrgJob             *self,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean      mrg_job_run_finish    (MrgJob             *self,
                                     GAsyncResult       *result,
                                     GError            **error);
/* The same, blocking: iterates a main context of its own (pushed as thread-default) until the
 * job is done, so progress and `changed` are still emitted, on this thread. */
gboolean      mrg_job_run           (MrgJob             *self,
                                     GCancellable       *cancellable,
                                     GError            **error);

/* ---- fan-out ---- */

/* Made once per worker thread before its first item (e.g. a tesseract engine); an error stops
 * the run. */
typedef gpointer (*MrgParallelInitFunc)    (guint          worker,
                                            gpointer       data,
                                            GError       **error);
/* One item. FALSE stops the run (with `error` set, or without when it gave up because the run
 * was cancelled). */
typedef gboolean (*MrgParallelFunc)        (gpointer       worker_data,
                                            guint          item,
                                            gpointer       data,
                                            GError       **error);
typedef void     (*MrgParallelCleanupFunc) (gpointer       worker_data,
                                            gpointer       data);

/* What a fan-out calls, each with the run's `data`: `func` for one item; `init` and `cleanup`
 * (may be NULL) around each worker's items; `progress` (may be NULL) on the caller's thread as
 * items finish. */
typedef struct
{
  MrgParallelInitFunc     init;
  MrgParallelFunc         func;
  MrgParallelCleanupFunc  cleanup;
  MrgProgressFunc         progress;
} MrgParallelFuncs;

/* Calls `funcs->func` for items 0 … n_items - 1 on up to `n_threads` threads (0: one per core),
 * each thread taking the next item not yet taken; with one thread everything runs on the
 * caller's. Returns when every thread has stopped: FALSE with the first error, or
 * G_IO_ERROR_CANCELLED when `cancellable` was cancelled (items then stay undone). */
gboolean      mrg_parallel_for      (guint                    n_items,
                                     guint                    n_threads,
                                     const MrgParallelFuncs  *funcs,
                                     gpointer                 data,
                                     GCancellable            *cancellable,
                                     GError                 **error);

/* One call of `func (data)` on a thread of its own while the caller goes on with other work of
 * the same job (the next page decoded while this one is read); mrg_parallel_join() waits for it
 * to return, frees `call` and gives what `func` returned. */
typedef struct _MrgParallelCall MrgParallelCall;

MrgParallelCall *mrg_parallel_start (const char          *name,
                                     GThreadFunc          func,
                                     gpointer             data);
gpointer         mrg_parallel_join  (MrgParallelCall     *call);

G_END_DECLS

/* mrg-project.h: an open project: its store, its background work, what changed in it
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "mrg-export.h"
#include "mrg-import.h"
#include "mrg-job.h"
#include "mrg-pipeline.h"
#include "mrg-store.h"

G_BEGIN_DECLS

#define MRG_TYPE_PROJECT (mrg_project_get_type ())
G_DECLARE_FINAL_TYPE (MrgProject, mrg_project, MRG, PROJECT, GObject)

/* How often the project looks for commits made by another program (muragat-cli, a second
 * window), in seconds. */
#define MRG_PROJECT_POLL_SECONDS 2

/* Opens (or with MRG_STORE_OPEN_CREATE creates) the project at `path`. Everything the project
 * emits — `changed`, property notifications, the results of its jobs — arrives on the
 * thread-default main context of this call. */
MrgProject *mrg_project_open            (const char          *path,
                                         MrgStoreOpenFlags    flags,
                                         GError             **error);
/* The main thread's connection; never use it on another thread (a job gets its own). */
MrgStore   *mrg_project_get_store       (MrgProject          *self);
const char *mrg_project_get_path        (MrgProject          *self);

/* Whether a job is running or queued. */
gboolean    mrg_project_get_busy        (MrgProject          *self);
/* The running job's progress, 0…1 (negative: unknown), and what it is doing, for a person. */
double      mrg_project_get_progress    (MrgProject          *self);
const char *mrg_project_get_status_text (MrgProject          *self);

/* Jobs run one after another in the order asked for. mrg_project_cancel() cancels the running
 * one and every queued one; each then fails with G_IO_ERROR_CANCELLED. */
void        mrg_project_cancel          (MrgProject          *self);

/* Any job made with mrg_job_new() on this project's path, queued with the others. */
void        mrg_project_run_async       (MrgProject          *self,
                                         MrgJob              *job,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    mrg_project_run_finish      (MrgProject          *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* mrg_import_files() as a job; `out_result` may be NULL. */
void        mrg_project_import_async    (MrgProject          *self,
                                         const char * const  *paths,
                                         double               pdf_dpi,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    mrg_project_import_finish   (MrgProject          *self,
                                         GAsyncResult        *result,
                                         MrgImportResult     *out_result,
                                         GError             **error);

/* mrg_import_relink() as a job: the scans whose file is missing, looked for in `paths` by their
 * content; `out_relinked` (may be NULL) is how many were found. */
void        mrg_project_relink_async    (MrgProject          *self,
                                         const char * const  *paths,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    mrg_project_relink_finish   (MrgProject          *self,
                                         GAsyncResult        *result,
                                         int                 *out_relinked,
                                         GError             **error);

/* mrg_pipeline_run() over these pages as a job. */
void        mrg_project_ocr_async       (MrgProject               *self,
                                         const gint64             *page_ids,
                                         guint                     n_pages,
                                         const MrgPipelineOptions *options,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data);
gboolean    mrg_project_ocr_finish      (MrgProject          *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* mrg_export_to_file() as a job, on a read-only connection. */
void        mrg_project_export_async    (MrgProject             *self,
                                         const MrgExportOptions *options,
                                         const char             *out_path,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data);
gboolean    mrg_project_export_finish   (MrgProject          *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* Teaching the OCR model the project's verified cells. A round starts by itself once this many
 * verified cells have not been learnt from (unless auto-learn is off). */
#define MRG_PROJECT_LEARN_EVERY 50
/* Fewer verified cells than this teach nothing worth a round. */
#define MRG_PROJECT_LEARN_MIN_CELLS 12

typedef struct
{
  guint n_cells;        /* verified cells the round had, a few of them held back to judge it */
  double cer_before;    /* character error rate (percent) on the held-back cells: the model in
                         * use (the one learnt before, else the installed one) */
  double cer_after;     /* … and the model learnt */
  gboolean adopted;     /* the learnt model reads the project's cells from now on */
} MrgLearnResult;

/* One round (mrg-learn.h) as a job, on every verified cell OCR read: it fine-tunes the model of
 * the project's first OCR language and keeps it in the project's models folder (mrg-models.h)
 * when it reads the held-back cells better, so that later OCR of unverified cells uses it.
 * `iterations` 0: MRG_LEARN_DEFAULT_ITERATIONS. Every round, started here or by itself, also
 * ends with `learn-finished`. */
void        mrg_project_learn_async     (MrgProject          *self,
                                         guint                iterations,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean    mrg_project_learn_finish    (MrgProject          *self,
                                         GAsyncResult        *result,
                                         MrgLearnResult      *out_result,
                                         GError             **error);
/* What a round did, for a person: "OCR learnt from 120 cells: error 7.9 % → 5.2 %". */
char       *mrg_learn_result_describe   (const MrgLearnResult *result);

/* Whether a round starts by itself after MRG_PROJECT_LEARN_EVERY newly verified cells
 * (property `auto-learn`). Off by default: the window turns it on; a CLI command that ends
 * with its own job must not leave a round running. */
gboolean    mrg_project_get_auto_learn  (MrgProject          *self);
void        mrg_project_set_auto_learn  (MrgProject          *self,
                                         gboolean             auto_learn);

/* mrg_store_undo() / mrg_store_redo() on the main connection. */
gboolean    mrg_project_undo            (MrgProject          *self,
                                         gboolean            *out_done,
                                         char               **out_table,
                                         gint64              *out_target_id,
                                         GError             **error);
gboolean    mrg_project_redo            (MrgProject          *self,
                                         gboolean            *out_done,
                                         char               **out_table,
                                         gint64              *out_target_id,
                                         GError             **error);

/* Looks at once for a commit by another program (as the poll does every
 * MRG_PROJECT_POLL_SECONDS); emits `changed` with every kind and returns TRUE when there was
 * one. */
gboolean    mrg_project_check_for_changes (MrgProject        *self);

G_END_DECLS

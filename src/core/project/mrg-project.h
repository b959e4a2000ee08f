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
                                         MrgExportFormat         format,
                                         const MrgExportOptions *options,
                                         const char             *out_path,
                                         GCancellable           *cancellable,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data);
gboolean    mrg_project_export_finish   (MrgProject          *self,
                                         GAsyncResult        *result,
                                         GError             **error);

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

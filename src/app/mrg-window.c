/* mrg-window.c: the main window: construction, start page, opening and closing a project,
 * turning pages, and the import and OCR jobs. Actions: mrg-window-actions.c; the page list,
 * scan, grid and loupe: mrg-window-panes.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-grid-edit.h"
#include "mrg-import.h"
#include "mrg-pipeline.h"
#include "mrg-shortcut-keys.h"
#include "mrg-window-private.h"

G_DEFINE_FINAL_TYPE (MrgWindow, mrg_window, ADW_TYPE_APPLICATION_WINDOW)

void
mrg_window_show_message (MrgWindow  *self,
                         const char *message)
{
  AdwToast *toast;
  GtkWidget *label;

  g_return_if_fail (MRG_IS_WINDOW (self));

  /* A plain label, not the toast's own title: that one is Pango markup in libadwaita 1.2,
   * where a file named "R&D.pdf" in an error left the toast empty, and it keeps to one line,
   * where a long folder's path left no room for what went wrong. */
  label = gtk_label_new (message);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 90);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");   /* as the toast's own title */
  toast = g_object_new (ADW_TYPE_TOAST, "custom-title", label, NULL);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

AdwMessageDialog *
_mrg_window_ask (MrgWindow              *self,
                 const char             *heading,
                 const char             *body,
                 const MrgWindowAnswers *answers,
                 GCallback               response_cb)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    answers->safe_id, _(answers->safe_label),
                                    answers->destructive_id, _(answers->destructive_label),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, answers->destructive_id,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, answers->safe_id);
  adw_message_dialog_set_close_response (dialog, answers->safe_id);
  g_signal_connect_object (dialog, "response", response_cb, self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
rebuild_recent_list (MrgWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-projects");
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autofree char *dir = g_path_get_dirname (recent[i]);
      GtkWidget *row;

      if (!g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
        continue;
      if (g_str_has_suffix (name, ".muragat"))
        name[strlen (name) - strlen (".muragat")] = '\0';
      row = adw_action_row_new ();
      /* plain text: a folder named "Lister & navn" is no markup */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), dir);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "app.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", recent[i]);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }

  gtk_widget_set_visible (self->recent_label, shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), shown > 0);
}

static void
recent_changed_cb (GSettings  *settings,
                   const char *key,
                   MrgWindow  *self)
{
  rebuild_recent_list (self);
}

static MrgApplication *
get_app (MrgWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return MRG_IS_APPLICATION (app) ? MRG_APPLICATION (app) : NULL;
}

const char *
mrg_window_get_project_path (MrgWindow *self)
{
  g_return_val_if_fail (MRG_IS_WINDOW (self), NULL);
  return self->project != NULL ? mrg_project_get_path (self->project) : NULL;
}

MrgProject *
_mrg_window_get_project (MrgWindow *self)
{
  return self->project;
}

MrgStore *
_mrg_window_get_store (MrgWindow *self)
{
  return self->store;
}

MrgPageModel *
_mrg_window_get_model (MrgWindow *self)
{
  return self->model;
}

MrgGridEditor *
_mrg_window_get_grid_editor (MrgWindow *self)
{
  return self->grid_editor;
}

MrgPageView *
_mrg_window_get_page_view (MrgWindow *self)
{
  return self->page_view;
}

MrgPageList *
_mrg_window_get_page_list (MrgWindow *self)
{
  return self->page_list;
}

gboolean
_mrg_window_is_busy (MrgWindow *self)
{
  return self->import_cancellable != NULL || self->ocr_cancellable != NULL;
}

/* ---- where the person is ---- */

#define META_PAGE "window.page"
#define META_CELL "window.cell"
#define META_TABLE "window.table"

void
_mrg_window_save_position (MrgWindow *self)
{
  char page[32], cell[32], table_id[32];
  MrgTable *table;
  int row, col;

  g_clear_handle_id (&self->save_position_id, g_source_remove);
  if (self->store == NULL || mrg_page_model_get_page_id (self->model) == 0 ||
      mrg_store_is_read_only (self->store) || mrg_store_in_transaction (self->store))
    return;
  mrg_page_model_get_cursor (self->model, &row, &col);
  g_snprintf (page, sizeof page, "%" G_GINT64_FORMAT, mrg_page_model_get_page_id (self->model));
  g_snprintf (cell, sizeof cell, "%d,%d", row, col);
  table = mrg_page_model_get_table (self->model);
  g_snprintf (table_id, sizeof table_id, "%" G_GINT64_FORMAT,
              table != NULL ? table->table_id : (gint64) 0);
  /* Losing the position is harmless; the edits themselves are already committed. */
  mrg_store_set_meta (self->store, META_PAGE, page, NULL);
  mrg_store_set_meta (self->store, META_TABLE, table_id, NULL);
  mrg_store_set_meta (self->store, META_CELL, cell, NULL);
}

static gboolean
save_position_timeout_cb (gpointer user_data)
{
  MrgWindow *self = user_data;

  self->save_position_id = 0;
  _mrg_window_save_position (self);
  return G_SOURCE_REMOVE;
}

void
_mrg_window_queue_save_position (MrgWindow *self)
{
  if (self->restoring || self->store == NULL)
    return;
  /* Written a moment later, so that a run of Tabs is one write, not one fsync per key. */
  g_clear_handle_id (&self->save_position_id, g_source_remove);
  self->save_position_id = g_timeout_add (400, save_position_timeout_cb, self);
}

gboolean
_mrg_window_go_to (MrgWindow *self,
                   gint64     page_id,
                   int        row,
                   int        col)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return FALSE;
  mrg_grid_editor_commit (self->grid_editor);
  if (page_id != mrg_page_model_get_page_id (self->model))
    {
      if (!mrg_page_model_set_page (self->model, page_id, &error))
        {
          mrg_window_show_message (self, error->message);
          return FALSE;
        }
      mrg_page_list_select_page (self->page_list, page_id);
    }
  if (row >= 0 && col >= 0)
    mrg_page_model_set_cursor (self->model, row, col);
  _mrg_window_update_actions (self);
  _mrg_window_update_progress (self);
  return TRUE;
}

/* Opens where the person left off, or at the first body cell of the first page. */
static void
restore_position (MrgWindow *self)
{
  g_autofree char *page = mrg_store_get_meta (self->store, META_PAGE);
  g_autofree char *cell = mrg_store_get_meta (self->store, META_CELL);
  g_autofree char *table_id = mrg_store_get_meta (self->store, META_TABLE);
  gint64 page_id = page != NULL ? g_ascii_strtoll (page, NULL, 10) : 0;
  int row = -1, col = -1;

  if (cell != NULL && sscanf (cell, "%d,%d", &row, &col) != 2)
    row = col = -1;
  self->restoring = TRUE;
  if (page_id == 0 || !mrg_page_list_select_page (self->page_list, page_id))
    {
      page_id = mrg_page_list_get_page_at (self->page_list, 0);
      row = col = -1;
    }
  if (page_id != 0)
    {
      _mrg_window_go_to (self, page_id, -1, -1);
      /* The table left; a project saved before pages had several tables has none. */
      if (row >= 0 && table_id != NULL &&
          !mrg_page_model_set_table_id (self->model, g_ascii_strtoll (table_id, NULL, 10)))
        row = col = -1;
      if (row >= 0)
        {
          MrgTable *table = mrg_page_model_get_table (self->model);

          if (table != NULL && row < (int) table->rows->len && col < (int) table->n_cols)
            mrg_page_model_set_cursor (self->model, row, col);
        }
    }
  self->restoring = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->grid_editor));
}

static gint64 page_of (MrgStore   *store,
                       const char *table,
                       gint64      id);

/* A cell that was being typed when the program stopped is committed now, and shown. */
static gboolean
restore_draft (MrgWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 cell_id = 0;
  gint64 page_id;

  if (!mrg_grid_edit_restore_draft (self->store, &cell_id, &error))
    {
      mrg_window_show_message (self, error->message);
      return FALSE;
    }
  if (cell_id == 0)
    return FALSE;
  page_id = page_of (self->store, "cells", cell_id);
  if (page_id == 0 || !_mrg_window_go_to (self, page_id, -1, -1))
    return FALSE;
  mrg_page_list_select_page (self->page_list, page_id);
  mrg_page_model_show_cell (self->model, cell_id);
  mrg_window_show_message (self, _("What was being typed when Muragat stopped has been kept"));
  return TRUE;
}

/* The progress of the job the window started (an export shows its own). */
static void
job_progress_cb (MrgProject *project,
                 GParamSpec *pspec,
                 MrgWindow  *self)
{
  const char *text = mrg_project_get_status_text (project);
  double fraction = mrg_project_get_progress (project);

  if (project != self->project || !_mrg_window_is_busy (self))
    return;
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->ocr_progress, fraction);
  else
    gtk_progress_bar_pulse (self->ocr_progress);
  if (text != NULL)
    gtk_progress_bar_set_text (self->ocr_progress, text);
}

/* Every round, asked for here or started by itself, ends with a toast. */
static void
learn_finished_cb (MrgProject           *project,
                   const MrgLearnResult *result,
                   const GError         *error,
                   MrgWindow            *self)
{
  g_autofree char *message = NULL;

  if (project != self->project)
    return;
  if (result != NULL)
    message = mrg_learn_result_describe (result);
  mrg_window_show_message (self, message != NULL ? message
                                 : g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                                   ? _("Teaching OCR cancelled; the model in use is kept")
                                   : error->message);
}

static void
set_project (MrgWindow  *self,
             MrgProject *project)
{
  MrgStore *store = project != NULL ? mrg_project_get_store (project) : NULL;
  g_autofree char *title = NULL;

  if (self->store != NULL)
    {
      mrg_grid_editor_commit (self->grid_editor);
      _mrg_window_save_position (self);
    }
  g_cancellable_cancel (self->import_cancellable);
  if (self->project != NULL)
    g_settings_unbind (self->project, "auto-learn");
  g_set_object (&self->project, project);
  g_set_object (&self->store, store);
  _mrg_window_panes_set_project (self, project);
  if (project != NULL)
    {
      g_signal_connect_object (project, "notify::progress", G_CALLBACK (job_progress_cb), self, 0);
      g_signal_connect_object (project, "notify::status-text", G_CALLBACK (job_progress_cb), self,
                               0);
      g_signal_connect_object (project, "learn-finished", G_CALLBACK (learn_finished_cb), self, 0);
      /* verified cells teach OCR as the person works, unless Preferences say not to */
      g_settings_bind (self->settings, "auto-learn", project, "auto-learn", G_SETTINGS_BIND_GET);
    }
  if (store == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Muragat"));
      gtk_stack_set_visible_child_name (self->stack, "start");
      _mrg_window_update_actions (self);
      return;
    }

  /* Translators: the window title, NAME — Muragat */
  title = g_strdup_printf (_("%s — Muragat"), mrg_store_get_display_name (store));
  gtk_window_set_title (GTK_WINDOW (self), title);
  _mrg_window_update_empty (self);
  restore_position (self);
  restore_draft (self);
  _mrg_window_update_actions (self);
  _mrg_window_update_progress (self);
  if (get_app (self) != NULL)
    mrg_application_add_recent (get_app (self), mrg_store_get_path (store));
}

static gboolean
open_store (MrgWindow         *self,
            const char        *path,
            MrgStoreOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgProject) project = NULL;
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (MRG_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  project = mrg_project_open (absolute, flags, &error);
  if (project == NULL)
    {
      mrg_window_show_message (self, error->message);
      if (error->code == MRG_STORE_ERROR_NOT_FOUND && get_app (self) != NULL)
        mrg_application_remove_recent (get_app (self), absolute);
      return FALSE;
    }
  set_project (self, project);
  return TRUE;
}

gboolean
mrg_window_open_project (MrgWindow  *self,
                         const char *path)
{
  return open_store (self, path, MRG_STORE_OPEN_DEFAULT);
}

/* ---- import and OCR, run as the project's jobs ---- */

/* Import and Find Moved Scans run as the one job on the project's scans, with the OCR's progress
 * bar and Cancel. */
static void
start_scans_job (MrgWindow  *self,
                 const char *what)
{
  self->import_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->ocr_progress, 0);
  gtk_progress_bar_set_text (self->ocr_progress, what);
  gtk_widget_set_visible (self->ocr_progress_box, TRUE);
  _mrg_window_update_actions (self);
}

/* Whether the window has more to say of a job that ended: FALSE when it has closed meanwhile,
 * or the job failed (its error shown, unless it was cancelled). */
static gboolean
end_scans_job (MrgWindow    *self,
               gboolean      ok,
               const GError *error)
{
  g_clear_object (&self->import_cancellable);
  if (self->model == NULL)
    return FALSE;
  gtk_widget_set_visible (self->ocr_progress_box, FALSE);
  _mrg_window_update_actions (self);
  if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    mrg_window_show_message (self, error->message);
  return ok;
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MrgWindow) self = user_data;
  MrgImportResult done = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok = mrg_project_import_finish (MRG_PROJECT (source), result, &done, &error);
  gboolean first;

  if (!end_scans_job (self, ok, error))
    return;
  if ((gpointer) self->project != (gpointer) source)
    return;

  /* The page list has the new pages already: the project's `changed` came before the result. */
  first = mrg_page_model_get_page_id (self->model) == 0;
  if (first && mrg_page_list_get_n_pages (self->page_list) > 0)
    restore_position (self);
  _mrg_window_update_actions (self);
  _mrg_window_update_progress (self);
  if (done.pages_added > 0)
    message = g_strdup_printf (ngettext ("%d page added", "%d pages added",
                                         done.pages_added),
                               done.pages_added);
  else if (done.already_present > 0)
    message = g_strdup (_("These scans are already in the project"));
  if (message != NULL)
    mrg_window_show_message (self, message);
}

void
_mrg_window_import (MrgWindow          *self,
                    const char * const *paths)
{
  g_return_if_fail (MRG_IS_WINDOW (self));

  if (self->project == NULL || paths == NULL || paths[0] == NULL)
    return;
  if (self->import_cancellable != NULL)
    {
      mrg_window_show_message (self, _("Scans are being added already; try again when done"));
      return;
    }
  mrg_grid_editor_commit (self->grid_editor);
  start_scans_job (self, _("Adding scans"));

  mrg_project_import_async (self->project, paths, 300.0, self->import_cancellable,
                            import_done_cb, g_object_ref (self));
}

/* ---- scans found at a new place ---- */

static void
relink_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MrgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int relinked = 0;
  gboolean ok = mrg_project_relink_finish (MRG_PROJECT (source), result, &relinked, &error);

  if (!end_scans_job (self, ok, error))
    return;
  if (relinked > 0)
    message = g_strdup_printf (ngettext ("Found %d scan at its new place",
                                         "Found %d scans at their new place", relinked),
                               relinked);
  else
    message = g_strdup (_("None of the missing scans is in that folder"));
  mrg_window_show_message (self, message);
}

guint
_mrg_window_count_missing_scans (MrgWindow *self)
{
  g_autoptr(GArray) missing = NULL;

  if (self->store != NULL)
    missing = mrg_import_list_missing (self->store, NULL);
  return missing != NULL ? missing->len : 0;
}

void
_mrg_window_relink (MrgWindow  *self,
                    const char *folder)
{
  const char *paths[] = { folder, NULL };

  if (self->project == NULL || _mrg_window_is_busy (self))
    return;
  start_scans_job (self, _("Looking for moved scans"));
  mrg_project_relink_async (self->project, paths, self->import_cancellable, relink_done_cb,
                            g_object_ref (self));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         MrgWindow     *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autoptr(GStrvBuilder) scans = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;
  g_autofree char *project = NULL;

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path == NULL)
        continue;
      if (g_str_has_suffix (path, ".muragat"))
        {
          g_free (project);
          project = g_strdup (path);
        }
      else
        g_strv_builder_add (scans, path);
    }
  paths = g_strv_builder_end (scans);
  if (project != NULL)
    return mrg_window_open_project (self, project);
  if (self->store == NULL)
    {
      mrg_window_show_message (self, _("Open or create a project before adding scans"));
      return FALSE;
    }
  _mrg_window_import (self, (const char * const *) paths);
  return TRUE;
}

/* ---- OCR ---- */

/* The OCR button hides while OCR runs and takes the keyboard focus with it: the focus goes
 * back to the grid, to read what OCR found; a person typing in a cell keeps typing. */
static void
return_focus_to_grid (MrgWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *grid = GTK_WIDGET (self->grid_editor);

  if (focus == grid || (focus != NULL && gtk_widget_is_ancestor (focus, grid)))
    return;
  if (gtk_widget_get_mapped (grid))
    gtk_widget_grab_focus (grid);
}

/* An OCR job's pages and languages (Preferences' when it began), kept to say how they were
 * read. */
typedef struct
{
  MrgWindow *self;
  GArray *pages;
  char *lang;
} OcrJob;

static void
ocr_job_free (OcrJob *job)
{
  g_object_unref (job->self);
  g_array_unref (job->pages);
  g_free (job->lang);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcrJob, ocr_job_free)

/* "OCR finished, read in eng (chosen by script)": which languages read the pages, so that a
 * person sees a wrong choice and can make another in Table ▸ OCR Languages. */
static char *
describe_read (MrgWindow    *self,
               const OcrJob *job)
{
  const GArray *pages = job->pages;
  gboolean by_script = FALSE;
  g_autofree char *list = NULL;

  if (self->ocr_grid_only)
    return g_strdup (_("Grid found: type the text into its cells"));
  list = mrg_pipeline_describe_read (self->store, job->lang, (const gint64 *) pages->data,
                                     pages->len, &by_script);
  if (list == NULL)
    return g_strdup (_("OCR finished"));
  if (by_script)
    /* Translators: %s is the OCR languages, as "eng" or "rus+kaz (3 pages), eng (2 pages)";
     * no language was set, so the letters of the page chose them */
    return g_strdup_printf (_("OCR finished, read in %s (chosen by script)"), list);
  /* Translators: %s is the OCR languages, as "eng" or "rus+kaz (3 pages), eng (2 pages)" */
  return g_strdup_printf (_("OCR finished, read in %s"), list);
}

/* What the run did, and where it found no table: a page left as it was would pass for one OCR
 * has not reached. */
static char *
describe_ocr_done (MrgWindow    *self,
                   const OcrJob *job)
{
  const GArray *pages = job->pages;
  guint n = 0;
  g_autofree char *tableless = mrg_pipeline_describe_tableless (self->store,
                                                                (const gint64 *) pages->data,
                                                                pages->len, &n);
  g_autofree char *read = NULL;

  if (tableless != NULL && n == pages->len)
    return g_strdup_printf (ngettext ("No table was found on %u page: draw one with Draw Table",
                                      "No table was found on %u pages: draw them with Draw Table",
                                      n), n);
  read = describe_read (self, job);
  if (tableless == NULL)
    return g_steal_pointer (&read);
  /* Translators: the first %s is what OCR did ("OCR finished, read in rus+kaz"), the second
   * the pages without a table ("prose.png, list.pdf p. 3") */
  return g_strdup_printf (ngettext ("%s; no table was found on %u page (%s)",
                                    "%s; no table was found on %u pages (%s)", n),
                          read, n, tableless);
}

static void
ocr_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OcrJob) job = user_data;
  MrgWindow *self = job->self;
  g_autoptr(GError) error = NULL;
  gboolean ok = mrg_project_ocr_finish (MRG_PROJECT (source), result, &error);

  g_clear_object (&self->ocr_cancellable);
  if (self->model == NULL)   /* the window has closed */
    return;
  gtk_widget_set_visible (self->ocr_progress_box, FALSE);
  gtk_widget_set_visible (self->ocr_button, self->store != NULL);
  if ((gpointer) self->project != (gpointer) source)
    return;
  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mrg_window_show_message (self, _("OCR cancelled; the pages read so far are kept"));
      else
        mrg_window_show_message (self, error->message);
    }
  else
    {
      g_autofree char *message = describe_ocr_done (self, job);

      mrg_window_show_message (self, message);
    }
  /* The tables the worker wrote are shown already: the project's `changed` came first. */
  _mrg_window_update_actions (self);
  _mrg_window_update_progress (self);
  return_focus_to_grid (self);
}

void
_mrg_window_run_ocr (MrgWindow *self,
                     gboolean   whole_document)
{
  _mrg_window_run_pipeline (self, whole_document, FALSE);
}

void
_mrg_window_run_pipeline (MrgWindow *self,
                          gboolean   whole_document,
                          gboolean   grid_only)
{
  g_autoptr(GArray) pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  const MrgPageRecord *page = mrg_page_model_get_page (self->model);

  if (self->store == NULL || page == NULL || _mrg_window_is_busy (self))
    return;

  if (whole_document)
    {
      g_autoptr(GArray) ids = mrg_store_list_document_pages (self->store, page->document_id,
                                                             NULL);

      if (ids == NULL)
        return;
      g_array_append_vals (pages, ids->data, ids->len);
    }
  else
    g_array_append_val (pages, page->id);
  _mrg_window_run_ocr_pages (self, pages, grid_only);
}

void
_mrg_window_run_ocr_pages (MrgWindow    *self,
                           const GArray *pages,
                           gboolean      grid_only)
{
  g_autofree char *lang = NULL;
  MrgPipelineOptions options = { 0 };
  OcrJob *job;

  if (self->store == NULL || pages->len == 0 || _mrg_window_is_busy (self))
    return;
  mrg_grid_editor_commit (self->grid_editor);

  lang = g_settings_get_string (self->settings, "ocr-languages");
  options.lang = lang;
  options.jobs = g_settings_get_int (self->settings, "ocr-jobs");
  options.grid_only = grid_only;

  self->ocr_grid_only = grid_only;
  self->ocr_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->ocr_progress, 0);
  gtk_progress_bar_set_text (self->ocr_progress, _("Reading"));
  gtk_widget_set_visible (self->ocr_progress_box, TRUE);
  gtk_widget_set_visible (self->ocr_button, FALSE);
  _mrg_window_update_actions (self);

  job = g_new0 (OcrJob, 1);
  job->self = g_object_ref (self);
  job->pages = g_array_copy ((GArray *) pages);
  job->lang = g_strdup (lang);
  mrg_project_ocr_async (self->project, (const gint64 *) pages->data, pages->len, &options,
                         self->ocr_cancellable, ocr_done_cb, job);
}

/* ---- learning ---- */

static void
learn_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MrgWindow) self = user_data;

  /* learn_finished_cb has said how it went */
  mrg_project_learn_finish (MRG_PROJECT (source), result, NULL, NULL);
  g_clear_object (&self->ocr_cancellable);
  if (self->model == NULL)   /* the window has closed */
    return;
  gtk_widget_set_visible (self->ocr_progress_box, FALSE);
  gtk_widget_set_visible (self->ocr_button, self->store != NULL);
  _mrg_window_update_actions (self);
}

void
_mrg_window_learn (MrgWindow *self)
{
  if (self->project == NULL || _mrg_window_is_busy (self))
    return;
  mrg_grid_editor_commit (self->grid_editor);
  /* shown as OCR is, and cancelled by the same button */
  self->ocr_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->ocr_progress, 0);
  gtk_progress_bar_set_text (self->ocr_progress, _("Teaching OCR"));
  gtk_widget_set_visible (self->ocr_progress_box, TRUE);
  gtk_widget_set_visible (self->ocr_button, FALSE);
  _mrg_window_update_actions (self);
  mrg_project_learn_async (self->project, 0, self->ocr_cancellable, learn_done_cb,
                           g_object_ref (self));
}

/* ---- undo ---- */

static gint64
page_of (MrgStore   *store,
         const char *table,
         gint64      id)
{
  return mrg_store_find_page_of (store, table, id);
}

void
_mrg_window_show_edit (MrgWindow  *self,
                       const char *table,
                       gint64      target)
{
  gint64 page_id;

  /* The model has read the tables again from the store's `changed`. */
  page_id = page_of (self->store, table, target);
  if (page_id != 0 && page_id != mrg_page_model_get_page_id (self->model))
    _mrg_window_go_to (self, page_id, -1, -1);
  if (g_strcmp0 (table, "cells") == 0)
    mrg_page_model_show_cell (self->model, target);
  else if (g_strcmp0 (table, "rows") == 0)
    mrg_page_model_show_row (self->model, target, -1);
  else if (g_strcmp0 (table, "tables") == 0)
    mrg_page_model_set_table_id (self->model, target);
}

static GtkFileFilter *
project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Muragat Projects"));
  gtk_file_filter_add_pattern (filter, "*.muragat");
  gtk_file_filter_add_mime_type (filter, "application/x-muragat");
  return filter;
}

static void
open_chosen (gpointer            data,
             const char * const *paths)
{
  if (paths[0] != NULL)
    mrg_window_open_project (data, paths[0]);
}

void
mrg_window_choose_project (MrgWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = project_filter ();

  g_return_if_fail (MRG_IS_WINDOW (self));

  chooser = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  mrg_chooser_show (&self->chooser, chooser, open_chosen, self);
}

static void
new_chosen (gpointer            data,
            const char * const *paths)
{
  g_autofree char *path = NULL;

  if (paths[0] == NULL)
    return;
  if (g_str_has_suffix (paths[0], ".muragat"))
    path = g_strdup (paths[0]);
  else
    path = g_strconcat (paths[0], ".muragat", NULL);
  /* An existing project is opened, never emptied: a person's work must not be lost because the
   * file chooser asked "Replace?". */
  open_store (data, path, MRG_STORE_OPEN_CREATE);
}

void
mrg_window_choose_new_project (MrgWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = project_filter ();

  g_return_if_fail (MRG_IS_WINDOW (self));

  chooser = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("C_reate"),
                                         _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* Translators: the file name suggested for a new project */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("Untitled.muragat"));
  mrg_chooser_show (&self->chooser, chooser, new_chosen, self);
}

static void
unsaved_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     MrgWindow        *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->discard_unsaved = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* Typed text the project refused (a full disk) is never thrown away without the person's word. */
static gboolean
ask_before_losing_unsaved (MrgWindow *self)
{
  static const MrgWindowAnswers answers = {
    "keep", N_("_Keep Window Open"), "discard", N_("_Close and Lose It")
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  guint n;

  if (self->discard_unsaved || mrg_grid_editor_save_unsaved (self->grid_editor, &error))
    return FALSE;
  n = mrg_grid_editor_get_n_unsaved (self->grid_editor);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The text typed into %u cell could not be saved (%s). If "
                                       "you close the window now, it is lost.",
                                       "The text typed into %u cells could not be saved (%s). If "
                                       "you close the window now, it is lost.", n),
                          n, error != NULL ? error->message : "");
  _mrg_window_ask (self, _("Typed Text Is Not Saved"), body, &answers,
                   G_CALLBACK (unsaved_response_cb));
  return TRUE;
}

static gboolean
mrg_window_close_request (GtkWindow *window)
{
  MrgWindow *self = MRG_WINDOW (window);
  int width, height;

  mrg_grid_editor_commit (self->grid_editor);
  if (ask_before_losing_unsaved (self))
    return TRUE;
  _mrg_window_save_position (self);
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (mrg_window_parent_class)->close_request (window);
}

static void
mrg_window_dispose (GObject *object)
{
  MrgWindow *self = MRG_WINDOW (object);

  g_clear_handle_id (&self->save_position_id, g_source_remove);
  g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->import_cancellable);
  g_cancellable_cancel (self->ocr_cancellable);
  g_clear_object (&self->ocr_cancellable);
  mrg_chooser_clear (&self->chooser);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MRG_TYPE_WINDOW);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_object (&self->project);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mrg_window_parent_class)->dispose (object);
}

static void
mrg_window_class_init (MrgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mrg_window_dispose;
  window_class->close_request = mrg_window_close_request;

  g_type_ensure (MRG_TYPE_PAGE_LIST);
  g_type_ensure (MRG_TYPE_PAGE_VIEW);
  g_type_ensure (MRG_TYPE_LOUPE);
  g_type_ensure (MRG_TYPE_GRID_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/muragat/Muragat/ui/mrg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, page_problem);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, page_problem_label);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, add_scans_button);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, ocr_button);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, ocr_progress_box);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, ocr_progress);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, recent_label);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, workbench);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, page_spinner);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, page_list);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, document_progress);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, page_view);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, loupe);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, grid_editor);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, table_bar);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, table_label);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, table_menu_button);
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, layout_section);

  _mrg_window_class_actions_init (klass);
}

static void
mrg_window_init (MrgWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.muragat.Muragat");
  g_signal_connect_object (self->settings, "changed::recent-projects",
                           G_CALLBACK (recent_changed_cb), self, 0);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  _mrg_window_panes_init (self);
  mrg_shortcut_keys_attach (GTK_WIDGET (self));

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->stack), GTK_EVENT_CONTROLLER (drop));

  adw_status_page_set_icon_name (self->start_page, APP_ID);
  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  rebuild_recent_list (self);
  _mrg_window_update_actions (self);
}

MrgWindow *
mrg_window_new (MrgApplication *application)
{
  return g_object_new (MRG_TYPE_WINDOW, "application", application, NULL);
}

/* mrg-window-actions.c: every action of the main window, installed once, and their shortcuts
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-export-dialog.h"
#include "mrg-grid-logic.h"
#include "mrg-match-window.h"
#include "mrg-search-panel.h"
#include "mrg-store-pages.h"
#include "mrg-window-private.h"

static void update_pages_actions (MrgWindow *self);
static void install_pages_actions (GtkWidgetClass *widget_class);

/* Undo and Redo are there when the history has a step for them; they follow EDITS changes. */
void
_mrg_window_update_undo_redo (MrgWindow *self)
{
  gboolean can_undo = FALSE, can_redo = FALSE;

  if (self->store != NULL)
    mrg_store_get_history (self->store, &can_undo, &can_redo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.redo", can_redo);
}

void
_mrg_window_update_actions (MrgWindow *self)
{
  gboolean open = self->store != NULL;
  gboolean page = open && mrg_page_model_get_page_id (self->model) != 0;
  static const char *project_actions[] = {
    "project.add-scans", "page.next", "page.previous",
  };
  static const char *page_actions[] = {
    "grid.next-doubtful", "page.zoom-in", "page.zoom-out", "page.zoom-reset", "page.fit-width", "page.fit-page",
  };

  for (guint i = 0; i < G_N_ELEMENTS (project_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), project_actions[i], open);
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), page_actions[i], page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.export", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.relink",
                                 open && !_mrg_window_is_busy (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.search", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.match", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ocr.page",
                                 page && !_mrg_window_is_busy (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ocr.document",
                                 page && !_mrg_window_is_busy (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ocr.cancel", _mrg_window_is_busy (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ocr.learn", open && !_mrg_window_is_busy (self));
  gtk_widget_set_visible (self->add_scans_button, open);
  gtk_widget_set_visible (self->ocr_button, open);
  gtk_widget_set_visible (self->search_button, open);
  gtk_widget_set_visible (self->export_button, open);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_dropdown), page);
  _mrg_window_update_undo_redo (self);
  _mrg_window_update_table_switcher (self);
  _mrg_window_update_hand_actions (self);
  _mrg_window_update_layouts (self);
  update_pages_actions (self);
}

static void
scans_chosen (gpointer            data,
              const char * const *paths)
{
  _mrg_window_import (data, paths);
}

static void
add_scans_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Scans (images, TIFF, PDF)"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/tiff");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "xml");

  chooser = gtk_file_chooser_native_new (_("Add Scans"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  mrg_chooser_show (&self->chooser, chooser, scans_chosen, self);
}

static void
folder_chosen (gpointer            data,
               const char * const *paths)
{
  if (paths[0] != NULL)
    _mrg_window_relink (data, paths[0]);
}

/* Find Moved Scans: a folder to look in for the scans that are no longer where they were. */
static void
relink_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GFile) project_file = NULL;
  g_autoptr(GFile) project_dir = NULL;

  if (self->project == NULL)
    return;
  project_file = g_file_new_for_path (mrg_project_get_path (self->project));
  if (_mrg_window_count_missing_scans (self) == 0)
    {
      mrg_window_show_message (self, _("Every scan of the project is where it was added from"));
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Find Moved Scans In"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Look Here"),
                                         _("_Cancel"));
  /* scans are often moved along with the project, into a folder beside it */
  project_dir = g_file_get_parent (project_file);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), project_dir, NULL);
  mrg_chooser_show (&self->chooser, chooser, folder_chosen, self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);

  g_cancellable_cancel (self->import_cancellable);
  g_cancellable_cancel (self->ocr_cancellable);
}

static void
ocr_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  _mrg_window_run_ocr (MRG_WINDOW (widget), g_str_equal (action_name, "ocr.document"));
}

static void
learn_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _mrg_window_learn (MRG_WINDOW (widget));
}

static void
undo_redo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *table = NULL;
  gboolean undo = g_str_equal (action_name, "edit.undo");
  gboolean done = FALSE;
  gint64 target = 0;

  if (self->project == NULL)
    return;
  mrg_grid_editor_commit (self->grid_editor);
  if (!(undo ? mrg_project_undo : mrg_project_redo) (self->project, &done, &table, &target,
                                                      &error))
    {
      mrg_window_show_message (self, error->message);
      return;
    }
  if (!done)
    {
      mrg_window_show_message (self, undo ? _("Nothing to undo") : _("Nothing to redo"));
      return;
    }

  _mrg_window_show_edit (self, table, target);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);

  if (g_str_equal (action_name, "page.zoom-in"))
    mrg_page_view_zoom_by (self->page_view, 1.25);
  else if (g_str_equal (action_name, "page.zoom-out"))
    mrg_page_view_zoom_by (self->page_view, 0.8);
  else if (g_str_equal (action_name, "page.zoom-reset"))
    {
      mrg_page_model_set_fit_mode (self->model, MRG_FIT_NONE);
      mrg_page_view_zoom_by (self->page_view, 1.0 / mrg_page_model_get_zoom (self->model));
    }
  else if (g_str_equal (action_name, "page.fit-width"))
    mrg_page_model_set_fit_mode (self->model, MRG_FIT_WIDTH);
  else if (g_str_equal (action_name, "page.fit-page"))
    mrg_page_model_set_fit_mode (self->model, MRG_FIT_PAGE);
}

static void
turn_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);
  gint64 current = mrg_page_model_get_page_id (self->model);
  guint n = mrg_page_list_get_n_pages (self->page_list);
  int delta = g_str_equal (action_name, "page.next") ? 1 : -1;

  for (guint i = 0; i < n; i++)
    if (mrg_page_list_get_page_at (self->page_list, i) == current)
      {
        int j = (int) i + delta;

        if (j >= 0 && j < (int) n)
          {
            _mrg_window_go_to (self, mrg_page_list_get_page_at (self->page_list, j), -1, -1);
            _mrg_window_queue_save_position (self);
          }
        return;
      }
}

static void
turn_table_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);
  int i = (int) mrg_page_model_get_table_index (self->model);

  i += g_str_equal (action_name, "table.next") ? 1 : -1;
  if (i < 0 || i >= (int) mrg_page_model_get_n_tables (self->model))
    return;
  mrg_grid_editor_commit (self->grid_editor);
  mrg_page_model_set_table_index (self->model, i);
}

/* The grid editor's commands, for its keys, the buttons and menus around it and the tests. */
static const struct
{
  const char *name;
  MrgGridCommand command;
} grid_actions[] = {
  { "grid.verify-row", MRG_GRID_VERIFY_ROW },
  { "grid.unverify-row", MRG_GRID_UNVERIFY_ROW },
  { "grid.flag-illegible", MRG_GRID_FLAG_ILLEGIBLE },
  { "grid.flag-uncertain", MRG_GRID_FLAG_UNCERTAIN },
  { "grid.insert-row", MRG_GRID_INSERT_ROW },
  { "grid.delete-row", MRG_GRID_DELETE_ROW },
  { "grid.merge-rows", MRG_GRID_MERGE_ROWS },
  { "grid.toggle-header", MRG_GRID_TOGGLE_HEADER },
  { "grid.merge-cells", MRG_GRID_MERGE_CELLS },
  { "grid.split-cell", MRG_GRID_SPLIT_CELL },
};

static void
grid_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);

  for (guint i = 0; i < G_N_ELEMENTS (grid_actions); i++)
    if (g_str_equal (action_name, grid_actions[i].name))
      mrg_grid_editor_run (self->grid_editor, grid_actions[i].command);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid_editor));
}

/* The next doubtful cell of the current page's tables after the cursor, or 0. */
static gint64
next_doubtful_on_page (MrgWindow *self,
                       double     threshold)
{
  guint current = mrg_page_model_get_table_index (self->model);
  int row, col;

  mrg_page_model_get_cursor (self->model, &row, &col);
  for (guint i = current; i < mrg_page_model_get_n_tables (self->model); i++)
    {
      gint64 id = mrg_grid_next_doubtful (mrg_page_model_get_table_at (self->model, i),
                                          i == current ? row : -1, col, threshold);

      if (id != 0)
        return id;
    }
  return 0;
}

/* The first doubtful cell of a page, or 0. */
static gint64
first_doubtful_of_page (MrgWindow *self,
                        gint64     page_id,
                        double     threshold)
{
  g_autoptr(GPtrArray) tables = mrg_store_load_tables (self->store, page_id, NULL);

  for (guint i = 0; tables != NULL && i < tables->len; i++)
    {
      gint64 id = mrg_grid_next_doubtful (g_ptr_array_index (tables, i), -1, 0, threshold);

      if (id != 0)
        return id;
    }
  return 0;
}

/* F8: the next cell OCR was unsure of and no person has edited, on this page or the pages after
 * it, round to the pages before. */
static void
next_doubtful_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);
  double threshold = g_settings_get_double (self->settings, "confidence-threshold");
  gint64 current = mrg_page_model_get_page_id (self->model);
  guint n = mrg_page_list_get_n_pages (self->page_list);
  guint here = 0;
  gint64 cell = 0, page = current;

  if (self->store == NULL || current == 0)
    return;
  mrg_grid_editor_commit (self->grid_editor);
  cell = next_doubtful_on_page (self, threshold);
  for (guint i = 0; i < n; i++)
    if (mrg_page_list_get_page_at (self->page_list, i) == current)
      here = i;
  for (guint j = 1; cell == 0 && j <= n; j++)
    {
      page = mrg_page_list_get_page_at (self->page_list, (here + j) % n);
      cell = first_doubtful_of_page (self, page, threshold);
    }
  if (cell == 0)
    {
      mrg_window_show_message (self, _("No more doubtful cells"));
      return;
    }
  if (_mrg_window_go_to (self, page, -1, -1))
    {
      mrg_page_model_show_cell (self->model, cell);
      _mrg_window_queue_save_position (self);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->grid_editor));
}

/* The export dialog, search panel and match window are windows of their own
 * (mrg-export-dialog.c, mrg-search-panel.c, mrg-match-window.c): one of each per window, kept
 * in the window's data under the action's name until it is destroyed. */
static void
tool_destroy_cb (GtkWindow *tool,
                 MrgWindow *self)
{
  g_object_set_data (G_OBJECT (self), g_object_get_data (G_OBJECT (tool), "mrg-tool"), NULL);
}

static void
tool_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);
  const char *key = g_intern_string (action_name);
  GtkWindow *tool = g_object_get_data (G_OBJECT (self), key);

  if (self->store == NULL)
    return;
  if (tool == NULL)
    {
      if (key == g_intern_static_string ("project.export"))
        tool = GTK_WINDOW (mrg_export_dialog_new (self));
      else if (key == g_intern_static_string ("project.match"))
        tool = GTK_WINDOW (mrg_match_window_new (self));
      else
        tool = GTK_WINDOW (mrg_search_panel_new (self));
      g_object_set_data (G_OBJECT (tool), "mrg-tool", (gpointer) key);
      g_object_set_data (G_OBJECT (self), key, tool);
      g_signal_connect_object (tool, "destroy", G_CALLBACK (tool_destroy_cb), self, 0);
    }
  gtk_window_present (tool);
}

/* ---- work across pages: OCR many, order and remove scans ---- */

static void
update_pages_actions (MrgWindow *self)
{
  gboolean page = self->store != NULL && mrg_page_model_get_page_id (self->model) != 0;
  gboolean idle = !_mrg_window_is_busy (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ocr.all", page && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ocr.selected", page && idle);
  /* a job may be writing the pages of the scan */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.remove", page && idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.move-up", page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.move-down", page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "document.move-to", page);
}

static void
ocr_pages_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = NULL;

  if (self->store == NULL)
    return;
  if (g_str_equal (action_name, "ocr.all"))
    pages = mrg_store_list_pages (self->store, &error);
  else
    pages = mrg_page_list_get_selected_pages (self->page_list);
  if (pages == NULL)
    {
      mrg_window_show_message (self, error->message);
      return;
    }
  _mrg_window_run_ocr_pages (self, pages, FALSE);
}

/* The scan of the page shown, with what it holds; FALSE when there is none. */
static gboolean
get_shown_document (MrgWindow               *self,
                    MrgStoreDocumentSummary *out_summary)
{
  g_autoptr(GError) error = NULL;
  const MrgPageRecord *page = mrg_page_model_get_page (self->model);

  if (self->store == NULL || page == NULL)
    return FALSE;
  if (!mrg_store_get_document_summary (self->store, page->document_id, out_summary, &error))
    {
      mrg_window_show_message (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
move_document_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);
  g_auto(MrgStoreDocumentSummary) summary = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean up = g_str_equal (action_name, "document.move-up");
  MrgStoreCounts counts = { 0 };

  if (!get_shown_document (self, &summary) || !mrg_store_get_counts (self->store, &counts, NULL))
    return;
  if (up && summary.position <= 1)
    {
      mrg_window_show_message (self, _("This scan is first already"));
      return;
    }
  if (!up && summary.position >= (guint) counts.documents)
    {
      mrg_window_show_message (self, _("This scan is last already"));
      return;
    }
  mrg_grid_editor_commit (self->grid_editor);
  /* the page list follows the project's `changed` */
  if (!mrg_store_move_document (self->store, summary.id, up ? summary.position - 1
                                                            : summary.position + 1, &error))
    mrg_window_show_message (self, error->message);
}

/* A page dragged onto another in the page list: its scan takes the place of the other's. */
static void
move_document_to_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_auto(MrgStorePage) dragged = { 0 };
  g_auto(MrgStorePage) target = { 0 };
  g_auto(MrgStoreDocumentSummary) summary = { 0 };
  gint64 dragged_id, target_id;

  if (self->store == NULL)
    return;
  g_variant_get (parameter, "(xx)", &dragged_id, &target_id);
  if (!mrg_store_get_page (self->store, dragged_id, &dragged, &error) ||
      !mrg_store_get_page (self->store, target_id, &target, &error) ||
      !mrg_store_get_document_summary (self->store, target.document_id, &summary, &error))
    {
      mrg_window_show_message (self, error->message);
      return;
    }
  if (dragged.document_id == target.document_id)
    {
      mrg_window_show_message (self, _("The pages of one scan keep their order; move the scan"));
      return;
    }
  mrg_grid_editor_commit (self->grid_editor);
  if (!mrg_store_move_document (self->store, dragged.document_id, summary.position, &error))
    mrg_window_show_message (self, error->message);
}

/* What removing a scan loses, for the person to read before they decide. */
char *
_mrg_window_describe_removal (const MrgStoreDocumentSummary *summary)
{
  g_autofree char *pages = g_strdup_printf (ngettext ("%u page", "%u pages", summary->n_pages),
                                            summary->n_pages);

  if (summary->n_rows == 0)
    /* Translators: %s is "N pages" */
    return g_strdup_printf (_("Its %s leave the project; nothing was transcribed from them. "
                              "The scan file itself is kept."), pages);
  /* Translators: %s is "N pages"; then rows, verified rows, cells a person edited */
  return g_strdup_printf (ngettext ("Its %s and the %u row transcribed from them (%u verified, "
                                    "%u cells edited by hand) are removed from the project. "
                                    "This cannot be undone. The scan file itself is kept.",
                                    "Its %s and the %u rows transcribed from them (%u verified, "
                                    "%u cells edited by hand) are removed from the project. "
                                    "This cannot be undone. The scan file itself is kept.",
                                    summary->n_rows),
                          pages, summary->n_rows, summary->n_verified, summary->n_edited);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MrgWindow        *self)
{
  g_autoptr(GError) error = NULL;
  gint64 document_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "document-id"));
  const char *name = g_object_get_data (G_OBJECT (dialog), "document-name");
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "remove") || self->store == NULL)
    return;
  if (_mrg_window_is_busy (self))
    {
      mrg_window_show_message (self, _("The scan was not removed: wait for the job to end"));
      return;
    }
  /* the page list, the page model and the window follow the project's `changed` */
  if (!mrg_store_remove_document (self->store, document_id, &error))
    {
      mrg_window_show_message (self, error->message);
      return;
    }
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("“%s” removed"), name);
  mrg_window_show_message (self, message);
}

static void
remove_document_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  static const MrgWindowAnswers answers = { "cancel", N_("_Keep"), "remove", N_("_Remove") };
  MrgWindow *self = MRG_WINDOW (widget);
  g_auto(MrgStoreDocumentSummary) summary = { 0 };
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  /* text typed into a cell of the scan is written first, and counted */
  mrg_grid_editor_commit (self->grid_editor);
  if (!get_shown_document (self, &summary))
    return;
  name = g_path_get_basename (summary.path);
  /* Translators: %s is a file name */
  heading = g_strdup_printf (_("Remove “%s” from the project?"), name);
  body = _mrg_window_describe_removal (&summary);
  dialog = _mrg_window_ask (self, heading, body, &answers, G_CALLBACK (remove_response_cb));
  g_object_set_data (G_OBJECT (dialog), "document-id", GSIZE_TO_POINTER (summary.id));
  g_object_set_data_full (G_OBJECT (dialog), "document-name", g_steal_pointer (&name), g_free);
}

static void
install_pages_actions (GtkWidgetClass *widget_class)
{
  static const struct
  {
    const char *name;
    GtkWidgetActionActivateFunc activate;
  } actions[] = {
    { "ocr.all", ocr_pages_action },
    { "ocr.selected", ocr_pages_action },
    { "document.move-up", move_document_action },
    { "document.move-down", move_document_action },
    { "document.remove", remove_document_action },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, NULL, actions[i].activate);
  gtk_widget_class_install_action (widget_class, "document.move-to", "(xx)",
                                   move_document_to_action);
}

void
_mrg_window_class_actions_init (MrgWindowClass *klass)
{
  static const struct
  {
    const char *name;
    GtkWidgetActionActivateFunc activate;
  } actions[] = {
    { "project.add-scans", add_scans_action },
    { "project.relink", relink_action },
    { "project.export", tool_action },
    { "project.search", tool_action },
    { "project.match", tool_action },
    { "ocr.page", ocr_action },
    { "ocr.document", ocr_action },
    { "ocr.cancel", cancel_action },
    { "ocr.learn", learn_action },
    { "edit.undo", undo_redo_action },
    { "edit.redo", undo_redo_action },
    { "page.zoom-in", zoom_action },
    { "page.zoom-out", zoom_action },
    { "page.zoom-reset", zoom_action },
    { "page.fit-width", zoom_action },
    { "page.fit-page", zoom_action },
    { "page.next", turn_page_action },
    { "page.previous", turn_page_action },
    { "table.next", turn_table_action },
    { "table.previous", turn_table_action },
    { "grid.next-doubtful", next_doubtful_action },
  };
  static const struct
  {
    guint keyval;
    GdkModifierType modifiers;
    const char *action;
  } bindings[] = {
    { GDK_KEY_z, GDK_CONTROL_MASK, "edit.undo" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "edit.redo" },
    { GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "edit.redo" },
    { GDK_KEY_plus, GDK_CONTROL_MASK, "page.zoom-in" },
    { GDK_KEY_equal, GDK_CONTROL_MASK, "page.zoom-in" },
    { GDK_KEY_KP_Add, GDK_CONTROL_MASK, "page.zoom-in" },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "page.zoom-out" },
    { GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "page.zoom-out" },
    { GDK_KEY_0, GDK_CONTROL_MASK, "page.zoom-reset" },
    { GDK_KEY_1, GDK_CONTROL_MASK, "page.fit-width" },
    { GDK_KEY_2, GDK_CONTROL_MASK, "page.fit-page" },
    { GDK_KEY_Page_Down, GDK_CONTROL_MASK, "page.next" },
    { GDK_KEY_Page_Up, GDK_CONTROL_MASK, "page.previous" },
    { GDK_KEY_Page_Down, GDK_CONTROL_MASK | GDK_ALT_MASK, "table.next" },
    { GDK_KEY_Page_Up, GDK_CONTROL_MASK | GDK_ALT_MASK, "table.previous" },
    { GDK_KEY_e, GDK_CONTROL_MASK, "project.export" },
    { GDK_KEY_f, GDK_CONTROL_MASK, "project.search" },
    { GDK_KEY_F8, 0, "grid.next-doubtful" },
  };
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, NULL, actions[i].activate);
  for (guint i = 0; i < G_N_ELEMENTS (grid_actions); i++)
    gtk_widget_class_install_action (widget_class, grid_actions[i].name, NULL, grid_action);
  _mrg_window_class_hand_init (klass);
  install_pages_actions (widget_class);

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    gtk_widget_class_add_binding_action (widget_class, bindings[i].keyval, bindings[i].modifiers,
                                         bindings[i].action, NULL);
}

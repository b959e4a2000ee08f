/* mrg-window-actions.c: every action of the main window, installed once, and their shortcuts
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-export-dialog.h"
#include "mrg-match-window.h"
#include "mrg-search-panel.h"
#include "mrg-window-private.h"

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
    "page.zoom-in", "page.zoom-out", "page.zoom-reset", "page.fit-width", "page.fit-page",
  };

  for (guint i = 0; i < G_N_ELEMENTS (project_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), project_actions[i], open);
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), page_actions[i], page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.export", open);
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
}

static void
add_scans_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       MrgWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      _mrg_window_import (self, (const char * const *) paths);
    }
  g_clear_object (&self->chooser);
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
  _mrg_window_show_chooser (self, chooser, G_CALLBACK (add_scans_response_cb));
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

void
_mrg_window_class_actions_init (MrgWindowClass *klass)
{
  static const struct
  {
    const char *name;
    GtkWidgetActionActivateFunc activate;
  } actions[] = {
    { "project.add-scans", add_scans_action },
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
  };
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, NULL, actions[i].activate);
  for (guint i = 0; i < G_N_ELEMENTS (grid_actions); i++)
    gtk_widget_class_install_action (widget_class, grid_actions[i].name, NULL, grid_action);

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    gtk_widget_class_add_binding_action (widget_class, bindings[i].keyval, bindings[i].modifiers,
                                         bindings[i].action, NULL);
}

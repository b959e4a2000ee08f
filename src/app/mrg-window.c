/* mrg-window.c: the main window: start page and workbench
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-store.h"
#include "mrg-window.h"

struct _MrgWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwHeaderBar *header_bar;
  GtkWidget *add_scans_button;
  GtkWidget *ocr_button;
  GtkWidget *ocr_progress_box;
  GtkProgressBar *ocr_progress;
  GtkWidget *menu_button;
  GtkWidget *search_button;
  GtkWidget *export_button;
  GtkStack *stack;
  AdwStatusPage *start_page;
  GtkWidget *recent_label;
  GtkListBox *recent_list;
  GtkBox *workbench;

  GSettings *settings;
  MrgStore *store;
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (MrgWindow, mrg_window, ADW_TYPE_APPLICATION_WINDOW)

void
mrg_window_show_message (MrgWindow  *self,
                         const char *message)
{
  AdwToast *toast;

  g_return_if_fail (MRG_IS_WINDOW (self));

  /* A toast is one line: keep the first line of a longer message. */
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
update_actions (MrgWindow *self)
{
  gboolean open = self->store != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.add-scans", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.export", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "project.search", open);
  gtk_widget_set_visible (self->add_scans_button, open);
  gtk_widget_set_visible (self->ocr_button, open);
  gtk_widget_set_visible (self->search_button, open);
  gtk_widget_set_visible (self->export_button, open);
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
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (!g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
        continue;
      if (g_str_has_suffix (name, ".muragat"))
        name[strlen (name) - strlen (".muragat")] = '\0';
      title = g_markup_escape_text (name, -1);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
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

const char *
mrg_window_get_project_path (MrgWindow *self)
{
  g_return_val_if_fail (MRG_IS_WINDOW (self), NULL);
  return self->store != NULL ? mrg_store_get_path (self->store) : NULL;
}

static MrgApplication *
get_app (MrgWindow *self)
{
  return MRG_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

static void
set_store (MrgWindow *self,
           MrgStore  *store)
{
  g_autofree char *title = NULL;

  g_set_object (&self->store, store);
  if (store == NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Muragat"));
      gtk_stack_set_visible_child_name (self->stack, "start");
      update_actions (self);
      return;
    }

  /* Translators: the window title, NAME — Muragat */
  title = g_strdup_printf (_("%s — Muragat"), mrg_store_get_display_name (store));
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_stack_set_visible_child_name (self->stack, "workbench");
  update_actions (self);
  if (get_app (self) != NULL)
    mrg_application_add_recent (get_app (self), mrg_store_get_path (store));
}

static gboolean
open_store (MrgWindow         *self,
            const char        *path,
            MrgStoreOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (MRG_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  store = mrg_store_open (absolute, flags, &error);
  if (store == NULL)
    {
      mrg_window_show_message (self, error->message);
      if (error->code == MRG_STORE_ERROR_NOT_FOUND && get_app (self) != NULL)
        mrg_application_remove_recent (get_app (self), absolute);
      return FALSE;
    }
  set_store (self, store);
  return TRUE;
}

gboolean
mrg_window_open_project (MrgWindow  *self,
                         const char *path)
{
  return open_store (self, path, MRG_STORE_OPEN_DEFAULT);
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
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  MrgWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        mrg_window_open_project (self, path);
    }
  g_clear_object (&self->chooser);
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
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), self);
  g_set_object (&self->chooser, GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  gtk_native_dialog_show (self->chooser);
}

static void
new_response_cb (GtkNativeDialog *dialog,
                 int              response,
                 MrgWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && !g_str_has_suffix (path, ".muragat"))
        {
          char *with_suffix = g_strconcat (path, ".muragat", NULL);

          g_free (path);
          path = with_suffix;
        }
      /* An existing project is opened, never emptied: a person's work must not be lost because
       * the file chooser asked "Replace?". */
      if (path != NULL)
        open_store (self, path, MRG_STORE_OPEN_CREATE);
    }
  g_clear_object (&self->chooser);
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
  g_signal_connect (chooser, "response", G_CALLBACK (new_response_cb), self);
  g_set_object (&self->chooser, GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  gtk_native_dialog_show (self->chooser);
}

static gboolean
mrg_window_close_request (GtkWindow *window)
{
  MrgWindow *self = MRG_WINDOW (window);
  int width, height;

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

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), MRG_TYPE_WINDOW);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/muragat/Muragat/ui/mrg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MrgWindow, toast_overlay);
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

  gtk_widget_class_install_action (widget_class, "project.add-scans", NULL, NULL);
  gtk_widget_class_install_action (widget_class, "project.export", NULL, NULL);
  gtk_widget_class_install_action (widget_class, "project.search", NULL, NULL);
}

static void
mrg_window_init (MrgWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.muragat.Muragat");
  g_signal_connect_object (self->settings, "changed::recent-projects",
                           G_CALLBACK (recent_changed_cb), self, 0);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  adw_status_page_set_icon_name (self->start_page, APP_ID);
  if (g_str_has_suffix (APP_ID, ".Devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  rebuild_recent_list (self);
  update_actions (self);
}

MrgWindow *
mrg_window_new (MrgApplication *application)
{
  return g_object_new (MRG_TYPE_WINDOW, "application", application, NULL);
}

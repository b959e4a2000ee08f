/* mrg-export-dialog.c: choosing a format and a destination, and exporting off the main loop
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-export-dialog.h"
#include "mrg-window-private.h"

/* The rows of the format list, in the order of the .ui file. */
static const struct
{
  MrgExportFormat format;
  const char *extension;   /* NULL for a folder */
  gboolean flags;          /* the format can write flag columns */
} formats[] = {
  { MRG_EXPORT_FORMAT_CSV, "csv", TRUE },
  { MRG_EXPORT_FORMAT_TSV, "tsv", TRUE },
  { MRG_EXPORT_FORMAT_XLSX, "xlsx", TRUE },
  { MRG_EXPORT_FORMAT_JSON, "json", FALSE },
  { MRG_EXPORT_FORMAT_PAGEXML, NULL, FALSE },
  { MRG_EXPORT_FORMAT_TEI, "xml", FALSE },
  { MRG_EXPORT_FORMAT_PDF, "pdf", FALSE },
};

/* An export running as the project's job. The dialog follows the project's progress while it
 * is open; the job outlives a dialog closed meanwhile and reports to the window. */
typedef struct
{
  GWeakRef dialog;
  GWeakRef window;
  MrgProject *project;
  GCancellable *cancellable;
  char *path;
} ExportJob;

struct _MrgExportDialog
{
  AdwWindow parent_instance;

  GtkButton *cancel_button;
  GtkButton *export_button;
  GtkWidget *options_group;
  GtkWidget *destination_group;
  AdwComboRow *format_row;
  GtkSwitch *verified_switch;
  GtkWidget *flags_row;
  GtkSwitch *flags_switch;
  AdwActionRow *destination_row;
  GtkButton *choose_button;
  GtkProgressBar *progress_bar;
  GtkLabel *error_label;

  MrgWindow *window;   /* weak: the dialog is transient for it and dies with it */
  MrgStore *store;          /* weak: the project this window was opened for */
  char *dest_dir;
  char *dest_stem;     /* the file name without its format's extension */
  char *dest_folder;   /* a folder chosen for a folder format, used as it is */
  GtkNativeDialog *chooser;
  ExportJob *job;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (MrgExportDialog, mrg_export_dialog, ADW_TYPE_WINDOW)

static void
export_job_free (ExportJob *job)
{
  g_weak_ref_clear (&job->dialog);
  g_weak_ref_clear (&job->window);
  g_clear_object (&job->project);
  g_clear_object (&job->cancellable);
  g_free (job->path);
  g_free (job);
}

static guint
format_index (MrgExportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return i;
  return 0;
}

static guint
selected_index (MrgExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->format_row);

  return i < G_N_ELEMENTS (formats) ? i : 0;
}

char *
mrg_export_dialog_get_destination (MrgExportDialog *self)
{
  guint i;

  g_return_val_if_fail (MRG_IS_EXPORT_DIALOG (self), NULL);

  i = selected_index (self);
  if (formats[i].extension == NULL && self->dest_folder != NULL)
    return g_strdup (self->dest_folder);
  if (formats[i].extension == NULL)
    {
      /* A folder beside the project, named for it, so that one export never scatters files. */
      g_autofree char *name = g_strconcat (self->dest_stem, "-pagexml", NULL);

      return g_build_filename (self->dest_dir, name, NULL);
    }
  else
    {
      g_autofree char *name = g_strconcat (self->dest_stem, ".", formats[i].extension, NULL);

      return g_build_filename (self->dest_dir, name, NULL);
    }
}

static void
update_destination (MrgExportDialog *self)
{
  g_autofree char *path = mrg_export_dialog_get_destination (self);
  g_autofree char *subtitle = NULL;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    /* TRANSLATORS: %s is the path of a file that an export will overwrite */
    subtitle = g_strdup_printf (_("%s (will be replaced)"), path);
  else
    subtitle = g_strdup (path);
  adw_action_row_set_subtitle (self->destination_row, subtitle);
}

static void
update_sensitivity (MrgExportDialog *self)
{
  gboolean running = self->job != NULL;
  guint i = selected_index (self);

  gtk_widget_set_sensitive (self->options_group, !running);
  gtk_widget_set_sensitive (self->destination_group, !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.start", !running);
  gtk_widget_set_sensitive (self->flags_row, formats[i].flags);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
}

static void
format_selected_cb (MrgExportDialog *self)
{
  update_destination (self);
  update_sensitivity (self);
}

void
mrg_export_dialog_set_format (MrgExportDialog *self,
                              MrgExportFormat  format)
{
  g_return_if_fail (MRG_IS_EXPORT_DIALOG (self));

  adw_combo_row_set_selected (self->format_row, format_index (format));
}

MrgExportFormat
mrg_export_dialog_get_format (MrgExportDialog *self)
{
  g_return_val_if_fail (MRG_IS_EXPORT_DIALOG (self), MRG_EXPORT_FORMAT_CSV);

  return formats[selected_index (self)].format;
}

void
mrg_export_dialog_set_destination (MrgExportDialog *self,
                                   const char      *path)
{
  g_autofree char *base = NULL;
  char *dot;

  g_return_if_fail (MRG_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  /* A folder chosen for PAGE XML is where the files go, not a name to derive one from. */
  g_clear_pointer (&self->dest_folder, g_free);
  if (formats[selected_index (self)].extension == NULL)
    {
      self->dest_folder = g_strdup (path);
      update_destination (self);
      return;
    }

  g_free (self->dest_dir);
  self->dest_dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  /* Keep the name, drop an extension the format list knows: the format adds its own. */
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      if (formats[i].extension != NULL && g_ascii_strcasecmp (dot + 1, formats[i].extension) == 0)
        {
          *dot = '\0';
          break;
        }
  if (g_str_has_suffix (base, "-pagexml") && strlen (base) > strlen ("-pagexml"))
    base[strlen (base) - strlen ("-pagexml")] = '\0';
  g_free (self->dest_stem);
  self->dest_stem = g_steal_pointer (&base);
  update_destination (self);
}

gboolean
mrg_export_dialog_is_running (MrgExportDialog *self)
{
  g_return_val_if_fail (MRG_IS_EXPORT_DIALOG (self), FALSE);

  return self->job != NULL;
}

void
mrg_export_dialog_set_verified_only (MrgExportDialog *self,
                                     gboolean         verified_only)
{
  g_return_if_fail (MRG_IS_EXPORT_DIALOG (self));

  gtk_switch_set_active (self->verified_switch, verified_only);
}

gboolean
mrg_export_dialog_get_verified_only (MrgExportDialog *self)
{
  g_return_val_if_fail (MRG_IS_EXPORT_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->verified_switch);
}

const char *
mrg_export_dialog_get_error (MrgExportDialog *self)
{
  g_return_val_if_fail (MRG_IS_EXPORT_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

static void
show_error (MrgExportDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
progress_cb (MrgExportDialog *self)
{
  const char *text;
  double fraction;

  if (self->job == NULL)
    return;
  fraction = mrg_project_get_progress (self->job->project);
  text = mrg_project_get_status_text (self->job->project);
  if (fraction > 0 && text != NULL)
    {
      gtk_progress_bar_set_fraction (self->progress_bar, fraction);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
  else
    gtk_progress_bar_pulse (self->progress_bar);
}

/* The dialog stops following the project's progress. */
static void
let_go_of_job (MrgExportDialog *self)
{
  if (self->job == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->job->project, progress_cb, self);
  self->job = NULL;   /* the job frees itself when it is done */
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgExportDialog) self = g_weak_ref_get (&job->dialog);
  g_autoptr(MrgWindow) window = g_weak_ref_get (&job->window);
  gboolean ok = mrg_project_export_finish (MRG_PROJECT (source), result, &error);
  /* A dialog closed meanwhile has let go of the job: it shows nothing more. */
  gboolean mine = self != NULL && self->job == job;
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  if (mine)
    {
      let_go_of_job (self);
      update_sensitivity (self);
    }

  if (ok)
    {
      if (window != NULL)
        {
          /* TRANSLATORS: %s is the path of the exported file or folder */
          g_autofree char *message = g_strdup_printf (_("Exported to %s"), job->path);

          mrg_window_show_message (window, message);
        }
      if (mine)
        gtk_window_destroy (GTK_WINDOW (self));
    }
  else if (mine)
    {
      if (cancelled)
        show_error (self, _("The export was cancelled; nothing was written."));
      else
        show_error (self, error->message);
      update_destination (self);
    }
  else if (window != NULL && !cancelled)
    mrg_window_show_message (window, error->message);

  export_job_free (job);
}

static void
start_export (MrgExportDialog *self)
{
  MrgProject *project;
  MrgExportOptions options = { 0 };
  ExportJob *job;
  guint i = selected_index (self);

  if (self->job != NULL || self->window == NULL)
    return;
  project = _mrg_window_get_project (self->window);
  if (project == NULL)
    {
      show_error (self, _("No project is open."));
      return;
    }
  /* The export reads the file with a connection of its own: a cell being typed must be in it. */
  mrg_grid_editor_commit (_mrg_window_get_grid_editor (self->window));

  options.format = formats[i].format;
  options.verified_only = mrg_export_dialog_get_verified_only (self);
  options.cell_flags = formats[i].flags && gtk_switch_get_active (self->flags_switch);
  /* A file of column names and no row would pass for the export of an empty project. */
  if (options.verified_only && !mrg_store_has_verified_rows (mrg_project_get_store (project)))
    {
      show_error (self, _("No row is verified yet: mark rows verified (Ctrl+Enter) or turn off "
                          "“Verified Rows Only”."));
      return;
    }

  job = g_new0 (ExportJob, 1);
  g_weak_ref_init (&job->dialog, self);
  g_weak_ref_init (&job->window, self->window);
  job->project = g_object_ref (project);
  job->cancellable = g_cancellable_new ();
  job->path = mrg_export_dialog_get_destination (self);
  self->job = job;

  show_error (self, NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  update_sensitivity (self);
  g_signal_connect_swapped (project, "notify::progress", G_CALLBACK (progress_cb), self);
  g_signal_connect_swapped (project, "notify::status-text", G_CALLBACK (progress_cb), self);

  mrg_project_export_async (project, &options, job->path, job->cancellable, export_done_cb, job);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  start_export (MRG_EXPORT_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MrgExportDialog *self = MRG_EXPORT_DIALOG (widget);

  /* While an export runs, Cancel stops it and the dialog stays; else it closes the dialog. */
  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
destination_chosen (gpointer            data,
                    const char * const *paths)
{
  if (paths[0] != NULL)
    mrg_export_dialog_set_destination (data, paths[0]);
  else
    show_error (data, _("Choose a folder on this computer."));
}

static void
choose_clicked_cb (MrgExportDialog *self)
{
  guint i = selected_index (self);
  gboolean folder = formats[i].extension == NULL;
  g_autoptr(GFile) dir = g_file_new_for_path (self->dest_dir);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (folder ? _("Export to Folder") : _("Export As"),
                                         GTK_WINDOW (self),
                                         folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                                : GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Select"), _("_Cancel"));
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
  if (!folder)
    {
      g_autofree char *path = mrg_export_dialog_get_destination (self);
      g_autofree char *name = g_path_get_basename (path);

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  mrg_chooser_show (&self->chooser, chooser, destination_chosen, self);
}

static gboolean
mrg_export_dialog_close_request (GtkWindow *window)
{
  MrgExportDialog *self = MRG_EXPORT_DIALOG (window);

  /* Closing stops the export; the worker removes its temporary file. */
  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
  return GTK_WINDOW_CLASS (mrg_export_dialog_parent_class)->close_request (window);
}

static void
mrg_export_dialog_dispose (GObject *object)
{
  MrgExportDialog *self = MRG_EXPORT_DIALOG (object);

  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
  let_go_of_job (self);
  g_clear_object (&self->settings);
  mrg_chooser_clear (&self->chooser);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), MRG_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (mrg_export_dialog_parent_class)->dispose (object);
}

static void
mrg_export_dialog_finalize (GObject *object)
{
  MrgExportDialog *self = MRG_EXPORT_DIALOG (object);

  g_free (self->dest_dir);
  g_free (self->dest_stem);
  g_free (self->dest_folder);
  G_OBJECT_CLASS (mrg_export_dialog_parent_class)->finalize (object);
}

static void
mrg_export_dialog_class_init (MrgExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mrg_export_dialog_dispose;
  object_class->finalize = mrg_export_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = mrg_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/muragat/Muragat/ui/mrg-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, options_group);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, destination_group);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, verified_switch);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, flags_row);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, flags_switch);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, destination_row);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MrgExportDialog, error_label);

  gtk_widget_class_install_action (widget_class, "export.start", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mrg_export_dialog_init (MrgExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Whether only verified rows are exported is kept from one export to the next. */
  self->settings = g_settings_new ("io.github.muragat.Muragat");
  g_settings_bind (self->settings, "export-verified-only", self->verified_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->destination_row), FALSE);
  g_signal_connect_swapped (self->format_row, "notify::selected",
                            G_CALLBACK (format_selected_cb), self);
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (choose_clicked_cb), self);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->export_button));
}

/* The window shows another project now (its title follows the project): what this window
 * holds belongs to the one before, so it goes. */
static void
project_changed_cb (MrgExportDialog *self)
{
  if (self->window == NULL || self->store == NULL ||
      _mrg_window_get_store (self->window) != self->store)
    gtk_window_destroy (GTK_WINDOW (self));
}

MrgExportDialog *
mrg_export_dialog_new (MrgWindow *window)
{
  MrgExportDialog *self;
  MrgStore *store;

  g_return_val_if_fail (MRG_IS_WINDOW (window), NULL);

  self = g_object_new (MRG_TYPE_EXPORT_DIALOG, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);
  g_set_weak_pointer (&self->store, _mrg_window_get_store (window));
  g_signal_connect_object (window, "notify::title", G_CALLBACK (project_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* Beside the project, named for it: the likeliest place and name, changed in one click. */
  store = _mrg_window_get_store (window);
  if (store != NULL && mrg_store_get_path (store) != NULL)
    {
      g_autofree char *base = g_path_get_basename (mrg_store_get_path (store));
      g_autofree char *dir = g_path_get_dirname (mrg_store_get_path (store));

      if (g_str_has_suffix (base, ".muragat"))
        base[strlen (base) - strlen (".muragat")] = '\0';
      self->dest_dir = g_steal_pointer (&dir);
      self->dest_stem = g_steal_pointer (&base);
    }
  else
    {
      self->dest_dir = g_strdup (g_get_home_dir ());
      self->dest_stem = g_strdup (_("export"));
    }
  update_destination (self);
  update_sensitivity (self);
  return self;
}

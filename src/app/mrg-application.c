/* mrg-application.c: the Muragat application: actions, settings, opening projects
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-application"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-application.h"
#include "mrg-preferences-window.h"
#include "mrg-types.h"
#include "mrg-window.h"

#define MAX_RECENT 10

struct _MrgApplication
{
  AdwApplication parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (MrgApplication, mrg_application, ADW_TYPE_APPLICATION)

static void
apply_color_scheme (MrgApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwStyleManager *manager = adw_style_manager_get_default ();

  if (g_strcmp0 (scheme, "dark") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else if (g_strcmp0 (scheme, "light") == 0)
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
color_scheme_changed_cb (GSettings      *settings,
                         const char     *key,
                         MrgApplication *self)
{
  apply_color_scheme (self);
}

/* A window showing the start page can take the project; otherwise a new window opens. */
static MrgWindow *
find_window_for (MrgApplication *self,
                 const char     *path)
{
  MrgWindow *empty = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      MrgWindow *window;

      if (!MRG_IS_WINDOW (l->data))
        continue;
      window = l->data;
      if (path != NULL && g_strcmp0 (mrg_window_get_project_path (window), path) == 0)
        return window;
      if (empty == NULL && mrg_window_get_project_path (window) == NULL)
        empty = window;
    }
  if (empty != NULL)
    return empty;
  return mrg_window_new (self);
}

/* Shows the project at path (NULL: none) in a window, opening it there unless it is open. */
static MrgWindow *
present_project (MrgApplication *self,
                 const char     *path)
{
  MrgWindow *window = find_window_for (self, path);

  gtk_window_present (GTK_WINDOW (window));
  if (path != NULL && g_strcmp0 (mrg_window_get_project_path (window), path) != 0)
    mrg_window_open_project (window, path);
  return window;
}

/* Shows one of the application's own windows (about, shortcuts, preferences) over the active
 * window. */
static void
present_over_active (MrgApplication *self,
                     GtkWindow      *window)
{
  gtk_window_set_transient_for (window,
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (window);
}

static void
mrg_application_activate (GApplication *app)
{
  MrgApplication *self = MRG_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (mrg_window_new (self));
  gtk_window_present (window);
}

static void
mrg_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  MrgApplication *self = MRG_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      MrgWindow *window = present_project (self, path);

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *message = g_strdup_printf (_("%s: only local project files can be "
                                                        "opened"), uri);

          mrg_window_show_message (window, message);
        }
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  MrgApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window saves where the person was; edits are already committed. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (G_APPLICATION (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  const char *developers[] = { "The Muragat authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application-name", _("Muragat"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Muragat authors"),
                        "developers", developers,
                        "comments", _("Transcribe tables from scanned archive pages: OCR fills "
                                      "the grid, you correct and verify it beside the scan."),
                        "website", "https://github.com/muragat/muragat",
                        "issue-url", "https://github.com/muragat/muragat/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  present_over_active (user_data, GTK_WINDOW (about));
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  g_autoptr(GtkBuilder) builder = NULL;

  builder = gtk_builder_new_from_resource ("/io/github/muragat/Muragat/ui/mrg-shortcuts-window.ui");
  present_over_active (user_data,
                       GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window")));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  MrgApplication *self = user_data;

  present_over_active (self, GTK_WINDOW (mrg_preferences_window_new (self->settings)));
}

static MrgWindow *
active_or_new_window (MrgApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!MRG_IS_WINDOW (window))
    window = GTK_WINDOW (mrg_window_new (self));
  gtk_window_present (window);
  return MRG_WINDOW (window);
}

static void
new_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  mrg_window_choose_new_project (active_or_new_window (user_data));
}

static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  mrg_window_choose_project (active_or_new_window (user_data));
}

static void
open_recent_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  present_project (user_data, g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "shortcuts", .activate = shortcuts_activated },
  { .name = "preferences", .activate = preferences_activated },
  { .name = "new", .activate = new_activated },
  { .name = "open", .activate = open_activated },
  { .name = "open-recent", .activate = open_recent_activated, .parameter_type = "s" },
};

static void
mrg_application_startup (GApplication *app)
{
  MrgApplication *self = MRG_APPLICATION (app);
  static const struct
  {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.new", { "<Control>n", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (mrg_application_parent_class)->startup (app);
  mrg_core_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);
  apply_color_scheme (self);
}

static void
mrg_application_dispose (GObject *object)
{
  MrgApplication *self = MRG_APPLICATION (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mrg_application_parent_class)->dispose (object);
}

static void
mrg_application_class_init (MrgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mrg_application_dispose;
  app_class->startup = mrg_application_startup;
  app_class->activate = mrg_application_activate;
  app_class->open = mrg_application_open;
}

static void
mrg_application_init (MrgApplication *self)
{
  self->settings = g_settings_new ("io.github.muragat.Muragat");
  g_signal_connect (self->settings, "changed::color-scheme", G_CALLBACK (color_scheme_changed_cb),
                    self);
}

MrgApplication *
mrg_application_new (void)
{
  return g_object_new (MRG_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       /* The same resources serve the .Devel build. */
                       "resource-base-path", "/io/github/muragat/Muragat",
                       NULL);
}

GSettings *
mrg_application_get_settings (MrgApplication *self)
{
  g_return_val_if_fail (MRG_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* Writes the recent projects: `first` (when not NULL) and then the ones there were but `drop`, at
 * most `max` of them. */
static void
write_recent (MrgApplication *self,
              const char     *first,
              const char     *drop,
              guint           max)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-projects");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 0;

  if (first != NULL)
    {
      g_strv_builder_add (builder, first);
      n++;
    }
  for (guint i = 0; old[i] != NULL && n < max; i++)
    if (g_strcmp0 (old[i], drop) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-projects", (const char * const *) recent);
}

void
mrg_application_add_recent (MrgApplication *self,
                            const char     *path)
{
  g_return_if_fail (MRG_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);

  write_recent (self, path, path, MAX_RECENT);
}

void
mrg_application_remove_recent (MrgApplication *self,
                               const char     *path)
{
  g_return_if_fail (MRG_IS_APPLICATION (self));

  write_recent (self, NULL, path, G_MAXUINT);
}

/* mrg-preferences-window.c: OCR and appearance settings
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-preferences-window.h"

struct _MrgPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;
  GtkEditable *languages_row;
  GtkSpinButton *jobs_spin;
  GtkSpinButton *threshold_spin;
  GtkSwitch *learn_switch;
  AdwComboRow *scheme_row;
};

G_DEFINE_FINAL_TYPE (MrgPreferencesWindow, mrg_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *schemes[] = { "default", "light", "dark" };

static void
scheme_selected_cb (AdwComboRow          *row,
                    GParamSpec           *pspec,
                    MrgPreferencesWindow *self)
{
  guint i = adw_combo_row_get_selected (row);

  if (i < G_N_ELEMENTS (schemes))
    g_settings_set_string (self->settings, "color-scheme", schemes[i]);
}

static void
mrg_preferences_window_dispose (GObject *object)
{
  MrgPreferencesWindow *self = MRG_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), MRG_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (mrg_preferences_window_parent_class)->dispose (object);
}

static void
mrg_preferences_window_class_init (MrgPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mrg_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/muragat/Muragat/ui/mrg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MrgPreferencesWindow, languages_row);
  gtk_widget_class_bind_template_child (widget_class, MrgPreferencesWindow, jobs_spin);
  gtk_widget_class_bind_template_child (widget_class, MrgPreferencesWindow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, MrgPreferencesWindow, learn_switch);
  gtk_widget_class_bind_template_child (widget_class, MrgPreferencesWindow, scheme_row);
}

static void
mrg_preferences_window_init (MrgPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

MrgPreferencesWindow *
mrg_preferences_window_new (GSettings *settings)
{
  MrgPreferencesWindow *self = g_object_new (MRG_TYPE_PREFERENCES_WINDOW, NULL);
  g_autofree char *scheme = NULL;

  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "ocr-languages", self->languages_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "ocr-jobs", self->jobs_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "confidence-threshold", self->threshold_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "auto-learn", self->learn_switch, "active", G_SETTINGS_BIND_DEFAULT);

  scheme = g_settings_get_string (settings, "color-scheme");
  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_strcmp0 (scheme, schemes[i]) == 0)
      adw_combo_row_set_selected (self->scheme_row, i);
  g_signal_connect (self->scheme_row, "notify::selected", G_CALLBACK (scheme_selected_cb), self);

  return self;
}

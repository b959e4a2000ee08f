/* mrg-widget-util.c: what the app's widgets share: GtkScrollable properties, model signals,
 * outlines, file choosers
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-widget-util"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-widget-util.h"

enum
{
  HADJUSTMENT,
  VADJUSTMENT,
  HSCROLL_POLICY,
  VSCROLL_POLICY,
};

void
mrg_scrollable_override_properties (GObjectClass *klass,
                                    guint         first_id)
{
  g_object_class_override_property (klass, first_id + HADJUSTMENT, "hadjustment");
  g_object_class_override_property (klass, first_id + VADJUSTMENT, "vadjustment");
  g_object_class_override_property (klass, first_id + HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (klass, first_id + VSCROLL_POLICY, "vscroll-policy");
}

static void
set_adjustment (MrgScrollable  *scrollable,
                GtkAdjustment **slot,
                GtkAdjustment  *adj)
{
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, scrollable->widget);
  if (adj == NULL)
    adj = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  g_set_object (slot, adj);
  g_signal_connect_swapped (adj, "value-changed", scrollable->changed_cb, scrollable->widget);
  gtk_widget_queue_resize (scrollable->widget);
}

void
mrg_scrollable_init (MrgScrollable *scrollable,
                     GtkWidget     *widget,
                     GCallback      changed_cb)
{
  scrollable->widget = widget;
  scrollable->changed_cb = changed_cb;
  set_adjustment (scrollable, &scrollable->hadj, NULL);
  set_adjustment (scrollable, &scrollable->vadj, NULL);
}

gboolean
mrg_scrollable_get_property (MrgScrollable *scrollable,
                             guint          index,
                             GValue        *value)
{
  switch (index)
    {
    case HADJUSTMENT:
      g_value_set_object (value, scrollable->hadj);
      return TRUE;
    case VADJUSTMENT:
      g_value_set_object (value, scrollable->vadj);
      return TRUE;
    case HSCROLL_POLICY:
      g_value_set_enum (value, scrollable->hscroll_policy);
      return TRUE;
    case VSCROLL_POLICY:
      g_value_set_enum (value, scrollable->vscroll_policy);
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
mrg_scrollable_set_property (MrgScrollable *scrollable,
                             guint          index,
                             const GValue  *value)
{
  switch (index)
    {
    case HADJUSTMENT:
      set_adjustment (scrollable, &scrollable->hadj, g_value_get_object (value));
      return TRUE;
    case VADJUSTMENT:
      set_adjustment (scrollable, &scrollable->vadj, g_value_get_object (value));
      return TRUE;
    case HSCROLL_POLICY:
      scrollable->hscroll_policy = g_value_get_enum (value);
      return TRUE;
    case VSCROLL_POLICY:
      scrollable->vscroll_policy = g_value_get_enum (value);
      return TRUE;
    default:
      return FALSE;
    }
}

void
mrg_scrollable_dispose (MrgScrollable *scrollable)
{
  if (scrollable->hadj != NULL)
    g_signal_handlers_disconnect_by_data (scrollable->hadj, scrollable->widget);
  if (scrollable->vadj != NULL)
    g_signal_handlers_disconnect_by_data (scrollable->vadj, scrollable->widget);
  g_clear_object (&scrollable->hadj);
  g_clear_object (&scrollable->vadj);
}

gboolean
mrg_widget_set_model (gpointer               widget,
                      MrgPageModel         **slot,
                      MrgPageModel          *model,
                      const MrgModelHandler *handlers)
{
  /* Setting the same model again must keep the handlers connected. */
  if (*slot == model)
    return FALSE;
  mrg_widget_clear_model (widget, slot);
  g_set_object (slot, model);
  for (const MrgModelHandler *h = handlers; model != NULL && h->signal != NULL; h++)
    g_signal_connect_swapped (model, h->signal, h->callback, widget);
  return TRUE;
}

void
mrg_widget_clear_model (gpointer        widget,
                        MrgPageModel  **slot)
{
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, widget);
  g_clear_object (slot);
}

void
mrg_snapshot_append_outline (GtkSnapshot           *snapshot,
                             const graphene_rect_t *rect,
                             double                 width,
                             const GdkRGBA         *color)
{
  GskRoundedRect outline;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  g_return_if_fail (GTK_IS_SNAPSHOT (snapshot));

  gsk_rounded_rect_init_from_rect (&outline, rect, 0);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

typedef struct
{
  GtkNativeDialog **slot;
  MrgChosenFunc chosen;
  gpointer data;
} ChooserData;

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     ChooserData     *cd)
{
  GtkNativeDialog **slot = cd->slot;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) paths = NULL;

      for (guint i = 0; files != NULL && i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            g_strv_builder_add (builder, path);
        }
      paths = g_strv_builder_end (builder);
      cd->chosen (cd->data, (const char * const *) paths);
    }
  /* Last: clearing the slot lets go of the chooser, and of cd with it. */
  mrg_chooser_clear (slot);
}

void
mrg_chooser_show (GtkNativeDialog      **slot,
                  GtkFileChooserNative  *chooser,
                  MrgChosenFunc          chosen,
                  gpointer               data)
{
  ChooserData *cd;

  g_return_if_fail (slot != NULL);
  g_return_if_fail (GTK_IS_FILE_CHOOSER_NATIVE (chooser));
  g_return_if_fail (chosen != NULL);

  cd = g_new0 (ChooserData, 1);
  cd->slot = slot;
  cd->chosen = chosen;
  cd->data = data;
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response_cb), cd,
                         (GClosureNotify) g_free, 0);
  g_set_object (slot, GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
  gtk_native_dialog_set_modal (*slot, TRUE);
  gtk_native_dialog_show (*slot);
}

void
mrg_chooser_clear (GtkNativeDialog **slot)
{
  g_return_if_fail (slot != NULL);

  if (*slot != NULL)
    gtk_native_dialog_destroy (*slot);
  g_clear_object (slot);
}

char *
mrg_missing_scan_message (const char *path)
{
  g_autofree char *shown = g_filename_display_name (path);

  /* Translators: said of a page whose scan file is gone, as a tooltip and a message */
  return g_strdup_printf (_("%s is no longer there. Find Moved Scans in the main menu looks for "
                            "it by its content."), shown);
}

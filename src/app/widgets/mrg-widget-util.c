/* mrg-widget-util.c: what the app's drawn widgets share: GtkScrollable properties, model signals
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-widget-util"

#include "config.h"

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

/* mrg-window-layouts.c: Table ▸ Layout, which set of columns the document's tables are read
 * with: another layout of the project, or a new one of its own
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mrg-store-layouts.h"
#include "mrg-window-private.h"

static GActionMap *
get_layout_group (MrgWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "mrg-layout-group");
}

/* The layout of the table shown; 0 when there is none. */
static gint64
shown_layout (MrgWindow *self)
{
  MrgTable *table = mrg_page_model_get_table (self->model);

  if (self->store == NULL || table == NULL)
    return 0;
  return mrg_store_get_table_layout (self->store, table->table_id, NULL);
}

/* A name as a menu shows it: a file name's "_" is not a mnemonic. */
static char *
menu_label (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "_", -1);

  return g_strjoinv ("__", parts);
}

void
_mrg_window_update_layouts (MrgWindow *self)
{
  GActionMap *group = get_layout_group (self);
  gint64 current;
  gboolean enabled;

  if (group == NULL)
    return;
  current = shown_layout (self);
  enabled = current != 0 && !_mrg_window_is_busy (self);
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (group, "use")),
                             g_variant_new_int64 (current));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (group, "use")),
                               enabled);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (group, "new")),
                               enabled);
}

/* The project's layouts, listed afresh each time the Table menu opens (a list of every layout
 * at every change of the table shown would cost a query of all tables per edit). */
static void
list_layouts (MrgWindow *self)
{
  g_autoptr(GPtrArray) layouts = NULL;
  gint64 current;

  g_menu_remove_all (self->layout_section);
  if (self->store != NULL)
    layouts = mrg_store_list_layouts (self->store, NULL);
  current = shown_layout (self);
  for (guint i = 0; layouts != NULL && i < layouts->len; i++)
    {
      const MrgLayout *layout = g_ptr_array_index (layouts, i);
      g_autofree char *name = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      /* one that no table is read with any longer (its document went back to another) */
      if (layout->n_tables == 0 && layout->id != current)
        continue;
      name = menu_label (layout->name);
      /* Translators: a layout in the Table menu: its name and how many columns it has */
      label = g_strdup_printf (ngettext ("%s (%u column)", "%s (%u columns)",
                                         layout->columns->len),
                               name, layout->columns->len);
      item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "layout.use",
                                               g_variant_new_int64 (layout->id));
      g_menu_append_item (self->layout_section, item);
    }
  _mrg_window_update_layouts (self);
}

/* Reads every table of the shown page's document with the layout, in one undo step; `make`
 * first makes it, with the columns the document is read with now, under `name`. */
static gboolean
give_document_layout (MrgWindow   *self,
                      gint64       layout_id,
                      const char  *name,
                      guint       *out_n_tables,
                      GError     **error)
{
  const MrgPageRecord *page = mrg_page_model_get_page (self->model);
  gint64 from = shown_layout (self);
  gboolean ok;

  mrg_grid_editor_commit (self->grid_editor);
  if (!mrg_store_begin (self->store, error))
    return FALSE;
  mrg_store_begin_group (self->store);
  if (layout_id == 0)
    {
      layout_id = mrg_store_create_layout (self->store, name, error);
      ok = layout_id != 0 && mrg_store_copy_layout_columns (self->store, from, layout_id, error);
    }
  else
    ok = TRUE;
  ok = ok && mrg_store_set_document_layout (self->store, page->document_id, layout_id,
                                            out_n_tables, error);
  mrg_store_end_group (self->store);
  if (!ok)
    {
      mrg_store_rollback (self->store);
      return FALSE;
    }
  return mrg_store_commit (self->store, error);
}

static void
say_document_layout (MrgWindow  *self,
                     guint       n_tables,
                     const char *name)
{
  const MrgPageRecord *page = mrg_page_model_get_page (self->model);
  g_autofree char *base = g_path_get_basename (page->path);
  /* Translators: "2 tables of list-5.jpg are now read with layout “list-4.jpg, page 1”" */
  g_autofree char *message = g_strdup_printf (ngettext ("%u table of %s is now read with layout "
                                                        "“%s”",
                                                        "%u tables of %s are now read with layout "
                                                        "“%s”", n_tables),
                                              n_tables, base, name);

  mrg_window_show_message (self, message);
}

static void
use_change_state_cb (GSimpleAction *action,
                     GVariant      *value,
                     MrgWindow     *self)
{
  gint64 layout_id = g_variant_get_int64 (value);
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgLayout) layout = NULL;
  guint n_tables = 0;

  if (self->store == NULL || layout_id == shown_layout (self))
    return;
  layout = mrg_store_get_layout (self->store, layout_id, &error);
  if (layout == NULL || !give_document_layout (self, layout_id, NULL, &n_tables, &error))
    {
      mrg_window_show_message (self, error->message);
      return;
    }
  say_document_layout (self, n_tables, layout->name);
}

/* A name no layout has yet: the file and page, as OCR names the layout it makes. */
static char *
new_layout_name (MrgWindow *self)
{
  const MrgPageRecord *page = mrg_page_model_get_page (self->model);
  g_autofree char *base = g_path_get_basename (page->path);
  /* Translators: the name of a new layout: the file and page it was first read from */
  g_autofree char *name = g_strdup_printf (_("%s, page %d"), base, page->number);
  char *unique = g_strdup (name);

  for (guint n = 2; mrg_store_find_layout (self->store, unique, NULL) != 0; n++)
    {
      g_free (unique);
      unique = g_strdup_printf ("%s (%u)", name, n);
    }
  return unique;
}

static void
new_activate_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 MrgWindow     *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint n_tables = 0;

  if (self->store == NULL || shown_layout (self) == 0)
    return;
  name = new_layout_name (self);
  if (!give_document_layout (self, 0, name, &n_tables, &error))
    {
      mrg_window_show_message (self, error->message);
      return;
    }
  say_document_layout (self, n_tables, name);
}

void
_mrg_window_layouts_init (MrgWindow *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) use = g_simple_action_new_stateful ("use", G_VARIANT_TYPE_INT64,
                                                                g_variant_new_int64 (0));
  g_autoptr(GSimpleAction) new = g_simple_action_new ("new", NULL);

  g_signal_connect (use, "change-state", G_CALLBACK (use_change_state_cb), self);
  g_signal_connect (new, "activate", G_CALLBACK (new_activate_cb), self);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (use));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (new));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "layout", G_ACTION_GROUP (group));
  /* kept by the window too: GTK 4.8 has no gtk_widget_get_action_group() */
  g_object_set_data_full (G_OBJECT (self), "mrg-layout-group", g_object_ref (group),
                          g_object_unref);
  g_signal_connect_swapped (self->model, "table-changed", G_CALLBACK (_mrg_window_update_layouts),
                            self);
  g_signal_connect_swapped (gtk_menu_button_get_popover (self->table_menu_button), "show",
                            G_CALLBACK (list_layouts), self);
}

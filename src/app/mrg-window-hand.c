/* mrg-window-hand.c: tables a person types by hand: the grid without OCR text, drawing a table
 * and its separators with the tools under the page, clearing a table's text, and the OCR
 * languages of a layout or document
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mrg-ocr.h"
#include "mrg-pipeline.h"
#include "mrg-store-layouts.h"
#include "mrg-table-text.h"
#include "mrg-window-private.h"

static const struct
{
  const char *name;
  MrgPageTool tool;
} tools[] = {
  { "none", MRG_PAGE_TOOL_NONE },
  { "table", MRG_PAGE_TOOL_TABLE },
  { "columns", MRG_PAGE_TOOL_COLUMNS },
  { "rows", MRG_PAGE_TOOL_ROWS },
};

static GSimpleActionGroup *
get_tool_group (MrgWindow *self)
{
  /* kept by the window too: GTK 4.8 has no gtk_widget_get_action_group() */
  return g_object_get_data (G_OBJECT (self), "mrg-tool-group");
}

static void
set_tool (MrgWindow  *self,
          const char *name)
{
  g_action_group_change_action_state (G_ACTION_GROUP (get_tool_group (self)), "mode",
                                      g_variant_new_string (name));
}

static void
mode_change_state_cb (GSimpleAction *action,
                      GVariant      *value,
                      MrgWindow     *self)
{
  const char *name = g_variant_get_string (value, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    if (g_str_equal (name, tools[i].name))
      {
        mrg_page_view_set_tool (self->page_view, tools[i].tool);
        g_simple_action_set_state (action, value);
      }
}

/* The menu's OCR languages show the page's: its layout's, else its document's. */
static void
update_lang_state (MrgWindow *self)
{
  GAction *lang = g_action_map_lookup_action (G_ACTION_MAP (get_tool_group (self)), "lang");
  gint64 page_id = mrg_page_model_get_page_id (self->model);
  g_autofree char *current = NULL;

  if (self->store != NULL && page_id != 0)
    current = mrg_store_get_page_ocr_lang (self->store, page_id, NULL);
  g_simple_action_set_state (G_SIMPLE_ACTION (lang),
                             g_variant_new_string (current != NULL ? current : ""));
}

/* What a choice in the menu means: "Automatic" is Preferences' languages, else each page's
 * script (see mrg-pipeline.h), else the project's (muragat-cli ocr --lang). */
static const char *
describe_page_lang (MrgWindow  *self,
                    gboolean    layout,
                    const char *lang)
{
  g_autofree char *preferred = NULL;
  gint64 page_id;

  if (*lang != '\0')
    return layout ? _("The tables of this layout are read in the chosen languages")
                  : _("This document is read in the chosen languages");
  preferred = g_settings_get_string (self->settings, "ocr-languages");
  if (*preferred != '\0')
    return layout ? _("The tables of this layout are read in the languages set in Preferences")
                  : _("This document is read in the languages set in Preferences");
  page_id = mrg_page_model_get_page_id (self->model);
  if (mrg_pipeline_reads_by_script (self->store, preferred, &page_id, 1))
    return layout ? _("The tables of this layout are read in the languages of their script")
                  : _("This document is read in the languages of its script");
  return layout ? _("The tables of this layout are read in the project’s languages")
                : _("This document is read in the project’s languages");
}

/* A layout's languages when the page's table has one (every page read with it), else the
 * document's. */
static gboolean
set_page_lang (MrgWindow   *self,
               const char  *lang,
               GError     **error)
{
  const MrgPageRecord *page = mrg_page_model_get_page (self->model);
  MrgTable *table = mrg_page_model_get_table (self->model);
  g_autoptr(GError) local = NULL;
  gint64 layout_id = 0;
  gboolean ok;

  if (table != NULL)
    {
      layout_id = mrg_store_get_table_layout (self->store, table->table_id, &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  if (!mrg_store_begin (self->store, error))
    return FALSE;
  ok = layout_id != 0 ? mrg_store_set_layout_lang (self->store, layout_id, lang, error)
                      : mrg_store_set_document_lang (self->store, page->document_id, lang, error);
  if (!ok)
    {
      mrg_store_rollback (self->store);
      return FALSE;
    }
  if (!mrg_store_commit (self->store, error))
    return FALSE;
  mrg_window_show_message (self, describe_page_lang (self, layout_id != 0, lang));
  return TRUE;
}

static void
lang_change_state_cb (GSimpleAction *action,
                      GVariant      *value,
                      MrgWindow     *self)
{
  const char *lang = g_variant_get_string (value, NULL);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || mrg_page_model_get_page (self->model) == NULL)
    return;
  /* "language deu is not installed", rather than a failed reading later */
  if ((*lang != '\0' && !mrg_ocr_check_languages (lang, &error)) ||
      !set_page_lang (self, lang, &error))
    {
      mrg_window_show_message (self, error->message);
      return;
    }
  update_lang_state (self);
}

/* A table just drawn: its columns come next, and typing goes into its first cell. */
static void
table_drawn_cb (MrgPageView *view,
                gint64       table_id,
                MrgWindow   *self)
{
  mrg_page_model_set_table_id (self->model, table_id);
  mrg_page_model_set_cursor (self->model, 0, 0);
  set_tool (self, "columns");
  gtk_widget_grab_focus (GTK_WIDGET (self->grid_editor));
  mrg_window_show_message (self, _("Click on the page to add columns, then choose + Row for "
                                   "rows; type in the cells (Tab: next cell, Enter: below)"));
}

static void
grid_only_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _mrg_window_run_pipeline (MRG_WINDOW (widget), FALSE, TRUE);
}

static void
add_table_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MrgWindow *self = MRG_WINDOW (widget);

  set_tool (self, "table");
  mrg_window_show_message (self, _("Drag a rectangle around the new table"));
}

static void
clear_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   MrgWindow        *self)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table = mrg_page_model_get_table (self->model);

  if (!g_str_equal (response, "clear") || table == NULL || self->store == NULL)
    return;
  mrg_grid_editor_commit (self->grid_editor);
  if (!mrg_table_clear_text (self->store, table, NULL, &error))
    mrg_window_show_message (self, error->message);
}

static void
clear_text_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  static const MrgWindowAnswers answers = { "cancel", N_("_Cancel"), "clear", N_("C_lear") };
  MrgWindow *self = MRG_WINDOW (widget);
  MrgTable *table = mrg_page_model_get_table (self->model);
  g_autofree char *body = NULL;
  guint n;

  if (table == NULL)
    return;
  mrg_grid_editor_commit (self->grid_editor);
  n = mrg_table_count_text (table);
  if (n == 0)
    {
      mrg_window_show_message (self, _("This table holds no text"));
      return;
    }
  body = g_strdup_printf (ngettext ("The text of %u cell of this table is removed. Undo brings "
                                    "it back.",
                                    "The text of %u cells of this table is removed. Undo brings "
                                    "it back.", n), n);
  _mrg_window_ask (self, _("Clear Table Text?"), body, &answers, G_CALLBACK (clear_response_cb));
}

void
_mrg_window_class_hand_init (MrgWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "ocr.grid-only", NULL, grid_only_action);
  gtk_widget_class_install_action (widget_class, "table.add", NULL, add_table_action);
  gtk_widget_class_install_action (widget_class, "table.clear-text", NULL, clear_text_action);
}

void
_mrg_window_hand_init (MrgWindow *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) mode = g_simple_action_new_stateful ("mode", G_VARIANT_TYPE_STRING,
                                                                 g_variant_new_string ("none"));
  g_autoptr(GSimpleAction) lang = g_simple_action_new_stateful ("lang", G_VARIANT_TYPE_STRING,
                                                                 g_variant_new_string (""));

  g_signal_connect (mode, "change-state", G_CALLBACK (mode_change_state_cb), self);
  g_signal_connect (lang, "change-state", G_CALLBACK (lang_change_state_cb), self);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (mode));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (lang));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "tool", G_ACTION_GROUP (group));
  g_object_set_data_full (G_OBJECT (self), "mrg-tool-group", g_object_ref (group),
                          g_object_unref);
  g_signal_connect (self->page_view, "table-drawn", G_CALLBACK (table_drawn_cb), self);
  g_signal_connect_swapped (self->model, "table-changed", G_CALLBACK (update_lang_state), self);
}

void
_mrg_window_update_hand_actions (MrgWindow *self)
{
  gboolean page = self->store != NULL && mrg_page_model_get_page_id (self->model) != 0;
  GSimpleActionGroup *group = get_tool_group (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ocr.grid-only",
                                 page && !_mrg_window_is_busy (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.add", page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.clear-text",
                                 page && mrg_page_model_get_table (self->model) != NULL);
  if (group == NULL)
    return;
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (group),
                                                                            "mode")), page);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (group),
                                                                            "lang")), page);
}

/* test-hand.c: tables typed by hand, driven in a real window under Xvfb: the grid without OCR
 * text on a handwritten register, a table drawn with the visible tools and typed into, clearing
 * a table's text and undoing it
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-hand"

#include "config.h"

#include <adwaita.h>

#include "mrg-grid-editor.h"
#include "mrg-grid-logic.h"
#include "mrg-page-view.h"
#include "mrg-pipeline.h"
#include "mrg-test-display.h"
#include "mrg-test-project.h"
#include "mrg-window-private.h"
#include "mrg-window.h"
#include "mrg-store-testing.h"

static const char *tmpdir;
static char *project;

static gint64
query_int (const char *sql)
{
  return mrg_test_read_int (project, sql);
}

static char *
query_text (const char *sql)
{
  return mrg_test_read_text (project, sql, NULL);
}

static MrgWindow *
open_window (void)
{
  MrgWindow *window = g_object_new (MRG_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1500, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (mrg_window_open_project (window, project));
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_settle ();
  mrg_test_focus_window (GTK_WINDOW (window));
  return window;
}

static void
close_window (MrgWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
}

static gboolean
not_busy (gpointer data)
{
  return !_mrg_window_is_busy (data);
}

/* Clicks the middle of a widget of the window, as a person would. */
static void
click_widget (GtkWidget *widget)
{
  mrg_test_click (widget, gtk_widget_get_width (widget) / 2.0,
                  gtk_widget_get_height (widget) / 2.0, "1", NULL);
}

static void
key (const char *name)
{
  mrg_test_xdotool ("key", name, NULL);
}

/* The tool button under the page for tool.mode `name`, as a person sees it. */
static GtkWidget *
find_tool (GtkWidget  *widget,
           const char *name)
{
  if (GTK_IS_TOGGLE_BUTTON (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "tool.mode") == 0
      && g_str_equal (g_variant_get_string (gtk_actionable_get_action_target_value (
                                              GTK_ACTIONABLE (widget)), NULL), name))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tool (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Grid only on a handwritten register (Kurrent, which tesseract cannot read): a table with its
 * rows and columns and every cell empty, for a person to type; the page is in progress. */
static void
test_grid_only (void)
{
  MrgWindow *window = open_window ();
  MrgTable *table;

  g_assert_cmpint (query_int ("SELECT count(*) FROM tables"), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "ocr.grid-only", NULL);
  g_assert_true (mrg_test_wait_for (not_busy, window));
  mrg_test_settle ();

  g_assert_cmpint (query_int ("SELECT count(*) FROM tables"), >=, 1);
  g_assert_cmpint (query_int ("SELECT count(*) FROM cells"), >=, 50);
  g_assert_cmpint (query_int ("SELECT count(*) FROM cells WHERE text <> ''"
                              " OR ocr_text IS NOT NULL"), ==, 0);
  g_assert_cmpint (query_int ("SELECT count(*) FROM pages WHERE status = 'in-progress'"), ==, 1);
  table = mrg_page_model_get_table (_mrg_window_get_model (window));
  g_assert_nonnull (table);
  g_assert_cmpuint (table->n_cols, >=, 4);
  g_assert_cmpuint (table->rows->len, >=, 10);
  mrg_test_save_screenshot (GTK_WIDGET (window), "hand-grid-only.png");
  close_window (window);
}

/* Right-clicks cell (row, col) of the grid, as a person opens its context menu, and returns the
 * label its header row command shows, the menu closed again. */
static char *
header_command_label (MrgGridEditor *editor,
                      guint          row,
                      guint          col)
{
  graphene_rect_t rect;
  GtkWidget *menu;
  GMenuModel *model;
  char *label = NULL;

  g_assert_true (mrg_grid_editor_get_cell_rect (editor, row, col, &rect));
  menu = mrg_test_open_context_menu (GTK_WIDGET (editor), rect.origin.x + 10, rect.origin.y + 8);
  model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu));
  for (int s = 0; s < g_menu_model_get_n_items (model); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (model, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action)
              && g_str_equal (action, "grid.toggle-header"))
            g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL,
                                                            "s", &label));
        }
      g_clear_object (&section);
    }
  gtk_popover_popdown (GTK_POPOVER (menu));
  mrg_test_settle ();
  g_assert_nonnull (label);
  return label;
}

static char *
column_title (MrgWindow *window,
              guint      col)
{
  return mrg_grid_column_title (mrg_page_model_get_table (_mrg_window_get_model (window)), col);
}

/* The grid found on a handwritten register has numbered columns and no header row. The person
 * marks the first row as the header row (the grid's context menu) and types the header into it:
 * each column takes the name typed, the CSV header with it, and Ctrl+Z takes a name back with
 * its text. Unmarked, the row takes back the names it gave. */
static void
test_header_row (void)
{
  MrgWindow *window = open_window ();
  MrgPageModel *model = _mrg_window_get_model (window);
  MrgGridEditor *editor = _mrg_window_get_grid_editor (window);
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;

  g_assert_true (mrg_page_model_set_table_index (model, 0));
  mrg_test_settle ();
  title = column_title (window, 1);
  g_assert_cmpstr (title, ==, "Column 2");
  g_assert_false (mrg_table_get_row (mrg_page_model_get_table (model), 0)->header);

  /* the command the context menu of row 0 offers, then what it does */
  mrg_test_focus_window (GTK_WINDOW (window));
  label = header_command_label (editor, 0, 1);
  g_assert_cmpstr (label, ==, "Mark as Header Row");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "grid.toggle-header", NULL));
  mrg_test_settle ();
  g_assert_true (mrg_table_get_row (mrg_page_model_get_table (model), 0)->header);

  /* typed as a person types: into row 0 column 1, Tab, column 2 */
  mrg_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (editor));
  mrg_page_model_set_cursor (model, 0, 1);
  mrg_test_settle ();
  mrg_test_xdotool ("type", "--delay", "60", "Name", NULL);
  key ("Tab");
  mrg_test_xdotool ("type", "--delay", "60", "Ort", NULL);
  key ("Tab");
  mrg_test_settle ();
  g_clear_pointer (&title, g_free);
  title = column_title (window, 1);
  g_assert_cmpstr (title, ==, "Name");
  g_clear_pointer (&title, g_free);
  title = column_title (window, 2);
  g_assert_cmpstr (title, ==, "Ort");
  name = query_text ("SELECT name FROM layout_columns WHERE position = 2"
                     " AND layout_id = (SELECT layout_id FROM tables ORDER BY id LIMIT 1)");
  g_assert_cmpstr (name, ==, "Ort");
  mrg_test_save_screenshot (GTK_WIDGET (window), "hand-header-row.png");

  /* one step takes back "Ort" and the name it gave */
  key ("ctrl+z");
  mrg_test_settle ();
  g_clear_pointer (&title, g_free);
  title = column_title (window, 2);
  g_assert_cmpstr (title, ==, "Column 3");
  g_assert_cmpstr (mrg_table_get_cell (mrg_page_model_get_table (model), 0, 2)->text, ==, "");
  g_clear_pointer (&title, g_free);
  title = column_title (window, 1);
  g_assert_cmpstr (title, ==, "Name");

  /* unmarked (the cursor is still on the row), it takes back the name it gave */
  g_clear_pointer (&label, g_free);
  label = header_command_label (editor, 0, 1);
  g_assert_cmpstr (label, ==, "Unmark Header Row");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "grid.toggle-header", NULL));
  mrg_test_settle ();
  g_assert_false (mrg_table_get_row (mrg_page_model_get_table (model), 0)->header);
  g_clear_pointer (&title, g_free);
  title = column_title (window, 1);
  g_assert_cmpstr (title, ==, "Column 2");
  close_window (window);
}

/* Draw Table, then + Column and + Row clicks, all with the pointer; typing goes into the new
 * table's first cell at once, Tab to the right, Enter down. The page already has tables: this
 * one is added beside them. */
static void
test_draw_table (void)
{
  MrgWindow *window = open_window ();
  MrgPageModel *model = _mrg_window_get_model (window);
  const MrgPageRecord *page = mrg_page_model_get_page (model);
  GtkWidget *draw = find_tool (GTK_WIDGET (window), "table");
  GtkWidget *rows_tool = find_tool (GTK_WIDGET (window), "rows");
  gint64 n_tables = query_int ("SELECT count(*) FROM tables");
  /* a rectangle in the page's lower left, below the register's rows */
  double x1 = page->width * 0.05, y1 = page->height * 0.90;
  double x2 = page->width * 0.35, y2 = page->height * 0.98;
  double w = x2 - x1, h = y2 - y1;
  MrgPageView *view = _mrg_window_get_page_view (window);
  double vx1, vy1, vx2, vy2;
  g_autofree char *texts = NULL;
  MrgTable *table;

  g_assert_cmpint (n_tables, >=, 1);
  mrg_page_model_set_fit_mode (model, MRG_FIT_PAGE);
  mrg_test_settle ();

  /* the visible tool, clicked as a person clicks it */
  g_assert_true (gtk_widget_get_sensitive (draw));
  click_widget (draw);
  g_assert_cmpint (mrg_page_view_get_tool (_mrg_window_get_page_view (window)), ==,
                   MRG_PAGE_TOOL_TABLE);
  mrg_page_view_page_to_view (view, x1, y1, &vx1, &vy1);
  mrg_page_view_page_to_view (view, x2, y2, &vx2, &vy2);
  mrg_test_drag (GTK_WIDGET (view), vx1, vy1, vx2, vy2);

  g_assert_cmpint (query_int ("SELECT count(*) FROM tables"), ==, n_tables + 1);
  g_assert_cmpint (mrg_page_view_get_tool (_mrg_window_get_page_view (window)), ==,
                   MRG_PAGE_TOOL_COLUMNS);
  g_assert_true (gtk_toggle_button_get_active (
                   GTK_TOGGLE_BUTTON (find_tool (GTK_WIDGET (window), "columns"))));
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, (guint) n_tables);

  mrg_test_click_page (GTK_WIDGET (window), x1 + w / 3, y1 + h / 2);
  mrg_test_click_page (GTK_WIDGET (window), x1 + 2 * w / 3, y1 + h / 2);

  click_widget (rows_tool);
  mrg_test_click_page (GTK_WIDGET (window), x1 + w / 2, y1 + h / 3);
  mrg_test_click_page (GTK_WIDGET (window), x1 + w / 2, y1 + 2 * h / 3);

  /* three columns and three rows of cells (the table shows the columns of the layout it took
   * from the table before it, as a list running on does) */
  table = mrg_page_model_get_table (model);
  g_assert_cmpuint (table->col_seps->len, ==, 2);
  g_assert_cmpuint (table->row_seps->len, ==, 2);
  g_assert_cmpuint (table->rows->len, ==, 3);
  g_assert_cmpint (g_array_index (table->row_seps, int, 0), <, y1 + h / 2);
  g_assert_cmpint (g_array_index (table->row_seps, int, 1), >, y1 + h / 2);

  /* typing fast: the cursor is in the first cell, and the clicks did not take the keys away */
  mrg_page_model_set_cursor (model, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (_mrg_window_get_grid_editor (window)));
  mrg_test_settle ();
  mrg_test_xdotool ("type", "--delay", "60", "Name", NULL);
  key ("Tab");
  mrg_test_xdotool ("type", "--delay", "60", "Ort", NULL);
  key ("Return");
  mrg_test_xdotool ("type", "--delay", "60", "1834", NULL);
  key ("Return");

  texts = query_text ("SELECT group_concat (r.idx || ':' || c.col || '=' || c.text, ' ')"
                      " FROM cells c JOIN rows r ON r.id = c.row_id"
                      " WHERE r.table_id = (SELECT max(id) FROM tables) AND c.text <> ''"
                      " ORDER BY r.idx, c.col");
  g_test_message ("typed: %s", texts);
  g_assert_cmpstr (texts, ==, "0:0=Name 0:1=Ort 1:1=1834");
  mrg_test_save_screenshot (GTK_WIDGET (window), "hand-draw-table.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "tool.mode", "s", "none");
  close_window (window);
}

static gpointer
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gpointer found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item))
        found = item;
    }
  return found;
}

/* Clear Table Text asks first, saying how many cells hold text; it is one undo step. */
static void
test_clear_text (void)
{
  MrgWindow *window = open_window ();
  MrgPageModel *model = _mrg_window_get_model (window);
  AdwMessageDialog *dialog;
  gint64 table_id;
  g_autofree char *sql = NULL;

  g_assert_true (mrg_page_model_set_table_index (model, mrg_page_model_get_n_tables (model) - 1));
  table_id = mrg_page_model_get_table (model)->table_id;
  sql = g_strdup_printf ("SELECT count(*) FROM cells c JOIN rows r ON r.id = c.row_id"
                         " WHERE r.table_id = %" G_GINT64_FORMAT " AND c.text <> ''", table_id);
  g_assert_cmpint (query_int (sql), ==, 3);

  gtk_widget_activate_action (GTK_WIDGET (window), "table.clear-text", NULL);
  mrg_test_settle ();
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "3 cells"));
  mrg_test_save_screenshot (GTK_WIDGET (dialog), "hand-clear-text.png");
  adw_message_dialog_response (dialog, "clear");
  mrg_test_settle ();
  g_assert_cmpint (query_int (sql), ==, 0);

  /* one step undoes it all */
  gtk_widget_activate_action (GTK_WIDGET (window), "edit.undo", NULL);
  mrg_test_settle ();
  g_assert_cmpint (query_int (sql), ==, 3);
  close_window (window);
}

/* Sets the page's OCR languages from Table ▸ OCR Languages and waits for what the window says
 * of them: `layout_text` when the page's table has a layout (the choice is the layout's),
 * `document_text` when not. */
static void
choose_languages (MrgWindow  *window,
                  const char *lang,
                  const char *layout_text,
                  const char *document_text)
{
  GActionGroup *group = g_object_get_data (G_OBJECT (window), "mrg-tool-group");
  g_autofree char *sql = NULL;
  gint64 layouts;

  g_action_group_change_action_state (group, "lang", g_variant_new_string (lang));
  mrg_test_settle ();
  sql = g_strdup_printf ("SELECT count(*) FROM layouts l JOIN tables t ON t.layout_id = l.id"
                         " WHERE l.lang = '%s'", lang);
  layouts = query_int (sql);
  g_assert_true (mrg_test_wait_for_toast (GTK_WIDGET (window),
                                          layouts > 0 ? layout_text : document_text));
  g_assert_cmpstr (g_variant_get_string (g_action_group_get_action_state (group, "lang"), NULL),
                   ==, lang);
}

/* The OCR languages of the page: chosen, then Automatic again, which is its script's while
 * neither Preferences nor the project names any, and the project's once it does. */
static void
test_ocr_languages (void)
{
  MrgWindow *window = open_window ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;

  choose_languages (window, "eng", "The tables of this layout are read in the chosen languages",
                    "This document is read in the chosen languages");
  g_assert_cmpint (query_int ("SELECT count(*) FROM layouts WHERE lang = 'eng'")
                   + query_int ("SELECT count(*) FROM documents WHERE lang = 'eng'"), ==, 1);
  choose_languages (window, "",
                    "The tables of this layout are read in the languages of their script",
                    "This document is read in the languages of its script");
  g_assert_cmpint (query_int ("SELECT count(*) FROM layouts WHERE lang <> ''")
                   + query_int ("SELECT count(*) FROM documents WHERE lang <> ''"), ==, 0);

  /* muragat-cli ocr --lang rus leaves the project's languages in the file */
  store = mrg_store_open (project, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_begin (store, &error) &&
                 mrg_store_set_meta (store, MRG_PIPELINE_META_LANG, "rus", &error) &&
                 mrg_store_commit (store, &error));
  g_assert_no_error (error);
  choose_languages (window, "", "The tables of this layout are read in the project’s languages",
                    "This document is read in the project’s languages");
  g_assert_true (mrg_store_begin (store, &error) &&
                 mrg_store_set_meta (store, MRG_PIPELINE_META_LANG, "", &error) &&
                 mrg_store_commit (store, &error));
  g_assert_no_error (error);
  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autofree char *scan = NULL;
  const char *scans[2] = { NULL, NULL };

  if (!mrg_test_display_init (&argc, &argv, "hand", &tmpdir))
    return 77;
  adw_init ();
  mrg_test_set_hang_seconds (120);

  scan = mrg_test_corpus_path ("abp-passau-tables/S_Uttlau_028_0033.jpg");
  scans[0] = scan;
  project = g_build_filename (tmpdir, "register.muragat", NULL);
  store = mrg_test_make_project (project, scans, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* in this order: the grid found, its header typed, a table drawn beside it, the drawn
   * table's text cleared */
  g_test_add_func ("/hand/grid-only/handwritten-page", test_grid_only);
  g_test_add_func ("/hand/grid-only/header-row", test_header_row);
  g_test_add_func ("/hand/draw-table/tools-and-typing", test_draw_table);
  g_test_add_func ("/hand/clear-text/confirm-and-undo", test_clear_text);
  g_test_add_func ("/hand/ocr-languages", test_ocr_languages);
  return mrg_test_display_run ();
}

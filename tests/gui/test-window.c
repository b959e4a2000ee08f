/* test-window.c: drives the real window under Xvfb with real key and mouse events (xdotool) and
 * checks what the project file holds afterwards
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys go through the X server (XTEST), so they take the same path as a person's: GDK, the
 * window's shortcut controllers, the grid editor's key controller and its GtkText. */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mrg-grid-edit.h"
#include "mrg-grid-editor.h"
#include "mrg-grid-logic.h"
#include "mrg-page-view.h"
#include "mrg-preferences-window.h"
#include "mrg-search-panel.h"
#include "mrg-test-display.h"
#include "mrg-test-project.h"
#include "mrg-window-private.h"
#include "mrg-window.h"
#include "mrg-store-testing.h"

static const char *tmpdir;
static char *project;

/* ---- warnings ---- */

static guint unexpected_warnings;

/* GTK 4.8's GtkShortcutsWindow warns about a keycap label's width under libadwaita 1.2's style
 * sheet. That one is GTK's own; any other warning fails the test. */
static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL))
    {
      const char *message = NULL;

      for (gsize i = 0; i < n_fields; i++)
        if (g_strcmp0 (fields[i].key, "MESSAGE") == 0)
          message = fields[i].value;
      if (message == NULL || strstr (message, "reported min width") == NULL)
        unexpected_warnings++;
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
assert_no_warnings (void)
{
  g_assert_cmpuint (unexpected_warnings, ==, 0);
}

/* ---- keys and text (the main loop and xdotool: mrg-test-display.c) ---- */

static void
key (const char *keys)
{
  mrg_test_xdotool ("key", "--delay", "60", keys, NULL);
}

static void
type (const char *text)
{
  /* With every letter on a key of its own, xdotool has nothing to remap while it types. */
  mrg_test_prepare_keymap (text);
  mrg_test_xdotool ("type", "--delay", "40", text, NULL);
}

/* ---- the window ---- */

static MrgWindow *
open_window (const char *path)
{
  MrgWindow *window = g_object_new (MRG_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  if (path != NULL)
    g_assert_true (mrg_window_open_project (window, path));
  mrg_test_settle ();
  return window;
}

static double fitted_zoom;

static gboolean
zoom_is_fitted (gpointer data)
{
  return ABS (mrg_page_model_get_zoom (data) - fitted_zoom) < 1e-3;
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  /* What was drawn last is what is saved: let two frames pass after the last change. */
  mrg_test_wait_frames (widget, 2);
  g_assert_true (mrg_test_write_screenshot (widget, name));
}

static gboolean
ocr_done (gpointer data)
{
  return !_mrg_window_is_busy (data);
}

/* ---- reading the project file with a connection of its own ---- */

static sqlite3 *
open_db (void)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (project, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static char *
query_text (const char *sql,
            ...)
{
  sqlite3 *db = open_db ();
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;
  va_list ap;
  int n = 1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  va_start (ap, sql);
  for (int i = 0; i < sqlite3_bind_parameter_count (stmt); i++)
    sqlite3_bind_int64 (stmt, n++, va_arg (ap, gint64));
  va_end (ap);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* The text of the cell at (row idx, col) of the first page's table. */
static char *
cell_text (int row,
           int col)
{
  return query_text ("SELECT c.text FROM cells c JOIN rows r ON r.id = c.row_id"
                     " WHERE r.idx = ?1 AND c.col = ?2 AND r.table_id ="
                     " (SELECT min(id) FROM tables)",
                     (gint64) row, (gint64) col);
}

static char *
row_status (int row)
{
  return query_text ("SELECT status FROM rows WHERE idx = ?1 AND table_id ="
                     " (SELECT min(id) FROM tables)",
                     (gint64) row);
}

static gint64
first_page_id (void)
{
  g_autofree char *id = query_text ("SELECT min(id) FROM pages");

  return g_ascii_strtoll (id, NULL, 10);
}

static gboolean
draft_saved (gpointer data)
{
  g_autofree char *draft = query_text ("SELECT value FROM meta WHERE key = 'window.draft'");

  return draft != NULL && g_str_has_suffix (draft, data);
}

static void
assert_cursor (MrgWindow *window,
               int        row,
               int        col)
{
  int r, c;

  mrg_page_model_get_cursor (_mrg_window_get_model (window), &r, &c);
  g_assert_cmpint (r, ==, row);
  g_assert_cmpint (c, ==, col);
}

/* ---- tests ---- */

static void
test_start_page (void)
{
  MrgWindow *window = open_window (NULL);

  g_assert_null (mrg_window_get_project_path (window));
  save_screenshot (GTK_WIDGET (window), "window-start.png");

  /* A file that is not a project is refused with a message, and nothing is created. */
  {
    g_autofree char *bogus = g_build_filename (tmpdir, "not-a-project.muragat", NULL);

    g_assert_true (g_file_set_contents (bogus, "hello", -1, NULL));
    g_assert_false (mrg_window_open_project (window, bogus));
    g_assert_null (mrg_window_get_project_path (window));
  }
  /* The message names the file whole, however deep its folder and whatever its name holds:
   * "&" and "<" once emptied the toast (its title was Pango markup), and a long path pushed
   * what went wrong out of its one line. */
  {
    g_autofree char *folder = g_build_filename (tmpdir, "Riksarkivet RA-2246 Repatriering av "
                                                "sovjetiske krigsfanger 1945, eske 17", NULL);
    g_autofree char *bogus = g_build_filename (folder, "Lister & navn <Narvik>.muragat", NULL);
    g_autofree char *message = NULL;

    g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
    g_assert_true (g_file_set_contents (bogus, "hello", -1, NULL));
    g_assert_false (mrg_window_open_project (window, bogus));
    message = g_strdup_printf ("%s: not a Muragat project, or the file is damaged", bogus);
    g_assert_true (mrg_test_wait_for_toast (GTK_WIDGET (window), message));
    mrg_test_wait_frames (GTK_WIDGET (window), 30);   /* the first toast's fading out */
    save_screenshot (GTK_WIDGET (window), "window-long-message.png");
  }
  /* A recent project in such a folder is listed by its name and folder, as they are. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.muragat.Muragat");
    g_autofree char *folder = g_build_filename (tmpdir, "Lister & navn <1945>", NULL);
    g_autofree char *copy = g_build_filename (folder, "Narvik & Bjørnfjell.muragat", NULL);
    g_autoptr(GFile) from = g_file_new_for_path (project);
    g_autoptr(GFile) to = g_file_new_for_path (copy);
    const char *recent[] = { copy, NULL };

    g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
    g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL));
    g_assert_true (g_settings_set_strv (settings, "recent-projects", recent));
    mrg_test_settle ();
    g_assert_true (mrg_test_shows_text (GTK_WIDGET (window->recent_list), "Narvik & Bjørnfjell"));
    g_assert_true (mrg_test_shows_text (GTK_WIDGET (window->recent_list), folder));
    save_screenshot (GTK_WIDGET (window), "window-recent.png");
    g_settings_reset (settings, "recent-projects");
  }
  gtk_window_destroy (GTK_WINDOW (window));
  assert_no_warnings ();
}

static void
test_edit_verify_undo_reopen (void)
{
  MrgWindow *window;
  MrgGridEditor *editor;
  g_autofree char *text = NULL;
  g_autofree char *status = NULL;
  g_autofree char *original_12 = cell_text (1, 2);
  g_autofree char *original_20 = cell_text (2, 0);

  window = open_window (project);
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_focus_window (GTK_WINDOW (window));
  editor = _mrg_window_get_grid_editor (window);

  /* A project never opened in the window starts at the first body cell, ready to type. */
  assert_cursor (window, 1, 0);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (editor)));

  /* Typing replaces the cell; Tab commits it and moves right. */
  type ("42");
  g_assert_true (mrg_grid_editor_is_editing (editor));
  save_screenshot (GTK_WIDGET (window), "window-editing.png");
  key ("Tab");
  text = cell_text (1, 0);
  g_assert_cmpstr (text, ==, "42");
  assert_cursor (window, 1, 1);
  g_clear_pointer (&text, g_free);

  /* Cyrillic text, committed by Enter, which moves down. */
  type ("Бектанов Жамал");
  key ("Return");
  text = cell_text (1, 1);
  g_assert_cmpstr (text, ==, "Бектанов Жамал");
  assert_cursor (window, 2, 1);
  g_clear_pointer (&text, g_free);

  /* Escape throws away what was typed. */
  key ("Left");
  type ("999");
  key ("Escape");
  g_assert_false (mrg_grid_editor_is_editing (editor));
  text = cell_text (2, 0);
  g_assert_cmpstr (text, ==, original_20);
  g_clear_pointer (&text, g_free);

  /* Shift+Tab goes back to the previous row's last cell. */
  key ("shift+Tab");
  assert_cursor (window, 1, 5);

  /* Ctrl+Enter verifies the row and goes to the next unverified one. */
  key ("ctrl+Return");
  status = row_status (1);
  g_assert_cmpstr (status, ==, "verified");
  g_clear_pointer (&status, g_free);
  assert_cursor (window, 2, 0);

  /* Undo takes back the verification, redo puts it back. */
  key ("ctrl+z");
  status = row_status (1);
  g_assert_cmpstr (status, ==, "unverified");
  g_clear_pointer (&status, g_free);
  key ("ctrl+shift+z");
  status = row_status (1);
  g_assert_cmpstr (status, ==, "verified");
  g_clear_pointer (&status, g_free);

  /* Undo of a text edit, reached from the grid. */
  key ("ctrl+z");   /* the verification */
  key ("ctrl+z");   /* "Бектанов Жамал" */
  text = cell_text (1, 1);
  g_assert_cmpstr (text, !=, "Бектанов Жамал");
  g_clear_pointer (&text, g_free);
  assert_cursor (window, 1, 1);
  key ("ctrl+shift+z");
  text = cell_text (1, 1);
  g_assert_cmpstr (text, ==, "Бектанов Жамал");
  g_clear_pointer (&text, g_free);

  /* Ctrl+I flags the cell illegible. */
  key ("Down");
  key ("Right");
  assert_cursor (window, 2, 2);
  key ("ctrl+i");
  text = query_text ("SELECT c.flags FROM cells c JOIN rows r ON r.id = c.row_id"
                     " WHERE r.idx = 2 AND c.col = 2 AND r.table_id = (SELECT min(id) FROM tables)");
  g_assert_cmpstr (text, ==, "1");
  g_clear_pointer (&text, g_free);

  /* A cell half typed is saved as a draft while it is typed (a crash would not lose it), and
   * leaving the window commits it. */
  key ("Up");
  type ("1777");
  g_assert_true (mrg_test_wait_for (draft_saved, (gpointer) "1777"));
  gtk_window_close (GTK_WINDOW (window));
  mrg_test_settle ();
  text = query_text ("SELECT value FROM meta WHERE key = 'window.draft'");
  g_assert_cmpstr (text, ==, "");
  g_clear_pointer (&text, g_free);
  text = cell_text (1, 2);
  g_assert_cmpstr (text, ==, "1777");
  g_clear_pointer (&text, g_free);
  (void) original_12;

  /* Reopened, the project is where the person left it, and undo still works. */
  window = open_window (project);
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_focus_window (GTK_WINDOW (window));
  assert_cursor (window, 1, 2);
  key ("ctrl+z");
  text = cell_text (1, 2);
  g_assert_cmpstr (text, ==, original_12);
  g_clear_pointer (&text, g_free);
  key ("ctrl+z");
  text = query_text ("SELECT c.flags FROM cells c JOIN rows r ON r.id = c.row_id"
                     " WHERE r.idx = 2 AND c.col = 2 AND r.table_id = (SELECT min(id) FROM tables)");
  g_assert_cmpstr (text, ==, "0");
  g_clear_pointer (&text, g_free);
  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

static void
test_drag_separator (void)
{
  MrgWindow *window = open_window (project);
  MrgPageView *view;
  MrgTable *table;
  double wx, wy;
  int old_sep, new_sep;
  g_autofree char *seps = NULL;
  g_autofree char *box = NULL;

  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_focus_window (GTK_WINDOW (window));
  view = _mrg_window_get_page_view (window);
  table = mrg_page_model_get_table (_mrg_window_get_model (window));
  g_assert_nonnull (table);
  old_sep = g_array_index (table->col_seps, int, 0);

  /* Where the first column separator is on the screen, in the middle of the table. */
  mrg_page_view_page_to_view (view, old_sep, (table->area.y1 + table->area.y2) / 2.0, &wx, &wy);
  mrg_test_drag (GTK_WIDGET (view), wx, wy, wx + 20, wy);

  seps = query_text ("SELECT col_seps FROM tables ORDER BY id LIMIT 1");
  table = mrg_page_model_get_table (_mrg_window_get_model (window));
  new_sep = g_array_index (table->col_seps, int, 0);
  g_test_message ("separator %d → %d (%s)", old_sep, new_sep, seps);
  /* 20 screen pixels at the zoom shown, give or take the rounding of a pixel. */
  g_assert_cmpfloat (ABS ((new_sep - old_sep) - 20 / mrg_page_model_get_zoom (
                            _mrg_window_get_model (window))), <=, 2 / mrg_page_model_get_zoom (
                                                                   _mrg_window_get_model (window)));
  {
    g_autofree char *needle = g_strdup_printf ("%d", new_sep);

    g_assert_true (strstr (seps, needle) != NULL);
  }

  /* The cells on both sides moved with it. */
  box = query_text ("SELECT c.x2 FROM cells c JOIN rows r ON r.id = c.row_id"
                    " WHERE r.idx = 3 AND c.col = 0 AND r.table_id = (SELECT min(id) FROM tables)");
  g_assert_cmpint (atoi (box), ==, new_sep);
  g_clear_pointer (&box, g_free);
  box = query_text ("SELECT c.x1 FROM cells c JOIN rows r ON r.id = c.row_id"
                    " WHERE r.idx = 3 AND c.col = 1 AND r.table_id = (SELECT min(id) FROM tables)");
  g_assert_cmpint (atoi (box), ==, new_sep);
  g_clear_pointer (&box, g_free);

  /* Ctrl+plus zooms in from the fitted width; Ctrl+0 shows the scan at 100 %. */
  {
    MrgPageModel *model = _mrg_window_get_model (window);
    double fitted = mrg_page_model_get_zoom (model);

    key ("ctrl+plus");
    g_assert_cmpfloat (mrg_page_model_get_zoom (model), >, fitted * 1.2);
    g_assert_cmpint (mrg_page_model_get_fit_mode (model), ==, MRG_FIT_NONE);
    key ("ctrl+0");
    g_assert_cmpfloat (ABS (mrg_page_model_get_zoom (model) - 1.0), <, 1e-6);
    key ("ctrl+1");
    g_assert_cmpint (mrg_page_model_get_fit_mode (model), ==, MRG_FIT_WIDTH);
    /* The fitted zoom is set after the next layout. */
    fitted_zoom = fitted;
    if (!mrg_test_wait_for (zoom_is_fitted, model))
      g_error ("zoom %f, fitted %f", mrg_page_model_get_zoom (model), fitted);
  }

  /* One undo puts the separator and the cells back. */
  key ("ctrl+z");
  box = query_text ("SELECT c.x1 FROM cells c JOIN rows r ON r.id = c.row_id"
                    " WHERE r.idx = 3 AND c.col = 1 AND r.table_id = (SELECT min(id) FROM tables)");
  g_assert_cmpint (atoi (box), ==, old_sep);

  /* Ctrl+click inside the second column adds a separator there; a right click on it removes it. */
  {
    MrgPageModel *model = _mrg_window_get_model (window);
    guint n_before;
    int mid;

    table = mrg_page_model_get_table (model);
    n_before = table->col_seps->len;
    mid = (g_array_index (table->col_seps, int, 0) + g_array_index (table->col_seps, int, 1)) / 2;
    mrg_page_view_page_to_view (view, mid, (table->area.y1 + table->area.y2) / 2.0, &wx, &wy);
    mrg_test_click (GTK_WIDGET (view), wx, wy, "1", "ctrl");
    table = mrg_page_model_get_table (model);
    g_assert_cmpuint (table->col_seps->len, ==, n_before + 1);
    g_assert_cmpint (ABS (g_array_index (table->col_seps, int, 1) - mid), <=,
                     2 / mrg_page_model_get_zoom (model));
    mrg_test_xdotool ("click", "3", NULL);
    table = mrg_page_model_get_table (model);
    g_assert_cmpuint (table->col_seps->len, ==, n_before);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

static void
test_verify_page (void)
{
  MrgWindow *window = open_window (project);
  MrgTable *table;
  g_autofree char *status = NULL;
  g_autofree char *page_status = NULL;
  guint n_rows;

  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_focus_window (GTK_WINDOW (window));
  table = mrg_page_model_get_table (_mrg_window_get_model (window));
  n_rows = table->rows->len;   /* the table is read again after each change */
  /* Verifying every row verifies the page: the action for most rows, the keys for the last
   * ones (the keys were tested above, and each costs an xdotool run). */
  for (guint i = 0; i + 2 < n_rows; i++)
    gtk_widget_activate_action (GTK_WIDGET (_mrg_window_get_grid_editor (window)),
                                "grid.verify-row", NULL);
  for (guint i = 0; i < 2; i++)
    key ("ctrl+Return");
  status = query_text ("SELECT count(*) FROM rows WHERE NOT header AND status = 'unverified'");
  g_assert_cmpstr (status, ==, "0");
  page_status = query_text ("SELECT status FROM pages ORDER BY id LIMIT 1");
  g_assert_cmpstr (page_status, ==, "verified");
  save_screenshot (GTK_WIDGET (window), "window-verified.png");

  /* Ctrl+Page_Down turns to the second page, which has no table yet. */
  key ("ctrl+Next");
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  g_assert_null (mrg_page_model_get_table (_mrg_window_get_model (window)));
  save_screenshot (GTK_WIDGET (window), "window-no-table.png");

  /* OCR of the page runs off the main loop: the window keeps drawing, with a progress bar. */
  gtk_widget_activate_action (GTK_WIDGET (window), "ocr.page", NULL);
  g_assert_true (_mrg_window_is_busy (window));
  save_screenshot (GTK_WIDGET (window), "window-ocr-running.png");
  g_assert_true (mrg_test_wait_for (ocr_done, window));
  {
    g_autofree char *n_read = query_text ("SELECT count(*) FROM cells c JOIN rows r"
                                          " ON r.id = c.row_id JOIN tables t ON t.id = r.table_id"
                                          " WHERE t.page_id = (SELECT max(id) FROM pages)"
                                          " AND c.ocr_text <> ''");
    g_autofree char *second = query_text ("SELECT status FROM pages ORDER BY id DESC LIMIT 1");

    /* clean-01 has 23 rows of 6 columns; most cells are read. */
    g_test_message ("cells read on page 2: %s", n_read);
    g_assert_cmpint (atoi (n_read), >=, 100);
    g_assert_cmpstr (second, ==, "ocr-done");
  }
  /* nobody chose languages: the page's Cyrillic letters chose them, and the window says so */
  g_assert_true (mrg_test_wait_for_toast (GTK_WIDGET (window),
                                          "OCR finished, read in rus+kaz (chosen by script)"));
  g_assert_nonnull (mrg_page_model_get_table (_mrg_window_get_model (window)));
  save_screenshot (GTK_WIDGET (window), "window-ocr-done.png");

  /* Ctrl+F opens the search panel; the name found leads back to the first page and its cell. */
  key ("ctrl+f");
  {
    MrgSearchPanel *panel = g_object_get_data (G_OBJECT (window), "project.search");

    g_assert_true (MRG_IS_SEARCH_PANEL (panel));
    mrg_search_panel_set_text (panel, "Бектанов");
    g_assert_true (mrg_test_wait_for (mrg_test_search_found, panel));
    save_screenshot (GTK_WIDGET (panel), "window-search.png");
    g_assert_true (mrg_search_panel_activate (panel, 0));
    mrg_test_settle ();
    g_assert_cmpint (mrg_page_model_get_page_id (_mrg_window_get_model (window)), ==,
                     first_page_id ());
    assert_cursor (window, 1, 1);
    gtk_window_destroy (GTK_WINDOW (panel));
  }

  /* Adding a scan runs in a worker; the page list grows when it is done. */
  {
    g_autofree char *scan = mrg_test_corpus_path ("synthetic-typed-ru/page-00.jpg");
    const char *scans[] = { scan, NULL };
    g_autofree char *n = NULL;

    _mrg_window_import (window, scans);
    g_assert_true (_mrg_window_is_busy (window));
    g_assert_true (mrg_test_wait_for (ocr_done, window));
    n = query_text ("SELECT count(*) FROM pages");
    g_assert_cmpstr (n, ==, "3");
    g_assert_cmpuint (mrg_page_list_get_n_pages (_mrg_window_get_page_list (window)), ==, 3);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

/* Teach OCR runs as a job the window shows and the cancel button stops; on a project whose
 * verified cells OCR never read it says it needs some, and keeps no model. */
static void
test_learn (void)
{
  MrgWindow *window = open_window (project);
  g_autofree char *models = g_strconcat (project, ".models", NULL);

  g_autoptr(GSettings) settings = g_settings_new ("io.github.muragat.Muragat");

  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  /* Learning by itself follows Preferences: on unless the person turns it off. */
  g_assert_true (mrg_project_get_auto_learn (_mrg_window_get_project (window)));
  g_settings_set_boolean (settings, "auto-learn", FALSE);
  g_assert_false (mrg_project_get_auto_learn (_mrg_window_get_project (window)));
  g_settings_reset (settings, "auto-learn");
  g_assert_true (mrg_project_get_auto_learn (_mrg_window_get_project (window)));

  gtk_widget_activate_action (GTK_WIDGET (window), "ocr.learn", NULL);
  g_assert_true (_mrg_window_is_busy (window));
  g_assert_true (mrg_test_wait_for (ocr_done, window));
  g_assert_false (g_file_test (models, G_FILE_TEST_EXISTS));
  save_screenshot (GTK_WIDGET (window), "window-learn-too-few.png");
  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

/* Every column of the editor is wide enough for its title as drawn: bold (a proposed name
 * italic too), 6 px in from each side. */
static void
assert_titles_fit (MrgGridEditor *editor,
                   MrgTable      *table)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (editor), NULL);

  for (guint c = 0; c < table->n_cols; c++)
    {
      g_autofree char *title = mrg_grid_column_title (table, c);
      PangoAttrList *attrs = pango_attr_list_new ();
      graphene_rect_t r;
      int w;

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      if (table->columns[c].proposed)
        pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_text (layout, title, -1);
      pango_layout_get_pixel_size (layout, &w, NULL);
      g_assert_true (mrg_grid_editor_get_cell_rect (editor, 0, c, &r));
      g_test_message ("column %u “%s”: %d px of text in %.0f px", c, title, w, r.size.width);
      g_assert_cmpfloat (w + 2 * 6, <=, r.size.width);
    }
  g_object_unref (layout);
}

/* The column popover the grid editor shows, and its name entry. */
static GtkWidget *
column_popover (MrgGridEditor  *editor,
                GtkWidget     **out_entry)
{
  GtkWidget *popover = NULL;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (editor)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_POPOVER (c) && !GTK_IS_POPOVER_MENU (c))
      popover = c;
  g_assert_nonnull (popover);
  *out_entry = NULL;
  for (GtkWidget *c = gtk_widget_get_first_child (gtk_popover_get_child (GTK_POPOVER (popover)));
       c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_ENTRY (c))
      *out_entry = c;
  g_assert_nonnull (*out_entry);
  return popover;
}

/* That column 4 of the table's layout is named `expected`. */
static void
assert_column_4_name (gint64      table_id,
                      const char *expected)
{
  g_autofree char *name = query_text ("SELECT name FROM layout_columns WHERE position = 4"
                                      " AND layout_id ="
                                      " coalesce ((SELECT layout_id FROM tables WHERE id = ?1),"
                                      "           (SELECT min (id) FROM layouts))", table_id);

  g_assert_cmpstr (name, ==, expected);
}

/* Ctrl+Z typed into the grid, as a person undoes. */
static void
undo_in_grid (MrgWindow     *window,
              MrgGridEditor *editor)
{
  mrg_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (editor));
  key ("ctrl+z");
}

static gboolean
names_proposed (gpointer data)
{
  MrgTable *table = mrg_page_model_get_table (_mrg_window_get_model (data));

  return table != NULL && table->n_cols > 4 && table->columns[4].proposed;
}

/* Clicking a column's header opens a popover to rename it; the new name is in the schema. */
static void
test_column_popover (void)
{
  MrgWindow *window = open_window (project);
  MrgGridEditor *editor;
  MrgTable *table;
  graphene_rect_t r;
  g_autofree char *title = NULL;
  g_autofree char *tooltip = NULL;
  gint64 table_id;

  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_focus_window (GTK_WINDOW (window));
  editor = _mrg_window_get_grid_editor (window);
  /* The window opens where the last test left it: the second page, read by OCR in
   * /window/verify-page, which took the first page's layout (the same printed form). Its names
   * are made proposed, as OCR leaves them on the first page of a form. */
  table_id = mrg_page_model_get_table (_mrg_window_get_model (window))->table_id;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MrgStore) store = mrg_store_open (project, MRG_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_autofree char *sql = g_strdup_printf ("UPDATE layout_columns SET proposed = 1"
                                            " WHERE layout_id = (SELECT layout_id FROM tables"
                                            " WHERE id = %" G_GINT64_FORMAT ")", table_id);

    g_assert_no_error (error);
    g_assert_true (mrg_store_exec (store, sql, &error));
    g_assert_no_error (error);
  }
  /* the window sees another program's commit by itself */
  g_assert_true (mrg_test_wait_for (names_proposed, window));
  table = mrg_page_model_get_table (_mrg_window_get_model (window));
  /* OCR proposed the names: each title is the name alone, drawn apart, and its tooltip says
   * what it is and what to do with it. */
  g_assert_true (table->columns[4].proposed);
  title = mrg_grid_column_title (table, 4);
  g_assert_cmpstr (title, ==, "Место плен.");
  assert_titles_fit (editor, table);
  g_assert_true (mrg_grid_editor_get_cell_rect (editor, 0, 4, &r));
  /* The header row sits just above the first row. */
  tooltip = mrg_test_tooltip_at (GTK_WIDGET (editor), r.origin.x + 10, r.origin.y - 8);
  g_assert_cmpstr (tooltip, ==, "Name proposed from the header row. Click the title to rename "
                                "the column or to accept the proposed names.");
  mrg_test_click (GTK_WIDGET (editor), r.origin.x + 10, r.origin.y - 8, "1", NULL);
  /* The click opened the popover. Keys typed under Xvfb without a window manager do not reach a
   * popover's own X window, so its entry is filled and activated directly. */
  {
    GtkWidget *entry;
    GtkWidget *popover = column_popover (editor, &entry);

    g_assert_true (gtk_widget_get_visible (popover));
    g_assert_true (gtk_widget_has_focus (gtk_widget_get_first_child (entry)) ||
                   gtk_widget_has_focus (entry));
    gtk_editable_set_text (GTK_EDITABLE (entry), "Место и дата пленения, шталаг");
    g_signal_emit_by_name (entry, "activate");
    mrg_test_settle ();
  }
  assert_column_4_name (table_id, "Место и дата пленения, шталаг");
  /* the column widens to show its new title whole */
  assert_titles_fit (editor, mrg_page_model_get_table (_mrg_window_get_model (window)));
  /* a name typed is the person's: nothing to explain */
  g_clear_pointer (&tooltip, g_free);
  mrg_test_focus_window (GTK_WINDOW (window));
  tooltip = mrg_test_tooltip_at (GTK_WIDGET (editor), r.origin.x + 12, r.origin.y - 8);
  g_assert_null (tooltip);
  /* Undone like any other change. */
  undo_in_grid (window, editor);
  assert_column_4_name (table_id, "Место плен.");

  /* Opened and left as it was, the popover changes nothing. */
  {
    g_autofree char *edits = query_text ("SELECT count(*) FROM edits");
    g_autofree char *edits_after = NULL;
    GtkWidget *entry;

    mrg_test_click (GTK_WIDGET (editor), r.origin.x + 10, r.origin.y - 8, "1", NULL);
    gtk_popover_popdown (GTK_POPOVER (column_popover (editor, &entry)));
    mrg_test_settle ();
    edits_after = query_text ("SELECT count(*) FROM edits");
    g_assert_cmpstr (edits_after, ==, edits);
  }

  /* A name typed and left by clicking elsewhere is kept, and the window says so. */
  mrg_test_click (GTK_WIDGET (editor), r.origin.x + 10, r.origin.y - 8, "1", NULL);
  {
    GtkWidget *entry;
    GtkWidget *popover = column_popover (editor, &entry);

    g_assert_true (gtk_widget_get_visible (popover));
    gtk_editable_set_text (GTK_EDITABLE (entry), "Место пленения");
    /* what a click outside it does */
    gtk_popover_popdown (GTK_POPOVER (popover));
    mrg_test_settle ();
  }
  g_assert_true (mrg_test_wait_for_toast (GTK_WIDGET (window),
                                          "Column renamed “Место пленения” (Ctrl+Z undoes it)"));
  assert_column_4_name (table_id, "Место пленения");
  undo_in_grid (window, editor);
  assert_column_4_name (table_id, "Место плен.");
  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

/* That the two synthetic pages' tables are read with `expected` layouts (a table without one
 * is read with the project's first). */
static void
assert_layouts_read_with (const char *expected)
{
  g_autofree char *n = query_text ("SELECT count(DISTINCT coalesce(layout_id,"
                                   " (SELECT min(id) FROM layouts))) FROM tables");

  g_assert_cmpstr (n, ==, expected);
}

/* The labels of Table ▸ Layout, as listed when the Table menu opens. */
static char *
layout_menu_labels (MrgWindow *window)
{
  GMenuModel *section = G_MENU_MODEL (window->layout_section);
  g_autoptr(GString) labels = g_string_new (NULL);

  gtk_menu_button_popup (window->table_menu_button);
  mrg_test_settle ();
  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autofree char *label = NULL;

      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s",
                                                      &label));
      g_string_append_printf (labels, "%s%s", i > 0 ? " | " : "", label);
    }
  gtk_menu_button_popdown (window->table_menu_button);
  mrg_test_settle ();
  return g_string_free (g_steal_pointer (&labels), FALSE);
}

/* Table ▸ Layout: the second page, read with the first page's layout (the same form), gets a
 * layout of its own, then goes back to the first one; each is one step to undo. */
static void
test_layout_menu (void)
{
  MrgWindow *window = open_window (project);
  GActionGroup *group;
  g_autofree char *labels = NULL;
  g_autofree char *first = query_text ("SELECT min(id) FROM layouts");

  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  group = g_object_get_data (G_OBJECT (window), "mrg-layout-group");
  /* the window opens where the last test left it: the second page */
  g_assert_cmpint (mrg_page_model_get_page_id (_mrg_window_get_model (window)), !=,
                   first_page_id ());
  assert_layouts_read_with ("1");
  g_assert_cmpint (g_variant_get_int64 (g_action_group_get_action_state (group, "use")), ==,
                   g_ascii_strtoll (first, NULL, 10));
  labels = layout_menu_labels (window);
  g_test_message ("layouts: %s", labels);
  g_assert_cmpuint (strlen (labels), >, 0);
  g_assert_null (strstr (labels, " | "));

  g_action_group_activate_action (group, "new", NULL);
  g_assert_true (mrg_test_wait_for_toast (GTK_WIDGET (window), "1 table of clean-01.jpg is now "
                                          "read with layout “clean-01.jpg, page 1”"));
  assert_layouts_read_with ("2");
  g_clear_pointer (&labels, g_free);
  labels = layout_menu_labels (window);
  g_test_message ("layouts: %s", labels);
  g_assert_nonnull (strstr (labels, " | clean-01.jpg, page 1 (6 columns)"));
  save_screenshot (GTK_WIDGET (window), "window-layout-new.png");

  g_action_group_change_action_state (group, "use",
                                      g_variant_new_int64 (g_ascii_strtoll (first, NULL, 10)));
  mrg_test_settle ();
  assert_layouts_read_with ("1");

  gtk_widget_activate_action (GTK_WIDGET (window), "edit.undo", NULL);
  mrg_test_settle ();
  assert_layouts_read_with ("2");
  gtk_widget_activate_action (GTK_WIDGET (window), "edit.undo", NULL);
  mrg_test_settle ();
  assert_layouts_read_with ("1");
  /* the layout made and left behind is no longer offered */
  g_clear_pointer (&labels, g_free);
  labels = layout_menu_labels (window);
  g_assert_null (strstr (labels, " | "));

  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

/* What a window that stopped in the middle of a cell left behind is committed at the next
 * opening, and shown. */
static void
test_draft_restored (void)
{
  g_autofree char *cell = query_text ("SELECT c.id FROM cells c JOIN rows r ON r.id = c.row_id"
                                      " WHERE r.idx = 4 AND c.col = 4 AND r.table_id ="
                                      " (SELECT min(id) FROM tables)");
  g_autofree char *sql = g_strdup_printf ("INSERT OR REPLACE INTO meta (key, value) VALUES"
                                          " ('window.draft', '%s	Карабас')", cell);
  g_autofree char *text = NULL;
  sqlite3 *db = NULL;
  MrgWindow *window;

  g_assert_cmpint (sqlite3_open (project, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  window = open_window (project);
  text = cell_text (4, 4);
  g_assert_cmpstr (text, ==, "Карабас");
  g_clear_pointer (&text, g_free);
  text = query_text ("SELECT value FROM meta WHERE key = 'window.draft'");
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpint (mrg_page_model_get_page_id (_mrg_window_get_model (window)), ==,
                   first_page_id ());
  assert_cursor (window, 4, 4);
  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

static char *
stored_cell_text (gint64 cell_id)
{
  return query_text ("SELECT text FROM cells WHERE id = ?1", cell_id);
}

static gboolean
nothing_unsaved (gpointer data)
{
  return mrg_grid_editor_get_n_unsaved (data) == 0;
}

/* On a full disk what a person typed stays in its cell, marked unsaved, and goes in by itself
 * once there is room again; the window does not close over it without asking. */
static void
test_disk_full_keeps_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  g_autofree char *long_text = g_strnfill (32 * 1024, 'w');
  g_autofree char *text = NULL;
  gint64 cell_id;
  MrgWindow *window;
  MrgGridEditor *editor;
  MrgStore *store;
  GtkWidget *entry;

  window = open_window (project);
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_focus_window (GTK_WINDOW (window));
  editor = _mrg_window_get_grid_editor (window);
  store = mrg_page_model_get_store (_mrg_window_get_model (window));

  /* The cell at row 3, column 5 of the table as the window shows it. */
  cell_id = mrg_table_get_cell (mrg_page_model_get_table (_mrg_window_get_model (window)), 3,
                                5)->id;
  original = stored_cell_text (cell_id);

  /* SQLite reports a file that may not grow exactly as it reports a full disk. */
  g_assert_true (mrg_store_exec (store, "PRAGMA max_page_count = 1", &error));
  mrg_page_model_set_cursor (_mrg_window_get_model (window), 3, 5);
  mrg_test_settle ();
  type ("w");
  g_assert_true (mrg_grid_editor_is_editing (editor));
  entry = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), long_text);
  key ("Return");

  /* Refused, and kept: the project as it was, the text in its cell. */
  text = stored_cell_text (cell_id);
  g_assert_cmpstr (text, ==, original);
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (mrg_grid_editor_get_n_unsaved (editor), ==, 1);
  g_assert_nonnull (mrg_grid_editor_get_unsaved_text (editor, cell_id));
  g_assert_cmpuint (strlen (mrg_grid_editor_get_unsaved_text (editor, cell_id)), ==,
                    strlen (long_text));
  g_assert_true (strcmp (mrg_grid_editor_get_unsaved_text (editor, cell_id), long_text) == 0);
  save_screenshot (GTK_WIDGET (window), "window-unsaved.png");

  /* Closing asks first and keeps the window. */
  gtk_window_close (GTK_WINDOW (window));
  mrg_test_settle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Room again: the retry writes it. */
  g_assert_true (mrg_store_exec (store, "PRAGMA max_page_count = 1073741823", &error));
  g_assert_true (mrg_test_wait_for (nothing_unsaved, editor));
  text = stored_cell_text (cell_id);
  g_assert_true (g_strcmp0 (text, long_text) == 0);

  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

typedef struct
{
  MrgPageModel *model;
  gint64 cell_id;
  const char *text;
} ShownCell;

static gboolean
cell_shows (gpointer data)
{
  ShownCell *shown = data;
  MrgTable *table = mrg_page_model_get_table (shown->model);

  for (guint r = 0; table != NULL && r < table->rows->len; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        MrgTableCell *cell = mrg_table_get_cell (table, r, c);

        if (cell != NULL && cell->id == shown->cell_id)
          return g_strcmp0 (cell->text, shown->text) == 0;
      }
  return FALSE;
}

static gboolean
page_shows_verified (gpointer data)
{
  const MrgPageRecord *page = mrg_page_model_get_page (data);

  return page != NULL && page->status == MRG_PAGE_STATUS_VERIFIED;
}

/* muragat-cli, or a second window, changes the open project: the window shows it without being
 * told (issue 13: the window notices changes made by another program). */
static void
test_other_program (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) other = NULL;
  MrgWindow *window;
  MrgPageModel *model;
  ShownCell shown;

  window = open_window (project);
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  model = _mrg_window_get_model (window);
  shown.model = model;
  shown.cell_id = mrg_table_get_cell (mrg_page_model_get_table (model), 2, 1)->id;
  shown.text = "Изменено извне";

  other = mrg_store_open (project, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_edit_cell_text (other, shown.cell_id, shown.text, &error));
  g_assert_true (mrg_store_set_page_status (other, mrg_page_model_get_page_id (model),
                                            MRG_PAGE_STATUS_VERIFIED, &error));
  g_assert_no_error (error);

  /* The project looks every few seconds; no call from here makes it look sooner. */
  g_assert_true (mrg_test_wait_for (cell_shows, &shown));
  g_assert_true (mrg_test_wait_for (page_shows_verified, model));

  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

static void
test_dialogs (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.muragat.Muragat");
  GtkWidget *preferences = GTK_WIDGET (mrg_preferences_window_new (settings));
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWidget *shortcuts;

  /* The templates load and show. */
  gtk_window_present (GTK_WINDOW (preferences));
  g_assert_true (mrg_test_wait_for (mrg_test_mapped, preferences));
  save_screenshot (preferences, "window-preferences.png");
  mrg_test_settle ();
  gtk_window_destroy (GTK_WINDOW (preferences));

  builder = gtk_builder_new_from_resource ("/io/github/muragat/Muragat/ui/mrg-shortcuts-window.ui");
  shortcuts = GTK_WIDGET (gtk_builder_get_object (builder, "shortcuts_window"));
  g_assert_nonnull (shortcuts);
  gtk_window_present (GTK_WINDOW (shortcuts));
  g_assert_true (mrg_test_wait_for (mrg_test_mapped, shortcuts));
  save_screenshot (shortcuts, "window-shortcuts.png");
  gtk_window_destroy (GTK_WINDOW (shortcuts));
  mrg_test_settle ();
  assert_no_warnings ();
}

/* ---- a page with two tables ---- */

static char *two_project;

/* The text of the cell at (row idx, col) of the table with the given idx on the first page,
 * read from the two-table project. */
static char *
two_cell_text (int table,
               int row,
               int col)
{
  g_autofree char *saved = project;
  char *text;

  project = two_project;
  text = query_text ("SELECT c.text FROM cells c JOIN rows r ON r.id = c.row_id"
                     " JOIN tables t ON t.id = r.table_id"
                     " WHERE t.idx = ?1 AND r.idx = ?2 AND c.col = ?3",
                     (gint64) table, (gint64) row, (gint64) col);
  project = g_steal_pointer (&saved);
  return text;
}

/* Drags with the first button from the page point, `dx` screen pixels to the right. */
static void
drag_page_point (MrgWindow *window,
                 double     px,
                 double     py,
                 int        dx)
{
  MrgPageView *view = _mrg_window_get_page_view (window);
  double wx, wy;

  mrg_page_view_page_to_view (view, px, py, &wx, &wy);
  mrg_test_drag (GTK_WIDGET (view), wx, wy, wx + dx, wy);
  mrg_test_settle ();
}

static void
test_two_tables (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scan = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.jpg");
  g_autofree char *truth = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.json");
  const char *scans[] = { scan, NULL };
  g_autofree char *original = NULL;
  g_autofree char *text = NULL;
  MrgWindow *window;
  MrgPageModel *model;
  MrgGridEditor *editor;
  MrgTable *first;

  two_project = g_build_filename (tmpdir, "Два списка.muragat", NULL);
  {
    g_autoptr(MrgStore) store = mrg_test_make_project (two_project, scans, &error);

    g_assert_no_error (error);
    g_assert_true (mrg_test_add_truth_tables (store, mrg_test_first_page (store), truth, 2,
                                              &error));
    g_assert_no_error (error);
  }
  original = two_cell_text (1, 2, 1);
  g_assert_nonnull (original);

  window = open_window (two_project);
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_focus_window (GTK_WINDOW (window));
  model = _mrg_window_get_model (window);
  editor = _mrg_window_get_grid_editor (window);

  /* Both tables are there, the first is current, at its first body cell. */
  g_assert_cmpuint (mrg_page_model_get_n_tables (model), ==, 2);
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 0);
  assert_cursor (window, 1, 0);
  first = mrg_page_model_get_table_at (model, 0);
  save_screenshot (GTK_WIDGET (window), "window-two-tables.png");

  /* Ctrl+Alt+Page Down goes to the second table (not to the next page: there is none, and the
   * page stays), whose rows are all body rows. */
  key ("ctrl+alt+Page_Down");
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);
  assert_cursor (window, 0, 0);
  /* Once more does nothing: it is the last table. */
  key ("ctrl+alt+Page_Down");
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);

  /* Typing goes into the second table's cell, and only there. */
  key ("Down");
  key ("Down");
  key ("Right");
  assert_cursor (window, 2, 1);
  type ("Жанар Сейтов");
  g_assert_true (mrg_grid_editor_is_editing (editor));
  key ("Return");
  text = two_cell_text (1, 2, 1);
  g_assert_cmpstr (text, ==, "Жанар Сейтов");
  g_clear_pointer (&text, g_free);
  text = two_cell_text (0, 2, 1);
  g_assert_cmpstr (text, !=, "Жанар Сейтов");
  g_clear_pointer (&text, g_free);
  assert_cursor (window, 3, 1);
  save_screenshot (GTK_WIDGET (window), "window-second-table.png");

  /* Ctrl+Alt+Page Up returns to the first table, at the cell left there. */
  key ("ctrl+alt+Page_Up");
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 0);
  assert_cursor (window, 1, 0);

  /* Undo of the edit in table 2, with table 1 current, shows table 2 and its cell. */
  key ("ctrl+z");
  text = two_cell_text (1, 2, 1);
  g_assert_cmpstr (text, ==, original);
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);
  assert_cursor (window, 2, 1);
  key ("ctrl+shift+z");
  text = two_cell_text (1, 2, 1);
  g_assert_cmpstr (text, ==, "Жанар Сейтов");
  g_clear_pointer (&text, g_free);

  /* A click inside the first table on the scan makes it current, at the cell clicked. */
  {
    MrgTableCell *cell;

    first = mrg_page_model_get_table_at (model, 0);
    cell = mrg_table_get_cell (first, 3, 2);
    mrg_test_click_page (GTK_WIDGET (window), (cell->box.x1 + cell->box.x2) / 2.0,
                         (cell->box.y1 + cell->box.y2) / 2.0);
    g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 0);
    assert_cursor (window, 3, 2);
  }
  /* And Ctrl+Page Down still turns the page: with one page there is nowhere to go. */
  key ("ctrl+Page_Down");
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 0);

  /* Back to table 2; reopened, the project returns there, to the same cell. */
  mrg_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (editor));
  key ("ctrl+alt+Page_Down");
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);
  key ("Down");
  assert_cursor (window, 3, 1);
  gtk_window_close (GTK_WINDOW (window));
  mrg_test_settle ();

  window = open_window (two_project);
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  model = _mrg_window_get_model (window);
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);
  assert_cursor (window, 3, 1);
  mrg_test_focus_window (GTK_WINDOW (window));

  /* A search hit in table 2, found while table 1 is shown, opens table 2 at the cell. */
  key ("ctrl+alt+Page_Up");
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 0);
  key ("ctrl+f");
  {
    MrgSearchPanel *panel = g_object_get_data (G_OBJECT (window), "project.search");

    g_assert_true (MRG_IS_SEARCH_PANEL (panel));
    mrg_search_panel_set_text (panel, "Сейтов");
    g_assert_true (mrg_test_wait_for (mrg_test_search_found, panel));
    g_assert_true (mrg_search_panel_activate (panel, 0));
    mrg_test_settle ();
    g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);
    assert_cursor (window, 2, 1);
    gtk_window_destroy (GTK_WINDOW (panel));
    mrg_test_settle ();
  }

  /* The page is verified when the rows of both tables are, not those of the one shown. */
  mrg_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (editor = _mrg_window_get_grid_editor (window)));
  key ("ctrl+alt+Page_Up");
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 0);
  mrg_page_model_set_cursor (model, 1, 0);
  for (guint r = 1; r < mrg_page_model_get_table (model)->rows->len; r++)
    key ("ctrl+Return");
  {
    g_autofree char *saved = project;
    g_autofree char *unverified = NULL, *status = NULL;

    project = two_project;
    unverified = query_text ("SELECT count(*) FROM rows r JOIN tables t ON t.id = r.table_id"
                             " WHERE t.idx = 0 AND r.header = 0 AND r.status != 'verified'");
    status = query_text ("SELECT status FROM pages");
    project = g_steal_pointer (&saved);
    g_assert_cmpstr (unverified, ==, "0");
    g_assert_cmpstr (status, !=, "verified");
  }
  key ("ctrl+alt+Page_Down");
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);
  mrg_page_model_set_cursor (model, 0, 0);
  for (guint r = 0; r < mrg_page_model_get_table (model)->rows->len; r++)
    key ("ctrl+Return");
  {
    g_autofree char *saved = project;
    g_autofree char *status = NULL;

    project = two_project;
    status = query_text ("SELECT status FROM pages");
    project = g_steal_pointer (&saved);
    g_assert_cmpstr (status, ==, "verified");
  }

  /* A separator of table 2 dragged on the scan moves in table 2 alone; undone while table 1 is
   * shown, table 2 comes back with it. */
  {
    MrgTable *second = mrg_page_model_get_table (model);
    int old_sep = g_array_index (second->col_seps, int, 1);
    int first_sep = g_array_index (mrg_page_model_get_table_at (model, 0)->col_seps, int, 1);

    drag_page_point (window, old_sep, (second->area.y1 + second->area.y2) / 2.0, 25);
    second = mrg_page_model_get_table (model);
    g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);
    g_assert_cmpint (g_array_index (second->col_seps, int, 1), >, old_sep);
    g_assert_cmpint (g_array_index (mrg_page_model_get_table_at (model, 0)->col_seps, int, 1),
                     ==, first_sep);
    mrg_test_focus_window (GTK_WINDOW (window));
    gtk_widget_grab_focus (GTK_WIDGET (editor));
    key ("ctrl+alt+Page_Up");
    g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 0);
    key ("ctrl+z");
    g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);
    g_assert_cmpint (g_array_index (mrg_page_model_get_table (model)->col_seps, int, 1), ==,
                     old_sep);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

/* Issue #12: no phantom columns (Tab and End stay in the table's own columns, even when its
 * layout names more; what is typed lands in a real cell), a separator added and removed on the
 * scan leaves no stray cell, and cells merged with Shift+arrows and Ctrl+M are one cell. */
static void
test_cells (void)
{
  g_autoptr(GError) error = NULL;
  MrgWindow *window;
  MrgPageModel *model;
  MrgGridEditor *editor;
  MrgTable *table;
  g_autofree char *text = NULL;
  g_autofree char *stray = NULL;
  g_autofree char *span = NULL;
  guint n_cols;
  double wx, wy;
  int mid;

  {
    g_autoptr(MrgStore) store = mrg_store_open (project, MRG_STORE_OPEN_DEFAULT, &error);
    g_autoptr(MrgTable) t = NULL;

    g_assert_no_error (error);
    t = mrg_table_load (store, first_page_id (), &error);
    g_assert_true (mrg_grid_edit_set_column (store, t->table_id, t->n_cols + 1, "Phantom",
                                             MRG_COLUMN_TYPE_TEXT, &error));
    g_assert_no_error (error);
  }
  window = open_window (project);
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  /* the first page, whose table the checks below read (the window reopens where it was left) */
  _mrg_window_go_to (window, first_page_id (), -1, -1);
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_focus_window (GTK_WINDOW (window));
  model = _mrg_window_get_model (window);
  editor = _mrg_window_get_grid_editor (window);
  table = mrg_page_model_get_table (model);
  n_cols = table->n_cols;
  g_assert_cmpuint (n_cols, ==, table->col_seps->len + 1);
  gtk_widget_grab_focus (GTK_WIDGET (editor));
  mrg_page_model_set_cursor (model, 1, 0);

  /* End goes to the table's last column, not the layout's; Tab past it goes on in the first
   * column of the next row, and both texts are in the project. */
  key ("End");
  assert_cursor (window, 1, n_cols - 1);
  type ("zz");
  key ("Tab");
  assert_cursor (window, 2, 0);
  text = cell_text (1, n_cols - 1);
  g_assert_cmpstr (text, ==, "zz");
  g_clear_pointer (&text, g_free);
  type ("yy");
  key ("Tab");
  text = cell_text (2, 0);
  g_assert_cmpstr (text, ==, "yy");
  g_clear_pointer (&text, g_free);
  assert_cursor (window, 2, 1);

  /* A separator added (Ctrl+click in column 2 of the scan) and removed (a right click on it):
   * n_cols live cells a row all along, none beyond, nothing typed lost. */
  table = mrg_page_model_get_table (model);
  mid = (g_array_index (table->col_seps, int, 0) + g_array_index (table->col_seps, int, 1)) / 2;
  mrg_page_view_page_to_view (_mrg_window_get_page_view (window), mid,
                              (table->area.y1 + table->area.y2) / 2.0, &wx, &wy);
  mrg_test_click (GTK_WIDGET (_mrg_window_get_page_view (window)), wx, wy, "1", "ctrl");
  g_assert_cmpuint (mrg_page_model_get_table (model)->n_cols, ==, n_cols + 1);
  stray = query_text ("SELECT count(*) FROM rows r WHERE r.idx >= 0 AND"
                      " (SELECT count(*) FROM cells c WHERE c.row_id = r.id AND c.col >= 0) <> ?1"
                      " AND r.table_id = (SELECT min(id) FROM tables)", (gint64) n_cols + 1);
  g_assert_cmpstr (stray, ==, "0");
  g_clear_pointer (&stray, g_free);
  mrg_test_xdotool ("click", "3", NULL);
  g_assert_cmpuint (mrg_page_model_get_table (model)->n_cols, ==, n_cols);
  stray = query_text ("SELECT count(*) FROM rows r WHERE r.idx >= 0 AND"
                      " (SELECT count(*) FROM cells c WHERE c.row_id = r.id AND c.col >= 0) <> ?1"
                      " AND r.table_id = (SELECT min(id) FROM tables)", (gint64) n_cols);
  g_assert_cmpstr (stray, ==, "0");
  text = cell_text (1, n_cols - 1);
  g_assert_cmpstr (text, ==, "zz");
  g_clear_pointer (&text, g_free);

  /* A header over columns 1-3: Shift+Right twice, Ctrl+M; drawn as one cell. */
  mrg_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (editor));
  mrg_page_model_set_cursor (model, 0, 1);
  key ("shift+Right");
  key ("shift+Right");
  key ("ctrl+m");
  span = query_text ("SELECT c.col_span FROM cells c JOIN rows r ON r.id = c.row_id"
                     " WHERE r.idx = 0 AND c.col = 1 AND r.table_id = (SELECT min(id) FROM tables)");
  g_assert_cmpstr (span, ==, "3");
  g_clear_pointer (&span, g_free);
  assert_cursor (window, 0, 1);
  /* Right steps past it, as in a spreadsheet. */
  key ("Right");
  assert_cursor (window, 0, 4);
  save_screenshot (GTK_WIDGET (window), "window-merged-header.png");

  /* A right click on it opens the grid's context menu; its Split Cell (the window's
   * grid.split-cell) splits it, and Ctrl+Z merges it again. */
  {
    graphene_rect_t rc;
    GtkWidget *menu;

    g_assert_true (mrg_grid_editor_get_cell_rect (editor, 0, 2, &rc));
    menu = mrg_test_open_context_menu (GTK_WIDGET (editor), rc.origin.x + 10, rc.origin.y + 8);
    assert_cursor (window, 0, 1);
    gtk_popover_popdown (GTK_POPOVER (menu));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "grid.split-cell", NULL));
    mrg_test_settle ();
    span = query_text ("SELECT c.col_span FROM cells c JOIN rows r ON r.id = c.row_id"
                       " WHERE r.idx = 0 AND c.col = 1"
                       " AND r.table_id = (SELECT min(id) FROM tables)");
    g_assert_cmpstr (span, ==, "1");
    g_clear_pointer (&span, g_free);
    mrg_test_focus_window (GTK_WINDOW (window));
    gtk_widget_grab_focus (GTK_WIDGET (editor));
    key ("ctrl+z");
  }

  key ("ctrl+z");
  span = query_text ("SELECT c.col_span FROM cells c JOIN rows r ON r.id = c.row_id"
                     " WHERE r.idx = 0 AND c.col = 1 AND r.table_id = (SELECT min(id) FROM tables)");
  g_assert_cmpstr (span, ==, "1");

  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  assert_no_warnings ();
}

/* ---- work across pages: the empty project, OCR of every page, order and removal ---- */

static gboolean
menu_has_action (GMenuModel *menu,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (section != NULL && menu_has_action (section, action))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &name) &&
          g_strcmp0 (name, action) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
shows_workbench (gpointer data)
{
  MrgWindow *window = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (window->stack), "workbench") == 0 &&
         mrg_page_model_get_page_id (_mrg_window_get_model (window)) != 0;
}

static gboolean
stack_settled (gpointer data)
{
  return !gtk_stack_get_transition_running (data);
}

static gboolean
not_loading (gpointer data)
{
  return !mrg_page_model_get_loading (_mrg_window_get_model (data));
}

/* A new project says how to add scans, with a button and the menu item; once a scan is added
 * the workbench shows it, with a spinner while the scan decodes. */
static void
test_empty_project (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "empty.muragat", NULL);
  g_autofree char *scan = mrg_test_corpus_path ("synthetic-typed-ru/page-01.jpg");
  const char *scans[] = { scan, NULL };
  g_autoptr(GError) error = NULL;
  MrgWindow *window;
  MrgStore *store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_object_unref (store);
  window = open_window (path);
  /* what the screenshots show is the page, not a crossfade */
  gtk_stack_set_transition_type (window->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  g_assert_true (mrg_test_wait_for (stack_settled, window->stack));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "empty");
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (window->menu_button)),
                                  "project.add-scans"));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (window->menu_button)),
                                  "ocr.all"));
  g_assert_true (gtk_widget_is_visible (window->add_scans_button));
  save_screenshot (GTK_WIDGET (window), "window-empty.png");

  _mrg_window_import (window, scans);
  g_assert_true (mrg_test_wait_for (shows_workbench, window));
  /* the scan decodes in a worker: the spinner shows meanwhile, and only then */
  g_assert_cmpint (gtk_widget_get_visible (GTK_WIDGET (window->page_spinner)), ==,
                   mrg_page_model_get_loading (_mrg_window_get_model (window)));
  if (mrg_page_model_get_loading (_mrg_window_get_model (window)))
    save_screenshot (GTK_WIDGET (window), "window-spinner.png");
  g_assert_true (mrg_test_wait_for (not_loading, window));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->page_spinner)));
  g_assert_nonnull (mrg_page_model_get_texture (_mrg_window_get_model (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  mrg_store_remove_file (path);
  assert_no_warnings ();
}

static gint64 watched_page;

static gboolean
watched_page_read (gpointer data)
{
  g_auto(MrgStorePage) page = { 0 };

  return mrg_store_get_page (_mrg_window_get_store (data), watched_page, &page, NULL) &&
         page.status == MRG_PAGE_STATUS_OCR_DONE;
}

/* The longest the main loop went without turning, while OCR ran. */
static gint64 last_tick, longest_gap;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0)
    longest_gap = MAX (longest_gap, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static char *
document_order (MrgWindow *window)
{
  g_autoptr(GArray) documents = mrg_store_list_documents (_mrg_window_get_store (window), NULL);
  GString *order = g_string_new (NULL);

  for (guint i = 0; i < documents->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_array_index (documents, MrgStoreDocument,
                                                                  i).path);

      g_string_append_printf (order, "%s%s", i > 0 ? " " : "", base);
    }
  return g_string_free (order, FALSE);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

/* OCR of every page is one job: cancelled from the header bar once the first page is read, the
 * first page stays read and the others untouched, and the window kept turning meanwhile. Then
 * Alt+Down in the page list moves a scan down, and Delete removes one after saying what is
 * lost. */
static void
test_ocr_all_cancel (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "pages.muragat", NULL);
  g_autofree char *scan1 = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.jpg");
  g_autofree char *scan2 = mrg_test_corpus_path ("synthetic-typed-ru/clean-01.jpg");
  g_autofree char *scan3 = mrg_test_corpus_path ("synthetic-typed-ru/page-00.jpg");
  const char *scans[] = { scan1, scan2, scan3, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autofree char *order = NULL;
  MrgWindow *window;
  MrgPageList *list;
  MrgPageModel *model;
  AdwMessageDialog *dialog;
  GtkWidget *cancel;
  MrgStoreCounts counts;
  guint tick;

  g_object_unref (mrg_test_make_project (path, scans, &error));
  g_assert_no_error (error);
  window = open_window (path);
  list = _mrg_window_get_page_list (window);
  model = _mrg_window_get_model (window);
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "workbench");
  pages = mrg_store_list_pages (_mrg_window_get_store (window), &error);
  g_assert_cmpuint (pages->len, ==, 3);
  watched_page = g_array_index (pages, gint64, 0);

  /* OCR all, cancelled with the header bar's button after the first page */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "ocr.all", NULL));
  g_assert_true (_mrg_window_is_busy (window));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window->ocr_button)) &&
                  gtk_widget_get_visible (window->ocr_button));
  last_tick = longest_gap = 0;
  tick = g_timeout_add (20, tick_cb, NULL);
  /* the window answers keys while the pages are read: Down in the page list turns the page */
  mrg_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (list));
  key ("Down");
  g_assert_cmpint (mrg_page_model_get_page_id (model), ==, g_array_index (pages, gint64, 1));
  g_assert_true (mrg_test_wait_for (watched_page_read, window));
  g_source_remove (tick);
  save_screenshot (GTK_WIDGET (window), "window-ocr-all.png");
  cancel = gtk_widget_get_last_child (window->ocr_progress_box);
  g_assert_true (GTK_IS_BUTTON (cancel) && gtk_widget_is_visible (cancel));
  g_assert_true (gtk_widget_activate (cancel));
  g_assert_true (mrg_test_wait_for (ocr_done, window));
  /* a figure for the log, not a pass mark: tests never fail on timing (bench-window times) */
  g_test_message ("longest main loop gap while OCR ran: %" G_GINT64_FORMAT " ms",
                  longest_gap / 1000);
  {
    g_autofree char *saved = g_steal_pointer (&project);
    g_autofree char *read = NULL;
    g_autofree char *untouched = NULL;

    project = g_strdup (path);
    read = query_text ("SELECT count(*) FROM pages WHERE status = 'ocr-done' AND id = ?1"
                       " AND EXISTS (SELECT 1 FROM tables WHERE page_id = ?1)", watched_page);
    untouched = query_text ("SELECT count(*) FROM pages p WHERE p.id <> ?1 AND p.status = 'new'"
                            " AND NOT EXISTS (SELECT 1 FROM tables WHERE page_id = p.id)",
                            watched_page);
    g_free (project);
    project = g_steal_pointer (&saved);
    g_assert_cmpstr (read, ==, "1");
    g_assert_cmpstr (untouched, ==, "2");
  }

  /* Alt+Down in the page list moves the scan of the page shown (clean-01) down */
  g_assert_true (mrg_page_list_select_page (list, g_array_index (pages, gint64, 1)));
  mrg_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (list));
  key ("alt+Down");
  order = document_order (window);
  g_assert_cmpstr (order, ==, "clean-00.jpg page-00.jpg clean-01.jpg");
  g_assert_cmpint (mrg_page_list_get_page_at (list, 2), ==, g_array_index (pages, gint64, 1));
  g_assert_cmpint (mrg_page_model_get_page_id (model), ==, g_array_index (pages, gint64, 1));
  key ("alt+Up");
  g_clear_pointer (&order, g_free);
  order = document_order (window);
  g_assert_cmpstr (order, ==, "clean-00.jpg clean-01.jpg page-00.jpg");

  /* Delete on the first page (read by OCR) asks first, saying what is lost */
  g_assert_true (mrg_page_list_select_page (list, watched_page));
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (list));
  key ("Delete");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "clean-00.jpg"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "cannot be undone"));
  save_screenshot (GTK_WIDGET (dialog), "window-remove-scan.png");
  /* kept when the person says no (a button says its response and closes the dialog) */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  mrg_test_settle ();
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (mrg_page_list_get_n_pages (list), ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (window), "document.remove", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "remove");
  gtk_window_close (GTK_WINDOW (dialog));
  mrg_test_settle ();
  g_assert_null (find_message_dialog ());
  g_clear_pointer (&order, g_free);
  order = document_order (window);
  g_assert_cmpstr (order, ==, "clean-01.jpg page-00.jpg");
  g_assert_cmpuint (mrg_page_list_get_n_pages (list), ==, 2);
  /* the page that took its place is shown */
  g_assert_cmpint (mrg_page_model_get_page_id (model), ==, g_array_index (pages, gint64, 1));
  g_assert_cmpint (mrg_page_list_get_selected (list), ==, g_array_index (pages, gint64, 1));

  /* a page dropped on another in the list puts its scan in the other's place */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "document.move-to", "(xx)",
                                             g_array_index (pages, gint64, 2),
                                             g_array_index (pages, gint64, 1)));
  g_clear_pointer (&order, g_free);
  order = document_order (window);
  g_assert_cmpstr (order, ==, "page-00.jpg clean-01.jpg");
  g_assert_cmpint (mrg_page_list_get_page_at (list, 0), ==, g_array_index (pages, gint64, 2));

  /* Ctrl+click on the second page in the list adds it to the selection, for "OCR the Selected
   * Pages"; cancelled at once, it leaves both pages as they were */
  g_assert_true (mrg_page_list_select_page (list, g_array_index (pages, gint64, 2)));
  g_assert_cmpint (mrg_page_model_get_page_id (model), ==, g_array_index (pages, gint64, 2));
  mrg_test_focus_window (GTK_WINDOW (window));
  mrg_test_click (GTK_WIDGET (list), gtk_widget_get_width (GTK_WIDGET (list)) / 2, 280, "1",
                  "ctrl");
  {
    g_autoptr(GArray) selected = mrg_page_list_get_selected_pages (list);

    g_assert_cmpuint (selected->len, ==, 2);
    g_assert_cmpint (g_array_index (selected, gint64, 0), ==, g_array_index (pages, gint64, 2));
    g_assert_cmpint (g_array_index (selected, gint64, 1), ==, g_array_index (pages, gint64, 1));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "ocr.selected", NULL));
  g_assert_true (_mrg_window_is_busy (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "ocr.cancel", NULL));
  g_assert_true (mrg_test_wait_for (ocr_done, window));
  g_assert_cmpint (mrg_store_get_counts (_mrg_window_get_store (window), &counts, NULL), ==, TRUE);
  g_assert_cmpint (counts.tables, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  mrg_store_remove_file (path);
  assert_no_warnings ();
}

int
main (int    argc,
      char **argv)
{
  if (!mrg_test_display_init (&argc, &argv, "window", &tmpdir))
    return 77;
  /* Criticals stay fatal; warnings are counted by log_writer and checked after each test. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  adw_init ();
  /* AdwApplication loads the style sheet for the app; the test has no application. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/muragat/Muragat/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  project = g_build_filename (tmpdir, "Список.muragat", NULL);
  mrg_test_make_synthetic_project (project, 1);

  g_test_add_func ("/window/start-page", test_start_page);
  g_test_add_func ("/window/edit-verify-undo-reopen", test_edit_verify_undo_reopen);
  g_test_add_func ("/window/drag-separator", test_drag_separator);
  g_test_add_func ("/window/verify-page", test_verify_page);
  g_test_add_func ("/window/learn", test_learn);
  g_test_add_func ("/window/draft-restored", test_draft_restored);
  g_test_add_func ("/window/disk-full-keeps-text", test_disk_full_keeps_text);
  g_test_add_func ("/window/other-program", test_other_program);
  g_test_add_func ("/window/column-popover", test_column_popover);
  g_test_add_func ("/window/layout-menu", test_layout_menu);
  g_test_add_func ("/window/dialogs", test_dialogs);
  g_test_add_func ("/window/two-tables", test_two_tables);
  g_test_add_func ("/window/cells", test_cells);
  g_test_add_func ("/window/pages/empty-project", test_empty_project);
  g_test_add_func ("/window/pages/ocr-all-cancel-move-remove", test_ocr_all_cancel);
  return mrg_test_display_run ();
}

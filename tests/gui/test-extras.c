/* test-extras.c: the export dialog, the search panel and the match window, driven in a real
 * window under Xvfb, checked against the files they write and the project file
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-extras"

#include "config.h"

#include <adwaita.h>
#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mrg-export-dialog.h"
#include "mrg-match-window.h"
#include "mrg-search-panel.h"
#include "mrg-test-display.h"
#include "mrg-test-project.h"
#include "mrg-window-private.h"
#include "mrg-window.h"
#include "mrg-store-testing.h"

static const char *tmpdir;
static char *project;

/* ---- screenshots and keys (the main loop and xdotool: mrg-test-display.c) ---- */

static void
key (const char *name)
{
  mrg_test_xdotool ("key", name, NULL);
}

static MrgWindow *
open_window (void)
{
  return MRG_WINDOW (mrg_test_open_window (project));
}

static void
close_window (MrgWindow *window)
{
  mrg_test_close_window (GTK_WIDGET (window));
}

/* The toplevel of the given type that the window's action opened. */
static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* owned by GTK */
  gpointer found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type))
        found = item;
    }
  return found;
}

/* ---- reading the project file with a connection of its own ---- */

static char *
query_text (const char *sql,
            const char *arg)
{
  return mrg_test_read_text (project, sql, arg);
}

/* Changes the project file behind the program's back, as another program would. */
static void
exec_sql (const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (project, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* ---- export ---- */

static gboolean
dialog_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
export_stopped (gpointer data)
{
  MrgExportDialog **dialog = data;

  return *dialog == NULL || !mrg_export_dialog_is_running (*dialog);
}

static void
test_export_csv (void)
{
  MrgWindow *window = open_window ();
  MrgExportDialog *dialog = NULL;
  g_autofree char *out = g_build_filename (tmpdir, "Список.csv", NULL);
  g_autofree char *bad = g_build_filename (tmpdir, "no-such-folder", "x.csv", NULL);
  g_autofree char *dest = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *n_rows = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n_lines = 0;

  gtk_widget_activate_action (GTK_WIDGET (window), "project.export", NULL);
  mrg_test_settle ();
  dialog = find_toplevel (MRG_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* The destination starts beside the project, named for it, and follows the format. */
  mrg_export_dialog_set_format (dialog, MRG_EXPORT_FORMAT_XLSX);
  dest = mrg_export_dialog_get_destination (dialog);
  g_assert_true (g_str_has_suffix (dest, "Список.xlsx"));
  g_clear_pointer (&dest, g_free);
  /* For PAGE XML a folder: a chosen one as it is. */
  mrg_export_dialog_set_format (dialog, MRG_EXPORT_FORMAT_PAGEXML);
  dest = mrg_export_dialog_get_destination (dialog);
  g_assert_true (g_str_has_suffix (dest, "Список-pagexml"));
  g_clear_pointer (&dest, g_free);
  mrg_export_dialog_set_destination (dialog, tmpdir);
  dest = mrg_export_dialog_get_destination (dialog);
  g_assert_cmpstr (dest, ==, tmpdir);
  g_clear_pointer (&dest, g_free);
  /* Back to a file format, the name is the project's again, beside it. */
  mrg_export_dialog_set_format (dialog, MRG_EXPORT_FORMAT_CSV);
  dest = mrg_export_dialog_get_destination (dialog);
  g_assert_cmpstr (dest, ==, out);

  /* A destination that cannot be written gives an error in the dialog, which stays open. */
  mrg_export_dialog_set_destination (dialog, bad);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL);
  g_assert_true (mrg_export_dialog_is_running (dialog));
  g_assert_true (mrg_test_wait_for (export_stopped, &dialog));
  g_assert_nonnull (dialog);
  g_assert_nonnull (mrg_export_dialog_get_error (dialog));
  g_test_message ("error shown: %s", mrg_export_dialog_get_error (dialog));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  mrg_test_settle ();
  mrg_test_save_screenshot (GTK_WIDGET (dialog), "extras-export-error.png");

  mrg_export_dialog_set_destination (dialog, out);
  mrg_test_settle ();
  mrg_test_save_screenshot (GTK_WIDGET (dialog), "extras-export-dialog.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL);
  /* Success closes the dialog. */
  g_assert_true (mrg_test_wait_for (dialog_gone, &dialog));
  mrg_test_settle ();
  mrg_test_save_screenshot (GTK_WIDGET (window), "extras-export-done.png");

  g_assert_true (g_file_get_contents (out, &contents, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      n_lines++;
  /* One line for the header, one per body row of both pages. */
  n_rows = query_text ("SELECT count(*) FROM rows WHERE NOT header AND idx >= 0", NULL);
  g_test_message ("%u lines for %s body rows", n_lines, n_rows);
  g_assert_cmpuint (n_lines, ==, (guint) atoi (n_rows) + 1);
  g_assert_nonnull (strstr (contents, "Габдуллин Жамал"));
  g_assert_nonnull (strstr (contents, "Кожамитов Абухайр"));
  close_window (window);
}

static MrgExportDialog *
open_export_dialog (MrgWindow *window)
{
  MrgExportDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "project.export", NULL);
  mrg_test_settle ();
  dialog = find_toplevel (MRG_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  return dialog;
}

/* "Verified only" is what it was at the last export, in the next dialog and the next session.
 * With no row verified yet, it writes nothing and says why: a file of column names alone would
 * pass for the export of an empty project. */
static void
test_export_remembers_verified_only (void)
{
  MrgWindow *window = open_window ();
  g_autoptr(GSettings) settings = g_settings_new ("io.github.muragat.Muragat");
  MrgExportDialog *dialog = open_export_dialog (window);
  g_autofree char *verified = query_text ("SELECT count(*) FROM rows WHERE status = 'verified'",
                                          NULL);
  g_autofree char *out = g_build_filename (tmpdir, "verified.csv", NULL);

  g_assert_false (mrg_export_dialog_get_verified_only (dialog));
  mrg_export_dialog_set_verified_only (dialog, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "export-verified-only"));

  g_assert_cmpstr (verified, ==, "0");
  mrg_export_dialog_set_destination (dialog, out);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL);
  mrg_test_settle ();
  g_assert_false (mrg_export_dialog_is_running (dialog));
  g_assert_cmpstr (mrg_export_dialog_get_error (dialog), ==,
                   "No row is verified yet: mark rows verified (Ctrl+Enter) or turn off "
                   "“Verified Rows Only”.");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  mrg_test_save_screenshot (GTK_WIDGET (dialog), "extras-export-none-verified.png");
  gtk_window_close (GTK_WINDOW (dialog));
  mrg_test_settle ();
  g_assert_null (find_toplevel (MRG_TYPE_EXPORT_DIALOG));

  dialog = open_export_dialog (window);
  g_assert_true (mrg_export_dialog_get_verified_only (dialog));
  mrg_export_dialog_set_verified_only (dialog, FALSE);
  gtk_window_close (GTK_WINDOW (dialog));
  mrg_test_settle ();
  g_assert_false (g_settings_get_boolean (settings, "export-verified-only"));
  close_window (window);
}

/* The longest the main loop went without turning, while an export ran: a figure, not a check. */
static gint64 last_tick;
static gint64 longest_stall;

static gboolean
stall_tick_cb (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0 && now - last_tick > longest_stall)
    longest_stall = now - last_tick;
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
is_temporary_of (const char *name,
                 const char *prefix)
{
  return strstr (name, prefix) != NULL;
}

static void
test_export_pdf_cancel (void)
{
  MrgWindow *window = open_window ();
  MrgExportDialog *dialog;
  g_autofree char *out = g_build_filename (tmpdir, "отмена.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gsize length = 0;
  gint64 start;
  guint tick;

  gtk_widget_activate_action (GTK_WIDGET (window), "project.export", NULL);
  mrg_test_settle ();
  dialog = find_toplevel (MRG_TYPE_EXPORT_DIALOG);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  mrg_export_dialog_set_format (dialog, MRG_EXPORT_FORMAT_PDF);
  mrg_export_dialog_set_destination (dialog, out);

  /* Cancel at once: either the export stops and writes nothing, or it was already done and the
   * file is whole. Never half a file, never a temporary file left behind. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL);
  g_assert_true (mrg_test_wait_for (export_stopped, &dialog));
  mrg_test_settle ();
  if (dialog != NULL)
    {
      g_test_message ("cancelled: %s", mrg_export_dialog_get_error (dialog));
      g_assert_nonnull (mrg_export_dialog_get_error (dialog));
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
  else
    {
      g_test_message ("the export was done before the cancel");
      g_assert_true (g_file_get_contents (out, &contents, &length, NULL));
      g_assert_true (g_str_has_prefix (contents, "%PDF"));
      g_assert_nonnull (g_strrstr_len (contents + length - MIN (length, 64), -1, "%%EOF"));
      g_clear_pointer (&contents, g_free);
      g_unlink (out);
      gtk_widget_activate_action (GTK_WIDGET (window), "project.export", NULL);
      mrg_test_settle ();
      dialog = find_toplevel (MRG_TYPE_EXPORT_DIALOG);
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
      mrg_export_dialog_set_format (dialog, MRG_EXPORT_FORMAT_PDF);
      mrg_export_dialog_set_destination (dialog, out);
    }
  dir = g_dir_open (tmpdir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (is_temporary_of (name, "отмена") && !g_str_equal (name, "отмена.pdf"));

  /* The whole export, with the main loop free meanwhile. */
  last_tick = 0;
  longest_stall = 0;
  tick = g_timeout_add (5, stall_tick_cb, NULL);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL);
  mrg_test_settle ();
  if (dialog != NULL)
    mrg_test_save_screenshot (GTK_WIDGET (dialog), "extras-export-running.png");
  /* Drawing the screenshot is the test's own stall, not the export's. */
  last_tick = 0;
  longest_stall = 0;
  g_assert_true (mrg_test_wait_for (export_stopped, &dialog));
  g_source_remove (tick);
  g_test_message ("searchable PDF of 2 pages: %.2f s; longest main-loop stall %.1f ms",
                  (g_get_monotonic_time () - start) / 1e6, longest_stall / 1e3);
  g_assert_true (mrg_test_wait_for (dialog_gone, &dialog));
  g_assert_true (g_file_get_contents (out, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  close_window (window);
}

/* ---- search ---- */

static gboolean
search_done (gpointer data)
{
  return !mrg_search_panel_is_searching (data);
}

static void
test_search_latin (void)
{
  MrgWindow *window = open_window ();
  MrgSearchPanel *panel;
  const MrgSearchResult *first;
  gint64 page_id;
  int first_row, first_col;
  g_autofree char *text = NULL;
  g_autofree char *first_page = query_text ("SELECT min(id) FROM pages", NULL);
  int row = -1, col = -1;

  gtk_widget_activate_action (GTK_WIDGET (window), "project.search", NULL);
  mrg_test_settle ();
  panel = find_toplevel (MRG_TYPE_SEARCH_PANEL);
  g_assert_nonnull (panel);

  /* A Latin spelling, typed, finds the Cyrillic surname on both pages. */
  g_object_add_weak_pointer (G_OBJECT (panel), (gpointer *) &panel);
  mrg_test_focus_window (GTK_WINDOW (panel));
  mrg_test_xdotool ("type", "--delay", "40", "Seksenbaev", NULL);
  g_assert_true (mrg_test_wait_for (mrg_test_search_found, panel));
  mrg_test_settle ();
  mrg_test_save_screenshot (GTK_WIDGET (panel), "extras-search.png");
  g_assert_cmpuint (mrg_search_panel_get_n_results (panel), >=, 2);
  first = mrg_search_panel_get_result (panel, 0);
  g_test_message ("first: page %d row %d col %d: %s (%.2f)", first->page, first->row,
                  first->column, first->text, first->score);
  g_assert_true (g_str_has_prefix (first->text, "Сексенбаев"));
  page_id = first->page_id;
  first_row = first->row;
  first_col = first->column;

  /* Start on the other page, so that going to the result has to turn the page. */
  if (page_id == g_ascii_strtoll (first_page, NULL, 10))
    gtk_widget_activate_action (GTK_WIDGET (window), "page.next", NULL);
  mrg_test_settle ();
  g_assert_cmpint (mrg_page_model_get_page_id (_mrg_window_get_model (window)), !=,
                   page_id);

  g_assert_true (mrg_search_panel_activate (panel, 0));
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_settle ();
  g_assert_cmpint (mrg_page_model_get_page_id (_mrg_window_get_model (window)), ==,
                   page_id);
  mrg_page_model_get_cursor (_mrg_window_get_model (window), &row, &col);
  g_assert_cmpint (row, ==, first_row);
  g_assert_cmpint (col, ==, first_col);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (window)) ==
                 GTK_WIDGET (_mrg_window_get_grid_editor (window)) ||
                 gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         GTK_WIDGET (_mrg_window_get_grid_editor (window))));
  mrg_test_save_screenshot (GTK_WIDGET (window), "extras-search-went-to.png");

  /* A figure: one search of a Latin surname, off the main loop, from asking to the rows shown. */
  {
    gint64 t0 = g_get_monotonic_time ();

    mrg_search_panel_set_text (panel, "Gabdullin");
    g_assert_true (mrg_test_wait_for (search_done, panel));
    g_test_message ("search \"Gabdullin\": %u results in %.1f ms",
                    mrg_search_panel_get_n_results (panel),
                    (g_get_monotonic_time () - t0) / 1e3);
    g_assert_cmpuint (mrg_search_panel_get_n_results (panel), >=, 4);
  }

  /* A word that is nowhere finds nothing, and says so. */
  mrg_search_panel_set_text (panel, "Qwxyzzy");
  g_assert_true (mrg_test_wait_for (search_done, panel));
  g_assert_cmpuint (mrg_search_panel_get_n_results (panel), ==, 0);
  (void) text;

  /* Escape closes the panel. */
  mrg_test_focus_window (GTK_WINDOW (panel));
  key ("Escape");
  g_assert_true (mrg_test_wait_for (dialog_gone, &panel));
  close_window (window);
}

/* A table whose stored idx have a gap (as rows added by another program or an older release may
 * leave): search says "Row N" as the grid's margin numbers the row, and goes to that row. */
static void
test_search_numbers_as_shown (void)
{
  g_autofree char *row_id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  MrgWindow *window;
  MrgSearchPanel *panel;
  const MrgSearchResult *found = NULL;
  int row = -1, col = -1;

  /* the 9th row (place 8) of the first page's table, its name cell */
  row_id = query_text ("SELECT r.id FROM rows r JOIN tables t ON t.id = r.table_id"
                       " WHERE t.page_id = (SELECT min(id) FROM pages) AND r.idx = 8", NULL);
  g_assert_nonnull (row_id);
  text = query_text ("SELECT text FROM cells WHERE row_id = ? AND col = 1", row_id);
  g_assert_nonnull (text);
  sql = g_strdup_printf ("UPDATE rows SET idx = idx + 10 WHERE idx >= 5 AND table_id ="
                         " (SELECT table_id FROM rows WHERE id = %s)", row_id);
  exec_sql (sql);

  window = open_window ();
  gtk_widget_activate_action (GTK_WIDGET (window), "project.search", NULL);
  mrg_test_settle ();
  panel = find_toplevel (MRG_TYPE_SEARCH_PANEL);
  g_assert_nonnull (panel);
  mrg_search_panel_set_text (panel, text);
  g_assert_true (mrg_test_wait_for (mrg_test_search_found, panel));
  for (guint i = 0; i < mrg_search_panel_get_n_results (panel) && found == NULL; i++)
    {
      const MrgSearchResult *r = mrg_search_panel_get_result (panel, i);

      if (r->row_id == g_ascii_strtoll (row_id, NULL, 10))
        {
          found = r;
          g_assert_true (mrg_search_panel_activate (panel, i));
        }
    }
  g_assert_nonnull (found);
  g_test_message ("\"%s\": row %d as shown (stored idx 18)", text, found->row);
  g_assert_cmpint (found->row, ==, 8);
  mrg_test_settle ();
  mrg_page_model_get_cursor (_mrg_window_get_model (window), &row, &col);
  g_assert_cmpint (row, ==, 8);
  gtk_window_destroy (GTK_WINDOW (panel));
  close_window (window);

  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE rows SET idx = idx - 10 WHERE idx >= 15 AND table_id ="
                         " (SELECT table_id FROM rows WHERE id = %s)", row_id);
  exec_sql (sql);
}

/* ---- matching ---- */

static gboolean
match_idle (gpointer data)
{
  return !mrg_match_window_is_busy (data);
}

typedef struct
{
  MrgMatchWindow *match;
  gboolean duplicates;
  int i;
} CropWait;

static gboolean
crop_shown (gpointer data)
{
  CropWait *w = data;

  return mrg_match_window_has_crop (w->match, w->duplicates, w->i);
}

static int
find_pair (MrgMatchWindow *match,
           gboolean        duplicates,
           const char     *left,
           const char     *right)
{
  for (guint i = 0; i < mrg_match_window_get_n_pairs (match, duplicates); i++)
    {
      const char *l, *r;

      mrg_match_window_get_pair (match, duplicates, i, &l, &r, NULL);
      if (g_strcmp0 (l, left) == 0 && g_strcmp0 (r, right) == 0)
        return (int) i;
    }
  return -1;
}

static void
test_match_list (void)
{
  MrgWindow *window = open_window ();
  MrgMatchWindow *match;
  g_autofree char *list = g_build_filename (tmpdir, "Список из архива.csv", NULL);
  g_autofree char *decision = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *row_id = query_text ("SELECT c.row_id FROM cells c WHERE c.text = ?1",
                                        "Габдуллин Жамал");
  g_autofree char *count = NULL;
  gint64 pair_row = 0;
  int i, j;

  /* A list as an archive sends it: semicolons, a BOM, names in Latin letters. */
  g_assert_true (g_file_set_contents (list,
                                      "\xef\xbb\xbf№;ФИО;Год рождения\r\n"
                                      "1;Gabdullin Zhamal;1915\r\n"
                                      "2;Seksenbaev Zunum;1901\r\n"
                                      "3;Whitfield Ernest;1950\r\n",
                                      -1, NULL));

  gtk_widget_activate_action (GTK_WIDGET (window), "project.match", NULL);
  mrg_test_settle ();
  match = find_toplevel (MRG_TYPE_MATCH_WINDOW);
  g_assert_nonnull (match);

  /* The name column is guessed from the header. */
  g_assert_true (mrg_match_window_set_list (match, list));
  {
    gint64 t0 = g_get_monotonic_time ();

    mrg_match_window_run (match);
    g_assert_true (mrg_match_window_is_busy (match));
    g_assert_true (mrg_test_wait_for (match_idle, match));
    g_test_message ("match of 3 names against 2 pages, with the crops: %.1f ms",
                    (g_get_monotonic_time () - t0) / 1e3);
  }
  mrg_test_settle ();
  g_assert_cmpuint (mrg_match_window_get_n_pairs (match, FALSE), >=, 2);

  i = find_pair (match, FALSE, "Gabdullin Zhamal", "Габдуллин Жамал");
  j = find_pair (match, FALSE, "Seksenbaev Zunum", "Сексенбаев Зунум");
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (j, >=, 0);
  /* Nobody on the pages is called anything like Whitfield. */
  for (guint k = 0; k < mrg_match_window_get_n_pairs (match, FALSE); k++)
    {
      const char *l;

      mrg_match_window_get_pair (match, FALSE, k, &l, NULL, NULL);
      g_assert_cmpstr (l, !=, "Whitfield Ernest");
    }
  /* The scan of the candidate's row is shown beside the names. */
  g_assert_true (mrg_test_wait_for (crop_shown, &(CropWait) { match, FALSE, i }));
  mrg_test_save_screenshot (GTK_WIDGET (match), "extras-match.png");

  mrg_match_window_get_pair (match, FALSE, i, NULL, NULL, &pair_row);
  g_assert_cmpint (pair_row, ==, g_ascii_strtoll (row_id, NULL, 10));

  /* The review with the keyboard: the first pair has the focus; ↓ moves, A accepts and R
   * rejects, each moving on to the next pair. */
  g_assert_cmpint (i, <, j);
  mrg_test_focus_window (GTK_WINDOW (match));
  for (int k = 0; k < i; k++)
    key ("Down");
  key ("a");
  for (int k = i + 1; k < j; k++)
    key ("Down");
  key ("r");

  /* The decisions are in the project file, with the list, its row and the project row. */
  decision = query_text ("SELECT decision || '|' || list_row || '|' || row_id || '|' || list_name"
                         " FROM match_decisions WHERE list_file = ?1 AND list_row = 1", list);
  expected = g_strdup_printf ("accepted|1|%s|Gabdullin Zhamal", row_id);
  g_assert_cmpstr (decision, ==, expected);
  g_clear_pointer (&decision, g_free);
  decision = query_text ("SELECT decision FROM match_decisions WHERE list_file = ?1"
                         " AND list_row = 2", list);
  g_assert_cmpstr (decision, ==, "rejected");
  count = query_text ("SELECT count(*) FROM match_decisions WHERE list_file = ?1", list);
  g_assert_cmpstr (count, ==, "2");
  mrg_test_settle ();
  mrg_test_save_screenshot (GTK_WIDGET (match), "extras-match-decided.png");

  /* Matched again, the list shows what was decided. */
  gtk_window_destroy (GTK_WINDOW (match));
  mrg_test_settle ();
  gtk_widget_activate_action (GTK_WIDGET (window), "project.match", NULL);
  mrg_test_settle ();
  match = find_toplevel (MRG_TYPE_MATCH_WINDOW);
  g_assert_true (mrg_match_window_set_list (match, list));
  g_assert_true (mrg_match_window_set_column (match, "ФИО"));
  mrg_match_window_run (match);
  g_assert_true (mrg_test_wait_for (match_idle, match));
  g_assert_cmpint (find_pair (match, FALSE, "Gabdullin Zhamal", "Габдуллин Жамал"), ==, i);

  /* Closed while it matches: the work ends quietly (criticals are fatal here). */
  g_object_ref (match);
  mrg_match_window_run (match);
  g_assert_true (mrg_match_window_is_busy (match));
  gtk_window_destroy (GTK_WINDOW (match));
  g_assert_true (mrg_test_wait_for (match_idle, match));
  mrg_test_settle ();
  g_object_unref (match);
  close_window (window);
}

static void
test_match_crops_follow (void)
{
  MrgWindow *window = open_window ();
  MrgMatchWindow *match;
  g_autofree char *list = g_build_filename (tmpdir, "все.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("Name\n");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n, last;

  /* Every name of the project as a list: far more pairs than get their crops at once. */
  g_assert_cmpint (sqlite3_open_v2 (project, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT c.text FROM cells c JOIN rows r"
                                       " ON r.id = c.row_id WHERE c.col = 1 AND NOT r.header",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (csv, "%s\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_true (g_file_set_contents (list, csv->str, -1, NULL));

  gtk_widget_activate_action (GTK_WIDGET (window), "project.match", NULL);
  mrg_test_settle ();
  match = find_toplevel (MRG_TYPE_MATCH_WINDOW);
  g_assert_true (mrg_match_window_set_list (match, list));
  mrg_match_window_run (match);
  g_assert_true (mrg_test_wait_for (match_idle, match));
  n = mrg_match_window_get_n_pairs (match, FALSE);
  g_test_message ("%u pairs", n);
  g_assert_cmpuint (n, >, 60);
  last = n - 1;
  g_assert_true (mrg_match_window_has_crop (match, FALSE, 0));
  g_assert_false (mrg_match_window_has_crop (match, FALSE, last));
  g_assert_false (mrg_match_window_has_crop (match, FALSE, last - 1));

  /* End goes to the last pair, whose crop comes then; those skipped over wait. */
  mrg_test_focus_window (GTK_WINDOW (match));
  key ("End");
  g_assert_true (mrg_test_wait_for (crop_shown, &(CropWait) { match, FALSE, (int) last }));
  g_assert_true (mrg_test_wait_for (match_idle, match));
  g_assert_false (mrg_match_window_has_crop (match, FALSE, last - 1));
  close_window (window);
}

static void
test_match_duplicates (void)
{
  MrgWindow *window = open_window ();
  MrgMatchWindow *match;
  g_autoptr(GError) error = NULL;
  g_autofree char *cell = query_text ("SELECT c.id FROM cells c JOIN rows r ON r.id = c.row_id"
                                      " JOIN tables t ON t.id = r.table_id"
                                      " WHERE t.page_id = (SELECT max(id) FROM pages)"
                                      " AND c.text = ?1", "Калиев Асхат");
  int i;

  /* The same man written on the second page too, as a person would correct a cell. */
  g_assert_nonnull (cell);
  g_assert_true (mrg_store_edit_cell_text (_mrg_window_get_store (window),
                                           g_ascii_strtoll (cell, NULL, 10), "Габдуллин Жамал",
                                           &error));
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (window), "project.match", NULL);
  mrg_test_settle ();
  match = find_toplevel (MRG_TYPE_MATCH_WINDOW);
  g_assert_nonnull (match);
  mrg_match_window_find_duplicates (match);
  g_assert_true (mrg_test_wait_for (match_idle, match));
  mrg_test_settle ();
  i = find_pair (match, TRUE, "Габдуллин Жамал", "Габдуллин Жамал");
  g_assert_cmpint (i, >=, 0);
  g_assert_true (mrg_test_wait_for (crop_shown, &(CropWait) { match, TRUE, i }));
  mrg_test_save_screenshot (GTK_WIDGET (match), "extras-duplicates.png");

  /* Each side of the pair shows its row in the window, the name cell under the cursor. */
  {
    g_autofree char *first = query_text ("SELECT min(id) FROM pages", NULL);
    g_autofree char *last = query_text ("SELECT max(id) FROM pages", NULL);
    g_autofree char *row_first = query_text ("SELECT r.idx FROM rows r JOIN cells c"
                                             " ON c.row_id = r.id WHERE c.text = ?1"
                                             " ORDER BY r.id LIMIT 1", "Габдуллин Жамал");
    g_autofree char *row_last = query_text ("SELECT r.idx FROM rows r JOIN cells c"
                                            " ON c.row_id = r.id WHERE c.text = ?1"
                                            " ORDER BY r.id DESC LIMIT 1", "Габдуллин Жамал");
    const char *pages[2] = { first, last };
    const char *rows[2] = { row_first, row_last };
    gboolean left_first;
    int row = -1, col = -1;

    g_assert_true (mrg_match_window_go_to (match, TRUE, i, TRUE));
    left_first = mrg_page_model_get_page_id (_mrg_window_get_model (window)) ==
                 g_ascii_strtoll (first, NULL, 10);
    for (int side = 0; side < 2; side++)
      {
        int k = left_first ? side : 1 - side;

        g_assert_true (mrg_match_window_go_to (match, TRUE, i, side == 0));
        g_assert_cmpint (mrg_page_model_get_page_id (_mrg_window_get_model (window)), ==,
                         g_ascii_strtoll (pages[k], NULL, 10));
        mrg_page_model_get_cursor (_mrg_window_get_model (window), &row, &col);
        g_assert_cmpint (row, ==, atoi (rows[k]));
        g_assert_cmpint (col, ==, 1);
      }
  }
  g_assert_true (mrg_match_window_decide (match, TRUE, i, MRG_MATCH_DECISION_ACCEPTED));
  {
    g_autofree char *decision = query_text ("SELECT decision FROM match_decisions"
                                            " WHERE list_file = ''", NULL);

    g_assert_cmpstr (decision, ==, "accepted");
  }
  close_window (window);
}

/* ---- another project in the same window ---- */

static void
test_project_switch (void)
{
  MrgWindow *window = open_window ();
  g_autofree char *other = g_build_filename (tmpdir, "другой.muragat", NULL);
  g_autofree char *scan = mrg_test_corpus_path ("synthetic-typed-ru/clean-01.jpg");
  const char *scans[] = { scan, NULL };
  g_autoptr(GError) error = NULL;
  gpointer match, panel;

  {
    g_autoptr(MrgStore) store = mrg_test_make_project (other, scans, &error);

    g_assert_no_error (error);
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "project.match", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "project.search", NULL);
  mrg_test_settle ();
  match = find_toplevel (MRG_TYPE_MATCH_WINDOW);
  panel = find_toplevel (MRG_TYPE_SEARCH_PANEL);
  g_assert_nonnull (match);
  g_assert_nonnull (panel);
  g_object_add_weak_pointer (G_OBJECT (match), &match);
  g_object_add_weak_pointer (G_OBJECT (panel), &panel);

  /* Pairs and results of one project must never act on another: the windows go with it. */
  g_assert_true (mrg_window_open_project (window, other));
  mrg_test_settle ();
  g_assert_null (match);
  g_assert_null (panel);
  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  if (!mrg_test_display_init (&argc, &argv, "extras", &tmpdir))
    return 77;
  /* MURAGAT_LOCALEDIR=build/po LANGUAGE=ru: the same run in a translation, to look at. */
  if (g_getenv ("MURAGAT_LOCALEDIR") != NULL)
    {
      /* gtk_test_init chose a locale of its own; gettext reads LANGUAGE only outside "C". */
      setlocale (LC_ALL, "C.UTF-8");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MURAGAT_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  adw_init ();
  /* Nothing here waits on OCR (test-window does): a minute without the awaited change is a hang. */
  mrg_test_set_hang_seconds (60);

  project = g_build_filename (tmpdir, "Список.muragat", NULL);
  mrg_test_make_synthetic_project (project, 2);

  g_test_add_func ("/extras/export/csv", test_export_csv);
  g_test_add_func ("/extras/export/pdf-cancel", test_export_pdf_cancel);
  g_test_add_func ("/extras/export/remembers-verified-only", test_export_remembers_verified_only);
  g_test_add_func ("/extras/search/latin-finds-cyrillic", test_search_latin);
  g_test_add_func ("/extras/search/numbers-as-shown", test_search_numbers_as_shown);
  g_test_add_func ("/extras/match/list", test_match_list);
  g_test_add_func ("/extras/match/crops-follow-selection", test_match_crops_follow);
  g_test_add_func ("/extras/match/duplicates", test_match_duplicates);
  g_test_add_func ("/extras/project-switch", test_project_switch);
  return mrg_test_display_run ();
}

/* test-bad-input-display.c: the window stays responsive on hostile content: a cell of millions
 * of characters (an imported file can hold one) is drawn as a cut-off preview; a scan damaged or
 * moved away since it was imported is named on its page's tile; a scan without a table says so
 * once read
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-bad-input-display"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mrg-page-list.h"
#include "mrg-store-pages.h"
#include "mrg-test-display.h"
#include "mrg-test-project.h"
#include "mrg-test-util.h"
#include "mrg-window-private.h"
#include "mrg-window.h"
#include "mrg-store-testing.h"

#define LONG_CELL_CHARS (8 * 1000 * 1000)

static const char *tmpdir;
static char *short_project;   /* the same page with its cells as read */
static char *long_project;    /* one of its cells millions of characters long */

static void
make_project (const char *project,
              gboolean    long_cell)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scan = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.jpg");
  g_autofree char *truth = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.json");
  const char *scans[] = { scan, NULL };
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) text = g_string_sized_new (LONG_CELL_CHARS + 16);

  store = mrg_test_make_project (project, scans, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_test_add_truth_tables (store, mrg_test_first_page (store), truth, 1, &error));
  g_assert_no_error (error);
  if (!long_cell)
    return;

  /* words and line breaks, as an entity expanded many times would give */
  while (text->len < LONG_CELL_CHARS)
    g_string_append (text, text->len % 4096 == 0 ? "Бектанов\n" : "Бектанов ");
  stmt = mrg_store_prepare (store, "UPDATE cells SET text = ? WHERE id ="
                                   " (SELECT c.id FROM cells c JOIN rows r ON r.id = c.row_id"
                                   "  WHERE r.header = 0 ORDER BY r.idx, c.col LIMIT 1)", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, text->str, text->len, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (mrg_store_get_db (store)), ==, 1);
}

/* Opening the page and drawing its grid takes as long as with short cells, not the minutes of
 * laying out millions of characters (the window froze in Pango). */
static double
open_and_draw (const char *project)
{
  MrgWindow *window = g_object_new (MRG_TYPE_WINDOW, NULL);
  gint64 start = g_get_monotonic_time ();
  double seconds;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (mrg_window_open_project (window, project));
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_settle ();
  mrg_test_wait_frames (GTK_WIDGET (window), 3);
  mrg_test_settle ();
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_test_message ("%s opened and drawn in %.1f s", project, seconds);
  if (project == long_project)
    mrg_test_write_screenshot (GTK_WIDGET (window), "bad-input-long-cell.png");

  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
  return seconds;
}

/* Opening the page and drawing its grid takes about as long as with short cells, not the tens
 * of seconds of laying out millions of characters (the window froze in Pango). Measured against
 * the same page with short cells, so that a slow machine or ASan slows both alike. */
static void
test_long_cell_preview (void)
{
  double usual, with_long_cell;

  open_and_draw (short_project);   /* fonts and caches warm */
  usual = open_and_draw (short_project);
  with_long_cell = open_and_draw (long_project);
  g_assert_cmpfloat (with_long_cell, <, 3 * usual + 5);
}

/* ---- scans damaged or moved away since they were imported ---- */

static gboolean
two_thumbnails (gpointer data)
{
  return mrg_page_list_get_n_thumbnails (_mrg_window_get_page_list (data)) == 2;
}

/* A page whose scan cannot be drawn says so on its tile in the page list, rather than passing
 * for an empty page; shown, a moved scan's page says what to do, and once Find Moved Scans has
 * found it the page and its tile are drawn. */
static void
test_scan_problems (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmpdir, "scans", NULL);
  g_autofree char *project = g_build_filename (tmpdir, "scan-problems.muragat", NULL);
  const char *names[] = { "clean-00.jpg", "clean-01.jpg", "page-02.jpg" };
  char *corpus[G_N_ELEMENTS (names)], *scans[G_N_ELEMENTS (names) + 1] = { NULL };
  g_autofree char *moved = g_build_filename (tmpdir, "moved.jpg", NULL);
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GArray) page_ids = NULL;
  GtkWidget *window;
  MrgPageModel *model;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *relative = g_build_filename ("synthetic-typed-ru", names[i], NULL);

      corpus[i] = mrg_test_corpus_path (relative);
      scans[i] = g_build_filename (dir, names[i], NULL);
      mrg_test_copy_prefix (corpus[i], scans[i], -1);
    }
  store = mrg_test_make_project (project, (const char * const *) scans, &error);
  g_assert_no_error (error);
  page_ids = mrg_store_list_pages (store, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  /* the second loses its second half, the third goes elsewhere */
  mrg_test_copy_prefix (corpus[1], scans[1], 60000);
  g_assert_cmpint (g_rename (scans[2], moved), ==, 0);

  window = mrg_test_open_window (project);
  model = _mrg_window_get_model (MRG_WINDOW (window));
  g_assert_true (mrg_test_wait_for_text (window, "Scan cannot be read", TRUE));
  g_assert_true (mrg_test_wait_for_text (window, "Scan missing", TRUE));
  mrg_test_save_screenshot (window, "bad-input-scan-problems.png");

  /* shown, the page says where its scan was and what to do */
  g_assert_true (_mrg_window_go_to (MRG_WINDOW (window), g_array_index (page_ids, gint64, 2), -1,
                                   -1));
  {
    g_autofree char *shown = g_filename_display_name (scans[2]);
    g_autofree char *said = g_strdup_printf ("%s is no longer there. Find Moved Scans in the "
                                             "main menu looks for it by its content.", shown);

    /* over the page, where the scan would be, and in no toast */
    g_assert_true (mrg_test_wait_for_text (MRG_WINDOW (window)->page_problem, said, TRUE));
    g_assert_false (mrg_test_toast_shown (window, said));
    g_assert_null (mrg_page_model_get_texture (model));
    mrg_test_save_screenshot (window, "bad-input-scan-missing.png");
    /* it goes with the page */
    g_assert_true (_mrg_window_go_to (MRG_WINDOW (window), g_array_index (page_ids, gint64, 0),
                                     -1, -1));
    g_assert_false (gtk_widget_get_visible (MRG_WINDOW (window)->page_problem));
    g_assert_true (_mrg_window_go_to (MRG_WINDOW (window), g_array_index (page_ids, gint64, 2),
                                     -1, -1));
    g_assert_true (mrg_test_wait_for_text (MRG_WINDOW (window)->page_problem, said, TRUE));

    /* Find Moved Scans, in the folder the person chose: the page and its tile are drawn */
    _mrg_window_relink (MRG_WINDOW (window), tmpdir);
    g_assert_true (mrg_test_wait_for_toast (window, "Found 1 scan at its new place"));
    g_assert_true (mrg_test_wait_for_text (window, said, FALSE));
  }
  g_assert_true (mrg_test_wait_for_text (window, "Scan missing", FALSE));
  g_assert_true (mrg_test_wait_for (two_thumbnails, window));
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  /* its tile is named for the file where it is now */
  g_assert_true (mrg_test_wait_for_text (window, "moved.jpg", TRUE));
  g_assert_false (mrg_test_shows_text (window, "page-02.jpg"));
  g_assert_true (mrg_test_shows_text (window, "Scan cannot be read"));
  mrg_test_save_screenshot (window, "bad-input-scan-found.png");
  /* none is missing any more */
  gtk_widget_activate_action (window, "project.relink", NULL);
  g_assert_true (mrg_test_wait_for_toast (window,
                                          "Every scan of the project is where it was added from"));

  mrg_test_close_window (window);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_free (corpus[i]);
      g_free (scans[i]);
    }
}

/* A scan that holds no table (a blank page, a letter filed with the list): OCR says it found
 * none and what to do, rather than finishing as if the page had been read. */
static void
test_no_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *blank = g_build_filename (tmpdir, "blank.png", NULL);
  g_autofree char *project = g_build_filename (tmpdir, "no-table.muragat", NULL);
  const char *scans[] = { blank, NULL };
  g_autoptr(GdkPixbuf) white = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1240, 1754);
  g_autoptr(MrgStore) store = NULL;
  MrgGridEditor *grid;
  GtkWidget *window;

  gdk_pixbuf_fill (white, 0xffffffff);
  g_assert_true (gdk_pixbuf_save (white, blank, "png", &error, NULL));
  g_assert_no_error (error);
  store = mrg_test_make_project (project, scans, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  window = mrg_test_open_window (project);
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  grid = _mrg_window_get_grid_editor (MRG_WINDOW (window));
  g_assert_true (g_str_has_prefix (mrg_grid_editor_get_placeholder (grid),
                                   "This page has no table yet. Run “OCR Page”"));
  gtk_widget_activate_action (window, "ocr.page", NULL);
  g_assert_true (mrg_test_wait_for_toast (window, "No table was found on 1 page: draw one with "
                                                  "Draw Table"));
  g_assert_null (mrg_page_model_get_table (_mrg_window_get_model (MRG_WINDOW (window))));
  /* no more "Run OCR Page" once it has run */
  g_assert_true (g_str_has_prefix (mrg_grid_editor_get_placeholder (grid),
                                   "OCR found no table on this page."));
  mrg_test_save_screenshot (window, "bad-input-no-table.png");
  mrg_test_close_window (window);
}

int
main (int    argc,
      char **argv)
{
  int result;

  if (!mrg_test_display_init (&argc, &argv, "bad-input", &tmpdir))
    return 77;
  adw_init ();
  mrg_test_set_hang_seconds (120);

  short_project = g_build_filename (tmpdir, "short-cells.muragat", NULL);
  long_project = g_build_filename (tmpdir, "long-cell.muragat", NULL);
  make_project (short_project, FALSE);
  make_project (long_project, TRUE);

  g_test_add_func ("/bad-input-display/long-cell-preview", test_long_cell_preview);
  g_test_add_func ("/bad-input-display/scan-problems", test_scan_problems);
  g_test_add_func ("/bad-input-display/no-table", test_no_table);
  result = mrg_test_display_run ();
  g_free (short_project);
  g_free (long_project);
  return result;
}

/* bench-window.c: how quickly the window answers, on a 1,000-page project, beside baselines
 * measured in the same run
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run under Xvfb: xvfb-run -a -s '-screen 0 1600x1000x24' ./build/bench/bench-window
 * (GSK_RENDERER=cairo, as Xvfb has no GL; GSETTINGS_SCHEMA_DIR=build/data is set by meson's
 * devenv, or set it by hand). It prints figures; it never fails on time. */

#define G_LOG_DOMAIN "bench-window"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "mrg-document.h"
#include "mrg-import.h"
#include "mrg-page-render.h"
#include "mrg-test-project.h"
#include "mrg-window-private.h"
#include "mrg-window.h"

#define N_PAGES 1000

/* ---- helpers ---- */

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
run_until (gboolean (*cond) (gpointer),
           gpointer  data)
{
  while (!cond (data))
    g_main_context_iteration (NULL, TRUE);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Waits for the next frame of the widget's window to be painted. */
static void
wait_painted (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong id;

  g_assert (clock != NULL);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  run_until (flag_set, &painted);
  g_signal_handler_disconnect (clock, id);
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_frame_clock (data) != NULL;
}

static long
vm_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (p = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (p + 6, NULL, 10);
}

static long
max_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static double
median (GArray *values)
{
  return bench_median ((double *) values->data, values->len);
}

static void
xdotool_key (const char *key)
{
  const char *argv[] = { "xdotool", "key", key, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, NULL, NULL);
}

/* ---- the project: the corpus page, a 6000 × 4500 spread and 998 small distinct pages ---- */

static char *
make_pages (const char *dir)
{
  g_autofree char *a4 = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.jpg");
  g_autofree char *truth = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.json");
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  char *project = g_build_filename (dir, "bench.muragat", NULL);
  PIX *page = pixRead (a4);
  PIX *spread;
  MrgImportResult result = { 0 };
  gint64 t0;

  g_assert (page != NULL);
  g_ptr_array_add (paths, g_strdup (a4));
  spread = pixScaleToSize (page, 6000, 4500);
  g_ptr_array_add (paths, g_build_filename (dir, "spread.png", NULL));
  pixWrite (g_ptr_array_index (paths, 1), spread, IFF_PNG);
  pixDestroy (&spread);

  for (int i = 2; i < N_PAGES; i++)
    {
      /* Small pages, each different, so that every one is its own document. */
      PIX *small = pixCreate (620, 877, 8);
      char *path = g_strdup_printf ("%s/page-%04d.png", dir, i);

      pixSetAllArbitrary (small, 235);
      for (int y = 40; y < 840; y += 40)
        pixRasterop (small, 40, y, 540, 2, PIX_SET, NULL, 0, 0);
      pixSetPixel (small, i % 620, 10 + i / 620, 0);
      pixWrite (path, small, IFF_PNG);
      pixDestroy (&small);
      g_ptr_array_add (paths, path);
    }
  pixDestroy (&page);
  g_ptr_array_add (paths, NULL);

  t0 = g_get_monotonic_time ();
  store = mrg_store_open (project, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  mrg_import_files (store, (const char * const *) paths->pdata, 300, NULL, &result,
                    &error);
  g_assert_no_error (error);
  mrg_test_add_truth_tables (store, mrg_test_first_page (store), truth, 1, &error);
  g_assert_no_error (error);
  g_print ("project: %d pages imported in %.1f s (setup, not a figure of the window)\n",
           result.pages_added, (g_get_monotonic_time () - t0) / 1e6);
  return project;
}

/* ---- figures ---- */

static gint64 key_at;

static gboolean
key_capture_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                gpointer               user_data)
{
  key_at = g_get_monotonic_time ();
  return FALSE;
}

static void
add_key_clock (GtkWidget *window)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_capture_cb), NULL);
  gtk_widget_add_controller (window, keys);
}

/* From the key reaching the window to the frame that shows its effect. */
static double
key_to_frame_ms (GtkWidget  *window,
                 const char *key)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong id;

  key_at = 0;
  xdotool_key (key);
  while (key_at == 0)
    g_main_context_iteration (NULL, TRUE);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  run_until (flag_set, &painted);
  g_signal_handler_disconnect (clock, id);
  return (g_get_monotonic_time () - key_at) / 1000.0;
}

static gboolean
texture_ready (gpointer data)
{
  return mrg_page_model_get_texture (_mrg_window_get_model (data)) != NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("muragat-bench-window-XXXXXX", NULL);
  g_autofree char *project = NULL;
  g_autofree char *a4 = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.jpg");
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *baseline;
  MrgWindow *window;
  MrgPageList *list;
  gint64 t0;
  double ms, base_ms;
  long rss_before, rss_after;

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("bench-window needs an X display: run it under xvfb-run\n");
      return 1;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_DATA_DIR, TRUE);
  gtk_init ();
  adw_init ();

  project = make_pages (dir);
  g_print ("renderer: %s\n", g_getenv ("GSK_RENDERER"));

  /* 1. Launch to first frame: a bare window with a label, then the workbench opening the
   *    1,000-page project at its first page. */
  t0 = g_get_monotonic_time ();
  baseline = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (baseline), gtk_label_new ("Muragat"));
  gtk_window_present (GTK_WINDOW (baseline));
  run_until (mapped, baseline);
  wait_painted (baseline);
  base_ms = (g_get_monotonic_time () - t0) / 1000.0;
  gtk_window_destroy (GTK_WINDOW (baseline));

  t0 = g_get_monotonic_time ();
  window = g_object_new (MRG_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));
  mrg_window_open_project (window, project);
  run_until (mapped, window);
  wait_painted (GTK_WIDGET (window));
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_print ("launch to first frame:        %8.1f ms   (baseline: bare GtkWindow with a label "
           "%.1f ms)\n", ms, base_ms);
  run_until (texture_ready, window);
  wait_painted (GTK_WIDGET (window));
  g_print ("  … with the 300-dpi scan shown: %6.1f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
  list = _mrg_window_get_page_list (window);

  /* 2. Time to show a 300-dpi A4 page (2480 × 3508) and the 6000 × 4500 spread, from the page
   *    turn to the frame with the scan, beside decoding alone. */
  {
    gint64 a4_page = mrg_page_list_get_page_at (list, 0);
    gint64 spread_page = mrg_page_list_get_page_at (list, 1);
    gint64 other = mrg_page_list_get_page_at (list, 5);
    struct
    {
      const char *name;
      gint64 page;
    } pages[] = { { "300-dpi A4 page", a4_page }, { "6000 × 4500 spread", spread_page } };

    for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
      {
        g_array_set_size (samples, 0);
        for (int i = 0; i < 5; i++)
          {
            _mrg_window_go_to (window, other, -1, -1);
            run_until (texture_ready, window);
            wait_painted (GTK_WIDGET (window));
            t0 = g_get_monotonic_time ();
            _mrg_window_go_to (window, pages[p].page, -1, -1);
            run_until (texture_ready, window);
            wait_painted (GTK_WIDGET (window));
            ms = (g_get_monotonic_time () - t0) / 1000.0;
            g_array_append_val (samples, ms);
          }
        g_print ("show a %-22s %8.1f ms median of 5", pages[p].name, median (samples));
        if (p == 0)
          {
            g_autoptr(GError) error = NULL;
            g_autoptr(PIX) pix = NULL;
            g_autoptr(GdkTexture) texture = NULL;
            double lept, gdk;

            t0 = g_get_monotonic_time ();
            pix = mrg_document_load_page (a4, MRG_DOCUMENT_KIND_IMAGE, 1, 300, &error);
            lept = (g_get_monotonic_time () - t0) / 1000.0;
            t0 = g_get_monotonic_time ();
            texture = gdk_texture_new_from_filename (a4, &error);
            gdk = (g_get_monotonic_time () - t0) / 1000.0;
            g_print ("   (baselines: leptonica decode alone %.1f ms, "
                     "gdk_texture_new_from_filename %.1f ms)\n", lept, gdk);
          }
        else
          {
            g_autofree char *spread = g_build_filename (dir, "spread.png", NULL);
            g_autoptr(GError) error = NULL;
            g_autoptr(PIX) pix = NULL;
            double lept;

            t0 = g_get_monotonic_time ();
            pix = mrg_document_load_page (spread, MRG_DOCUMENT_KIND_IMAGE, 1, 300, &error);
            lept = (g_get_monotonic_time () - t0) / 1000.0;
            g_print ("   (baseline: leptonica decode alone %.1f ms)\n", lept);
          }
      }

    /* Zooming the spread: a Ctrl+plus step to its frame. */
    _mrg_window_go_to (window, spread_page, -1, -1);
    run_until (texture_ready, window);
    wait_painted (GTK_WIDGET (window));
    g_array_set_size (samples, 0);
    for (int i = 0; i < 8; i++)
      {
        t0 = g_get_monotonic_time ();
        gtk_widget_activate_action (GTK_WIDGET (window), i < 4 ? "page.zoom-in" : "page.zoom-out",
                                    NULL);
        wait_painted (GTK_WIDGET (window));
        ms = (g_get_monotonic_time () - t0) / 1000.0;
        g_array_append_val (samples, ms);
      }
    g_print ("zoom step on the spread:      %8.1f ms median of 8 (to the painted frame)\n",
             median (samples));

    /* 3. A key press to the next cell focused and outlined (Tab in the grid), beside a key typed
     *    into a bare GtkText. Both through the X server with xdotool. */
    _mrg_window_go_to (window, a4_page, 1, 0);
    run_until (texture_ready, window);
    gtk_widget_grab_focus (GTK_WIDGET (_mrg_window_get_grid_editor (window)));
    wait_painted (GTK_WIDGET (window));
    add_key_clock (GTK_WIDGET (window));
    g_array_set_size (samples, 0);
    for (int i = 0; i < 15; i++)
      {
        ms = key_to_frame_ms (GTK_WIDGET (window), i % 5 == 4 ? "Return" : "Tab");
        g_array_append_val (samples, ms);
      }
    g_print ("key to next cell outlined:    %8.1f ms median of 15", median (samples));
    baseline = gtk_window_new ();
    {
      GtkWidget *text = gtk_text_new ();

      gtk_window_set_child (GTK_WINDOW (baseline), text);
      gtk_window_present (GTK_WINDOW (baseline));
      run_until (mapped, baseline);
      gtk_widget_grab_focus (text);
      wait_painted (baseline);
      add_key_clock (baseline);
      g_array_set_size (samples, 0);
      for (int i = 0; i < 15; i++)
        {
          ms = key_to_frame_ms (baseline, "a");
          g_array_append_val (samples, ms);
        }
      g_print ("   (baseline: a letter typed into a bare GtkText %.1f ms)\n", median (samples));
    }
    gtk_window_destroy (GTK_WINDOW (baseline));
  }

  /* 4. Memory after paging through 100 pages (each shown, thumbnails loading meanwhile). */
  rss_before = vm_rss_kb ();
  t0 = g_get_monotonic_time ();
  for (guint i = 2; i < 102; i++)
    {
      _mrg_window_go_to (window, mrg_page_list_get_page_at (list, i), -1, -1);
      run_until (texture_ready, window);
      wait_painted (GTK_WIDGET (window));
    }
  rss_after = vm_rss_kb ();
  g_print ("paging through 100 pages:     %8.1f ms a page; VmRSS %ld → %ld MB, "
           "peak (ru_maxrss) %ld MB, %u thumbnails decoded\n",
           (g_get_monotonic_time () - t0) / 1000.0 / 100, rss_before / 1024, rss_after / 1024,
           max_rss_kb () / 1024, mrg_page_list_get_n_thumbnails (list));

  gtk_window_destroy (GTK_WINDOW (window));
  mrg_remove_dir_of_files (dir);
  return 0;
}

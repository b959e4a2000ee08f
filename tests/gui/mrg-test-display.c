/* mrg-test-display.c: what the display tests share: turning the main loop, xdotool, screenshots
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-test"

#include "mrg-test-display.h"
#include "mrg-page-view.h"
#include "mrg-page-model.h"
#include "mrg-search-panel.h"
#include "mrg-window-private.h"

#include <gdk/x11/gdkx.h>
#include <stdarg.h>
#include <string.h>

/* OCR of a page takes a few seconds on two cores; ten times that is a hang. */
static guint hang_seconds = 120;

/* The test's own temporary folder, removed when all its tests pass. */
static char *display_tmpdir;

gboolean
mrg_test_display_init (int         *argc,
                       char      ***argv,
                       const char  *name,
                       const char **out_tmpdir)
{
  g_autofree char *template = g_strdup_printf ("muragat-%s-XXXXXX", name);

  if (g_getenv ("DISPLAY") == NULL || *g_getenv ("DISPLAY") == '\0')
    {
      g_printerr ("no X display: run under xvfb-run (see TESTING.md)\n");
      return FALSE;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gtk_test_init (argc, argv, NULL);
  display_tmpdir = g_dir_make_tmp (template, NULL);
  g_assert_nonnull (display_tmpdir);
  *out_tmpdir = display_tmpdir;
  return TRUE;
}

int
mrg_test_display_run (void)
{
  int result = g_test_run ();

  /* only a folder g_dir_make_tmp made above, under the temporary directory */
  if (result == 0 && g_str_has_prefix (display_tmpdir, g_get_tmp_dir ())
      && strstr (display_tmpdir, "muragat-") != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", display_tmpdir);

      g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
    }
  g_clear_pointer (&display_tmpdir, g_free);
  return result;
}

void
mrg_test_set_hang_seconds (guint seconds)
{
  hang_seconds = seconds;
}

static gboolean
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
mrg_test_wait_for (gboolean (*cond) (gpointer),
                   gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (hang_seconds, set_flag_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

gboolean
mrg_test_flag_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
mrg_test_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

gboolean
mrg_test_window_ready (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data)) &&
         mrg_page_model_get_texture (_mrg_window_get_model (MRG_WINDOW (data))) != NULL;
}

gboolean
mrg_test_window_idle (gpointer data)
{
  return !_mrg_window_is_busy (MRG_WINDOW (data));
}

GtkWidget *
mrg_test_open_window (const char *path)
{
  MrgWindow *window = g_object_new (MRG_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (mrg_window_open_project (window, path));
  g_assert_true (mrg_test_wait_for (mrg_test_window_ready, window));
  mrg_test_settle ();
  return GTK_WIDGET (window);
}

void
mrg_test_close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  mrg_test_settle ();
}

void
mrg_test_load_app_style (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/io/github/muragat/Muragat/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

gboolean
mrg_test_search_found (gpointer data)
{
  return !mrg_search_panel_is_searching (data) && mrg_search_panel_get_n_results (data) > 0;
}

void
mrg_test_settle (void)
{
  for (int i = 0; i < 3; i++)
    {
      gboolean done = FALSE;

      gdk_display_sync (gdk_display_get_default ());
      g_idle_add_full (G_PRIORITY_LOW, set_flag_cb, &done, NULL);
      mrg_test_wait_for (mrg_test_flag_set, &done);
    }
}

static void
child_exited_cb (GPid     pid,
                 int      status,
                 gpointer user_data)
{
  *(int *) user_data = status;
  g_spawn_close_pid (pid);
}

static gboolean
child_done (gpointer data)
{
  return *(int *) data != -1;
}

void
mrg_test_xdotool (const char *first,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;
  va_list ap;
  GPid pid;

  g_ptr_array_add (argv, (char *) "xdotool");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_async (NULL, (char **) argv->pdata, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, &error));
  g_assert_no_error (error);
  g_child_watch_add (pid, child_exited_cb, &status);
  g_assert_true (mrg_test_wait_for (child_done, &status));
  g_assert_cmpint (status, ==, 0);
  mrg_test_settle ();
}

void
mrg_test_pointer_to (GtkWidget *widget,
                     double     x,
                     double     y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  GdkSurface *surface = gtk_native_get_surface (native);
  g_autofree char *sx = NULL, *sy = NULL;
  graphene_point_t p;
  double tx, ty;
  int root_x = 0, root_y = 0;
  Window child;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (x, y), &p));
  gtk_native_get_surface_transform (native, &tx, &ty);
  XTranslateCoordinates (display, gdk_x11_surface_get_xid (surface), DefaultRootWindow (display),
                         0, 0, &root_x, &root_y, &child);
  sx = g_strdup_printf ("%d", (int) (root_x + tx + p.x));
  sy = g_strdup_printf ("%d", (int) (root_y + ty + p.y));
  mrg_test_xdotool ("mousemove", "--sync", sx, sy, NULL);
}

void
mrg_test_click (GtkWidget  *widget,
                double      x,
                double      y,
                const char *button,
                const char *modifier)
{
  /* From beside the point, as a hand comes: a pointer that stays where a popover just closed
   * gives GTK no crossing back into the window, and the click would go nowhere. */
  mrg_test_pointer_to (widget, x + 1, y + 1);
  mrg_test_pointer_to (widget, x, y);
  if (modifier != NULL)
    mrg_test_xdotool ("keydown", modifier, NULL);
  mrg_test_xdotool ("click", button, NULL);
  if (modifier != NULL)
    mrg_test_xdotool ("keyup", modifier, NULL);
}

void
mrg_test_click_page (GtkWidget *window,
                     double     px,
                     double     py)
{
  MrgPageView *view = _mrg_window_get_page_view (MRG_WINDOW (window));
  double wx, wy;

  mrg_page_view_page_to_view (view, px, py, &wx, &wy);
  mrg_test_click (GTK_WIDGET (view), wx, wy, "1", NULL);
}

static GtkWidget *
context_menu_of (GtkWidget *widget)
{
  GtkWidget *menu = NULL;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_POPOVER_MENU (c))
      menu = c;
  return menu;
}

static gboolean
context_menu_shown (gpointer data)
{
  GtkWidget *menu = context_menu_of (data);

  return menu != NULL && gtk_widget_get_visible (menu);
}

GtkWidget *
mrg_test_open_context_menu (GtkWidget *widget,
                            double     x,
                            double     y)
{
  /* On a loaded machine the click may still be on its way when the click returns; now and then
   * (once in some tens of runs after other display tests) it is lost altogether, and the menu
   * never opens: the click is made again, up to three times. */
  for (int attempt = 0; attempt < 3; attempt++)
    {
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      mrg_test_click (widget, x, y, "3", NULL);
      while (!context_menu_shown (widget) && g_get_monotonic_time () < deadline)
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (10000);
      if (context_menu_shown (widget))
        return context_menu_of (widget);
      g_test_message ("the context menu did not open after a right click (attempt %d)",
                      attempt + 1);
    }
  g_assert_true (context_menu_shown (widget));
  return NULL;
}

/* GTK shows a tooltip in a GtkTooltipWindow parented to the toplevel it belongs to. */
static GtkWidget *
shown_tooltip (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (g_str_equal (G_OBJECT_TYPE_NAME (c), "GtkTooltipWindow") && gtk_widget_get_mapped (c))
      return c;
  return NULL;
}

static const char *
first_label_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      const char *text = first_label_text (c);

      if (text != NULL)
        return text;
    }
  return NULL;
}

gboolean
mrg_test_shows_text (GtkWidget  *widget,
                     const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget))
    return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0
           && !pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (mrg_test_shows_text (c, text))
      return TRUE;
  return FALSE;
}

/* A toast of libadwaita's AdwToastOverlay shows as an AdwToastWidget with its title in a label. */
static gboolean
toast_shown (GtkWidget  *widget,
             const char *text)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget"))
    return mrg_test_shows_text (widget, text);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (toast_shown (c, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GtkWidget *widget;
  const char *text;
  gboolean shown;
} TextWait;

static gboolean
toast_shown_cb (gpointer data)
{
  TextWait *wait = data;

  return toast_shown (wait->widget, wait->text);
}

gboolean
mrg_test_wait_for_toast (GtkWidget  *window,
                         const char *text)
{
  TextWait wait = { window, text, TRUE };

  return mrg_test_wait_for (toast_shown_cb, &wait);
}

gboolean
mrg_test_toast_shown (GtkWidget  *window,
                      const char *text)
{
  return toast_shown (window, text);
}

static gboolean
text_as_wanted_cb (gpointer data)
{
  TextWait *wait = data;

  return mrg_test_shows_text (wait->widget, wait->text) == wait->shown;
}

gboolean
mrg_test_wait_for_text (GtkWidget  *widget,
                        const char *text,
                        gboolean    shown)
{
  TextWait wait = { widget, text, shown };

  return mrg_test_wait_for (text_as_wanted_cb, &wait);
}

char *
mrg_test_tooltip_at (GtkWidget *widget,
                     double     x,
                     double     y)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (widget));
  GtkWidget *tooltip;
  gboolean waited = FALSE;
  guint id;

  mrg_test_pointer_to (widget, x, y);
  /* GTK's tooltip delay is 500 ms: three times that is long enough for one to show */
  id = g_timeout_add (1500, set_flag_cb, &waited);
  while ((tooltip = shown_tooltip (root)) == NULL && !waited)
    g_main_context_iteration (NULL, TRUE);
  if (!waited)
    g_source_remove (id);
  return tooltip != NULL ? g_strdup (first_label_text (tooltip)) : NULL;
}

void
mrg_test_drag (GtkWidget *widget,
               double     x,
               double     y,
               double     x2,
               double     y2)
{
  mrg_test_pointer_to (widget, x, y);
  mrg_test_xdotool ("mousedown", "1", NULL);
  mrg_test_pointer_to (widget, x2, y2);
  mrg_test_xdotool ("mouseup", "1", NULL);
}

void
mrg_test_focus_window (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));

  mrg_test_xdotool ("windowfocus", "--sync", xid, NULL);
}

typedef struct
{
  int seen;
  int wanted;
} Frames;

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  Frames *frames = user_data;

  frames->seen++;
  return frames->seen < frames->wanted ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
frames_done (gpointer data)
{
  Frames *frames = data;

  return frames->seen >= frames->wanted;
}

void
mrg_test_wait_frames (GtkWidget *widget,
                      int        n)
{
  Frames frames = { 0, n };

  gtk_widget_queue_draw (widget);
  gtk_widget_add_tick_callback (widget, frame_cb, &frames, NULL);
  g_assert_true (mrg_test_wait_for (frames_done, &frames));
}

gboolean
mrg_test_write_screenshot (GtkWidget  *widget,
                           const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("MURAGAT_SCREENSHOT_DIR");
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  path = g_build_filename (dir != NULL ? dir : ".", name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return TRUE;
}

/* xdotool types a letter missing from the keymap by remapping a spare key for a moment, which
 * races with GDK reading the keymap; letters come out wrong. So the letters of the text are put
 * into the keymap first, on keys that have nothing on them. */
static gboolean
key_is_free (Display *dpy,
             KeySym  *map,
             int      per,
             int      min_kc,
             int      keycode)
{
  XModifierKeymap *mods = XGetModifierMapping (dpy);
  gboolean free_key = TRUE;

  for (int i = 0; i < per; i++)
    if (map[(keycode - min_kc) * per + i] != NoSymbol)
      free_key = FALSE;
  for (int i = 0; i < 8 * mods->max_keypermod; i++)
    if (mods->modifiermap[i] == keycode)
      free_key = FALSE;
  XFreeModifiermap (mods);
  return free_key;
}

void
mrg_test_prepare_keymap (const char *text)
{
  Display *dpy = gdk_x11_display_get_xdisplay (gdk_display_get_default ());
  int min_kc, max_kc, per;
  KeySym *map;
  int next;

  XDisplayKeycodes (dpy, &min_kc, &max_kc);
  map = XGetKeyboardMapping (dpy, min_kc, max_kc - min_kc + 1, &per);
  next = max_kc;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      KeySym lower = gdk_unicode_to_keyval (g_unichar_tolower (ch));
      KeySym upper = gdk_unicode_to_keyval (g_unichar_toupper (ch));
      gboolean present = FALSE;
      KeySym syms[2] = { lower, upper };

      if (ch < 0x80)
        continue;
      for (int i = 0; i < (max_kc - min_kc + 1) * per; i++)
        if (map[i] == lower)
          present = TRUE;
      if (present)
        continue;
      /* A key with nothing on it, in no group and no modifier, from the top of the range. */
      while (next >= min_kc && !key_is_free (dpy, map, per, min_kc, next))
        next--;
      g_assert_cmpint (next, >=, min_kc);
      XChangeKeyboardMapping (dpy, next, 2, syms, 1);
      map[(next - min_kc) * per] = lower;
      next--;
    }
  XFree (map);
  XSync (dpy, False);
  mrg_test_settle ();
}

void
mrg_test_save_screenshot (GtkWidget  *widget,
                          const char *name)
{
  gboolean written = FALSE;

  for (int frames = 0; frames < 10 && !written; frames++)
    {
      g_assert_true (mrg_test_wait_for (mrg_test_mapped, widget));
      mrg_test_wait_frames (widget, 1);
      mrg_test_settle ();
      written = mrg_test_write_screenshot (widget, name);
    }
  g_assert_true (written);
}

/* test-keys.c: the window's keys under Xvfb: shortcuts typed with a Cyrillic layout, the next
 * doubtful cell, the focus after OCR, zooming with the current cell in sight, the row numbers
 * beside scrolled cells, and the page badges in dark mode
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys go through the X server (XTEST) as a person's do. A Cyrillic layout is what GDK then
 * reports: the keysyms Cyrillic_sha, Cyrillic_ghe … on keys of their own, no Latin group. */

#define G_LOG_DOMAIN "test-keys"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mrg-grid-editor.h"
#include "mrg-grid-logic.h"
#include "mrg-page-view.h"
#include "mrg-store-tables.h"
#include "mrg-test-display.h"
#include "mrg-test-project.h"
#include "mrg-window-private.h"
#include "mrg-window.h"

static const char *tmpdir;
static char *project;

static void
key (const char *keys)
{
  mrg_test_xdotool ("key", "--delay", "60", keys, NULL);
}

static MrgWindow *
open_window (void)
{
  MrgWindow *window = MRG_WINDOW (mrg_test_open_window (project));

  mrg_test_focus_window (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (_mrg_window_get_grid_editor (window)));
  mrg_test_settle ();
  return window;
}

static void
close_window (MrgWindow *window)
{
  mrg_test_close_window (GTK_WIDGET (window));
}

static MrgTableCell *
current_cell (MrgWindow *window)
{
  MrgPageModel *model = _mrg_window_get_model (window);
  int row, col;

  mrg_page_model_get_cursor (model, &row, &col);
  return mrg_table_get_cell (mrg_page_model_get_table (model), row, col);
}

static gboolean
grid_has_focus (gpointer data)
{
  GtkWidget *grid = GTK_WIDGET (_mrg_window_get_grid_editor (data));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (data));

  return focus == grid || (focus != NULL && gtk_widget_is_ancestor (focus, grid));
}

/* Ctrl+I, Ctrl+U, Ctrl+Z, Ctrl+Shift+Z and Ctrl+F typed with a Russian layout arrive as Ctrl+Ш,
 * Ctrl+Г, Ctrl+Я, Ctrl+Shift+Я and Ctrl+А; each does what its key does under a Latin one. */
static void
test_cyrillic_shortcuts (void)
{
  MrgWindow *window = open_window ();
  MrgPageModel *model = _mrg_window_get_model (window);
  gint64 id;

  mrg_test_prepare_keymap ("шгяа");
  mrg_page_model_set_cursor (model, 2, 1);
  mrg_test_settle ();
  id = current_cell (window)->id;
  g_assert_cmpint (current_cell (window)->flags, ==, 0);

  key ("ctrl+Cyrillic_sha");
  g_assert_cmpint (current_cell (window)->id, ==, id);
  g_assert_cmpint (current_cell (window)->flags, ==, MRG_CELL_FLAG_ILLEGIBLE);
  key ("ctrl+Cyrillic_ghe");
  g_assert_cmpint (current_cell (window)->flags, ==,
                   MRG_CELL_FLAG_ILLEGIBLE | MRG_CELL_FLAG_UNCERTAIN);
  key ("ctrl+Cyrillic_ya");
  g_assert_cmpint (current_cell (window)->flags, ==, MRG_CELL_FLAG_ILLEGIBLE);
  key ("ctrl+shift+Cyrillic_ya");
  g_assert_cmpint (current_cell (window)->flags, ==,
                   MRG_CELL_FLAG_ILLEGIBLE | MRG_CELL_FLAG_UNCERTAIN);
  key ("ctrl+Cyrillic_ya");
  key ("ctrl+Cyrillic_ya");
  g_assert_cmpint (current_cell (window)->flags, ==, 0);

  /* A window shortcut, not the grid's: Ctrl+F opens the search. */
  g_assert_null (g_object_get_data (G_OBJECT (window), "project.search"));
  key ("ctrl+Cyrillic_a");
  g_assert_nonnull (g_object_get_data (G_OBJECT (window), "project.search"));
  gtk_window_destroy (g_object_get_data (G_OBJECT (window), "project.search"));
  close_window (window);
}

/* F8 goes from doubtful cell to doubtful cell in reading order, then on to the next page's. */
static void
test_next_doubtful (void)
{
  MrgWindow *window = open_window ();
  MrgPageModel *model = _mrg_window_get_model (window);
  MrgGridEditor *editor = _mrg_window_get_grid_editor (window);
  gint64 first_page = mrg_page_model_get_page_id (model);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.muragat.Muragat");
  double threshold = g_settings_get_double (settings, "confidence-threshold");
  int row = 0, col = 0, steps = 0;
  gint64 next;

  mrg_page_model_set_cursor (model, 0, 0);
  mrg_test_settle ();
  while ((next = mrg_grid_next_doubtful (mrg_page_model_get_table (model), row, col,
                                         threshold)) != 0)
    {
      key ("F8");
      g_assert_cmpint (current_cell (window)->id, ==, next);
      g_assert_true (mrg_grid_cell_is_doubtful (current_cell (window), threshold));
      mrg_page_model_get_cursor (model, &row, &col);
      steps++;
    }
  g_assert_cmpint (steps, >, 2);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (editor)));

  /* Past the last one of the page, the first of the next page. */
  key ("F8");
  g_assert_cmpint (mrg_page_model_get_page_id (model), !=, first_page);
  g_assert_true (mrg_grid_cell_is_doubtful (current_cell (window), threshold));
  g_assert_cmpint (mrg_grid_next_doubtful (mrg_page_model_get_table (model), -1, 0, threshold),
                   ==, current_cell (window)->id);

  /* With no doubtful cell anywhere the cursor stays (and the window says so). */
  g_settings_set_double (settings, "confidence-threshold", 0);
  mrg_page_model_get_cursor (model, &row, &col);
  next = current_cell (window)->id;
  key ("F8");
  g_assert_cmpint (current_cell (window)->id, ==, next);
  g_settings_set_double (settings, "confidence-threshold", threshold);

  _mrg_window_go_to (window, first_page, 1, 0);
  close_window (window);
}

static gboolean
cell_in_sight (MrgWindow *window)
{
  MrgPageView *view = _mrg_window_get_page_view (window);
  MrgBox box;
  double x1, y1, x2, y2;

  g_assert_true (mrg_page_model_get_cursor_box (_mrg_window_get_model (window), &box));
  mrg_page_view_page_to_view (view, box.x1, box.y1, &x1, &y1);
  mrg_page_view_page_to_view (view, box.x2, box.y2, &x2, &y2);
  g_test_message ("cell %.0f,%.0f–%.0f,%.0f in a view of %d×%d", x1, y1, x2, y2,
                  gtk_widget_get_width (GTK_WIDGET (view)),
                  gtk_widget_get_height (GTK_WIDGET (view)));
  return x1 >= 0 && y1 >= 0 && x2 <= gtk_widget_get_width (GTK_WIDGET (view)) &&
         y2 <= gtk_widget_get_height (GTK_WIDGET (view));
}

/* Zooming in with the keyboard on a cell at the page's far corner keeps it in the view. */
static void
test_zoom_keeps_cell (void)
{
  MrgWindow *window = open_window ();
  MrgPageModel *model = _mrg_window_get_model (window);
  MrgTable *table = mrg_page_model_get_table (model);
  MrgPageView *view = _mrg_window_get_page_view (window);

  double fitted;

  mrg_page_model_set_cursor (model, table->rows->len - 1, table->n_cols - 1);
  mrg_test_wait_frames (GTK_WIDGET (view), 2);
  fitted = mrg_page_model_get_zoom (model);
  for (int i = 0; i < 7; i++)
    {
      key ("ctrl+equal");
      mrg_test_wait_frames (GTK_WIDGET (view), 2);
      g_assert_true (cell_in_sight (window));
    }
  g_assert_cmpfloat (mrg_page_model_get_zoom (model), >, 4 * fitted);
  g_assert_true (mrg_test_write_screenshot (GTK_WIDGET (window), "keys-zoomed.png"));

  /* Fitting the width again, and at 100 %, the cell is still there. */
  key ("ctrl+1");
  mrg_test_wait_frames (GTK_WIDGET (view), 3);
  g_assert_true (cell_in_sight (window));
  key ("ctrl+0");
  mrg_test_wait_frames (GTK_WIDGET (view), 2);
  g_assert_true (cell_in_sight (window));
  key ("ctrl+1");
  close_window (window);
}

/* ---- what the grid draws: its text nodes, where they show ---- */

typedef struct
{
  double gutter;
  guint n_text;
  guint n_in_gutter;
  guint n_straddling;
} TextCheck;

static void check_texts (GskRenderNode   *node,
                         GskTransform    *transform,
                         graphene_rect_t *clip,
                         TextCheck       *check);

static void
check_grid_texts (MrgGridEditor *editor,
                  TextCheck     *check)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t everything = GRAPHENE_RECT_INIT (-1e6, -1e6, 2e6, 2e6);

  mrg_test_wait_frames (GTK_WIDGET (editor), 2);
  GTK_WIDGET_GET_CLASS (editor)->snapshot (GTK_WIDGET (editor), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  check_texts (node, NULL, &everything, check);
  g_test_message ("%u texts shown, %u in the gutter, %u across its edge", check->n_text,
                  check->n_in_gutter, check->n_straddling);
}

static void
check_texts (GskRenderNode   *node,
             GskTransform    *transform,
             graphene_rect_t *clip,
             TextCheck       *check)
{
  graphene_rect_t bounds, shown;

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        check_texts (gsk_container_node_get_child (node, i), transform, clip, check);
      break;
    case GSK_TRANSFORM_NODE:
      {
        g_autoptr(GskTransform) inner =
          gsk_transform_transform (gsk_transform_ref (transform),
                                   gsk_transform_node_get_transform (node));

        check_texts (gsk_transform_node_get_child (node), inner, clip, check);
      }
      break;
    case GSK_CLIP_NODE:
      gsk_transform_transform_bounds (transform, gsk_clip_node_get_clip (node), &bounds);
      if (graphene_rect_intersection (clip, &bounds, &shown))
        check_texts (gsk_clip_node_get_child (node), transform, &shown, check);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      gsk_transform_transform_bounds (transform, &gsk_rounded_clip_node_get_clip (node)->bounds,
                                      &bounds);
      if (graphene_rect_intersection (clip, &bounds, &shown))
        check_texts (gsk_rounded_clip_node_get_child (node), transform, &shown, check);
      break;
    case GSK_DEBUG_NODE:
      check_texts (gsk_debug_node_get_child (node), transform, clip, check);
      break;
    case GSK_OPACITY_NODE:
      check_texts (gsk_opacity_node_get_child (node), transform, clip, check);
      break;
    case GSK_TEXT_NODE:
      gsk_render_node_get_bounds (node, &bounds);
      gsk_transform_transform_bounds (transform, &bounds, &bounds);
      if (!graphene_rect_intersection (clip, &bounds, &shown))
        break;
      check->n_text++;
      if (shown.origin.x < check->gutter - 0.5)
        check->n_in_gutter++;
      if (shown.origin.x < check->gutter - 0.5 &&
          shown.origin.x + shown.size.width > check->gutter + 0.5)
        check->n_straddling++;
      break;
    default:
      break;
    }
}

/* Scrolled sideways, a cell's text passes under the row numbers: the gutter shows the numbers
 * only, as many texts as before the scroll, and no text shows across its edge. */
static void
test_gutter (void)
{
  MrgWindow *window = open_window ();
  MrgGridEditor *editor = _mrg_window_get_grid_editor (window);
  GtkAdjustment *hadj = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (editor));
  graphene_rect_t first, second;
  TextCheck before = { 0 }, after = { 0 };
  double value;

  gtk_adjustment_set_value (hadj, 0);
  mrg_test_wait_frames (GTK_WIDGET (editor), 2);
  g_assert_true (mrg_grid_editor_get_cell_rect (editor, 1, 0, &first));
  g_assert_true (mrg_grid_editor_get_cell_rect (editor, 1, 1, &second));
  before.gutter = after.gutter = first.origin.x;
  check_grid_texts (editor, &before);
  g_assert_cmpuint (before.n_in_gutter, >, 10);
  g_assert_cmpuint (before.n_straddling, ==, 0);

  /* The first column under the gutter, the second's start 10 pixels under it if it scrolls so
   * far: their texts would show across the gutter and over its numbers. */
  value = MIN (second.origin.x - first.origin.x + 10,
               gtk_adjustment_get_upper (hadj) - gtk_adjustment_get_page_size (hadj));
  g_assert_cmpfloat (value, >=, 20);
  gtk_adjustment_set_value (hadj, value);
  check_grid_texts (editor, &after);
  g_assert_cmpuint (after.n_text, >, 10);
  g_assert_cmpuint (after.n_in_gutter, ==, before.n_in_gutter);
  g_assert_cmpuint (after.n_straddling, ==, 0);
  g_assert_true (mrg_test_write_screenshot (GTK_WIDGET (editor), "keys-gutter.png"));
  gtk_adjustment_set_value (hadj, 0);
  close_window (window);
}

/* ---- the page badges in dark mode ---- */

static GtkWidget *
find_badge (GtkWidget *widget)
{
  if (gtk_widget_has_css_class (widget, "status-badge") && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *badge = find_badge (child);

      if (badge != NULL)
        return badge;
    }
  return NULL;
}

static double
luminance (const GdkRGBA *c)
{
  double v[3] = { c->red, c->green, c->blue };

  for (int i = 0; i < 3; i++)
    v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/* The badge's own background, read off what it draws: its left padding, halfway down. */
static void
badge_background (GtkWidget *badge,
                  GdkRGBA   *color)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (badge);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int w = gtk_widget_get_width (badge), h = gtk_widget_get_height (badge);
  g_autofree guchar *pixels = g_malloc ((gsize) w * h * 4);

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (badge)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gdk_texture_download (texture, pixels, (gsize) w * 4);
  {
    /* GDK_MEMORY_DEFAULT: B, G, R, A premultiplied */
    guchar *p = pixels + ((gsize) (h / 2) * w + 3) * 4;

    color->alpha = p[3] / 255.0;
    color->red = color->alpha > 0 ? p[2] / 255.0 / color->alpha : 0;
    color->green = color->alpha > 0 ? p[1] / 255.0 / color->alpha : 0;
    color->blue = color->alpha > 0 ? p[0] / 255.0 / color->alpha : 0;
  }
}

/* A badge lies on the page's white thumbnail: in dark mode its text stays readable on it. */
static void
test_dark_badges (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  MrgWindow *window;
  GtkWidget *badge;
  GdkRGBA fg, bg;
  double l1, l2, contrast;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = open_window ();
  mrg_test_wait_frames (GTK_WIDGET (window), 3);
  g_assert_true (adw_style_manager_get_dark (style));
  badge = find_badge (GTK_WIDGET (_mrg_window_get_page_list (window)));
  g_assert_nonnull (badge);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (badge), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  badge_background (badge, &bg);
  /* Opaque: the white scan under it does not show through. */
  g_assert_cmpfloat (bg.alpha, >, 0.99);
  l1 = luminance (&fg);
  l2 = luminance (&bg);
  contrast = (MAX (l1, l2) + 0.05) / (MIN (l1, l2) + 0.05);
  g_test_message ("badge text %s on %s: contrast %.1f", gdk_rgba_to_string (&fg),
                  gdk_rgba_to_string (&bg), contrast);
  /* WCAG's 4.5:1 for text */
  g_assert_cmpfloat (contrast, >=, 4.5);
  g_assert_true (mrg_test_write_screenshot (GTK_WIDGET (window), "keys-dark.png"));
  close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  mrg_test_settle ();
}

/* ---- OCR gives the focus back to the grid ---- */

static void
test_focus_after_ocr (void)
{
  MrgWindow *window = open_window ();
  GtkWidget *list = GTK_WIDGET (_mrg_window_get_page_list (window));

  /* The person was in the page list and pressed "OCR Page". */
  gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD);
  mrg_test_settle ();
  g_assert_false (grid_has_focus (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "ocr.page", NULL);
  g_assert_true (_mrg_window_is_busy (window));
  g_assert_true (mrg_test_wait_for (mrg_test_window_idle, window));
  mrg_test_settle ();
  g_assert_true (grid_has_focus (window));
  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  if (!mrg_test_display_init (&argc, &argv, "keys", &tmpdir))
    return 77;
  adw_init ();
  mrg_test_load_app_style ();

  project = g_build_filename (tmpdir, "keys.muragat", NULL);
  mrg_test_make_synthetic_project (project, 2);

  g_test_add_func ("/keys/cyrillic-shortcuts", test_cyrillic_shortcuts);
  g_test_add_func ("/keys/next-doubtful", test_next_doubtful);
  g_test_add_func ("/keys/zoom-keeps-cell", test_zoom_keeps_cell);
  g_test_add_func ("/keys/gutter", test_gutter);
  g_test_add_func ("/keys/dark-badges", test_dark_badges);
  g_test_add_func ("/keys/focus-after-ocr", test_focus_after_ocr);
  return mrg_test_display_run ();
}

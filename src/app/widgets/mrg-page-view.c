/* mrg-page-view.c: the scan with its grid, zoomed and panned; separators dragged with the mouse
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-page-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mrg-grid-edit.h"
#include "mrg-page-view.h"
#include "mrg-widget-util.h"

#define MARGIN 16
/* How near (in screen pixels) the pointer must be to grab a separator. */
#define GRAB 5

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_COL,
  DRAG_ROW,
  DRAG_AREA,
  DRAG_CLICK,
} DragMode;

struct _MrgPageView
{
  GtkWidget parent_instance;

  MrgPageModel *model;
  MrgScrollable scroll;       /* GtkScrollable's adjustments and policies */

  /* A zoom keeps the page point under the pointer in place; applied at the next allocation. */
  gboolean have_anchor;
  double anchor_px, anchor_py, anchor_wx, anchor_wy;
  gboolean cursor_pending;

  DragMode drag;
  double drag_x, drag_y;       /* where the drag began, widget coordinates */
  double drag_h, drag_v;       /* adjustment values then */
  double drag_dx, drag_dy;
  guint drag_index;
  GArray *drag_seps;           /* the separators being moved, page pixels */
  GdkModifierType drag_state;
  gboolean drag_new_table;     /* DRAG_AREA draws another table rather than resizing this one */
  MrgPageTool tool;
  double pointer_x, pointer_y; /* the last pointer position, for Ctrl+scroll zoom */
  gboolean allocating;         /* fitting the zoom in size_allocate must not queue another */
  guint fit_idle;              /* sets the fitted zoom after the layout pass */
  double fit_zoom;
};

enum
{
  PROP_0,
  PROP_MODEL,
  N_PROPS,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum
{
  SHOW_ERROR,
  TABLE_DRAWN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (MrgPageView, mrg_page_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static const MrgPageRecord *
get_page (MrgPageView *self)
{
  return self->model != NULL ? mrg_page_model_get_page (self->model) : NULL;
}

static double
get_zoom (MrgPageView *self)
{
  return self->model != NULL ? mrg_page_model_get_zoom (self->model) : 1.0;
}

/* The widget position of the page's top left corner. */
static void
get_origin (MrgPageView *self,
            double      *ox,
            double      *oy)
{
  const MrgPageRecord *page = get_page (self);
  double zoom = get_zoom (self);
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double cw = page != NULL ? page->width * zoom : 0;
  double ch = page != NULL ? page->height * zoom : 0;

  *ox = cw + 2 * MARGIN <= w ? (w - cw) / 2 : MARGIN - gtk_adjustment_get_value (self->scroll.hadj);
  *oy = ch + 2 * MARGIN <= h ? (h - ch) / 2 : MARGIN - gtk_adjustment_get_value (self->scroll.vadj);
}

void
mrg_page_view_page_to_view (MrgPageView *self,
                            double       px,
                            double       py,
                            double      *wx,
                            double      *wy)
{
  double ox, oy, zoom = get_zoom (self);

  get_origin (self, &ox, &oy);
  *wx = ox + px * zoom;
  *wy = oy + py * zoom;
}

void
mrg_page_view_view_to_page (MrgPageView *self,
                            double       wx,
                            double       wy,
                            double      *px,
                            double      *py)
{
  double ox, oy, zoom = get_zoom (self);

  get_origin (self, &ox, &oy);
  *px = (wx - ox) / zoom;
  *py = (wy - oy) / zoom;
}

static void
configure_adjustments (MrgPageView *self)
{
  const MrgPageRecord *page = get_page (self);
  double zoom = get_zoom (self);
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double cw = page != NULL ? page->width * zoom + 2 * MARGIN : w;
  double ch = page != NULL ? page->height * zoom + 2 * MARGIN : h;

  if (self->scroll.hadj != NULL)
    gtk_adjustment_configure (self->scroll.hadj, gtk_adjustment_get_value (self->scroll.hadj), 0,
                              MAX (cw, w), w * 0.1, w * 0.9, w);
  if (self->scroll.vadj != NULL)
    gtk_adjustment_configure (self->scroll.vadj, gtk_adjustment_get_value (self->scroll.vadj), 0,
                              MAX (ch, h), h * 0.1, h * 0.9, h);
}

static gboolean
fit_idle_cb (gpointer user_data)
{
  MrgPageView *self = user_data;

  self->fit_idle = 0;
  /* Fitting the page or its width keeps the current cell in sight too. */
  self->cursor_pending = TRUE;
  if (self->model != NULL)
    mrg_page_model_set_zoom (self->model, self->fit_zoom);
  return G_SOURCE_REMOVE;
}

/* The zoom that fits the page is set after the layout pass, not during it: a change of zoom
 * relabels and relays out other widgets, which must not happen while this one is allocated. */
static void
apply_fit (MrgPageView *self,
           int          width,
           int          height)
{
  const MrgPageRecord *page = get_page (self);
  MrgFitMode mode;
  double zw, zh, zoom;

  if (page == NULL || page->width <= 0 || page->height <= 0 || width <= 2 * MARGIN)
    return;
  mode = mrg_page_model_get_fit_mode (self->model);
  zw = (double) (width - 2 * MARGIN) / page->width;
  zh = (double) (height - 2 * MARGIN) / page->height;
  if (mode == MRG_FIT_WIDTH)
    zoom = zw;
  else if (mode == MRG_FIT_PAGE)
    zoom = MIN (zw, zh);
  else
    return;
  if (G_APPROX_VALUE (zoom, mrg_page_model_get_zoom (self->model), 1e-6))
    return;
  self->fit_zoom = zoom;
  if (self->fit_idle == 0)
    self->fit_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, fit_idle_cb, self, NULL);
}

/* Scrolls, if needed, so that the box is in sight with some room around it. */
static void
scroll_to_box (MrgPageView  *self,
               const MrgBox *box)
{
  double x1, y1, x2, y2;
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double room = 48;

  mrg_page_view_page_to_view (self, box->x1, box->y1, &x1, &y1);
  mrg_page_view_page_to_view (self, box->x2, box->y2, &x2, &y2);

  if (x1 < room || x2 > w - room)
    {
      double target = gtk_adjustment_get_value (self->scroll.hadj) + (x1 + x2) / 2 - w / 2;

      if (x2 - x1 > w - 2 * room)
        target = gtk_adjustment_get_value (self->scroll.hadj) + x1 - room;
      gtk_adjustment_set_value (self->scroll.hadj, target);
    }
  if (y1 < room || y2 > h - room)
    gtk_adjustment_set_value (self->scroll.vadj, gtk_adjustment_get_value (self->scroll.vadj) +
                                                   (y1 + y2) / 2 - h / 2);
}

static void
mrg_page_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  MrgPageView *self = MRG_PAGE_VIEW (widget);

  self->allocating = TRUE;
  if (self->model != NULL)
    apply_fit (self, width, height);
  self->allocating = FALSE;
  configure_adjustments (self);

  if (self->have_anchor)
    {
      double zoom = get_zoom (self);

      self->have_anchor = FALSE;
      gtk_adjustment_set_value (self->scroll.hadj,
                                MARGIN + self->anchor_px * zoom - self->anchor_wx);
      gtk_adjustment_set_value (self->scroll.vadj,
                                MARGIN + self->anchor_py * zoom - self->anchor_wy);
    }
  if (self->cursor_pending && self->model != NULL)
    {
      MrgBox box;

      self->cursor_pending = FALSE;
      if (mrg_page_model_get_cursor_box (self->model, &box))
        scroll_to_box (self, &box);
    }
}

static void
mrg_page_view_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = 64;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 600 : 800;
}

/* What is being dragged, and the outline of a drawn area, in this red. */
static const GdkRGBA moving = { 0.75, 0.11, 0.16, 1.0 };

/* How a table's grid is drawn: the outline of its area and its separators. */
typedef struct
{
  double area_width;
  GdkRGBA area_color;
  double line_width;
  GdkRGBA line_color;
} GridLook;

/* The table's area and separators; in the table edited, the separators being dragged stand in
 * for its own, the one under the pointer thicker and red. */
static void
append_grid (MrgPageView    *self,
             GtkSnapshot    *snapshot,
             MrgTable       *table,
             const GridLook *look)
{
  gboolean edited = table == mrg_page_model_get_table (self->model);
  const GArray *seps[2] = { table->col_seps, table->row_seps };
  const DragMode drags[2] = { DRAG_COL, DRAG_ROW };
  const MrgAxis axes[2] = { MRG_AXIS_COLUMNS, MRG_AXIS_ROWS };
  double ox, oy, zoom = get_zoom (self);
  double ax1, ay1, ax2, ay2;

  get_origin (self, &ox, &oy);
  ax1 = ox + table->area.x1 * zoom;
  ay1 = oy + table->area.y1 * zoom;
  ax2 = ox + table->area.x2 * zoom;
  ay2 = oy + table->area.y2 * zoom;
  mrg_snapshot_append_outline (snapshot, &GRAPHENE_RECT_INIT (ax1, ay1, ax2 - ax1, ay2 - ay1),
                               look->area_width, &look->area_color);
  for (guint axis = 0; axis < 2; axis++)
    {
      gboolean dragged = edited && self->drag == drags[axis];
      const GArray *at = dragged ? self->drag_seps : seps[axis];

      for (guint i = 0; i < at->len; i++)
        {
          int pos = g_array_index (at, int, i);
          double v = (axis == 0 ? ox : oy) + pos * zoom;
          gboolean active = dragged && i == self->drag_index;
          double w = active ? 3 : look->line_width;
          double start = axis == 0 ? ay1 : ax1, end = axis == 0 ? ay2 : ax2;
          double along = axis == 0 ? oy : ox;
          /* A merged cell is drawn whole: the separator stops at its edges. */
          g_autoptr(GArray) breaks = mrg_grid_separator_breaks (table, axes[axis], pos);

          for (guint b = 0; b <= breaks->len; b += 2)
            {
              double to = b < breaks->len
                            ? MIN (end, along + g_array_index (breaks, int, b) * zoom) : end;
              graphene_rect_t r;

              if (to > start)
                {
                  if (axis == 0)
                    graphene_rect_init (&r, v - w / 2, start, w, to - start);
                  else
                    graphene_rect_init (&r, start, v - w / 2, to - start, w);
                  gtk_snapshot_append_color (snapshot, active ? &moving : &look->line_color, &r);
                }
              if (b < breaks->len)
                start = MAX (start, along + g_array_index (breaks, int, b + 1) * zoom);
            }
        }
    }
}

static void
mrg_page_view_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  MrgPageView *self = MRG_PAGE_VIEW (widget);
  const MrgPageRecord *page = get_page (self);
  MrgTable *table = self->model != NULL ? mrg_page_model_get_table (self->model) : NULL;
  double zoom = get_zoom (self);
  GdkTexture *texture = self->model != NULL
                          ? mrg_page_model_get_texture_for_scale (self->model, zoom) : NULL;
  double ox, oy;
  graphene_rect_t page_rect;
  GdkRGBA white = { 1, 1, 1, 1 };
  GdkRGBA row_tint = { 0.21, 0.52, 0.89, 0.12 };
  GdkRGBA cursor = { 0.90, 0.38, 0.0, 1.0 };
  static const GridLook look = {
    .area_width = 2, .area_color = { 0.11, 0.44, 0.85, 0.9 },
    .line_width = 1.5, .line_color = { 0.11, 0.44, 0.85, 0.75 },
  };
  /* The page's other tables: there, but quieter than the one being edited. */
  static const GridLook other_look = {
    .area_width = 1.5, .area_color = { 0.11, 0.44, 0.85, 0.45 },
    .line_width = 1, .line_color = { 0.11, 0.44, 0.85, 0.3 },
  };
  MrgBox box;

  if (page == NULL)
    return;

  get_origin (self, &ox, &oy);
  graphene_rect_init (&page_rect, ox, oy, page->width * zoom, page->height * zoom);

  gtk_snapshot_push_clip (snapshot,
                          &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                               gtk_widget_get_height (widget)));
  if (texture != NULL)
    gtk_snapshot_append_texture (snapshot, texture, &page_rect);
  else
    gtk_snapshot_append_color (snapshot, &white, &page_rect);

  for (guint t = 0; self->model != NULL && t < mrg_page_model_get_n_tables (self->model); t++)
    {
      MrgTable *other = mrg_page_model_get_table_at (self->model, t);

      if (other != table)
        append_grid (self, snapshot, other, &other_look);
    }

  if (table != NULL)
    {
      double ax1 = ox + table->area.x1 * zoom, ax2 = ox + table->area.x2 * zoom;

      if (mrg_page_model_get_row_box (self->model, &box))
        gtk_snapshot_append_color (snapshot, &row_tint,
                                   &GRAPHENE_RECT_INIT (ax1, oy + box.y1 * zoom, ax2 - ax1,
                                                        (box.y2 - box.y1) * zoom));
      append_grid (self, snapshot, table, &look);

      if (self->drag != DRAG_COL && self->drag != DRAG_ROW &&
          mrg_page_model_get_cursor_box (self->model, &box))
        mrg_snapshot_append_outline (snapshot,
                                     &GRAPHENE_RECT_INIT (ox + box.x1 * zoom - 2,
                                                          oy + box.y1 * zoom - 2,
                                                          (box.x2 - box.x1) * zoom + 4,
                                                          (box.y2 - box.y1) * zoom + 4),
                                     3, &cursor);
    }

  if (self->drag == DRAG_AREA)
    {
      double x1 = self->drag_x, y1 = self->drag_y;
      double x2 = x1 + self->drag_dx, y2 = y1 + self->drag_dy;

      mrg_snapshot_append_outline (snapshot,
                                   &GRAPHENE_RECT_INIT (MIN (x1, x2), MIN (y1, y2), ABS (x2 - x1),
                                                        ABS (y2 - y1)),
                                   2, &moving);
    }
  gtk_snapshot_pop (snapshot);
}

/* The separator of the given axis under the pointer, or -1. */
static int
find_separator (MrgPageView *self,
                MrgAxis      axis,
                double       wx,
                double       wy)
{
  MrgTable *table = mrg_page_model_get_table (self->model);
  double px, py, zoom = get_zoom (self);
  const GArray *seps;
  double along, lo, hi;

  if (table == NULL)
    return -1;
  mrg_page_view_view_to_page (self, wx, wy, &px, &py);
  seps = axis == MRG_AXIS_COLUMNS ? table->col_seps : table->row_seps;
  along = axis == MRG_AXIS_COLUMNS ? py : px;
  lo = axis == MRG_AXIS_COLUMNS ? table->area.y1 : table->area.x1;
  hi = axis == MRG_AXIS_COLUMNS ? table->area.y2 : table->area.x2;
  if (along < lo || along > hi)
    return -1;
  for (guint i = 0; i < seps->len; i++)
    {
      double v = g_array_index (seps, int, i);
      double d = axis == MRG_AXIS_COLUMNS ? px - v : py - v;

      if (ABS (d) * zoom <= GRAB)
        return i;
    }
  return -1;
}

static void
report_error (MrgPageView *self,
              GError      *error)
{
  if (error != NULL)
    g_signal_emit (self, signals[SHOW_ERROR], 0, error->message);
}

static void
commit_separators (MrgPageView *self,
                   MrgAxis      axis,
                   GArray      *seps)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table = mrg_page_model_get_table (self->model);

  /* The model reads the table again from the store's `changed`. */
  if (!mrg_grid_edit_set_separators (mrg_page_model_get_store (self->model), table, axis, seps,
                                     &error))
    report_error (self, error);
}

/* Makes the table under the page point, if there is one, the current one; gives the current
 * table then (NULL when the page has none). */
static MrgTable *
select_table_at (MrgPageView *self,
                 double       px,
                 double       py)
{
  int other = mrg_page_model_table_at_point (self->model, px, py);

  if (other >= 0 && (guint) other != mrg_page_model_get_table_index (self->model))
    mrg_page_model_set_table_index (self->model, other);
  return mrg_page_model_get_table (self->model);
}

static void
select_cell_at (MrgPageView *self,
                double       wx,
                double       wy)
{
  MrgTable *table;
  double px, py;

  mrg_page_view_view_to_page (self, wx, wy, &px, &py);
  /* A click inside another table of the page makes that table the one edited. */
  table = select_table_at (self, px, py);
  if (table == NULL)
    return;
  for (guint r = 0; r < table->rows->len; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        MrgTableCell *cell = mrg_table_get_cell (table, r, c);

        if (cell->id != 0 && px >= cell->box.x1 && px < cell->box.x2 && py >= cell->box.y1 &&
            py < cell->box.y2)
          {
            mrg_page_model_set_cursor (self->model, r, c);
            return;
          }
      }
}

/* Adds a separator where the person clicked (widget coordinates) to the table under the
 * point, which becomes the current one, else to the current table. */
static void
add_separator_at (MrgPageView *self,
                  gboolean     rows,
                  double       wx,
                  double       wy)
{
  MrgTable *table;
  double px, py;
  int v;
  g_autoptr(GArray) seps = NULL;

  mrg_page_view_view_to_page (self, wx, wy, &px, &py);
  table = mrg_page_model_get_table (self->model);
  /* a table drawn over part of another keeps the clicks inside it */
  if (table == NULL || px < table->area.x1 || px >= table->area.x2 || py < table->area.y1 ||
      py >= table->area.y2)
    table = select_table_at (self, px, py);
  if (table == NULL)
    return;
  v = (int) (rows ? py : px);
  if (rows)
    {
      /* A row separator needs a row below it: the row under the click is split, and its new
       * separator moved to the click. */
      g_autoptr(GArray) bounds = mrg_separators_to_bounds (table->row_seps, table->area.y1,
                                                           table->area.y2);
      g_autoptr(GError) error = NULL;
      guint r = 0;

      if (v <= table->area.y1 || v >= table->area.y2)
        return;
      while (r + 2 < bounds->len && v >= g_array_index (bounds, int, r + 1))
        r++;
      if (r >= table->rows->len)
        return;
      if (!mrg_grid_edit_split_row (mrg_page_model_get_store (self->model), table, r, &error))
        {
          report_error (self, error);
          return;
        }
      table = mrg_page_model_get_table (self->model);
      if (table == NULL || r >= table->row_seps->len)
        return;
      seps = g_array_copy (table->row_seps);
      g_array_index (seps, int, r) = v;
      commit_separators (self, MRG_AXIS_ROWS, seps);
      return;
    }
  seps = g_array_copy (table->col_seps);
  g_array_append_val (seps, v);
  /* the separator splits the rows' cells: each row has a cell in the new column at once */
  commit_separators (self, MRG_AXIS_COLUMNS, seps);
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               MrgPageView    *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  MrgTable *table;
  int i;

  self->drag = DRAG_NONE;
  if (self->model == NULL || get_page (self) == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  table = mrg_page_model_get_table (self->model);
  self->drag_state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  self->drag_x = x;
  self->drag_y = y;
  self->drag_dx = self->drag_dy = 0;
  self->drag_h = gtk_adjustment_get_value (self->scroll.hadj);
  self->drag_v = gtk_adjustment_get_value (self->scroll.vadj);
  g_clear_pointer (&self->drag_seps, g_array_unref);

  if (button == GDK_BUTTON_MIDDLE)
    self->drag = DRAG_PAN;
  else if (button == GDK_BUTTON_SECONDARY)
    {
      /* Right click on a separator removes it. */
      MrgAxis axis = MRG_AXIS_COLUMNS;

      i = find_separator (self, axis, x, y);
      if (i < 0)
        i = find_separator (self, axis = MRG_AXIS_ROWS, x, y);
      if (i >= 0)
        {
          g_autoptr(GArray) seps = g_array_copy (axis == MRG_AXIS_COLUMNS ? table->col_seps
                                                                        : table->row_seps);

          g_array_remove_index (seps, i);
          commit_separators (self, axis, seps);
        }
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }
  else if (self->tool == MRG_PAGE_TOOL_TABLE || (self->drag_state & GDK_SHIFT_MASK))
    {
      self->drag = DRAG_AREA;
      self->drag_new_table = self->tool == MRG_PAGE_TOOL_TABLE || table == NULL;
    }
  else if ((i = find_separator (self, MRG_AXIS_COLUMNS, x, y)) >= 0)
    {
      self->drag = DRAG_COL;
      self->drag_index = i;
      self->drag_seps = g_array_copy (table->col_seps);
    }
  else if ((i = find_separator (self, MRG_AXIS_ROWS, x, y)) >= 0)
    {
      self->drag = DRAG_ROW;
      self->drag_index = i;
      self->drag_seps = g_array_copy (table->row_seps);
    }
  else
    self->drag = DRAG_CLICK;   /* becomes a pan once it moves */

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  /* While separators are added to a drawn table, typing goes on in its cells. */
  if (self->tool != MRG_PAGE_TOOL_COLUMNS && self->tool != MRG_PAGE_TOOL_ROWS)
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                MrgPageView    *self)
{
  double zoom = get_zoom (self);

  self->drag_dx = dx;
  self->drag_dy = dy;
  switch (self->drag)
    {
    case DRAG_CLICK:
      if (ABS (dx) + ABS (dy) < 4)
        break;
      self->drag = DRAG_PAN;
      G_GNUC_FALLTHROUGH;
    case DRAG_PAN:
      gtk_adjustment_set_value (self->scroll.hadj, self->drag_h - dx);
      gtk_adjustment_set_value (self->scroll.vadj, self->drag_v - dy);
      break;
    case DRAG_COL:
    case DRAG_ROW:
      {
        double px, py;
        int v;
        int lo, hi;
        MrgTable *table = mrg_page_model_get_table (self->model);
        GArray *seps = self->drag_seps;

        mrg_page_view_view_to_page (self, self->drag_x + dx, self->drag_y + dy, &px, &py);
        v = (int) (self->drag == DRAG_COL ? px : py);
        /* A separator stays between its neighbours. */
        lo = self->drag_index > 0 ? g_array_index (seps, int, self->drag_index - 1)
                                  : (self->drag == DRAG_COL ? table->area.x1 : table->area.y1);
        hi = self->drag_index + 1 < seps->len
               ? g_array_index (seps, int, self->drag_index + 1)
               : (self->drag == DRAG_COL ? table->area.x2 : table->area.y2);
        g_array_index (seps, int, self->drag_index) = CLAMP (v, lo + 2, hi - 2);
        gtk_widget_queue_draw (GTK_WIDGET (self));
      }
      break;
    case DRAG_AREA:
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case DRAG_NONE:
    default:
      break;
    }
  (void) zoom;
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             MrgPageView    *self)
{
  DragMode mode = self->drag;
  g_autoptr(GError) error = NULL;

  self->drag = DRAG_NONE;
  switch (mode)
    {
    case DRAG_CLICK:
      if (self->tool == MRG_PAGE_TOOL_COLUMNS || self->tool == MRG_PAGE_TOOL_ROWS)
        add_separator_at (self, self->tool == MRG_PAGE_TOOL_ROWS, self->drag_x, self->drag_y);
      else if (self->drag_state & GDK_CONTROL_MASK)
        /* Ctrl+click adds a column separator, Ctrl+Alt+click a row separator. */
        add_separator_at (self, (self->drag_state & GDK_ALT_MASK) != 0, self->drag_x,
                          self->drag_y);
      else
        select_cell_at (self, self->drag_x, self->drag_y);
      break;
    case DRAG_COL:
    case DRAG_ROW:
      {
        g_autoptr(GArray) seps = g_steal_pointer (&self->drag_seps);

        if (ABS (dx) + ABS (dy) >= 1)
          commit_separators (self, mode == DRAG_COL ? MRG_AXIS_COLUMNS : MRG_AXIS_ROWS, seps);
      }
      break;
    case DRAG_AREA:
      {
        double px1, py1, px2, py2;
        const MrgPageRecord *page = get_page (self);
        MrgTable *table = mrg_page_model_get_table (self->model);
        MrgBox area;

        mrg_page_view_view_to_page (self, self->drag_x, self->drag_y, &px1, &py1);
        mrg_page_view_view_to_page (self, self->drag_x + dx, self->drag_y + dy, &px2, &py2);
        area.x1 = CLAMP ((int) MIN (px1, px2), 0, page->width);
        area.y1 = CLAMP ((int) MIN (py1, py2), 0, page->height);
        area.x2 = CLAMP ((int) MAX (px1, px2), 0, page->width);
        area.y2 = CLAMP ((int) MAX (py1, py2), 0, page->height);
        if (area.x2 - area.x1 < 10 || area.y2 - area.y1 < 10)
          break;
        if (!self->drag_new_table)
          {
            if (!mrg_grid_edit_set_area (mrg_page_model_get_store (self->model), table, &area,
                                         &error))
              report_error (self, error);
          }
        else if (self->tool == MRG_PAGE_TOOL_TABLE)
          {
            /* One cell: the person's clicks give it its columns and rows. */
            gint64 id = mrg_grid_edit_create_table (mrg_page_model_get_store (self->model),
                                                    page->id, &area, 1, 1, &error);

            if (id == 0)
              report_error (self, error);
            else
              g_signal_emit (self, signals[TABLE_DRAWN], 0, id);
          }
        else if (mrg_grid_edit_create_table (mrg_page_model_get_store (self->model), page->id,
                                             &area, 10, 6, &error) == 0)
          report_error (self, error);
      }
      break;
    case DRAG_PAN:
    case DRAG_NONE:
    default:
      break;
    }
  g_clear_pointer (&self->drag_seps, g_array_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           MrgPageView              *self)
{
  const char *cursor = NULL;

  self->pointer_x = x;
  self->pointer_y = y;
  if (self->model != NULL && self->drag == DRAG_NONE)
    {
      if (self->tool == MRG_PAGE_TOOL_TABLE)
        cursor = "crosshair";
      else if (find_separator (self, MRG_AXIS_COLUMNS, x, y) >= 0)
        cursor = "col-resize";
      else if (find_separator (self, MRG_AXIS_ROWS, x, y) >= 0)
        cursor = "row-resize";
      else if (self->tool != MRG_PAGE_TOOL_NONE)
        cursor = "crosshair";
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
}

static void
zoom_at (MrgPageView *self,
         double       factor,
         double       wx,
         double       wy)
{
  double px, py;

  if (get_page (self) == NULL)
    return;
  mrg_page_view_view_to_page (self, wx, wy, &px, &py);
  self->have_anchor = TRUE;
  self->anchor_px = px;
  self->anchor_py = py;
  self->anchor_wx = wx;
  self->anchor_wy = wy;
  mrg_page_model_set_fit_mode (self->model, MRG_FIT_NONE);
  mrg_page_model_set_zoom (self->model, get_zoom (self) * factor);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Where a zoom from the keyboard holds still: the middle of the current cell when it is in
 * sight, else the middle of the view (and the cell is scrolled into sight after the zoom). */
static void
get_zoom_centre (MrgPageView *self,
                 double      *wx,
                 double      *wy)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  MrgBox box;

  *wx = w / 2.0;
  *wy = h / 2.0;
  if (self->model == NULL || !mrg_page_model_get_cursor_box (self->model, &box))
    return;
  mrg_page_view_page_to_view (self, (box.x1 + box.x2) / 2.0, (box.y1 + box.y2) / 2.0, wx, wy);
  if (*wx < 0 || *wx > w || *wy < 0 || *wy > h)
    {
      *wx = w / 2.0;
      *wy = h / 2.0;
    }
}

void
mrg_page_view_zoom_by (MrgPageView *self,
                       double       factor)
{
  double wx, wy;

  g_return_if_fail (MRG_IS_PAGE_VIEW (self));
  get_zoom_centre (self, &wx, &wy);
  zoom_at (self, factor, wx, wy);
  self->cursor_pending = TRUE;
}

static gboolean
scroll_cb (GtkEventControllerScroll *scroll,
           double                    dx,
           double                    dy,
           MrgPageView              *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (
    GTK_EVENT_CONTROLLER (scroll));

  if ((state & GDK_CONTROL_MASK) == 0 || dy == 0)
    return FALSE;
  zoom_at (self, pow (1.1, -dy), self->pointer_x, self->pointer_y);
  return TRUE;
}

/* A resize rather than queue_allocate: in GTK 4.8 a widget whose allocation is queued while its
 * parents are being laid out can be left out of every later layout (and never drawn again). */
static void
model_changed_cb (MrgPageView *self)
{
  if (!self->allocating)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
page_changed_cb (MrgPageView *self)
{
  if (self->scroll.hadj != NULL)
    gtk_adjustment_set_value (self->scroll.hadj, 0);
  if (self->scroll.vadj != NULL)
    gtk_adjustment_set_value (self->scroll.vadj, 0);
  self->cursor_pending = TRUE;
  model_changed_cb (self);
}

static void
cursor_changed_cb (MrgPageView *self)
{
  MrgBox box;

  /* Laid out already: scroll now and redraw, without a relayout on every key. */
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 0 && self->model != NULL)
    {
      if (mrg_page_model_get_cursor_box (self->model, &box))
        scroll_to_box (self, &box);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  self->cursor_pending = TRUE;
  model_changed_cb (self);
}

void
mrg_page_view_set_model (MrgPageView  *self,
                         MrgPageModel *model)
{
  static const MrgModelHandler handlers[] = {
    { "notify::texture", G_CALLBACK (model_changed_cb) },
    { "notify::zoom", G_CALLBACK (model_changed_cb) },
    { "notify::fit-mode", G_CALLBACK (model_changed_cb) },
    { "notify::page-id", G_CALLBACK (page_changed_cb) },
    { "table-changed", G_CALLBACK (model_changed_cb) },
    { "cursor-changed", G_CALLBACK (cursor_changed_cb) },
    { NULL, NULL },
  };

  g_return_if_fail (MRG_IS_PAGE_VIEW (self));

  if (!mrg_widget_set_model (self, &self->model, model, handlers))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  model_changed_cb (self);
}

MrgPageModel *
mrg_page_view_get_model (MrgPageView *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_VIEW (self), NULL);
  return self->model;
}

static void
adjustment_changed_cb (MrgPageView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
mrg_page_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MrgPageView *self = MRG_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      if (!mrg_scrollable_get_property (&self->scroll, prop_id - PROP_HADJUSTMENT, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mrg_page_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MrgPageView *self = MRG_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      mrg_page_view_set_model (self, g_value_get_object (value));
      break;
    default:
      if (!mrg_scrollable_set_property (&self->scroll, prop_id - PROP_HADJUSTMENT, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mrg_page_view_dispose (GObject *object)
{
  MrgPageView *self = MRG_PAGE_VIEW (object);

  mrg_widget_clear_model (self, &self->model);
  mrg_scrollable_dispose (&self->scroll);
  g_clear_pointer (&self->drag_seps, g_array_unref);
  g_clear_handle_id (&self->fit_idle, g_source_remove);
  G_OBJECT_CLASS (mrg_page_view_parent_class)->dispose (object);
}

static void
mrg_page_view_class_init (MrgPageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mrg_page_view_dispose;
  object_class->get_property = mrg_page_view_get_property;
  object_class->set_property = mrg_page_view_set_property;
  widget_class->measure = mrg_page_view_measure;
  widget_class->size_allocate = mrg_page_view_size_allocate;
  widget_class->snapshot = mrg_page_view_snapshot;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, MRG_TYPE_PAGE_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  mrg_scrollable_override_properties (object_class, PROP_HADJUSTMENT);

  signals[SHOW_ERROR] = g_signal_new ("show-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A table drawn with MRG_PAGE_TOOL_TABLE, by its id, once the model shows it. */
  signals[TABLE_DRAWN] = g_signal_new ("table-drawn", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                       G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "pageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mrg_page_view_init (MrgPageView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll;
  GtkEventController *motion = gtk_event_controller_motion_new ();

  mrg_scrollable_init (&self->scroll, GTK_WIDGET (self), G_CALLBACK (adjustment_changed_cb));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (GTK_WIDGET (self), "page-view");

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
mrg_page_view_new (void)
{
  return g_object_new (MRG_TYPE_PAGE_VIEW, NULL);
}

void
mrg_page_view_set_tool (MrgPageView *self,
                        MrgPageTool  tool)
{
  g_return_if_fail (MRG_IS_PAGE_VIEW (self));

  self->tool = tool;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   tool != MRG_PAGE_TOOL_NONE ? "crosshair" : NULL);
}

MrgPageTool
mrg_page_view_get_tool (MrgPageView *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_VIEW (self), MRG_PAGE_TOOL_NONE);

  return self->tool;
}

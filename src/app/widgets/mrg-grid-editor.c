/* mrg-grid-editor.c: the keyboard-first editor of the current table of a page
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cells are drawn, not widgets: one GtkText is laid over the current cell while it is being
 * edited. Keys are read in the capture phase so that Tab, Enter and Escape mean the same thing
 * whether a cell is being edited or not. Every change goes to the store at once. */

#define G_LOG_DOMAIN "mrg-grid-editor"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mrg-grid-edit.h"
#include "mrg-grid-editor.h"
#include "mrg-grid-logic.h"
#include "mrg-shortcut-keys.h"
#include "mrg-widget-util.h"

#define GUTTER 48
#define MIN_COL 56
#define MAX_COL 360
#define PAD 6

struct _MrgGridEditor
{
  GtkWidget parent_instance;

  MrgPageModel *model;
  MrgScrollable scroll;       /* GtkScrollable's adjustments and policies */

  GtkWidget *text;            /* the cell editor, shown while editing */
  gboolean editing;
  char *original;             /* the cell's text when editing began */
  int edit_row, edit_col;

  GArray *col_x;              /* n_cols + 1 offsets, from the left of the first column */
  int row_h;
  int header_h;
  double threshold;
  gboolean scroll_pending;
  gboolean allocating;
  gint64 edit_cell_id;        /* the cell being typed into, for the draft */
  guint draft_id;             /* saves the draft a moment after the last keystroke */
  /* Text a person typed that the store refused (a full disk, another program's lock): cell id
   * → text. It is shown in its cell and written again until it goes in; never dropped. */
  GHashTable *unsaved;
  guint retry_id;

  /* Shift+arrows select a rectangle between this corner and the cursor, to merge. */
  gboolean selecting;
  int sel_row, sel_col;
  GtkWidget *context_menu;

  GtkWidget *column_popover;
  GtkEditable *column_name;
  GtkDropDown *column_type;
  GtkWidget *column_accept;
  int popover_col;
  /* the popover was applied, or left with Escape: its closing changes nothing more */
  gboolean popover_settled;
};

enum
{
  PROP_0,
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum
{
  SHOW_ERROR,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (MrgGridEditor, mrg_grid_editor, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static MrgTable *
get_table (MrgGridEditor *self)
{
  return self->model != NULL ? mrg_page_model_get_table (self->model) : NULL;
}

static void
get_cursor (MrgGridEditor *self,
            int           *row,
            int           *col)
{
  *row = *col = 0;
  if (self->model != NULL)
    mrg_page_model_get_cursor (self->model, row, col);
}

static void
report (MrgGridEditor *self,
        GError        *error)
{
  if (error != NULL)
    g_signal_emit (self, signals[SHOW_ERROR], 0, error->message);
}

/* After a person's change: the model, which follows the project's `changed`, has read the table
 * again; the window hears of the edit (the page's status). */
static void
store_changed (MrgGridEditor *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static MrgStore *
get_store (MrgGridEditor *self)
{
  return mrg_page_model_get_store (self->model);
}

/* Bytes of a cell's text worth laying out: a row shows a few hundred characters at most, and
 * Pango takes seconds over a cell of millions (an imported file can hold one). */
static int
preview_length (const char *text)
{
  const char *end = text;

  for (int i = 0; i < 1000 && *end != '\0'; i++)
    end = g_utf8_next_char (end);
  return end - text;
}

/* What the grid shows of a text: its first characters, on one line. A cell of several lines (a
 * header read off the scan, an entry of two lines) has its line breaks marked instead of running
 * into the next row. */
static char *
shown_text (const char *text)
{
  g_autofree char *shown = g_strndup (text, preview_length (text));
  g_auto(GStrv) lines = NULL;

  if (strchr (shown, '\n') == NULL)
    return g_steal_pointer (&shown);
  lines = g_strsplit (shown, "\n", -1);
  return g_strjoinv (" ↵ ", lines);
}

/* Column titles are bold, a proposed name italic as well: measured as they are drawn, so that a
 * title is not cut short. */
static void
set_title_font (PangoLayout *layout,
                gboolean     proposed)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (proposed)
    pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
}

static int
shown_width (PangoLayout *layout,
             const char  *text)
{
  g_autofree char *shown = shown_text (text);
  int w;

  pango_layout_set_text (layout, shown, -1);
  pango_layout_get_pixel_size (layout, &w, NULL);
  return w;
}

/* Column widths follow the longest text in each column (its title included), within limits. */
static void
measure_columns (MrgGridEditor *self)
{
  MrgTable *table = get_table (self);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Ag");
  PangoLayout *title_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  int x = 0, h;

  pango_layout_get_pixel_size (layout, NULL, &h);
  self->row_h = h + 2 * PAD + 2;
  self->header_h = h + 2 * PAD + 4;

  g_array_set_size (self->col_x, 0);
  g_array_append_val (self->col_x, x);
  for (guint c = 0; table != NULL && c < table->n_cols; c++)
    {
      g_autofree char *title = mrg_grid_column_title (table, c);
      int width;

      set_title_font (title_layout, table->columns[c].proposed);
      width = shown_width (title_layout, title) + 2 * PAD + 12;

      for (guint r = 0; r < table->rows->len; r++)
        {
          MrgTableCell *cell = mrg_table_get_cell (table, r, c);

          if (cell->text != NULL)
            width = MAX (width, shown_width (layout, cell->text) + 2 * PAD + 8);
        }
      x += CLAMP (width, MIN_COL, MAX_COL);
      g_array_append_val (self->col_x, x);
    }
  g_object_unref (title_layout);
  g_object_unref (layout);
}

static int
content_width (MrgGridEditor *self)
{
  return GUTTER + g_array_index (self->col_x, int, self->col_x->len - 1);
}

static int
content_height (MrgGridEditor *self)
{
  MrgTable *table = get_table (self);

  return self->header_h + (table != NULL ? (int) table->rows->len * self->row_h : 0);
}

gboolean
mrg_grid_editor_get_cell_rect (MrgGridEditor   *self,
                               guint            row,
                               guint            col,
                               graphene_rect_t *rect)
{
  MrgTable *table = get_table (self);
  MrgTableCell *cell;
  guint rows, cols;
  double x, y;

  g_return_val_if_fail (MRG_IS_GRID_EDITOR (self), FALSE);

  if (table == NULL || row >= table->rows->len || col >= table->n_cols)
    return FALSE;
  cell = mrg_table_get_merged_cell (table, &row, &col);
  rows = MAX (cell->row_span, 1);
  cols = MAX (cell->col_span, 1);
  x = GUTTER + g_array_index (self->col_x, int, col) - gtk_adjustment_get_value (self->scroll.hadj);
  y = self->header_h + (double) row * self->row_h - gtk_adjustment_get_value (self->scroll.vadj);
  graphene_rect_init (rect, x, y,
                      g_array_index (self->col_x, int, MIN (col + cols, table->n_cols)) -
                        g_array_index (self->col_x, int, col),
                      (double) rows * self->row_h);
  return TRUE;
}

static void
configure_adjustments (MrgGridEditor *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  gtk_adjustment_configure (self->scroll.hadj, gtk_adjustment_get_value (self->scroll.hadj), 0,
                            MAX (content_width (self), w), 20, w * 0.9, w);
  gtk_adjustment_configure (self->scroll.vadj, gtk_adjustment_get_value (self->scroll.vadj), 0,
                            MAX (content_height (self), h), self->row_h, h * 0.9, h);
}

/* Scrolls so that the current cell is in sight below the fixed header row. */
static void
scroll_to_cursor (MrgGridEditor *self)
{
  graphene_rect_t r;
  int row, col;
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  get_cursor (self, &row, &col);
  if (!mrg_grid_editor_get_cell_rect (self, row, col, &r))
    return;
  if (r.origin.y < self->header_h)
    gtk_adjustment_set_value (self->scroll.vadj, gtk_adjustment_get_value (self->scroll.vadj) -
                                                   (self->header_h - r.origin.y));
  else if (r.origin.y + r.size.height > h)
    gtk_adjustment_set_value (self->scroll.vadj, gtk_adjustment_get_value (self->scroll.vadj) +
                                                   (r.origin.y + r.size.height - h));
  if (r.origin.x < GUTTER)
    gtk_adjustment_set_value (self->scroll.hadj, gtk_adjustment_get_value (self->scroll.hadj) -
                                                   (GUTTER - r.origin.x));
  else if (r.origin.x + r.size.width > w)
    gtk_adjustment_set_value (self->scroll.hadj, gtk_adjustment_get_value (self->scroll.hadj) +
                                                   (r.origin.x + r.size.width - w));
}

static void
mrg_grid_editor_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  MrgGridEditor *self = MRG_GRID_EDITOR (widget);
  graphene_rect_t r;

  self->allocating = TRUE;
  configure_adjustments (self);
  if (self->scroll_pending)
    {
      self->scroll_pending = FALSE;
      scroll_to_cursor (self);
    }

  if (self->editing && mrg_grid_editor_get_cell_rect (self, self->edit_row, self->edit_col, &r))
    {
      int min_w;

      gtk_widget_measure (self->text, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
      gtk_widget_size_allocate (self->text,
                                &(GtkAllocation) { r.origin.x, r.origin.y,
                                                   MAX ((int) r.size.width, min_w),
                                                   (int) r.size.height },
                                -1);
    }
  else
    {
      int min_w, min_h;

      gtk_widget_measure (self->text, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
      gtk_widget_measure (self->text, GTK_ORIENTATION_VERTICAL, -1, &min_h, NULL, NULL, NULL);
      gtk_widget_size_allocate (self->text, &(GtkAllocation) { -1000, -1000, min_w, min_h }, -1);
    }
  self->allocating = FALSE;
}

static void
mrg_grid_editor_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  MrgGridEditor *self = MRG_GRID_EDITOR (widget);
  int child_min;

  gtk_widget_measure (self->text, orientation, -1, &child_min, NULL, NULL, NULL);
  *minimum = MAX (child_min, 80);
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? MIN (content_width (self), 900)
                                                       : MIN (content_height (self), 600);
  *natural = MAX (*natural, *minimum);
}

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         w,
             double         h)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, w, h));
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             const char    *text,
             double         x,
             double         y,
             double         w,
             double         h,
             const GdkRGBA *color)
{
  g_autofree char *shown = shown_text (text);
  int th;

  pango_layout_set_text (layout, shown, -1);
  pango_layout_set_width (layout, (int) MAX (w - 2 * PAD, 1) * PANGO_SCALE);
  pango_layout_set_height (layout, (int) MAX (h - 2, 1) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, NULL, &th);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + PAD, y + (h - th) / 2));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* The body right of the row-number gutter and below the header row. */
static void
push_cells_clip (MrgGridEditor *self,
                 GtkSnapshot   *snapshot,
                 double         w,
                 double         h)
{
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (GUTTER, self->header_h,
                                                         MAX (w - GUTTER, 0),
                                                         MAX (h - self->header_h, 0)));
}

typedef struct
{
  GdkRGBA fg, dim, line, header_bg, doubtful, invalid, flagged;
  GdkRGBA base;              /* the view's background, under a merged cell */
} Palette;

/* One cell's text, marks and right edge, in the area x, y, cw × ch. */
static void
draw_cell (MrgGridEditor  *self,
           GtkSnapshot    *snapshot,
           PangoLayout    *layout,
           const Palette  *p,
           MrgTable       *table,
           guint           r,
           guint           c,
           double          x,
           double          y,
           double          cw,
           double          ch)
{
  MrgTableRow *row = mrg_table_get_row (table, r);
  MrgTableCell *cell = &row->cells[c];
  g_autofree char *problem = NULL;
  const char *unsaved;

  if (mrg_grid_cell_is_doubtful (cell, self->threshold))
    append_rect (snapshot, &p->doubtful, x, y, cw, ch);
  unsaved = g_hash_table_lookup (self->unsaved, &cell->id);
  if (unsaved != NULL)
    append_rect (snapshot, &p->doubtful, x, y, cw, ch);
  if (!(self->editing && (int) r == self->edit_row && (int) c == self->edit_col))
    append_text (snapshot, layout,
                 unsaved != NULL ? unsaved : cell->text != NULL ? cell->text : "", x, y,
                 cw, ch, row->header ? &p->dim : &p->fg);
  if (unsaved != NULL)
    append_rect (snapshot, &p->invalid, x + 1, y + 1, 3, ch - 2);
  problem = mrg_grid_cell_problem (table, r, c);
  if (problem != NULL)
    append_rect (snapshot, &p->invalid, x + 2, y + ch - 4, cw - 4, 2);
  if (cell->flags & (MRG_CELL_FLAG_ILLEGIBLE | MRG_CELL_FLAG_UNCERTAIN))
    {
      /* A corner mark: filled for illegible, a bar for uncertain. */
      if (cell->flags & MRG_CELL_FLAG_ILLEGIBLE)
        append_rect (snapshot, &p->flagged, x + cw - 10, y + 2, 8, 8);
      else
        append_rect (snapshot, &p->flagged, x + cw - 10, y + 2, 8, 3);
    }
  append_rect (snapshot, &p->line, x + cw - 1, y, 1, ch);
}

/* Merged cells, each one drawn whole over the rows and columns it covers. */
static void
draw_merged_cells (MrgGridEditor  *self,
                   GtkSnapshot    *snapshot,
                   PangoLayout    *layout,
                   const Palette  *p,
                   MrgTable       *table,
                   double          w,
                   double          h)
{
  for (guint r = 0; r < table->rows->len; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        MrgTableCell *cell = mrg_table_get_cell (table, r, c);
        graphene_rect_t rc;

        if (cell->id == 0 || (cell->row_span == 1 && cell->col_span == 1) ||
            !mrg_grid_editor_get_cell_rect (self, r, c, &rc) ||
            rc.origin.y > h || rc.origin.y + rc.size.height < self->header_h ||
            rc.origin.x > w || rc.origin.x + rc.size.width < GUTTER)
          continue;
        append_rect (snapshot, &p->base, rc.origin.x, rc.origin.y, rc.size.width,
                     rc.size.height - 1);
        if (mrg_table_get_row (table, r)->header)
          append_rect (snapshot, &p->header_bg, rc.origin.x, rc.origin.y, rc.size.width,
                       rc.size.height - 1);
        draw_cell (self, snapshot, layout, p, table, r, c, rc.origin.x, rc.origin.y,
                   rc.size.width, rc.size.height);
      }
}

static void
draw_selection (MrgGridEditor  *self,
                GtkSnapshot    *snapshot,
                const GdkRGBA  *color)
{
  graphene_rect_t a, b, u;
  guint row, col, n_rows, n_cols;
  GdkRGBA fill = *color;

  if (!mrg_grid_editor_get_selection (self, &row, &col, &n_rows, &n_cols) ||
      !mrg_grid_editor_get_cell_rect (self, row, col, &a) ||
      !mrg_grid_editor_get_cell_rect (self, row + n_rows - 1, col + n_cols - 1, &b))
    return;
  graphene_rect_union (&a, &b, &u);
  fill.alpha = 0.25;
  append_rect (snapshot, &fill, u.origin.x, u.origin.y, u.size.width, u.size.height);
}

static void
mrg_grid_editor_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  MrgGridEditor *self = MRG_GRID_EDITOR (widget);
  MrgTable *table = get_table (self);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  GdkRGBA fg, line, header_bg, doubtful, invalid, verified, cursor, flagged, dim, selected_row;
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  double hv = gtk_adjustment_get_value (self->scroll.hadj);
  double vv = gtk_adjustment_get_value (self->scroll.vadj);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  gboolean focused = gtk_widget_has_focus (widget) || self->editing;
  int cur_row, cur_col;
  Palette palette;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  line = fg;
  line.alpha = 0.15;
  header_bg = fg;
  header_bg.alpha = 0.06;
  dim = fg;
  dim.alpha = 0.55;
  doubtful = (GdkRGBA) { 0.96, 0.76, 0.07, 0.30 };
  invalid = (GdkRGBA) { 0.88, 0.11, 0.14, 1.0 };
  verified = (GdkRGBA) { 0.15, 0.64, 0.41, 0.14 };
  cursor = (GdkRGBA) { 0.21, 0.52, 0.89, focused ? 1.0 : 0.5 };
  flagged = (GdkRGBA) { 0.38, 0.21, 0.51, 0.9 };
  selected_row = (GdkRGBA) { 0.21, 0.52, 0.89, 0.07 };
  palette = (Palette) { fg, dim, line, header_bg, doubtful, invalid, flagged, header_bg };
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, "view_bg_color", &palette.base))
    palette.base = (GdkRGBA) { 1, 1, 1, 1 };
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (table == NULL)
    {
      const char *message = mrg_grid_editor_get_placeholder (self);

      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
      pango_layout_set_text (layout, message, -1);
      pango_layout_set_width (layout, (int) MAX (w - 48, 10) * PANGO_SCALE);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (24, 24));
      gtk_snapshot_append_layout (snapshot, layout, &dim);
      gtk_snapshot_restore (snapshot);
      return;
    }

  get_cursor (self, &cur_row, &cur_col);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  /* Body rows */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, self->header_h, w, h - self->header_h));
  for (guint r = 0; r < table->rows->len; r++)
    {
      MrgTableRow *row = mrg_table_get_row (table, r);
      double y = self->header_h + (double) r * self->row_h - vv;
      char number[16];

      if (y + self->row_h < self->header_h || y > h)
        continue;
      if (row->header)
        append_rect (snapshot, &header_bg, 0, y, w, self->row_h);
      else if (row->status == MRG_ROW_STATUS_VERIFIED)
        append_rect (snapshot, &verified, 0, y, w, self->row_h);
      if ((int) r == cur_row)
        append_rect (snapshot, &selected_row, 0, y, w, self->row_h);

      /* Cells scrolled sideways pass under the row numbers, not over them. */
      push_cells_clip (self, snapshot, w, h);
      for (guint c = 0; c < table->n_cols; c++)
        {
          MrgTableCell *cell = &row->cells[c];
          double x = GUTTER + g_array_index (self->col_x, int, c) - hv;
          double cw = g_array_index (self->col_x, int, c + 1) - g_array_index (self->col_x, int, c);

          if (x + cw < GUTTER || x > w)
            continue;
          /* a merged cell is drawn whole over the rows, below */
          if (cell->row_span != 1 || cell->col_span != 1)
            continue;
          if (cell->id == 0)
            {
              append_rect (snapshot, &header_bg, x, y, cw, self->row_h);
              continue;
            }
          draw_cell (self, snapshot, layout, &palette, table, r, c, x, y, cw, self->row_h);
        }
      gtk_snapshot_pop (snapshot);
      append_rect (snapshot, &line, 0, y + self->row_h - 1, w, 1);

      /* Gutter: the row's number on the page, and a tick when verified */
      append_rect (snapshot, &header_bg, 0, y, GUTTER, self->row_h);
      if (row->status == MRG_ROW_STATUS_VERIFIED && !row->header)
        g_snprintf (number, sizeof number, "✓ %u", r + 1);
      else
        g_snprintf (number, sizeof number, "%u", r + 1);
      append_text (snapshot, layout, number, 0, y, GUTTER, self->row_h, &dim);
    }

  push_cells_clip (self, snapshot, w, h);
  draw_merged_cells (self, snapshot, layout, &palette, table, w, h);
  draw_selection (self, snapshot, &selected_row);
  gtk_snapshot_pop (snapshot);

  /* The current cell */
  push_cells_clip (self, snapshot, w, h);
  {
    graphene_rect_t rc;

    if (mrg_grid_editor_get_cell_rect (self, cur_row, cur_col, &rc))
      {
        GskRoundedRect outline;
        float widths[4] = { 2, 2, 2, 2 };
        GdkRGBA colors[4] = { cursor, cursor, cursor, cursor };

        gsk_rounded_rect_init_from_rect (&outline, &rc, 0);
        gtk_snapshot_append_border (snapshot, &outline, widths, colors);
      }
  }
  if (self->editing)
    gtk_widget_snapshot_child (widget, self->text, snapshot);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_pop (snapshot);

  /* The header row stays in place while the body scrolls. */
  append_rect (snapshot, &header_bg, 0, 0, w, self->header_h);
  for (guint c = 0; c < table->n_cols; c++)
    {
      double x = GUTTER + g_array_index (self->col_x, int, c) - hv;
      double cw = g_array_index (self->col_x, int, c + 1) - g_array_index (self->col_x, int, c);
      g_autofree char *title = mrg_grid_column_title (table, c);

      if (x + cw < GUTTER || x > w)
        continue;
      /* a name read from the header row and not yet accepted: italic and dim (its tooltip says so) */
      set_title_font (layout, table->columns[c].proposed);
      gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (GUTTER, 0, w - GUTTER, self->header_h));
      append_text (snapshot, layout, title, x, 0, cw, self->header_h,
                   table->columns[c].proposed ? &dim : &fg);
      append_rect (snapshot, &line, x + cw - 1, 0, 1, self->header_h);
      gtk_snapshot_pop (snapshot);
    }
  append_rect (snapshot, &line, 0, self->header_h - 1, w, 1);
  gtk_snapshot_pop (snapshot);
}

/* ---- editing ---- */

static void
save_draft (MrgGridEditor *self,
            gint64         cell_id)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->draft_id, g_source_remove);
  if (self->model == NULL || get_store (self) == NULL)
    return;
  if (!mrg_grid_edit_save_draft (get_store (self), cell_id,
                                 cell_id != 0 ? gtk_editable_get_text (GTK_EDITABLE (self->text))
                                              : NULL,
                                 &error))
    g_debug ("%s", error->message);
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  MrgGridEditor *self = user_data;

  self->draft_id = 0;
  if (self->editing)
    save_draft (self, self->edit_cell_id);
  return G_SOURCE_REMOVE;
}

static void
text_changed_cb (GtkEditable   *editable,
                 MrgGridEditor *self)
{
  /* Written shortly after typing pauses: one write per burst, not one fsync per key. */
  if (self->editing && self->draft_id == 0)
    self->draft_id = g_timeout_add (300, draft_timeout_cb, self);
}

static gboolean save_unsaved (MrgGridEditor *self,
                              GError       **error);

static gboolean
retry_unsaved_cb (gpointer user_data)
{
  MrgGridEditor *self = user_data;
  g_autoptr(GError) error = NULL;

  if (save_unsaved (self, &error))
    {
      self->retry_id = 0;
      g_signal_emit (self, signals[SHOW_ERROR], 0, _("What you typed is saved now."));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* Writes the unsaved texts (the newest of each cell); FALSE at the first refusal, rest kept. */
static gboolean
save_unsaved (MrgGridEditor  *self,
              GError        **error)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean any = FALSE;

  if (g_hash_table_size (self->unsaved) == 0)
    return TRUE;
  if (self->model == NULL || get_store (self) == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, self->unsaved);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!mrg_store_edit_cell_text (get_store (self), *(gint64 *) key, value, error))
        {
          if (any)
            store_changed (self);
          return FALSE;
        }
      g_hash_table_iter_remove (&iter);
      any = TRUE;
    }
  g_clear_handle_id (&self->retry_id, g_source_remove);
  store_changed (self);
  return TRUE;
}

/* Keeps text the store refused, says so, and tries again every few seconds. */
static void
keep_unsaved (MrgGridEditor *self,
              gint64         cell_id,
              const char    *text,
              GError        *error)
{
  g_autofree char *message = NULL;

  g_hash_table_insert (self->unsaved, g_memdup2 (&cell_id, sizeof cell_id), g_strdup (text));
  /* TRANSLATORS: %s is why the project refused the text, e.g. "…: the disk is full" */
  message = g_strdup_printf (_("%s — your text is kept and will be saved when possible"),
                             error->message);
  g_signal_emit (self, signals[SHOW_ERROR], 0, message);
  if (self->retry_id == 0)
    self->retry_id = g_timeout_add_seconds (3, retry_unsaved_cb, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
mrg_grid_editor_get_unsaved_text (MrgGridEditor *self,
                                  gint64         cell_id)
{
  g_return_val_if_fail (MRG_IS_GRID_EDITOR (self), NULL);
  return g_hash_table_lookup (self->unsaved, &cell_id);
}

guint
mrg_grid_editor_get_n_unsaved (MrgGridEditor *self)
{
  g_return_val_if_fail (MRG_IS_GRID_EDITOR (self), 0);
  return g_hash_table_size (self->unsaved);
}

gboolean
mrg_grid_editor_save_unsaved (MrgGridEditor  *self,
                              GError        **error)
{
  g_return_val_if_fail (MRG_IS_GRID_EDITOR (self), FALSE);
  return save_unsaved (self, error);
}

static gboolean
commit_edit (MrgGridEditor *self)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table = get_table (self);
  MrgTableCell *cell;
  const char *text;
  gboolean ok = TRUE;

  if (!self->editing)
    return TRUE;
  self->editing = FALSE;
  g_clear_handle_id (&self->draft_id, g_source_remove);
  text = gtk_editable_get_text (GTK_EDITABLE (self->text));
  cell = table != NULL ? mrg_table_get_cell (table, self->edit_row, self->edit_col) : NULL;
  /* The text goes to the cell it was typed into, by id: the page may show another of its tables
   * by now (a click on the scan, Ctrl+Alt+Page Down). */
  if (cell == NULL || cell->id != self->edit_cell_id)
    cell = NULL;
  if (self->edit_cell_id != 0 && g_strcmp0 (text, self->original) != 0)
    {
      /* Text refused earlier goes in first, so that the newer text of a cell wins. */
      ok = save_unsaved (self, &error) &&
           mrg_store_edit_cell_text (get_store (self), self->edit_cell_id, text, &error);
      if (!ok)
        keep_unsaved (self, self->edit_cell_id, text, error);
    }
  g_clear_pointer (&self->original, g_free);
  gtk_widget_set_visible (self->text, FALSE);
  if (gtk_widget_has_focus (self->text) || gtk_widget_get_focus_child (GTK_WIDGET (self)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self));
  if (ok)
    save_draft (self, 0);
  if (ok && (cell != NULL || self->edit_cell_id != 0))
    store_changed (self);
  measure_columns (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return ok;
}

gboolean
mrg_grid_editor_commit (MrgGridEditor *self)
{
  g_return_val_if_fail (MRG_IS_GRID_EDITOR (self), FALSE);
  return commit_edit (self);
}

gboolean
mrg_grid_editor_is_editing (MrgGridEditor *self)
{
  g_return_val_if_fail (MRG_IS_GRID_EDITOR (self), FALSE);
  return self->editing;
}

static void
cancel_edit (MrgGridEditor *self)
{
  if (!self->editing)
    return;
  self->editing = FALSE;
  save_draft (self, 0);
  g_clear_pointer (&self->original, g_free);
  gtk_widget_set_visible (self->text, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Starts editing the current cell; `replace` is the typed text that replaces the old value, or
 * NULL to edit the old value in place (F2). */
static void
start_edit (MrgGridEditor *self,
            const char    *replace)
{
  MrgTable *table = get_table (self);
  MrgTableCell *cell;
  int row, col;

  get_cursor (self, &row, &col);
  cell = table != NULL ? mrg_table_get_cell (table, row, col) : NULL;
  if (cell == NULL)
    return;
  if (cell->id == 0)
    {
      g_autoptr(GError) error = g_error_new_literal (MRG_STORE_ERROR, MRG_STORE_ERROR_INVALID,
                                                     _("This place of the table has no cell: "
                                                       "nothing typed here could be kept"));

      /* Never taken silently: the key is refused with a word. */
      gtk_widget_error_bell (GTK_WIDGET (self));
      report (self, error);
      return;
    }
  self->editing = TRUE;
  self->edit_row = row;
  self->edit_col = col;
  self->edit_cell_id = cell->id;
  g_free (self->original);
  self->original = g_strdup (cell->text != NULL ? cell->text : "");
  gtk_editable_set_text (GTK_EDITABLE (self->text), replace != NULL ? replace : self->original);
  gtk_widget_set_visible (self->text, TRUE);
  gtk_widget_grab_focus (self->text);
  gtk_editable_set_position (GTK_EDITABLE (self->text), -1);
  gtk_editable_select_region (GTK_EDITABLE (self->text), -1, -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  /* The first key typed is safe at once. */
  save_draft (self, self->edit_cell_id);
}

/* The cursor always rests on a cell's own place: a place under a merged cell means that cell. */
static void
move_cursor (MrgGridEditor *self,
             int            row,
             int            col)
{
  MrgTable *table = get_table (self);
  guint r = row, c = col;

  if (table != NULL && row >= 0 && col >= 0)
    mrg_table_get_merged_cell (table, &r, &c);
  mrg_page_model_set_cursor (self->model, r, c);
}

/* Where a key takes the cursor from row, col: past the places of the merged cell it is on, as a
 * spreadsheet does. FALSE when it stays. */
static gboolean
step (MrgTable *table,
      int       row,
      int       col,
      MrgNav    nav,
      guint    *out_row,
      guint    *out_col)
{
  guint from_row = MAX (row, 0), from_col = MAX (col, 0);
  guint r = row, c = col;

  if (mrg_table_get_cell (table, from_row, from_col) != NULL)
    mrg_table_get_merged_cell (table, &from_row, &from_col);
  for (guint i = 0; i <= table->rows->len * table->n_cols; i++)
    {
      guint nr, nc, ar, ac;

      if (!mrg_grid_navigate (table->rows->len, table->n_cols, r, c, nav, &nr, &nc) ||
          (nr == r && nc == c))
        return FALSE;
      ar = nr, ac = nc;
      mrg_table_get_merged_cell (table, &ar, &ac);
      r = nr, c = nc;
      if (ar != from_row || ac != from_col)
        {
          *out_row = ar;
          *out_col = ac;
          return TRUE;
        }
    }
  return FALSE;
}

static void
clear_selection (MrgGridEditor *self)
{
  if (!self->selecting)
    return;
  self->selecting = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}


/* Commits the edit in progress before a move or a command: the table then, with the cursor in
 * it; NULL when the edit was not committed or there is no table. */
static MrgTable *
commit_at_cursor (MrgGridEditor *self,
                  int           *row,
                  int           *col)
{
  MrgTable *table;

  if (!commit_edit (self) || (table = get_table (self)) == NULL)
    return NULL;
  get_cursor (self, row, col);
  return table;
}

/* Moves the cursor as the key nav does. With extend (Shift+arrow) the selection grows from where
 * it began to where the cursor goes; otherwise it is cleared. */
static void
navigate (MrgGridEditor *self,
          MrgNav         nav,
          gboolean       extend)
{
  MrgTable *table;
  guint r, c;
  int row, col;

  table = commit_at_cursor (self, &row, &col);
  if (table == NULL)
    return;
  if (!extend)
    {
      clear_selection (self);
      if (step (table, row, col, nav, &r, &c))
        move_cursor (self, r, c);
      return;
    }
  if (!self->selecting)
    {
      self->selecting = TRUE;
      self->sel_row = row;
      self->sel_col = col;
    }
  if (mrg_grid_navigate (table->rows->len, table->n_cols, row, col, nav, &r, &c))
    mrg_page_model_set_cursor (self->model, r, c);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mrg_grid_editor_get_selection (MrgGridEditor *self,
                               guint         *row,
                               guint         *col,
                               guint         *n_rows,
                               guint         *n_cols)
{
  MrgTable *table;
  int cur_row, cur_col;

  g_return_val_if_fail (MRG_IS_GRID_EDITOR (self), FALSE);

  table = get_table (self);
  if (!self->selecting || table == NULL)
    return FALSE;
  get_cursor (self, &cur_row, &cur_col);
  *row = MIN (cur_row, self->sel_row);
  *col = MIN (cur_col, self->sel_col);
  *n_rows = ABS (cur_row - self->sel_row) + 1;
  *n_cols = ABS (cur_col - self->sel_col) + 1;
  if (*row + *n_rows > table->rows->len || *col + *n_cols > table->n_cols)
    return FALSE;
  return *n_rows > 1 || *n_cols > 1;
}

/* Merge Cells and Split Cell. */
static void
edit_cells (MrgGridEditor  *self,
            MrgGridCommand  command)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table;
  guint row, col, n_rows, n_cols;
  gboolean ok;
  int r, c;

  table = commit_at_cursor (self, &r, &c);
  if (table == NULL)
    return;
  if (command == MRG_GRID_SPLIT_CELL)
    ok = mrg_table_get_cell (table, r, c) == NULL ||
         mrg_grid_edit_split_cell (get_store (self), table, r, c, &error);
  else if (!mrg_grid_editor_get_selection (self, &row, &col, &n_rows, &n_cols))
    {
      error = g_error_new_literal (MRG_STORE_ERROR, MRG_STORE_ERROR_INVALID,
                                   _("Select the cells to merge first: Shift and the arrow keys"));
      ok = FALSE;
    }
  else
    {
      ok = mrg_grid_edit_merge_cells (get_store (self), table, row, col, n_rows, n_cols, &error);
      if (ok)
        {
          clear_selection (self);
          r = row, c = col;
        }
    }
  if (!ok)
    report (self, error);
  store_changed (self);
  move_cursor (self, r, c);
}

static void
set_row_status (MrgGridEditor *self,
                MrgRowStatus   status)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table;
  MrgTableRow *row;
  int r, c, next;

  table = commit_at_cursor (self, &r, &c);
  if (table == NULL)
    return;
  row = mrg_table_get_row (table, r);
  if (row == NULL)
    return;
  if (!mrg_store_edit_row_status (get_store (self), row->id, status, &error))
    {
      report (self, error);
      return;
    }
  store_changed (self);
  if (status == MRG_ROW_STATUS_VERIFIED)
    {
      table = get_table (self);
      next = mrg_grid_next_unverified (table, r);
      if (next >= 0)
        move_cursor (self, next, 0);
    }
}

static void
verify_row (MrgGridEditor *self)
{
  MrgTable *table = get_table (self);
  MrgTableRow *row;
  int r, c;

  get_cursor (self, &r, &c);
  if (table == NULL || (row = mrg_table_get_row (table, r)) == NULL)
    return;
  /* Pressed on a verified row it moves on; unverify has its own action. */
  set_row_status (self, MRG_ROW_STATUS_VERIFIED);
}

static void
toggle_flag (MrgGridEditor *self,
             MrgCellFlags   flag)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table;
  MrgTableCell *cell;
  int r, c;

  table = commit_at_cursor (self, &r, &c);
  if (table == NULL)
    return;
  cell = mrg_table_get_cell (table, r, c);
  if (cell == NULL || cell->id == 0)
    return;
  if (!mrg_store_edit_cell_flags (get_store (self), cell->id, cell->flags ^ flag, &error))
    report (self, error);
  store_changed (self);
}

static void
edit_rows (MrgGridEditor  *self,
           MrgGridCommand  command)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table;
  MrgTableRow *row;
  gboolean ok;
  int r, c;

  table = commit_at_cursor (self, &r, &c);
  if (table == NULL)
    return;
  row = mrg_table_get_row (table, r);
  if (row == NULL)
    return;

  if (command == MRG_GRID_INSERT_ROW)
    ok = mrg_grid_edit_split_row (get_store (self), table, r, &error);
  else if (command == MRG_GRID_DELETE_ROW)
    ok = mrg_grid_edit_delete_row (get_store (self), table, r, &error);
  else if (command == MRG_GRID_TOGGLE_HEADER)
    ok = mrg_store_edit_row_header (get_store (self), row->id, !row->header, &error);
  else
    ok = mrg_grid_edit_merge_rows (get_store (self), table, r, &error);
  if (!ok)
    report (self, error);
  store_changed (self);
  if (command == MRG_GRID_INSERT_ROW && ok)
    move_cursor (self, r + 1, c);
}

void
mrg_grid_editor_run (MrgGridEditor  *self,
                     MrgGridCommand  command)
{
  g_return_if_fail (MRG_IS_GRID_EDITOR (self));

  switch (command)
    {
    case MRG_GRID_VERIFY_ROW:
      verify_row (self);
      break;
    case MRG_GRID_UNVERIFY_ROW:
      set_row_status (self, MRG_ROW_STATUS_UNVERIFIED);
      break;
    case MRG_GRID_FLAG_ILLEGIBLE:
      toggle_flag (self, MRG_CELL_FLAG_ILLEGIBLE);
      break;
    case MRG_GRID_FLAG_UNCERTAIN:
      toggle_flag (self, MRG_CELL_FLAG_UNCERTAIN);
      break;
    case MRG_GRID_INSERT_ROW:
    case MRG_GRID_DELETE_ROW:
    case MRG_GRID_MERGE_ROWS:
    case MRG_GRID_TOGGLE_HEADER:
      edit_rows (self, command);
      break;
    case MRG_GRID_MERGE_CELLS:
    case MRG_GRID_SPLIT_CELL:
      edit_cells (self, command);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
clear_cell (MrgGridEditor *self)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table = get_table (self);
  MrgTableCell *cell;
  int r, c;

  get_cursor (self, &r, &c);
  cell = table != NULL ? mrg_table_get_cell (table, r, c) : NULL;
  if (cell == NULL || cell->id == 0 || cell->text == NULL || *cell->text == '\0')
    return;
  if (!mrg_store_edit_cell_text (get_store (self), cell->id, "", &error))
    report (self, error);
  store_changed (self);
}

/* A key of the grid and what it does; twin is its keypad twin or capital letter (0: none). */
typedef struct
{
  guint keyval;
  guint twin;
  MrgGridCommand command;
  MrgGridCommand shift_command;
} CommandKey;

/* Ctrl+key: a command on the cursor's row or cells. */
static const CommandKey command_keys[] = {
  { GDK_KEY_Return, GDK_KEY_KP_Enter, MRG_GRID_VERIFY_ROW, MRG_GRID_VERIFY_ROW },
  { GDK_KEY_i, GDK_KEY_I, MRG_GRID_FLAG_ILLEGIBLE, MRG_GRID_FLAG_ILLEGIBLE },
  { GDK_KEY_u, GDK_KEY_U, MRG_GRID_FLAG_UNCERTAIN, MRG_GRID_FLAG_UNCERTAIN },
  { GDK_KEY_Insert, 0, MRG_GRID_INSERT_ROW, MRG_GRID_INSERT_ROW },
  { GDK_KEY_m, GDK_KEY_M, MRG_GRID_MERGE_CELLS, MRG_GRID_SPLIT_CELL },
  { GDK_KEY_Delete, 0, MRG_GRID_DELETE_ROW, MRG_GRID_DELETE_ROW },
};

typedef struct
{
  guint keyval;
  guint twin;
  MrgNav nav;
  MrgNav shift_nav;
  guint shift_extends : 1;  /* Shift+key extends the selection instead (not while typing) */
  guint while_typing : 1;   /* FALSE: the GtkText takes the key while a cell is typed in */
} NavKey;

/* A key without Ctrl: a move of the cursor. */
static const NavKey nav_keys[] = {
  { GDK_KEY_Tab, GDK_KEY_KP_Tab, MRG_NAV_NEXT, MRG_NAV_PREVIOUS, FALSE, TRUE },
  { GDK_KEY_ISO_Left_Tab, 0, MRG_NAV_PREVIOUS, MRG_NAV_PREVIOUS, FALSE, TRUE },
  { GDK_KEY_Return, GDK_KEY_KP_Enter, MRG_NAV_DOWN, MRG_NAV_UP, FALSE, TRUE },
  { GDK_KEY_Up, GDK_KEY_KP_Up, MRG_NAV_UP, MRG_NAV_UP, TRUE, TRUE },
  { GDK_KEY_Down, GDK_KEY_KP_Down, MRG_NAV_DOWN, MRG_NAV_DOWN, TRUE, TRUE },
  { GDK_KEY_Left, GDK_KEY_KP_Left, MRG_NAV_LEFT, MRG_NAV_LEFT, TRUE, FALSE },
  { GDK_KEY_Right, GDK_KEY_KP_Right, MRG_NAV_RIGHT, MRG_NAV_RIGHT, TRUE, FALSE },
  { GDK_KEY_Home, 0, MRG_NAV_FIRST, MRG_NAV_FIRST, FALSE, FALSE },
  { GDK_KEY_End, 0, MRG_NAV_LAST, MRG_NAV_LAST, FALSE, FALSE },
};

static gboolean
is_key (guint keyval,
        guint key,
        guint twin)
{
  return keyval == key || (twin != 0 && keyval == twin);
}

/* Ctrl+key: TRUE when the grid took it. */
static gboolean
control_key_pressed (MrgGridEditor   *self,
                     guint            keyval,
                     GdkModifierType  mods)
{
  gboolean shift = (mods & GDK_SHIFT_MASK) != 0;

  for (guint i = 0; i < G_N_ELEMENTS (command_keys); i++)
    if (is_key (keyval, command_keys[i].keyval, command_keys[i].twin))
      {
        mrg_grid_editor_run (self, shift ? command_keys[i].shift_command
                                         : command_keys[i].command);
        return TRUE;
      }

  switch (keyval)
    {
    case GDK_KEY_Page_Down:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Down:
    case GDK_KEY_KP_Page_Up:
      {
        gboolean down = keyval == GDK_KEY_Page_Down || keyval == GDK_KEY_KP_Page_Down;

        /* Before the scrolled window takes them for sideways scrolling. With Alt they
         * turn to the other table of the page, without it to the other page. */
        commit_edit (self);
        if ((mods & GDK_ALT_MASK) != 0)
          gtk_widget_activate_action (GTK_WIDGET (self),
                                      down ? "table.next" : "table.previous", NULL);
        else
          gtk_widget_activate_action (GTK_WIDGET (self),
                                      down ? "page.next" : "page.previous", NULL);
        return TRUE;
      }
    case GDK_KEY_z:
    case GDK_KEY_Z:
      /* While editing, undo first throws away what was typed in the cell. */
      if (self->editing)
        {
          gboolean changed = g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->text)),
                                        self->original) != 0;

          cancel_edit (self);
          return changed;
        }
      return FALSE;
    default:
      return FALSE;
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                MrgGridEditor         *self)
{
  GdkModifierType mods = state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK);
  gboolean shift = (mods & GDK_SHIFT_MASK) != 0;
  gunichar ch;

  if (get_table (self) == NULL)
    return FALSE;

  if ((mods & GDK_CONTROL_MASK) != 0)
    {
      /* Ctrl+I is Ctrl+Ш under a Russian layout: the key, not its letter, is the shortcut. */
      keyval = mrg_shortcut_keyval (gtk_widget_get_display (GTK_WIDGET (self)), keyval, keycode,
                                    state);
      return control_key_pressed (self, keyval, mods);
    }

  for (guint i = 0; i < G_N_ELEMENTS (nav_keys); i++)
    {
      const NavKey *key = &nav_keys[i];

      if (!is_key (keyval, key->keyval, key->twin))
        continue;
      if (self->editing && !key->while_typing)
        return FALSE;   /* the GtkText takes it */
      navigate (self, shift ? key->shift_nav : key->nav,
                shift && key->shift_extends && !self->editing);
      return TRUE;
    }

  if (keyval == GDK_KEY_Escape)
    {
      if (!self->editing)
        return FALSE;
      cancel_edit (self);
      return TRUE;
    }

  if (self->editing)
    return FALSE;   /* the GtkText takes the rest */

  switch (keyval)
    {
    case GDK_KEY_F2:
      start_edit (self, NULL);
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      clear_cell (self);
      return TRUE;
    case GDK_KEY_BackSpace:
      start_edit (self, "");
      return TRUE;
    default:
      break;
    }

  if ((mods & GDK_ALT_MASK) != 0)
    return FALSE;
  ch = gdk_keyval_to_unicode (keyval);
  if (ch != 0 && g_unichar_isprint (ch))
    {
      char buf[8] = { 0 };

      g_unichar_to_utf8 (ch, buf);
      start_edit (self, buf);
      return TRUE;
    }
  return FALSE;
}

/* F8 goes to the next doubtful cell (the window's grid.next-doubtful), typing or not. Read
 * here, in the capture phase: the GtkPaned around the grid takes F8 for itself otherwise. */
static gboolean
next_doubtful_key_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      MrgGridEditor         *self)
{
  if (keyval != GDK_KEY_F8 ||
      (state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "grid.next-doubtful", NULL);
}

static void
text_focus_leave_cb (GtkEventControllerFocus *focus,
                     MrgGridEditor           *self)
{
  /* Clicking elsewhere saves the cell: nothing typed is lost. */
  if (self->editing)
    commit_edit (self);
}

/* ---- mouse ---- */

static gboolean
cell_at (MrgGridEditor *self,
         double         x,
         double         y,
         int           *out_row,
         int           *out_col)
{
  MrgTable *table = get_table (self);
  double cx = x - GUTTER + gtk_adjustment_get_value (self->scroll.hadj);
  double cy = y - self->header_h + gtk_adjustment_get_value (self->scroll.vadj);
  int col = -1;

  if (table == NULL || x < GUTTER)
    return FALSE;
  for (guint c = 0; c < table->n_cols; c++)
    if (cx >= g_array_index (self->col_x, int, c) && cx < g_array_index (self->col_x, int, c + 1))
      col = c;
  *out_col = col;
  *out_row = y < self->header_h ? -1 : (int) (cy / self->row_h);
  return col >= 0 && *out_row < (int) table->rows->len;
}

static void
column_popover_done (MrgGridEditor *self)
{
  self->popover_settled = TRUE;
  gtk_popover_popdown (GTK_POPOVER (self->column_popover));
  store_changed (self);
  measure_columns (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static const MrgColumnType popover_types[] = {
  MRG_COLUMN_TYPE_TEXT, MRG_COLUMN_TYPE_INTEGER, MRG_COLUMN_TYPE_YEAR, MRG_COLUMN_TYPE_NAME,
  MRG_COLUMN_TYPE_ENUM,
};

static MrgColumnType
popover_type (MrgGridEditor *self)
{
  guint t = gtk_drop_down_get_selected (self->column_type);

  return popover_types[MIN (t, G_N_ELEMENTS (popover_types) - 1)];
}

static void
apply_column_cb (GtkWidget     *button,
                 MrgGridEditor *self)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table = get_table (self);

  /* The name goes to the table's layout: the tables of other layouts keep theirs. */
  if (table != NULL &&
      !mrg_grid_edit_set_column (get_store (self), table->table_id, self->popover_col,
                                 gtk_editable_get_text (self->column_name), popover_type (self),
                                 &error))
    report (self, error);
  column_popover_done (self);
}

/* Clicking away from the popover keeps what was typed in it, as Apply does, and says so; only
 * Escape leaves the column as it was. */
static void
column_popover_closed_cb (MrgGridEditor *self)
{
  MrgTable *table = get_table (self);
  const MrgTableColumn *column;
  g_autofree char *message = NULL;

  if (self->popover_settled || table == NULL || self->popover_col >= (int) table->n_cols)
    return;
  column = &table->columns[self->popover_col];
  /* as show_column_popover filled it in */
  if (g_str_equal (gtk_editable_get_text (self->column_name),
                   column->name != NULL ? column->name : "")
      && popover_type (self) == column->type)
    return;
  apply_column_cb (NULL, self);
  /* Translators: a column's name typed in its popover was kept when the popover closed */
  message = g_strdup_printf (_("Column renamed “%s” (Ctrl+Z undoes it)"),
                             gtk_editable_get_text (self->column_name));
  g_signal_emit (self, signals[SHOW_ERROR], 0, message);
}

static gboolean
column_popover_key_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       MrgGridEditor         *self)
{
  if (keyval == GDK_KEY_Escape)
    self->popover_settled = TRUE;
  return FALSE;
}

static void
accept_columns_cb (GtkWidget     *button,
                   MrgGridEditor *self)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table = get_table (self);

  if (table != NULL && !mrg_grid_edit_accept_columns (get_store (self), table->table_id, &error))
    report (self, error);
  column_popover_done (self);
}

static void
apply_column_entry_cb (MrgGridEditor *self)
{
  apply_column_cb (NULL, self);
}

static gboolean
table_has_proposed_columns (MrgTable *table)
{
  for (guint c = 0; c < table->n_cols; c++)
    if (table->columns[c].proposed)
      return TRUE;
  return FALSE;
}

static void
show_column_popover (MrgGridEditor *self,
                     int            col,
                     double         x)
{
  MrgTable *table = get_table (self);
  graphene_rect_t r;

  if (!mrg_grid_editor_get_cell_rect (self, 0, col, &r))
    return;
  self->popover_col = col;
  self->popover_settled = FALSE;
  gtk_editable_set_text (self->column_name,
                         table->columns[col].name != NULL ? table->columns[col].name : "");
  gtk_drop_down_set_selected (self->column_type, table->columns[col].type);
  gtk_widget_set_visible (self->column_accept, table_has_proposed_columns (table));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->column_popover),
                               &(GdkRectangle) { r.origin.x, 0, r.size.width, self->header_h });
  gtk_popover_popup (GTK_POPOVER (self->column_popover));
  /* Ready to type the new name. */
  gtk_widget_grab_focus (GTK_WIDGET (self->column_name));
  (void) x;
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  MrgGridEditor   *self)
{
  int row, col;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!cell_at (self, x, y, &row, &col) && !(row == -1 && col >= 0))
    return;
  if (row < 0)
    {
      commit_edit (self);
      show_column_popover (self, col, x);
      return;
    }
  if (self->editing && row == self->edit_row && col == self->edit_col)
    return;
  commit_edit (self);
  clear_selection (self);
  move_cursor (self, row, col);
  if (n_press == 2)
    start_edit (self, NULL);
}

static GtkWidget *
build_context_menu (MrgGridEditor *self,
                    gboolean       header)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) cells = g_menu_new ();
  g_autoptr(GMenu) rows = g_menu_new ();
  GtkWidget *popover;

  g_menu_append (cells, _("Merge Cells"), "grid.merge-cells");
  g_menu_append (cells, _("Split Cell"), "grid.split-cell");
  g_menu_append (rows, _("Insert Row Below"), "grid.insert-row");
  g_menu_append (rows, _("Merge With Next Row"), "grid.merge-rows");
  g_menu_append (rows, _("Delete Row"), "grid.delete-row");
  /* Translators: a header row's text names the columns, and it is not exported as a row */
  g_menu_append (rows, header ? _("Unmark Header Row") : _("Mark as Header Row"),
                 "grid.toggle-header");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (cells));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (rows));
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_widget_set_halign (popover, GTK_ALIGN_START);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  return popover;
}

/* The context menu: the commands on the cell or selection under the pointer. */
static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      MrgGridEditor   *self)
{
  guint sel_row, sel_col, n_rows, n_cols;
  MrgTableRow *shown;
  int row, col;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!cell_at (self, x, y, &row, &col) || row < 0)
    return;
  commit_edit (self);
  /* A click inside the selection keeps it, for Merge Cells. */
  if (!mrg_grid_editor_get_selection (self, &sel_row, &sel_col, &n_rows, &n_cols) ||
      row < (int) sel_row || row >= (int) (sel_row + n_rows) ||
      col < (int) sel_col || col >= (int) (sel_col + n_cols))
    {
      clear_selection (self);
      move_cursor (self, row, col);
    }
  /* Made anew each time: its header row command says what it will do to this row. */
  shown = get_table (self) != NULL ? mrg_table_get_row (get_table (self), row) : NULL;
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  self->context_menu = build_context_menu (self, shown != NULL && shown->header);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

/* Over a column's title: why a proposed name looks as it does, and what to do with it. */
static gboolean
title_tooltip (MrgTable   *table,
               int         col,
               GtkTooltip *tooltip)
{
  if (table == NULL || col < 0 || (guint) col >= table->n_cols || !table->columns[col].proposed)
    return FALSE;
  gtk_tooltip_set_text (tooltip, _("Name proposed from the header row. Click the title to rename "
                                   "the column or to accept the proposed names."));
  return TRUE;
}

static gboolean
query_tooltip_cb (GtkWidget     *widget,
                  int            x,
                  int            y,
                  gboolean       keyboard,
                  GtkTooltip    *tooltip,
                  MrgGridEditor *self)
{
  MrgTable *table = get_table (self);
  MrgTableCell *cell;
  g_autofree char *problem = NULL;
  GString *text;
  int row, col;
  gboolean shown;

  if (keyboard)
    get_cursor (self, &row, &col);
  else if (!cell_at (self, x, y, &row, &col))
    return FALSE;
  else if (row < 0)
    return title_tooltip (table, col, tooltip);
  cell = table != NULL ? mrg_table_get_cell (table, row, col) : NULL;
  if (cell == NULL || cell->id == 0)
    return FALSE;
  text = g_string_new (NULL);
  problem = mrg_grid_cell_problem (table, row, col);
  if (problem != NULL)
    g_string_append (text, problem);
  if (cell->flags & MRG_CELL_FLAG_ILLEGIBLE)
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "", _("Marked illegible"));
  if (cell->flags & MRG_CELL_FLAG_UNCERTAIN)
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "", _("Marked uncertain"));
  /* the other reasons for doubt are in the problem above */
  if (mrg_grid_cell_is_doubtful (cell, self->threshold) && cell->confidence < self->threshold)
    g_string_append_printf (text, _("%sOCR read “%s” with %.0f %% confidence"),
                            text->len ? "\n" : "", cell->ocr_text ? cell->ocr_text : "",
                            cell->confidence);
  shown = text->len > 0;
  if (shown)
    gtk_tooltip_set_text (tooltip, text->str);
  g_string_free (text, TRUE);
  return shown;
}

/* ---- model ---- */

static void
table_changed_cb (MrgGridEditor *self)
{
  MrgTable *table = get_table (self);

  MrgTableCell *cell;

  /* The current table changed under an open editor (another table of the page was chosen):
   * what was typed is saved into its own cell, not dropped nor put on the new table. */
  if (self->editing && table != NULL &&
      (cell = mrg_table_get_cell (table, self->edit_row, self->edit_col)) != NULL &&
      cell->id != self->edit_cell_id)
    commit_edit (self);
  /* A reload under an open editor (e.g. undo) would put the text on the wrong cell. */
  if (self->editing && (table == NULL || mrg_table_get_cell (table, self->edit_row,
                                                             self->edit_col) == NULL))
    cancel_edit (self);
  measure_columns (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
cursor_changed_cb (MrgGridEditor *self)
{
  /* Laid out already: scroll now and redraw, without a relayout on every key. */
  if (gtk_widget_get_width (GTK_WIDGET (self)) > 0 && self->col_x->len > 1)
    scroll_to_cursor (self);
  else
    {
      self->scroll_pending = TRUE;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
page_changed_cb (MrgGridEditor *self)
{
  /* The model has moved to another page: the edit belongs to the old one and was committed by
   * the window before it turned the page. */
  if (self->editing)
    cancel_edit (self);
  gtk_adjustment_set_value (self->scroll.vadj, 0);
  gtk_adjustment_set_value (self->scroll.hadj, 0);
}

void
mrg_grid_editor_set_model (MrgGridEditor *self,
                           MrgPageModel  *model)
{
  static const MrgModelHandler handlers[] = {
    { "table-changed", G_CALLBACK (table_changed_cb) },
    { "cursor-changed", G_CALLBACK (cursor_changed_cb) },
    { "notify::page-id", G_CALLBACK (page_changed_cb) },
    { NULL, NULL },
  };

  g_return_if_fail (MRG_IS_GRID_EDITOR (self));

  if (!mrg_widget_set_model (self, &self->model, model, handlers))
    return;
  table_changed_cb (self);
}

const char *
mrg_grid_editor_get_placeholder (MrgGridEditor *self)
{
  const MrgPageRecord *page;

  g_return_val_if_fail (MRG_IS_GRID_EDITOR (self), NULL);

  if (self->model == NULL || mrg_page_model_get_table (self->model) != NULL)
    return NULL;
  page = mrg_page_model_get_page (self->model);
  /* once OCR has been, "run OCR Page" would send the person round in a circle */
  if (page != NULL && page->status != MRG_PAGE_STATUS_NEW)
    return _("OCR found no table on this page. Draw it on the scan with the Draw Table tool, or "
             "try “Find Grid Only” in the Table menu if it is handwritten.");
  return _("This page has no table yet. Run “OCR Page” to find it, “Find Grid Only” in the Table "
           "menu for handwriting, or draw it on the scan with the Draw Table tool.");
}

void
mrg_grid_editor_set_threshold (MrgGridEditor *self,
                               double         threshold)
{
  g_return_if_fail (MRG_IS_GRID_EDITOR (self));
  self->threshold = threshold;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GObject ---- */

static void
adjustment_changed_cb (MrgGridEditor *self)
{
  /* Scrolling moves the cell editor; while allocating, it is placed after the scroll anyway. */
  if (!self->allocating)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
mrg_grid_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MrgGridEditor *self = MRG_GRID_EDITOR (object);

  if (!mrg_scrollable_get_property (&self->scroll, prop_id - PROP_HADJUSTMENT, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mrg_grid_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MrgGridEditor *self = MRG_GRID_EDITOR (object);

  if (!mrg_scrollable_set_property (&self->scroll, prop_id - PROP_HADJUSTMENT, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mrg_grid_editor_dispose (GObject *object)
{
  MrgGridEditor *self = MRG_GRID_EDITOR (object);

  mrg_widget_clear_model (self, &self->model);
  mrg_scrollable_dispose (&self->scroll);
  g_clear_handle_id (&self->draft_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  /* The window asks before it closes with text unsaved; a last try on the way out. */
  if (self->unsaved != NULL && g_hash_table_size (self->unsaved) > 0)
    {
      g_autoptr(GError) error = NULL;

      if (!save_unsaved (self, &error))
        g_warning ("%u typed cells could not be saved: %s", g_hash_table_size (self->unsaved),
                   error != NULL ? error->message : "no project");
    }
  g_clear_pointer (&self->unsaved, g_hash_table_unref);
  g_clear_pointer (&self->text, gtk_widget_unparent);
  g_clear_pointer (&self->column_popover, gtk_widget_unparent);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_pointer (&self->original, g_free);
  g_clear_pointer (&self->col_x, g_array_unref);
  G_OBJECT_CLASS (mrg_grid_editor_parent_class)->dispose (object);
}

static void
mrg_grid_editor_class_init (MrgGridEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mrg_grid_editor_dispose;
  object_class->get_property = mrg_grid_editor_get_property;
  object_class->set_property = mrg_grid_editor_set_property;
  widget_class->measure = mrg_grid_editor_measure;
  widget_class->size_allocate = mrg_grid_editor_size_allocate;
  widget_class->snapshot = mrg_grid_editor_snapshot;

  mrg_scrollable_override_properties (object_class, PROP_HADJUSTMENT);

  signals[SHOW_ERROR] = g_signal_new ("show-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);


  gtk_widget_class_set_css_name (widget_class, "grideditor");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static GtkWidget *
build_column_popover (MrgGridEditor *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  const char *types[] = {
    /* Translators: column types */
    C_("column type", "Text"), C_("column type", "Number"), C_("column type", "Year"),
    C_("column type", "Name"), C_("column type", "List"), NULL,
  };
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (types);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Apply"));
  GtkWidget *label = gtk_label_new (_("Column"));
  /* OCR only proposes names read from a header row; the person takes them all at once here, or
   * one by one by applying each. */
  GtkWidget *accept = gtk_button_new_with_mnemonic (_("Accept _Proposed Names"));
  GtkEventController *key;

  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect (button, "clicked", G_CALLBACK (apply_column_cb), self);
  /* Enter applies at once (a button's activation would wait for its press animation). */
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (apply_column_entry_cb), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), button);
  g_signal_connect (accept, "clicked", G_CALLBACK (accept_columns_cb), self);
  gtk_widget_set_tooltip_text (accept, _("Use the names read from the header row as the column "
                                         "names of every table of this layout"));
  gtk_box_append (GTK_BOX (box), accept);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  g_signal_connect_swapped (popover, "closed", G_CALLBACK (column_popover_closed_cb), self);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (column_popover_key_cb), self);
  gtk_widget_add_controller (popover, key);
  self->column_name = GTK_EDITABLE (entry);
  self->column_type = GTK_DROP_DOWN (dropdown);
  self->column_accept = accept;
  return popover;
}

static void
mrg_grid_editor_init (MrgGridEditor *self)
{
  self->unsaved = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->col_x = g_array_new (FALSE, FALSE, sizeof (int));
  self->threshold = 70;
  mrg_scrollable_init (&self->scroll, GTK_WIDGET (self), G_CALLBACK (adjustment_changed_cb));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_add_css_class (GTK_WIDGET (self), "grid-editor");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);

  self->text = gtk_text_new ();
  gtk_widget_add_css_class (self->text, "cell-entry");
  gtk_widget_set_visible (self->text, FALSE);
  gtk_widget_set_parent (self->text, GTK_WIDGET (self));
  g_signal_connect (self->text, "changed", G_CALLBACK (text_changed_cb), self);
  g_signal_connect (focus, "leave", G_CALLBACK (text_focus_leave_cb), self);
  gtk_widget_add_controller (self->text, focus);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (next_doubtful_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  self->column_popover = build_column_popover (self);
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  measure_columns (self);
}

GtkWidget *
mrg_grid_editor_new (void)
{
  return g_object_new (MRG_TYPE_GRID_EDITOR, NULL);
}

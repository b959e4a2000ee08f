/* mrg-grid.c: finding a table's grid, from ruling lines or from the layout of words
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-grid"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "mrg-grid.h"

typedef struct
{
  int pos;      /* y of a horizontal line, x of a vertical one */
  int start;    /* extent along the line */
  int end;
  int thick;
  int length;   /* inked length, gaps excluded */
} Line;

MrgGrid *
mrg_grid_new (const MrgBox *area,
              const int    *col_seps,
              guint         n_col_seps,
              const int    *row_seps,
              guint         n_row_seps)
{
  MrgGrid *grid = g_new0 (MrgGrid, 1);

  grid->area = *area;
  grid->col_seps = g_array_new (FALSE, FALSE, sizeof (int));
  grid->row_seps = g_array_new (FALSE, FALSE, sizeof (int));
  if (n_col_seps > 0)
    g_array_append_vals (grid->col_seps, col_seps, n_col_seps);
  if (n_row_seps > 0)
    g_array_append_vals (grid->row_seps, row_seps, n_row_seps);
  return grid;
}

void
mrg_grid_free (MrgGrid *grid)
{
  if (grid == NULL)
    return;
  g_array_unref (grid->col_seps);
  g_array_unref (grid->row_seps);
  g_free (grid);
}

guint
mrg_grid_get_n_cols (const MrgGrid *grid)
{
  return grid->col_seps->len + 1;
}

guint
mrg_grid_get_n_rows (const MrgGrid *grid)
{
  return grid->row_seps->len + 1;
}

void
mrg_grid_get_cell (const MrgGrid *grid,
                   guint          row,
                   guint          col,
                   MrgBox        *out)
{
  g_return_if_fail (row < mrg_grid_get_n_rows (grid) && col < mrg_grid_get_n_cols (grid));

  out->x1 = col == 0 ? grid->area.x1 : g_array_index (grid->col_seps, int, col - 1);
  out->x2 = col == grid->col_seps->len ? grid->area.x2 : g_array_index (grid->col_seps, int, col);
  out->y1 = row == 0 ? grid->area.y1 : g_array_index (grid->row_seps, int, row - 1);
  out->y2 = row == grid->row_seps->len ? grid->area.y2 : g_array_index (grid->row_seps, int, row);
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

static int
compare_line_pos (gconstpointer a,
                  gconstpointer b)
{
  const Line *x = a, *y = b;

  return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Ruling lines of one direction: a closing bridges breaks left by noise and JPEG, an opening
 * with a long thin brick keeps only straight runs much longer than any letter stroke. */
static GArray *
find_lines (PIX      *binary,
            gboolean  horizontal,
            int       min_length,
            int       max_thick)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (Line));
  PIX *closed, *opened;
  BOXA *boxa;
  int n;

  closed = horizontal ? pixCloseBrick (NULL, binary, 9, 1) : pixCloseBrick (NULL, binary, 1, 9);
  opened = horizontal ? pixOpenBrick (NULL, closed, min_length, 1)
                      : pixOpenBrick (NULL, closed, 1, min_length);
  pixDestroy (&closed);
  boxa = pixConnCompBB (opened, 8);
  pixDestroy (&opened);

  n = boxaGetCount (boxa);
  for (int i = 0; i < n; i++)
    {
      l_int32 x, y, w, h;
      Line line;

      boxaGetBoxGeometry (boxa, i, &x, &y, &w, &h);
      if (horizontal)
        line = (Line) { y + h / 2, x, x + w, h, w };
      else
        line = (Line) { x + w / 2, y, y + h, w, h };
      if (line.length < min_length || line.thick > max_thick)
        continue;
      g_array_append_val (lines, line);
    }
  boxaDestroy (&boxa);

  /* Pieces of one broken rule share a position: join them. */
  g_array_sort (lines, compare_line_pos);
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      Line *last = merged->len > 0 ? &g_array_index (merged, Line, merged->len - 1) : NULL;
      int tolerance = MAX (6, 2 * line->thick);

      if (last != NULL && abs (line->pos - last->pos) <= tolerance
          && line->start <= last->end + min_length && last->start <= line->end + min_length)
        {
          last->pos = (last->pos * last->length + line->pos * line->length)
                      / (last->length + line->length);
          last->start = MIN (last->start, line->start);
          last->end = MAX (last->end, line->end);
          last->thick = MAX (last->thick, line->thick);
          last->length += line->length;
        }
      else
        g_array_append_val (merged, *line);
    }
  g_array_unref (lines);
  return merged;
}

static guint
find_root (guint *parent,
           guint  i)
{
  while (parent[i] != i)
    i = parent[i] = parent[parent[i]];
  return i;
}

static int
median_thickness (GArray *lines)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < lines->len; i++)
    g_array_append_val (values, g_array_index (lines, Line, i).thick);
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_int);
  return g_array_index (values, int, values->len / 2);
}

/* Rows of a table whose rows are not ruled: text lines found in the ink between the columns. */
static GArray *rows_from_boxes (const MrgBox *words, guint n_words, const MrgBox *area,
                                GArray *col_seps);

/* The grid of one group of crossing lines (the union-find root `root`). */
static MrgGrid *
build_grid (PIX     *binary,
            double   scale,
            GArray  *hlines,
            GArray  *vlines,
            guint   *parent,
            guint    root,
            int      tolerance)
{
  guint n_h = hlines->len, n = hlines->len + vlines->len;
  int ax1 = G_MAXINT, ay1 = G_MAXINT, ax2 = G_MININT, ay2 = G_MININT;
  g_autoptr(GArray) cols = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) group_h = g_array_new (FALSE, FALSE, sizeof (Line));
  g_autoptr(GArray) group_v = g_array_new (FALSE, FALSE, sizeof (Line));
  MrgGrid *grid;
  MrgBox area;

  for (guint i = 0; i < n; i++)
    {
      Line *l;

      if (find_root (parent, i) != root)
        continue;
      l = i < n_h ? &g_array_index (hlines, Line, i) : &g_array_index (vlines, Line, i - n_h);
      if (i < n_h)
        {
          ax1 = MIN (ax1, l->start);
          ax2 = MAX (ax2, l->end);
          ay1 = MIN (ay1, l->pos);
          ay2 = MAX (ay2, l->pos);
          g_array_append_val (group_h, *l);
        }
      else
        {
          ax1 = MIN (ax1, l->pos);
          ax2 = MAX (ax2, l->pos);
          ay1 = MIN (ay1, l->start);
          ay2 = MAX (ay2, l->end);
          g_array_append_val (group_v, *l);
        }
    }

  /* Separators: lines of the table crossing most of it. Shorter ones split only a header or a
   * few cells; a person can add those by hand. */
  for (guint i = 0; i < group_h->len; i++)
    {
      Line *l = &g_array_index (group_h, Line, i);
      int sep = (int) lround (l->pos / scale);

      if (l->end - l->start >= (ax2 - ax1) / 2 && l->pos > ay1 + tolerance
          && l->pos < ay2 - tolerance)
        g_array_append_val (rows, sep);
    }
  for (guint i = 0; i < group_v->len; i++)
    {
      Line *l = &g_array_index (group_v, Line, i);
      int sep = (int) lround (l->pos / scale);

      if (l->end - l->start >= (ay2 - ay1) / 2 && l->pos > ax1 + tolerance
          && l->pos < ax2 - tolerance)
        g_array_append_val (cols, sep);
    }
  if (cols->len == 0)
    return NULL;
  g_array_sort (cols, compare_int);
  g_array_sort (rows, compare_int);

  area.x1 = (int) lround (ax1 / scale);
  area.y1 = (int) lround (ay1 / scale);
  area.x2 = (int) lround (ax2 / scale);
  area.y2 = (int) lround (ay2 / scale);

  grid = mrg_grid_new (&area, (int *) cols->data, cols->len, (int *) rows->data, rows->len);
  grid->rule_thickness = (int) lround (MAX (median_thickness (group_h), median_thickness (group_v))
                                       / scale);
  grid->ruled_rows = rows->len >= 2;

  /* Registers often rule only the columns: then the rows are the text lines. */
  if (!grid->ruled_rows)
    {
      g_autoptr(GArray) words = mrg_grid_find_word_boxes (binary, scale, &area);
      g_autoptr(GArray) text_rows = rows_from_boxes ((MrgBox *) words->data, words->len, &area,
                                                     grid->col_seps);

      if (text_rows != NULL && text_rows->len > 0)
        {
          g_array_set_size (grid->row_seps, 0);
          g_array_append_vals (grid->row_seps, text_rows->data, text_rows->len);
        }
    }
  return grid;
}

static int
compare_grid_position (gconstpointer a,
                       gconstpointer b)
{
  const MrgGrid *x = *(MrgGrid * const *) a, *y = *(MrgGrid * const *) b;

  /* left to right (the pages of a spread), then top to bottom */
  if (x->area.x2 <= y->area.x1)
    return -1;
  if (y->area.x2 <= x->area.x1)
    return 1;
  return (x->area.y1 > y->area.y1) - (x->area.y1 < y->area.y1);
}

GPtrArray *
mrg_grid_detect_tables (PIX    *binary,
                        double  scale)
{
  int w = pixGetWidth (binary), h = pixGetHeight (binary);
  g_autoptr(GArray) hlines = NULL;
  g_autoptr(GArray) vlines = NULL;
  g_autofree guint *parent = NULL;
  g_autofree double *areas = NULL;
  GPtrArray *grids = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_grid_free);
  guint n_h, n;
  double largest = 0;
  int tolerance = MAX (8, MIN (w, h) / 150);

  g_return_val_if_fail (binary != NULL && pixGetDepth (binary) == 1, grids);
  g_return_val_if_fail (scale > 0 && scale <= 1, grids);

  hlines = find_lines (binary, TRUE, MAX (30, w / 25), MAX (12, h / 100));
  vlines = find_lines (binary, FALSE, MAX (30, h / 50), MAX (12, w / 100));
  n_h = hlines->len;
  n = n_h + vlines->len;
  if (hlines->len == 0 || vlines->len < 2)
    return grids;

  /* Lines that cross or touch belong to one table. A title's underline or a page border far
   * from the grid makes a group of its own, too small to count. */
  parent = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    parent[i] = i;
  for (guint i = 0; i < n_h; i++)
    {
      Line *hl = &g_array_index (hlines, Line, i);

      for (guint j = 0; j < vlines->len; j++)
        {
          Line *vl = &g_array_index (vlines, Line, j);

          if (vl->pos >= hl->start - tolerance && vl->pos <= hl->end + tolerance
              && hl->pos >= vl->start - tolerance && hl->pos <= vl->end + tolerance)
            parent[find_root (parent, i)] = find_root (parent, n_h + j);
        }
    }
  areas = g_new0 (double, n);
  {
    g_autofree int *bx1 = g_new (int, n), *by1 = g_new (int, n), *bx2 = g_new (int, n),
                   *by2 = g_new (int, n);
    g_autofree int *nh = g_new0 (int, n), *nv = g_new0 (int, n);

    for (guint i = 0; i < n; i++)
      {
        bx1[i] = by1[i] = G_MAXINT;
        bx2[i] = by2[i] = G_MININT;
      }
    for (guint i = 0; i < n; i++)
      {
        guint r = find_root (parent, i);
        Line *l = i < n_h ? &g_array_index (hlines, Line, i) : &g_array_index (vlines, Line, i - n_h);

        if (i < n_h)
          {
            bx1[r] = MIN (bx1[r], l->start);
            bx2[r] = MAX (bx2[r], l->end);
            by1[r] = MIN (by1[r], l->pos);
            by2[r] = MAX (by2[r], l->pos);
            nh[r]++;
          }
        else
          {
            by1[r] = MIN (by1[r], l->start);
            by2[r] = MAX (by2[r], l->end);
            bx1[r] = MIN (bx1[r], l->pos);
            bx2[r] = MAX (bx2[r], l->pos);
            nv[r]++;
          }
      }
    for (guint i = 0; i < n; i++)
      if (find_root (parent, i) == i && nh[i] >= 1 && nv[i] >= 2)
        {
          areas[i] = (double) (bx2[i] - bx1[i]) * (by2[i] - by1[i]);
          largest = MAX (largest, areas[i]);
        }
  }

  /* The facing page of a register spread is a second table of about the same size. */
  for (guint i = 0; i < n; i++)
    if (areas[i] > 0 && areas[i] >= largest / 5)
      {
        MrgGrid *grid = build_grid (binary, scale, hlines, vlines, parent, i, tolerance);

        if (grid != NULL)
          g_ptr_array_add (grids, grid);
      }
  g_ptr_array_sort (grids, compare_grid_position);
  return grids;
}

MrgGrid *
mrg_grid_detect_ruled (PIX    *binary,
                       double  scale)
{
  g_autoptr(GPtrArray) grids = NULL;
  guint best = 0;
  double best_area = 0;

  g_return_val_if_fail (binary != NULL && pixGetDepth (binary) == 1, NULL);

  grids = mrg_grid_detect_tables (binary, scale);
  if (grids->len == 0)
    return NULL;
  for (guint i = 0; i < grids->len; i++)
    {
      MrgGrid *g = g_ptr_array_index (grids, i);
      double area = (double) (g->area.x2 - g->area.x1) * (g->area.y2 - g->area.y1);

      if (area > best_area)
        {
          best_area = area;
          best = i;
        }
    }
  return g_ptr_array_steal_index (grids, best);
}

GArray *
mrg_grid_find_word_boxes (PIX          *binary,
                          double        scale,
                          const MrgBox *within)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (MrgBox));
  PIX *region = binary;
  PIX *cleaned, *joined;
  BOXA *boxa;
  int ox = 0, oy = 0;
  int n, join;

  if (within != NULL)
    {
      BOX *clip = boxCreate ((int) (within->x1 * scale), (int) (within->y1 * scale),
                             (int) ((within->x2 - within->x1) * scale),
                             (int) ((within->y2 - within->y1) * scale));

      region = pixClipRectangle (binary, clip, NULL);
      ox = clip->x;
      oy = clip->y;
      boxDestroy (&clip);
      if (region == NULL)
        return words;
    }

  /* Rules would join every word of a row: drop long straight runs first. */
  {
    PIX *h = pixOpenBrick (NULL, region, MAX (30, pixGetWidth (region) / 25), 1);
    PIX *v = pixOpenBrick (NULL, region, 1, MAX (30, pixGetHeight (region) / 25));

    cleaned = pixSubtract (NULL, region, h);
    pixSubtract (cleaned, cleaned, v);
    pixDestroy (&h);
    pixDestroy (&v);
  }
  /* Letters of a word are a few pixels apart, words about a letter's width: join at a third of
   * a 300-dpi letter. */
  join = MAX (3, (int) lround (12 * scale));
  joined = pixCloseBrick (NULL, cleaned, join, MAX (1, join / 3));
  pixDestroy (&cleaned);
  boxa = pixConnCompBB (joined, 8);
  pixDestroy (&joined);
  if (region != binary)
    pixDestroy (&region);

  n = boxaGetCount (boxa);
  for (int i = 0; i < n; i++)
    {
      l_int32 x, y, w, h;
      MrgBox box;

      boxaGetBoxGeometry (boxa, i, &x, &y, &w, &h);
      /* specks of noise and dots */
      if (w * h < 36 * scale * scale || (w < 6 * scale && h < 6 * scale))
        continue;
      box.x1 = (int) ((x + ox) / scale);
      box.y1 = (int) ((y + oy) / scale);
      box.x2 = (int) ceil ((x + ox + w) / scale);
      box.y2 = (int) ceil ((y + oy + h) / scale);
      g_array_append_val (words, box);
    }
  boxaDestroy (&boxa);
  return words;
}

typedef struct
{
  int y1, y2;
  guint first_word;  /* index into the sorted words */
  guint n_words;
} TextLine;

static int
compare_box_centre_y (gconstpointer a,
                      gconstpointer b)
{
  const MrgBox *x = a, *y = b;
  int cx = x->y1 + x->y2, cy = y->y1 + y->y2;

  return (cx > cy) - (cx < cy);
}

/* Groups boxes sorted by centre into text lines: a box joins the line it overlaps vertically
 * by at least half its own height. */
static GArray *
group_lines (const MrgBox *boxes,
             guint         n)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (TextLine));

  for (guint i = 0; i < n; i++)
    {
      const MrgBox *b = &boxes[i];
      TextLine *last = lines->len > 0 ? &g_array_index (lines, TextLine, lines->len - 1) : NULL;
      int overlap = last != NULL ? MIN (last->y2, b->y2) - MAX (last->y1, b->y1) : 0;

      if (last != NULL && overlap * 2 >= MIN (b->y2 - b->y1, last->y2 - last->y1))
        {
          last->y1 = MIN (last->y1, b->y1);
          last->y2 = MAX (last->y2, b->y2);
          last->n_words++;
        }
      else
        {
          TextLine line = { b->y1, b->y2, i, 1 };

          g_array_append_val (lines, line);
        }
    }
  return lines;
}

static guint
column_of (GArray *col_seps,
           int     x)
{
  guint c = 0;

  while (c < col_seps->len && x >= g_array_index (col_seps, int, c))
    c++;
  return c;
}

static GArray *
rows_from_boxes (const MrgBox *words,
                 guint         n_words,
                 const MrgBox *area,
                 GArray       *col_seps)
{
  g_autofree MrgBox *sorted = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autofree guint *filled = NULL;
  guint n_cols = col_seps->len + 1;
  guint key = 0;
  GArray *seps;
  int prev_bottom = -1;
  g_autofree guint *line_mask = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (int));

  if (n_words == 0)
    return NULL;
  sorted = g_memdup2 (words, n_words * sizeof (MrgBox));
  qsort (sorted, n_words, sizeof (MrgBox), compare_box_centre_y);
  lines = group_lines (sorted, n_words);

  /* The key column is the leftmost one that most lines fill (a running number, a date): a line
   * with nothing there continues the row above. */
  filled = g_new0 (guint, n_cols);
  line_mask = g_new0 (guint, lines->len);
  for (guint l = 0; l < lines->len; l++)
    {
      TextLine *line = &g_array_index (lines, TextLine, l);
      g_autofree gboolean *seen = g_new0 (gboolean, n_cols);

      for (guint i = line->first_word; i < line->first_word + line->n_words; i++)
        seen[column_of (col_seps, (sorted[i].x1 + sorted[i].x2) / 2)] = TRUE;
      for (guint c = 0; c < n_cols; c++)
        if (seen[c])
          {
            filled[c]++;
            if (c < 32)
              line_mask[l] |= 1u << c;
          }
    }
  for (guint c = 0; c < n_cols; c++)
    if (filled[c] * 2 >= lines->len)
      {
        key = c;
        break;
      }

  for (guint l = 0; l < lines->len; l++)
    {
      TextLine *line = &g_array_index (lines, TextLine, l);
      gboolean starts_row = l == 0 || key >= 32 || (line_mask[l] & (1u << key)) != 0;

      if (starts_row)
        {
          g_array_append_val (starts, line->y1);
          g_array_append_val (ends, line->y2);
        }
      else
        g_array_index (ends, int, ends->len - 1) = MAX (g_array_index (ends, int, ends->len - 1),
                                                        line->y2);
    }

  seps = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint r = 1; r < starts->len; r++)
    {
      int sep;

      prev_bottom = g_array_index (ends, int, r - 1);
      sep = (prev_bottom + g_array_index (starts, int, r)) / 2;
      if (sep > area->y1 && sep < area->y2
          && (seps->len == 0 || sep > g_array_index (seps, int, seps->len - 1)))
        g_array_append_val (seps, sep);
    }
  return seps;
}

MrgGrid *
mrg_grid_from_words (const MrgBox *words,
                     guint         n_words)
{
  MrgBox area = { G_MAXINT, G_MAXINT, G_MININT, G_MININT };
  g_autofree int *cover = NULL;
  g_autoptr(GArray) cols = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree MrgBox *sorted = NULL;
  g_autoptr(GArray) lines = NULL;
  int width, min_gap, allowed, run_start = -1;

  if (n_words < 4)
    return NULL;
  for (guint i = 0; i < n_words; i++)
    {
      int hh = words[i].y2 - words[i].y1;

      area.x1 = MIN (area.x1, words[i].x1);
      area.y1 = MIN (area.y1, words[i].y1);
      area.x2 = MAX (area.x2, words[i].x2);
      area.y2 = MAX (area.y2, words[i].y2);
      g_array_append_val (heights, hh);
    }
  g_array_sort (heights, compare_int);
  /* a gap between columns is wider than the space between words, about a letter height */
  min_gap = MAX (4, g_array_index (heights, int, heights->len / 2));

  sorted = g_memdup2 (words, n_words * sizeof (MrgBox));
  qsort (sorted, n_words, sizeof (MrgBox), compare_box_centre_y);
  lines = group_lines (sorted, n_words);

  /* Columns: x positions covered by (almost) no line. A title or a note spanning the table
   * covers everything once, so a few lines may cross a gap. */
  width = area.x2 - area.x1;
  cover = g_new0 (int, width + 1);
  for (guint i = 0; i < n_words; i++)
    for (int x = words[i].x1; x < words[i].x2; x++)
      cover[x - area.x1]++;
  allowed = MAX (0, (int) lines->len / 20);
  for (int x = 0; x <= width; x++)
    {
      gboolean empty = x < width && cover[x] <= allowed;

      if (empty && run_start < 0)
        run_start = x;
      else if (!empty && run_start >= 0)
        {
          if (x - run_start >= min_gap && run_start > 0)
            {
              int sep = area.x1 + (run_start + x) / 2;

              g_array_append_val (cols, sep);
            }
          run_start = -1;
        }
    }
  if (cols->len == 0)
    return NULL;

  rows = rows_from_boxes (words, n_words, &area, cols);
  /* half a gap of air around the words, so that cells hold their text comfortably */
  area.x1 = MAX (0, area.x1 - min_gap / 2);
  area.y1 = MAX (0, area.y1 - min_gap / 2);
  area.x2 += min_gap / 2;
  area.y2 += min_gap / 2;
  return mrg_grid_new (&area, (int *) cols->data, cols->len, (int *) rows->data, rows->len);
}

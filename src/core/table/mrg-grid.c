/* mrg-grid.c: finding a table's grid from its ruling lines (rows from the writing: mrg-grid-rows.c)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-grid"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mrg-grid.h"
#include "mrg-grid-private.h"

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
compare_line_pos (gconstpointer a,
                  gconstpointer b)
{
  const Line *x = a, *y = b;

  return (x->pos > y->pos) - (x->pos < y->pos);
}

/* Pieces of ruling lines of one direction: a closing bridges breaks left by noise and JPEG, an
 * opening with a long thin brick keeps only straight runs much longer than any letter stroke. */
static GArray *
find_pieces (PIX      *binary,
             gboolean  horizontal,
             int       min_length,
             int       max_thick)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  PIX *closed, *opened;
  PIXA *pixa = NULL;
  BOXA *boxa;
  int n;

  closed = horizontal ? pixCloseBrick (NULL, binary, 9, 1) : pixCloseBrick (NULL, binary, 1, 9);
  opened = horizontal ? pixOpenBrick (NULL, closed, min_length, 1)
                      : pixOpenBrick (NULL, closed, 1, min_length);
  pixDestroy (&closed);
  boxa = pixConnComp (opened, &pixa, 8);
  pixDestroy (&opened);

  /* A rule a degree off straight has a bounding box tens of pixels across: its thickness is
   * its ink over its length. */
  n = boxaGetCount (boxa);
  for (int i = 0; i < n; i++)
    {
      l_int32 x, y, w, h, ink = 0;
      PIX *piece = pixaGetPix (pixa, i, L_CLONE);
      Line line;

      boxaGetBoxGeometry (boxa, i, &x, &y, &w, &h);
      pixCountPixels (piece, &ink, NULL);
      pixDestroy (&piece);
      if (horizontal)
        line = (Line) { y + h / 2, x, x + w, MAX (1, ink / MAX (1, w)), w };
      else
        line = (Line) { x + w / 2, y, y + h, MAX (1, ink / MAX (1, h)), h };
      if (line.length < min_length || line.thick > max_thick)
        continue;
      g_array_append_val (lines, line);
    }
  boxaDestroy (&boxa);
  pixaDestroy (&pixa);
  return lines;
}

/* Whether the gap between two pieces of a rule (from `from` to `to` along it, at `pos` across)
 * holds writing: a rule that writing runs over is broken by it. */
static gboolean
gap_written (PIX      *binary,
             gboolean  horizontal,
             int       pos,
             int       from,
             int       to)
{
  int reach = 6;
  l_int32 ink = 0;
  BOX *box = horizontal ? boxCreate (from, pos - reach, to - from, 2 * reach + 1)
                        : boxCreate (pos - reach, from, 2 * reach + 1, to - from);
  PIX *clip = pixClipRectangle (binary, box, NULL);

  boxDestroy (&box);
  if (clip == NULL)
    return FALSE;
  /* rows (or columns) of the strip across the gap that hold ink */
  {
    NUMA *counts = horizontal ? pixCountPixelsByColumn (clip) : pixCountPixelsByRow (clip, NULL);

    for (int i = 0; counts != NULL && i < numaGetCount (counts); i++)
      {
        l_float32 v = 0;

        numaGetFValue (counts, i, &v);
        ink += v > 0;
      }
    numaDestroy (&counts);
  }
  pixDestroy (&clip);
  return ink * 4 >= to - from;
}

/* Whether a rule of `across` (the other direction) meets the point `along` (position along a
 * line) of the line at `pos`. */
static gboolean
meets_rule (GArray *across,
            int     pos,
            int     along,
            int     tolerance)
{
  for (guint i = 0; i < across->len; i++)
    {
      const Line *l = &g_array_index (across, Line, i);

      if (abs (l->pos - along) <= tolerance && pos >= l->start - tolerance
          && pos <= l->end + tolerance)
        return TRUE;
    }
  return FALSE;
}

/* Pieces of one broken rule share a position, or nearly: a rule on a page that does not lie
 * flat drifts by a pixel or two in a hundred, and faint printing or writing across a rule breaks
 * it. Joins them over gaps up to `max_gap`, but not two rules that each end on a rule of the
 * other direction (`across`) with blank paper between: those are the edges of two tables, one
 * beside or below the other. Never across `fold` (-1: none). `span` is the image's extent along
 * the lines. */
static GArray *
join_pieces (GArray   *lines,
             GArray   *across,
             PIX      *binary,
             gboolean  horizontal,
             int       min_length,
             int       max_gap,
             int       span,
             int       fold)
{
  GArray *merged = g_array_new (FALSE, FALSE, sizeof (Line));

  g_array_sort (lines, compare_line_pos);
  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      gboolean joined = FALSE;

      for (guint k = merged->len; k-- > 0 && !joined;)
        {
          Line *last = &g_array_index (merged, Line, k);
          int gap = MAX (line->start, last->start) - MIN (line->end, last->end);
          int distance = abs ((line->start + line->end) / 2 - (last->start + last->end) / 2);
          int tolerance = MAX (6, 2 * line->thick) + distance / 50;

          if (line->pos - last->pos > MAX (6, 2 * line->thick) + MAX (span, 1) / 50)
            break;
          if (abs (line->pos - last->pos) > tolerance || gap > max_gap)
            continue;
          if (gap > min_length)
            {
              int pos = (line->pos + last->pos) / 2;
              int from = MIN (line->end, last->end), to = MAX (line->start, last->start);

              if (meets_rule (across, pos, from, MAX (6, 2 * line->thick))
                  && meets_rule (across, pos, to, MAX (6, 2 * line->thick))
                  && !gap_written (binary, horizontal, pos, from, to))
                continue;
            }
          if (fold >= 0 && MIN (line->start, last->start) < fold
              && MAX (line->end, last->end) > fold)
            continue;
          last->pos = (int) (((gint64) last->pos * last->length + (gint64) line->pos * line->length)
                             / (last->length + line->length));
          last->start = MIN (last->start, line->start);
          last->end = MAX (last->end, line->end);
          last->thick = MAX (last->thick, line->thick);
          last->length += line->length;
          joined = TRUE;
        }
      if (!joined)
        g_array_append_val (merged, *line);
    }
  return merged;
}

static int
median_thickness (GArray *lines)
{
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < lines->len; i++)
    g_array_append_val (values, g_array_index (lines, Line, i).thick);
  if (values->len == 0)
    return 0;
  g_array_sort (values, mrg_compare_int);
  return g_array_index (values, int, values->len / 2);
}

static gboolean
lines_cross (const Line *h,
             const Line *v,
             int         tolerance)
{
  return v->pos >= h->start - tolerance && v->pos <= h->end + tolerance
         && h->pos >= v->start - tolerance && h->pos <= v->end + tolerance;
}

/* Keeps the lines that hold the table together: a rule crosses rules of the other direction
 * making up a good part of their length. A stroke of writing touches a rule or two, the edge of
 * the book crosses only the edge of the page beside it; both go. */
static void
keep_supported (GArray *group_h,
                GArray *group_v,
                int     tolerance)
{
  for (int pass = 0; pass < 3; pass++)
    {
      double total_h = 0, total_v = 0;
      g_autofree double *support_h = g_new0 (double, MAX (1, group_h->len));
      g_autofree double *support_v = g_new0 (double, MAX (1, group_v->len));
      guint before = group_h->len + group_v->len;
      int longest_v = 0, thick_v = median_thickness (group_v);

      for (guint i = 0; i < group_h->len; i++)
        total_h += g_array_index (group_h, Line, i).length;
      for (guint j = 0; j < group_v->len; j++)
        {
          total_v += g_array_index (group_v, Line, j).length;
          longest_v = MAX (longest_v, g_array_index (group_v, Line, j).length);
        }
      for (guint i = 0; i < group_h->len; i++)
        for (guint j = 0; j < group_v->len; j++)
          {
            Line *h = &g_array_index (group_h, Line, i), *v = &g_array_index (group_v, Line, j);

            if (lines_cross (h, v, tolerance))
              {
                support_h[i] += v->length;
                support_v[j] += h->length;
              }
          }
      for (guint i = group_h->len; i-- > 0;)
        if (support_h[i] < 0.3 * total_v)
          g_array_remove_index (group_h, i);
      for (guint j = group_v->len; j-- > 0;)
        {
          const Line *v = &g_array_index (group_v, Line, j);

          /* a table ruled only by its columns has little across it: a long thin rule stays */
          if (support_v[j] < 0.2 * total_h
              && !(v->length * 5 >= longest_v * 3 && v->thick <= 2 * thick_v))
            g_array_remove_index (group_v, j);
        }
      if (group_h->len + group_v->len == before)
        break;
    }
}

/* Where a table ends in one direction: at its outermost rules `across` (the vertical ones for
 * left and right), unless the rules `along` it run on past them, as rows ruled across a last
 * column without a rule of its own do. One line running past is the edge of the page or the
 * book; it takes two. */
static void
table_edge (GArray *across,
            GArray *along,
            int     tolerance,
            int    *lo,
            int    *hi)
{
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) after = g_array_new (FALSE, FALSE, sizeof (int));
  int first = G_MAXINT, last = G_MININT, longest = 0;

  for (guint i = 0; i < across->len; i++)
    {
      const Line *l = &g_array_index (across, Line, i);

      first = MIN (first, l->pos);
      last = MAX (last, l->pos);
    }
  for (guint i = 0; i < along->len; i++)
    longest = MAX (longest, g_array_index (along, Line, i).length);
  for (guint i = 0; i < along->len; i++)
    {
      const Line *l = &g_array_index (along, Line, i);

      if (l->length * 2 < longest)
        continue;
      if (l->start < first - tolerance)
        g_array_append_val (before, l->start);
      if (l->end > last + tolerance)
        g_array_append_val (after, l->end);
    }
  g_array_sort (before, mrg_compare_int);
  g_array_sort (after, mrg_compare_int);
  *lo = before->len >= 2 ? g_array_index (before, int, before->len / 2) : first;
  *hi = after->len >= 2 ? g_array_index (after, int, after->len / 2) : last;
  if (across->len < 2)
    {
      *lo = MIN (*lo, before->len > 0 ? g_array_index (before, int, 0) : first);
      *hi = MAX (*hi, after->len > 0 ? g_array_index (after, int, after->len - 1) : last);
    }
}

/* Separators closer than `gap` are one: the two strokes of a double rule, or pieces of one
 * rule at a slant. */
static void
merge_close (GArray *seps,
             int     gap)
{
  guint out = 0;

  g_array_sort (seps, mrg_compare_int);
  for (guint i = 0; i < seps->len;)
    {
      guint j = i + 1;
      gint64 sum = g_array_index (seps, int, i);

      while (j < seps->len && g_array_index (seps, int, j) - g_array_index (seps, int, j - 1) < gap)
        sum += g_array_index (seps, int, j++);
      g_array_index (seps, int, out++) = (int) (sum / (j - i));
      i = j;
    }
  g_array_set_size (seps, out);
}

/* Registers often rule only the columns and the header: a band between two rules much taller
 * than the others (or the whole table, when it has no rule across) holds several entries, and
 * its rows are the text lines. */
static void
split_tall_bands (MrgGrid *grid,
                  PIX     *binary,
                  double   scale)
{
  g_autoptr(GArray) bounds = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) seps = g_array_new (FALSE, FALSE, sizeof (int));
  int median, from_text = 0;
  gboolean split = FALSE;

  g_array_append_val (bounds, grid->area.y1);
  g_array_append_vals (bounds, grid->row_seps->data, grid->row_seps->len);
  g_array_append_val (bounds, grid->area.y2);
  for (guint i = 1; i < bounds->len; i++)
    {
      int h = g_array_index (bounds, int, i) - g_array_index (bounds, int, i - 1);

      g_array_append_val (heights, h);
    }
  g_array_sort (heights, mrg_compare_int);
  median = g_array_index (heights, int, heights->len / 2);

  for (guint i = 1; i < bounds->len; i++)
    {
      int y1 = g_array_index (bounds, int, i - 1), y2 = g_array_index (bounds, int, i);
      MrgBox band = { grid->area.x1, y1, grid->area.x2, y2 };
      g_autoptr(GArray) text_rows = NULL;

      if (i > 1)
        g_array_append_val (seps, y1);
      if (bounds->len > 3 && (y2 - y1) * 2 < median * 5)
        continue;
      text_rows = mrg_grid_rows_from_ink (binary, scale, &band, grid->col_seps);
      if (text_rows != NULL && text_rows->len > 0)
        {
          g_array_append_vals (seps, text_rows->data, text_rows->len);
          split = TRUE;
          from_text += y2 - y1;
        }
    }
  if (split)
    {
      g_array_set_size (grid->row_seps, 0);
      g_array_append_vals (grid->row_seps, seps->data, seps->len);
    }
  /* most of the table's rows come from its writing */
  if (from_text * 2 > grid->area.y2 - grid->area.y1)
    grid->ruled_rows = FALSE;
}

/* The two pages of a register spread are often one table: an entry runs on from the left page to
 * the right one. When neither page rules its rows, the page written in more columns tells the
 * entries apart better (lines written across more columns start entries); a facing page of
 * two thirds as many columns or fewer takes its rows. */
static void
share_text_rows (GPtrArray *grids,
                 int        tolerance)
{
  for (guint i = 0; i + 1 < grids->len; i++)
    {
      MrgGrid *left = g_ptr_array_index (grids, i), *right = g_ptr_array_index (grids, i + 1);
      guint left_cols = mrg_grid_get_n_cols (left), right_cols = mrg_grid_get_n_cols (right);
      MrgGrid *giver, *taker;
      int top, bottom;

      if (left->ruled_rows || right->ruled_rows || left->area.x2 > right->area.x1 + tolerance
          || (left_cols * 3 > right_cols * 2 && right_cols * 3 > left_cols * 2))
        continue;
      top = MAX (left->area.y1, right->area.y1);
      bottom = MIN (left->area.y2, right->area.y2);
      if ((bottom - top) * 10 < (left->area.y2 - left->area.y1) * 7
          || (bottom - top) * 10 < (right->area.y2 - right->area.y1) * 7)
        continue;
      giver = left_cols > right_cols ? left : right;
      taker = left_cols > right_cols ? right : left;
      g_array_set_size (taker->row_seps, 0);
      for (guint r = 0; r < giver->row_seps->len; r++)
        {
          int sep = g_array_index (giver->row_seps, int, r);

          if (sep > taker->area.y1 + tolerance && sep < taker->area.y2 - tolerance)
            g_array_append_val (taker->row_seps, sep);
        }
    }
}

/* Registers number their entries in the margin, outside the ruled table: writing beside an
 * outer rule, down a good part of the table, is a column of its own. The strip looked at is a
 * typical column wide and stops at the fold of a spread (`fold`, analysis pixels, -1: none). */
static void
take_margin_writing (PIX    *binary,
                     double  scale,
                     MrgBox *area,
                     GArray *cols,
                     int     fold)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (int));
  int page_w = (int) (pixGetWidth (binary) / scale);
  int fold_x = fold >= 0 ? (int) (fold / scale) : -1;
  int typical, letter;

  for (guint i = 0; i <= cols->len; i++)
    {
      int x1 = i == 0 ? area->x1 : g_array_index (cols, int, i - 1);
      int x2 = i == cols->len ? area->x2 : g_array_index (cols, int, i);
      int width = x2 - x1;

      g_array_append_val (widths, width);
    }
  g_array_sort (widths, mrg_compare_int);
  typical = g_array_index (widths, int, widths->len / 2);
  {
    g_autoptr(GArray) inside = mrg_grid_find_word_boxes (binary, scale, area);
    g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (int));

    for (guint i = 0; i < inside->len; i++)
      {
        const MrgBox *b = &g_array_index (inside, MrgBox, i);
        int h = b->y2 - b->y1;

        g_array_append_val (heights, h);
      }
    if (heights->len < 3)
      return;
    g_array_sort (heights, mrg_compare_int);
    letter = g_array_index (heights, int, heights->len * 3 / 4);
  }

  for (int side = 0; side < 2; side++)
    {
      MrgBox strip = *area;
      g_autoptr(GArray) words = NULL;
      int lo = G_MAXINT, hi = G_MININT, reach = side == 0 ? G_MAXINT : G_MININT, distance;
      guint n = 0;

      if (side == 0)
        {
          strip.x2 = area->x1;
          strip.x1 = MAX (MAX (0, fold_x >= 0 && fold_x < area->x1 ? fold_x : 0), area->x1 - typical);
        }
      else
        {
          strip.x1 = area->x2;
          strip.x2 = MIN (MIN (page_w, fold_x > area->x2 ? fold_x : page_w), area->x2 + typical);
        }
      if (strip.x2 - strip.x1 < typical / 4)
        continue;
      words = mrg_grid_find_word_boxes (binary, scale, &strip);
      for (guint i = 0; i < words->len; i++)
        {
          const MrgBox *b = &g_array_index (words, MrgBox, i);
          int edge = (int) (4 / scale);

          /* the edge of the book or a shadow runs into the strip's far side */
          if ((side == 0 && b->x1 <= strip.x1 + edge) || (side == 1 && b->x2 >= strip.x2 - edge))
            continue;
          /* writing is about as tall as the table's writing and as wide as a letter at least;
           * shadows, the edges of the leaves and specks are not */
          if ((b->y2 - b->y1) * 3 < letter || (b->y2 - b->y1) * 2 > letter * 5
              || (b->x2 - b->x1) * 6 < letter || b->y2 - b->y1 > 4 * (b->x2 - b->x1)
              || b->x2 - b->x1 > 4 * letter)
            continue;
          /* numbers keep close to the rule they belong to; dirt lies anywhere */
          distance = side == 0 ? strip.x2 - b->x2 : b->x1 - strip.x1;
          if (distance * 4 > typical)
            continue;
          n++;
          lo = MIN (lo, (b->y1 + b->y2) / 2);
          hi = MAX (hi, (b->y1 + b->y2) / 2);
          reach = side == 0 ? MIN (reach, b->x1) : MAX (reach, b->x2);
        }
      if (n < 3 || (hi - lo) * 3 < area->y2 - area->y1)
        continue;
      if (side == 0)
        {
          g_array_prepend_val (cols, area->x1);
          area->x1 = MAX (strip.x1, reach - (int) (8 / scale));
        }
      else
        {
          g_array_append_val (cols, area->x2);
          area->x2 = MIN (strip.x2, reach + (int) (8 / scale));
        }
    }
}

/* The grid of one group of crossing lines (the union-find root `root`). */
static MrgGrid *
build_grid (PIX     *binary,
            double   scale,
            GArray  *hlines,
            GArray  *vlines,
            guint   *parent,
            guint    root,
            int      tolerance,
            int      fold)
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
      if (mrg_sets_find (parent, i) != root)
        continue;
      if (i < n_h)
        g_array_append_val (group_h, g_array_index (hlines, Line, i));
      else
        g_array_append_val (group_v, g_array_index (vlines, Line, i - n_h));
    }
  keep_supported (group_h, group_v, tolerance);
  if (group_v->len < 2 || group_h->len == 0)
    return NULL;
  table_edge (group_v, group_h, tolerance, &ax1, &ax2);
  table_edge (group_h, group_v, tolerance, &ay1, &ay2);

  /* Separators: lines of the table whose ink crosses most of it (strokes of writing at one height
   * joined into a "line" have gaps, a rule broken by the writing over it has few). Shorter ones
   * split only a header or a few cells; a person can add those by hand. */
  for (guint i = 0; i < group_h->len; i++)
    {
      Line *l = &g_array_index (group_h, Line, i);
      int sep = (int) lround (l->pos / scale);

      if (l->length >= (ax2 - ax1) / 2 && l->pos > ay1 + tolerance
          && l->pos < ay2 - tolerance)
        g_array_append_val (rows, sep);
    }
  for (guint i = 0; i < group_v->len; i++)
    {
      Line *l = &g_array_index (group_v, Line, i);
      int sep = (int) lround (l->pos / scale);

      if (l->length >= (ay2 - ay1) / 2 && l->pos > ax1 + tolerance
          && l->pos < ax2 - tolerance)
        g_array_append_val (cols, sep);
    }
  merge_close (cols, (int) lround (tolerance / scale));
  merge_close (rows, (int) lround (tolerance / scale));
  if (cols->len == 0)
    return NULL;
  g_array_sort (cols, mrg_compare_int);
  g_array_sort (rows, mrg_compare_int);

  area.x1 = (int) lround (ax1 / scale);
  area.y1 = (int) lround (ay1 / scale);
  area.x2 = (int) lround (ax2 / scale);
  area.y2 = (int) lround (ay2 / scale);
  take_margin_writing (binary, scale, &area, cols, fold);

  grid = mrg_grid_new (&area, (int *) cols->data, cols->len, (int *) rows->data, rows->len);
  grid->rule_thickness = (int) lround (MAX (median_thickness (group_h), median_thickness (group_v))
                                       / scale);
  grid->ruled_rows = rows->len >= 2;
  split_tall_bands (grid, binary, scale);
  return grid;
}

/* A table ruled by its columns alone, not even at its top and bottom (an index register): the
 * long vertical rules that overlap make the columns, the text beyond the outer rules the first
 * and last column, the lines of writing the rows. */
static MrgGrid *
grid_from_columns (PIX    *binary,
                   double  scale,
                   GArray *vlines)
{
  int h = pixGetHeight (binary), w = pixGetWidth (binary);
  g_autoptr(GArray) cols = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) words = NULL;
  int top = G_MAXINT, bottom = G_MININT, left = G_MAXINT, right = G_MININT;
  int widest = 0;
  MrgBox area, page = { 0, 0, (int) (w / scale), (int) (h / scale) };
  MrgGrid *grid;

  for (guint i = 0; i < vlines->len; i++)
    {
      Line *l = &g_array_index (vlines, Line, i);

      if (l->end - l->start < h * 3 / 10)
        continue;
      top = MIN (top, l->start);
      bottom = MAX (bottom, l->end);
      left = MIN (left, l->pos);
      right = MAX (right, l->pos);
      {
        int sep = (int) lround (l->pos / scale);

        g_array_append_val (cols, sep);
      }
    }
  if (cols->len < 2)
    return NULL;
  g_array_sort (cols, mrg_compare_int);
  for (guint i = 1; i < cols->len; i++)
    widest = MAX (widest, g_array_index (cols, int, i) - g_array_index (cols, int, i - 1));

  /* the outer columns reach as far as the writing does, at most one column's width */
  area = (MrgBox) { (int) (top / scale), (int) (top / scale), (int) (bottom / scale),
                    (int) (bottom / scale) };
  area.x1 = MAX (0, (int) (left / scale) - widest);
  area.x2 = MIN (page.x2, (int) (right / scale) + widest);
  words = mrg_grid_find_word_boxes (binary, scale, &area);
  {
    int x1 = (int) (left / scale), x2 = (int) (right / scale);

    for (guint i = 0; i < words->len; i++)
      {
        MrgBox *b = &g_array_index (words, MrgBox, i);

        x1 = MIN (x1, b->x1);
        x2 = MAX (x2, b->x2);
      }
    area.x1 = MAX (area.x1, x1 - 4);
    area.x2 = MIN (area.x2, x2 + 4);
  }
  /* an outer rule is the table's edge, not a separator */
  if (g_array_index (cols, int, 0) - area.x1 < widest / 8)
    g_array_remove_index (cols, 0);
  if (cols->len > 0 && area.x2 - g_array_index (cols, int, cols->len - 1) < widest / 8)
    g_array_remove_index (cols, cols->len - 1);
  if (cols->len == 0)
    return NULL;

  grid = mrg_grid_new (&area, (int *) cols->data, cols->len, NULL, 0);
  grid->rule_thickness = (int) lround (median_thickness (vlines) / scale);
  split_tall_bands (grid, binary, scale);
  return grid;
}

/* The fold of a register spread: near the middle of a landscape image, the column that the
 * fewest horizontal rules cross, when far fewer cross it than cross the pages. -1 otherwise. */
static int
find_fold (GArray *hlines,
           int     w,
           int     h)
{
  g_autofree int *cover = NULL;
  g_autoptr(GArray) sample = g_array_new (FALSE, FALSE, sizeof (int));
  int fold = -1, least = G_MAXINT, typical;
  const int half_window = 4;

  if (w * 10 < h * 11)
    return -1;
  cover = g_new0 (int, w + 1);
  for (guint i = 0; i < hlines->len; i++)
    {
      const Line *l = &g_array_index (hlines, Line, i);

      for (int x = MAX (0, l->start); x < MIN (w, l->end); x++)
        cover[x]++;
    }
  for (int x = w / 4; x < w * 3 / 4; x++)
    g_array_append_val (sample, cover[x]);
  g_array_sort (sample, mrg_compare_int);
  typical = g_array_index (sample, int, sample->len / 2);
  /* from the middle outwards: of equally bare columns the fold is the one nearest the middle */
  for (int step = 0; step < w / 5; step++)
    {
      int x = w / 2 + (step % 2 == 0 ? step / 2 : -(step / 2) - 1);
      int sum = 0;

      for (int k = x - half_window; k <= x + half_window; k++)
        sum += cover[k];
      if (sum < least)
        {
          least = sum;
          fold = x;
        }
    }
  if (typical < 3 || least * 3 > typical * (2 * half_window + 1))
    return -1;
  return fold;
}

/* Cuts the horizontal lines crossing the fold: the two pages are two tables. */
static void
cut_at_fold (GArray *hlines,
             int     fold,
             int     min_length)
{
  guint n = hlines->len;

  for (guint i = n; i-- > 0;)
    {
      Line *l = &g_array_index (hlines, Line, i);

      if (l->start < fold && l->end > fold)
        {
          Line right = *l;

          right.start = fold + 1;
          right.length = right.end - right.start;
          l->end = fold - 1;
          l->length = l->end - l->start;
          if (right.length >= min_length)
            g_array_append_val (hlines, right);
          if (l->length < min_length)
            g_array_remove_index (hlines, i);
        }
    }
}

static double
box_area (const MrgBox *b)
{
  return (double) MAX (0, b->x2 - b->x1) * MAX (0, b->y2 - b->y1);
}

static double
box_overlap (const MrgBox *a,
             const MrgBox *b)
{
  MrgBox both = { MAX (a->x1, b->x1), MAX (a->y1, b->y1), MIN (a->x2, b->x2), MIN (a->y2, b->y2) };

  return both.x2 > both.x1 && both.y2 > both.y1 ? box_area (&both) : 0;
}

/* Of two overlapping groups the one with more columns is the table; the other is the frame of
 * the page around it, or a piece of it. Then the bigger. */
static int
compare_grid_strength (gconstpointer a,
                       gconstpointer b)
{
  const MrgGrid *x = *(MrgGrid * const *) a, *y = *(MrgGrid * const *) b;
  guint cx = mrg_grid_get_n_cols (x), cy = mrg_grid_get_n_cols (y);
  double ax = box_area (&x->area), ay = box_area (&y->area);

  if (cx != cy)
    return (cx < cy) - (cx > cy);
  return (ax < ay) - (ax > ay);
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

  /* short enough for a faint rule broken at every column of a register */
  int fold;

  {
    g_autoptr(GArray) hpieces = find_pieces (binary, TRUE, MAX (30, w / 60), MAX (12, h / 100));
    g_autoptr(GArray) vpieces = find_pieces (binary, FALSE, MAX (30, h / 50), MAX (12, w / 100));
    int min_h = MAX (30, w / 60), min_v = MAX (30, h / 50);

    /* the fold shows between rules joined over small breaks only */
    {
      g_autoptr(GArray) copy = g_array_copy (hpieces);
      g_autoptr(GArray) joined = join_pieces (copy, vpieces, binary, TRUE, min_h, min_h, w, -1);

      fold = find_fold (joined, w, h);
    }
    if (fold >= 0)
      cut_at_fold (hpieces, fold, min_h);
    hlines = join_pieces (hpieces, vpieces, binary, TRUE, min_h, 4 * min_h, w, fold);
    vlines = join_pieces (vpieces, hpieces, binary, FALSE, min_v, 4 * min_v, h, -1);
  }
  n_h = hlines->len;
  n = n_h + vlines->len;
  if (vlines->len < 2)
    return grids;
  if (hlines->len == 0)
    {
      MrgGrid *grid = grid_from_columns (binary, scale, vlines);

      if (grid != NULL)
        g_ptr_array_add (grids, grid);
      return grids;
    }

  /* Lines that cross or touch belong to one table. A title's underline or a page border far
   * from the grid makes a group of its own, too small to count. */
  parent = mrg_sets_new (n);
  for (guint i = 0; i < n_h; i++)
    {
      Line *hl = &g_array_index (hlines, Line, i);

      for (guint j = 0; j < vlines->len; j++)
        {
          Line *vl = &g_array_index (vlines, Line, j);

          /* nothing ties the pages of a spread together, not even a rule in the fold */
          if (fold >= 0 && (vl->pos < fold) != (hl->start < fold))
            continue;
          if (lines_cross (hl, vl, tolerance))
            mrg_sets_join (parent, i, n_h + j);
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
        guint r = mrg_sets_find (parent, i);
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
      if (mrg_sets_find (parent, i) == i && nh[i] >= 1 && nv[i] >= 2)
        {
          areas[i] = (double) (bx2[i] - bx1[i]) * (by2[i] - by1[i]);
          largest = MAX (largest, areas[i]);
        }
  }

  /* The facing page of a register spread is a second table of about the same size; tables do
   * not overlap, and a group inside a bigger table is a piece of it. */
  {
    g_autoptr(GPtrArray) built = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_grid_free);
    double biggest = 0;

    for (guint i = 0; i < n; i++)
      if (areas[i] > 0 && areas[i] >= largest / 10)
        {
          MrgGrid *grid = build_grid (binary, scale, hlines, vlines, parent, i, tolerance, fold);

          if (grid != NULL)
            {
              g_ptr_array_add (built, grid);
              biggest = MAX (biggest, box_area (&grid->area));
            }
        }
    g_ptr_array_sort (built, compare_grid_strength);
    for (guint i = 0; i < built->len; i++)
      {
        MrgGrid *grid = g_ptr_array_index (built, i);
        gboolean overlaps = FALSE;

        for (guint k = 0; k < grids->len && !overlaps; k++)
          overlaps = box_overlap (&grid->area, &((MrgGrid *) g_ptr_array_index (grids, k))->area)
                     > box_area (&grid->area) / 5;
        if (!overlaps && box_area (&grid->area) >= biggest / 10)
          g_ptr_array_add (grids, g_steal_pointer (&g_ptr_array_index (built, i)));
      }
  }

  /* Long column rules that no crossing rule tied into a table: an index register ruled by its
   * columns alone. It wins over smaller ruled groups it covers. */
  {
    MrgGrid *columns = grid_from_columns (binary, scale, vlines);

    if (columns != NULL)
      {
        double area = (double) (columns->area.x2 - columns->area.x1)
                      * (columns->area.y2 - columns->area.y1);
        double covered = 0;

        for (guint i = 0; i < grids->len; i++)
          {
            MrgGrid *g = g_ptr_array_index (grids, i);

            covered += (double) (g->area.x2 - g->area.x1) * (g->area.y2 - g->area.y1);
          }
        if (area > 2 * covered)
          {
            for (guint i = grids->len; i-- > 0;)
              {
                MrgGrid *g = g_ptr_array_index (grids, i);

                if (g->area.x1 < columns->area.x2 && columns->area.x1 < g->area.x2
                    && g->area.y1 < columns->area.y2 && columns->area.y1 < g->area.y2)
                  g_ptr_array_remove_index (grids, i);
              }
            g_ptr_array_add (grids, columns);
          }
        else
          mrg_grid_free (columns);
      }
  }
  g_ptr_array_sort (grids, compare_grid_position);
  share_text_rows (grids, (int) lround (tolerance / scale));
  return grids;
}

static double
grids_cover (GPtrArray *grids)
{
  double area = 0;

  for (guint i = 0; i < grids->len; i++)
    area += box_area (&((MrgGrid *) g_ptr_array_index (grids, i))->area);
  return area;
}

GPtrArray *
mrg_grid_detect_page (MrgPreparedPage *prepared)
{
  GPtrArray *grids;

  g_return_val_if_fail (prepared != NULL, NULL);

  grids = mrg_grid_detect_tables (prepared->analysis, prepared->scale);
  /* no table worth the name with the quick global threshold: look again with a local one */
  if (grids_cover (grids) * 5 < (double) prepared->width * prepared->height
      && mrg_prepare_local_analysis (prepared))
    {
      GPtrArray *again = mrg_grid_detect_tables (prepared->analysis, prepared->scale);

      if (grids_cover (again) > grids_cover (grids))
        {
          g_ptr_array_unref (grids);
          return again;
        }
      g_ptr_array_unref (again);
    }
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

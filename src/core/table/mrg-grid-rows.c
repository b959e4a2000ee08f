/* mrg-grid-rows.c: the rows of a table found in its writing: lines of ink between column rules,
 * word boxes, entries of several lines
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-grid"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mrg-grid.h"
#include "mrg-grid-private.h"

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The weight from which a line across the table starts an entry (see entry_starts): Otsu's
 * split of the weights when it leaves a clear gap between a heavy and a light kind, else half
 * the heaviest. */
static int
heavy_threshold (GArray *weights,
                 guint   n_cols)
{
  int max_weight = 0, threshold;
  double best = -1, mean_low = 0, mean_high = 0;

  for (guint i = 0; i < weights->len; i++)
    max_weight = MAX (max_weight, g_array_index (weights, int, i));
  threshold = MAX (1, (max_weight + 1) / 2);
  if (n_cols < 2)
    return 1;
  for (int t = 2; t <= max_weight; t++)
    {
      double n_lo = 0, n_hi = 0, s_lo = 0, s_hi = 0, between;

      for (guint i = 0; i < weights->len; i++)
        {
          int w = g_array_index (weights, int, i);

          if (w < t)
            n_lo++, s_lo += w;
          else
            n_hi++, s_hi += w;
        }
      if (n_lo == 0 || n_hi == 0)
        continue;
      between = n_lo * n_hi * (s_lo / n_lo - s_hi / n_hi) * (s_lo / n_lo - s_hi / n_hi);
      if (between > best)
        {
          best = between;
          mean_low = s_lo / n_lo;
          mean_high = s_hi / n_hi;
          threshold = t;
        }
    }
  /* light lines are written in a few columns only: on all but two or three, they are more
   * likely entries with a blank cell or two */
  if (best < 0 || mean_high - mean_low < 1.5 || mean_low > 0.6 * mean_high)
    threshold = MAX (1, (max_weight + 1) / 2);
  return threshold;
}

/* The pitch of the text lines in a profile of ink per pixel row, from its autocorrelation. 0 when
 * the profile does not repeat. */
static int
line_pitch (const double *profile,
            int           n)
{
  double mean = 0, zero = 0, best = 0;
  int pitch = 0;
  int max_lag = MIN (n / 2, 400);
  g_autofree double *corr = NULL;

  if (n < 40)
    return 0;
  for (int y = 0; y < n; y++)
    mean += profile[y];
  mean /= n;
  corr = g_new0 (double, max_lag + 2);
  for (int lag = 0; lag <= max_lag + 1 && lag < n; lag++)
    {
      for (int y = 0; y + lag < n; y++)
        corr[lag] += (profile[y] - mean) * (profile[y + lag] - mean);
      corr[lag] /= n - lag;
    }
  zero = corr[0];
  if (zero <= 0)
    return 0;
  /* the strongest repeat longer than the parts of one line of letters... */
  for (int lag = 20; lag <= max_lag; lag++)
    if (corr[lag] > corr[lag - 1] && corr[lag] >= corr[lag + 1] && corr[lag] > best)
      {
        best = corr[lag];
        pitch = lag;
      }
  if (pitch == 0 || best < 0.1 * zero)
    return 0;
  /* ...and of that a half or a third when it repeats nearly as strongly (lines, not pairs) */
  for (int k = 3; k >= 2; k--)
    {
      int part = pitch / k;
      double around = 0;

      if (part < 20)
        continue;
      for (int d = -2; d <= 2; d++)
        around = MAX (around, corr[CLAMP (part + d, 0, max_lag)]);
      if (around >= 0.6 * best)
        {
          pitch = part;
          break;
        }
    }
  return pitch;
}

/* Rows of a band of a table ruled by its columns, found in the ink itself, for handwriting
 * whose flourishes tie the words of one line to the next: the ink of each column per pixel row,
 * weighed so that every column counts alike, makes a profile whose peaks are the text lines;
 * a line ends at the lowest point between two peaks. Lines written across (nearly) all columns
 * start entries, as in entry_starts. `band` is in page pixels, the image at `scale`. */
GArray *
mrg_grid_rows_from_ink (PIX          *binary,
                        double        scale,
                        const MrgBox *band,
                        GArray       *col_seps)
{
  guint n_cols = col_seps->len + 1;
  int x1 = (int) (band->x1 * scale), y1 = (int) (band->y1 * scale);
  int w = (int) ((band->x2 - band->x1) * scale), h = (int) ((band->y2 - band->y1) * scale);
  int inset = MAX (3, (int) lround (8 * scale));
  g_autofree double *total = NULL;
  g_autofree double *smooth = NULL;
  g_autofree double *expected = NULL;
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) peaks = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *seps;
  int pitch, half, threshold;
  double top = 0;

  if (w < 4 * inset || h < 4 * inset)
    return NULL;
  total = g_new0 (double, h);
  for (guint c = 0; c < n_cols; c++)
    {
      int cx1 = c == 0 ? x1 : (int) (g_array_index (col_seps, int, c - 1) * scale);
      int cx2 = c == n_cols - 1 ? x1 + w : (int) (g_array_index (col_seps, int, c) * scale);
      double *profile = g_new0 (double, h), heavy;
      BOX *clip;
      PIX *column;
      NUMA *counts;

      g_ptr_array_add (profiles, profile);
      if (cx2 - cx1 <= 2 * inset)
        continue;
      clip = boxCreate (cx1 + inset, y1, cx2 - cx1 - 2 * inset, h);
      column = pixClipRectangle (binary, clip, NULL);
      boxDestroy (&clip);
      if (column == NULL)
        continue;
      counts = pixCountPixelsByRow (column, NULL);
      pixDestroy (&column);
      if (counts == NULL)
        continue;
      for (int y = 0; y < h && y < numaGetCount (counts); y++)
        {
          l_float32 v = 0;

          numaGetFValue (counts, y, &v);
          /* the rules across at the band's edges are no writing */
          profile[y] = y < inset || y >= h - inset ? 0 : v;
        }
      numaDestroy (&counts);
      /* each column counts alike: scaled to its heavy rows, so that a sparse column with a
       * flourish or two does not outweigh the writing of a busy one */
      {
        g_autofree double *sorted = g_memdup2 (profile, h * sizeof (double));

        qsort (sorted, h, sizeof (double), compare_double);
        heavy = sorted[h * 19 / 20];
      }
      if (heavy > 0)
        for (int y = 0; y < h; y++)
          total[y] += MIN (1.0, profile[y] / heavy);
    }

  pitch = line_pitch (total, h);
  if (pitch == 0)
    return NULL;
  half = MAX (2, pitch * 2 / 5);
  smooth = g_new0 (double, h);
  for (int y = 0; y < h; y++)
    {
      int k = MAX (1, pitch / 6);
      double sum = 0;

      for (int d = -k; d <= k; d++)
        sum += total[CLAMP (y + d, 0, h - 1)];
      smooth[y] = sum / (2 * k + 1);
      top = MAX (top, smooth[y]);
    }

  /* peaks: the highest point within half a pitch either side, and not a mere trace */
  for (int y = 0; y < h; y++)
    {
      gboolean highest = smooth[y] > 0.15 * top;

      for (int d = -half; d <= half && highest; d++)
        if (y + d >= 0 && y + d < h && d != 0
            && (smooth[y + d] > smooth[y] || (d < 0 && smooth[y + d] == smooth[y])))
          highest = FALSE;
      if (highest)
        g_array_append_val (peaks, y);
    }
  if (peaks->len < 2)
    return NULL;
  for (guint i = 1; i < peaks->len; i++)
    {
      int a = g_array_index (peaks, int, i - 1), b = g_array_index (peaks, int, i);
      int lowest = a, run = 0, best_run = 0, best_mid = (a + b) / 2;

      for (int y = a; y <= b; y++)
        if (smooth[y] < smooth[lowest])
          lowest = y;
      /* in a flat valley, its middle */
      for (int y = a; y <= b + 1; y++)
        {
          if (y <= b && smooth[y] <= smooth[lowest] * 1.05)
            run++;
          else
            {
              if (run > best_run)
                {
                  best_run = run;
                  best_mid = y - run / 2 - 1;
                }
              run = 0;
            }
        }
      g_array_append_val (cuts, best_mid);
    }

  /* how many columns are written on each line: a column is, on a line holding a quarter of
   * its ink a line */
  expected = g_new0 (double, n_cols);
  for (guint c = 0; c < n_cols; c++)
    {
      const double *profile = g_ptr_array_index (profiles, c);

      for (int y = 0; y < h; y++)
        expected[c] += profile[y];
      expected[c] /= peaks->len;
    }
  for (guint i = 0; i < peaks->len; i++)
    {
      int lo = i == 0 ? 0 : g_array_index (cuts, int, i - 1);
      int hi = i == cuts->len ? h : g_array_index (cuts, int, i);
      int weight = 0;

      for (guint c = 0; c < n_cols; c++)
        {
          const double *profile = g_ptr_array_index (profiles, c);
          double ink = 0;

          for (int y = lo; y < hi; y++)
            ink += profile[y];
          if (expected[c] > 0 && ink > 0.25 * expected[c])
            weight++;
        }
      g_array_append_val (weights, weight);
    }
  threshold = heavy_threshold (weights, n_cols);

  seps = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 1; i < peaks->len; i++)
    if (g_array_index (weights, int, i) >= threshold)
      {
        int sep = (int) lround ((g_array_index (cuts, int, i - 1) + y1) / scale);

        g_array_append_val (seps, sep);
      }
  return seps;
}

/* The long straight runs of ink of a 1 bpp region, across (horizontal) or down: its rules, which
 * no letter or word is long enough to hold. */
static PIX *
open_rules (PIX      *region,
            gboolean  across)
{
  if (across)
    return pixOpenBrick (NULL, region, MAX (30, pixGetWidth (region) / 25), 1);
  return pixOpenBrick (NULL, region, 1, MAX (30, pixGetHeight (region) / 25));
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
    PIX *h = open_rules (region, TRUE);
    PIX *v = open_rules (region, FALSE);

    cleaned = pixSubtract (NULL, region, h);
    pixSubtract (cleaned, cleaned, v);
    pixDestroy (&h);
    pixDestroy (&v);
  }
  /* Letters of a word are a few pixels apart, words about a letter's width: join at a third of
   * a 300-dpi letter. */
  join = MAX (3, (int) lround (12 * scale));
  joined = pixCloseBrick (NULL, cleaned, join, MAX (1, join * 2 / 3));
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

int
mrg_grid_measure_rules (PIX          *binary,
                        double        scale,
                        const MrgBox *area)
{
  g_autoptr(GArray) thickness = g_array_new (FALSE, FALSE, sizeof (int));
  BOX clip = { (int) (area->x1 * scale), (int) (area->y1 * scale),
               (int) ((area->x2 - area->x1) * scale), (int) ((area->y2 - area->y1) * scale) };
  PIX *region;

  g_return_val_if_fail (binary != NULL && scale > 0, 0);

  region = pixClipRectangle (binary, &clip, NULL);
  if (region == NULL)
    return 0;
  /* as mrg_grid_find_word_boxes takes them out of the words */
  for (int across = 0; across < 2; across++)
    {
      PIX *lines = open_rules (region, across == 0);
      BOXA *boxa = lines != NULL ? pixConnCompBB (lines, 8) : NULL;

      for (int i = 0; boxa != NULL && i < boxaGetCount (boxa); i++)
        {
          l_int32 bw, bh;
          int t;

          boxaGetBoxGeometry (boxa, i, NULL, NULL, &bw, &bh);
          t = across == 0 ? bh : bw;
          g_array_append_val (thickness, t);
        }
      boxaDestroy (&boxa);
      pixDestroy (&lines);
    }
  pixDestroy (&region);
  if (thickness->len == 0)
    return 0;
  g_array_sort (thickness, mrg_compare_int);
  return MAX (1, (int) lround (g_array_index (thickness, int, thickness->len / 2) / scale));
}

typedef struct
{
  int y1, y2;
  guint first_word;  /* index into the sorted words */
  guint n_words;
  int ink_width;     /* sum of the widths of its words */
} TextLine;

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
          last->ink_width += b->x2 - b->x1;
        }
      else
        {
          TextLine line = { b->y1, b->y2, i, 1, b->x2 - b->x1 };

          g_array_append_val (lines, line);
        }
    }
  return lines;
}

static int
compare_line_top (gconstpointer a,
                  gconstpointer b)
{
  const TextLine *x = a, *y = b;

  return (x->y1 > y->y1) - (x->y1 < y->y1);
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

/* Leaves out "lines" of a column that are mere specks beside its real lines: a dot, a flourish,
 * a bit of a rule. */
static void
drop_slight_lines (GArray *lines)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (int));
  int typical;

  if (lines->len < 3)
    return;
  for (guint l = 0; l < lines->len; l++)
    g_array_append_val (widths, g_array_index (lines, TextLine, l).ink_width);
  g_array_sort (widths, mrg_compare_int);
  typical = g_array_index (widths, int, widths->len * 3 / 4);
  for (guint l = lines->len; l-- > 0;)
    if (g_array_index (lines, TextLine, l).ink_width * 3 < typical)
      g_array_remove_index (lines, l);
}

/* The lines that start an entry of a register. An entry starts on a line written in (nearly)
 * every column at once; its second and further lines go on in some columns only (a name and a
 * first name, a place and a parish) while a number, a date or an age stays on one. So the line
 * tops of all columns are gathered into lines across the table, each weighed by the columns
 * written on it, and when the weights fall into a heavy and a light kind, only the heavy lines
 * start entries; when they do not, every line does (an index, one name a line). The lines come
 * back as TextLines spanning the tallest of their pieces. */
static GArray *
entry_starts (GPtrArray *col_lines,
              guint      n_cols)
{
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (TextLine));
  g_autoptr(GArray) across = g_array_new (FALSE, FALSE, sizeof (TextLine));
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree gboolean *seen = g_new0 (gboolean, n_cols);
  GArray *starts;
  int line_h, threshold;

  for (guint c = 0; c < n_cols; c++)
    {
      GArray *lines = g_ptr_array_index (col_lines, c);

      for (guint l = 0; l < lines->len; l++)
        {
          TextLine piece = g_array_index (lines, TextLine, l);
          int h = piece.y2 - piece.y1;

          piece.first_word = c;  /* here: the column */
          g_array_append_val (pieces, piece);
          g_array_append_val (heights, h);
        }
    }
  if (pieces->len == 0)
    return NULL;
  g_array_sort (pieces, compare_line_top);
  g_array_sort (heights, mrg_compare_int);
  line_h = MAX (1, g_array_index (heights, int, heights->len / 2));

  /* pieces whose tops lie within a good half line of the first one make one line across */
  for (guint i = 0; i < pieces->len;)
    {
      const TextLine *first = &g_array_index (pieces, TextLine, i);
      TextLine line = { first->y1, first->y2, 0, 0, 0 };
      guint j = i;

      memset (seen, 0, n_cols * sizeof (gboolean));
      for (; j < pieces->len && g_array_index (pieces, TextLine, j).y1 - first->y1 <= line_h * 3 / 5; j++)
        {
          const TextLine *piece = &g_array_index (pieces, TextLine, j);

          line.y2 = MAX (line.y2, piece->y2);
          if (!seen[piece->first_word])
            line.n_words++;
          seen[piece->first_word] = TRUE;
        }
      g_array_append_val (across, line);
      g_array_append_val (weights, line.n_words);
      i = j;
    }

  threshold = heavy_threshold (weights, n_cols);

  starts = g_array_new (FALSE, FALSE, sizeof (TextLine));
  for (guint i = 0; i < across->len; i++)
    if (g_array_index (weights, int, i) >= threshold)
      g_array_append_val (starts, g_array_index (across, TextLine, i));
  return starts;
}

/* Rows from the text lines: each line that starts an entry starts a row (see entry_starts);
 * lines are found per column, so that the slanting lines of a long entry do not chain rows
 * together. Each separator goes into the widest blank band just above the line that starts the
 * next row. */
static GArray *
rows_from_boxes (const MrgBox *words,
                 guint         n_words,
                 const MrgBox *area,
                 GArray       *col_seps)
{
  guint n_cols = col_seps->len + 1;
  g_autoptr(GPtrArray) per_col = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) col_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree int *cover = NULL;
  g_autoptr(GArray) starts = NULL;
  int median_h;
  GArray *seps;
  int height = area->y2 - area->y1;

  if (n_words == 0 || height <= 0)
    return NULL;
  for (guint c = 0; c < n_cols; c++)
    g_ptr_array_add (per_col, g_array_new (FALSE, FALSE, sizeof (MrgBox)));
  {
    g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (int));

    for (guint i = 0; i < n_words; i++)
      {
        int h = words[i].y2 - words[i].y1;

        g_array_append_val (heights, h);
      }
    g_array_sort (heights, mrg_compare_int);
    median_h = g_array_index (heights, int, heights->len / 2);
  }
  cover = g_new0 (int, height + 1);
  for (guint i = 0; i < n_words; i++)
    {
      const MrgBox *b = &words[i];
      int cy = (b->y1 + b->y2) / 2;
      int bw = b->x2 - b->x1, bh = b->y2 - b->y1;

      if (cy < area->y1 || cy >= area->y2)
        continue;
      /* specks, dots, what is left of a rule and flourishes through several lines are no text
       * line */
      if (bh * 5 < median_h * 2 || bh > 3 * median_h || (bh > 2 * median_h && bw * 2 < median_h))
        continue;
      g_array_append_val (g_ptr_array_index (per_col, column_of (col_seps, (b->x1 + b->x2) / 2)), *b);
      for (int y = MAX (b->y1, area->y1); y < MIN (b->y2, area->y2); y++)
        cover[y - area->y1]++;
    }
  for (guint c = 0; c < n_cols; c++)
    {
      GArray *boxes = g_ptr_array_index (per_col, c);

      GArray *lines;

      g_array_sort (boxes, mrg_box_compare_centre_y);
      lines = group_lines ((MrgBox *) boxes->data, boxes->len);
      drop_slight_lines (lines);
      g_ptr_array_add (col_lines, lines);
    }
  starts = entry_starts (col_lines, n_cols);
  if (starts == NULL || starts->len < 2)
    return NULL;

  seps = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint l = 1; l < starts->len; l++)
    {
      const TextLine *prev = &g_array_index (starts, TextLine, l - 1);
      const TextLine *next = &g_array_index (starts, TextLine, l);
      int line_h = next->y2 - next->y1;
      int lo = MAX (MAX (prev->y1 + (prev->y2 - prev->y1) / 2, next->y1 - line_h), area->y1);
      int hi = MIN (next->y1 + line_h / 4, area->y2);
      int best_start = -1, best_len = 0, run_start = -1, sep;

      /* the widest run of rows without ink just above the line that starts the entry; the
       * lowest one wins a tie */
      for (int y = lo; y <= hi; y++)
        {
          gboolean blank = y < hi && cover[y - area->y1] == 0;

          if (blank && run_start < 0)
            run_start = y;
          else if (!blank && run_start >= 0)
            {
              if (y - run_start >= best_len)
                {
                  best_len = y - run_start;
                  best_start = run_start;
                }
              run_start = -1;
            }
        }
      sep = best_start >= 0 ? best_start + best_len / 2
                            : next->y1 - (next->y2 - next->y1) / 3;
      if (sep > area->y1 && sep < area->y2
          && (seps->len == 0 || sep > g_array_index (seps, int, seps->len - 1)))
        g_array_append_val (seps, sep);
    }
  return seps;
}

/* Where to put the separator of the gap [from, to): the middle of its longest stretch that the
 * fewest lines cover, when that is a gap of its own (min_gap wide), else the gap's middle. A
 * header wider than the entries below it is then not cut, and a title across the gap is cut
 * where it crosses the gap, not in the space between two of its words. */
static int
least_covered_middle (const int *cover,
                      int        from,
                      int        to,
                      int        min_gap)
{
  int least = G_MAXINT, best_start = from, best_len = 0, start = -1;

  for (int x = from; x < to; x++)
    least = MIN (least, cover[x]);
  for (int x = from; x <= to; x++)
    {
      gboolean in = x < to && cover[x] == least;

      if (in && start < 0)
        start = x;
      else if (!in && start >= 0)
        {
          if (x - start > best_len)
            {
              best_len = x - start;
              best_start = start;
            }
          start = -1;
        }
    }
  if (best_len < min_gap)
    return (from + to) / 2;
  return best_start + best_len / 2;
}

/* Whether a word of the line lies across a column separator. */
static gboolean
line_crosses (const TextLine *line,
              const MrgBox   *sorted,
              GArray         *cols)
{
  for (guint i = line->first_word; i < line->first_word + line->n_words; i++)
    for (guint c = 0; c < cols->len; c++)
      {
        int sep = g_array_index (cols, int, c);

        if (sorted[i].x1 < sep && sorted[i].x2 > sep)
          return TRUE;
      }
  return FALSE;
}

static int
line_centre (GArray *lines,
             guint   l)
{
  const TextLine *line = &g_array_index (lines, TextLine, l);

  return (line->y1 + line->y2) / 2;
}

/* Whether line l, at one end, stands apart from its neighbour n (more than 1.15 times the
 * usual distance between lines) and lies across a column separator: a title or a note, not a
 * row of the table whose long entry runs into the next column. */
static gboolean
line_spans_apart (GArray       *lines,
                  guint         l,
                  guint         n,
                  int           pitch,
                  const MrgBox *sorted,
                  GArray       *cols)
{
  return ABS (line_centre (lines, n) - line_centre (lines, l)) * 100 > pitch * 115
         && line_crosses (&g_array_index (lines, TextLine, l), sorted, cols);
}

/* A title above the table ("Список 5-й группы казахов. 100 человек.") or a note below it is
 * written across its columns: such lines at either end are left out of the area, which then
 * holds the words of the lines between them. */
static void
trim_spanning_lines (GArray       *lines,
                     const MrgBox *sorted,
                     guint         n_words,
                     GArray       *cols,
                     MrgBox       *area)
{
  g_autoptr(GArray) pitches = g_array_new (FALSE, FALSE, sizeof (int));
  guint first = 0, last = lines->len;
  int pitch;

  if (lines->len < 4)
    return;
  for (guint l = 1; l < lines->len; l++)
    {
      int d = line_centre (lines, l) - line_centre (lines, l - 1);

      g_array_append_val (pitches, d);
    }
  g_array_sort (pitches, mrg_compare_int);
  pitch = g_array_index (pitches, int, pitches->len / 2);
  while (last - first > 2 && line_spans_apart (lines, first, first + 1, pitch, sorted, cols))
    first++;
  while (last - first > 2 && line_spans_apart (lines, last - 1, last - 2, pitch, sorted, cols))
    last--;
  if (first == 0 && last == lines->len)
    return;
  *area = (MrgBox) { G_MAXINT, G_MAXINT, G_MININT, G_MININT };
  for (guint l = first; l < last; l++)
    {
      const TextLine *line = &g_array_index (lines, TextLine, l);

      for (guint i = line->first_word; i < line->first_word + line->n_words && i < n_words; i++)
        {
          area->x1 = MIN (area->x1, sorted[i].x1);
          area->y1 = MIN (area->y1, sorted[i].y1);
          area->x2 = MAX (area->x2, sorted[i].x2);
          area->y2 = MAX (area->y2, sorted[i].y2);
        }
    }
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
  g_array_sort (heights, mrg_compare_int);
  /* a gap between columns is wider than the space between words, about a letter height */
  min_gap = MAX (4, g_array_index (heights, int, heights->len / 2));

  sorted = g_memdup2 (words, n_words * sizeof (MrgBox));
  qsort (sorted, n_words, sizeof (MrgBox), mrg_box_compare_centre_y);
  lines = group_lines (sorted, n_words);

  /* Columns: x positions covered by (almost) no line. A title or a note spanning the table
   * covers everything once, so a few lines may cross a gap: one in a list of 8 lines or more,
   * one in 20 in a long one. */
  width = area.x2 - area.x1;
  cover = g_new0 (int, width + 1);
  for (guint i = 0; i < n_words; i++)
    for (int x = words[i].x1; x < words[i].x2; x++)
      cover[x - area.x1]++;
  allowed = MAX (lines->len >= 8 ? 1 : 0, (int) lines->len / 20);
  for (int x = 0; x <= width; x++)
    {
      gboolean empty = x < width && cover[x] <= allowed;

      if (empty && run_start < 0)
        run_start = x;
      else if (!empty && run_start >= 0)
        {
          if (x - run_start >= min_gap && run_start > 0 && x < width)
            {
              int sep = area.x1 + least_covered_middle (cover, run_start, x, min_gap);

              g_array_append_val (cols, sep);
            }
          run_start = -1;
        }
    }
  if (cols->len == 0)
    return NULL;
  trim_spanning_lines (lines, sorted, n_words, cols, &area);
  /* a gap of the title's alone, beside the table, is no column of it */
  for (guint c = cols->len; c-- > 0;)
    if (g_array_index (cols, int, c) <= area.x1 || g_array_index (cols, int, c) >= area.x2)
      g_array_remove_index (cols, c);
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

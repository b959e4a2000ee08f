/* mrg-score-table.c: scoring a table as rows of cell texts against an expected CSV, cells
 * matched by row and column order, for the text-layer bench and tests
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-score"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mrg-score.h"
#include "mrg-score-table.h"
#include "mrg-store-pages.h"

GPtrArray *
mrg_score_table_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
mrg_score_table_add_row (GPtrArray *table)
{
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (table != NULL, NULL);

  g_ptr_array_add (table, row);
  return row;
}

GPtrArray *
mrg_score_table_read_csv (const char  *path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) table = mrg_score_table_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  GPtrArray *row = NULL;
  gboolean quoted = FALSE, field_started = FALSE;
  gsize length;
  const char *p, *end;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: the CSV is not UTF-8", path);
      return NULL;
    }
  p = contents;
  end = contents + length;
  if (length >= 3 && memcmp (p, "\xef\xbb\xbf", 3) == 0)
    p += 3;
  for (; p <= end; p++)
    {
      char c = p < end ? *p : '\n';

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else if (p == end)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: a quoted field is not closed", path);
              return NULL;
            }
          else
            g_string_append_c (field, c);
          continue;
        }
      if (c == '"' && field->len == 0)
        {
          quoted = TRUE;
          field_started = TRUE;
        }
      else if (c == ',' || c == '\n')
        {
          /* a line break at the very end, or a blank line, is no row */
          if (c == '\n' && row == NULL && !field_started && field->len == 0)
            continue;
          if (row == NULL)
            row = mrg_score_table_add_row (table);
          g_ptr_array_add (row, g_strndup (field->str, field->len));
          g_string_truncate (field, 0);
          field_started = c == ',';
          if (c == '\n')
            row = NULL;
        }
      else if (c != '\r')
        {
          g_string_append_c (field, c);
          field_started = TRUE;
        }
    }
  return g_steal_pointer (&table);
}

/* Index of `value` in the sorted, distinct `values`. */
static guint
index_of (GArray *values,
          int     value)
{
  guint lo = 0, hi = values->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (values, int, mid) < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
add_distinct (GArray *values,
              int     value)
{
  guint at = index_of (values, value);

  if (at == values->len || g_array_index (values, int, at) != value)
    g_array_insert_val (values, at, value);
}

static void
append_table (GPtrArray *table,
              GArray    *cells,
              guint      first,
              guint      last)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) cols = g_array_new (FALSE, FALSE, sizeof (int));
  guint base = table->len;

  for (guint i = first; i < last; i++)
    {
      MrgStorePageCell *cell = &g_array_index (cells, MrgStorePageCell, i);

      add_distinct (rows, cell->row);
      add_distinct (cols, cell->col);
    }
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = mrg_score_table_add_row (table);

      for (guint c = 0; c < cols->len; c++)
        g_ptr_array_add (row, g_strdup (""));
    }
  for (guint i = first; i < last; i++)
    {
      MrgStorePageCell *cell = &g_array_index (cells, MrgStorePageCell, i);
      GPtrArray *row = g_ptr_array_index (table, base + index_of (rows, cell->row));
      guint c = index_of (cols, cell->col);

      g_free (g_ptr_array_index (row, c));
      g_ptr_array_index (row, c) = g_steal_pointer (&cell->text);
    }
}

GPtrArray *
mrg_score_table_from_store (MrgStore      *store,
                            gint64         page_id,
                            const MrgBox  *area,
                            GError       **error)
{
  g_autoptr(GArray) cells = NULL;
  g_autoptr(GPtrArray) table = mrg_score_table_new ();
  guint first = 0;

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);

  cells = mrg_store_get_page_cells (store, page_id, error);
  if (cells == NULL)
    return NULL;
  for (guint i = cells->len; i-- > 0;)
    {
      MrgStorePageCell *cell = &g_array_index (cells, MrgStorePageCell, i);
      int cx = (cell->box.x1 + cell->box.x2) / 2;
      int cy = (cell->box.y1 + cell->box.y2) / 2;

      if (area != NULL && (cx < area->x1 || cx >= area->x2 || cy < area->y1 || cy >= area->y2))
        g_array_remove_index (cells, i);
      else if (cell->text == NULL)
        cell->text = g_strdup ("");
    }
  for (guint i = 1; i <= cells->len; i++)
    if (i == cells->len
        || g_array_index (cells, MrgStorePageCell, i).table
           != g_array_index (cells, MrgStorePageCell, first).table)
      {
        append_table (table, cells, first, i);
        first = i;
      }
  return g_steal_pointer (&table);
}

static const char *
cell_text (GPtrArray *table,
           guint      r,
           guint      c)
{
  GPtrArray *row = g_ptr_array_index (table, r);

  return c < row->len ? g_ptr_array_index (row, c) : "";
}

/* Whitespace-collapsed NFC texts of every cell, and their words. */
typedef struct
{
  guint n_rows;
  guint n_cols;
  char **text;     /* n_rows × n_cols */
  char ***words;   /* n_rows × n_cols, NULL-terminated */
} Normalised;

static void
normalised_init (Normalised *n,
                 GPtrArray  *table)
{
  n->n_rows = table->len;
  n->n_cols = 0;
  for (guint r = 0; r < table->len; r++)
    n->n_cols = MAX (n->n_cols, ((GPtrArray *) g_ptr_array_index (table, r))->len);
  n->text = g_new0 (char *, (gsize) n->n_rows * n->n_cols + 1);
  n->words = g_new0 (char **, (gsize) n->n_rows * n->n_cols + 1);
  for (guint r = 0; r < n->n_rows; r++)
    for (guint c = 0; c < n->n_cols; c++)
      {
        guint i = r * n->n_cols + c;

        n->text[i] = mrg_score_normalise (cell_text (table, r, c));
        n->words[i] = *n->text[i] != '\0' ? g_strsplit (n->text[i], " ", -1) : g_new0 (char *, 1);
      }
}

static void
normalised_clear (Normalised *n)
{
  for (guint i = 0; i < n->n_rows * n->n_cols; i++)
    {
      g_free (n->text[i]);
      g_strfreev (n->words[i]);
    }
  g_free (n->text);
  g_free (n->words);
}

/* How many words of `want` (each used once) are among `have`. */
static guint
shared_words (GPtrArray *want,
              GPtrArray *have)
{
  g_autofree gboolean *used = g_new0 (gboolean, have->len + 1);
  guint n = 0;

  for (guint i = 0; i < want->len; i++)
    for (guint j = 0; j < have->len; j++)
      if (!used[j] && strcmp (g_ptr_array_index (want, i), g_ptr_array_index (have, j)) == 0)
        {
          used[j] = TRUE;
          n++;
          break;
        }
  return n;
}

static GPtrArray *
words_of (const Normalised *n,
          guint             r,
          int               c)
{
  GPtrArray *words = g_ptr_array_new ();

  for (guint k = 0; k < n->n_cols; k++)
    if (c < 0 || (guint) c == k)
      for (char **w = n->words[r * n->n_cols + k]; *w != NULL; w++)
        g_ptr_array_add (words, *w);
  return words;
}

/* The order-keeping alignment of most total similarity (sim is m × n); map[i] is the j paired
 * with i, or -1. Pairs of no similarity are never made. */
static void
align (const guint *sim,
       guint        m,
       guint        n,
       int         *map)
{
  g_autofree guint *best = g_new0 (guint, (gsize) (m + 1) * (n + 1));

#define BEST(i, j) best[(gsize) (i) * (n + 1) + (j)]
  for (guint i = 1; i <= m; i++)
    for (guint j = 1; j <= n; j++)
      {
        guint s = sim[(gsize) (i - 1) * n + (j - 1)];
        guint v = MAX (BEST (i - 1, j), BEST (i, j - 1));

        if (s > 0)
          v = MAX (v, BEST (i - 1, j - 1) + s);
        BEST (i, j) = v;
      }
  for (guint i = 0; i < m; i++)
    map[i] = -1;
  for (guint i = m, j = n; i > 0 && j > 0;)
    {
      guint s = sim[(gsize) (i - 1) * n + (j - 1)];

      if (s > 0 && BEST (i, j) == BEST (i - 1, j - 1) + s)
        {
          map[i - 1] = (int) (j - 1);
          i--, j--;
        }
      else if (BEST (i, j) == BEST (i - 1, j))
        i--;
      else
        j--;
    }
#undef BEST
}

void
mrg_score_table_compare (GPtrArray     *expected,
                         GPtrArray     *found,
                         MrgTableScore *score,
                         GString       *mismatches)
{
  Normalised e, f;
  g_autofree guint *row_sim = NULL;
  g_autofree guint *col_sim = NULL;
  g_autofree int *row_map = NULL;
  g_autofree int *col_map = NULL;

  g_return_if_fail (expected != NULL && found != NULL && score != NULL);

  normalised_init (&e, expected);
  normalised_init (&f, found);
  *score = (MrgTableScore) { e.n_rows, e.n_cols, f.n_rows, f.n_cols, 0 };

  row_sim = g_new0 (guint, (gsize) e.n_rows * f.n_rows + 1);
  for (guint i = 0; i < e.n_rows; i++)
    {
      g_autoptr(GPtrArray) want = words_of (&e, i, -1);

      for (guint j = 0; j < f.n_rows; j++)
        {
          g_autoptr(GPtrArray) have = words_of (&f, j, -1);

          row_sim[(gsize) i * f.n_rows + j] = shared_words (want, have);
        }
    }
  row_map = g_new (int, e.n_rows + 1);
  align (row_sim, e.n_rows, f.n_rows, row_map);

  col_sim = g_new0 (guint, (gsize) e.n_cols * f.n_cols + 1);
  for (guint i = 0; i < e.n_rows; i++)
    if (row_map[i] >= 0)
      for (guint a = 0; a < e.n_cols; a++)
        {
          g_autoptr(GPtrArray) want = words_of (&e, i, (int) a);

          if (want->len == 0)
            continue;
          for (guint b = 0; b < f.n_cols; b++)
            {
              g_autoptr(GPtrArray) have = words_of (&f, (guint) row_map[i], (int) b);

              col_sim[(gsize) a * f.n_cols + b] += shared_words (want, have);
            }
        }
  col_map = g_new (int, e.n_cols + 1);
  align (col_sim, e.n_cols, f.n_cols, col_map);

  for (guint i = 0; i < e.n_rows; i++)
    for (guint a = 0; a < e.n_cols; a++)
      {
        const char *want = e.text[i * e.n_cols + a];
        const char *got;
        guint n;

        if (*want == '\0')
          continue;
        score->n_expected++;
        if (row_map[i] < 0 || col_map[a] < 0)
          {
            if (mismatches != NULL)
              g_string_append_printf (mismatches, "  r%u c%u «%s»: %s not aligned\n", i, a, want,
                                      row_map[i] < 0 ? "row" : "column");
            continue;
          }
        got = f.text[(guint) row_map[i] * f.n_cols + (guint) col_map[a]];
        n = g_utf8_strlen (want, -1);
        score->n_aligned++;
        score->n_chars += n;
        if (strcmp (want, got) == 0)
          score->n_exact++;
        else
          {
            score->char_errors += mrg_score_levenshtein (want, got);
            if (mismatches != NULL)
              g_string_append_printf (mismatches, "  r%u c%u «%s» got «%s» (found r%d c%d)\n", i, a,
                                      want, got, row_map[i], col_map[a]);
          }
      }
  normalised_clear (&e);
  normalised_clear (&f);
}

double
mrg_score_table_share (const MrgTableScore *score)
{
  return score->n_expected > 0 ? (double) score->n_exact / score->n_expected : 0;
}

double
mrg_score_table_cer (const MrgTableScore *score)
{
  return score->n_chars > 0 ? (double) score->char_errors / score->n_chars : 0;
}

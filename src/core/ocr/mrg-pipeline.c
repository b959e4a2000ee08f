/* mrg-pipeline.c: running pages through prepare, grid and cell OCR into the project
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-pipeline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mrg-document.h"
#include "mrg-grid.h"
#include "mrg-job.h"
#include "mrg-models.h"
#include "mrg-ocr.h"
#include "mrg-pipeline.h"
#include "mrg-prepare.h"
#include "mrg-schema.h"
#include "mrg-script.h"
#include "mrg-store-layouts.h"
#include "mrg-store-learn.h"
#include "mrg-store-pages.h"

typedef MrgStorePage PageInfo;

typedef struct
{
  gint64 id;
  gboolean edited;
  gboolean verified;
} StoredCell;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PageInfo, mrg_store_page_clear)

GArray *
mrg_pipeline_list_pages (MrgStore  *store,
                         GError   **error)
{
  return mrg_store_list_pages (store, error);
}

GArray *
mrg_pipeline_parse_pages (const char  *list,
                          guint        n_pages,
                          GError     **error)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gboolean *chosen = g_new0 (gboolean, n_pages + 1);
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      char *dash = strchr (part, '-');
      guint64 first, last;
      g_autoptr(GError) local = NULL;

      if (dash != NULL)
        {
          *dash = '\0';
          if (!g_ascii_string_to_unsigned (g_strstrip (part), 10, 1, G_MAXUINT, &first, &local)
              || !g_ascii_string_to_unsigned (g_strstrip (dash + 1), 10, 1, G_MAXUINT, &last,
                                              &local)
              || last < first)
            goto bad;
        }
      else if (g_ascii_string_to_unsigned (part, 10, 1, G_MAXUINT, &first, &local))
        last = first;
      else
        goto bad;
      if (last > n_pages)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("page %u is not in the project: it has %u pages"), (guint) last, n_pages);
          return NULL;
        }
      for (guint64 p = first; p <= last; p++)
        chosen[p] = TRUE;
    }
  for (guint p = 1; p <= n_pages; p++)
    if (chosen[p])
      {
        guint index = p - 1;

        g_array_append_val (indices, index);
      }
  return g_steal_pointer (&indices);

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a list of pages like 1,3-5"), list);
  return NULL;
}

static MrgGrid *
load_grid (MrgStore  *store,
           gint64     table_id,
           GError   **error)
{
  g_autoptr(GArray) cols = NULL;
  g_autoptr(GArray) rows = NULL;
  MrgBox area;

  if (!mrg_store_get_table_grid (store, table_id, &area, &cols, &rows, error))
    return NULL;
  return mrg_grid_new (&area, (int *) cols->data, cols->len, (int *) rows->data, rows->len);
}

/* A text layer sometimes glues the ends of two lines into one "word" whose box spans both
 * ("1,6772011", three lines high). Its centre would put stray text into a cell that has its own;
 * such words are left out, and a cell that loses its only word is read by OCR instead. */
static void
drop_broken_words (GArray    *boxes,
                   GPtrArray *texts)
{
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (int));
  int median;

  for (guint i = 0; i < boxes->len; i++)
    {
      MrgBox *b = &g_array_index (boxes, MrgBox, i);
      int h = b->y2 - b->y1;

      g_array_append_val (heights, h);
    }
  if (heights->len < 5)
    return;
  g_array_sort (heights, mrg_compare_int);
  median = g_array_index (heights, int, heights->len / 2);
  for (guint i = boxes->len; i-- > 0;)
    {
      MrgBox *b = &g_array_index (boxes, MrgBox, i);

      if (b->y2 - b->y1 > 2 * median + 4)
        {
          g_array_remove_index (boxes, i);
          g_ptr_array_remove_index (texts, i);
        }
    }
}

/* Reads page_words of a PDF page (page pixels); an empty array for a scan. */
static GArray *
load_words (MrgStore  *store,
            gint64     page_id,
            GPtrArray *texts,
            GError   **error)
{
  GArray *boxes = mrg_store_get_page_words (store, page_id, texts, error);

  if (boxes != NULL)
    drop_broken_words (boxes, texts);
  return boxes;
}

/* The cells a table holds now: (row << 16 | col) → StoredCell. */
static GHashTable *
load_stored_cells (MrgStore  *store,
                   gint64     table_id,
                   GError   **error)
{
  g_autoptr(GArray) refs = mrg_store_get_table_cells (store, table_id, error);
  GHashTable *cells;

  if (refs == NULL)
    return NULL;
  cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint i = 0; i < refs->len; i++)
    {
      MrgStoreCellRef *ref = &g_array_index (refs, MrgStoreCellRef, i);
      gint64 key = ((gint64) ref->row << 16) | ref->col;
      StoredCell *cell;

      if (ref->cell_id == 0)
        continue;
      cell = g_new (StoredCell, 1);
      cell->id = ref->cell_id;
      cell->edited = ref->edited;
      cell->verified = ref->verified;
      g_hash_table_insert (cells, g_memdup2 (&key, sizeof key), cell);
    }
  return cells;
}

/* Row 0 is a header unless it reads like the rows below it: in a column of numbers, a header
 * holds a word ("№", "г.г. рож."), a first data row a number. */
static gboolean
first_row_is_header (MrgOcrJob *jobs,
                     guint      n_rows,
                     guint      n_cols)
{
  gboolean any_numeric = FALSE;

  if (n_rows < 2)
    return FALSE;
  for (guint c = 0; c < n_cols; c++)
    {
      guint filled = 0, numbers = 0;
      const char *top = jobs[c].text;

      for (guint r = 1; r < n_rows; r++)
        {
          const char *t = jobs[r * n_cols + c].text;

          if (t == NULL || *t == '\0')
            continue;
          filled++;
          if (mrg_schema_parse_integer (t, NULL))
            numbers++;
        }
      if (filled < 2 || numbers * 5 < filled * 4)
        continue;
      any_numeric = TRUE;
      if (top != NULL && *top != '\0')
        return !mrg_schema_parse_integer (top, NULL);
    }
  /* No column of numbers to tell by: a ruled table's first row is nearly always its header. */
  return !any_numeric;
}

static int
compare_word_order (gconstpointer a,
                    gconstpointer b,
                    gpointer      data)
{
  const MrgBox *boxes = data;
  const MrgBox *x = &boxes[*(const guint *) a], *y = &boxes[*(const guint *) b];
  int overlap = MIN (x->y2, y->y2) - MAX (x->y1, y->y1);

  /* same line when they overlap by half the smaller height: then left to right */
  if (overlap * 2 >= MIN (x->y2 - x->y1, y->y2 - y->y1))
    return (x->x1 > y->x1) - (x->x1 < y->x1);
  return (x->y1 > y->y1) - (x->y1 < y->y1);
}

/* Text of a cell from the words of a text layer whose centre is inside it, or inside one of the
 * cells merged with it (`cells`, n_cells boxes). */
static char *
words_in_cell (const MrgBox *cells,
               guint         n_cells,
               const MrgBox *boxes,
               GPtrArray    *texts,
               gboolean     *out_any)
{
  g_autoptr(GArray) inside = g_array_new (FALSE, FALSE, sizeof (guint));
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < texts->len; i++)
    {
      int cx = (boxes[i].x1 + boxes[i].x2) / 2, cy = (boxes[i].y1 + boxes[i].y2) / 2;

      for (guint k = 0; k < n_cells; k++)
        if (cx >= cells[k].x1 && cx < cells[k].x2 && cy >= cells[k].y1 && cy < cells[k].y2)
          {
            g_array_append_val (inside, i);
            break;
          }
    }
  g_array_sort_with_data (inside, compare_word_order, (gpointer) boxes);
  for (guint k = 0; k < inside->len; k++)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, g_ptr_array_index (texts, g_array_index (inside, guint, k)));
    }
  *out_any = inside->len > 0;
  return g_string_free (text, FALSE);
}

/* Whether a word's box reaches into the cell by more than the width of a rule. */
static gboolean
word_reaches_into (const MrgBox *cell,
                   const MrgBox *boxes,
                   guint         n_boxes)
{
  for (guint i = 0; i < n_boxes; i++)
    {
      int w = MIN (cell->x2, boxes[i].x2) - MAX (cell->x1, boxes[i].x1);
      int h = MIN (cell->y2, boxes[i].y2) - MAX (cell->y1, boxes[i].y1);

      if (w > 4 && h * 2 > boxes[i].y2 - boxes[i].y1)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  MrgJob *job;        /* told of the progress, or NULL */
  GArray *numbers;    /* each page's 1-based place in the project, for the text */
  guint page;
  guint n_pages;
  guint offset;       /* cells of this page read before this pool run */
  guint n_cells;
} ProgressState;

static void
report_progress (ProgressState *state,
                 guint          cells_done)
{
  double fraction;
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;

  if (state->job == NULL)
    return;
  fraction = (state->page + (state->n_cells > 0 ? (double) cells_done / state->n_cells : 0))
             / MAX (state->n_pages, 1);
  what = g_strdup_printf (_("OCR: page %u (%u of %u), cells"),
                          g_array_index (state->numbers, guint, state->page), state->page + 1,
                          state->n_pages);
  text = g_strdup_printf ("%s %u/%u", what, cells_done, state->n_cells);
  mrg_job_set_progress (state->job, fraction, text);
}

static void
pool_progress_cb (guint    done,
                  guint    total,
                  gpointer user_data)
{
  ProgressState *state = user_data;

  report_progress (state, state->offset + done);
}

static gboolean
run_jobs (MrgOcrPool    *pool,
          PIX           *binary,
          int            rule_thickness,
          MrgOcrJob     *jobs,
          guint          n_jobs,
          const gboolean *wanted,
          ProgressState *state,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree guint *map = g_new (guint, MAX (n_jobs, 1));
  g_autofree MrgOcrJob *todo = g_new0 (MrgOcrJob, MAX (n_jobs, 1));
  MrgMonitor monitor = { cancellable, pool_progress_cb, state };
  guint n = 0;
  gboolean ok;

  for (guint i = 0; i < n_jobs; i++)
    if (wanted[i])
      {
        map[n] = i;
        todo[n++] = jobs[i];
      }
  ok = mrg_ocr_pool_run (pool, binary, rule_thickness, todo, n, &monitor, error);
  for (guint k = 0; k < n; k++)
    jobs[map[k]] = todo[k];
  state->offset += n;
  return ok;
}

/* One table of a page on its way through OCR. */
typedef struct
{
  MrgGrid *grid;
  gint64 table_id;          /* 0 for a table found in this run */
  GHashTable *stored;       /* (row << 16 | col) → StoredCell, for a stored table */
  MrgOcrJob *jobs;
  gboolean *wanted;
  /* NULL, or the cells the page's script sample read (`done`), as text with no whitelist */
  MrgOcrJob *preread;
  guint n_rows, n_cols, n_cells;
  gboolean header;
} TableWork;

static void
table_work_free (TableWork *work)
{
  for (guint i = 0; i < work->n_cells; i++)
    {
      mrg_ocr_job_clear (&work->jobs[i]);
      if (work->preread != NULL)
        mrg_ocr_job_clear (&work->preread[i]);
    }
  g_free (work->jobs);
  g_free (work->preread);
  g_free (work->wanted);
  mrg_grid_free (work->grid);
  g_clear_pointer (&work->stored, g_hash_table_unref);
  g_free (work);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TableWork, table_work_free)

/* The column separators of `grid` that cut `word` (deskewed frame) with at least `margin` of it
 * on either side; a bit set per separator in the returned mask, of the first 64. */
static guint64
separators_cutting (const MrgGrid *grid,
                    const MrgBox  *word,
                    int            margin)
{
  int cy = (word->y1 + word->y2) / 2;
  guint64 mask = 0;

  if (cy < grid->area.y1 || cy >= grid->area.y2)
    return 0;
  for (guint s = 0; s < MIN (grid->col_seps->len, 64u); s++)
    {
      int x = g_array_index (grid->col_seps, int, s);

      if (x > word->x1 + margin && x < word->x2 - margin)
        mask |= G_GUINT64_CONSTANT (1) << s;
    }
  return mask;
}

/* Whether a rule is drawn at separator `pos` all the way across from..to (full-resolution
 * binary image of the deskewed frame; `vertical`: a column separator across a text line, else a
 * row separator along a row): the column of ink a glyph leaves never runs from the top of a text
 * line to the bottom of its descenders, and a cell that spans the separator shows no rule there
 * at all. */
static gboolean
rule_drawn (PIX      *binary,
            gboolean  vertical,
            int       pos,
            int       thickness,
            int       from,
            int       to)
{
  int reach = MAX (thickness, 1) + 2;
  int w = (int) pixGetWidth (binary), h = (int) pixGetHeight (binary);
  int along = vertical ? h : w, across = vertical ? w : h;

  from = MAX (from, 0);
  to = MIN (to, along);
  if (to <= from)
    return FALSE;
  for (int c = MAX (pos - reach, 0); c <= MIN (pos + reach, across - 1); c++)
    {
      int on = 0;

      for (int i = from; i < to; i++)
        {
          l_uint32 v = 0;

          pixGetPixel (binary, vertical ? c : i, vertical ? i : c, &v);
          on += v != 0;
        }
      if (on * 10 >= (to - from) * 9)
        return TRUE;
    }
  return FALSE;
}

static void
join_cells (guint *owner,
            guint  a,
            guint  b)
{
  guint ra = mrg_sets_find (owner, a), rb = mrg_sets_find (owner, b);

  /* the top-left cell, first in row order, holds the text */
  mrg_sets_join (owner, MAX (ra, rb), MIN (ra, rb));
}

/* For each cell of a ruled table, the cell whose text it shares: the grid runs every separator
 * across the whole table, but a title over the table, a heading over several columns or a
 * heading two rows high is one cell where a rule is not drawn. Its words go together to the
 * top-left cell of the merged cells, as a spreadsheet keeps a merged cell's value and as
 * tabula writes it, instead of word by word into the columns they happen to stand in. A
 * separator that a word runs across is not drawn there either: the ink on it is the word's (a
 * word that a drawn rule clips was split at it before). A separator not drawn in most rows (or
 * columns) is no rule at all but something taken for one, such as glyphs stacked in every row:
 * it is ignored all along, also where a glyph stroke happens to stand on it. */
static guint *
find_merged_cells (TableWork       *work,
                   MrgPreparedPage *prepared,
                   GArray          *words)
{
  MrgGrid *grid = work->grid;
  guint n_rows = work->n_rows, n_cols = work->n_cols;
  int t = grid->rule_thickness, reach = MAX (t, 1) + 2;
  guint *owner = mrg_sets_new (work->n_cells);
  g_autofree gboolean *open_right = g_new0 (gboolean, work->n_cells + 1);
  g_autofree gboolean *open_below = g_new0 (gboolean, work->n_cells + 1);
  g_autofree guint *col_open = g_new0 (guint, n_cols + 1);
  g_autofree guint *row_open = g_new0 (guint, n_rows + 1);

  for (guint k = 0; k < words->len; k++)
    {
      const MrgBox *w = &g_array_index (words, MrgBox, k);
      guint64 cuts = separators_cutting (grid, w, (w->y2 - w->y1) / 4);
      int cy = (w->y1 + w->y2) / 2;
      guint r = 0;

      if (cuts == 0)
        continue;
      while (r < grid->row_seps->len && cy >= g_array_index (grid->row_seps, int, r))
        r++;
      for (guint c = 0; c + 1 < MIN (n_cols, 65u); c++)
        if (cuts & (G_GUINT64_CONSTANT (1) << c))
          open_right[r * n_cols + c] = TRUE;
    }
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_cols; c++)
      {
        guint i = r * n_cols + c;
        MrgBox *cell = &work->jobs[i].box;

        if (open_right[i])
          col_open[c]++;
        else if (c + 1 < n_cols && cell->y2 - cell->y1 > 4 * reach
            && !rule_drawn (prepared->binary, TRUE, g_array_index (grid->col_seps, int, c), t,
                            cell->y1 + 2 * reach, cell->y2 - 2 * reach))
          {
            open_right[i] = TRUE;
            col_open[c]++;
          }
        if (grid->ruled_rows && r + 1 < n_rows && cell->x2 - cell->x1 > 4 * reach
            && !rule_drawn (prepared->binary, FALSE, g_array_index (grid->row_seps, int, r), t,
                            cell->x1 + 2 * reach, cell->x2 - 2 * reach))
          {
            open_below[i] = TRUE;
            row_open[r]++;
          }
      }
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_cols; c++)
      {
        guint i = r * n_cols + c;

        if (c + 1 < n_cols && (open_right[i] || col_open[c] * 2 >= n_rows))
          join_cells (owner, i, i + 1);
        if (grid->ruled_rows && r + 1 < n_rows && (open_below[i] || row_open[r] * 2 >= n_cols))
          join_cells (owner, i, i + n_cols);
      }
  for (guint i = 0; i < work->n_cells; i++)
    owner[i] = mrg_sets_find (owner, i);
  return owner;
}

/* Sets up the cells of one table; text-layer words fill what they can. Returns how many cells
 * the words filled. */
static guint
table_work_prepare (TableWork       *work,
                    MrgPreparedPage *prepared,
                    GArray          *words,
                    GPtrArray       *word_texts)
{
  g_autofree guint *owner = NULL;
  g_autoptr(GArray) group = g_array_new (FALSE, FALSE, sizeof (MrgBox));
  guint filled = 0;

  work->n_rows = mrg_grid_get_n_rows (work->grid);
  work->n_cols = mrg_grid_get_n_cols (work->grid);
  work->n_cells = work->n_rows * work->n_cols;
  work->jobs = g_new0 (MrgOcrJob, work->n_cells);
  work->wanted = g_new0 (gboolean, work->n_cells);

  for (guint r = 0; r < work->n_rows; r++)
    for (guint c = 0; c < work->n_cols; c++)
      mrg_grid_get_cell (work->grid, r, c, &work->jobs[r * work->n_cols + c].box);
  /* Only on a rendered text-layer page are rules crisp enough to tell a missing one. */
  if (words->len > 0 && work->grid->rule_thickness > 0)
    owner = find_merged_cells (work, prepared, words);

  for (guint r = 0; r < work->n_rows; r++)
    for (guint c = 0; c < work->n_cols; c++)
      {
        guint i = r * work->n_cols + c;
        gint64 key = ((gint64) r << 16) | c;
        StoredCell *cell = work->stored != NULL ? g_hash_table_lookup (work->stored, &key) : NULL;
        MrgOcrJob *job = &work->jobs[i];

        /* a person's text, or a row a person verified, is never read over */
        work->wanted[i] = cell == NULL || !(cell->edited || cell->verified);
        /* the image read is kept, to learn from once a person verifies the text */
        job->keep_image = TRUE;
        if (work->wanted[i] && words->len > 0)
          {
            gboolean any = FALSE;

            g_array_set_size (group, 0);
            if (owner == NULL)
              g_array_append_val (group, job->box);
            else if (owner[i] == i)
              for (guint j = i; j < work->n_cells; j++)
                if (owner[j] == i)
                  g_array_append_val (group, work->jobs[j].box);
            /* a cell merged into the one on its left or above holds nothing of its own */
            job->text = words_in_cell ((MrgBox *) group->data, group->len,
                                       (MrgBox *) words->data, word_texts, &any);
            /* A cell that only the edge of a neighbour's word reaches holds no text of its own:
             * OCR would read the piece of glyph as something ("40.", "phe"). */
            if (any || group->len != 1
                || word_reaches_into (&job->box, (MrgBox *) words->data, words->len))
              {
                job->confidence = 100;
                job->done = TRUE;
                work->wanted[i] = FALSE;
                filled++;
              }
            else
              g_clear_pointer (&job->text, g_free);
          }
      }
  return filled;
}

/* The wanted cells the script's sample read already, the way they are to be read now (as text,
 * with no whitelist), are not read again: each cell is read on its own, so the reading is the
 * same. Returns how many. */
static guint
take_preread (TableWork *work,
              gboolean  *wanted)
{
  guint taken = 0;

  for (guint i = 0; work->preread != NULL && i < work->n_cells; i++)
    {
      MrgOcrJob *job = &work->jobs[i], *read = &work->preread[i];

      if (!wanted[i] || !read->done || job->hint != MRG_OCR_HINT_TEXT
          || (job->whitelist != NULL && *job->whitelist != '\0'))
        continue;
      job->text = g_steal_pointer (&read->text);
      job->confidence = read->confidence;
      job->image = g_steal_pointer (&read->image);
      job->done = TRUE;
      read->done = FALSE;
      wanted[i] = FALSE;
      taken++;
    }
  return taken;
}

static gboolean
table_work_read (TableWork      *work,
                 MrgOcrPool     *pool,
                 MrgPreparedPage *prepared,
                 GArray         *column_types,
                 GPtrArray      *column_whitelists,
                 ProgressState  *state,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autofree gboolean *header_wanted = g_new0 (gboolean, work->n_cells);
  guint n_cols = work->n_cols;
  int thickness = work->grid->rule_thickness;

  /* The header first: its words tell which columns hold numbers. */
  for (guint c = 0; c < n_cols; c++)
    {
      header_wanted[c] = work->wanted[c];
      work->wanted[c] = FALSE;
    }
  state->offset += take_preread (work, header_wanted);
  if (!run_jobs (pool, prepared->binary, thickness, work->jobs, work->n_cells, header_wanted,
                 state, cancellable, error))
    return FALSE;
  for (guint c = 0; c < n_cols; c++)
    {
      int type = c < column_types->len ? g_array_index (column_types, int, c) : -1;
      gboolean known = type >= 0;

      if (!known)
        type = mrg_schema_type_from_header (work->jobs[c].text, &known);
      if (known && (type == MRG_COLUMN_TYPE_INTEGER || type == MRG_COLUMN_TYPE_YEAR))
        for (guint r = 1; r < work->n_rows; r++)
          work->jobs[r * n_cols + c].hint = MRG_OCR_HINT_DIGITS;
      /* the layout's characters for the column, if a person gave any */
      if (c < column_whitelists->len)
        for (guint r = 1; r < work->n_rows; r++)
          work->jobs[r * n_cols + c].whitelist = g_ptr_array_index (column_whitelists, c);
    }
  state->offset += take_preread (work, work->wanted);
  if (!run_jobs (pool, prepared->binary, thickness, work->jobs, work->n_cells, work->wanted,
                 state, cancellable, error))
    return FALSE;
  work->header = first_row_is_header (work->jobs, work->n_rows, n_cols);
  return TRUE;
}

/* Grid only: the cells of a new table are written without text (nor a reading, so no
 * confidence); a stored table's cells stay as they are. */
static void
table_work_leave_empty (TableWork *work)
{
  for (guint i = 0; i < work->n_cells; i++)
    if (work->wanted[i] && work->table_id == 0)
      {
        g_clear_pointer (&work->jobs[i].text, g_free);
        work->jobs[i].done = TRUE;
      }
}

/* Below this, tesseract's reading of a header cell does not count as typed. On the corpus, typed
 * headers read at 65–96 (and at 60–95 scaled to a third and back); handwritten ones mostly at
 * 20–60, and most of those above are dashes or stray letters. The row as a whole decides. */
#define HEADER_MIN_CONFIDENCE 60

/* Whether a header cell reads like a name someone printed or typed: from a text layer, or read
 * fairly sure and with letters in it. A handwritten header, read by OCR, comes out as stray
 * letters, digits and dashes ("1 ----", "У", "2%"), at times with a confident score. */
static gboolean
header_cell_reads_typed (const char *text,
                         double      confidence)
{
  guint letters = 0;

  if (confidence < HEADER_MIN_CONFIDENCE)
    return FALSE;
  if (confidence >= 100 || g_str_equal (text, "№"))
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      letters++;
  return letters >= 2;
}

/* A header row whose names are worth proposing: at least half of its cells that hold anything
 * read like typed names (a poor scan of a typed header loses one or two). Otherwise its readings
 * would only propose garbage: its columns are numbered. */
static gboolean
table_work_header_reads_typed (const TableWork *work)
{
  guint filled = 0;
  guint typed = 0;

  if (!work->header)
    return FALSE;
  for (guint c = 0; c < work->n_cols; c++)
    {
      g_autofree char *text = g_strstrip (g_strdup (work->jobs[c].text != NULL
                                                    ? work->jobs[c].text : ""));

      if (*text == '\0')
        continue;
      filled++;
      if (header_cell_reads_typed (text, work->jobs[c].confidence))
        typed++;
    }
  return filled > 0 && 2 * typed >= filled;
}

/* The type of column c from its header and its cells' text. */
static MrgColumnType
table_work_column_type (const TableWork *work,
                        guint            c)
{
  g_autofree const char **values = g_new0 (const char *, work->n_rows);

  for (guint r = work->header ? 1 : 0; r < work->n_rows; r++)
    values[r] = work->jobs[r * work->n_cols + c].text;
  return mrg_schema_infer_type (work->header ? work->jobs[c].text : NULL, values, work->n_rows);
}

/* Whether a table without a header row holds what the layout's columns do: as many columns, of
 * the same types; a column read as plain text may be one of names or a list, which only a
 * header tells (numbers and years show in the values). */
static gboolean
table_work_fits (const TableWork *work,
                 const MrgLayout *layout)
{
  if (layout->columns->len != work->n_cols)
    return FALSE;
  for (guint c = 0; c < work->n_cols; c++)
    {
      const MrgLayoutColumn *column = &g_array_index (layout->columns, MrgLayoutColumn, c);
      MrgColumnType type = table_work_column_type (work, c);

      if (column->position != (int) c)
        return FALSE;
      if (type != column->type
          && !(type == MRG_COLUMN_TYPE_TEXT && (column->type == MRG_COLUMN_TYPE_NAME
                                                || column->type == MRG_COLUMN_TYPE_ENUM)))
        return FALSE;
    }
  return TRUE;
}

/* Whether the table's header row names the layout's columns: each of its cells agrees with the
 * column's name or with the header the layout was first read from. */
static gboolean
table_work_header_names (const TableWork *work,
                         const MrgLayout *layout,
                         const char      *const *header)
{
  guint n_header = header != NULL ? g_strv_length ((GStrv) header) : 0;

  for (guint c = 0; c < work->n_cols; c++)
    {
      const char *text = work->jobs[c].text;
      const MrgLayoutColumn *column = &g_array_index (layout->columns, MrgLayoutColumn, c);

      if (column->position != (int) c)
        return FALSE;
      if (!mrg_schema_headers_agree (text, column->name)
          && !(c < n_header && mrg_schema_headers_agree (text, header[c])))
        return FALSE;
    }
  return TRUE;
}

/* The layout of an earlier document that the first table of a document goes on with: one list
 * photographed a page a file, or another list on the same printed form. A table whose header
 * reads as typed takes a layout of as many columns that its header names (the nearest earlier
 * document's first). One without a header row, a page that continues a list, takes that of the
 * nearest earlier document when it holds the same: as many columns, of the same types. A header
 * row that does not read (handwriting, or the wrong OCR language) says nothing either way, and a
 * register's columns would pass for a list's: its table gets a layout of its own, as does one
 * that none fits (0). */
static gint64
table_work_find_earlier_layout (TableWork  *work,
                                MrgStore   *store,
                                gint64      page_id,
                                gboolean    typed,
                                GError    **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GPtrArray) layouts = NULL;
  gint64 before;

  if (work->header && !typed)
    return 0;
  before = mrg_store_get_earlier_document_layout (store, page_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return 0;
    }
  if (before == 0 && !typed)
    return 0;
  /* the columns alone: this runs for the first page of every document */
  layouts = mrg_store_list_layout_columns (store, error);
  if (layouts == NULL)
    return 0;
  /* the nearest earlier document's layout first */
  for (guint i = 1; i < layouts->len; i++)
    if (((MrgLayout *) g_ptr_array_index (layouts, i))->id == before)
      g_ptr_array_insert (layouts, 0, g_ptr_array_steal_index (layouts, i));
  for (guint i = 0; i < layouts->len; i++)
    {
      const MrgLayout *layout = g_ptr_array_index (layouts, i);
      g_auto(GStrv) header = NULL;

      if (!typed)
        return layout->id == before && table_work_fits (work, layout) ? before : 0;
      if (layout->columns->len != work->n_cols)
        continue;
      header = mrg_store_get_layout_header (store, layout->id, error);
      if (header == NULL)
        return 0;
      if (table_work_header_names (work, layout, (const char * const *) header))
        return layout->id;
    }
  return 0;
}

/* A table read for the first time takes the layout of the table before it in the document (the
 * previous page's: one list runs over many pages), else one of an earlier document that it goes
 * on with (table_work_find_earlier_layout). Otherwise it gets a new layout whose names are only
 * PROPOSED from its header row, for a person to accept, when that row reads as typed; a header
 * written by hand reads as garbage, and its columns are numbered instead. The types come from
 * the content. A table read again keeps its layout; a layout with fewer columns than the table
 * gets the missing ones. */
static gboolean
table_work_give_layout (TableWork  *work,
                        MrgStore   *store,
                        gint64      page_id,
                        guint       index,
                        GError    **error)
{
  g_autoptr(GError) local = NULL;
  guint n_cols = work->n_cols;
  gboolean propose = table_work_header_reads_typed (work);
  gint64 layout_id;

  layout_id = mrg_store_get_table_own_layout (store, work->table_id, &local);
  if (layout_id == 0 && local == NULL)
    layout_id = mrg_store_get_previous_layout (store, page_id, (int) index, &local);
  if (layout_id == 0 && local == NULL)
    layout_id = table_work_find_earlier_layout (work, store, page_id, propose, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (layout_id == 0)
    {
      g_auto(PageInfo) page = { 0 };
      g_autofree char *base = NULL;
      g_autofree char *name = NULL;

      if (!mrg_store_get_page (store, page_id, &page, error))
        return FALSE;
      base = g_path_get_basename (page.path);
      /* Translators: the name of a new layout: the file and page it was first read from */
      name = g_strdup_printf (_("%s, page %d"), base, page.number);
      layout_id = mrg_store_create_layout (store, name, error);
      if (layout_id == 0)
        return FALSE;
    }
  for (guint c = 0; c < n_cols; c++)
    {
      g_autofree char *proposed = mrg_column_name_from_text (propose ? work->jobs[c].text : NULL);
      g_autofree char *fallback = mrg_column_number_name (c);
      MrgColumnType type = table_work_column_type (work, c);

      /* a column the layout has, with its person-chosen name and type, is left alone */
      if (!mrg_store_ensure_layout_column (store, layout_id, c,
                                           *proposed != '\0' ? proposed : fallback, type,
                                           *proposed != '\0' ? MRG_COLUMN_NAME_PROPOSED
                                                             : MRG_COLUMN_NAME_NUMBERED,
                                           error))
        return FALSE;
    }
  return mrg_store_adopt_layout (store, work->table_id, layout_id, error);
}

static gboolean
table_work_write (TableWork       *work,
                  MrgStore        *store,
                  gint64           page_id,
                  guint            index,
                  MrgPreparedPage *prepared,
                  const char      *model,
                  GError         **error)
{
  MrgGrid *grid = work->grid;
  guint n_cols = work->n_cols;
  g_autofree MrgStoreOcrCell *cells = g_new0 (MrgStoreOcrCell, MAX (work->n_cells, 1));
  MrgSkewFrame frame = { prepared->skew, prepared->width, prepared->height };
  MrgStoreOcrTable table = {
    .table_id = work->table_id,
    .index = (int) index,
    .area = grid->area,
    .col_seps = (int *) grid->col_seps->data,
    .n_col_seps = grid->col_seps->len,
    .row_seps = (int *) grid->row_seps->data,
    .n_row_seps = grid->row_seps->len,
    .n_rows = work->n_rows,
    .n_cols = n_cols,
    .header = work->header,
    .cells = cells,
    .model = model,
  };

  for (guint i = 0; i < work->n_cells; i++)
    {
      MrgOcrJob *job = &work->jobs[i];

      if (!job->done)
        continue;
      cells[i] = (MrgStoreOcrCell) { TRUE, { 0 }, job->text, job->confidence, job->image };
      mrg_skew_box_to_page (&frame, &job->box, &cells[i].box);
    }
  work->table_id = mrg_store_write_ocr_table (store, page_id, &table, error);
  if (work->table_id == 0)
    return FALSE;
  return table_work_give_layout (work, store, page_id, index, error);
}

/* The image side of a page (decode, prepare, find ruled tables), which needs no store and so
 * can run on a thread of its own while the cells of the page before are read. */
typedef struct
{
  char *path;
  MrgDocumentKind kind;
  int number;
  double dpi;
  double skew;              /* the stored grid's skew, or NAN to estimate */
  GCancellable *cancellable;
  MrgParallelCall *ahead;   /* the work, while it runs beside the caller */
  MrgPreparedPage *prepared;
  GPtrArray *ruled;
  GError *error;
} PageImage;

/* Pages up to this size are decoded and prepared one page ahead while the page before is read.
 * A register spread is not: on the four lectaurep spreads (40 megapixels) looking ahead saved
 * no time on 2 cores, whose cell reading already keeps them busy, and added 55 MB to the peak
 * (235 → 289 MB), the next page's preparation then running beside two tesseract engines. */
#define PREFETCH_MAX_PIXELS (16 * 1000 * 1000)

/* A page with no ruled table whose skew was estimated at 0 (too little text for the first
 * estimate to trust) gets a second look, and is prepared again turned by what it finds: its
 * columns and rows come from the words, which a turned page scatters across lines. */
static void
page_image_second_look (PageImage *image)
{
  MrgPreparedPage *prepared = image->prepared;
  g_autoptr(GError) error = NULL;
  MrgPreparedPage *turned;
  double skew;

  if (!isnan (image->skew) || image->ruled->len > 0 || prepared->skew != 0.0
      || prepared->grey == NULL)
    return;
  skew = mrg_prepare_estimate_sparse_skew (prepared->binary);
  if (fabs (skew) < 0.05)
    return;
  turned = mrg_prepare_page (prepared->grey, skew, &error);
  if (turned == NULL)
    {
      g_debug ("%s, page %d: not turned by %.2f°: %s", image->path, image->number, skew,
               error->message);
      return;
    }
  /* No ruled table is looked for again: rules a degree or so off straight are found as they are
   * (mrg_grid_detect_page), and looking again on a page without any thresholds it locally a
   * second time, about 1.7 s. */
  mrg_prepared_page_free (g_steal_pointer (&image->prepared));
  image->prepared = turned;
}

static gpointer
page_image_work (gpointer data)
{
  PageImage *image = data;
  g_autoptr(PIX) pix = NULL;

  if (g_cancellable_set_error_if_cancelled (image->cancellable, &image->error))
    return NULL;
  /* grey from the start, handed over: prepare frees it as soon as it has its normalised copy */
  pix = mrg_document_load_page_grey (image->path, image->kind, image->number, image->dpi,
                                     &image->error);
  if (pix == NULL)
    return NULL;
  image->prepared = mrg_prepare_page_take (g_steal_pointer (&pix), image->skew, &image->error);
  if (image->prepared == NULL)
    {
      g_prefix_error (&image->error, _("%s, page %d: "), image->path, image->number);
      return NULL;
    }
  image->ruled = mrg_grid_detect_page (image->prepared);
  page_image_second_look (image);
  /* Cells are read from the binary page and word boxes found on the analysis image: the grey
   * page (a byte a pixel, 40 MB for a register spread) has served and would only sit in memory
   * while the cells are read and the next page is prepared. */
  g_clear_pointer (&image->prepared->grey, pixDestroy_ptr_);
  return NULL;
}

static void
page_image_free (PageImage *image)
{
  if (image == NULL)
    return;
  if (image->ahead != NULL)
    mrg_parallel_join (image->ahead);
  g_free (image->path);
  g_clear_object (&image->cancellable);
  mrg_prepared_page_free (image->prepared);
  g_clear_pointer (&image->ruled, g_ptr_array_unref);
  g_clear_error (&image->error);
  g_free (image);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageImage, page_image_free)

/* Starts on the image of a page: on a thread when `ahead` and the page is small enough, else
 * at once on this thread. */
static PageImage *
page_image_start (MrgStore      *store,
                  gint64         page_id,
                  gboolean       ahead,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_auto(PageInfo) info = { 0 };
  g_autoptr(GArray) table_ids = NULL;
  PageImage *image;

  if (!mrg_store_get_page (store, page_id, &info, error))
    return NULL;
  table_ids = mrg_store_get_page_table_ids (store, page_id, error);
  if (table_ids == NULL)
    return NULL;

  image = g_new0 (PageImage, 1);
  image->path = g_strdup (info.path);
  image->kind = info.kind;
  image->number = info.number;
  image->dpi = info.dpi;
  /* a stored grid was drawn in the frame of the stored skew: keep both */
  image->skew = table_ids->len > 0 ? (isnan (info.skew) ? 0 : info.skew) : NAN;
  image->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  if (ahead && (gint64) info.width * info.height <= PREFETCH_MAX_PIXELS)
    image->ahead = mrg_parallel_start ("mrg-page", page_image_work, image);
  else
    page_image_work (image);
  return image;
}

static gboolean
page_image_finish (PageImage  *image,
                   GError    **error)
{
  if (image->ahead != NULL)
    mrg_parallel_join (g_steal_pointer (&image->ahead));
  if (image->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&image->error));
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  int y1, y2;
  guint64 cols;   /* a bit for each column (of the first 64) holding a word of the line */
} WordLine;

MrgGrid *
mrg_pipeline_grid_from_text_layer (const MrgBox *words,
                                   guint         n_words)
{
  g_autoptr(MrgGrid) grid = NULL;
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (MrgBox));
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (WordLine));
  g_autoptr(GArray) seps = g_array_new (FALSE, FALSE, sizeof (int));
  guint n_cols, key = G_MAXUINT;
  int prev_end = -1;

  g_return_val_if_fail (words != NULL || n_words == 0, NULL);

  grid = mrg_grid_from_words (words, n_words);
  if (grid == NULL)
    return NULL;
  n_cols = mrg_grid_get_n_cols (grid);
  for (guint i = 0; i < n_words; i++)
    {
      int cy = (words[i].y1 + words[i].y2) / 2;

      if (cy >= grid->area.y1 && cy < grid->area.y2)
        g_array_append_val (sorted, words[i]);
    }
  g_array_sort (sorted, mrg_box_compare_centre_y);

  /* a word standing half its height or more within a line belongs to it; a cell's text set
   * in the middle of a taller row thus joins the lines beside it */
  for (guint i = 0; i < sorted->len; i++)
    {
      const MrgBox *b = &g_array_index (sorted, MrgBox, i);
      WordLine *last = lines->len > 0 ? &g_array_index (lines, WordLine, lines->len - 1) : NULL;
      guint c = 0;

      while (c < grid->col_seps->len && (b->x1 + b->x2) / 2 >= g_array_index (grid->col_seps, int, c))
        c++;
      if (last != NULL && (MIN (last->y2, b->y2) - MAX (last->y1, b->y1)) * 2 >= b->y2 - b->y1)
        {
          last->y1 = MIN (last->y1, b->y1);
          last->y2 = MAX (last->y2, b->y2);
        }
      else
        {
          WordLine line = { b->y1, b->y2, 0 };

          g_array_append_val (lines, line);
          last = &g_array_index (lines, WordLine, lines->len - 1);
        }
      if (c < 64)
        last->cols |= G_GUINT64_CONSTANT (1) << c;
    }
  for (guint c = 0; c < MIN (n_cols, 64u) && key == G_MAXUINT; c++)
    {
      guint n = 0;

      for (guint l = 0; l < lines->len; l++)
        n += (g_array_index (lines, WordLine, l).cols >> c) & 1;
      if (n >= 2 && n * 4 >= lines->len)
        key = c;
    }
  if (key == G_MAXUINT)
    return g_steal_pointer (&grid);

  for (guint l = 0; l < lines->len; l++)
    {
      const WordLine *line = &g_array_index (lines, WordLine, l);

      if (prev_end >= 0 && ((line->cols >> key) & 1))
        {
          int sep = (prev_end + line->y1) / 2;

          if (sep > grid->area.y1 && sep < grid->area.y2
              && (seps->len == 0 || sep > g_array_index (seps, int, seps->len - 1)))
            g_array_append_val (seps, sep);
        }
      prev_end = MAX (prev_end, line->y2);
    }
  g_array_set_size (grid->row_seps, 0);
  g_array_append_vals (grid->row_seps, seps->data, seps->len);
  grid->ruled_rows = FALSE;
  return g_steal_pointer (&grid);
}

/* Moves a page-pixel box into the deskewed frame, keeping its size. */
static void
map_box_to_deskewed (MrgPreparedPage *prepared,
                     MrgBox          *b)
{
  MrgSkewFrame frame = { prepared->skew, prepared->width, prepared->height };
  double cx, cy;
  int hw = (b->x2 - b->x1) / 2, hh = (b->y2 - b->y1) / 2;

  mrg_skew_map_point (&frame, FALSE, (b->x1 + b->x2) / 2.0, (b->y1 + b->y2) / 2.0, &cx, &cy);
  *b = (MrgBox) { (int) cx - hw, (int) cy - hh, (int) cx + hw, (int) cy + hh };
}

/* Splits `word` at the separators in `cuts` from the characters of the page that lie in it;
 * FALSE (nothing added) when they do not spell the word. */
static gboolean
split_word (const MrgGrid *grid,
            guint64        cuts,
            const MrgBox  *word,
            const char    *text,
            GPtrArray     *chars,
            GArray        *out_boxes,
            GPtrArray     *out_texts)
{
  g_autoptr(GArray) inside = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) spelled = g_string_new (NULL);
  g_autoptr(GString) piece = g_string_new (NULL);
  MrgBox box = { 0 };
  int piece_col = -1;

  for (guint i = 0; i < chars->len; i++)
    {
      const MrgBox *c = &((MrgWord *) g_ptr_array_index (chars, i))->box;
      int cx = (c->x1 + c->x2) / 2, cy = (c->y1 + c->y2) / 2;

      if (cx >= word->x1 && cx <= word->x2 && cy >= word->y1 && cy <= word->y2)
        g_array_append_val (inside, i);
    }
  /* the page's characters come in reading order, so a word's are already left to right */
  for (guint k = 0; k < inside->len; k++)
    g_string_append (spelled, ((MrgWord *) g_ptr_array_index (chars, g_array_index (inside, guint,
                                                                                    k)))->text);
  if (strcmp (spelled->str, text) != 0)
    return FALSE;
  for (guint k = 0; k <= inside->len; k++)
    {
      MrgWord *ch = k < inside->len ? g_ptr_array_index (chars, g_array_index (inside, guint, k))
                                    : NULL;
      int col = 0;

      if (ch != NULL)
        {
          int cx = (ch->box.x1 + ch->box.x2) / 2;

          /* only the separators that cut the word split it */
          for (guint s = 0; s < MIN (grid->col_seps->len, 64u); s++)
            if ((cuts & (G_GUINT64_CONSTANT (1) << s)) && cx >= g_array_index (grid->col_seps, int, s))
              col = (int) s + 1;
        }
      if (piece->len > 0 && (ch == NULL || col != piece_col))
        {
          g_array_append_val (out_boxes, box);
          g_ptr_array_add (out_texts, g_strdup (piece->str));
          g_string_truncate (piece, 0);
        }
      if (ch == NULL)
        break;
      if (piece->len == 0)
        box = (MrgBox) { MAX (word->x1, ch->box.x1), word->y1, MIN (word->x2, ch->box.x2), word->y2 };
      else
        box.x2 = MIN (word->x2, MAX (box.x2, ch->box.x2));
      piece_col = col;
      g_string_append (piece, ch->text);
    }
  return TRUE;
}

/* Text that runs over the edge of its cell is clipped at the rule, and poppler may glue what is
 * left of it to the next cell's text with no space ("Elizab" + "2165 Princeton Ave" →
 * "Elizab2165"): such a word is split where a column rule cuts it, each character going to the
 * side its centre is on. A separator that cuts the words of many rows is no rule but a column of
 * stacked glyphs that was taken for one (the left edges of a column of capitals, right-aligned
 * figures): it splits nothing; nor does a separator with no rule drawn across the word (a cell
 * spanning two columns, a title over the table). */
static gboolean
split_cut_words (const PageInfo  *info,
                 MrgPreparedPage *prepared,
                 GPtrArray       *tables,
                 GArray          *words,
                 GPtrArray       *texts,
                 GError         **error)
{
  g_autoptr(GPtrArray) chars = NULL;
  g_autofree guint64 *trusted = g_new0 (guint64, tables->len + 1);
  g_autoptr(GArray) new_boxes = g_array_new (FALSE, FALSE, sizeof (MrgBox));
  g_autoptr(GPtrArray) new_texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *dropped = g_new0 (gboolean, words->len + 1);
  gboolean any = FALSE;

  for (guint t = 0; t < tables->len; t++)
    {
      MrgGrid *grid = ((TableWork *) g_ptr_array_index (tables, t))->grid;
      guint n_seps = MIN (grid->col_seps->len, 64u);
      g_autofree guint *cut = g_new0 (guint, n_seps + 1);
      guint n_rows = mrg_grid_get_n_rows (grid);

      if (grid->rule_thickness == 0)
        continue;
      for (guint i = 0; i < words->len; i++)
        {
          const MrgBox *w = &g_array_index (words, MrgBox, i);
          guint64 mask = separators_cutting (grid, w, (w->y2 - w->y1) / 4);

          for (guint s = 0; s < n_seps; s++)
            if (mask & (G_GUINT64_CONSTANT (1) << s))
              cut[s]++;
        }
      for (guint s = 0; s < n_seps; s++)
        if (cut[s] > 0 && cut[s] * 10 <= n_rows)
          {
            trusted[t] |= G_GUINT64_CONSTANT (1) << s;
            any = TRUE;
          }
    }
  if (!any)
    return TRUE;

  chars = mrg_document_get_chars (info->path, info->number, info->dpi, error);
  if (chars == NULL)
    return FALSE;
  for (guint i = 0; i < chars->len; i++)
    map_box_to_deskewed (prepared, &((MrgWord *) g_ptr_array_index (chars, i))->box);
  for (guint i = 0; i < words->len; i++)
    for (guint t = 0; t < tables->len; t++)
      {
        MrgGrid *grid = ((TableWork *) g_ptr_array_index (tables, t))->grid;
        const MrgBox *w = &g_array_index (words, MrgBox, i);
        guint64 cuts = separators_cutting (grid, w, (w->y2 - w->y1) / 4) & trusted[t];

        for (guint s = 0; s < MIN (grid->col_seps->len, 64u); s++)
          if ((cuts & (G_GUINT64_CONSTANT (1) << s))
              && !rule_drawn (prepared->binary, TRUE, g_array_index (grid->col_seps, int, s),
                              grid->rule_thickness, w->y1, w->y2))
            cuts &= ~(G_GUINT64_CONSTANT (1) << s);
        if (cuts != 0
            && split_word (grid, cuts, w, g_ptr_array_index (texts, i), chars, new_boxes,
                           new_texts))
          {
            dropped[i] = TRUE;
            break;
          }
      }
  for (guint i = words->len; i-- > 0;)
    if (dropped[i])
      {
        g_array_remove_index (words, i);
        g_ptr_array_remove_index (texts, i);
      }
  g_array_append_vals (words, new_boxes->data, new_boxes->len);
  for (guint i = 0; i < new_texts->len; i++)
    g_ptr_array_add (texts, g_strdup (g_ptr_array_index (new_texts, i)));
  return TRUE;
}

/* Whether a person has typed in or verified a cell of the page's stored tables. */
static gboolean
tables_touched (GPtrArray *tables)
{
  for (guint t = 0; t < tables->len; t++)
    {
      TableWork *work = g_ptr_array_index (tables, t);
      GHashTableIter iter;
      StoredCell *cell;

      if (work->stored == NULL)
        continue;
      g_hash_table_iter_init (&iter, work->stored);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &cell))
        if (cell->edited || cell->verified)
          return TRUE;
    }
  return FALSE;
}

/* The table whose first cells to be read are the sample of the page's script: the first with
 * any. NULL when nothing is left to read. */
static TableWork *
sample_table (GPtrArray *tables)
{
  for (guint t = 0; t < tables->len; t++)
    {
      TableWork *work = g_ptr_array_index (tables, t);

      for (guint i = 0; i < work->n_cells; i++)
        if (work->wanted[i])
          return work;
    }
  return NULL;
}

/* The pool that reads a page nobody chose languages for: Latin or Cyrillic as a sample of its
 * cells reads, and as the document's other pages read in this run once one of them said. The
 * sample's cells as the chosen pool read them are kept in their table's `preread`. NULL when
 * cancelled or failed. */
static MrgOcrPool *
choose_pool (MrgOcrPool     *cyrillic,
             MrgOcrPool     *latin,
             gint64          document_id,
             GHashTable     *document_scripts,
             GPtrArray      *tables,
             MrgPreparedPage *prepared,
             GCancellable   *cancellable,
             GError        **error)
{
  MrgScript script = GPOINTER_TO_INT (g_hash_table_lookup (document_scripts, &document_id));
  TableWork *work = script == MRG_SCRIPT_UNKNOWN ? sample_table (tables) : NULL;
  g_autofree MrgOcrJob *cyrillic_reads = NULL;
  g_autofree MrgOcrJob *latin_reads = NULL;
  g_autofree guint *index = NULL;
  MrgOcrJob *kept;
  guint n = 0;
  gboolean ok;

  if (work == NULL)
    return script == MRG_SCRIPT_LATIN ? latin : cyrillic;

  index = g_new (guint, MRG_SCRIPT_SAMPLE);
  cyrillic_reads = g_new0 (MrgOcrJob, MRG_SCRIPT_SAMPLE);
  latin_reads = g_new0 (MrgOcrJob, MRG_SCRIPT_SAMPLE);
  for (guint i = 0; i < work->n_cells && n < MRG_SCRIPT_SAMPLE; i++)
    if (work->wanted[i])
      {
        /* as table_work_read reads a cell with no hint or whitelist yet */
        cyrillic_reads[n] = latin_reads[n] = (MrgOcrJob) {
          .box = work->jobs[i].box, .hint = MRG_OCR_HINT_TEXT, .keep_image = TRUE,
        };
        index[n++] = i;
      }
  ok = mrg_script_detect (cyrillic, latin, prepared->binary, work->grid->rule_thickness,
                          cyrillic_reads, latin_reads, n, cancellable, &script, error);
  if (ok && script != MRG_SCRIPT_UNKNOWN)
    g_hash_table_insert (document_scripts, g_memdup2 (&document_id, sizeof document_id),
                         GINT_TO_POINTER (script));
  kept = script == MRG_SCRIPT_LATIN ? latin_reads : cyrillic_reads;
  if (ok)
    {
      work->preread = g_new0 (MrgOcrJob, work->n_cells);
      for (guint k = 0; k < n; k++)
        {
          work->preread[index[k]] = kept[k];
          kept[k] = (MrgOcrJob) { 0 };
        }
    }
  for (guint k = 0; k < n; k++)
    {
      mrg_ocr_job_clear (&cyrillic_reads[k]);
      mrg_ocr_job_clear (&latin_reads[k]);
    }
  if (!ok)
    return NULL;
  return script == MRG_SCRIPT_LATIN ? latin : cyrillic;
}

/* `pool` NULL: the grids only. `latin` not NULL: nobody chose the page's languages, and it is
 * read with `pool` (Cyrillic) or `latin`, whichever its script asks for. */
static gboolean
process_page (MrgStore                 *store,
              MrgOcrPool               *pool,
              MrgOcrPool               *latin,
              GHashTable               *document_scripts,
              gint64                    page_id,
              PageImage                *image,
              ProgressState            *state,
              GCancellable             *cancellable,
              GError                  **error)
{
  g_auto(PageInfo) info = { 0 };
  MrgPreparedPage *prepared = image->prepared;
  g_autoptr(GPtrArray) word_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) words = NULL;
  g_autoptr(GArray) column_types = NULL;
  g_autoptr(GPtrArray) column_whitelists = NULL;
  g_autoptr(GArray) table_ids = NULL;
  g_autoptr(GArray) now_table_ids = NULL;
  g_auto(PageInfo) now = { 0 };
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) table_work_free);
  guint max_cols = 0;

  if (!mrg_store_get_page (store, page_id, &info, error))
    return FALSE;
  table_ids = mrg_store_get_page_table_ids (store, page_id, error);
  if (table_ids == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  words = load_words (store, page_id, word_texts, error);
  if (words == NULL)
    return FALSE;
  /* text-layer words are in page pixels; the grid lives in the deskewed frame */
  for (guint i = 0; i < words->len; i++)
    map_box_to_deskewed (prepared, &g_array_index (words, MrgBox, i));

  {
    GPtrArray *ruled = image->ruled;
    int thickness = 0;

    for (guint i = 0; i < ruled->len; i++)
      thickness = MAX (thickness, ((MrgGrid *) g_ptr_array_index (ruled, i))->rule_thickness);

    if (table_ids->len > 0)
      {
        /* A page read before keeps its grids, perhaps corrected by a person. */
        for (guint t = 0; t < table_ids->len; t++)
          {
            TableWork *work = g_new0 (TableWork, 1);

            g_ptr_array_add (tables, work);
            work->table_id = g_array_index (table_ids, gint64, t);
            work->grid = load_grid (store, work->table_id, error);
            if (work->grid == NULL)
              return FALSE;
            /* no ruled table found: a list without rules may still have a line drawn in it,
             * measured as on the first reading (text layers aside) */
            work->grid->rule_thickness = thickness > 0 || words->len > 0
                                         ? thickness
                                         : mrg_grid_measure_rules (prepared->analysis,
                                                                   prepared->scale,
                                                                   &work->grid->area);
            work->stored = load_stored_cells (store, work->table_id, error);
            if (work->stored == NULL)
              return FALSE;
          }
      }
    else if (ruled->len > 0)
      while (ruled->len > 0)
        {
          TableWork *work = g_new0 (TableWork, 1);

          work->grid = g_ptr_array_steal_index (ruled, 0);
          g_ptr_array_add (tables, work);
        }
    else
      {
        g_autoptr(GArray) boxes = NULL;
        MrgGrid *grid;

        if (words->len == 0)
          boxes = mrg_grid_find_word_boxes (prepared->analysis, prepared->scale, NULL);
        grid = words->len > 0
               ? mrg_pipeline_grid_from_text_layer ((MrgBox *) words->data, words->len)
               : mrg_grid_from_words ((MrgBox *) boxes->data, boxes->len);
        if (grid != NULL && words->len == 0)
          grid->rule_thickness = mrg_grid_measure_rules (prepared->analysis, prepared->scale,
                                                         &grid->area);
        if (grid != NULL)
          {
            TableWork *work = g_new0 (TableWork, 1);

            work->grid = grid;
            g_ptr_array_add (tables, work);
          }
      }
  }

  if (info.kind == MRG_DOCUMENT_KIND_PDF && words->len > 0
      && !split_cut_words (&info, prepared, tables, words, word_texts, error))
    return FALSE;

  state->offset = 0;
  state->n_cells = 0;
  for (guint t = 0; t < tables->len; t++)
    {
      TableWork *work = g_ptr_array_index (tables, t);

      state->offset += table_work_prepare (work, prepared, words, word_texts);
      state->n_cells += work->n_cells;
      max_cols = MAX (max_cols, work->n_cols);
    }
  column_types = mrg_store_get_page_column_types (store, page_id, max_cols, error);
  if (column_types == NULL)
    return FALSE;
  column_whitelists = mrg_store_get_page_column_whitelists (store, page_id, max_cols, error);
  if (column_whitelists == NULL)
    return FALSE;
  if (pool != NULL && latin != NULL)
    {
      pool = choose_pool (pool, latin, info.document_id, document_scripts, tables, prepared,
                          cancellable, error);
      if (pool == NULL)
        return FALSE;
    }
  for (guint t = 0; t < tables->len; t++)
    if (pool == NULL)
      table_work_leave_empty (g_ptr_array_index (tables, t));
    else if (!table_work_read (g_ptr_array_index (tables, t), pool, prepared, column_types,
                               column_whitelists, state, cancellable, error))
      return FALSE;

  /* Everything is read: write the page in one go. A page without a table is done too, with
   * nothing to show. Another program (a second muragat-cli, the window) may have read the page
   * at the same time and written it first: what the write rests on is read again inside the
   * transaction, which BEGIN IMMEDIATE gives to one writer at a time. */
  if (!mrg_store_begin (store, error))
    return FALSE;
  if (!mrg_store_get_page (store, page_id, &now, error))
    goto rollback;
  now_table_ids = mrg_store_get_page_table_ids (store, page_id, error);
  if (now_table_ids == NULL)
    goto rollback;
  if (now_table_ids->len != table_ids->len
      || (table_ids->len > 0 &&
          memcmp (now_table_ids->data, table_ids->data, table_ids->len * sizeof (gint64)) != 0))
    {
      /* Its tables were written or replaced meanwhile: they stand, rather than this reading of
       * the same page being added beside them as a second table. */
      g_debug ("page %" G_GINT64_FORMAT ": its tables changed while it was read; left as they are",
               page_id);
      mrg_store_rollback (store);
      return TRUE;
    }
  if (!mrg_store_set_page_skew (store, page_id, prepared->skew, error))
    goto rollback;
  for (guint t = 0; t < tables->len; t++)
    if (!table_work_write (g_ptr_array_index (tables, t), store, page_id, t, prepared,
                           pool != NULL ? mrg_ocr_pool_get_lang (pool) : NULL, error))
      goto rollback;
  /* A grid found without reading (pool NULL) waits for a person to type its text; read, it is
   * OCR done, also after its grid alone was found, as long as nobody has typed or verified. */
  if ((now.status == MRG_PAGE_STATUS_NEW
       || (pool != NULL && now.status == MRG_PAGE_STATUS_IN_PROGRESS && !tables_touched (tables)))
      && !mrg_store_set_page_status (store, page_id,
                                     pool != NULL ? MRG_PAGE_STATUS_OCR_DONE
                                                  : MRG_PAGE_STATUS_IN_PROGRESS, error))
    goto rollback;
  if (!mrg_store_commit (store, error))
    goto rollback;
  return TRUE;

rollback:
  mrg_store_rollback (store);
  return FALSE;
}

/* Each page's 1-based place in the project, for what a person reads of the progress. */
static GArray *
list_page_numbers (MrgStore      *store,
                   const gint64  *page_ids,
                   guint          n_pages,
                   GError       **error)
{
  g_autoptr(GArray) all = mrg_pipeline_list_pages (store, error);
  g_autoptr(GHashTable) places = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *numbers;

  if (all == NULL)
    return NULL;
  for (guint k = 0; k < all->len; k++)
    g_hash_table_insert (places, &g_array_index (all, gint64, k), GUINT_TO_POINTER (k + 1));
  numbers = g_array_sized_new (FALSE, TRUE, sizeof (guint), n_pages);
  for (guint i = 0; i < n_pages; i++)
    {
      guint number = GPOINTER_TO_UINT (g_hash_table_lookup (places, &page_ids[i]));

      g_array_append_val (numbers, number);
    }
  return numbers;
}

/* The pool of `pools` (by languages) that reads in `lang`, made the first time it is asked. */
static MrgOcrPool *
get_pool (GHashTable               *pools,
          MrgStore                 *store,
          const char               *lang,
          const MrgPipelineOptions *options,
          GError                  **error)
{
  MrgOcrPool *pool = g_hash_table_lookup (pools, lang);
  g_autofree char *models_dir = NULL;
  g_autofree char *models_lang = NULL;

  if (pool != NULL)
    return pool;
  if (!mrg_models_resolve (mrg_store_get_path (store), lang, &models_dir, &models_lang, error))
    return NULL;
  pool = mrg_ocr_pool_new_in (models_dir, models_lang, options != NULL ? options->jobs : 0,
                              error);
  if (pool != NULL)
    g_hash_table_insert (pools, g_strdup (lang), pool);
  return pool;
}

/* Languages nobody chose (`*lang` NULL or "", and none for the project): each page is read in
 * the script it is written in, starting from MRG_OCR_DEFAULT_LANG, when the Latin languages are
 * installed. `*lang` becomes the languages the run reads in, the project's in `project_lang`. */
static gboolean
run_by_script (MrgStore    *store,
               const char **lang,
               char       **project_lang)
{
  if (*lang == NULL || **lang == '\0')
    *lang = *project_lang = mrg_store_get_meta (store, MRG_PIPELINE_META_LANG);
  if (*lang != NULL && **lang != '\0')
    return FALSE;
  *lang = MRG_OCR_DEFAULT_LANG;
  return mrg_ocr_check_languages (MRG_SCRIPT_LATIN_LANG, NULL);
}

gboolean
mrg_pipeline_reads_by_script (MrgStore     *store,
                              const char   *lang,
                              const gint64 *page_ids,
                              guint         n_pages)
{
  g_autofree char *project_lang = NULL;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (page_ids != NULL || n_pages == 0, FALSE);

  if (!run_by_script (store, &lang, &project_lang))
    return FALSE;
  for (guint i = 0; i < n_pages; i++)
    {
      g_autofree char *page_lang = mrg_store_get_page_ocr_lang (store, page_ids[i], NULL);

      if (page_lang == NULL || *page_lang != '\0')
        return FALSE;
    }
  return TRUE;
}

char *
mrg_pipeline_describe_read (MrgStore     *store,
                            const char   *lang,
                            const gint64 *page_ids,
                            guint         n_pages,
                            gboolean     *out_by_script)
{
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GString) list = g_string_new (NULL);

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);

  counts = mrg_store_count_read_languages (store, page_ids, n_pages, NULL);
  if (counts == NULL || counts->len == 0)
    return NULL;
  for (guint i = 0; i < counts->len; i++)
    {
      const MrgStoreReadLanguages *count = &g_array_index (counts, MrgStoreReadLanguages, i);
      g_autofree char *languages = mrg_models_describe (count->languages);

      if (i > 0)
        g_string_append (list, ", ");
      if (counts->len == 1)
        g_string_append (list, languages);
      else
        /* Translators: OCR languages and how many pages they read, as in "eng (2 pages)" */
        g_string_append_printf (list, ngettext ("%s (%u page)", "%s (%u pages)",
                                                count->n_pages),
                                languages, count->n_pages);
    }
  if (out_by_script != NULL)
    *out_by_script = mrg_pipeline_reads_by_script (store, lang, page_ids, n_pages);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

char *
mrg_pipeline_describe_tableless (MrgStore     *store,
                                 const gint64 *page_ids,
                                 guint         n_pages,
                                 guint        *out_n)
{
  g_autoptr(GString) list = g_string_new (NULL);
  guint n = 0;

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);
  g_return_val_if_fail (out_n != NULL, NULL);

  for (guint i = 0; i < n_pages; i++)
    {
      g_auto(PageInfo) info = { 0 };
      g_autofree char *name = NULL;

      if (!mrg_store_get_page (store, page_ids[i], &info, NULL) || info.n_tables > 0)
        continue;
      if (++n > 5)
        continue;
      name = g_filename_display_basename (info.path);
      if (n > 1)
        g_string_append (list, ", ");
      if (info.page_count > 1)
        /* Translators: a page of a file, as in "list.pdf p. 3" */
        g_string_append_printf (list, _("%s p. %d"), name, info.number);
      else
        g_string_append (list, name);
    }
  if (n > 5)
    g_string_append (list, ", …");
  *out_n = n;
  return n > 0 ? g_string_free (g_steal_pointer (&list), FALSE) : NULL;
}

/* FALSE, with the first page's error and how the others went, when a page's scan could not be
 * read (`unread`, errors), TRUE when every page was. */
static gboolean
fail_for_unread (GPtrArray  *unread,
                 guint       n_pages,
                 GError    **error)
{
  const GError *first;
  g_autoptr(GString) message = NULL;
  guint more, read;

  if (unread->len == 0)
    return TRUE;
  first = g_ptr_array_index (unread, 0);
  message = g_string_new (first->message);
  more = unread->len - 1;
  read = n_pages - unread->len;
  if (more > 0)
    /* Translators: after the error of the first page OCR could not read */
    g_string_append_printf (message, ngettext ("; %u more page could not be read",
                                               "; %u more pages could not be read", more),
                            more);
  if (read > 0)
    /* Translators: after the error of the first page OCR could not read */
    g_string_append_printf (message, ngettext ("; the other page was read",
                                               "; the other %u pages were read", read),
                            read);
  g_set_error_literal (error, first->domain, first->code, message->str);
  return FALSE;
}

gboolean
mrg_pipeline_run (MrgStore                 *store,
                  const gint64             *page_ids,
                  guint                     n_pages,
                  const MrgPipelineOptions *options,
                  MrgJob                   *job,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  g_autoptr(GHashTable) pools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                       (GDestroyNotify) mrg_ocr_pool_free);
  g_autofree MrgOcrPool **page_pools = g_new0 (MrgOcrPool *, MAX (n_pages, 1));
  /* for the pages read in their own script: the Latin pool, page_pools[] the Cyrillic one */
  g_autofree MrgOcrPool **latin_pools = g_new0 (MrgOcrPool *, MAX (n_pages, 1));
  g_autoptr(GHashTable) document_scripts = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                                  g_free, NULL);
  gboolean automatic;
  gboolean grid_only = options != NULL && options->grid_only;
  g_autofree char *project_lang = NULL;
  g_autoptr(GArray) numbers = NULL;
  const char *lang = options != NULL ? options->lang : NULL;
  ProgressState state = { job, NULL, 0, n_pages, 0, 0 };
  g_autoptr(GPtrArray) unread = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (page_ids != NULL || n_pages == 0, FALSE);
  g_return_val_if_fail (job == NULL || MRG_IS_JOB (job), FALSE);

  if (n_pages == 0)
    return TRUE;

  /* Check every page's source before the first write, so that bad input changes nothing. */
  for (guint p = 0; p < n_pages; p++)
    {
      g_auto(PageInfo) info = { 0 };

      if (!mrg_store_get_page (store, page_ids[p], &info, error))
        return FALSE;
      if (!g_file_test (info.path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_NOT_FOUND,
                       _("%s: the scan is missing (moved or deleted? use relink)"), info.path);
          return FALSE;
        }
    }
  if (job != NULL)
    {
      numbers = list_page_numbers (store, page_ids, n_pages, error);
      if (numbers == NULL)
        return FALSE;
      state.numbers = numbers;
    }

  automatic = run_by_script (store, &lang, &project_lang);
  /* Each page is read in its layout's languages (a German register beside Russian lists); every
   * pool is made before the first write, so that a language not installed changes nothing. A
   * model the project learnt from its verified cells reads in place of the one it grew from. */
  for (guint p = 0; !grid_only && p < n_pages; p++)
    {
      g_autofree char *page_lang = mrg_store_get_page_ocr_lang (store, page_ids[p], error);

      if (page_lang == NULL)
        return FALSE;
      page_pools[p] = get_pool (pools, store, *page_lang != '\0' ? page_lang : lang, options,
                                error);
      if (page_pools[p] == NULL)
        return FALSE;
      if (automatic && *page_lang == '\0')
        {
          latin_pools[p] = get_pool (pools, store, MRG_SCRIPT_LATIN_LANG, options, error);
          if (latin_pools[p] == NULL)
            return FALSE;
        }
    }

  {
    g_autoptr(PageImage) next = page_image_start (store, page_ids[0], FALSE, cancellable, error);

    if (next == NULL)
      return FALSE;
    for (guint p = 0; p < n_pages; p++)
      {
        g_autoptr(PageImage) current = g_steal_pointer (&next);
        g_autoptr(GError) page_error = NULL;
        gboolean readable;

        state.page = p;
        readable = page_image_finish (current, &page_error);
        if (g_error_matches (page_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
          {
            g_propagate_error (error, g_steal_pointer (&page_error));
            return FALSE;
          }
        /* the next page is decoded and prepared while this one's cells are read */
        if (p + 1 < n_pages)
          {
            next = page_image_start (store, page_ids[p + 1], TRUE, cancellable, error);
            if (next == NULL)
              return FALSE;
          }
        /* A scan damaged since it was imported stops only its own page: the night's OCR of a
         * few hundred pages goes on, and the run fails at the end, naming it. */
        if (!readable)
          {
            g_debug ("page %" G_GINT64_FORMAT " not read: %s", page_ids[p], page_error->message);
            g_ptr_array_add (unread, g_steal_pointer (&page_error));
            continue;
          }
        if (!process_page (store, page_pools[p], latin_pools[p], document_scripts, page_ids[p],
                           current, &state, cancellable, error))
          return FALSE;
        report_progress (&state, state.n_cells);
      }
  }
  return fail_for_unread (unread, n_pages, error);
}

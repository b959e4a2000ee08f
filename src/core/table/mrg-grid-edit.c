/* mrg-grid-edit.c: changes to a table's structure made by a person, through the edit log
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-grid-edit"

#include "config.h"

#include "mrg-grid-edit.h"
#include "mrg-store-layouts.h"

#include <glib/gi18n.h>
#include <string.h>

/* Moves every cell's box onto the grid: the i-th visible row on the i-th band. */
static gboolean
fit_cells_to_grid (MrgStore  *store,
                   gint64     table_id,
                   GError   **error)
{
  g_autoptr(MrgStoreGrid) grid = NULL;
  g_autoptr(GArray) cells = NULL;
  g_autoptr(GArray) cb = NULL;
  g_autoptr(GArray) rb = NULL;
  gint64 last_row = -1;
  int band = -1;

  grid = mrg_store_get_grid (store, table_id, error);
  if (grid == NULL)
    return FALSE;
  cells = mrg_store_list_cell_boxes (store, table_id, error);
  if (cells == NULL)
    return FALSE;
  cb = mrg_separators_to_bounds (grid->col_seps, grid->area.x1, grid->area.x2);
  rb = mrg_separators_to_bounds (grid->row_seps, grid->area.y1, grid->area.y2);

  for (guint i = 0; i < cells->len; i++)
    {
      const MrgStoreCellBox *cell = &g_array_index (cells, MrgStoreCellBox, i);
      MrgBox box = cell->box;

      if (cell->row_id != last_row)
        {
          band++;
          last_row = cell->row_id;
        }
      /* A merged cell covers its spans' bands, cut at the table's edge. */
      if (cell->col >= 0 && cell->col + 1 < (int) cb->len)
        {
          box.x1 = g_array_index (cb, int, cell->col);
          box.x2 = g_array_index (cb, int, MIN (cell->col + cell->col_span, (int) cb->len - 1));
        }
      if (band + 1 < (int) rb->len)
        {
          box.y1 = g_array_index (rb, int, band);
          box.y2 = g_array_index (rb, int, MIN (band + cell->row_span, (int) rb->len - 1));
        }
      if (memcmp (&box, &cell->box, sizeof (MrgBox)) != 0 &&
          !mrg_store_edit_cell_box (store, cell->id, &cell->box, &box, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
begin (MrgStore  *store,
       GError   **error)
{
  if (!mrg_store_begin (store, error))
    return FALSE;
  mrg_store_begin_group (store);
  return TRUE;
}

static gboolean
finish (MrgStore  *store,
        gboolean   ok,
        GError   **error)
{
  mrg_store_end_group (store);
  if (!ok)
    {
      mrg_store_rollback (store);
      return FALSE;
    }
  return mrg_store_commit (store, error);
}

/* A copy of the grid whose separators of one axis are `seps`. */
static MrgStoreGrid *
grid_with_separators (const MrgStoreGrid *grid,
                      MrgAxis             axis,
                      const GArray       *seps)
{
  MrgStoreGrid *copy = g_new0 (MrgStoreGrid, 1);

  copy->area = grid->area;
  copy->col_seps = g_array_copy (axis == MRG_AXIS_COLUMNS ? (GArray *) seps : grid->col_seps);
  copy->row_seps = g_array_copy (axis == MRG_AXIS_ROWS ? (GArray *) seps : grid->row_seps);
  return copy;
}

/* The live cell that covers column `col` of the row at `row_idx`, itself or merged; NULL when
 * none does. */
static MrgStoreCellBox *
find_covering (GArray *cells,
               int     row_idx,
               int     col)
{
  for (guint i = 0; i < cells->len; i++)
    {
      MrgStoreCellBox *c = &g_array_index (cells, MrgStoreCellBox, i);

      if (c->row_idx <= row_idx && row_idx < c->row_idx + c->row_span &&
          c->col <= col && col < c->col + c->col_span)
        return c;
    }
  return NULL;
}

static gboolean
set_span (MrgStore         *store,
          MrgStoreCellBox  *cell,
          int               row_span,
          int               col_span,
          GError          **error)
{
  if (!mrg_store_edit_cell_span (store, cell, row_span, col_span, error))
    return FALSE;
  cell->row_span = row_span;
  cell->col_span = col_span;
  return TRUE;
}

/* Splits `text` where the words of the page's text layer inside `box` cross x = `at`, when those
 * words are the text (a cell nobody retyped); otherwise all of it stays on the left. */
static void
split_text (GArray      *words,
            GPtrArray   *word_texts,
            const MrgBox *box,
            const char  *text,
            int          at,
            char       **out_left,
            char       **out_right)
{
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GString) left = g_string_new (NULL);
  g_autoptr(GString) right = g_string_new (NULL);
  g_autoptr(GString) normal = g_string_new (NULL);
  g_auto(GStrv) tokens = g_strsplit_set (text, " \t\n", -1);

  for (guint i = 0; words != NULL && i < words->len; i++)
    {
      const MrgBox *w = &g_array_index (words, MrgBox, i);
      const char *t = g_ptr_array_index (word_texts, i);
      int cx = (w->x1 + w->x2) / 2, cy = (w->y1 + w->y2) / 2;
      GString *side;

      if (cx < box->x1 || cx >= box->x2 || cy < box->y1 || cy >= box->y2)
        continue;
      side = cx < at ? left : right;
      g_string_append_printf (all, "%s%s", all->len > 0 ? " " : "", t);
      g_string_append_printf (side, "%s%s", side->len > 0 ? " " : "", t);
    }
  /* The page's words run left to right within a line; compare without the spacing. */
  for (guint i = 0; tokens[i] != NULL; i++)
    if (*tokens[i] != '\0')
      g_string_append_printf (normal, "%s%s", normal->len > 0 ? " " : "", tokens[i]);
  if (all->len > 0 && strcmp (all->str, normal->str) == 0)
    {
      *out_left = g_strdup (left->str);
      *out_right = g_strdup (right->str);
      return;
    }
  *out_left = g_strdup (text);
  *out_right = g_strdup ("");
}

/* A separator at x = `at` inside column `k`: every cell of that column becomes two, its text
 * split where the page's words allow (else kept on the left); a merged cell across it widens. */
static gboolean
split_column (MrgStore  *store,
              MrgTable  *table,
              int        k,
              int        at,
              GError   **error)
{
  g_autoptr(GArray) cells = mrg_store_list_cell_boxes (store, table->table_id, error);
  g_autoptr(GPtrArray) word_texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) words = NULL;

  if (cells == NULL)
    return FALSE;
  words = mrg_store_get_page_words (store, table->page_id, word_texts, NULL);
  /* Right to left, so that no two cells of a row are ever in one column. */
  for (guint i = cells->len; i-- > 0;)
    {
      MrgStoreCellBox *c = &g_array_index (cells, MrgStoreCellBox, i);

      if (c->col > k && !mrg_store_move_cell (store, c->id, c->col, c->col + 1, error))
        return FALSE;
    }
  for (guint i = 0; i < cells->len; i++)
    {
      MrgStoreCellBox *c = &g_array_index (cells, MrgStoreCellBox, i);
      g_autofree char *text = NULL;
      g_autofree char *left = NULL;
      g_autofree char *right = NULL;
      MrgBox left_box = c->box, right_box = c->box;

      if (c->col > k || c->col + c->col_span <= k)
        continue;
      if (c->col_span > 1)
        {
          if (!set_span (store, c, c->row_span, c->col_span + 1, error))
            return FALSE;
          continue;
        }
      text = mrg_store_get_cell_text (store, c->id);
      split_text (words, word_texts, &c->box, text != NULL ? text : "", at, &left, &right);
      left_box.x2 = right_box.x1 = CLAMP (at, c->box.x1, c->box.x2);
      if ((*right != '\0' && !mrg_store_edit_cell_text (store, c->id, left, error)) ||
          !mrg_store_edit_cell_box (store, c->id, &c->box, &left_box, error) ||
          mrg_store_insert_cell (store,
                                 &(MrgStoreCellBox) { .row_id = c->row_id, .col = k + 1,
                                                      .row_span = c->row_span, .col_span = 1,
                                                      .box = right_box },
                                 right, error) == 0)
        return FALSE;
    }
  return TRUE;
}

/* Appends `b` to the text of cell `into`, with a space; nothing is dropped. */
static gboolean
append_text (MrgStore    *store,
             gint64       into,
             const char  *b,
             GError     **error)
{
  g_autofree char *a = mrg_store_get_cell_text (store, into);
  g_autofree char *joined = NULL;

  if (b == NULL || *b == '\0')
    return TRUE;
  joined = a != NULL && *a != '\0' ? g_strconcat (a, " ", b, NULL) : g_strdup (b);
  return mrg_store_edit_cell_text (store, into, joined, error);
}

static gboolean
append_cell_text (MrgStore  *store,
                  gint64     into,
                  gint64     from,
                  GError   **error)
{
  g_autofree char *b = mrg_store_get_cell_text (store, from);

  return append_text (store, into, b, error);
}

/* The separator between columns `k` and `k + 1` taken away: each cell of column k + 1 merges into
 * the cell on its left (texts joined with a space), the cells right of it move left. */
static gboolean
merge_column (MrgStore  *store,
              MrgTable  *table,
              int        k,
              GError   **error)
{
  g_autoptr(GArray) cells = mrg_store_list_cell_boxes (store, table->table_id, error);

  if (cells == NULL)
    return FALSE;
  for (guint i = 0; i < cells->len; i++)
    {
      MrgStoreCellBox *b = &g_array_index (cells, MrgStoreCellBox, i);
      MrgStoreCellBox *a;

      if (b->col == k + 1)
        {
          a = find_covering (cells, b->row_idx, k);
          if (a == NULL)
            {
              if (!mrg_store_move_cell (store, b->id, b->col, k, error))
                return FALSE;
              b->col = k;
              continue;
            }
          if (!append_cell_text (store, a->id, b->id, error) ||
              !set_span (store, a,
                         MAX (a->row_span, b->row_idx + b->row_span - a->row_idx),
                         a->col_span + b->col_span - 1, error) ||
              !mrg_store_remove_cell (store, b->id, b->col, error))
            return FALSE;
          b->col = -1;
        }
    }
  for (guint i = 0; i < cells->len; i++)
    {
      MrgStoreCellBox *c = &g_array_index (cells, MrgStoreCellBox, i);

      if (c->col >= 0 && c->col <= k && c->col + c->col_span > k + 1 &&
          !set_span (store, c, c->row_span, c->col_span - 1, error))
        return FALSE;
      if (c->col > k + 1 && !mrg_store_move_cell (store, c->id, c->col, c->col - 1, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
contains_int (const GArray *values,
              int           v)
{
  for (guint i = 0; i < values->len; i++)
    if (g_array_index (values, int, i) == v)
      return TRUE;
  return FALSE;
}

/* Removes the column separators that `new_seps` no longer has, merging their cells, then adds
 * those it has in addition, splitting theirs. Moved separators (as many before as after) only
 * move the cells' boxes. */
static gboolean
change_columns (MrgStore      *store,
                MrgTable      *table,
                const GArray  *old_seps,
                const GArray  *new_seps,
                GError       **error)
{
  g_autoptr(GArray) cur = g_array_copy ((GArray *) old_seps);

  if (old_seps->len == new_seps->len)
    return TRUE;
  for (guint i = cur->len; i-- > 0;)
    if (!contains_int (new_seps, g_array_index (cur, int, i)))
      {
        if (!merge_column (store, table, i, error))
          return FALSE;
        g_array_remove_index (cur, i);
      }
  for (guint i = 0; i < new_seps->len; i++)
    {
      int v = g_array_index (new_seps, int, i);
      guint k = 0;

      if (contains_int (cur, v))
        continue;
      while (k < cur->len && g_array_index (cur, int, k) < v)
        k++;
      if (!split_column (store, table, k, v, error))
        return FALSE;
      g_array_insert_val (cur, k, v);
    }
  return TRUE;
}

gboolean
mrg_grid_edit_set_separators (MrgStore  *store,
                              MrgTable  *table,
                              MrgAxis    axis,
                              GArray    *seps,
                              GError   **error)
{
  g_autoptr(MrgStoreGrid) grid = NULL;
  g_autoptr(MrgStoreGrid) new_grid = NULL;
  g_autoptr(GArray) clean = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean ok;
  int lo, hi;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL && seps != NULL, FALSE);

  if (!begin (store, error))
    return FALSE;
  grid = mrg_store_get_grid (store, table->table_id, error);
  ok = grid != NULL;
  if (ok)
    {
      lo = axis == MRG_AXIS_COLUMNS ? grid->area.x1 : grid->area.y1;
      hi = axis == MRG_AXIS_COLUMNS ? grid->area.x2 : grid->area.y2;
      g_array_append_vals (clean, seps->data, seps->len);
      g_array_sort (clean, mrg_compare_int);
      /* Keep them inside the area and apart: two separators on one pixel make an empty cell. */
      for (guint i = 0; i < clean->len;)
        {
          int v = g_array_index (clean, int, i);

          if (v <= lo || v >= hi || (i > 0 && v <= g_array_index (clean, int, i - 1) + 1))
            g_array_remove_index (clean, i);
          else
            i++;
        }
      new_grid = grid_with_separators (grid, axis, clean);
      ok = (axis != MRG_AXIS_COLUMNS ||
            change_columns (store, table, grid->col_seps, clean, error)) &&
           mrg_store_edit_grid (store, table->table_id, grid, new_grid, error) &&
           fit_cells_to_grid (store, table->table_id, error);
    }
  return finish (store, ok, error);
}

static int
scale_into (int v,
            int old_lo,
            int old_hi,
            int new_lo,
            int new_hi)
{
  if (old_hi <= old_lo)
    return new_lo;
  return new_lo + (int) ((gint64) (v - old_lo) * (new_hi - new_lo) / (old_hi - old_lo));
}

/* The separators scaled from (old_lo, old_hi) into (new_lo, new_hi). */
static GArray *
scale_separators (const GArray *seps,
                  int           old_lo,
                  int           old_hi,
                  int           new_lo,
                  int           new_hi)
{
  GArray *scaled = g_array_sized_new (FALSE, FALSE, sizeof (int), seps->len);

  for (guint i = 0; i < seps->len; i++)
    {
      int v = scale_into (g_array_index (seps, int, i), old_lo, old_hi, new_lo, new_hi);

      g_array_append_val (scaled, v);
    }
  return scaled;
}

gboolean
mrg_grid_edit_set_area (MrgStore      *store,
                        MrgTable      *table,
                        const MrgBox  *new_area,
                        GError       **error)
{
  g_autoptr(MrgStoreGrid) grid = NULL;
  MrgStoreGrid new_grid = { 0 };
  gboolean ok;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (new_area->x2 > new_area->x1 && new_area->y2 > new_area->y1, FALSE);

  if (!begin (store, error))
    return FALSE;
  grid = mrg_store_get_grid (store, table->table_id, error);
  ok = grid != NULL;
  if (ok)
    {
      new_grid.area = *new_area;
      new_grid.col_seps = scale_separators (grid->col_seps, grid->area.x1, grid->area.x2,
                                            new_area->x1, new_area->x2);
      new_grid.row_seps = scale_separators (grid->row_seps, grid->area.y1, grid->area.y2,
                                            new_area->y1, new_area->y2);
      ok = mrg_store_edit_grid (store, table->table_id, grid, &new_grid, error) &&
           fit_cells_to_grid (store, table->table_id, error);
      g_array_unref (new_grid.col_seps);
      g_array_unref (new_grid.row_seps);
    }
  return finish (store, ok, error);
}

/* A row inserted below the row at `idx`, inside a merged cell that reaches below it: the merged
 * cell grows by a row and the new row's cells under it go. */
static gboolean
widen_spans_over (MrgStore  *store,
                  MrgTable  *table,
                  int        idx,
                  GError   **error)
{
  g_autoptr(GArray) cells = mrg_store_list_cell_boxes (store, table->table_id, error);

  if (cells == NULL)
    return FALSE;
  for (guint i = 0; i < cells->len; i++)
    {
      MrgStoreCellBox *a = &g_array_index (cells, MrgStoreCellBox, i);

      if (a->row_span == 1 || a->row_idx > idx || a->row_idx + a->row_span - 1 <= idx)
        continue;
      for (guint j = 0; j < cells->len; j++)
        {
          MrgStoreCellBox *c = &g_array_index (cells, MrgStoreCellBox, j);

          if (c->row_idx == idx + 1 && c->col >= a->col && c->col < a->col + a->col_span &&
              !mrg_store_remove_cell (store, c->id, c->col, error))
            return FALSE;
        }
      if (!set_span (store, a, a->row_span + 1, a->col_span, error))
        return FALSE;
    }
  return TRUE;
}

/* Before the table's row `row` goes: a merged cell over it loses a row; one that begins in it
 * moves to the row below, text and all, so that no text goes with the row unseen. */
static gboolean
narrow_spans_over (MrgStore  *store,
                   MrgTable  *table,
                   guint      row,
                   GError   **error)
{
  g_autoptr(GArray) cells = mrg_store_list_cell_boxes (store, table->table_id, error);
  MrgTableRow *below = mrg_table_get_row (table, row + 1);
  int idx = mrg_table_get_row (table, row)->idx;

  if (cells == NULL)
    return FALSE;
  for (guint i = 0; i < cells->len; i++)
    {
      MrgStoreCellBox *a = &g_array_index (cells, MrgStoreCellBox, i);
      g_autofree char *text = NULL;

      if (a->row_span == 1 || a->row_idx > idx || a->row_idx + a->row_span - 1 < idx)
        continue;
      if (a->row_idx < idx)
        {
          if (!set_span (store, a, a->row_span - 1, a->col_span, error))
            return FALSE;
          continue;
        }
      text = mrg_store_get_cell_text (store, a->id);
      if (below != NULL &&
          mrg_store_insert_cell (store,
                                 &(MrgStoreCellBox) { .row_id = below->id, .col = a->col,
                                                      .row_span = a->row_span - 1,
                                                      .col_span = a->col_span, .box = a->box },
                                 text, error) == 0)
        return FALSE;
    }
  return TRUE;
}

gboolean
mrg_grid_edit_split_row (MrgStore  *store,
                         MrgTable  *table,
                         guint      row,
                         GError   **error)
{
  MrgTableRow *r = mrg_table_get_row (table, row);
  g_autoptr(MrgStoreGrid) grid = NULL;
  g_autofree MrgBox *boxes = NULL;
  gboolean ok;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (r != NULL, FALSE);

  boxes = g_new0 (MrgBox, MAX (table->n_cols, 1));
  for (guint c = 0; c < table->n_cols; c++)
    boxes[c] = r->cells[c].box;

  if (!begin (store, error))
    return FALSE;
  grid = mrg_store_get_grid (store, table->table_id, error);
  ok = grid != NULL &&
       mrg_store_insert_row (store, table->table_id, r->idx + 1, boxes, table->n_cols,
                             error) != 0 &&
       widen_spans_over (store, table, r->idx, error);
  if (ok && row + 1 <= grid->row_seps->len + 1)
    {
      g_autoptr(GArray) bounds = mrg_separators_to_bounds (grid->row_seps, grid->area.y1,
                                                           grid->area.y2);
      g_autoptr(GArray) new_seps = g_array_copy (grid->row_seps);
      g_autoptr(MrgStoreGrid) new_grid = NULL;

      if (row + 1 < bounds->len)
        {
          int top = g_array_index (bounds, int, row);
          int bottom = g_array_index (bounds, int, row + 1);

          if (bottom - top >= 4)
            {
              int mid = (top + bottom) / 2;

              g_array_append_val (new_seps, mid);
              g_array_sort (new_seps, mrg_compare_int);
            }
        }
      new_grid = grid_with_separators (grid, MRG_AXIS_ROWS, new_seps);
      ok = mrg_store_edit_grid (store, table->table_id, grid, new_grid, error);
    }
  if (ok)
    ok = fit_cells_to_grid (store, table->table_id, error);
  return finish (store, ok, error);
}

/* Deletes row `row` (undo brings it back) and drops the separator at `sep` (or none if < 0). */
static gboolean
remove_row (MrgStore  *store,
            MrgTable  *table,
            guint      row,
            int        sep,
            GError   **error)
{
  MrgTableRow *r = mrg_table_get_row (table, row);
  g_autoptr(MrgStoreGrid) grid = NULL;
  g_autoptr(MrgStoreGrid) new_grid = NULL;
  g_autoptr(GArray) new_seps = NULL;

  grid = mrg_store_get_grid (store, table->table_id, error);
  if (grid == NULL)
    return FALSE;
  new_seps = g_array_copy (grid->row_seps);
  if (sep >= 0 && sep < (int) new_seps->len)
    g_array_remove_index (new_seps, sep);
  new_grid = grid_with_separators (grid, MRG_AXIS_ROWS, new_seps);
  return narrow_spans_over (store, table, row, error) &&
         mrg_store_delete_row (store, r->id, error) &&
         mrg_store_edit_grid (store, table->table_id, grid, new_grid, error) &&
         fit_cells_to_grid (store, table->table_id, error);
}

gboolean
mrg_grid_edit_merge_rows (MrgStore  *store,
                          MrgTable  *table,
                          guint      row,
                          GError   **error)
{
  MrgTableRow *r = mrg_table_get_row (table, row);
  MrgTableRow *next = mrg_table_get_row (table, row + 1);
  gboolean ok;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  if (r == NULL || next == NULL)
    return TRUE;

  if (!begin (store, error))
    return FALSE;
  ok = TRUE;
  for (guint c = 0; ok && c < table->n_cols; c++)
    {
      const char *b = next->cells[c].text != NULL ? next->cells[c].text : "";
      guint into_row = row, into_col = c;
      MrgTableCell *into;

      if (*b == '\0')
        continue;
      /* The lower text goes to the cell above it, merged or not; a row without a cell there
       * gets one, so that no text is dropped. */
      into = mrg_table_get_merged_cell (table, &into_row, &into_col);
      if (into == NULL || into->id == 0)
        {
          ok = mrg_store_insert_cell (store,
                                      &(MrgStoreCellBox) { .row_id = r->id, .col = (int) c,
                                                           .row_span = 1, .col_span = 1,
                                                           .box = next->cells[c].box },
                                      b, error) != 0;
          continue;
        }
      ok = append_text (store, into->id, b, error);
    }
  if (ok)
    ok = remove_row (store, table, row + 1, row, error);
  return finish (store, ok, error);
}

gboolean
mrg_grid_edit_delete_row (MrgStore  *store,
                          MrgTable  *table,
                          guint      row,
                          GError   **error)
{
  gboolean ok;
  int sep;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (mrg_table_get_row (table, row) != NULL, FALSE);

  /* The band of a deleted row goes to the row below it, or above for the last row. */
  sep = row < table->row_seps->len ? (int) row : (int) row - 1;
  if (!begin (store, error))
    return FALSE;
  ok = remove_row (store, table, row, sep, error);
  return finish (store, ok, error);
}

/* The row idx of the table's row `row`, as the store's spans count rows. */
static int
row_idx (MrgTable *table,
         guint     row)
{
  return mrg_table_get_row (table, row)->idx;
}

gboolean
mrg_grid_edit_merge_cells (MrgStore  *store,
                           MrgTable  *table,
                           guint      row,
                           guint      col,
                           guint      n_rows,
                           guint      n_cols,
                           GError   **error)
{
  g_autoptr(GArray) cells = NULL;
  MrgStoreCellBox *anchor;
  int top, bottom;
  gboolean ok = TRUE;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (n_rows >= 1 && n_cols >= 1, FALSE);
  g_return_val_if_fail (row + n_rows <= table->rows->len && col + n_cols <= table->n_cols, FALSE);

  if (n_rows == 1 && n_cols == 1)
    return TRUE;
  top = row_idx (table, row);
  bottom = row_idx (table, row + n_rows - 1);
  if (!begin (store, error))
    return FALSE;
  cells = mrg_store_list_cell_boxes (store, table->table_id, error);
  ok = cells != NULL;
  anchor = ok ? find_covering (cells, top, col) : NULL;
  if (ok && (anchor == NULL || anchor->row_idx != top || anchor->col != (int) col))
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_INVALID,
                   _("The first cell of the selection is part of another merged cell"));
      ok = FALSE;
    }
  /* Every cell that reaches into the selection must lie inside it, or the merge is no
   * rectangle. Texts are joined in reading order. */
  for (guint i = 0; ok && i < cells->len; i++)
    {
      MrgStoreCellBox *c = &g_array_index (cells, MrgStoreCellBox, i);
      gboolean meets = c->row_idx <= bottom && c->row_idx + c->row_span > top &&
                       c->col < (int) (col + n_cols) && c->col + c->col_span > (int) col;
      gboolean inside = c->row_idx >= top && c->row_idx + c->row_span - 1 <= bottom &&
                        c->col >= (int) col && c->col + c->col_span <= (int) (col + n_cols);

      if (!meets || c == anchor)
        continue;
      if (!inside)
        {
          g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_INVALID,
                       _("The selection cuts through a merged cell: select all of it"));
          ok = FALSE;
          break;
        }
      ok = append_cell_text (store, anchor->id, c->id, error) &&
           mrg_store_remove_cell (store, c->id, c->col, error);
    }
  ok = ok && set_span (store, anchor, bottom - top + 1, n_cols, error) &&
       fit_cells_to_grid (store, table->table_id, error);
  return finish (store, ok, error);
}

gboolean
mrg_grid_edit_split_cell (MrgStore  *store,
                          MrgTable  *table,
                          guint      row,
                          guint      col,
                          GError   **error)
{
  g_autoptr(GArray) cells = NULL;
  MrgStoreCellBox *anchor;
  MrgTableCell *cell;
  gboolean ok;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);

  cell = mrg_table_get_merged_cell (table, &row, &col);
  if (cell == NULL || cell->id == 0 || (cell->row_span == 1 && cell->col_span == 1))
    return TRUE;
  if (!begin (store, error))
    return FALSE;
  cells = mrg_store_list_cell_boxes (store, table->table_id, error);
  ok = cells != NULL;
  anchor = ok ? find_covering (cells, row_idx (table, row), col) : NULL;
  ok = anchor != NULL && anchor->id == cell->id;
  /* The places under it get cells of their own, empty: the text stays in the first one. */
  for (guint r = row; ok && r < row + cell->row_span; r++)
    for (guint c = col; ok && c < col + cell->col_span; c++)
      if ((r != row || c != col) &&
          mrg_store_insert_cell (store,
                                 &(MrgStoreCellBox) { .row_id = mrg_table_get_row (table, r)->id,
                                                      .col = (int) c, .row_span = 1, .col_span = 1,
                                                      .box = cell->box },
                                 "", error) == 0)
        ok = FALSE;
  ok = ok && set_span (store, anchor, 1, 1, error) &&
       fit_cells_to_grid (store, table->table_id, error);
  return finish (store, ok, error);
}

/* A table drawn by hand is read with the layout of the table before it in its document (the
 * previous page's), as OCR would read it; the first one of a document with the project's
 * first layout. */
static gboolean
adopt_previous_layout (MrgStore  *store,
                       gint64     page_id,
                       gint64     table_id,
                       GError   **error)
{
  g_autoptr(GError) local = NULL;
  gint64 layout_id = mrg_store_get_previous_layout (store, page_id, G_MAXINT, &local);

  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return layout_id == 0 || mrg_store_adopt_layout (store, table_id, layout_id, error);
}

gint64
mrg_grid_edit_create_table (MrgStore      *store,
                            gint64         page_id,
                            const MrgBox  *area,
                            guint          n_rows,
                            guint          n_cols,
                            GError       **error)
{
  g_autofree int *col_seps = g_new0 (int, MAX (n_cols, 1));
  g_autofree int *row_seps = g_new0 (int, MAX (n_rows, 1));
  int w = area->x2 - area->x1, h = area->y2 - area->y1;
  gint64 table_id;

  g_return_val_if_fail (MRG_IS_STORE (store), 0);
  g_return_val_if_fail (n_rows > 0 && n_cols > 0, 0);

  for (guint c = 1; c < n_cols; c++)
    col_seps[c - 1] = area->x1 + (int) ((gint64) w * c / n_cols);
  for (guint r = 1; r < n_rows; r++)
    row_seps[r - 1] = area->y1 + (int) ((gint64) h * r / n_rows);

  if (!mrg_store_begin (store, error))
    return 0;
  table_id = mrg_store_add_table (store, page_id, area,
                                  &(MrgStoreSeparators) { col_seps, n_cols - 1,
                                                          row_seps, n_rows - 1 },
                                  error);
  if (table_id != 0 && !adopt_previous_layout (store, page_id, table_id, error))
    table_id = 0;
  for (guint r = 0; table_id != 0 && r < n_rows; r++)
    {
      gint64 row_id = mrg_store_add_row (store, table_id, r, r == 0, error);

      if (row_id == 0)
        {
          table_id = 0;
          break;
        }
      for (guint c = 0; c < n_cols; c++)
        {
          MrgBox box = {
            c == 0 ? area->x1 : col_seps[c - 1], r == 0 ? area->y1 : row_seps[r - 1],
            c + 1 == n_cols ? area->x2 : col_seps[c], r + 1 == n_rows ? area->y2 : row_seps[r],
          };

          if (mrg_store_add_cell (store, row_id, c, &box, NULL, -1, error) == 0)
            {
              table_id = 0;
              break;
            }
        }
    }
  if (table_id == 0 || !mrg_store_commit (store, error))
    {
      mrg_store_rollback (store);
      return 0;
    }
  return table_id;
}

gboolean
mrg_grid_edit_set_column (MrgStore       *store,
                          gint64          table_id,
                          int             position,
                          const char     *name,
                          MrgColumnType   type,
                          GError        **error)
{
  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!begin (store, error))
    return FALSE;
  return finish (store,
                 mrg_store_edit_table_column (store, table_id, position, name, type, error),
                 error);
}

gboolean
mrg_grid_edit_accept_columns (MrgStore  *store,
                              gint64     table_id,
                              GError   **error)
{
  g_autoptr(GError) local = NULL;
  gint64 layout_id;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);

  layout_id = mrg_store_get_table_layout (store, table_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (layout_id == 0)
    return TRUE;
  if (!begin (store, error))
    return FALSE;
  return finish (store, mrg_store_accept_layout_columns (store, layout_id, error), error);
}

#define DRAFT_KEY "window.draft"

gboolean
mrg_grid_edit_save_draft (MrgStore    *store,
                          gint64       cell_id,
                          const char  *text,
                          GError     **error)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);

  if (mrg_store_is_read_only (store) || mrg_store_in_transaction (store))
    return TRUE;
  value = cell_id != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT "\t%s", cell_id, text) : g_strdup ("");
  return mrg_store_set_meta (store, DRAFT_KEY, value, error);
}

gboolean
mrg_grid_edit_restore_draft (MrgStore  *store,
                             gint64    *out_cell_id,
                             GError   **error)
{
  g_autofree char *draft = NULL;
  g_autofree char *text = NULL;
  const char *tab;
  gint64 cell_id;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);

  *out_cell_id = 0;
  if (mrg_store_is_read_only (store))
    return TRUE;
  draft = mrg_store_get_meta (store, DRAFT_KEY);
  if (draft == NULL || *draft == '\0' || (tab = strchr (draft, '\t')) == NULL)
    return TRUE;
  cell_id = g_ascii_strtoll (draft, NULL, 10);
  text = mrg_store_get_cell_text (store, cell_id);
  if (text != NULL && g_strcmp0 (text, tab + 1) != 0)
    {
      if (!mrg_store_edit_cell_text (store, cell_id, tab + 1, error))
        return FALSE;
      *out_cell_id = cell_id;
    }
  return mrg_store_set_meta (store, DRAFT_KEY, "", error);
}

GArray *
mrg_grid_separator_breaks (MrgTable *table,
                           MrgAxis   axis,
                           int       pos)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, 2 * sizeof (int));
  GArray *breaks = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint r = 0; r < table->rows->len; r++)
    {
      MrgTableRow *row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_cols; c++)
        {
          const MrgTableCell *cell = &row->cells[c];
          const MrgBox *b = &cell->box;
          int stretch[2];

          if (cell->id == 0 || (cell->row_span <= 1 && cell->col_span <= 1))
            continue;
          if (axis == MRG_AXIS_COLUMNS && b->x1 < pos && pos < b->x2)
            stretch[0] = b->y1, stretch[1] = b->y2;
          else if (axis == MRG_AXIS_ROWS && b->y1 < pos && pos < b->y2)
            stretch[0] = b->x1, stretch[1] = b->x2;
          else
            continue;
          g_array_append_val (found, stretch);
        }
    }
  /* By where they start, then joined where they touch or overlap. */
  g_array_sort (found, mrg_compare_int);
  for (guint i = 0; i < found->len; i++)
    {
      const int *stretch = &g_array_index (found, int, 2 * i);
      int *last = breaks->len > 0 ? &g_array_index (breaks, int, breaks->len - 1) : NULL;

      if (last != NULL && stretch[0] <= *last)
        *last = MAX (*last, stretch[1]);
      else
        g_array_append_vals (breaks, stretch, 2);
    }
  return breaks;
}

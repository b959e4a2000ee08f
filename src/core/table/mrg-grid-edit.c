/* mrg-grid-edit.c: changes to a table's structure made by a person, through the edit log
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-grid-edit"

#include "config.h"

#include "mrg-grid-edit.h"
#include "mrg-store-layouts.h"

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
      if (cell->col >= 0 && cell->col + 1 < (int) cb->len)
        {
          box.x1 = g_array_index (cb, int, cell->col);
          box.x2 = g_array_index (cb, int, cell->col + 1);
        }
      if (band + 1 < (int) rb->len)
        {
          box.y1 = g_array_index (rb, int, band);
          box.y2 = g_array_index (rb, int, band + 1);
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

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
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
      g_array_sort (clean, compare_int);
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
      ok = mrg_store_edit_grid (store, table->table_id, grid, new_grid, error) &&
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
                             error) != 0;
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
              g_array_sort (new_seps, compare_int);
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
  return mrg_store_delete_row (store, r->id, error) &&
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
      const char *a = r->cells[c].text != NULL ? r->cells[c].text : "";
      const char *b = next->cells[c].text != NULL ? next->cells[c].text : "";
      g_autofree char *joined = NULL;

      if (r->cells[c].id == 0 || *b == '\0')
        continue;
      joined = *a != '\0' ? g_strconcat (a, " ", b, NULL) : g_strdup (b);
      ok = mrg_store_edit_cell_text (store, r->cells[c].id, joined, error);
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
  table_id = mrg_store_add_table (store, page_id, area, col_seps, n_cols - 1, row_seps,
                                  n_rows - 1, error);
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

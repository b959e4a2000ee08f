/* mrg-grid-edit.c: changes to a table's structure made by a person, through the edit log
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-grid-edit"

#include "config.h"

#include "mrg-grid-edit.h"

#include <string.h>

static gboolean
set_int_field (MrgStore    *store,
               const char  *kind,
               const char  *table,
               gint64       id,
               const char  *field,
               int          old_value,
               int          new_value,
               GError     **error)
{
  char old_s[16], new_s[16];

  if (old_value == new_value)
    return TRUE;
  g_snprintf (old_s, sizeof old_s, "%d", old_value);
  g_snprintf (new_s, sizeof new_s, "%d", new_value);
  return mrg_store_change_field (store, kind, table, id, field, old_s, new_s, error);
}

/* Reads the table's current area and separators from the database (not from a MrgTable that may
 * be older than the changes made in this transaction). */
static gboolean
read_grid (MrgStore  *store,
           gint64     table_id,
           MrgBox    *area,
           GArray   **cols,
           GArray   **rows,
           GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = mrg_store_prepare (store,
                            "SELECT x1, y1, x2, y2, col_seps, row_seps FROM tables WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, table_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND,
                     "%s: the table is gone", mrg_store_get_path (store));
      else
        mrg_store_set_error (store, error, rc, "reading the grid");
      return FALSE;
    }
  area->x1 = sqlite3_column_int (stmt, 0);
  area->y1 = sqlite3_column_int (stmt, 1);
  area->x2 = sqlite3_column_int (stmt, 2);
  area->y2 = sqlite3_column_int (stmt, 3);
  *cols = mrg_parse_separators ((const char *) sqlite3_column_text (stmt, 4), area->x1, area->x2);
  *rows = mrg_parse_separators ((const char *) sqlite3_column_text (stmt, 5), area->y1, area->y2);
  return TRUE;
}

/* Moves every cell's box onto the grid: the i-th visible row on the i-th band. */
static gboolean
fit_cells_to_grid (MrgStore  *store,
                   gint64     table_id,
                   GError   **error)
{
  g_autoptr(GArray) col_seps = NULL;
  g_autoptr(GArray) row_seps = NULL;
  g_autoptr(GArray) cb = NULL;
  g_autoptr(GArray) rb = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MrgBox area;
  gint64 last_row = -1;
  int band = -1;
  int rc;

  if (!read_grid (store, table_id, &area, &col_seps, &row_seps, error))
    return FALSE;
  cb = mrg_separators_to_bounds (col_seps, area.x1, area.x2);
  rb = mrg_separators_to_bounds (row_seps, area.y1, area.y2);

  stmt = mrg_store_prepare (store,
                            "SELECT c.id, c.col, c.x1, c.y1, c.x2, c.y2, r.id FROM cells c"
                            " JOIN rows r ON r.id = c.row_id WHERE r.table_id = ? AND r.idx >= 0"
                            " ORDER BY r.idx, r.id, c.col",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, table_id);

  typedef struct
  {
    gint64 id;
    MrgBox old_box;
    MrgBox new_box;
  } Change;
  {
    g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (Change));

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        Change ch;
        int col = sqlite3_column_int (stmt, 1);
        gint64 row_id = sqlite3_column_int64 (stmt, 6);

        if (row_id != last_row)
          {
            band++;
            last_row = row_id;
          }
        ch.id = sqlite3_column_int64 (stmt, 0);
        ch.old_box.x1 = sqlite3_column_int (stmt, 2);
        ch.old_box.y1 = sqlite3_column_int (stmt, 3);
        ch.old_box.x2 = sqlite3_column_int (stmt, 4);
        ch.old_box.y2 = sqlite3_column_int (stmt, 5);
        ch.new_box = ch.old_box;
        if (col >= 0 && col + 1 < (int) cb->len)
          {
            ch.new_box.x1 = g_array_index (cb, int, col);
            ch.new_box.x2 = g_array_index (cb, int, col + 1);
          }
        if (band + 1 < (int) rb->len)
          {
            ch.new_box.y1 = g_array_index (rb, int, band);
            ch.new_box.y2 = g_array_index (rb, int, band + 1);
          }
        if (memcmp (&ch.old_box, &ch.new_box, sizeof (MrgBox)) != 0)
          g_array_append_val (list, ch);
      }
    if (rc != SQLITE_DONE)
      return mrg_store_set_error (store, error, rc, "reading the cells");
    g_clear_pointer (&stmt, sqlite3_finalize);

    for (guint i = 0; i < list->len; i++)
      {
        Change *ch = &g_array_index (list, Change, i);

        if (!set_int_field (store, "cell-box", "cells", ch->id, "x1", ch->old_box.x1,
                            ch->new_box.x1, error) ||
            !set_int_field (store, "cell-box", "cells", ch->id, "y1", ch->old_box.y1,
                            ch->new_box.y1, error) ||
            !set_int_field (store, "cell-box", "cells", ch->id, "x2", ch->old_box.x2,
                            ch->new_box.x2, error) ||
            !set_int_field (store, "cell-box", "cells", ch->id, "y2", ch->old_box.y2,
                            ch->new_box.y2, error))
          return FALSE;
      }
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

static gboolean
write_separators (MrgStore    *store,
                  gint64       table_id,
                  MrgAxis      axis,
                  GArray      *old_seps,
                  GArray      *new_seps,
                  GError     **error)
{
  g_autofree char *old_json = mrg_format_separators (old_seps);
  g_autofree char *new_json = mrg_format_separators (new_seps);

  return mrg_store_change_field (store, "grid", "tables", table_id,
                                 axis == MRG_AXIS_COLUMNS ? "col_seps" : "row_seps", old_json,
                                 new_json, error);
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
  g_autoptr(GArray) cols = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) clean = g_array_new (FALSE, FALSE, sizeof (int));
  MrgBox area;
  gboolean ok;
  int lo, hi;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL && seps != NULL, FALSE);

  if (!begin (store, error))
    return FALSE;
  ok = read_grid (store, table->table_id, &area, &cols, &rows, error);
  if (ok)
    {
      lo = axis == MRG_AXIS_COLUMNS ? area.x1 : area.y1;
      hi = axis == MRG_AXIS_COLUMNS ? area.x2 : area.y2;
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
      ok = write_separators (store, table->table_id, axis,
                             axis == MRG_AXIS_COLUMNS ? cols : rows, clean, error) &&
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

gboolean
mrg_grid_edit_set_area (MrgStore      *store,
                        MrgTable      *table,
                        const MrgBox  *new_area,
                        GError       **error)
{
  g_autoptr(GArray) cols = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) new_cols = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) new_rows = g_array_new (FALSE, FALSE, sizeof (int));
  MrgBox area;
  gboolean ok;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (new_area->x2 > new_area->x1 && new_area->y2 > new_area->y1, FALSE);

  if (!begin (store, error))
    return FALSE;
  ok = read_grid (store, table->table_id, &area, &cols, &rows, error);
  if (ok)
    {
      for (guint i = 0; i < cols->len; i++)
        {
          int v = scale_into (g_array_index (cols, int, i), area.x1, area.x2, new_area->x1,
                              new_area->x2);
          g_array_append_val (new_cols, v);
        }
      for (guint i = 0; i < rows->len; i++)
        {
          int v = scale_into (g_array_index (rows, int, i), area.y1, area.y2, new_area->y1,
                              new_area->y2);
          g_array_append_val (new_rows, v);
        }
      ok = set_int_field (store, "grid", "tables", table->table_id, "x1", area.x1,
                          new_area->x1, error) &&
           set_int_field (store, "grid", "tables", table->table_id, "y1", area.y1,
                          new_area->y1, error) &&
           set_int_field (store, "grid", "tables", table->table_id, "x2", area.x2,
                          new_area->x2, error) &&
           set_int_field (store, "grid", "tables", table->table_id, "y2", area.y2,
                          new_area->y2, error) &&
           write_separators (store, table->table_id, MRG_AXIS_COLUMNS, cols, new_cols, error) &&
           write_separators (store, table->table_id, MRG_AXIS_ROWS, rows, new_rows, error) &&
           fit_cells_to_grid (store, table->table_id, error);
    }
  return finish (store, ok, error);
}

/* Moves every visible row at or after idx by delta, logged. */
static gboolean
shift_rows (MrgStore  *store,
            gint64     table_id,
            int        from_idx,
            int        delta,
            gint64     except_row,
            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) idxs = g_array_new (FALSE, FALSE, sizeof (int));
  int rc;

  stmt = mrg_store_prepare (store, "SELECT id, idx FROM rows WHERE table_id = ? AND idx >= ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, table_id);
  sqlite3_bind_int (stmt, 2, from_idx);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      int idx = sqlite3_column_int (stmt, 1);

      if (id == except_row)
        continue;
      g_array_append_val (ids, id);
      g_array_append_val (idxs, idx);
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (store, error, rc, "reading the rows");
  for (guint i = 0; i < ids->len; i++)
    {
      int idx = g_array_index (idxs, int, i);

      if (!set_int_field (store, "row-move", "rows", g_array_index (ids, gint64, i), "idx", idx,
                          idx + delta, error))
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
  g_autoptr(GArray) cols = NULL;
  g_autoptr(GArray) rows = NULL;
  MrgBox area;
  gboolean ok;
  gint64 new_row = 0;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (r != NULL, FALSE);

  if (!begin (store, error))
    return FALSE;
  ok = read_grid (store, table->table_id, &area, &cols, &rows, error) &&
       shift_rows (store, table->table_id, r->idx + 1, 1, 0, error);
  if (ok)
    {
      /* Born deleted, then moved into place by a logged change: undo hides it again. */
      new_row = mrg_store_add_row (store, table->table_id, -1 - (r->idx + 1), FALSE, error);
      ok = new_row != 0;
    }
  for (guint c = 0; ok && c < table->n_cols; c++)
    {
      MrgBox box = r->cells[c].box;

      ok = mrg_store_add_cell (store, new_row, c, &box, NULL, -1, error) != 0;
    }
  if (ok)
    ok = set_int_field (store, "row-insert", "rows", new_row, "idx", -1 - (r->idx + 1),
                        r->idx + 1, error);
  if (ok && row + 1 <= rows->len + 1)
    {
      g_autoptr(GArray) bounds = mrg_separators_to_bounds (rows, area.y1, area.y2);
      g_autoptr(GArray) new_seps = g_array_new (FALSE, FALSE, sizeof (int));

      g_array_append_vals (new_seps, rows->data, rows->len);
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
      ok = write_separators (store, table->table_id, MRG_AXIS_ROWS, rows, new_seps, error);
    }
  if (ok)
    ok = fit_cells_to_grid (store, table->table_id, error);
  return finish (store, ok, error);
}

/* Hides row `row`, closes the gap in idx and drops the separator at `sep` (or none if < 0). */
static gboolean
remove_row (MrgStore  *store,
            MrgTable  *table,
            guint      row,
            int        sep,
            GError   **error)
{
  MrgTableRow *r = mrg_table_get_row (table, row);
  g_autoptr(GArray) cols = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) new_seps = g_array_new (FALSE, FALSE, sizeof (int));
  MrgBox area;

  if (!read_grid (store, table->table_id, &area, &cols, &rows, error))
    return FALSE;
  g_array_append_vals (new_seps, rows->data, rows->len);
  if (sep >= 0 && sep < (int) new_seps->len)
    g_array_remove_index (new_seps, sep);
  return set_int_field (store, "row-delete", "rows", r->id, "idx", r->idx, -1 - r->idx, error) &&
         shift_rows (store, table->table_id, r->idx + 1, -1, r->id, error) &&
         write_separators (store, table->table_id, MRG_AXIS_ROWS, rows, new_seps, error) &&
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
                          int             position,
                          const char     *name,
                          MrgColumnType   type,
                          GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *old_type = NULL;
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!begin (store, error))
    return FALSE;
  /* A column the schema does not name yet is added first, then changed by a logged edit. */
  ok = mrg_store_ensure_column (store, position, "", MRG_COLUMN_TYPE_TEXT, error);
  if (ok)
    {
      stmt = mrg_store_prepare (store, "SELECT id, name, type FROM columns WHERE position = ?",
                                error);
      ok = stmt != NULL;
    }
  if (ok)
    {
      sqlite3_bind_int (stmt, 1, position);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          id = sqlite3_column_int64 (stmt, 0);
          old_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          old_type = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
        }
      ok = id != 0;
      if (!ok)
        g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_FAILED,
                     "%s: the column could not be added", mrg_store_get_path (store));
    }
  if (ok)
    ok = mrg_store_change_field (store, "column", "columns", id, "name", old_name, name, error) &&
         mrg_store_change_field (store, "column", "columns", id, "type", old_type,
                                 mrg_column_type_to_string (type), error);
  return finish (store, ok, error);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
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
  stmt = mrg_store_prepare (store, "SELECT text FROM cells WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cell_id);
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), tab + 1) != 0)
    {
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (!mrg_store_edit_cell_text (store, cell_id, tab + 1, error))
        return FALSE;
      *out_cell_id = cell_id;
    }
  return mrg_store_set_meta (store, DRAFT_KEY, "", error);
}

/* mrg-test-project.c: builds projects from the corpus for the display tests and benchmarks
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-test"

#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "mrg-import.h"
#include "mrg-test-project.h"
#include "mrg-store-testing.h"

char *
mrg_test_corpus_path (const char *relative)
{
  const char *corpus = g_getenv ("MURAGAT_CORPUS");

  if (corpus == NULL)
    corpus = "/work/shared/corpus";
  return g_build_filename (corpus, relative, NULL);
}

MrgStore *
mrg_test_make_project (const char          *project,
                       const char * const  *scans,
                       GError             **error)
{
  g_autoptr(MrgStore) store = NULL;
  MrgImportResult result = { 0 };

  store = mrg_store_open (project, MRG_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return NULL;
  if (!mrg_import_files (store, scans, 300.0, NULL, &result, error))
    return NULL;
  return g_steal_pointer (&store);
}

gint64
mrg_test_first_page (MrgStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = mrg_store_prepare (store,
                                                    "SELECT id FROM pages ORDER BY id LIMIT 1",
                                                    NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

void
mrg_test_make_synthetic_project (const char *project,
                                 guint       n_with_truth)
{
  const char *names[] = { "clean-00", "clean-01" };
  g_autofree char *scan1 = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.jpg");
  g_autofree char *scan2 = mrg_test_corpus_path ("synthetic-typed-ru/clean-01.jpg");
  const char *scans[] = { scan1, scan2, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = mrg_test_make_project (project, scans, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 pages[G_N_ELEMENTS (names)];
  guint n_pages = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (n_with_truth, <=, G_N_ELEMENTS (names));
  stmt = mrg_store_prepare (store, "SELECT id FROM pages ORDER BY id", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_cmpuint (n_pages, <, G_N_ELEMENTS (pages));
      pages[n_pages++] = sqlite3_column_int64 (stmt, 0);
    }
  g_assert_cmpuint (n_pages, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < n_with_truth; i++)
    {
      g_autofree char *relative = g_strdup_printf ("synthetic-typed-ru/%s.json", names[i]);
      g_autofree char *truth = mrg_test_corpus_path (relative);

      g_assert_true (mrg_test_add_truth_tables (store, pages[i], truth, 1, &error));
      g_assert_no_error (error);
    }
}

typedef struct
{
  int row, col;
  const char *text;
  MrgBox box;
} TruthCell;

/* One table of the truth's rows [r0, r1): its area and separators from their boxes. Row 0 of the
 * truth is the header row. */
static gboolean
add_truth_table (MrgStore         *store,
                 gint64            page_id,
                 const TruthCell  *grid,
                 int               n_cols,
                 int               r0,
                 int               r1,
                 GError          **error)
{
  g_autofree int *col_seps = g_new0 (int, n_cols);
  g_autofree int *row_seps = g_new0 (int, r1 - r0);
  MrgBox area = { G_MAXINT, G_MAXINT, 0, 0 };
  gint64 table_id;
  gboolean ok;

  for (int r = r0; r < r1; r++)
    for (int c = 0; c < n_cols; c++)
      {
        const MrgBox *b = &grid[r * n_cols + c].box;

        area.x1 = MIN (area.x1, b->x1);
        area.y1 = MIN (area.y1, b->y1);
        area.x2 = MAX (area.x2, b->x2);
        area.y2 = MAX (area.y2, b->y2);
      }
  for (int c = 1; c < n_cols; c++)
    col_seps[c - 1] = grid[r0 * n_cols + c].box.x1;
  for (int r = r0 + 1; r < r1; r++)
    row_seps[r - r0 - 1] = grid[r * n_cols].box.y1;

  table_id = mrg_store_add_table (store, page_id, &area,
                                  &(MrgStoreSeparators) { col_seps, n_cols - 1,
                                                          row_seps, r1 - r0 - 1 },
                                  error);
  ok = table_id != 0;
  for (int r = r0; ok && r < r1; r++)
    {
      gint64 row_id = mrg_store_add_row (store, table_id, r - r0, r == 0, error);

      ok = row_id != 0;
      for (int c = 0; ok && c < n_cols; c++)
        {
          const TruthCell *t = &grid[r * n_cols + c];
          double confidence = r > 0 && (r * n_cols + c) % 7 == 0 ? 40.0 : 95.0;

          ok = mrg_store_add_cell (store, row_id, c, &t->box, t->text != NULL ? t->text : "",
                                   confidence, error) != 0;
        }
    }
  return ok;
}

gboolean
mrg_test_add_truth_tables (MrgStore    *store,
                           gint64       page_id,
                           const char  *truth_json,
                           guint        n_tables,
                           GError     **error)
{
  static const MrgColumnType types[] = {
    MRG_COLUMN_TYPE_INTEGER, MRG_COLUMN_TYPE_NAME, MRG_COLUMN_TYPE_YEAR, MRG_COLUMN_TYPE_YEAR,
    MRG_COLUMN_TYPE_TEXT, MRG_COLUMN_TYPE_TEXT,
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *cells;
  int n_rows, n_cols;
  g_autofree TruthCell *grid = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (n_tables > 0, FALSE);
  if (!json_parser_load_from_file (parser, truth_json, error))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));
  n_rows = json_object_get_int_member (root, "rows");
  n_cols = json_object_get_int_member (root, "cols");
  cells = json_object_get_array_member (root, "cells");
  grid = g_new0 (TruthCell, n_rows * n_cols);
  for (guint i = 0; i < json_array_get_length (cells); i++)
    {
      JsonObject *cell = json_array_get_object_element (cells, i);
      JsonArray *box = json_object_get_array_member (cell, "box");
      int r = json_object_get_int_member (cell, "row");
      int c = json_object_get_int_member (cell, "col");
      TruthCell *t;

      if (r < 0 || r >= n_rows || c < 0 || c >= n_cols)
        continue;
      t = &grid[r * n_cols + c];
      t->row = r;
      t->col = c;
      t->text = json_object_get_string_member (cell, "text");
      t->box.x1 = json_array_get_int_element (box, 0);
      t->box.y1 = json_array_get_int_element (box, 1);
      t->box.x2 = json_array_get_int_element (box, 2);
      t->box.y2 = json_array_get_int_element (box, 3);
    }

  if (!mrg_store_begin (store, error))
    return FALSE;
  for (int c = 0; ok && c < n_cols; c++)
    ok = mrg_store_ensure_column (store, c, grid[c].text,
                                  c < (int) G_N_ELEMENTS (types) ? types[c] : MRG_COLUMN_TYPE_TEXT,
                                  error);
  /* The rows are shared out between the tables, stacked one above the other. */
  for (guint t = 0; ok && t < n_tables; t++)
    ok = add_truth_table (store, page_id, grid, n_cols, n_rows * t / n_tables,
                          n_rows * (t + 1) / n_tables, error);
  if (ok)
    ok = mrg_store_set_page_status (store, page_id, MRG_PAGE_STATUS_OCR_DONE, error);
  if (!ok)
    {
      mrg_store_rollback (store);
      return FALSE;
    }
  return mrg_store_commit (store, error);
}

/* Opens the project read-only and prepares sql with ?1 bound to arg (unless NULL); it has a row
 * when TRUE. */
static gboolean
read_first_row (const char    *project,
                const char    *sql,
                const char    *arg,
                sqlite3      **db,
                sqlite3_stmt **stmt)
{
  g_assert_cmpint (sqlite3_open_v2 (project, db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (*db, sql, -1, stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (*stmt, 1, arg, -1, SQLITE_TRANSIENT);
  return sqlite3_step (*stmt) == SQLITE_ROW;
}

char *
mrg_test_read_text (const char *project,
                    const char *sql,
                    const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  if (read_first_row (project, sql, arg, &db, &stmt) && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

gint64
mrg_test_read_int (const char *project,
                   const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 result = -1;

  if (read_first_row (project, sql, NULL, &db, &stmt))
    result = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

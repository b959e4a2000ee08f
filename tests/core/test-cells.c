/* test-cells.c: grid edits keep a table's cells true (separators split and merge cells, merged
 * cells span rows and columns) and the exports write what the table holds
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-cells"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mrg-export.h"
#include "mrg-grid-edit.h"
#include "mrg-store-pages.h"
#include "mrg-store-testing.h"
#include "mrg-table.h"
#include "mrg-test-util.h"

#define N_COLS 6
#define N_ROWS 4

typedef struct
{
  char *dir;
  MrgStore *store;
  gint64 page_id;
} Fixture;

/* A page 1200 × 800 with one table of N_ROWS × N_COLS, each cell's text "rR cC". */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scan = NULL;
  g_autoptr(MrgTable) table = NULL;
  MrgBox area = { 0, 0, 1200, 800 };
  gint64 doc_id;

  f->store = mrg_test_new_store ("cells.muragat", &f->dir);
  scan = g_build_filename (f->dir, "list.png", NULL);
  mrg_test_write_noise_png (scan, 1200, 800);
  g_assert_true (mrg_store_begin (f->store, &error));
  doc_id = mrg_store_add_document (f->store, scan, "0123", 1, MRG_DOCUMENT_KIND_IMAGE, 1,
                                   &error);
  f->page_id = mrg_store_add_page (f->store, doc_id, 1, 1200, 800, 300, &error);
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_cmpint (mrg_grid_edit_create_table (f->store, f->page_id, &area, N_ROWS, N_COLS,
                                               &error), !=, 0);
  g_assert_no_error (error);
  table = mrg_table_load (f->store, f->page_id, &error);
  for (guint r = 0; r < N_ROWS; r++)
    for (guint c = 0; c < N_COLS; c++)
      {
        g_autofree char *text = g_strdup_printf ("r%u c%u", r, c);

        g_assert_true (mrg_store_edit_cell_text (f->store, mrg_table_get_cell (table, r, c)->id,
                                                 text, &error));
      }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  mrg_test_drop_store (&f->store, &f->dir);
}

static MrgTable *
load (Fixture *f)
{
  return mrg_test_load_table (f->store, f->page_id);
}

/* Live cells of each row, straight from the file. */
static void
assert_live_cells_per_row (Fixture *f,
                           int      n)
{
  sqlite3 *db = mrg_store_get_db (f->store);
  g_autofree char *sql = g_strdup_printf (
    "SELECT count(*) FROM (SELECT r.id FROM rows r LEFT JOIN cells c ON c.row_id = r.id"
    " AND c.col >= 0 WHERE r.idx >= 0 GROUP BY r.id HAVING count(c.id) <> %d)", n);

  g_assert_cmpint (mrg_test_query_int (db, sql), ==, 0);
}

static char *
export_csv (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "out.csv", NULL);
  MrgExportOptions options = { .format = MRG_EXPORT_FORMAT_CSV };
  char *text = NULL;

  g_assert_true (mrg_export_to_file (f->store, &options, out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
  return text;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
set_col_seps (Fixture *f,
              GArray  *seps)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = load (f);

  g_assert_true (mrg_grid_edit_set_separators (f->store, table, MRG_AXIS_COLUMNS, seps, &error));
  g_assert_no_error (error);
}

/* Issue #12: adding a separator and removing it again left a hidden 7th cell a row, and the
 * export repeated a value. */
static void
test_add_remove_separator (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(MrgTable) table = load (f);
  g_autoptr(GArray) seps = g_array_copy (table->col_seps);
  g_autofree char *csv = NULL;
  int mid = (g_array_index (seps, int, 1) + g_array_index (seps, int, 2)) / 2;

  g_assert_cmpuint (table->n_cols, ==, N_COLS);
  /* Add one inside column 2: seven columns, column 2's text stays left, column 3 is new. */
  g_array_insert_val (seps, 2, mid);
  set_col_seps (f, seps);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpuint (table->n_cols, ==, N_COLS + 1);
  assert_live_cells_per_row (f, N_COLS + 1);
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 2)->text, ==, "r1 c2");
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 3)->text, ==, "");
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 4)->text, ==, "r1 c3");
  g_assert_cmpint (mrg_table_get_cell (table, 1, 2)->box.x2, ==, mid);
  g_assert_cmpint (mrg_table_get_cell (table, 1, 3)->box.x1, ==, mid);
  g_assert_cmpint (mrg_table_get_cell (table, 1, 3)->id, !=, 0);

  /* Type into the new column, then remove the separator: the texts join, none is lost. */
  g_assert_true (mrg_store_edit_cell_text (f->store, mrg_table_get_cell (table, 1, 3)->id,
                                           "typed", NULL));
  g_array_remove_index (seps, 2);
  set_col_seps (f, seps);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpuint (table->n_cols, ==, N_COLS);
  assert_live_cells_per_row (f, N_COLS);
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 2)->text, ==, "r1 c2 typed");
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 3)->text, ==, "r1 c3");
  g_assert_cmpstr (mrg_table_get_cell (table, 2, 5)->text, ==, "r2 c5");
  csv = export_csv (f);
  g_assert_cmpuint (count_occurrences (csv, "r2 c5"), ==, 1);
  g_assert_cmpuint (count_occurrences (csv, "typed"), ==, 1);

  /* Each edit is one undo step: undo the removal, the typing, the addition. */
  mrg_test_undo_one (f->store);
  assert_live_cells_per_row (f, N_COLS + 1);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 3)->text, ==, "typed");
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 2)->text, ==, "r1 c2");
  mrg_test_undo_one (f->store);
  mrg_test_undo_one (f->store);
  assert_live_cells_per_row (f, N_COLS);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpuint (table->n_cols, ==, N_COLS);
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 3)->text, ==, "r1 c3");

  /* Remove a separator outright, then add it back: texts joined, then kept on the left. */
  g_array_remove_index (seps, 0);
  set_col_seps (f, seps);
  assert_live_cells_per_row (f, N_COLS - 1);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpstr (mrg_table_get_cell (table, 3, 0)->text, ==, "r3 c0 r3 c1");
  g_clear_pointer (&seps, g_array_unref);
  csv = (g_free (csv), export_csv (f));
  g_assert_cmpuint (count_occurrences (csv, "r3 c1"), ==, 1);
}

/* With the page's words known, a new separator splits a cell's text between its words. */
static void
test_split_words (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = load (f);
  g_autoptr(GArray) seps = g_array_copy (table->col_seps);
  MrgTableCell *cell = mrg_table_get_cell (table, 1, 0);
  MrgBox left = { cell->box.x1 + 10, cell->box.y1 + 10, cell->box.x1 + 60, cell->box.y2 - 10 };
  MrgBox right = { cell->box.x2 - 80, cell->box.y1 + 10, cell->box.x2 - 10, cell->box.y2 - 10 };
  int mid = (cell->box.x1 + cell->box.x2) / 2;

  g_assert_true (mrg_store_begin (f->store, &error));
  g_assert_true (mrg_store_add_page_word (f->store, f->page_id, &left, "Омаров", &error));
  g_assert_true (mrg_store_add_page_word (f->store, f->page_id, &right, "Ерлан", &error));
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_true (mrg_store_edit_cell_text (f->store, cell->id, "Омаров  Ерлан", &error));
  g_array_insert_val (seps, 0, mid);
  set_col_seps (f, seps);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 0)->text, ==, "Омаров");
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 1)->text, ==, "Ерлан");
  /* A cell whose text is not the page's words keeps it on the left. */
  g_assert_cmpstr (mrg_table_get_cell (table, 2, 0)->text, ==, "r2 c0");
  g_assert_cmpstr (mrg_table_get_cell (table, 2, 1)->text, ==, "");
}

static void
test_merge_cells (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = load (f);
  g_autoptr(GArray) seps = NULL;
  g_autofree char *csv = NULL;
  MrgTableCell *cell;
  guint r, c;

  /* A header over columns 1-3 of row 0, and a cell over rows 1-2 of column 4. */
  g_assert_true (mrg_grid_edit_merge_cells (f->store, table, 0, 1, 1, 3, &error));
  g_assert_no_error (error);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_true (mrg_grid_edit_merge_cells (f->store, table, 1, 4, 2, 1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  cell = mrg_table_get_cell (table, 0, 1);
  g_assert_cmpstr (cell->text, ==, "r0 c1 r0 c2 r0 c3");
  g_assert_cmpint (cell->col_span, ==, 3);
  g_assert_cmpint (cell->row_span, ==, 1);
  g_assert_cmpint (cell->box.x2, ==, mrg_table_get_cell (table, 1, 3)->box.x2);
  g_assert_cmpint (mrg_table_get_cell (table, 0, 2)->id, ==, 0);
  g_assert_cmpint (mrg_table_get_cell (table, 0, 2)->row_span, ==, 0);
  r = 0, c = 3;
  g_assert_true (mrg_table_get_merged_cell (table, &r, &c) == cell);
  g_assert_cmpuint (c, ==, 1);
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 4)->text, ==, "r1 c4 r2 c4");
  g_assert_cmpint (mrg_table_get_cell (table, 1, 4)->row_span, ==, 2);

  /* The scan view draws a merged cell whole: the separators inside it are broken there. */
  {
    const MrgBox *under = &mrg_table_get_cell (table, 1, 1)->box;
    g_autoptr(GArray) inside = mrg_grid_separator_breaks (table, MRG_AXIS_COLUMNS, under->x2);
    g_autoptr(GArray) edge = mrg_grid_separator_breaks (table, MRG_AXIS_COLUMNS, under->x1);
    g_autoptr(GArray) across = mrg_grid_separator_breaks (table, MRG_AXIS_ROWS,
                                                          mrg_table_get_cell (table, 1, 3)->box.y2);

    g_assert_cmpuint (inside->len, ==, 2);
    g_assert_cmpint (g_array_index (inside, int, 0), ==, cell->box.y1);
    g_assert_cmpint (g_array_index (inside, int, 1), ==, cell->box.y2);
    g_assert_cmpuint (edge->len, ==, 0);
    g_assert_cmpuint (across->len, ==, 2);
    g_assert_cmpint (g_array_index (across, int, 0), ==, mrg_table_get_cell (table, 1, 4)->box.x1);
    g_assert_cmpint (g_array_index (across, int, 1), ==, mrg_table_get_cell (table, 1, 4)->box.x2);
  }

  /* A selection that cuts through a merged cell is refused, and changes nothing. */
  g_assert_false (mrg_grid_edit_merge_cells (f->store, table, 0, 0, 1, 2, &error));
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The export writes a merged cell once: its text in its first place, the others empty. */
  csv = export_csv (f);
  g_assert_cmpuint (count_occurrences (csv, "r0 c1 r0 c2 r0 c3"), ==, 1);
  g_assert_cmpuint (count_occurrences (csv, "r2 c4"), ==, 1);

  /* Split the header: three cells again, the text in the first. */
  g_assert_true (mrg_grid_edit_split_cell (f->store, table, 0, 2, &error));
  g_assert_no_error (error);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpint (mrg_table_get_cell (table, 0, 1)->col_span, ==, 1);
  g_assert_cmpint (mrg_table_get_cell (table, 0, 2)->id, !=, 0);
  g_assert_cmpstr (mrg_table_get_cell (table, 0, 2)->text, ==, "");

  /* Undo the split and the two merges: every cell as it was. */
  mrg_test_undo_one (f->store);
  mrg_test_undo_one (f->store);
  mrg_test_undo_one (f->store);
  assert_live_cells_per_row (f, N_COLS);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpstr (mrg_table_get_cell (table, 0, 2)->text, ==, "r0 c2");
  g_assert_cmpint (mrg_table_get_cell (table, 0, 1)->col_span, ==, 1);

  /* A merged cell across a separator that goes away narrows; one that gets a new one widens. */
  g_assert_true (mrg_grid_edit_merge_cells (f->store, table, 0, 1, 1, 3, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  seps = g_array_copy (table->col_seps);
  g_array_remove_index (seps, 1);
  set_col_seps (f, seps);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpint (mrg_table_get_cell (table, 0, 1)->col_span, ==, 2);
  g_assert_cmpstr (mrg_table_get_cell (table, 0, 1)->text, ==, "r0 c1 r0 c2 r0 c3");
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 1)->text, ==, "r1 c1 r1 c2");
}

/* Rows inserted, deleted or merged across a merged cell keep it whole and its text. */
static void
test_merged_rows (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = load (f);

  g_assert_true (mrg_grid_edit_merge_cells (f->store, table, 1, 4, 2, 1, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_true (mrg_grid_edit_split_row (f->store, table, 1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpuint (table->rows->len, ==, N_ROWS + 1);
  g_assert_cmpint (mrg_table_get_cell (table, 1, 4)->row_span, ==, 3);
  g_assert_cmpint (mrg_table_get_cell (table, 2, 4)->id, ==, 0);
  g_assert_cmpint (mrg_table_get_cell (table, 2, 3)->id, !=, 0);

  /* The row the merged cell begins in goes: the cell moves down, its text with it. */
  g_assert_true (mrg_grid_edit_delete_row (f->store, table, 1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 4)->text, ==, "r1 c4 r2 c4");
  g_assert_cmpint (mrg_table_get_cell (table, 1, 4)->row_span, ==, 2);
  g_assert_cmpint (mrg_table_get_cell (table, 2, 4)->id, ==, 0);

  /* Merging the rows under it: one row fewer, the merged cell one row shorter. */
  g_assert_true (mrg_grid_edit_merge_rows (f->store, table, 1, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_cmpuint (table->rows->len, ==, N_ROWS - 1);
  g_assert_cmpint (mrg_table_get_cell (table, 1, 4)->row_span, ==, 1);
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 4)->text, ==, "r1 c4 r2 c4");
  /* row 1 is the empty row the split made */
  g_assert_cmpstr (mrg_table_get_cell (table, 1, 3)->text, ==, "r2 c3");

  mrg_test_undo_one (f->store);
  mrg_test_undo_one (f->store);
  mrg_test_undo_one (f->store);
  mrg_test_undo_one (f->store);
  assert_live_cells_per_row (f, N_COLS);
}

/* OCR read again over a merged cell adds no cell under it. */
static void
test_merged_ocr_again (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = load (f);
  MrgStoreOcrCell cells[N_ROWS * N_COLS];
  MrgStoreOcrTable read = {
    .table_id = table->table_id, .area = table->area, .n_rows = N_ROWS, .n_cols = N_COLS,
    .cells = cells,
  };

  g_assert_true (mrg_grid_edit_merge_cells (f->store, table, 0, 1, 2, 2, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    cells[i] = (MrgStoreOcrCell) { TRUE, { 0, 0, 10, 10 }, "ocr", 90 };
  g_assert_true (mrg_store_begin (f->store, &error));
  g_assert_cmpint (mrg_store_write_ocr_table (f->store, f->page_id, &read, &error), ==,
                   table->table_id);
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_cmpint (mrg_test_query_int (mrg_store_get_db (f->store),
                                       "SELECT count(*) FROM cells WHERE col >= 0"), ==,
                   N_ROWS * N_COLS - 3);
}

static const char openpyxl_merges[] =
  "import sys, openpyxl\n"
  "ws = openpyxl.load_workbook(sys.argv[1])['Rows']\n"
  "print(' '.join(sorted(str(r) for r in ws.merged_cells.ranges)))\n"
  "print(ws['B2'].value, ws['B3'].value)\n";

/* A merged header and a merged body cell: PAGE writes rowSpan/colSpan and reads them back, XLSX
 * merges the range. */
static void
test_merged_exports (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = load (f);
  g_autofree char *folder = g_build_filename (f->dir, "page", NULL);
  g_autofree char *xml_path = g_build_filename (folder, "list_p001.xml", NULL);
  g_autofree char *xlsx = g_build_filename (f->dir, "out.xlsx", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "copy.muragat", NULL);
  g_autofree char *xml = NULL;
  g_autofree char *out = NULL;
  g_autoptr(MrgStore) other = NULL;
  g_autoptr(MrgTable) imported = NULL;
  MrgExportOptions options = { .format = MRG_EXPORT_FORMAT_PAGEXML };
  const char *argv[] = { "/usr/bin/python3", "-c", openpyxl_merges, xlsx, NULL };
  int status = 0;

  g_assert_true (mrg_grid_edit_merge_cells (f->store, table, 0, 1, 1, 3, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = load (f);
  g_assert_true (mrg_grid_edit_merge_cells (f->store, table, 1, 1, 2, 1, &error));
  g_assert_no_error (error);

  g_assert_true (mrg_export_to_file (f->store, &options, folder, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (xml_path, &xml, NULL, &error));
  g_assert_nonnull (strstr (xml, "rowIndex=\"0\" columnIndex=\"1\" colSpan=\"3\""));
  g_assert_nonnull (strstr (xml, "rowIndex=\"1\" columnIndex=\"1\" rowSpan=\"2\""));
  g_assert_null (strstr (xml, "t1_r0_c2"));

  other = mrg_store_open (copy, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mrg_test_import_pagexml (other, xml_path, &error), !=, 0);
  g_assert_no_error (error);
  imported = mrg_table_load (other, 1, &error);
  g_assert_nonnull (imported);
  g_assert_cmpint (mrg_table_get_cell (imported, 0, 1)->col_span, ==, 3);
  g_assert_cmpstr (mrg_table_get_cell (imported, 0, 1)->text, ==, "r0 c1 r0 c2 r0 c3");
  g_assert_cmpint (mrg_table_get_cell (imported, 0, 2)->id, ==, 0);
  g_assert_cmpint (mrg_table_get_cell (imported, 1, 1)->row_span, ==, 2);
  g_assert_cmpint (mrg_table_get_cell (imported, 2, 1)->id, ==, 0);
  g_assert_cmpint (mrg_table_get_cell (imported, 2, 2)->id, !=, 0);

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return;
  options.format = MRG_EXPORT_FORMAT_XLSX;
  g_assert_true (mrg_export_to_file (f->store, &options, xlsx, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* The header row is the column names in XLSX: the body's merged cell, rows 2-3 of sheet. */
  g_assert_cmpstr (out, ==, "B2:B3\nr1 c1 r2 c1 None\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  mrg_test_add_fixture ("/cells/separator/add-remove", test_add_remove_separator);
  mrg_test_add_fixture ("/cells/separator/split-words", test_split_words);
  mrg_test_add_fixture ("/cells/merge", test_merge_cells);
  mrg_test_add_fixture ("/cells/merge/exports", test_merged_exports);
  mrg_test_add_fixture ("/cells/merge/rows", test_merged_rows);
  mrg_test_add_fixture ("/cells/merge/ocr-again", test_merged_ocr_again);
  return g_test_run ();
}

/* test-window-logic.c: what the grid editor decides and the grid edits it makes, without a
 * display, against real project files
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-window-logic"

#include "config.h"

#include <glib/gstdio.h>

#include "mrg-grid-edit.h"
#include "mrg-grid-logic.h"
#include "mrg-page-model.h"
#include "mrg-shortcut-keys.h"
#include "mrg-table.h"
#include "mrg-table-text.h"
#include "mrg-test-project.h"
#include "mrg-test-util.h"
#include "mrg-window-private.h"

typedef struct
{
  char *dir;
  char *path;
  MrgStore *store;
  gint64 page_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scan = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.jpg");
  g_autofree char *truth = mrg_test_corpus_path ("synthetic-typed-ru/clean-00.json");
  const char *scans[] = { scan, NULL };

  f->dir = g_dir_make_tmp ("muragat-logic-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "logic.muragat", NULL);
  f->store = mrg_test_make_project (f->path, scans, &error);
  g_assert_no_error (error);
  f->page_id = mrg_test_first_page (f->store);
  g_assert_true (mrg_test_add_truth_tables (f->store, f->page_id, truth, 1, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  mrg_store_remove_file (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
test_navigate (void)
{
  guint r, c;

  /* Tab runs along the row, then to the start of the next one; it stops at the very end. */
  g_assert_true (mrg_grid_navigate (3, 4, 0, 2, MRG_NAV_NEXT, &r, &c));
  g_assert_cmpuint (r, ==, 0);
  g_assert_cmpuint (c, ==, 3);
  g_assert_true (mrg_grid_navigate (3, 4, 0, 3, MRG_NAV_NEXT, &r, &c));
  g_assert_cmpuint (r, ==, 1);
  g_assert_cmpuint (c, ==, 0);
  g_assert_false (mrg_grid_navigate (3, 4, 2, 3, MRG_NAV_NEXT, &r, &c));
  /* Shift+Tab back over the start of a row */
  g_assert_true (mrg_grid_navigate (3, 4, 1, 0, MRG_NAV_PREVIOUS, &r, &c));
  g_assert_cmpuint (r, ==, 0);
  g_assert_cmpuint (c, ==, 3);
  g_assert_false (mrg_grid_navigate (3, 4, 0, 0, MRG_NAV_PREVIOUS, &r, &c));
  /* Arrows stop at the edges; Enter goes down in the same column. */
  g_assert_false (mrg_grid_navigate (3, 4, 0, 3, MRG_NAV_RIGHT, &r, &c));
  g_assert_false (mrg_grid_navigate (3, 4, 2, 1, MRG_NAV_DOWN, &r, &c));
  g_assert_true (mrg_grid_navigate (3, 4, 1, 1, MRG_NAV_DOWN, &r, &c));
  g_assert_cmpuint (r, ==, 2);
  g_assert_cmpuint (c, ==, 1);
  g_assert_true (mrg_grid_navigate (3, 4, 1, 2, MRG_NAV_FIRST, &r, &c));
  g_assert_cmpuint (c, ==, 0);
  g_assert_true (mrg_grid_navigate (3, 4, 1, 0, MRG_NAV_LAST, &r, &c));
  g_assert_cmpuint (c, ==, 3);
  /* A cursor left outside a grid that shrank is brought back in. */
  g_assert_true (mrg_grid_navigate (2, 2, 5, 5, MRG_NAV_UP, &r, &c));
  g_assert_cmpuint (r, ==, 0);
  g_assert_cmpuint (c, ==, 1);
  g_assert_false (mrg_grid_navigate (0, 4, 0, 0, MRG_NAV_NEXT, &r, &c));
}

static void
test_separators (void)
{
  g_autoptr(GArray) seps = mrg_parse_separators ("[120, 400, 90, 800, 400, 1000]", 100, 1000);
  g_autoptr(GArray) bounds = NULL;
  g_autofree char *json = NULL;

  /* Outside the area, out of order or repeated values are dropped. */
  g_assert_cmpuint (seps->len, ==, 3);
  g_assert_cmpint (g_array_index (seps, int, 0), ==, 120);
  g_assert_cmpint (g_array_index (seps, int, 1), ==, 400);
  g_assert_cmpint (g_array_index (seps, int, 2), ==, 800);
  json = mrg_format_separators (seps);
  g_assert_cmpstr (json, ==, "[120, 400, 800]");
  bounds = mrg_separators_to_bounds (seps, 100, 1000);
  g_assert_cmpuint (bounds->len, ==, 5);
  g_assert_cmpint (g_array_index (bounds, int, 4), ==, 1000);
  g_clear_pointer (&seps, g_array_unref);
  seps = mrg_parse_separators ("garbage", 0, 10);
  g_assert_cmpuint (seps->len, ==, 0);
}

static void
test_table_load (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = mrg_table_load (f->store, f->page_id, &error);
  MrgTableCell *cell;
  g_autofree char *title = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (table);
  /* clean-00: a header row and 18 body rows of 6 columns */
  g_assert_cmpuint (table->rows->len, ==, 19);
  g_assert_cmpuint (table->n_cols, ==, 6);
  g_assert_cmpuint (table->col_seps->len, ==, 5);
  g_assert_cmpuint (table->row_seps->len, ==, 18);
  g_assert_true (mrg_table_get_row (table, 0)->header);
  g_assert_cmpint (mrg_table_first_body_row (table), ==, 1);
  cell = mrg_table_get_cell (table, 1, 1);
  g_assert_cmpstr (cell->text, ==, "Габдуллин Жамал");
  g_assert_cmpint (cell->box.x1, ==, g_array_index (table->col_seps, int, 0));
  title = mrg_grid_column_title (table, 2);
  g_assert_cmpstr (title, ==, "г.г. рож.");
  g_assert_null (mrg_table_get_cell (table, 19, 0));
  g_assert_cmpint (mrg_table_find_cell (table, cell->id, NULL), ==, 1);
}

static void
test_tint_and_problems (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = mrg_table_load (f->store, f->page_id, &error);
  MrgTableCell *low = NULL;
  g_autofree char *problem = NULL;
  guint low_row = 0, low_col = 0;

  /* The test grid reads every 7th body cell with confidence 40. */
  for (guint r = 1; r < table->rows->len && low == NULL; r++)
    for (guint c = 0; c < table->n_cols && low == NULL; c++)
      if (mrg_table_get_cell (table, r, c)->confidence < 50)
        {
          low = mrg_table_get_cell (table, r, c);
          low_row = r;
          low_col = c;
        }
  g_assert_nonnull (low);
  g_assert_true (mrg_grid_cell_is_doubtful (low, 70));
  g_assert_false (mrg_grid_cell_is_doubtful (low, 30));
  g_assert_false (mrg_grid_cell_is_doubtful (mrg_table_get_cell (table, 1, 2), 70));

  /* Once a person has typed over it, it is no longer doubtful. */
  g_assert_true (mrg_store_edit_cell_text (f->store, low->id, low->text, &error) ||
                 error == NULL);
  g_assert_true (mrg_store_edit_cell_text (f->store, low->id, "x", &error));
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_false (mrg_grid_cell_is_doubtful (mrg_table_get_cell (table, low_row, low_col), 70));

  /* A birth year after the call-up year, and a year that is not a number, are explained. */
  g_assert_null (mrg_grid_cell_problem (table, 1, 2));
  g_assert_true (mrg_store_edit_cell_text (f->store, mrg_table_get_cell (table, 1, 2)->id, "1939",
                                           &error));
  g_assert_true (mrg_store_edit_cell_text (f->store, mrg_table_get_cell (table, 1, 3)->id, "1935",
                                           &error));
  g_assert_true (mrg_store_edit_cell_text (f->store, mrg_table_get_cell (table, 2, 2)->id, "19O1",
                                           &error));
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  problem = mrg_grid_cell_problem (table, 1, 2);
  g_assert_nonnull (problem);
  g_test_message ("birth after call-up: %s", problem);
  g_clear_pointer (&problem, g_free);
  problem = mrg_grid_cell_problem (table, 2, 2);
  g_assert_nonnull (problem);
  g_test_message ("not a year: %s", problem);
  /* The header row is never judged. */
  g_assert_null (mrg_grid_cell_problem (table, 0, 2));
}

static void
test_next_unverified (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = mrg_table_load (f->store, f->page_id, &error);

  g_assert_cmpint (mrg_grid_next_unverified (table, 1), ==, 2);
  g_assert_true (mrg_store_edit_row_status (f->store, mrg_table_get_row (table, 2)->id,
                                            MRG_ROW_STATUS_VERIFIED, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpint (mrg_grid_next_unverified (table, 1), ==, 3);
  /* From the last row it wraps round, past the header row. */
  g_assert_cmpint (mrg_grid_next_unverified (table, 18), ==, 1);
  for (guint r = 1; r < table->rows->len; r++)
    g_assert_true (mrg_store_edit_row_status (f->store, mrg_table_get_row (table, r)->id,
                                              MRG_ROW_STATUS_VERIFIED, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpint (mrg_grid_next_unverified (table, 5), ==, -1);
}

/* The doubtful cells in reading order, found one after another; an edited one is passed by. */
static void
test_next_doubtful (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = mrg_table_load (f->store, f->page_id, &error);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 id;
  int row = -1, col = 0;

  for (guint r = 0; r < table->rows->len; r++)
    for (guint c = 0; c < table->n_cols; c++)
      if (mrg_grid_cell_is_doubtful (mrg_table_get_cell (table, r, c), 70))
        g_array_append_val (expected, mrg_table_get_cell (table, r, c)->id);
  g_assert_cmpuint (expected->len, >, 2);
  for (guint i = 0; i < expected->len; i++)
    {
      id = mrg_grid_next_doubtful (table, row, col, 70);
      g_assert_cmpint (id, ==, g_array_index (expected, gint64, i));
      row = mrg_table_find_cell (table, id, &col);
      g_assert_cmpint (row, >=, 0);
    }
  /* None after the last. */
  g_assert_cmpint (mrg_grid_next_doubtful (table, row, col, 70), ==, 0);

  /* A person's edit takes the first out of the list. */
  g_assert_true (mrg_store_edit_cell_text (f->store, g_array_index (expected, gint64, 0), "1",
                                           &error));
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpint (mrg_grid_next_doubtful (table, -1, 0, 70), ==,
                   g_array_index (expected, gint64, 1));
}

/* Ctrl+I under a Russian layout is Ctrl+Ш: the Latin key in its place, in the same case. */
static void
test_latin_keyval (void)
{
  g_assert_cmpuint (mrg_shortcut_latin_keyval (GDK_KEY_Cyrillic_sha), ==, GDK_KEY_i);
  g_assert_cmpuint (mrg_shortcut_latin_keyval (GDK_KEY_Cyrillic_ghe), ==, GDK_KEY_u);
  g_assert_cmpuint (mrg_shortcut_latin_keyval (GDK_KEY_Cyrillic_YA), ==, GDK_KEY_Z);
  g_assert_cmpuint (mrg_shortcut_latin_keyval (GDK_KEY_Cyrillic_be), ==, GDK_KEY_comma);
  /* Kazakh's own letters sit on the digit row. */
  g_assert_cmpuint (mrg_shortcut_latin_keyval (GDK_KEY_Cyrillic_ka_descender), ==, GDK_KEY_0);
  /* Anything else is left as it is. */
  g_assert_cmpuint (mrg_shortcut_latin_keyval (GDK_KEY_i), ==, GDK_KEY_i);
  g_assert_cmpuint (mrg_shortcut_latin_keyval (GDK_KEY_Page_Down), ==, GDK_KEY_Page_Down);
  g_assert_cmpuint (mrg_shortcut_latin_keyval (GDK_KEY_Greek_alpha), ==, GDK_KEY_Greek_alpha);
}

static void
undo_once (MrgStore *store)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_assert_true (mrg_store_undo (store, &done, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (done);
}

static void
test_move_separator (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = mrg_table_load (f->store, f->page_id, &error);
  g_autoptr(GArray) seps = g_array_copy (table->col_seps);
  int old = g_array_index (seps, int, 1);

  g_array_index (seps, int, 1) = old + 30;
  g_assert_true (mrg_grid_edit_set_separators (f->store, table, MRG_AXIS_COLUMNS, seps, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpint (g_array_index (table->col_seps, int, 1), ==, old + 30);
  for (guint r = 0; r < table->rows->len; r++)
    {
      g_assert_cmpint (mrg_table_get_cell (table, r, 1)->box.x2, ==, old + 30);
      g_assert_cmpint (mrg_table_get_cell (table, r, 2)->box.x1, ==, old + 30);
    }

  /* A separator dragged onto its neighbour is dropped rather than making an empty column. */
  g_array_index (seps, int, 1) = g_array_index (seps, int, 0);
  g_assert_true (mrg_grid_edit_set_separators (f->store, table, MRG_AXIS_COLUMNS, seps, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpuint (table->col_seps->len, ==, 4);

  /* Two undos: both moves, cells and all. */
  undo_once (f->store);
  undo_once (f->store);
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpuint (table->col_seps->len, ==, 5);
  g_assert_cmpint (g_array_index (table->col_seps, int, 1), ==, old);
  g_assert_cmpint (mrg_table_get_cell (table, 5, 2)->box.x1, ==, old);
}

static void
test_rows (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = mrg_table_load (f->store, f->page_id, &error);
  g_autofree char *row3 = g_strdup (mrg_table_get_cell (table, 3, 1)->text);
  g_autofree char *row4 = g_strdup (mrg_table_get_cell (table, 4, 1)->text);
  g_autofree char *joined = g_strconcat (row3, " ", row4, NULL);
  int band_top = mrg_table_get_cell (table, 3, 0)->box.y1;
  int band_bottom = mrg_table_get_cell (table, 3, 0)->box.y2;

  /* Split row 3: a new empty row 4 takes the lower half of its band. */
  g_assert_true (mrg_grid_edit_split_row (f->store, table, 3, &error));
  g_assert_no_error (error);
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpuint (table->rows->len, ==, 20);
  g_assert_cmpstr (mrg_table_get_cell (table, 3, 1)->text, ==, row3);
  g_assert_cmpstr (mrg_table_get_cell (table, 4, 1)->text, ==, "");
  g_assert_cmpstr (mrg_table_get_cell (table, 5, 1)->text, ==, row4);
  g_assert_cmpint (mrg_table_get_cell (table, 3, 0)->box.y1, ==, band_top);
  g_assert_cmpint (mrg_table_get_cell (table, 4, 0)->box.y2, ==, band_bottom);
  g_assert_cmpint (mrg_table_get_cell (table, 3, 0)->box.y2, ==,
                   mrg_table_get_cell (table, 4, 0)->box.y1);
  for (guint r = 0; r < table->rows->len; r++)
    g_assert_cmpint (mrg_table_get_row (table, r)->idx, ==, (int) r);

  /* Delete it again: back to 19 rows, row 4 is the old row 4. */
  g_assert_true (mrg_grid_edit_delete_row (f->store, table, 4, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpuint (table->rows->len, ==, 19);
  g_assert_cmpstr (mrg_table_get_cell (table, 4, 1)->text, ==, row4);

  /* Merge rows 3 and 4: texts joined, one row fewer, the band the union of both. */
  g_assert_true (mrg_grid_edit_merge_rows (f->store, table, 3, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpuint (table->rows->len, ==, 18);
  g_assert_cmpstr (mrg_table_get_cell (table, 3, 1)->text, ==, joined);

  /* Each change was one undo step: three undos give the table as it was. */
  undo_once (f->store);
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpuint (table->rows->len, ==, 19);
  g_assert_cmpstr (mrg_table_get_cell (table, 3, 1)->text, ==, row3);
  g_assert_cmpstr (mrg_table_get_cell (table, 4, 1)->text, ==, row4);
  undo_once (f->store);
  undo_once (f->store);
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpuint (table->rows->len, ==, 19);
  g_assert_cmpint (mrg_table_get_cell (table, 3, 0)->box.y2, ==, band_bottom);
  for (guint r = 0; r < table->rows->len; r++)
    g_assert_cmpint (mrg_table_get_row (table, r)->idx, ==, (int) r);
}

static void
test_set_column (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = NULL;

  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_true (mrg_grid_edit_set_column (f->store, table->table_id, 4, "Место пленения",
                                           MRG_COLUMN_TYPE_NAME, &error));
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpstr (table->columns[4].name, ==, "Место пленения");
  g_assert_cmpint (table->columns[4].type, ==, MRG_COLUMN_TYPE_NAME);
  undo_once (f->store);
  g_clear_pointer (&table, mrg_table_free);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpstr (table->columns[4].name, ==, "Место плен.");
  g_assert_cmpint (table->columns[4].type, ==, MRG_COLUMN_TYPE_TEXT);
}

static void
test_create_table (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = NULL;
  MrgBox area = { 100, 200, 1100, 1200 };

  g_assert_true (mrg_store_delete_tables (f->store, f->page_id, &error));
  g_assert_cmpint (mrg_grid_edit_create_table (f->store, f->page_id, &area, 10, 4, &error), >, 0);
  table = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpuint (table->rows->len, ==, 10);
  g_assert_cmpuint (table->col_seps->len, ==, 3);
  g_assert_cmpint (mrg_table_get_cell (table, 9, 3)->box.x2, ==, 1100);
  g_assert_cmpint (mrg_table_get_cell (table, 9, 3)->box.y2, ==, 1200);
  g_assert_cmpint (mrg_table_get_cell (table, 0, 1)->box.x1, ==, 350);
}

/* A table drawn by hand: one cell, then columns; each row gets cells in the new columns for
 * what is typed there. Its text is cleared in one undo step, and counted first. */
static void
test_hand_table (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) table = NULL;
  g_autoptr(MrgTable) truth = NULL;
  g_autoptr(GArray) seps = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) tables = NULL;
  MrgBox area = { 100, 3000, 700, 3200 };
  int cut = 400;
  guint cleared = 0, before;
  gboolean done = FALSE;
  gint64 id;

  /* the page's typed table first: clearing it counts what it held */
  truth = mrg_table_load (f->store, f->page_id, &error);
  before = mrg_table_count_text (truth);
  g_assert_cmpuint (before, >, 20);
  g_assert_true (mrg_table_clear_text (f->store, truth, &cleared, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cleared, ==, before);
  g_clear_pointer (&truth, mrg_table_free);
  truth = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpuint (mrg_table_count_text (truth), ==, 0);
  g_assert_true (mrg_store_undo (f->store, &done, NULL, NULL, &error));
  g_assert_true (done);
  g_clear_pointer (&truth, mrg_table_free);
  truth = mrg_table_load (f->store, f->page_id, &error);
  g_assert_cmpuint (mrg_table_count_text (truth), ==, before);

  id = mrg_grid_edit_create_table (f->store, f->page_id, &area, 1, 1, &error);
  g_assert_cmpint (id, >, 0);
  tables = mrg_table_load_all (f->store, f->page_id, &error);
  table = g_ptr_array_steal_index (tables, tables->len - 1);
  g_assert_cmpint (table->table_id, ==, id);
  g_array_append_val (seps, cut);
  g_assert_true (mrg_grid_edit_set_separators (f->store, table, MRG_AXIS_COLUMNS, seps, &error));
  g_clear_pointer (&table, mrg_table_free);
  g_clear_pointer (&tables, g_ptr_array_unref);
  /* the separator split the cell at once: the new column has its cell already */
  tables = mrg_table_load_all (f->store, f->page_id, &error);
  table = g_ptr_array_steal_index (tables, tables->len - 1);
  g_assert_cmpint (mrg_table_get_cell (table, 0, 1)->id, !=, 0);
  g_assert_cmpint (mrg_table_get_cell (table, 0, 1)->box.x1, ==, cut);
  g_assert_cmpint (mrg_table_get_cell (table, 0, 1)->box.x2, ==, area.x2);
  g_assert_cmpuint (mrg_table_count_text (table), ==, 0);
}

/* A page with two tables: the model knows both, switches between them and comes back to the
 * cell left in each, finds a cell or row in whichever table holds it, keeps the current table
 * over a reload, and falls back to the first when the tables are replaced (OCR again). */
static void
test_page_model_tables (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(MrgPageModel) model = mrg_page_model_new ();
  MrgBox area2 = { 300, 2200, 2100, 3000 };
  MrgTable *t0, *t1;
  gint64 t1_id, cell_id;
  int row, col;

  t1_id = mrg_grid_edit_create_table (f->store, f->page_id, &area2, 10, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (t1_id, >, 0);

  tables = mrg_table_load_all (f->store, f->page_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tables->len, ==, 2);
  t0 = g_ptr_array_index (tables, 0);
  t1 = g_ptr_array_index (tables, 1);
  g_assert_cmpint (t1->table_id, ==, t1_id);
  g_assert_cmpint (t0->table_id, <, t1_id);
  g_assert_cmpuint (t1->rows->len, ==, 10);
  /* mrg_table_load still gives the first. */
  {
    g_autoptr(MrgTable) first = mrg_table_load (f->store, f->page_id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (first->table_id, ==, t0->table_id);
  }

  mrg_page_model_set_store (model, f->store);
  g_assert_true (mrg_page_model_set_page (model, f->page_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mrg_page_model_get_n_tables (model), ==, 2);
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 0);
  g_assert_cmpint (mrg_page_model_get_table (model)->table_id, ==, t0->table_id);
  mrg_page_model_get_cursor (model, &row, &col);
  g_assert_cmpint (row, ==, 1);
  g_assert_cmpint (col, ==, 0);

  /* To the second table: its first body cell; back: the cell left in the first. */
  mrg_page_model_set_cursor (model, 4, 2);
  g_assert_true (mrg_page_model_set_table_index (model, 1));
  g_assert_cmpint (mrg_page_model_get_table (model)->table_id, ==, t1_id);
  mrg_page_model_get_cursor (model, &row, &col);
  g_assert_cmpint (row, ==, 1);
  g_assert_cmpint (col, ==, 0);
  mrg_page_model_set_cursor (model, 3, 1);
  g_assert_true (mrg_page_model_set_table_index (model, 0));
  mrg_page_model_get_cursor (model, &row, &col);
  g_assert_cmpint (row, ==, 4);
  g_assert_cmpint (col, ==, 2);
  g_assert_true (mrg_page_model_set_table_id (model, t1_id));
  mrg_page_model_get_cursor (model, &row, &col);
  g_assert_cmpint (row, ==, 3);
  g_assert_cmpint (col, ==, 1);
  g_assert_false (mrg_page_model_set_table_index (model, 2));
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);

  /* A cell or a row of the other table makes it current. */
  cell_id = mrg_table_get_cell (mrg_page_model_get_table_at (model, 0), 5, 3)->id;
  g_assert_true (mrg_page_model_show_cell (model, cell_id));
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 0);
  mrg_page_model_get_cursor (model, &row, &col);
  g_assert_cmpint (row, ==, 5);
  g_assert_cmpint (col, ==, 3);
  g_assert_true (mrg_page_model_show_row (model,
                                          mrg_table_get_row (mrg_page_model_get_table_at (model,
                                                                                          1),
                                                             6)->id,
                                          -1));
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);
  mrg_page_model_get_cursor (model, &row, &col);
  g_assert_cmpint (row, ==, 6);
  g_assert_cmpint (col, ==, 3);
  g_assert_false (mrg_page_model_show_cell (model, 987654321));

  /* Which table a point of the scan falls in. */
  t0 = mrg_page_model_get_table_at (model, 0);
  g_assert_cmpint (mrg_page_model_table_at_point (model, (t0->area.x1 + t0->area.x2) / 2.0,
                                                  (t0->area.y1 + t0->area.y2) / 2.0), ==, 0);
  g_assert_cmpint (mrg_page_model_table_at_point (model, 1200, 2600), ==, 1);
  g_assert_cmpint (mrg_page_model_table_at_point (model, 5, 5), ==, -1);

  /* An edit in the second table and a reload: it stays current, with the new text. */
  cell_id = mrg_table_get_cell (mrg_page_model_get_table (model), 6, 2)->id;
  g_assert_true (mrg_store_edit_cell_text (f->store, cell_id, "Kastl", &error));
  g_assert_no_error (error);
  mrg_page_model_reload_table (model);
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 1);
  g_assert_cmpstr (mrg_table_get_cell (mrg_page_model_get_table (model), 6, 2)->text, ==,
                   "Kastl");
  mrg_page_model_get_cursor (model, &row, &col);
  g_assert_cmpint (row, ==, 6);

  /* The tables replaced by one new one (as OCR again does; SQLite may give it an old id): the
   * model shows it, the cursor inside it. */
  g_assert_true (mrg_store_delete_tables (f->store, f->page_id, &error));
  g_assert_no_error (error);
  t1_id = mrg_grid_edit_create_table (f->store, f->page_id, &area2, 5, 3, &error);
  g_assert_no_error (error);
  mrg_page_model_reload_table (model);
  g_assert_cmpuint (mrg_page_model_get_n_tables (model), ==, 1);
  g_assert_cmpuint (mrg_page_model_get_table_index (model), ==, 0);
  g_assert_cmpint (mrg_page_model_get_table (model)->table_id, ==, t1_id);
  mrg_page_model_get_cursor (model, &row, &col);
  g_assert_cmpint (row, <, 5);
  g_assert_cmpint (col, <, (int) mrg_page_model_get_table (model)->n_cols);
}

static void
count_cb (gpointer  object,
          guint    *count)
{
  (*count)++;
}

/* The model follows what the project commits, by its own connection or by a job's, with no
 * reload by hand: an edit of its page, the tables replaced, and not an edit elsewhere. */
static void
test_page_model_follows_changes (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgProject) project = NULL;
  g_autoptr(MrgPageModel) model = mrg_page_model_new ();
  MrgBox area = { 300, 2200, 2100, 3000 };
  MrgStore *store;
  guint reloads = 0;
  gint64 cell_id, table_id, document_id, other_id;
  int row, col;

  g_clear_object (&f->store);
  project = mrg_project_open (f->path, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  store = mrg_project_get_store (project);
  mrg_page_model_set_project (model, project);
  g_assert_true (mrg_page_model_set_page (model, f->page_id, &error));
  g_signal_connect (model, "table-changed", G_CALLBACK (count_cb), &reloads);
  mrg_page_model_set_cursor (model, 4, 2);

  /* A person's edit: the text is there and the cursor has stayed. */
  cell_id = mrg_table_get_cell (mrg_page_model_get_table (model), 4, 2)->id;
  g_assert_true (mrg_store_edit_cell_text (store, cell_id, "Kastl", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reloads, ==, 1);
  g_assert_cmpstr (mrg_table_get_cell (mrg_page_model_get_table (model), 4, 2)->text, ==,
                   "Kastl");
  mrg_page_model_get_cursor (model, &row, &col);
  g_assert_cmpint (row, ==, 4);
  g_assert_cmpint (col, ==, 2);

  /* The page's status is read again. */
  g_assert_true (mrg_store_set_page_status (store, f->page_id, MRG_PAGE_STATUS_VERIFIED,
                                            &error));
  g_assert_cmpint (mrg_page_model_get_page (model)->status, ==, MRG_PAGE_STATUS_VERIFIED);

  /* Another page and its table are none of its business. */
  reloads = 0;
  document_id = mrg_store_add_document (store, "/nowhere/other.png", "0123", 1,
                                        MRG_DOCUMENT_KIND_IMAGE, 1, &error);
  g_assert_no_error (error);
  other_id = mrg_store_add_page (store, document_id, 1, 1000, 1000, 300, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mrg_grid_edit_create_table (store, other_id, &area, 3, 3, &error), >, 0);
  g_assert_cmpuint (reloads, ==, 0);

  /* The tables replaced: the new one is shown. */
  g_assert_true (mrg_store_delete_tables (store, f->page_id, &error));
  table_id = mrg_grid_edit_create_table (store, f->page_id, &area, 5, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mrg_page_model_get_n_tables (model), ==, 1);
  g_assert_cmpint (mrg_page_model_get_table (model)->table_id, ==, table_id);

  mrg_page_model_set_project (model, NULL);
  g_assert_null (mrg_page_model_get_store (model));
}

/* The page shown goes when its scan is removed: no page, no image, no spinner; and the words
 * of the confirmation say what would be lost. */
static void
test_page_model_scan_removed (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgPageModel) model = mrg_page_model_new ();
  g_auto(MrgStorePage) page = { 0 };
  g_auto(MrgStoreDocumentSummary) summary = { 0 };
  g_autofree char *words = NULL;

  mrg_page_model_set_store (model, f->store);
  g_assert_true (mrg_page_model_set_page (model, f->page_id, &error));
  g_assert_true (mrg_page_model_get_loading (model));
  g_assert_true (mrg_store_get_page (f->store, f->page_id, &page, &error));
  g_assert_true (mrg_store_get_document_summary (f->store, page.document_id, &summary, &error));
  g_assert_no_error (error);

  words = _mrg_window_describe_removal (&summary);
  g_test_message ("%s", words);
  g_assert_nonnull (strstr (words, "1 page"));
  g_assert_nonnull (strstr (words, summary.n_rows > 0 ? "cannot be undone" : "nothing was"));
  g_assert_nonnull (strstr (words, "scan file itself is kept"));

  g_assert_true (mrg_store_remove_document (f->store, page.document_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mrg_page_model_get_page_id (model), ==, 0);
  g_assert_null (mrg_page_model_get_page (model));
  g_assert_null (mrg_page_model_get_table (model));
  g_assert_false (mrg_page_model_get_loading (model));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window-logic/navigate", test_navigate);
  g_test_add_func ("/window-logic/separators", test_separators);
  g_test_add_func ("/window-logic/latin-keyval", test_latin_keyval);
  mrg_test_add_fixture ("/window-logic/table/load", test_table_load);
  mrg_test_add_fixture ("/window-logic/cell/tint-and-problems", test_tint_and_problems);
  mrg_test_add_fixture ("/window-logic/row/next-unverified", test_next_unverified);
  mrg_test_add_fixture ("/window-logic/cell/next-doubtful", test_next_doubtful);
  mrg_test_add_fixture ("/window-logic/grid/move-separator", test_move_separator);
  mrg_test_add_fixture ("/window-logic/grid/split-delete-merge-undo", test_rows);
  mrg_test_add_fixture ("/window-logic/grid/set-column", test_set_column);
  mrg_test_add_fixture ("/window-logic/grid/create-table", test_create_table);
  mrg_test_add_fixture ("/window-logic/grid/hand-table", test_hand_table);
  mrg_test_add_fixture ("/window-logic/page-model/tables", test_page_model_tables);
  mrg_test_add_fixture ("/window-logic/page-model/follows-changes",
                        test_page_model_follows_changes);
  mrg_test_add_fixture ("/window-logic/page-model/scan-removed", test_page_model_scan_removed);
  return g_test_run ();
}

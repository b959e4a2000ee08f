/* test-layouts.c: two lists of different layouts in one project keep their own columns
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-test"

#include "config.h"

#include <string.h>

#include "mrg-grid-edit.h"
#include "mrg-grid-logic.h"
#include "mrg-store-layouts.h"
#include "mrg-store-tables.h"
#include "mrg-table.h"
#include "mrg-test-util.h"
#include "test-export-fixture.h"

typedef struct
{
  char *dir;
  MrgStore *store;
  gint64 layout_a, layout_b;
  gint64 page_a, page_b;
  gint64 table_a, table_b;
} Fixture;

/* List 5 (clean-00) as printed: №, name, year of birth, year of capture, place, trade. List 6
 * (clean-01) is read with another layout whose third column holds places, not years. */
static void
define_columns (MrgStore              *store,
                gint64                 layout,
                const char *const     *names,
                const MrgColumnType   *types,
                const MrgColumnNaming *namings)
{
  g_autoptr(GError) error = NULL;

  for (int c = 0; names[c] != NULL; c++)
    {
      g_assert_true (mrg_store_ensure_layout_column (store, layout, c, names[c],
                                                     types != NULL ? types[c]
                                                                   : MRG_COLUMN_TYPE_TEXT,
                                                     namings != NULL ? namings[c]
                                                                     : MRG_COLUMN_NAME_GIVEN,
                                                     &error));
      g_assert_no_error (error);
    }
}

/* Reads list 6 with a new layout of these columns (text, unless `types` says; named as
 * `namings` says, else given). */
static void
give_b_layout (Fixture               *f,
               const char            *name,
               const char *const     *names,
               const MrgColumnType   *types,
               const MrgColumnNaming *namings)
{
  g_autoptr(GError) error = NULL;
  gint64 layout;

  g_assert_true (mrg_store_begin (f->store, &error));
  layout = mrg_store_create_layout (f->store, name, &error);
  define_columns (f->store, layout, names, types, namings);
  g_assert_true (mrg_store_set_table_layout (f->store, f->table_b, layout, &error));
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *names_a[] = { "№", "Фамилия и.и.з.", "г.г. рож.", "г.г. приз.",
                                   "Место плен.", "Специальность", NULL };
  static const MrgColumnType types_a[] = { MRG_COLUMN_TYPE_INTEGER, MRG_COLUMN_TYPE_NAME,
                                           MRG_COLUMN_TYPE_YEAR, MRG_COLUMN_TYPE_YEAR,
                                           MRG_COLUMN_TYPE_TEXT, MRG_COLUMN_TYPE_TEXT };
  static const char *names_b[] = { "№ п/п", "Фамилия", "Откуда", "Когда взят", NULL };
  static const MrgColumnType types_b[] = { MRG_COLUMN_TYPE_INTEGER, MRG_COLUMN_TYPE_NAME,
                                           MRG_COLUMN_TYPE_TEXT, MRG_COLUMN_TYPE_YEAR };
  g_autoptr(GError) error = NULL;
  int w, h;

  f->store = mrg_test_new_store ("two-lists.muragat", &f->dir);

  g_assert_true (mrg_store_begin (f->store, &error));
  f->layout_a = mrg_store_create_layout (f->store, "Список 5", &error);
  f->layout_b = mrg_store_create_layout (f->store, "Список 6", &error);
  g_assert_no_error (error);
  define_columns (f->store, f->layout_a, names_a, types_a, NULL);
  define_columns (f->store, f->layout_b, names_b, types_b, NULL);
  f->page_a = fixture_add_image (f->store, "clean-00.jpg", &w, &h);
  f->table_a = fixture_add_grid (f->store, f->page_a, "clean-00.json", NULL);
  f->page_b = fixture_add_image (f->store, "clean-01.jpg", &w, &h);
  f->table_b = fixture_add_grid (f->store, f->page_b, "clean-01.json", NULL);
  g_assert_true (mrg_store_adopt_layout (f->store, f->table_a, f->layout_a, &error));
  g_assert_true (mrg_store_adopt_layout (f->store, f->table_b, f->layout_b, &error));
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  mrg_test_drop_store (&f->store, &f->dir);
}

static MrgTable *
load (Fixture *f,
      gint64   page_id)
{
  return mrg_test_load_table (f->store, page_id);
}

static void
test_own_columns (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(MrgTable) a = load (f, f->page_a);
  g_autoptr(MrgTable) b = load (f, f->page_b);
  g_autoptr(GPtrArray) layouts = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (a->layout_id, ==, f->layout_a);
  g_assert_cmpint (b->layout_id, ==, f->layout_b);
  g_assert_cmpstr (a->columns[2].name, ==, "г.г. рож.");
  g_assert_cmpint (a->columns[2].type, ==, MRG_COLUMN_TYPE_YEAR);
  g_assert_cmpstr (b->columns[2].name, ==, "Откуда");
  g_assert_cmpint (b->columns[2].type, ==, MRG_COLUMN_TYPE_TEXT);

  layouts = mrg_store_list_layouts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layouts->len, ==, 2);
  g_assert_cmpstr (((MrgLayout *) g_ptr_array_index (layouts, 0))->pages, ==, "clean-00.jpg 1");
  g_assert_cmpstr (((MrgLayout *) g_ptr_array_index (layouts, 1))->pages, ==, "clean-01.jpg 1");
  g_assert_cmpuint (((MrgLayout *) g_ptr_array_index (layouts, 1))->columns->len, ==, 4);
}

/* Renaming a column of one list leaves the other list's column alone, and undoes. */
static void
test_rename_one (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) a = NULL;
  g_autoptr(MrgTable) b = NULL;

  g_assert_true (mrg_grid_edit_set_column (f->store, f->table_a, 2, "Год рождения",
                                           MRG_COLUMN_TYPE_YEAR, &error));
  g_assert_no_error (error);
  a = load (f, f->page_a);
  b = load (f, f->page_b);
  g_assert_cmpstr (a->columns[2].name, ==, "Год рождения");
  g_assert_cmpstr (b->columns[2].name, ==, "Откуда");

  mrg_test_undo_one (f->store);
  g_clear_pointer (&a, mrg_table_free);
  a = load (f, f->page_a);
  g_assert_cmpstr (a->columns[2].name, ==, "г.г. рож.");
}

/* A place under "Откуда" is fine; the same text under "г.г. рож." is not a year. */
static void
test_validate_per_layout (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) a = NULL;
  g_autoptr(MrgTable) b = NULL;
  g_autofree char *problem_a = NULL;
  g_autofree char *problem_b = NULL;

  g_assert_true (mrg_store_edit_cell_text (f->store, fixture_cell_id (f->store, f->table_a, 1, 2),
                                           "Вязьма", &error));
  g_assert_true (mrg_store_edit_cell_text (f->store, fixture_cell_id (f->store, f->table_b, 1, 2),
                                           "Вязьма", &error));
  g_assert_no_error (error);
  a = load (f, f->page_a);
  b = load (f, f->page_b);
  problem_a = mrg_grid_cell_problem (a, 1, 2);
  problem_b = mrg_grid_cell_problem (b, 1, 2);
  g_assert_nonnull (problem_a);
  g_assert_null (problem_b);
}

static char *
export_text (Fixture         *f,
             MrgExportFormat  format,
             const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  char *text = NULL;

  g_assert_true (mrg_export_to_file (f->store, &(MrgExportOptions) { .format = format }, path, NULL,
                                     &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* CSV: each layout's columns under its own header, side by side, and a layout column that says
 * which ones a row fills; JSON: each table its own columns. */
static void
test_export_headers (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *csv = export_text (f, MRG_EXPORT_FORMAT_CSV, "out.csv");
  g_autofree char *json = export_text (f, MRG_EXPORT_FORMAT_JSON, "out.json");
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  g_autofree char *first_b = NULL;
  g_autofree char *expected_b = NULL;
  g_autofree char *number_b = fixture_gt_text ("clean-01.json", 1, 0);
  g_autofree char *name_b = fixture_gt_text ("clean-01.json", 1, 1);
  g_autofree char *name_a = fixture_gt_text ("clean-00.json", 1, 1);
  gboolean seen_a = FALSE;

  g_assert_true (g_str_has_prefix (lines[0], "№,Фамилия и.и.з.,г.г. рож.,г.г. приз.,Место плен.,"
                                             "Специальность,№ п/п,Фамилия,Откуда,Когда взят,"));
  g_assert_true (g_str_has_suffix (lines[0], ",layout"));
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], name_a) != NULL && g_str_has_suffix (lines[i], ",Список 5"))
        seen_a = TRUE;
      if (first_b == NULL && g_str_has_suffix (lines[i], ",Список 6"))
        first_b = g_strdup (lines[i]);
    }
  g_assert_true (seen_a);
  /* List 6's first row fills its own block: six empty fields of list 5 first. */
  g_assert_nonnull (first_b);
  expected_b = g_strdup_printf (",,,,,,%s,%s,", number_b, name_b);
  g_assert_true (g_str_has_prefix (first_b, expected_b));

  g_assert_nonnull (strstr (json, "{\"columns\": [\"№\", \"Фамилия и.и.з.\", \"г.г. рож.\""));
  g_assert_nonnull (strstr (json, "{\"columns\": [\"№ п/п\", \"Фамилия\", \"Откуда\""));
}

/* A project with one layout exports as before: no layout column. */
static void
test_export_one_layout (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *header = NULL;

  g_assert_true (mrg_store_begin (f->store, &error));
  g_assert_true (mrg_store_set_document_layout (f->store, 2, f->layout_a, NULL, &error));
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (mrg_store_exec (f->store, "DELETE FROM layouts WHERE id = 2", &error));
  csv = export_text (f, MRG_EXPORT_FORMAT_CSV, "one.csv");
  header = g_strndup (csv, strcspn (csv, "\r\n"));
  g_assert_true (g_str_has_prefix (header, "№,Фамилия и.и.з.,г.г. рож.,г.г. приз.,Место плен.,"
                                           "Специальность,document,"));
  g_assert_false (g_str_has_suffix (header, ",layout"));
}

/* A whole document given another layout, as one undo step. */
static void
test_document_layout (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) b = NULL;
  guint n = 0;

  g_assert_true (mrg_store_begin (f->store, &error));
  mrg_store_begin_group (f->store);
  g_assert_true (mrg_store_set_document_layout (f->store, 2, f->layout_a, &n, &error));
  mrg_store_end_group (f->store);
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[2].name, ==, "г.г. рож.");

  mrg_test_undo_one (f->store);
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[2].name, ==, "Откуда");
}

/* Names OCR proposed are shown as proposed until accepted. */
static void
test_accept_proposed (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) b = NULL;
  g_autofree char *title = NULL;

  give_b_layout (f, "clean-01.jpg, page 1", (const char *[]) { "N9", NULL }, NULL,
                 (MrgColumnNaming[]) { MRG_COLUMN_NAME_PROPOSED });
  b = load (f, f->page_b);
  g_assert_true (b->columns[0].proposed);
  /* the title is the name alone: the grid draws a proposed one apart */
  title = mrg_grid_column_title (b, 0);
  g_assert_cmpstr (title, ==, "N9");

  g_assert_true (mrg_grid_edit_accept_columns (f->store, f->table_b, &error));
  g_assert_no_error (error);
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_false (b->columns[0].proposed);
  g_clear_pointer (&title, g_free);
  title = mrg_grid_column_title (b, 0);
  g_assert_cmpstr (title, ==, "N9");

  /* an accepted name is the person's: its header cell no longer renames it */
  g_assert_true (mrg_store_edit_cell_text (f->store, fixture_cell_id (f->store, f->table_b, 0, 0),
                                           "№ п/п", &error));
  g_assert_no_error (error);
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[0].name, ==, "N9");
}

/* A column named from the header row (numbered, or proposed by OCR) takes what a person types
 * into its header cell, in the same undo step; a column a person named keeps its name. */
static void
test_header_names (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) b = NULL;
  g_autofree char *target_table = NULL;
  gint64 target = 0;
  gboolean done = FALSE;

  give_b_layout (f, "FRAN_0187, page 1",
                 (const char *[]) { "Column 1", "Фамилмя", "Откуда", NULL },
                 (MrgColumnType[]) { MRG_COLUMN_TYPE_TEXT, MRG_COLUMN_TYPE_NAME,
                                     MRG_COLUMN_TYPE_TEXT },
                 (MrgColumnNaming[]) { MRG_COLUMN_NAME_NUMBERED, MRG_COLUMN_NAME_PROPOSED,
                                       MRG_COLUMN_NAME_GIVEN });

  g_assert_true (mrg_store_edit_cell_text (f->store, fixture_cell_id (f->store, f->table_b, 0, 0),
                                           " № п/п ", &error));
  g_assert_true (mrg_store_edit_cell_text (f->store, fixture_cell_id (f->store, f->table_b, 0, 1),
                                           "Фамилия\n  и имя", &error));
  g_assert_true (mrg_store_edit_cell_text (f->store, fixture_cell_id (f->store, f->table_b, 0, 2),
                                           "Откуда родом", &error));
  /* a body cell names nothing */
  g_assert_true (mrg_store_edit_cell_text (f->store, fixture_cell_id (f->store, f->table_b, 1, 0),
                                           "Рядовой", &error));
  g_assert_no_error (error);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[0].name, ==, "№ п/п");
  g_assert_cmpstr (b->columns[1].name, ==, "Фамилия и имя");
  g_assert_false (b->columns[1].proposed);
  g_assert_cmpstr (b->columns[2].name, ==, "Откуда");
  g_assert_cmpstr (mrg_table_get_cell (b, 0, 2)->text, ==, "Откуда родом");

  /* the body cell, the header cell with no name to give, then the name and its cell together */
  mrg_test_undo_one (f->store);
  mrg_test_undo_one (f->store);
  g_assert_true (mrg_store_undo (f->store, &done, &target_table, &target, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (target_table, ==, "cells");
  g_assert_cmpint (target, ==, fixture_cell_id (f->store, f->table_b, 0, 1));
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[1].name, ==, "Фамилмя");
  g_assert_true (b->columns[1].proposed);
  g_assert_cmpstr (mrg_table_get_cell (b, 0, 1)->text, !=, "Фамилия\n  и имя");
  g_assert_cmpstr (b->columns[0].name, ==, "№ п/п");

  /* a header emptied numbers its column again */
  g_assert_true (mrg_store_edit_cell_text (f->store, fixture_cell_id (f->store, f->table_b, 0, 0),
                                           "  ", &error));
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[0].name, ==, "Column 1");

  /* once a person names the column, the header cell no longer does */
  g_assert_true (mrg_grid_edit_set_column (f->store, f->table_b, 0, "Номер",
                                           MRG_COLUMN_TYPE_INTEGER, &error));
  g_assert_true (mrg_store_edit_cell_text (f->store, fixture_cell_id (f->store, f->table_b, 0, 0),
                                           "№", &error));
  g_assert_no_error (error);
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[0].name, ==, "Номер");
}

/* The name of column `col` that the text of row `row`'s cell gives. */
static char *
name_from_cell (MrgTable *table,
                guint     row,
                guint     col)
{
  return mrg_column_name_from_text (mrg_table_get_cell (table, row, col)->text);
}

/* A row marked as a header by mistake and unmarked gives back the names its cells gave: to the
 * table's other header row, else "Column N"; a name a person gave or another header gave
 * stays, and so does every name when a body row is "unmarked"; undo marks it again, names and
 * all, in one step. */
static void
test_header_unmark (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgTable) b = NULL;
  gint64 row0 = fixture_row_id (f->store, f->table_b, 0);
  gint64 row2 = fixture_row_id (f->store, f->table_b, 2);
  g_autofree char *top0 = NULL, *top1 = NULL, *wrong0 = NULL, *wrong1 = NULL;

  give_b_layout (f, "register", (const char *[]) { "Column 1", "Column 2", "Column 3", NULL },
                 NULL, (MrgColumnNaming[]) { MRG_COLUMN_NAME_NUMBERED, MRG_COLUMN_NAME_NUMBERED,
                                             MRG_COLUMN_NAME_NUMBERED });
  b = load (f, f->page_b);
  g_assert_true (mrg_table_get_row (b, 0)->header);
  top0 = name_from_cell (b, 0, 0);
  top1 = name_from_cell (b, 0, 1);
  wrong0 = name_from_cell (b, 2, 0);
  wrong1 = name_from_cell (b, 2, 1);
  g_assert_cmpstr (top1, !=, "");
  g_assert_cmpstr (wrong1, !=, "");
  g_assert_cmpstr (wrong1, !=, top1);

  /* marked: its cells name the columns; the person then names the third */
  g_assert_true (mrg_store_edit_row_header (f->store, row2, TRUE, &error));
  g_assert_true (mrg_grid_edit_set_column (f->store, f->table_b, 2, "Откуда",
                                           MRG_COLUMN_TYPE_TEXT, &error));
  g_assert_no_error (error);
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[0].name, ==, wrong0);
  g_assert_cmpstr (b->columns[1].name, ==, wrong1);

  /* a body row "unmarked" again changes no name, though its cell says the same */
  g_assert_true (mrg_store_edit_cell_text (f->store, fixture_cell_id (f->store, f->table_b, 3, 1),
                                           wrong1, &error));
  g_assert_true (mrg_store_edit_row_header (f->store, fixture_row_id (f->store, f->table_b, 3),
                                            FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[1].name, ==, wrong1);

  /* unmarked: the header row above names them again */
  g_assert_true (mrg_store_edit_row_header (f->store, row2, FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_false (mrg_table_get_row (b, 2)->header);
  g_assert_cmpstr (b->columns[0].name, ==, *top0 != '\0' ? top0 : "Column 1");
  g_assert_cmpstr (b->columns[1].name, ==, top1);
  g_assert_cmpstr (b->columns[2].name, ==, "Откуда");

  /* one undo marks it again with the names it gave */
  mrg_test_undo_one (f->store);
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_true (mrg_table_get_row (b, 2)->header);
  g_assert_cmpstr (b->columns[1].name, ==, wrong1);

  /* the top row's text named nothing now: unmarking it changes no name; with no header row
   * left, unmarking the other numbers its columns */
  g_assert_true (mrg_store_edit_row_header (f->store, row0, FALSE, &error));
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[1].name, ==, wrong1);
  g_assert_true (mrg_store_edit_row_header (f->store, row2, FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&b, mrg_table_free);
  b = load (f, f->page_b);
  g_assert_cmpstr (b->columns[0].name, ==, "Column 1");
  g_assert_cmpstr (b->columns[1].name, ==, "Column 2");
  g_assert_cmpstr (b->columns[2].name, ==, "Откуда");
}

/* A table drawn by hand takes the layout of the table before it in the document. */
static void
test_drawn_table (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MrgBox area = { 100, 3000, 2000, 3400 };
  gint64 table;

  table = mrg_grid_edit_create_table (f->store, f->page_b, &area, 3, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpint (table, !=, 0);
  g_assert_cmpint (mrg_store_get_table_own_layout (f->store, table, &error), ==, f->layout_b);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  mrg_test_add_fixture ("/layouts/own-columns", test_own_columns);
  mrg_test_add_fixture ("/layouts/rename-one", test_rename_one);
  mrg_test_add_fixture ("/layouts/validate-per-layout", test_validate_per_layout);
  mrg_test_add_fixture ("/layouts/export/headers", test_export_headers);
  mrg_test_add_fixture ("/layouts/export/one-layout", test_export_one_layout);
  mrg_test_add_fixture ("/layouts/document", test_document_layout);
  mrg_test_add_fixture ("/layouts/accept-proposed", test_accept_proposed);
  mrg_test_add_fixture ("/layouts/drawn-table", test_drawn_table);
  mrg_test_add_fixture ("/layouts/header-names", test_header_names);
  mrg_test_add_fixture ("/layouts/header-unmark", test_header_unmark);

  return g_test_run ();
}

/* test-store.c: the project file: schema, migrations, edits, undo, sharing and refusals
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-store"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "mrg-store.h"
#include "mrg-store-layouts.h"
#include "mrg-store-pages.h"
#include "mrg-store-tables.h"
#include "mrg-test-util.h"
#include "mrg-store-testing.h"

#define query_int(store, sql) mrg_test_query_int (mrg_store_get_db (store), (sql))
#define query_text(store, sql) mrg_test_query_text (mrg_store_get_db (store), (sql))

typedef struct
{
  char *dir;
  char *path;
  MrgStore *store;
  gint64 page_id;
  gint64 table_id;
  gint64 row_id;
  gint64 cells[2];
} Fixture;

/* A page with a one-row table of two cells, as OCR would leave it. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MrgBox area = { 100, 100, 900, 300 };
  MrgBox box0 = { 100, 200, 300, 300 }, box1 = { 300, 200, 900, 300 };
  int cols[] = { 100, 300, 900 }, rows[] = { 100, 200, 300 };
  gint64 doc;

  f->dir = mrg_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "list.muragat", NULL);
  f->store = mrg_store_open (f->path, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  mrg_store_set_user (f->store, "tester");

  g_assert_true (mrg_store_begin (f->store, &error));
  doc = mrg_store_add_document (f->store, "/scans/list.jpg", "abc", 10, MRG_DOCUMENT_KIND_IMAGE, 1,
                                &error);
  f->page_id = mrg_store_add_page (f->store, doc, 1, 1000, 1400, 300, &error);
  f->table_id = mrg_store_add_table (f->store, f->page_id, &area,
                                     &(MrgStoreSeparators) { cols, 3, rows, 3 }, &error);
  f->row_id = mrg_store_add_row (f->store, f->table_id, 1, FALSE, &error);
  f->cells[0] = mrg_store_add_cell (f->store, f->row_id, 0, &box0, "1", 93.0, &error);
  f->cells[1] = mrg_store_add_cell (f->store, f->row_id, 1, &box1, "Бектаиов Мажнт", 55.0, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_commit (f->store, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->path);
  g_free (f->dir);
}

static void
test_create (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "new.muragat", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autofree char *mode = NULL;

  store = mrg_store_open (path, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND);
  g_assert_null (store);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mrg_store_get_schema_version (store), ==, MRG_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, MRG_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpstr (mrg_store_get_display_name (store), ==, "new");
  for (const char *const *t = (const char *[]) { "documents", "pages", "tables", "layouts",
                                                 "layout_columns", "rows", "cells", "edits",
                                                 "cells_fts", NULL };
       *t != NULL; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema WHERE name = '%s'",
                                              *t);

      g_assert_cmpint (query_int (store, sql), ==, 1);
    }
}

/* Opens a project file in a new temporary folder written from the SQL dump NAME in tests/data/
 * (then EXTRA, when not NULL), as an older release left it: NULL (the test is skipped) when the
 * dump is not there. */
static MrgStore *
open_old_project (const char *name,
                  const char *extra)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.muragat", NULL);
  g_autoptr(GError) error = NULL;
  MrgStore *store;

  if (!mrg_test_write_old_project (name, extra, path))
    return NULL;
  store = mrg_store_open (path, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  return store;
}

static void
test_migrate_v1 (void)
{
  g_autofree char *text = NULL;
  g_autoptr(MrgStore) store = open_old_project ("schema-v1.sql", NULL);

  if (store == NULL)
    return;
  g_assert_cmpint (mrg_store_get_schema_version (store), ==, MRG_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, MRG_STORE_SCHEMA_VERSION);
  /* The data written by version 1 is all there, and the new full-text index covers it. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells"), ==, 4);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM edits"), ==, 1);
  text = query_text (store, "SELECT text FROM cells WHERE id = 4");
  g_assert_cmpstr (text, ==, "Бектанов Мажит");
  g_assert_cmpint (query_int (store, "SELECT rowid FROM cells_fts WHERE cells_fts MATCH 'Бектанов'"),
                   ==, 4);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM page_words"), ==, 0);
  /* its documents keep the order they were added in */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM documents WHERE position <> id"), ==, 0);

  /* And its edit log still undoes. */
  {
    g_autofree char *after = NULL;

    mrg_test_undo_one (store);
    after = query_text (store, "SELECT text FROM cells WHERE id = 4");
    g_assert_cmpstr (after, ==, "Бектаиов Мажнт");
  }
}

/* The one layout of a migrated one-page project, with six columns, and the one table of its
 * page read with it. */
static MrgTable *
migrated_table (MrgStore   *store,
                const char *layout_name,
                GPtrArray **out_tables)
{
  g_autoptr(GPtrArray) layouts = NULL;
  g_autoptr(GError) error = NULL;
  MrgLayout *layout;
  MrgTable *table;

  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, MRG_STORE_SCHEMA_VERSION);
  layouts = mrg_store_list_layouts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (layouts->len, ==, 1);
  layout = g_ptr_array_index (layouts, 0);
  g_assert_cmpstr (layout->name, ==, layout_name);
  g_assert_cmpuint (layout->columns->len, ==, 6);
  g_assert_cmpuint (layout->n_tables, ==, 1);
  g_assert_cmpstr (layout->pages, ==, "list-5.jpg 1");
  /* an old project names no OCR languages: its pages are read in the project's */
  g_assert_cmpstr (layout->lang, ==, "");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM documents WHERE lang <> ''"), ==, 0);

  *out_tables = mrg_store_load_tables (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint ((*out_tables)->len, ==, 1);
  table = g_ptr_array_index (*out_tables, 0);
  g_assert_cmpint (table->layout_id, ==, layout->id);
  /* every cell came through */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells"), ==, 114);
  return table;
}

/* A project written by the release with schema 3 (project-wide columns): its columns become
 * one layout, named after its document, that each of its tables is read with, and the column
 * rename it logged still undoes. */
/* A project whose grid edits left cells beyond its table's columns (issue #12: a separator added
 * then removed left a hidden 7th cell a row, exported as a repeated value): upgraded in place,
 * those are no longer live, a text of theirs that the row does not hold yet is appended to the
 * row's last cell, and every cell is 1 × 1. */
static void
test_migrate_stray_cells (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = open_old_project (
    "schema-v3.sql",
    "INSERT INTO cells (row_id, col, x1, y1, x2, y2, text)"
    "  SELECT row_id, 6, x2, y1, x2 + 10, y2, text FROM cells WHERE row_id = 2 AND col = 5;"
    "INSERT INTO cells (row_id, col, x1, y1, x2, y2, text)"
    "  VALUES (3, 6, 2316, 493, 2326, 579, 'typed once');");
  g_autoptr(GPtrArray) tables = NULL;
  MrgTable *table;
  g_autofree char *last = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *stray = NULL;

  if (store == NULL)
    return;
  last = query_text (store, "SELECT text FROM cells WHERE row_id = 2 AND col = 5");
  typed = query_text (store, "SELECT text FROM cells WHERE row_id = 3 AND col = 5");
  g_assert_true (g_str_has_suffix (typed, " typed once"));
  /* A repeated value is not appended to itself. */
  stray = query_text (store, "SELECT text FROM cells WHERE row_id = 2 AND col < 0");
  g_assert_cmpstr (last, ==, stray);

  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells WHERE col > 5"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells WHERE col < 0"), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells"
                                     " WHERE row_span <> 1 OR col_span <> 1"), ==, 0);
  tables = mrg_store_load_tables (store, 1, &error);
  g_assert_no_error (error);
  table = g_ptr_array_index (tables, 0);
  g_assert_cmpuint (table->n_cols, ==, 6);
  g_assert_cmpstr (((MrgTableRow *) g_ptr_array_index (table->rows, 1))->cells[5].text, ==, last);
}

static void
test_migrate_v3 (void)
{
  g_autofree char *name = NULL;
  g_autoptr(MrgStore) store = open_old_project ("schema-v3.sql", NULL);
  g_autoptr(GPtrArray) tables = NULL;
  MrgTable *table;

  if (store == NULL)
    return;
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'columns'"),
                   ==, 0);
  table = migrated_table (store, "list-5.jpg", &tables);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM tables WHERE layout_id IS NULL"), ==, 0);
  g_assert_cmpstr (table->columns[0].name, ==, "№");
  g_assert_cmpint (table->columns[0].type, ==, MRG_COLUMN_TYPE_INTEGER);
  g_assert_cmpstr (table->columns[1].name, ==, "Фамилия и.и.з.");
  g_assert_cmpint (table->columns[1].type, ==, MRG_COLUMN_TYPE_NAME);
  g_assert_cmpstr (table->columns[2].name, ==, "годы рождения");
  g_assert_cmpint (table->columns[2].type, ==, MRG_COLUMN_TYPE_YEAR);
  g_assert_cmpstr (table->columns[5].name, ==, "Специальность");
  g_assert_false (table->columns[5].proposed);

  /* The rename the old release logged undoes in the layout. */
  mrg_test_undo_one (store);
  name = query_text (store, "SELECT name FROM layout_columns WHERE layout_id = 1 AND position = 2");
  g_assert_cmpstr (name, ==, "г.г. рож.");
}

/* A project written by the release with schema 4 (layouts): its layout, its accepted column
 * names and every cell come through, and the two steps it logged still undo, last first. */
static void
test_migrate_v4 (void)
{
  g_autofree char *name = NULL;
  g_autoptr(MrgStore) store = open_old_project ("schema-v4.sql", NULL);
  g_autoptr(GPtrArray) tables = NULL;
  MrgTable *table;

  if (store == NULL)
    return;
  table = migrated_table (store, "Список 5", &tables);
  g_assert_cmpstr (table->columns[2].name, ==, "г.г. рож.");
  g_assert_cmpint (table->columns[2].type, ==, MRG_COLUMN_TYPE_YEAR);
  g_assert_false (table->columns[2].proposed);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells_fts WHERE cells_fts MATCH 'Специальность'"),
                   ==, 1);
  /* accepted names are the person's: typing a header cell does not rename them */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM layout_columns WHERE from_header"), ==, 0);

  /* The rename undoes, then the acceptance of the proposed names. */
  mrg_test_undo_one (store);
  name = query_text (store, "SELECT name FROM layouts WHERE id = 1");
  g_assert_cmpstr (name, ==, "list-5.jpg, page 1");
  mrg_test_undo_one (store);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM layout_columns WHERE proposed"), ==, 6);
}

static void
test_too_new (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "future.muragat", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(MrgStore) again = NULL;

  store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_exec (store, "PRAGMA user_version = 99", &error));
  g_clear_object (&store);

  again = mrg_store_open (path, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, path));
}

static void
test_edit_logged (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *who = NULL;
  g_autofree char *old = NULL;
  g_autofree char *status_by = NULL;

  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[1], "Бектанов Мажит", &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (f->store, "SELECT edited FROM cells WHERE id = 2"), ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM edits"), ==, 1);
  who = query_text (f->store, "SELECT who FROM edits");
  old = query_text (f->store, "SELECT old FROM edits");
  g_assert_cmpstr (who, ==, "tester");
  g_assert_cmpstr (old, ==, "Бектаиов Мажнт");

  /* Writing the same text again is no change and leaves no line. */
  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[1], "Бектанов Мажит", &error));
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM edits"), ==, 1);

  /* OCR that runs again keeps what the person typed, and refreshes what they did not touch. */
  g_assert_true (mrg_store_set_cell_ocr (f->store, f->cells[1], "Бектаиов", 40.0, &error));
  g_assert_true (mrg_store_set_cell_ocr (f->store, f->cells[0], "7", 80.0, &error));
  {
    g_autofree char *kept = query_text (f->store, "SELECT text FROM cells WHERE id = 2");
    g_autofree char *ocr = query_text (f->store, "SELECT ocr_text FROM cells WHERE id = 2");
    g_autofree char *refreshed = query_text (f->store, "SELECT text FROM cells WHERE id = 1");

    g_assert_cmpstr (kept, ==, "Бектанов Мажит");
    g_assert_cmpstr (ocr, ==, "Бектаиов");
    g_assert_cmpstr (refreshed, ==, "7");
  }

  g_assert_true (mrg_store_edit_row_status (f->store, f->row_id, MRG_ROW_STATUS_VERIFIED, &error));
  status_by = query_text (f->store, "SELECT status_by FROM rows WHERE id = 1");
  g_assert_cmpstr (status_by, ==, "tester");
  g_assert_true (mrg_store_edit_cell_flags (f->store, f->cells[0], MRG_CELL_FLAG_UNCERTAIN, &error));
  g_assert_cmpint (query_int (f->store, "SELECT flags FROM cells WHERE id = 1"), ==,
                   MRG_CELL_FLAG_UNCERTAIN);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM edits"), ==, 3);

  /* The full-text index follows edits. */
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM cells_fts WHERE cells_fts MATCH 'Мажит'"),
                   ==, 1);
  g_assert_cmpint (query_int (f->store,
                              "SELECT count(*) FROM cells_fts WHERE cells_fts MATCH 'Мажнт'"),
                   ==, 0);
}

static void
changed_cb (MrgStore       *store,
            MrgStoreChange *change,
            gpointer        user_data)
{
  MrgStoreChange **out = user_data;

  if (*out == NULL)
    *out = mrg_store_change_new ();
  mrg_store_change_merge (*out, change);
}

/* Views refresh from `changed`: it says what a committed change touched, once, after the commit,
 * and nothing for a change rolled back. */
static void
test_changed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStoreChange) seen = NULL;
  MrgBox box = { 100, 300, 300, 400 };
  gulong id = g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), &seen);
  gint64 row;

  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[1], "Бектанов Мажит", &error));
  g_assert_no_error (error);
  g_assert_nonnull (seen);
  g_assert_true (mrg_store_change_has (seen, MRG_STORE_CHANGE_CELLS, f->cells[1]));
  g_assert_false (mrg_store_change_has (seen, MRG_STORE_CHANGE_CELLS, f->cells[0]));
  g_assert_true (mrg_store_change_has (seen, MRG_STORE_CHANGE_EDITS, 0));
  g_assert_false (mrg_store_change_get_kinds (seen) & MRG_STORE_CHANGE_PAGES);
  g_clear_pointer (&seen, mrg_store_change_free);

  /* Inside a transaction nothing is announced before the commit. */
  g_assert_true (mrg_store_begin (f->store, &error));
  row = mrg_store_add_row (f->store, f->table_id, 2, FALSE, &error);
  mrg_store_add_cell (f->store, row, 0, &box, "2", 90.0, &error);
  g_assert_no_error (error);
  g_assert_null (seen);
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_nonnull (seen);
  g_assert_true (mrg_store_change_has (seen, MRG_STORE_CHANGE_ROWS, row));
  g_assert_true (mrg_store_change_has (seen, MRG_STORE_CHANGE_TABLES, f->table_id));
  g_clear_pointer (&seen, mrg_store_change_free);

  /* A rolled-back change is never announced. */
  g_assert_true (mrg_store_begin (f->store, &error));
  g_assert_true (mrg_store_set_page_status (f->store, f->page_id, MRG_PAGE_STATUS_VERIFIED, &error));
  mrg_store_rollback (f->store);
  g_assert_null (seen);

  /* Undo says what it touched too. */
  g_assert_true (mrg_store_undo (f->store, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (seen);
  g_assert_true (mrg_store_change_has (seen, MRG_STORE_CHANGE_CELLS, f->cells[1]));

  g_signal_handler_disconnect (f->store, id);
}

static void
assert_cell_text (Fixture    *f,
                  gint64      cell,
                  const char *expected)
{
  g_autofree char *sql = g_strdup_printf ("SELECT text FROM cells WHERE id = %" G_GINT64_FORMAT,
                                          cell);
  g_autofree char *text = query_text (f->store, sql);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_undo_redo (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *table = NULL;
  gint64 target = 0;
  gboolean done = FALSE;

  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[1], "Бектанов", &error));
  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[1], "Бектанов Мажит", &error));
  g_assert_true (mrg_store_edit_row_status (f->store, f->row_id, MRG_ROW_STATUS_VERIFIED, &error));
  g_assert_no_error (error);

  g_assert_true (mrg_store_undo (f->store, &done, &table, &target, &error));
  g_assert_true (done);
  g_assert_cmpstr (table, ==, "rows");
  g_assert_cmpint (target, ==, f->row_id);
  g_assert_cmpint (query_int (f->store, "SELECT status = 'unverified' FROM rows"), ==, 1);

  g_assert_true (mrg_store_undo (f->store, &done, NULL, NULL, &error));
  assert_cell_text (f, f->cells[1], "Бектанов");

  /* Undo survives closing and reopening the project. */
  g_clear_object (&f->store);
  f->store = mrg_store_open (f->path, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_redo (f->store, &done, NULL, NULL, &error));
  g_assert_true (done);
  assert_cell_text (f, f->cells[1], "Бектанов Мажит");
  g_assert_true (mrg_store_undo (f->store, &done, NULL, NULL, &error));
  g_assert_true (mrg_store_undo (f->store, &done, NULL, NULL, &error));
  assert_cell_text (f, f->cells[1], "Бектаиов Мажнт");
  g_assert_true (mrg_store_undo (f->store, &done, NULL, NULL, &error));
  g_assert_false (done);

  /* A new edit after undo drops what could have been redone. */
  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[0], "2", &error));
  g_assert_true (mrg_store_redo (f->store, &done, NULL, NULL, &error));
  g_assert_false (done);
  assert_cell_text (f, f->cells[1], "Бектаиов Мажнт");
  g_assert_no_error (error);
}

static void
test_group (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  /* Two changes made as one step are undone as one. */
  g_assert_true (mrg_store_begin (f->store, &error));
  mrg_store_begin_group (f->store);
  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[0], "10", &error));
  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[1], "Оспанов", &error));
  mrg_store_end_group (f->store);
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->store, "SELECT count(DISTINCT group_id) FROM edits"), ==, 1);

  g_assert_true (mrg_store_undo (f->store, &done, NULL, NULL, &error));
  assert_cell_text (f, f->cells[0], "1");
  assert_cell_text (f, f->cells[1], "Бектаиов Мажнт");
}

static void
test_undo_grid_move (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* The window moves a separator: the cell's box changes, logged for undo. */
  g_assert_true (mrg_store_begin (f->store, &error));
  g_assert_true (mrg_store_exec (f->store, "UPDATE cells SET x2 = 320 WHERE id = 1", &error));
  g_assert_true (mrg_store_log_edit (f->store, &(MrgStoreEdit) { "grid", "cells", f->cells[0],
                                                                "x2", "300", "320" }, &error));
  g_assert_true (mrg_store_commit (f->store, &error));

  mrg_test_undo_one (f->store);
  g_assert_cmpint (query_int (f->store, "SELECT x2 FROM cells WHERE id = 1"), ==, 300);
  /* Moving the grid back is not a person's text: OCR may still fill the cell. */
  g_assert_cmpint (query_int (f->store, "SELECT edited FROM cells WHERE id = 1"), ==, 0);
  g_assert_true (mrg_store_set_cell_ocr (f->store, f->cells[0], "4", 90, &error));
  assert_cell_text (f, f->cells[0], "4");
}

static void
test_not_a_project (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "notes.muragat", NULL);
  g_autofree char *other = g_build_filename (dir, "other.muragat", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.muragat", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  sqlite3 *db = NULL;

  g_file_set_contents (text, "Список 5-й группы казахов. 100 человек.\n", -1, &error);
  g_assert_no_error (error);
  store = mrg_store_open (text, MRG_STORE_OPEN_CREATE, &error);
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_A_PROJECT);
  g_assert_true (g_str_has_prefix (error->message, text));
  g_clear_error (&error);

  /* Another program's database is refused without a byte of it changed. */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = mrg_test_read_bytes (other);
  store = mrg_store_open (other, MRG_STORE_OPEN_CREATE, &error);
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_A_PROJECT);
  g_assert_null (store);
  after = mrg_test_read_bytes (other);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_error (&error);

  g_file_set_contents (empty, "", 0, &error);
  store = mrg_store_open (empty, MRG_STORE_OPEN_CREATE, &error);
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_A_PROJECT);
  g_assert_nonnull (strstr (error->message, "empty"));
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autofree char *before = NULL;

  g_clear_object (&f->store);
  before = mrg_test_dump_project (f->path);
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);

  store = mrg_store_open (f->path, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_READ_ONLY);
  g_assert_true (g_str_has_prefix (error->message, f->path));
  g_clear_error (&error);

  /* It can still be read, for status and export. */
  store = mrg_store_open (f->path, MRG_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (mrg_store_edit_cell_text (store, f->cells[0], "5", &error));
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_READ_ONLY);
  g_clear_object (&store);

  mrg_test_assert_project_unchanged (f->path, before);
  g_chmod (f->path, 0644);
}

static void
test_shared (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) second = NULL;

  /* Two programs on one project (the window and muragat-cli) both keep their edits. */
  second = mrg_store_open (f->path, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[0], "11", &error));
  g_assert_true (mrg_store_edit_cell_text (second, f->cells[1], "Сейткали", &error));
  g_assert_no_error (error);
  assert_cell_text (f, f->cells[1], "Сейткали");
  g_assert_cmpint (query_int (second, "SELECT count(*) FROM edits"), ==, 2);

  /* While one holds a write transaction, the other waits, then fails clearly; nothing lost. */
  mrg_store_set_busy_timeout (second, 100);
  g_assert_true (mrg_store_begin (f->store, &error));
  g_assert_false (mrg_store_edit_cell_text (second, f->cells[1], "Оспанов", &error));
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_LOCKED);
  g_assert_true (g_str_has_prefix (error->message, f->path));
  g_clear_error (&error);
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_true (mrg_store_edit_cell_text (second, f->cells[1], "Оспанов", &error));
  g_assert_no_error (error);
  assert_cell_text (f, f->cells[1], "Оспанов");
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *long_text = NULL;
  int pages;

  /* SQLite reports a database that cannot grow exactly as it reports a full disk. */
  pages = query_int (f->store, "PRAGMA page_count");
  {
    g_autofree char *sql = g_strdup_printf ("PRAGMA max_page_count = %d", pages);

    g_assert_true (mrg_store_exec (f->store, sql, &error));
  }
  before = mrg_test_dump_project (f->path);

  long_text = g_strnfill (64 * 1024, 'x');
  g_assert_false (mrg_store_edit_cell_text (f->store, f->cells[1], long_text, &error));
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_DISK_FULL);
  g_assert_true (g_str_has_prefix (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_assert_false (mrg_store_in_transaction (f->store));

  mrg_test_assert_project_unchanged (f->path, before);

  /* A small edit still fits afterwards: the store is usable. */
  g_clear_error (&error);
  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[0], "3", &error));
  g_assert_no_error (error);
}

static void
test_counts (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  MrgStoreCounts c;

  g_assert_true (mrg_store_edit_row_status (f->store, f->row_id, MRG_ROW_STATUS_VERIFIED, &error));
  g_assert_true (mrg_store_get_counts (f->store, &c, &error));
  g_assert_cmpint (c.documents, ==, 1);
  g_assert_cmpint (c.pages, ==, 1);
  g_assert_cmpint (c.tables, ==, 1);
  g_assert_cmpint (c.rows, ==, 1);
  g_assert_cmpint (c.body_rows, ==, 1);
  g_assert_cmpint (c.verified_rows, ==, 1);
  g_assert_cmpint (c.cells, ==, 2);
  g_assert_cmpint (c.pages_by_status[MRG_PAGE_STATUS_NEW], ==, 1);
}

/* A deleted row keeps its database row for undo, but nothing that reads a table sees it. */
static void
test_tables_deleted_row (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tables = NULL;
  g_autoptr(GArray) cells = NULL;
  g_autoptr(MrgStoreRowPlace) place = NULL;
  MrgBox boxes[] = { { 100, 100, 300, 200 }, { 300, 100, 900, 200 } };
  MrgStoreCounts c;
  MrgTable *table;
  gint64 row;

  /* A row above the fixture's: the fixture's moves down one. */
  g_assert_true (mrg_store_begin (f->store, &error));
  mrg_store_begin_group (f->store);
  row = mrg_store_insert_row (f->store, f->table_id, 1, boxes, G_N_ELEMENTS (boxes), &error);
  g_assert_no_error (error);
  g_assert_cmpint (row, >, 0);
  mrg_store_end_group (f->store);
  g_assert_true (mrg_store_commit (f->store, &error));
  tables = mrg_store_load_tables (f->store, f->page_id, &error);
  g_assert_no_error (error);
  table = g_ptr_array_index (tables, 0);
  g_assert_cmpuint (table->rows->len, ==, 2);
  g_assert_cmpint (((MrgTableRow *) g_ptr_array_index (table->rows, 0))->id, ==, row);
  g_assert_cmpint (((MrgTableRow *) g_ptr_array_index (table->rows, 1))->idx, ==, 2);
  g_clear_pointer (&tables, g_ptr_array_unref);

  g_assert_true (mrg_store_begin (f->store, &error));
  mrg_store_begin_group (f->store);
  g_assert_true (mrg_store_delete_row (f->store, row, &error));
  mrg_store_end_group (f->store);
  g_assert_true (mrg_store_commit (f->store, &error));
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM rows"), ==, 2);

  tables = mrg_store_load_tables (f->store, f->page_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tables->len, ==, 1);
  table = g_ptr_array_index (tables, 0);
  g_assert_cmpuint (table->rows->len, ==, 1);
  g_assert_cmpint (((MrgTableRow *) g_ptr_array_index (table->rows, 0))->id, ==, f->row_id);
  g_assert_cmpint (((MrgTableRow *) g_ptr_array_index (table->rows, 0))->idx, ==, 1);
  cells = mrg_store_list_cell_boxes (f->store, f->table_id, &error);
  g_assert_cmpuint (cells->len, ==, 2);
  g_assert_true (mrg_store_get_counts (f->store, &c, &error));
  g_assert_cmpint (c.rows, ==, 1);
  g_assert_cmpint (c.cells, ==, 2);
  place = mrg_store_locate_row (f->store, row, &error);
  g_assert_nonnull (place);
  g_assert_true (place->deleted);
  g_assert_cmpint (place->page.id, ==, f->page_id);
  g_clear_pointer (&place, mrg_store_row_place_free);

  /* Undo brings it back where it was. */
  mrg_test_undo_one (f->store);
  place = mrg_store_locate_row (f->store, row, &error);
  g_assert_false (place->deleted);
  g_assert_cmpint (place->idx, ==, 1);
  g_assert_true (place->has_box);
  g_assert_cmpint (place->box.x2, ==, 900);
  g_assert_null (mrg_store_locate_row (f->store, 9999, &error));
  g_assert_no_error (error);
}

/* Separators are written one way, whoever writes them, and read back inside the area. */
static void
test_tables_separators (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStoreGrid) grid = NULL;
  g_autofree char *json = query_text (f->store, "SELECT col_seps FROM tables");
  g_autofree char *formatted = NULL;

  g_assert_cmpstr (json, ==, "[100, 300, 900]");
  grid = mrg_store_get_grid (f->store, f->table_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (grid->col_seps->len, ==, 1);
  g_assert_cmpint (g_array_index (grid->col_seps, int, 0), ==, 300);
  formatted = mrg_format_separators (grid->row_seps);
  g_assert_cmpstr (formatted, ==, "[200]");
}

/* The ids of the documents in the order of the project. */
static char *
document_order (MrgStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) documents = mrg_store_list_documents (store, &error);
  GString *order = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < documents->len; i++)
    g_string_append_printf (order, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                            g_array_index (documents, MrgStoreDocument, i).id);
  return g_string_free (order, FALSE);
}

static void
changed_kinds_cb (MrgStore             *store,
                  const MrgStoreChange *change,
                  MrgStoreChangeKind   *kinds)
{
  *kinds |= mrg_store_change_get_kinds (change);
}

/* Scans are listed, OCR'd and exported in the order a person gives them; removing one takes its
 * pages, tables, rows, cells and their lines of the undo history in one transaction, and leaves
 * the others (and their undo) alone. */
static void
test_documents_order_remove (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(MrgStoreDocumentSummary) summary = { 0 };
  g_autofree char *order = NULL;
  g_autoptr(GArray) pages = NULL;
  gint64 first = query_int (f->store, "SELECT id FROM documents");
  gint64 second, third, second_page;
  MrgStoreChangeKind kinds = 0;
  gboolean done = FALSE;

  second = mrg_store_add_document (f->store, "/scans/b.jpg", "b", 10, MRG_DOCUMENT_KIND_IMAGE, 1,
                                   &error);
  second_page = mrg_store_add_page (f->store, second, 1, 1000, 1400, 300, &error);
  third = mrg_store_add_document (f->store, "/scans/c.tif", "c", 10, MRG_DOCUMENT_KIND_TIFF, 2,
                                  &error);
  mrg_store_add_page (f->store, third, 1, 1000, 1400, 300, &error);
  mrg_store_add_page (f->store, third, 2, 1000, 1400, 300, &error);
  g_assert_no_error (error);

  /* the third scan goes first; its pages lead the list of pages */
  g_assert_true (mrg_store_move_document (f->store, third, 1, &error));
  g_assert_no_error (error);
  order = document_order (f->store);
  {
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                                 " %" G_GINT64_FORMAT, third, first, second);

    g_assert_cmpstr (order, ==, expected);
  }
  pages = mrg_store_list_pages (f->store, &error);
  g_assert_cmpuint (pages->len, ==, 4);
  g_assert_cmpint (g_array_index (pages, gint64, 2), ==, f->page_id);
  /* past the end is last */
  g_assert_true (mrg_store_move_document (f->store, third, 99, &error));
  g_assert_true (mrg_store_get_document_summary (f->store, third, &summary, &error));
  g_assert_cmpuint (summary.position, ==, 3);
  g_assert_cmpuint (summary.n_pages, ==, 2);
  mrg_store_document_summary_clear (&summary);
  /* a scan added later comes last */
  {
    gint64 fourth = mrg_store_add_document (f->store, "/scans/d.jpg", "d", 10,
                                            MRG_DOCUMENT_KIND_IMAGE, 1, &error);

    g_assert_true (mrg_store_get_document_summary (f->store, fourth, &summary, &error));
    g_assert_cmpuint (summary.position, ==, 4);
    mrg_store_document_summary_clear (&summary);
  }

  /* what the first scan holds: one table, one row a person verified, one cell edited */
  g_assert_true (mrg_store_edit_cell_text (f->store, f->cells[1], "Бектанов Мажит", &error));
  g_assert_true (mrg_store_edit_row_status (f->store, f->row_id, MRG_ROW_STATUS_VERIFIED, &error));
  g_assert_no_error (error);
  g_assert_true (mrg_store_get_document_summary (f->store, first, &summary, &error));
  g_assert_cmpuint (summary.position, ==, 1);
  g_assert_cmpstr (summary.path, ==, "/scans/list.jpg");
  g_assert_cmpuint (summary.n_tables, ==, 1);
  g_assert_cmpuint (summary.n_rows, ==, 1);
  g_assert_cmpuint (summary.n_verified, ==, 1);
  g_assert_cmpuint (summary.n_edited, ==, 1);
  mrg_store_document_summary_clear (&summary);

  g_signal_connect (f->store, "changed", G_CALLBACK (changed_kinds_cb), &kinds);
  g_assert_true (mrg_store_remove_document (f->store, first, &error));
  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_func (f->store, changed_kinds_cb, &kinds);
  g_assert_cmpint (kinds & MRG_STORE_CHANGE_DOCUMENTS, !=, 0);
  g_assert_cmpint (kinds & MRG_STORE_CHANGE_PAGES, !=, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM documents"), ==, 3);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM pages"), ==, 3);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM tables"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM rows"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM cells"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM cells_fts WHERE cells_fts MATCH"
                                        " 'Бектанов'"), ==, 0);
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM edits"), ==, 0);
  /* nothing is left to undo of it */
  g_assert_true (mrg_store_undo (f->store, &done, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (done);
  g_assert_false (mrg_store_get_document_summary (f->store, first, &summary, &error));
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mrg_store_remove_document (f->store, first, &error));
  g_assert_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* the others keep their order and pages */
  g_assert_true (mrg_store_get_document_summary (f->store, second, &summary, &error));
  g_assert_cmpuint (summary.position, ==, 1);
  mrg_store_document_summary_clear (&summary);
  g_clear_pointer (&pages, g_array_unref);
  pages = mrg_store_list_pages (f->store, &error);
  g_assert_cmpuint (pages->len, ==, 3);
  g_assert_cmpint (g_array_index (pages, gint64, 0), ==, second_page);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/create", test_create);
  g_test_add_func ("/store/migrate/v1-to-current", test_migrate_v1);
  g_test_add_func ("/store/migrate/v3-to-current", test_migrate_v3);
  g_test_add_func ("/store/migrate/v4-to-current", test_migrate_v4);
  g_test_add_func ("/store/migrate/stray-cells", test_migrate_stray_cells);
  g_test_add_func ("/store/open/too-new", test_too_new);
  g_test_add_func ("/store/open/not-a-project", test_not_a_project);
  mrg_test_add_fixture ("/store/open/read-only", test_read_only);
  mrg_test_add_fixture ("/store/open/shared", test_shared);
  mrg_test_add_fixture ("/store/edit/logged", test_edit_logged);
  mrg_test_add_fixture ("/store/edit/undo-redo", test_undo_redo);
  mrg_test_add_fixture ("/store/edit/undo-grid-move", test_undo_grid_move);
  mrg_test_add_fixture ("/store/edit/group", test_group);
  mrg_test_add_fixture ("/store/edit/disk-full", test_disk_full);
  mrg_test_add_fixture ("/store/changed", test_changed);
  mrg_test_add_fixture ("/store/counts", test_counts);
  mrg_test_add_fixture ("/store/tables/deleted-row", test_tables_deleted_row);
  mrg_test_add_fixture ("/store/documents/order-remove", test_documents_order_remove);
  mrg_test_add_fixture ("/store/tables/separators", test_tables_separators);

  return g_test_run ();
}

/* test-doubt.c: doubt finds the errors a person sees at a glance; a column's whitelist reaches
 * tesseract
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-doubt"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>

#include "mrg-doubt.h"
#include "mrg-grid-logic.h"
#include "mrg-ocr.h"
#include "mrg-store-layouts.h"
#include "mrg-store-pages.h"
#include "mrg-store.h"
#include "mrg-test-draw.h"
#include "mrg-test-util.h"

#define N_COLS 4

typedef struct
{
  char *dir;
  MrgStore *store;
  gint64 layout_id;
  guint n_docs;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const char *names[N_COLS] = { "№", "Фамилия и.и.з.", "г.г. рож.", "Специальность" };
  static const MrgColumnType types[N_COLS] = {
    MRG_COLUMN_TYPE_INTEGER, MRG_COLUMN_TYPE_NAME, MRG_COLUMN_TYPE_YEAR, MRG_COLUMN_TYPE_TEXT,
  };

  f->store = mrg_test_new_store ("doubt.muragat", &f->dir);
  /* the columns a person named and typed; every table is read with the project's first layout */
  f->layout_id = mrg_store_get_default_layout (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_begin (f->store, &error));
  for (guint c = 0; c < N_COLS; c++)
    g_assert_true (mrg_store_edit_layout_column (f->store, f->layout_id, (int) c, names[c],
                                                 types[c], &error));
  g_assert_true (mrg_store_commit (f->store, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  mrg_test_drop_store (&f->store, &f->dir);
}

/* A page of its own document whose table OCR read as `texts` (n_rows body rows of N_COLS, a
 * header row above them), each cell with `confidence`. Returns the page id. */
static gint64
add_page (Fixture            *f,
          const char * const *texts,
          guint               n_rows,
          double              confidence)
{
  g_autoptr(GError) error = NULL;
  g_autofree MrgStoreOcrCell *cells = g_new0 (MrgStoreOcrCell, (n_rows + 1) * N_COLS);
  g_autofree int *row_seps = g_new0 (int, n_rows);
  g_autofree char *path = g_strdup_printf ("/scans/list-%u.jpg", ++f->n_docs);
  g_autofree char *sha = g_strdup_printf ("%064u", f->n_docs);
  int col_seps[N_COLS - 1] = { 100, 500, 700 };
  static const char *header[N_COLS] = { "№", "Фамилия и.и.з.", "г.г. рож.", "Специальность" };
  MrgStoreOcrTable table = {
    0, 0, { 0, 0, 1000, 40 * (int) (n_rows + 1) }, col_seps, N_COLS - 1, row_seps, n_rows,
    n_rows + 1, N_COLS, TRUE, cells,
  };
  gint64 doc, page;

  for (guint r = 0; r <= n_rows; r++)
    {
      if (r > 0)
        row_seps[r - 1] = 40 * (int) r;
      for (guint c = 0; c < N_COLS; c++)
        {
          int x1 = c == 0 ? 0 : col_seps[c - 1], x2 = c + 1 < N_COLS ? col_seps[c] : 1000;

          cells[r * N_COLS + c] = (MrgStoreOcrCell) {
            TRUE, { x1, 40 * (int) r, x2, 40 * (int) (r + 1) },
            r == 0 ? header[c] : texts[(r - 1) * N_COLS + c], r == 0 ? 90 : confidence,
          };
        }
    }
  g_assert_true (mrg_store_begin (f->store, &error));
  doc = mrg_store_add_document (f->store, path, sha, 1, MRG_DOCUMENT_KIND_IMAGE, 1, &error);
  g_assert_no_error (error);
  page = mrg_store_add_page (f->store, doc, 1, 1000, 40 * (int) (n_rows + 1), 300, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mrg_store_write_ocr_table (f->store, page, &table, &error), !=, 0);
  g_assert_no_error (error);
  g_assert_true (mrg_store_commit (f->store, &error));
  return page;
}

static MrgTable *
load (Fixture *f,
      gint64   page)
{
  return mrg_test_load_table (f->store, page);
}

static const char *list[] = {
  "9",  "Габдуллин Жамал",   "1915", "Рабочий",
  "10", "Жаманку 1OB",       "1917", "Шофер",
  "1",  "Нугманов Найранбай", "1906", "Рабочий",
  "12", "Досмухамедов Асхат", "1910", "мт сержант",
  "13", "Ержанов Нурлан",    "1912", "Боец НКВД",
};

/* The three errors of issue #14, read with high confidence, are doubted; the clean cells beside
 * them are not. */
static void
test_glance (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(MrgTable) table = load (f, add_page (f, list, 5, 95));
  g_autofree char *why = NULL;

  /* "Жаманку 1OB": Latin letters and a digit in a Cyrillic surname */
  g_assert_true (mrg_grid_cell_is_doubtful (mrg_table_get_cell (table, 2, 1), 70));
  g_assert_true (mrg_table_get_cell (table, 2, 1)->doubt & MRG_DOUBT_MIXED_SCRIPT);
  /* № 1 between 10 and 12 */
  g_assert_true (mrg_grid_cell_is_doubtful (mrg_table_get_cell (table, 3, 0), 70));
  g_assert_cmphex (mrg_table_get_cell (table, 3, 0)->doubt, ==, MRG_DOUBT_SEQUENCE);
  why = mrg_grid_cell_problem (table, 3, 0);
  g_assert_nonnull (why);
  g_test_message ("№ 1: %s", why);
  /* "мт сержант": an abbreviation without a vowel or its dot */
  g_assert_true (mrg_table_get_cell (table, 4, 3)->doubt & MRG_DOUBT_SPELLING);

  /* the rest is clean, and read with high confidence: "НКВД" is an acronym, no misreading */
  for (guint r = 1; r <= 5; r++)
    for (guint c = 0; c < N_COLS; c++)
      if (!((r == 2 && c == 1) || (r == 3 && c == 0) || (r == 4 && c == 3)))
        {
          g_assert_false (mrg_grid_cell_is_doubtful (mrg_table_get_cell (table, r, c), 70));
          g_assert_null (mrg_grid_cell_problem (table, r, c));
        }
  g_assert_false (mrg_grid_cell_is_doubtful (mrg_table_get_cell (table, 0, 1), 70));
}

/* A person who types over a doubted cell, or verifies its row, ends the doubt. */
static void
test_person_ends_doubt (Fixture       *f,
                        gconstpointer  data)
{
  gint64 page = add_page (f, list, 5, 95);
  g_autoptr(MrgTable) before = load (f, page);
  g_autoptr(MrgTable) after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mrg_store_edit_cell_text (f->store, mrg_table_get_cell (before, 2, 1)->id,
                                           "Жаманкулов", &error));
  g_assert_true (mrg_store_edit_row_status (f->store, mrg_table_get_row (before, 3)->id,
                                            MRG_ROW_STATUS_VERIFIED, &error));
  after = load (f, page);
  g_assert_cmphex (mrg_table_get_cell (after, 2, 1)->doubt, ==, MRG_DOUBT_NONE);
  g_assert_cmphex (mrg_table_get_cell (after, 3, 0)->doubt, ==, MRG_DOUBT_NONE);
  g_assert_false (mrg_grid_cell_is_doubtful (mrg_table_get_cell (after, 2, 1), 70));
}

/* A word no person has written in the column, read unsurely, is doubted once the column has
 * enough checked values; checking it once on another page of the layout un-flags it. */
static void
test_vocabulary (Fixture       *f,
                 gconstpointer  data)
{
  static const char *trades[] = { "Рабочий", "Шофер", "Колхозник", "Бухгалтер", "Учитель" };
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  const char *rare[] = { "1", "Жумашев Утеули", "1917", "Жылқышы" };
  g_autoptr(MrgTable) checked = NULL;
  g_autoptr(MrgTable) table = NULL;
  g_autoptr(GError) error = NULL;
  gint64 checked_page, page;
  const guint n = MRG_DOUBT_MIN_VOCABULARY + 2;

  for (guint r = 0; r < n; r++)
    {
      g_ptr_array_add (texts, g_strdup_printf ("%u", r + 1));
      g_ptr_array_add (texts, g_strdup ("Габдуллин Жамал"));
      g_ptr_array_add (texts, g_strdup_printf ("%u", 1900 + r));
      g_ptr_array_add (texts, g_strdup (trades[r % G_N_ELEMENTS (trades)]));
    }
  checked_page = add_page (f, (const char * const *) texts->pdata, n, 95);
  page = add_page (f, rare, 1, 85);

  /* nothing checked yet: a word unknown to no vocabulary is no reason */
  table = load (f, page);
  g_assert_cmphex (mrg_table_get_cell (table, 1, 3)->doubt, ==, MRG_DOUBT_NONE);
  g_clear_pointer (&table, mrg_table_free);

  /* a person verifies the first page: "Жылқышы" is not among its trades */
  checked = load (f, checked_page);
  g_assert_true (mrg_store_begin (f->store, &error));
  for (guint r = 1; r <= n; r++)
    g_assert_true (mrg_store_edit_row_status (f->store, mrg_table_get_row (checked, r)->id,
                                              MRG_ROW_STATUS_VERIFIED, &error));
  g_assert_true (mrg_store_commit (f->store, &error));
  table = load (f, page);
  g_assert_true (mrg_table_get_cell (table, 1, 3)->doubt & MRG_DOUBT_UNKNOWN_WORD);
  g_assert_true (mrg_grid_cell_is_doubtful (mrg_table_get_cell (table, 1, 3), 70));
  g_clear_pointer (&table, mrg_table_free);

  /* it is checked once, on the other page: the rare word is believed */
  g_assert_true (mrg_store_edit_cell_text (f->store, mrg_table_get_cell (checked, 3, 3)->id,
                                           "Жылқышы", &error));
  table = load (f, page);
  g_assert_cmphex (mrg_table_get_cell (table, 1, 3)->doubt, ==, MRG_DOUBT_NONE);
  g_assert_false (mrg_grid_cell_is_doubtful (mrg_table_get_cell (table, 1, 3), 70));
}

/* Reads the one cell of a drawn table with the whitelist given. */
static char *
read_drawn_cell (MrgOcrEngine *engine,
                 const char   *text,
                 const char   *whitelist)
{
  const char *texts[] = { text };
  const int widths[] = { 420 };
  MrgTestTable t = {
    .width = 600, .height = 240, .x0 = 60, .y0 = 60, .rows = 1, .cols = 1,
    .col_widths = widths, .row_height = 110, .rule = 4, .rule_rows = TRUE, .texts = texts,
    .font_px = 54, .font = "DejaVu Serif",
  };
  MrgBox box;
  PIX *page = mrg_test_draw_table (&t, &box);
  PIX *binary = pixConvertTo1 (page, 128);
  MrgOcrJob job = { .box = box, .hint = MRG_OCR_HINT_TEXT, .whitelist = whitelist };
  char *read;

  g_assert_true (mrg_ocr_engine_read_cell (engine, binary, 4, &job, NULL));
  read = g_steal_pointer (&job.text);
  pixDestroy (&binary);
  pixDestroy (&page);
  return read;
}

/* A column whose layout allows digits only is read as digits even where the glyphs are a
 * Latin "l" (the year "1917" typed with l for 1, as old typewriters had no 1); the whitelist is
 * gone for the next cell. */
static void
test_whitelist (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgOcrEngine) engine = mrg_ocr_engine_new (MRG_OCR_DEFAULT_LANG, &error);
  g_autofree char *year = NULL;
  g_autofree char *word = NULL;

  g_assert_no_error (error);
  year = read_drawn_cell (engine, "l9l7", "0123456789");
  g_assert_cmpstr (year, ==, "1917");
  word = read_drawn_cell (engine, "Жамал", NULL);
  g_assert_cmpstr (word, ==, "Жамал");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  mrg_test_add_fixture ("/doubt/glance", test_glance);
  mrg_test_add_fixture ("/doubt/person-ends-doubt", test_person_ends_doubt);
  mrg_test_add_fixture ("/doubt/vocabulary", test_vocabulary);
  g_test_add_func ("/doubt/whitelist", test_whitelist);
  return g_test_run ();
}

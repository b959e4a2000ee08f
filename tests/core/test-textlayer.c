/* test-textlayer.c: born-digital PDFs read through their text layer, scored against tabula's
 * expected CSV (tabula-java-pdf-csv)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-textlayer"

#include "config.h"

#include <gio/gio.h>
#include <locale.h>

#include "mrg-document.h"
#include "mrg-import.h"
#include "mrg-pipeline.h"
#include "mrg-score-table.h"
#include "mrg-store.h"
#include "mrg-test-util.h"
#include "mrg-store-testing.h"

typedef struct
{
  const char *name;
  double top, left, bottom, right;   /* the README's area, PDF points */
  gboolean through_cli;
  double min_share;                  /* set below what bench-textlayer measures */
  const char *one_cell;              /* an expected cell that must come whole, or NULL */
} Case;

/* bench-textlayer measures 1.000, 0.988, 0.987, 1.000 and 0.954 for these five. */
static const Case argentina = {
  "argentina_diputados_voting_record", 269.875, 12.75, 790.5, 561, FALSE, 0.95, NULL
};
/* Ruled; five names run over their cell's right rule, clipped there, and poppler glues what is
 * left to the next cell's text ("Elizab2165"): unless such words are split at the rule, the
 * share drops below 0.98. */
static const Case schools = { "schools", 53.74, 16.97, 548.74, 762.3, FALSE, 0.98, NULL };
/* A page turned 90° with multi-line cells, imported and read through muragat-cli. */
static const Case publication = {
  "Publication_of_award_of_Bids_for_Transport_Sector__August_2016", 56.925, 24.255, 549.945,
  786.555, TRUE, 0.95, NULL
};
/* Titles over all columns, each one cell whose rules are not drawn: its words go together to
 * the first column. The page's second table is a sixth the size of the first. */
static const Case spanning = {
  "spanning_cells", 0, 0, 842, 595, FALSE, 0.95, "Improved operation scenario"
};
/* Two tables one below the other, their column rules in line: two grids, not one. */
static const Case twotables = { "twotables", 0, 0, 842, 595, FALSE, 0.90, NULL };

static void
test_tabula_page (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *pdf_name = g_strconcat (c->name, ".pdf", NULL);
  g_autofree char *csv_name = g_strconcat (c->name, ".csv", NULL);
  g_autofree char *pdf = mrg_test_corpus_file ("tabula-java-pdf-csv", pdf_name);
  g_autofree char *csv = mrg_test_corpus_file ("tabula-java-pdf-csv", csv_name);
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GString) wrong = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const double scale = 300 / 72.0;
  MrgBox area = { (int) (c->left * scale), (int) (c->top * scale), (int) (c->right * scale) + 1,
                  (int) (c->bottom * scale) + 1 };
  MrgTableScore score;
  gint64 page_id;

  if (pdf == NULL || csv == NULL)
    return;
  dir = mrg_test_make_tmpdir ();
  project = g_build_filename (dir, "tabula.muragat", NULL);
  if (c->through_cli)
    {
      g_assert_cmpint (mrg_test_run_cli (NULL, NULL, "--project", project, "-q", "import", pdf,
                                         NULL), ==, 0);
      g_assert_cmpint (mrg_test_run_cli (NULL, NULL, "--project", project, "-q", "ocr", "--lang",
                                         "eng", "--pages", "1", NULL), ==, 0);
      store = mrg_store_open (project, MRG_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
    }
  else
    {
      const char *paths[] = { pdf, NULL };
      MrgImportResult imported;

      store = mrg_store_open (project, MRG_STORE_OPEN_CREATE, &error);
      g_assert_no_error (error);
      g_assert_true (mrg_import_files (store, paths, 300, NULL, &imported, &error));
      g_assert_no_error (error);
    }
  pages = mrg_pipeline_list_pages (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, >=, 1);
  page_id = g_array_index (pages, gint64, 0);
  if (!c->through_cli)
    {
      MrgPipelineOptions options = { "eng", 0 };

      g_assert_true (mrg_pipeline_run (store, &page_id, 1, &options, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  /* the words came from the PDF's text layer, not from OCR of the rendered page */
  g_assert_cmpint (mrg_test_query_int (mrg_store_get_db (store),
                                       "SELECT count(*) FROM page_words"), >, 100);

  expected = mrg_score_table_read_csv (csv, &error);
  g_assert_no_error (error);
  found = mrg_score_table_from_store (store, page_id, &area, &error);
  g_assert_no_error (error);
  mrg_score_table_compare (expected, found, &score, wrong);
  g_test_message ("%s: %u×%u expected, %u×%u found, share %.3f, CER %.4f\n%s", c->name,
                  score.expected_rows, score.expected_cols, score.found_rows, score.found_cols,
                  mrg_score_table_share (&score), mrg_score_table_cer (&score), wrong->str);
  g_assert_cmpuint (score.n_expected, >, 50);
  g_assert_cmpfloat (mrg_score_table_share (&score), >=, c->min_share);
  if (c->one_cell != NULL)
    {
      GPtrArray *first = g_ptr_array_index (found, 0);

      g_assert_cmpuint (first->len, >, 0);
      g_assert_cmpstr (g_ptr_array_index (first, 0), ==, c->one_cell);
    }
}

/* The grid of an unruled text layer, on the words of a ruled page taken without its rules: a
 * line that has a word in the first column starts a row, also one written in two columns only
 * ("TOTAL … $51.24"), so the grid has about as many rows as tabula's CSV. */
static void
test_text_layer_rows (void)
{
  g_autofree char *pdf = mrg_test_corpus_file ("tabula-java-pdf-csv", "frx_2012_disclosure.pdf");
  g_autofree char *csv = mrg_test_corpus_file ("tabula-java-pdf-csv", "frx_2012_disclosure.csv");
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (MrgBox));
  g_autoptr(MrgGrid) grid = NULL;
  g_autoptr(GError) error = NULL;
  const double scale = 300 / 72.0;
  /* the README's area, PDF points: top 53, left 49, bottom 735, right 550 */
  MrgBox area = { (int) (49 * scale), (int) (53 * scale), (int) (550 * scale),
                  (int) (735 * scale) };

  if (pdf == NULL || csv == NULL)
    return;
  words = mrg_document_get_words (pdf, 1, 300, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < words->len; i++)
    {
      MrgWord *w = g_ptr_array_index (words, i);
      int cx = (w->box.x1 + w->box.x2) / 2, cy = (w->box.y1 + w->box.y2) / 2;

      if (cx >= area.x1 && cx < area.x2 && cy >= area.y1 && cy < area.y2)
        g_array_append_val (boxes, w->box);
    }
  expected = mrg_score_table_read_csv (csv, &error);
  g_assert_no_error (error);
  grid = mrg_pipeline_grid_from_text_layer ((MrgBox *) boxes->data, boxes->len);
  g_assert_nonnull (grid);
  g_assert_cmpuint (mrg_grid_get_n_cols (grid), >=, 4);
  g_assert_cmpuint (mrg_grid_get_n_rows (grid) + 3, >=, expected->len);
  g_assert_cmpuint (mrg_grid_get_n_rows (grid), <=, expected->len + 3);
}

/* The scoring itself: a CSV with quotes and a line break inside a field, against a table that
 * has an extra row and an extra column and one cell wrong. */
static void
test_compare (void)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "t.csv", NULL);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) found = mrg_score_table_new ();
  g_autoptr(GError) error = NULL;
  const char *rows[][4] = {
    { "title", "", "", "" },
    { "x", "A, B", "1", "" },
    { "x", "C\nD", "2", "" },
    { "x", "E", "9", "" },
  };
  MrgTableScore score;

  g_assert_true (g_file_set_contents (csv, "\"A, B\",1\n\"C\n D\",2\r\n\"E\",3\n\n", -1, &error));
  expected = mrg_score_table_read_csv (csv, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index ((GPtrArray *) g_ptr_array_index (expected, 1), 0), ==,
                   "C\n D");
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      GPtrArray *row = mrg_score_table_add_row (found);

      for (guint k = 0; k < 4; k++)
        g_ptr_array_add (row, g_strdup (rows[r][k]));
    }
  mrg_score_table_compare (expected, found, &score, NULL);
  g_assert_cmpuint (score.n_expected, ==, 6);
  g_assert_cmpuint (score.n_aligned, ==, 6);
  g_assert_cmpuint (score.n_exact, ==, 5);
  g_assert_cmpuint (score.char_errors, ==, 1);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/textlayer/score/compare", test_compare);
  g_test_add_func ("/textlayer/stream/rows", test_text_layer_rows);
  g_test_add_data_func ("/textlayer/tabula/stream", &argentina, test_tabula_page);
  g_test_add_data_func ("/textlayer/tabula/cut-words", &schools, test_tabula_page);
  g_test_add_data_func ("/textlayer/tabula/rotated-cli", &publication, test_tabula_page);
  g_test_add_data_func ("/textlayer/tabula/merged-cells", &spanning, test_tabula_page);
  g_test_add_data_func ("/textlayer/tabula/two-tables", &twotables, test_tabula_page);
  return g_test_run ();
}

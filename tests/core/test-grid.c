/* test-grid.c: skew estimation, ruled and unruled grid detection, page lists, column schema
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-grid"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <stdlib.h>

#include "mrg-document.h"
#include "mrg-grid.h"
#include "mrg-pipeline.h"
#include "mrg-prepare.h"
#include "mrg-schema.h"
#include "mrg-score.h"
#include "mrg-test-draw.h"
#include "mrg-test-util.h"

static const char *names[] = {
  "Омаров Ерлан", "Сейтказиев Нурбол", "Касымов Арман", "Жакупов Талгат", "Ибраев Санжар",
  "Тулегенов Марат", "Абенов Даурен", "Рахимов Бекзат", "Мухамедиев Канат", "Есенов Арыстан",
};

/* A page of the corpus's kind with other names and another column layout. */
static PIX *
draw_list (int          rows,
           gboolean     rule_rows,
           MrgBox      *boxes,
           const int   *widths,
           int          cols)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  MrgTestTable t = {
    .width = 2480, .height = 3508, .x0 = 240, .y0 = 420, .rows = rows, .cols = cols,
    .col_widths = widths, .row_height = 96, .rule = 4, .rule_rows = rule_rows,
    .title = "Список 12-й группы. 40 человек.", .font_px = 40,
  };
  PIX *pix;

  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        if (r == 0)
          g_ptr_array_add (texts, g_strdup (c == 0 ? "№" : c == 1 ? "Фамилия" : c == 2 ? "Год рожд." : "Откуда"));
        else if (c == 0)
          g_ptr_array_add (texts, g_strdup_printf ("%d", r));
        else if (c == 1)
          g_ptr_array_add (texts, g_strdup (names[(r * 7) % G_N_ELEMENTS (names)]));
        else if (c == 2)
          g_ptr_array_add (texts, g_strdup_printf ("%d", 1900 + (r * 13) % 25));
        else
          g_ptr_array_add (texts, g_strdup (r % 3 == 0 ? "Актюбинск" : "Караганда"));
      }
  t.texts = (const char * const *) texts->pdata;
  pix = mrg_test_draw_table (&t, boxes);
  return pix;
}

static void
test_skew_rotated (void)
{
  const int widths[] = { 130, 800, 330, 520 };
  MrgBox boxes[16 * 4];
  g_autoptr(PIX) page = draw_list (16, TRUE, boxes, widths, 4);
  const double angles[] = { 2.0, -1.3, 0.0, 4.0 };

  for (guint i = 0; i < G_N_ELEMENTS (angles); i++)
    {
      g_autoptr(GError) error = NULL;
      /* pixRotate turns clockwise for a positive angle: the page's skew is that angle */
      g_autoptr(PIX) rotated = pixRotate (page, angles[i] * G_PI / 180, L_ROTATE_AREA_MAP,
                                          L_BRING_IN_WHITE, 0, 0);
      g_autoptr(MrgPreparedPage) prepared = mrg_prepare_page (rotated, NAN, &error);

      g_assert_no_error (error);
      g_test_message ("rotated by %.2f°, estimated %.3f°", angles[i], prepared->skew);
      g_assert_cmpfloat_with_epsilon (prepared->skew, angles[i], 0.15);
      g_assert_cmpint (prepared->width, ==, 2480);
      g_assert_cmpint (pixGetWidth (prepared->grey), ==, 2480);
    }
}

static void
test_skew_map (void)
{
  /* a dot drawn on a page, the page turned by pixRotate: mrg_skew_map_point says where */
  g_autoptr(PIX) page = pixCreate (800, 600, 8);
  g_autoptr(PIX) rotated = NULL;
  BOXA *boxa;
  g_autoptr(PIX) binary = NULL;
  l_int32 x, y, w, h;
  MrgSkewFrame frame = { 3.0, 800, 600 };
  double px, py, bx, by;

  pixSetAllArbitrary (page, 255);
  pixSetInRectArbitrary (page, &(BOX) { .x = 600, .y = 100, .w = 10, .h = 10 }, 0);
  rotated = pixRotate (page, 3.0 * G_PI / 180, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
  binary = pixThresholdToBinary (rotated, 128);
  boxa = pixConnCompBB (binary, 8);
  g_assert_cmpint (boxaGetCount (boxa), ==, 1);
  boxaGetBoxGeometry (boxa, 0, &x, &y, &w, &h);
  boxaDestroy (&boxa);
  /* the rotated page has skew 3; its deskewed frame is the original page */
  mrg_skew_map_point (&frame, TRUE, 605, 105, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, x + w / 2.0, 2.0);
  g_assert_cmpfloat_with_epsilon (py, y + h / 2.0, 2.0);
  mrg_skew_map_point (&frame, FALSE, px, py, &bx, &by);
  g_assert_cmpfloat_with_epsilon (bx, 605, 0.01);
  g_assert_cmpfloat_with_epsilon (by, 105, 0.01);
}

static void
assert_grid_matches (const MrgGrid *grid,
                     const MrgBox  *boxes,
                     int            rows,
                     int            cols,
                     int            tolerance)
{
  g_assert_nonnull (grid);
  g_assert_cmpuint (mrg_grid_get_n_rows (grid), ==, rows);
  g_assert_cmpuint (mrg_grid_get_n_cols (grid), ==, cols);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        MrgBox got;
        const MrgBox *want = &boxes[r * cols + c];

        mrg_grid_get_cell (grid, r, c, &got);
        g_assert_cmpint (ABS (got.x1 - want->x1), <=, tolerance);
        g_assert_cmpint (ABS (got.x2 - want->x2), <=, tolerance);
        g_assert_cmpint (ABS (got.y1 - want->y1), <=, tolerance);
        g_assert_cmpint (ABS (got.y2 - want->y2), <=, tolerance);
      }
}

/* Draws the table with its texts, prepares the page and detects the ruled grid on it; the scale
 * the page was analysed at goes to *scale when it is not NULL. */
static MrgGrid *
detect_drawn_table (MrgTestTable *t,
                    GPtrArray    *texts,
                    MrgBox       *boxes,
                    double       *scale)
{
  g_autoptr(PIX) page = NULL;
  g_autoptr(MrgPreparedPage) prepared = NULL;
  g_autoptr(GError) error = NULL;

  t->texts = (const char * const *) texts->pdata;
  page = mrg_test_draw_table (t, boxes);
  prepared = mrg_prepare_page (page, NAN, &error);
  g_assert_no_error (error);
  if (scale != NULL)
    *scale = prepared->scale;
  return mrg_grid_detect_ruled (prepared->analysis, prepared->scale);
}

static void
test_ruled_drawn (void)
{
  const int widths[] = { 110, 650, 260, 260, 420 };
  MrgBox boxes[14 * 5];
  g_autoptr(MrgGrid) grid = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  MrgTestTable t = {
    .width = 2480, .height = 3508, .x0 = 300, .y0 = 600, .rows = 14, .cols = 5,
    .col_widths = widths, .row_height = 88, .rule = 3, .rule_rows = TRUE,
    .title = "Список 3-й группы казахов", .font_px = 38,
  };

  for (int i = 0; i < 14 * 5; i++)
    g_ptr_array_add (texts, i % 5 == 0 ? g_strdup_printf ("%d", i / 5) : g_strdup ("Текст"));
  grid = detect_drawn_table (&t, texts, boxes, NULL);
  /* the title above is no row: the grid starts at the table's top rule */
  assert_grid_matches (grid, boxes, 14, 5, 4);
  g_assert_true (grid->ruled_rows);
  g_assert_cmpint (grid->rule_thickness, >=, 2);
  g_assert_cmpint (grid->rule_thickness, <=, 8);
}

static void
test_ruled_scaled (void)
{
  /* the same kind of table on a large register scan, analysed at a reduced scale */
  const int widths[] = { 900, 1400, 700, 1600, 1200 };
  MrgBox boxes[8 * 5];
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  MrgTestTable t = {
    .width = 6400, .height = 4200, .x0 = 300, .y0 = 500, .rows = 8, .cols = 5,
    .col_widths = widths, .row_height = 400, .rule = 8, .rule_rows = TRUE,
    .font_px = 70,
  };
  g_autoptr(MrgGrid) grid = NULL;
  double scale = 1.0;

  for (int i = 0; i < 8 * 5; i++)
    g_ptr_array_add (texts, g_strdup ("Eintrag"));
  grid = detect_drawn_table (&t, texts, boxes, &scale);
  g_assert_cmpfloat (scale, <, 1.0);
  assert_grid_matches (grid, boxes, 8, 5, 8);
}

static void
test_columns_only (void)
{
  /* registers rule the columns only; one entry may take two lines of its cell */
  const int widths[] = { 140, 700, 300, 600 };
  MrgBox boxes[10 * 4];
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  MrgTestTable t = {
    .width = 2480, .height = 3508, .x0 = 250, .y0 = 500, .rows = 10, .cols = 4,
    .col_widths = widths, .row_height = 140, .rule = 4, .rule_rows = FALSE,
    .font_px = 40,
  };
  g_autoptr(MrgGrid) grid = NULL;

  for (int r = 0; r < 10; r++)
    for (int c = 0; c < 4; c++)
      {
        if (r == 0)
          g_ptr_array_add (texts, g_strdup ("Kopf"));
        else if (c == 0)
          g_ptr_array_add (texts, g_strdup_printf ("%d", r));
        else if (c == 1 && r % 2 == 0)
          g_ptr_array_add (texts, g_strdup ("Johann Huber\nBauer in Passau"));
        else
          g_ptr_array_add (texts, g_strdup ("Maria"));
      }
  grid = detect_drawn_table (&t, texts, boxes, NULL);
  g_assert_nonnull (grid);
  g_assert_false (grid->ruled_rows);
  g_assert_cmpuint (mrg_grid_get_n_cols (grid), ==, 4);
  /* every entry one row, two-line ones included; each text's centre inside its own row */
  g_assert_cmpuint (mrg_grid_get_n_rows (grid), ==, 10);
  for (int r = 0; r < 10; r++)
    {
      MrgBox got;
      int centre = (boxes[r * 4].y1 + boxes[r * 4].y2) / 2;

      mrg_grid_get_cell (grid, r, 1, &got);
      g_assert_cmpint (centre, >, got.y1);
      g_assert_cmpint (centre, <, got.y2);
    }
}

/* A register spread: two facing pages, each its own ruled table. */
static void
test_spread (void)
{
  const int widths[] = { 300, 500, 400 };
  MrgBox boxes[6 * 3];
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  MrgTestTable t = {
    .width = 3000, .height = 2000, .x0 = 100, .y0 = 300, .rows = 6, .cols = 3,
    .col_widths = widths, .row_height = 200, .rule = 4, .rule_rows = TRUE, .font_px = 40,
  };
  g_autoptr(PIX) left = NULL;
  g_autoptr(PIX) right = NULL;
  g_autoptr(PIX) spread = NULL;
  g_autoptr(MrgPreparedPage) prepared = NULL;
  g_autoptr(GPtrArray) grids = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 6 * 3; i++)
    g_ptr_array_add (texts, g_strdup ("Taufe"));
  t.texts = (const char * const *) texts->pdata;
  left = mrg_test_draw_table (&t, boxes);
  t.x0 = 1700;
  right = mrg_test_draw_table (&t, boxes);
  /* both pages on one sheet: the darker of the two drawings */
  spread = pixMinOrMax (NULL, left, right, L_CHOOSE_MIN);
  prepared = mrg_prepare_page (spread, NAN, &error);
  g_assert_no_error (error);
  grids = mrg_grid_detect_tables (prepared->analysis, prepared->scale);
  g_assert_cmpuint (grids->len, ==, 2);
  assert_grid_matches (g_ptr_array_index (grids, 1), boxes, 6, 3, 4);
  g_assert_cmpint (((MrgGrid *) g_ptr_array_index (grids, 0))->area.x2, <, 1400);
}

static void
test_words_stream (void)
{
  /* a table without any rule: three columns of words, one of them of two words */
  g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (MrgBox));
  g_autoptr(MrgGrid) grid = NULL;

  for (int r = 0; r < 12; r++)
    {
      int y = 300 + r * 60;
      MrgBox a = { 100, y, 160, y + 30 };
      MrgBox b1 = { 400, y, 520, y + 30 };
      MrgBox b2 = { 540, y, 640, y + 30 };
      MrgBox c = { 900, y, 1000 + (r % 3) * 40, y + 30 };

      g_array_append_val (words, a);
      g_array_append_val (words, b1);
      if (r % 2 == 0)
        g_array_append_val (words, b2);
      g_array_append_val (words, c);
    }
  grid = mrg_grid_from_words ((MrgBox *) words->data, words->len);
  g_assert_nonnull (grid);
  g_assert_cmpuint (mrg_grid_get_n_cols (grid), ==, 3);
  g_assert_cmpuint (mrg_grid_get_n_rows (grid), ==, 12);
  /* the separators lie in the gaps */
  g_assert_cmpint (g_array_index (grid->col_seps, int, 0), >, 160);
  g_assert_cmpint (g_array_index (grid->col_seps, int, 0), <, 400);
  g_assert_cmpint (g_array_index (grid->col_seps, int, 1), >, 640);
  g_assert_cmpint (g_array_index (grid->col_seps, int, 1), <, 900);
}

/* A typed list without rules under its title: the title, across the first two columns and apart
 * above the header, is left out of the table; headers wider than the entries under them, in a
 * middle column and in the last one, are cut neither in the middle nor at the table's edge. */
static void
test_words_title (void)
{
  g_autoptr(GArray) words = g_array_new (FALSE, FALSE, sizeof (MrgBox));
  g_autoptr(MrgGrid) grid = NULL;
  const MrgBox title[] = { { 120, 150, 300, 180 }, { 320, 150, 470, 180 }, { 490, 150, 560, 180 } };

  g_array_append_vals (words, title, G_N_ELEMENTS (title));
  for (int r = 0; r < 10; r++)
    {
      int y = 300 + r * 60;
      /* header: "Год рожд." over "1905", "Специальность" over "Рабочий" */
      MrgBox a = { 100, y, 140, y + 30 };
      MrgBox b = { 400, y, 560 + (r == 0 ? 200 : 0), y + 30 };
      MrgBox c = { 900, y, 1010 + (r == 0 ? 260 : 0), y + 30 };

      g_array_append_val (words, a);
      g_array_append_val (words, b);
      g_array_append_val (words, c);
    }
  grid = mrg_grid_from_words ((MrgBox *) words->data, words->len);
  g_assert_nonnull (grid);
  g_assert_cmpuint (mrg_grid_get_n_cols (grid), ==, 3);
  g_assert_cmpuint (mrg_grid_get_n_rows (grid), ==, 10);
  g_assert_cmpint (grid->area.y1, >, 180);
  g_assert_cmpint (grid->area.y1, <=, 300);
  g_assert_cmpint (g_array_index (grid->col_seps, int, 0), >, 140);
  g_assert_cmpint (g_array_index (grid->col_seps, int, 0), <, 400);
  g_assert_cmpint (g_array_index (grid->col_seps, int, 1), >, 760);
  g_assert_cmpint (g_array_index (grid->col_seps, int, 1), <, 900);
  g_assert_cmpint (grid->area.x2, >=, 1270);
}

/* A list without rules may still have a line drawn in it (under its header, or by hand): its
 * thickness is measured, in page pixels from the analysis image, and a page without one has
 * none. */
static void
test_measure_rules (void)
{
  g_autoptr(PIX) page = pixCreate (1200, 800, 1);
  const MrgBox area = { 100, 100, 1100, 700 };

  /* words: letters 20 × 24 pixels, 8 apart, which no long brick fits */
  for (int r = 0; r < 8; r++)
    for (int c = 0; c < 3; c++)
      for (int l = 0; l < 7; l++)
        pixRasterop (page, 150 + c * 320 + l * 28, 150 + r * 60, 20, 24, PIX_SET, NULL, 0, 0);
  g_assert_cmpint (mrg_grid_measure_rules (page, 1.0, &area), ==, 0);
  /* at half scale, a 3-pixel line is 6 page pixels */
  pixRasterop (page, 120, 205, 960, 3, PIX_SET, NULL, 0, 0);
  g_assert_cmpint (mrg_grid_measure_rules (page, 1.0, &area), ==, 3);
  g_assert_cmpint (mrg_grid_measure_rules (page, 0.5, &(MrgBox) { 200, 200, 2200, 1400 }), ==, 6);
  /* outside the area it is not the table's */
  g_assert_cmpint (mrg_grid_measure_rules (page, 1.0, &(MrgBox) { 100, 300, 1100, 700 }), ==, 0);
}

/* Real parish registers (abp-passau-tables): double-page spreads with rules a degree off straight,
 * faint or broken, an index ruled by its columns only, registers whose rows are the entries
 * written between column rules, running numbers in the margin. Each annotated cell's centre
 * must fall in a detected cell of its own; the bench measures 0.88–0.99 a page (goal 0.85). */
static void
test_registers (void)
{
  static const char *pages[][2] = {
    { "M_Dommelstadl_002-02_0028", "pxml" },
    { "RT_Lalling_014_0133", "xml" },
    { "S_Uttlau_028_0033", "xml" },
    { "T_Kastl_004_0064", "xml" },
  };
  double sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.jpg", pages[i][0]);
      g_autofree char *xml_name = g_strdup_printf ("%s.%s", pages[i][0], pages[i][1]);
      g_autofree char *image = mrg_test_corpus_file ("abp-passau-tables", name);
      g_autofree char *xml = mrg_test_corpus_file ("abp-passau-tables", xml_name);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) truth = NULL;
      g_autoptr(GArray) cells = NULL;
      g_autoptr(PIX) pix = NULL;
      double share;

      if (image == NULL || xml == NULL)
        return;
      truth = mrg_score_load_page_regions (xml, &error);
      g_assert_no_error (error);
      pix = pixRead (image);
      g_assert_nonnull (pix);
      cells = mrg_score_detect_cells (pix, NULL, &error);
      g_assert_no_error (error);
      share = mrg_score_centre_share (truth, cells);
      g_test_message ("%s: centre-share %.3f", pages[i][0], share);
      g_assert_cmpfloat (share, >=, 0.8);
      sum += share;
    }
  g_assert_cmpfloat (sum / G_N_ELEMENTS (pages), >=, 0.88);
}

/* A notarial register spread (lectaurep) is one table over two pages: the left page's six
 * columns tell the entries apart; the right page, one wide column of names and addresses on
 * two or three lines and a column of signatures, takes its rows. Each handwritten line must lie
 * inside one cell (the bench measures 0.86). */
static void
test_register_spread (void)
{
  g_autofree char *image = mrg_test_corpus_file ("lectaurep-mariages-divorces",
                                                 "FRAN_0187_49914_L.jpg");
  g_autofree char *xml = mrg_test_corpus_file ("lectaurep-mariages-divorces",
                                               "FRAN_0187_49914_L.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GArray) cells = NULL;
  g_autoptr(GString) shape = g_string_new (NULL);
  g_autoptr(PIX) pix = NULL;
  double share;

  if (image == NULL || xml == NULL)
    return;
  lines = mrg_score_load_page_lines (xml, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, >, 100);
  pix = pixRead (image);
  g_assert_nonnull (pix);
  cells = mrg_score_detect_cells (pix, shape, &error);
  g_assert_no_error (error);
  share = mrg_score_inside_share (lines, cells);
  g_test_message ("grids %s, lines inside one cell %.3f", shape->str, share);
  g_assert_cmpfloat (share, >=, 0.78);
  /* two tables, as many rows each */
  {
    g_auto(GStrv) tables = g_strsplit (shape->str, "+", -1);

    g_assert_cmpuint (g_strv_length (tables), ==, 2);
    g_assert_cmpint (atoi (tables[0]), ==, atoi (tables[1]));
  }
}

static void
test_no_table (void)
{
  g_autoptr(PIX) page = pixCreate (1200, 1600, 8);
  g_autoptr(MrgPreparedPage) prepared = NULL;
  g_autoptr(GError) error = NULL;

  pixSetAllArbitrary (page, 255);
  prepared = mrg_prepare_page (page, NAN, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (prepared->skew, ==, 0.0);
  g_assert_null (mrg_grid_detect_ruled (prepared->analysis, prepared->scale));
}

static void
test_page_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = mrg_pipeline_parse_pages ("1,3-5, 4", 6, &error);
  const guint want[] = { 0, 2, 3, 4 };

  g_assert_no_error (error);
  g_assert_cmpuint (pages->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < pages->len; i++)
    g_assert_cmpuint (g_array_index (pages, guint, i), ==, want[i]);

  g_assert_null (mrg_pipeline_parse_pages ("7", 6, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (mrg_pipeline_parse_pages ("3-1", 6, &error));
  g_clear_error (&error);
  g_assert_null (mrg_pipeline_parse_pages ("x", 6, &error));
  g_clear_error (&error);
  g_assert_null (mrg_pipeline_parse_pages ("0", 6, &error));
  g_clear_error (&error);
}

static void
test_schema_infer (void)
{
  const char *years[] = { "1915", "1920", "", "1903", "1911" };
  const char *numbers[] = { "1", "2", "3", "4", "5" };
  const char *words[] = { "Киев", "1941", "Харьков", "Вязьма" };

  g_assert_cmpint (mrg_schema_infer_type ("№", NULL, 0), ==, MRG_COLUMN_TYPE_INTEGER);
  g_assert_cmpint (mrg_schema_infer_type ("Фамилия и.и.з.", NULL, 0), ==, MRG_COLUMN_TYPE_NAME);
  g_assert_cmpint (mrg_schema_infer_type ("г.г. рож.", NULL, 0), ==, MRG_COLUMN_TYPE_YEAR);
  g_assert_cmpint (mrg_schema_infer_type ("г.г. приз.", NULL, 0), ==, MRG_COLUMN_TYPE_YEAR);
  g_assert_cmpint (mrg_schema_infer_type (NULL, years, 5), ==, MRG_COLUMN_TYPE_YEAR);
  g_assert_cmpint (mrg_schema_infer_type ("", numbers, 5), ==, MRG_COLUMN_TYPE_INTEGER);
  g_assert_cmpint (mrg_schema_infer_type ("Место плен.", words, 4), ==, MRG_COLUMN_TYPE_TEXT);
  g_assert_cmpint (mrg_schema_year_role ("г.г. рож."), ==, MRG_YEAR_ROLE_BIRTH);
  g_assert_cmpint (mrg_schema_year_role ("г.г. приз."), ==, MRG_YEAR_ROLE_CALL_UP);
}

/* The schema flags the cell, with a reason that mentions `mentions` when it is not NULL. */
static void
assert_flagged (const MrgSchemaCell *row,
                guint                n_cells,
                guint                col,
                const char          *mentions)
{
  g_autofree char *reason = mrg_schema_validate_cell (row, n_cells, col);

  g_assert_nonnull (reason);
  if (mentions != NULL)
    g_assert_nonnull (strstr (reason, mentions));
}

static void
test_schema_validate (void)
{
  MrgSchemaCell row[] = {
    { MRG_COLUMN_TYPE_INTEGER, "№", "12" },
    { MRG_COLUMN_TYPE_NAME, "Фамилия", "Балыков Серик" },
    { MRG_COLUMN_TYPE_YEAR, "г.г. рож.", "1920" },
    { MRG_COLUMN_TYPE_YEAR, "г.г. приз.", "1941" },
    { MRG_COLUMN_TYPE_TEXT, "Место плен.", "Киев" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (row); c++)
    g_assert_null (mrg_schema_validate_cell (row, G_N_ELEMENTS (row), c));

  row[0].text = "l2";
  assert_flagged (row, G_N_ELEMENTS (row), 0, "l2");
  row[0].text = "12";

  row[2].text = "1820";
  assert_flagged (row, G_N_ELEMENTS (row), 2, "1850");

  row[2].text = "1951";
  assert_flagged (row, G_N_ELEMENTS (row), 2, NULL);

  /* born after the call-up: both year cells say so */
  row[2].text = "1942";
  assert_flagged (row, G_N_ELEMENTS (row), 2, "1942");
  assert_flagged (row, G_N_ELEMENTS (row), 3, NULL);

  row[2].text = "19I5";
  assert_flagged (row, G_N_ELEMENTS (row), 2, NULL);
  row[2].text = "";
  g_assert_null (mrg_schema_validate_cell (row, G_N_ELEMENTS (row), 2));
  g_assert_null (mrg_schema_validate_cell (row, G_N_ELEMENTS (row), 3));

  row[1].text = "Бал1ков";
  assert_flagged (row, G_N_ELEMENTS (row), 1, NULL);
  /* free text is never flagged */
  row[4].text = "12 км от Киева";
  g_assert_null (mrg_schema_validate_cell (row, G_N_ELEMENTS (row), 4));
}

/* Two readings of one printed header agree, OCR slips and punctuation aside; other columns'
 * headers do not, nor do numbered ones. */
static void
test_schema_headers_agree (void)
{
  const struct { const char *a, *b; gboolean agree; } cases[] = {
    { "Фамилия и.и.з.", "Фамилия и,и,з.", TRUE },
    { "Место плен.", "место  плен", TRUE },
    { "Специальность", "Спецкальность", TRUE },
    { "г.г. рож.", "г.г. pож.", TRUE },      /* a Latin p among Cyrillic letters */
    { "г.г. приз.", "(1. приз.", TRUE },      /* "г.г." faint, read as "(1." */
    { "г.г. рож.", "с.г. рож.", TRUE },       /* a page scanned at a third of its size */
    { "Фамилия и.и.з.", "Фамилия", TRUE },
    { "№", "Ne", TRUE },                       /* too short to tell apart */
    { "", "№", TRUE },
    { "г.г. рож.", "г.г. приз.", FALSE },
    { "Год рождения", "Год призыва", FALSE },
    { "Место плен.", "Место рожд.", FALSE },
    { "Фамилия", "Имя", FALSE },
    { "Год", "Год рождения", FALSE },        /* too little of it */
    { "Nom", "Prénom", FALSE },
    { "Column 1", "Column 2", FALSE },
    { "№", "Фамилия", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("“%s” and “%s”", cases[i].a, cases[i].b);
      g_assert_cmpint (mrg_schema_headers_agree (cases[i].a, cases[i].b), ==, cases[i].agree);
      g_assert_cmpint (mrg_schema_headers_agree (cases[i].b, cases[i].a), ==, cases[i].agree);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/grid/skew/rotated-page", test_skew_rotated);
  g_test_add_func ("/grid/skew/map-point", test_skew_map);
  g_test_add_func ("/grid/ruled/drawn", test_ruled_drawn);
  g_test_add_func ("/grid/ruled/large-scan", test_ruled_scaled);
  g_test_add_func ("/grid/ruled/columns-only", test_columns_only);
  g_test_add_func ("/grid/ruled/spread", test_spread);
  g_test_add_func ("/grid/words/stream", test_words_stream);
  g_test_add_func ("/grid/words/title", test_words_title);
  g_test_add_func ("/grid/words/measure-rules", test_measure_rules);
  g_test_add_func ("/grid/registers/abp", test_registers);
  g_test_add_func ("/grid/registers/spread", test_register_spread);
  g_test_add_func ("/grid/none/blank-page", test_no_table);
  g_test_add_func ("/grid/pages/parse", test_page_list);
  g_test_add_func ("/schema/infer", test_schema_infer);
  g_test_add_func ("/schema/validate", test_schema_validate);
  g_test_add_func ("/schema/headers-agree", test_schema_headers_agree);
  return g_test_run ();
}

/* bench-learn.c: one learning round on the first page of a generated typewritten document, and
 * what it does to the CER of the other pages, beside the installed model in the same run
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-learn [--pages N] [--rows N] [--iterations N] [--jobs N] [--keep DIR] [-v]
 * Pages of a register typed in DejaVu Serif Condensed (no other test or benchmark uses it)
 * through a worn ribbon: faded, broken strokes, specks, softened. Every cell is read as the
 * pipeline reads it (mrg_ocr_pool_run, keeping the image it read); the cells of page 1 are then
 * "verified" from the ground truth and teach one round (MrgLearnRound, as the project's learn
 * job runs it), and the other pages are read again with the model when it was adopted.
 * Reported: cell CER of pages 2…N with the installed model (the baseline, no learning) and
 * after the round, the round's wall and CPU time (its subprocesses), and peak memory. */

#define G_LOG_DOMAIN "bench-learn"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <stdio.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "mrg-learn.h"
#include "mrg-models.h"
#include "mrg-ocr.h"
#include "mrg-score.h"
#include "mrg-test-roll.h"
#define COLS 4

static const char *const surnames[] = {
  "Абрамов", "Белоусов", "Васильев", "Гаврилов", "Дмитриев", "Ермолаев", "Жуков", "Зайцев",
  "Ильин", "Калинин", "Лебедев", "Морозов", "Никитин", "Осипов", "Павлов", "Родионов",
  "Семёнов", "Тихонов", "Ульянов", "Фёдоров", "Харитонов", "Цветков", "Чернов", "Шубин",
  "Щербаков", "Юдин", "Яковлев", "Ахметов", "Бекмуханов", "Жаманкулов", "Сейткалиев",
  "Оспанов", "Кузьмина", "Полякова", "Григорьева", "Сорокина",
};
static const char *const initials = "АБВГДЕЗИКЛМНОПРСТФЯ";
static const char *const trades[] = {
  "кузнец", "плотник", "сапожник", "писарь", "мельник", "портной", "столяр", "пекарь",
  "крестьянин", "мещанин", "рабочий", "учитель", "фельдшер", "извозчик", "сторож", "слесарь",
  "ст. сержант", "рядовой", "ефрейтор",
};
static const char *const places[] = {
  "д. Ивановка", "с. Покровское", "г. Уральск", "д. Берёзовка", "с. Никольское", "г. Омск",
  "аул Жанакала", "с. Троицкое", "д. Сосновка", "г. Семипалатинск", "ст. Лбищенская",
  "с. Успенка", "д. Заречье", "г. Петропавловск",
};

static int n_pages = 9;
static int n_rows = 25;
static int iterations = MRG_LEARN_DEFAULT_ITERATIONS;
static int jobs = 2;
static char *keep_dir;
/* DejaVu Serif Condensed, used nowhere else; or one of the handwriting fonts of tests/data/fonts */
static char *font;
static gboolean verbose;

typedef struct
{
  PIX *binary;
  MrgBox *boxes;
  char **texts;        /* n_rows × COLS, ground truth */
} Page;

/* What one model got wrong: the character errors and the characters of each page's cells. */
typedef struct
{
  guint64 *errors;
  guint64 *chars;
} Tally;

static void
tally_clear (Tally *tally)
{
  g_free (tally->errors);
  g_free (tally->chars);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tally, tally_clear)

/* The throwaway project the round learns for, in a folder of its own: where the learnt model
 * goes, as the project's learn job puts it. */
typedef struct
{
  char *dir;
  char *project;
  char *models;
  char *learnt;
} Scratch;

static void
scratch_make (Scratch *scratch)
{
  g_autoptr(GError) error = NULL;

  scratch->dir = g_dir_make_tmp ("bench-learn-XXXXXX", &error);
  g_assert_no_error (error);
  scratch->project = g_build_filename (scratch->dir, "bench.muragat", NULL);
  scratch->learnt = mrg_models_get_learnt (scratch->project, "rus");
  scratch->models = mrg_models_get_dir (scratch->project);
  g_assert_cmpint (g_mkdir_with_parents (scratch->models, 0755), ==, 0);
}

static void
scratch_clear (Scratch *scratch)
{
  /* the models folder first: it is inside the project's */
  if (scratch->models != NULL)
    mrg_remove_dir_of_files (scratch->models);
  if (scratch->dir != NULL)
    mrg_remove_dir_of_files (scratch->dir);
  g_free (scratch->dir);
  g_free (scratch->project);
  g_free (scratch->models);
  g_free (scratch->learnt);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scratch, scratch_clear)

/* What the round took: its wall time, and the CPU time and peak memory of its subprocesses. */
typedef struct
{
  guint n_samples;
  double wall;
  double cpu;
  long max_rss_kb;
} RoundCost;

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static char *
invent_cell (GRand *rand,
             int    col,
             int    entry)
{
  switch (col)
    {
    case 0:
      return g_strdup_printf ("%d", entry);
    case 1:
      {
        const char *a = g_utf8_offset_to_pointer (initials, g_rand_int_range (rand, 0, 19));
        const char *b = g_utf8_offset_to_pointer (initials, g_rand_int_range (rand, 0, 19));

        return g_strdup_printf ("%s %.*s.%.*s.",
                                surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))],
                                (int) (g_utf8_next_char (a) - a), a,
                                (int) (g_utf8_next_char (b) - b), b);
      }
    case 2:
      return g_strdup_printf ("%s, %s", trades[g_rand_int_range (rand, 0, G_N_ELEMENTS (trades))],
                              places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))]);
    default:
      return g_strdup_printf ("%d", g_rand_int_range (rand, 1850, 1925));
    }
}

/* A worn ribbon: ink fades along the line and from letter to letter, strokes break, specks. */
static PIX *
degrade (PIX   *grey,
         GRand *rand)
{
  int w = pixGetWidth (grey), h = pixGetHeight (grey);
  PIX *soft, *binary;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        l_uint32 v;
        double wear = 0.75 + 0.25 * sin (x / 37.0 + y / 90.0) * sin (x / 11.0 + y / 7.0);

        pixGetPixel (grey, x, y, &v);
        if (v < 200)
          {
            double ink = (255 - v) * wear * g_rand_double_range (rand, 0.6, 1.0);

            if (g_rand_double (rand) < 0.07)
              ink = 0;
            v = (l_uint32) CLAMP (255 - ink, 0, 255);
          }
        else if (g_rand_double (rand) < 0.0015)
          v = 40;
        pixSetPixel (grey, x, y, v);
      }
  soft = pixBlockconv (grey, 1, 1);
  binary = pixThresholdToBinary (soft, 170);
  pixDestroy (&soft);
  return binary;
}

static Page
make_page (GRand *rand,
           int    number)
{
  static const int widths[COLS] = { 160, 700, 1000, 220 };
  Page page = { NULL, g_new0 (MrgBox, n_rows * COLS), g_new0 (char *, n_rows * COLS + 1) };
  MrgTestTable table = {
    .width = 2300, .height = 200 + n_rows * 110, .x0 = 100, .y0 = 100,
    .rows = n_rows, .cols = COLS, .col_widths = widths, .row_height = 100, .rule = 4,
    .rule_rows = TRUE, .font_px = 44, .font = font,
  };
  PIX *grey;

  for (int r = 0; r < n_rows; r++)
    for (int c = 0; c < COLS; c++)
      page.texts[r * COLS + c] = invent_cell (rand, c, number * n_rows + r + 1);
  table.texts = (const char *const *) page.texts;
  grey = mrg_test_draw_table (&table, page.boxes);
  page.binary = degrade (grey, rand);
  pixDestroy (&grey);
  return page;
}

/* Reads every cell of a page; the jobs hold text and image. */
static MrgOcrJob *
read_page (MrgOcrPool *pool,
           Page       *page)
{
  g_autoptr(GError) error = NULL;
  MrgOcrJob *ocr = g_new0 (MrgOcrJob, n_rows * COLS);

  for (int i = 0; i < n_rows * COLS; i++)
    {
      ocr[i].box = page->boxes[i];
      ocr[i].hint = i % COLS == 0 || i % COLS == 3 ? MRG_OCR_HINT_DIGITS : MRG_OCR_HINT_TEXT;
      ocr[i].keep_image = TRUE;
    }
  if (!mrg_ocr_pool_run (pool, page->binary, 4, ocr, n_rows * COLS, NULL, &error))
    g_error ("%s", error->message);
  return ocr;
}

static void
free_jobs (MrgOcrJob *ocr)
{
  for (int i = 0; i < n_rows * COLS; i++)
    mrg_ocr_job_clear (&ocr[i]);
  g_free (ocr);
}

/* The character errors and characters of every cell of pages first…last - 1 read by `pool`,
 * added up a page in `tally`; returns the seconds it took. */
static double
read_pages (MrgOcrPool *pool,
            Page       *pages,
            int         first,
            int         last,
            Tally      *tally)
{
  double start = now ();

  for (int p = first; p < last; p++)
    {
      MrgOcrJob *ocr = read_page (pool, &pages[p]);

      tally->errors[p] = tally->chars[p] = 0;
      for (int i = 0; i < n_rows * COLS; i++)
        {
          g_autofree char *truth = mrg_score_normalise (pages[p].texts[i]);
          g_autofree char *read = mrg_score_normalise (ocr[i].text);

          guint distance = mrg_score_levenshtein (truth, read);

          if (verbose && distance > 0)
            printf ("    page %d cell %d: “%s” read “%s”\n", p + 1, i, truth, read);
          tally->errors[p] += distance;
          tally->chars[p] += g_utf8_strlen (truth, -1);
        }
      free_jobs (ocr);
    }
  return now () - start;
}

/* Cell CER (percent) of pages first…last - 1, or NaN when there are none. */
static double
cer_of (const Tally *tally,
        int          first,
        int          last)
{
  guint64 sum_errors = 0, sum_chars = 0;

  for (int p = first; p < last; p++)
    {
      sum_errors += tally->errors[p];
      sum_chars += tally->chars[p];
    }
  return sum_chars > 0 ? 100.0 * sum_errors / sum_chars : NAN;
}

static double
change (double before,
        double after)
{
  return 100 * (after - before) / MAX (before, 1e-9);
}

static Page *
make_pages (GRand *rand)
{
  Page *pages = g_new0 (Page, n_pages);

  for (int p = 0; p < n_pages; p++)
    {
      pages[p] = make_page (rand, p);
      if (keep_dir != NULL)
        {
          g_autofree char *name = g_strdup_printf ("%s/page-%02d.png", keep_dir, p + 1);

          pixWrite (name, pages[p].binary, IFF_PNG);
        }
    }
  return pages;
}

/* Page 1 read as OCR reads it, then verified from the ground truth, teaches the round. */
static void
run_round (MrgLearnRound *round,
           MrgOcrPool    *installed,
           Page          *page,
           RoundCost     *cost)
{
  g_autoptr(GError) error = NULL;
  MrgOcrJob *first = read_page (installed, page);
  struct rusage before, after;
  double start;

  for (int i = 0; i < n_rows * COLS; i++)
    if (first[i].image != NULL)
      {
        gsize size;
        const l_uint8 *png = g_bytes_get_data (first[i].image, &size);
        PIX *image = pixReadMemPng (png, size);

        mrg_learn_round_add_sample (round, image, page->texts[i]);
        if (keep_dir != NULL)
          {
            g_autofree char *name = g_strdup_printf ("%s/cell-%03d.png", keep_dir, i);

            pixWrite (name, image, IFF_PNG);
          }
        pixDestroy (&image);
        cost->n_samples++;
      }
  free_jobs (first);

  getrusage (RUSAGE_CHILDREN, &before);
  start = now ();
  if (!mrg_learn_round_run (round, NULL, &error))
    g_error ("%s", error->message);
  cost->wall = now () - start;
  getrusage (RUSAGE_CHILDREN, &after);
  cost->cpu = (after.ru_utime.tv_sec - before.ru_utime.tv_sec)
              + (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6
              + (after.ru_stime.tv_sec - before.ru_stime.tv_sec)
              + (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
  cost->max_rss_kb = after.ru_maxrss;
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "pages", 0, 0, G_OPTION_ARG_INT, &n_pages, "Pages (default 9: 1 to learn, 8 to score)", "N" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Rows a page (4 cells each; default 25)", "N" },
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations, "Iterations of the round", "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "OCR threads (default 2)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep_dir, "Write the pages here as PNG", "DIR" },
    { "font", 0, 0, G_OPTION_ARG_STRING, &font,
      "The font (DejaVu Serif Condensed; Bad Script, Caveat, Marck Script or Neucha: by hand)",
      "FAMILY" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "List the cells read wrong", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  g_autoptr(MrgLearnRound) round = NULL;
  g_autoptr(MrgOcrPool) installed = NULL;
  g_autoptr(MrgOcrPool) learnt_pool = NULL;
  g_auto(Scratch) scratch = { 0 };
  g_autofree char *start_model = NULL;
  g_autofree Page *pages = NULL;
  g_auto(Tally) by_installed = { 0 };
  g_auto(Tally) by_learnt = { 0 };
  RoundCost cost = { 0 };
  struct rusage self_usage;
  double seconds, read_before, read_after = 0;
  int tuned_end;

  if (!bench_parse_options (NULL, entries, &argc, &argv))
    return 2;
  if (font == NULL)
    font = g_strdup ("DejaVu Serif Condensed");
  if (keep_dir != NULL && g_mkdir_with_parents (keep_dir, 0755) != 0)
    g_error ("%s: %s", keep_dir, g_strerror (errno));
  mrg_test_add_hand_fonts (SOURCE_ROOT "/tests/data/fonts");
  n_pages = MAX (n_pages, 2);
  tuned_end = MIN (3, n_pages);
  by_installed.errors = g_new0 (guint64, n_pages);
  by_installed.chars = g_new0 (guint64, n_pages);
  by_learnt.errors = g_new0 (guint64, n_pages);
  by_learnt.chars = g_new0 (guint64, n_pages);

  scratch_make (&scratch);
  start_model = mrg_ocr_find_traineddata (NULL, "rus");
  if (start_model == NULL)
    g_error ("tesseract-ocr-rus is not installed");

  seconds = now ();
  pages = make_pages (rand);
  printf ("%d pages of %d cells in %s, worn ribbon: generated in %.1f s\n", n_pages,
          n_rows * COLS, font, now () - seconds);

  installed = mrg_ocr_pool_new ("rus", (guint) jobs, &error);
  g_assert_no_error (error);
  read_before = read_pages (installed, pages, 1, n_pages, &by_installed);
  read_pages (installed, pages, 0, 1, &by_installed);

  round = mrg_learn_round_new (start_model, scratch.learnt);
  mrg_learn_round_set_iterations (round, (guint) iterations);
  run_round (round, installed, &pages[0], &cost);

  if (mrg_learn_round_get_adopted (round))
    {
      g_autofree char *models_dir = NULL;
      g_autofree char *models_lang = NULL;

      g_assert_true (mrg_models_resolve (scratch.project, "rus", &models_dir, &models_lang,
                                         &error));
      learnt_pool = mrg_ocr_pool_new_in (models_dir, models_lang, (guint) jobs, &error);
      g_assert_no_error (error);
      read_after = read_pages (learnt_pool, pages, 0, n_pages, &by_learnt);
    }
  getrusage (RUSAGE_SELF, &self_usage);
  if (keep_dir != NULL && mrg_learn_round_get_adopted (round))
    {
      g_autofree char *copy = g_build_filename (keep_dir, "rus_muragat.traineddata", NULL);
      g_autoptr(GFile) from = g_file_new_for_path (scratch.learnt);
      g_autoptr(GFile) to = g_file_new_for_path (copy);

      g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
    }

  printf ("round: %u verified cells of page 1, %d iterations; held-out CER %.2f %% → %.2f %% (%s)\n",
          cost.n_samples, iterations, mrg_learn_round_get_cer_before (round),
          mrg_learn_round_get_cer_after (round),
          mrg_learn_round_get_adopted (round) ? "adopted" : "kept the installed model");
  printf ("round: %.1f s wall, %.1f s CPU of its subprocesses (one thread each); peak memory "
          "%.0f MB of a subprocess, %.0f MB of this process\n",
          cost.wall, cost.cpu, cost.max_rss_kb / 1024.0, self_usage.ru_maxrss / 1024.0);
  printf ("cell CER of pages 2–%d (%d cells):\n", n_pages, (n_pages - 1) * n_rows * COLS);
  printf ("  baseline, installed rus model:  %6.2f %%  (read in %.1f s)\n",
          cer_of (&by_installed, 1, n_pages), read_before);
  if (mrg_learn_round_get_adopted (round))
    {
      double before = cer_of (&by_installed, 1, n_pages);
      double after = cer_of (&by_learnt, 1, n_pages);

      printf ("  after one round, learnt model:  %6.2f %%  (read in %.1f s)  %+.0f %%\n", after,
              read_after, change (before, after));
      before = cer_of (&by_installed, 1, tuned_end);
      after = cer_of (&by_learnt, 1, tuned_end);
      printf ("  pages 2–%d (tuned on):           %6.2f %% → %6.2f %%  %+.0f %%\n", tuned_end,
              before, after, change (before, after));
      if (n_pages > tuned_end)
        {
          before = cer_of (&by_installed, tuned_end, n_pages);
          after = cer_of (&by_learnt, tuned_end, n_pages);
          printf ("  pages %d–%d (never tuned on):     %6.2f %% → %6.2f %%  %+.0f %%\n",
                  tuned_end + 1, n_pages, before, after, change (before, after));
        }
    }
  else
    printf ("  after one round: the installed model is kept, CER unchanged\n");
  printf ("cell CER of page 1, the cells learnt from: %.2f %% installed, %.2f %% learnt\n",
          cer_of (&by_installed, 0, 1), cer_of (&by_learnt, 0, 1));
  printf ("goal (issue 14): after 100 verified cells, CER on the rest down by >= 40 %% in <= 30 s "
          "of one core\n");

  for (int p = 0; p < n_pages; p++)
    {
      pixDestroy (&pages[p].binary);
      g_free (pages[p].boxes);
      g_strfreev (pages[p].texts);
    }
  return 0;
}

/* bench-script.c: pages read in the languages their script chooses, beside the fixed languages
 * Muragat read every page in before (rus+kaz in the CLI, rus+kaz+eng in the window), same pages,
 * same run
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-script [--corpus DIR] [--jobs N] [--scale F] [--unruled-only]
 * Three sets of pages, each imported into a fresh project per way of choosing and read by the
 * pipeline (mrg_pipeline_run):
 * - Latin: the six tabula-java-pdf-csv PDFs rendered to 300-dpi PNGs (their text layer gone, so
 *   the cells are OCR'd), scored against tabula's CSV in the README's area as bench-textlayer
 *   scores them: the share of expected non-empty cells read exactly, CER over aligned cells.
 * - Cyrillic: the six synthetic-typed-ru JPEGs, scored against their JSON truth (cells matched
 *   at IoU 0.6, CER over matched cells).
 * - Cyrillic, degraded: the same pages scaled to F (0.25) and back up, which the choice was not
 *   tuned on.
 * - By hand: the roll of tests/mrg-test-roll.h drawn in Cyrillic and in Latin letters in each of
 *   the four handwriting fonts of tests/data/fonts, scored against the drawn truth (cells matched
 *   at IoU 0.6, CER over matched cells).
 * - Typed without rules: the roll in three DejaVu fonts, and the six synthetic lists' truth typed
 *   again in DejaVu Serif under a title, as drawn and turned 1.2° and scaled to F, scored by the true cells read exactly at their place
 *   (mrg_score_table_compare: an unruled cell has no true box to match).
 * For each: seconds a page (mrg_pipeline_run alone), and the share of Latin among the letters
 * read, which says which script the page was taken for. None of these pages chose the margin
 * but the first two sets, which is why the others are there. */

#define G_LOG_DOMAIN "bench-script"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "mrg-document.h"
#include "mrg-import.h"
#include "mrg-pipeline.h"
#include "mrg-score-table.h"
#include "mrg-score.h"
#include "mrg-store.h"
#include "mrg-store-testing.h"
#include "mrg-test-roll.h"

#define DPI 300.0

typedef struct
{
  const char *name;
  double top, left, bottom, right;   /* PDF points; all 0 for the whole page */
} TabulaFile;

/* As tabula-java-pdf-csv/README.md gives them (page 1 of each). */
static const TabulaFile tabula[] = {
  { "argentina_diputados_voting_record", 269.875, 12.75, 790.5, 561 },
  { "frx_2012_disclosure", 53.0, 49.0, 735.0, 550.0 },
  { "schools", 53.74, 16.97, 548.74, 762.3 },
  { "spanning_cells", 0, 0, 0, 0 },
  { "twotables", 0, 0, 0, 0 },
  { "Publication_of_award_of_Bids_for_Transport_Sector__August_2016", 56.925, 24.255, 549.945,
    786.555 },
};

static const char *synthetic[] = {
  "page-00", "page-01", "page-02", "page-03", "clean-00", "clean-01",
};

/* NULL: chosen by script, as a project that names none is read now. */
static const char *ways[] = { NULL, "rus+kaz", "rus+kaz+eng" };
#define N_WAYS G_N_ELEMENTS (ways)

static int jobs;

typedef struct
{
  double share, cer, seconds, latin;
  guint n;
} Sum;

/* The share of Latin among the letters of the page's cells. */
static double
latin_share (MrgStore *store,
             gint64    page_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cells = mrg_score_load_store_cells (store, page_id, &error);
  guint latin = 0, letters = 0;

  if (cells == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < cells->len; i++)
    for (const char *p = g_array_index (cells, MrgScoreCell, i).text; p != NULL && *p != '\0';
         p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);

        if (!g_unichar_isalpha (c))
          continue;
        letters++;
        if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN)
          latin++;
      }
  return letters > 0 ? (double) latin / letters : 0;
}

typedef struct
{
  char *dir;
  char *path;
  MrgStore *store;
  gint64 page_id;
  double seconds;
} Reading;

/* `image` imported into a fresh project and read in `lang` (NULL: by script). */
static void
reading_run (Reading    *r,
             const char *image,
             const char *lang)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) pages = NULL;
  const char *paths[] = { image, NULL };
  MrgPipelineOptions options = { lang, (guint) jobs, FALSE };
  MrgImportResult imported;
  gint64 start;

  r->dir = g_dir_make_tmp ("bench-script-XXXXXX", &error);
  if (r->dir == NULL)
    g_error ("temporary folder: %s", error->message);
  r->path = g_build_filename (r->dir, "bench.muragat", NULL);
  r->store = mrg_store_open (r->path, MRG_STORE_OPEN_CREATE, &error);
  if (r->store == NULL || !mrg_import_files (r->store, paths, DPI, NULL, &imported, &error))
    g_error ("%s: %s", image, error->message);
  pages = mrg_pipeline_list_pages (r->store, &error);
  if (pages == NULL || pages->len == 0)
    g_error ("%s: no page", image);
  r->page_id = g_array_index (pages, gint64, 0);
  start = g_get_monotonic_time ();
  if (!mrg_pipeline_run (r->store, &r->page_id, 1, &options, NULL, NULL, &error))
    g_error ("%s: %s", image, error->message);
  r->seconds = (g_get_monotonic_time () - start) / 1e6;
}

static void
reading_clear (Reading *r)
{
  g_clear_object (&r->store);
  mrg_store_remove_file (r->path);
  g_rmdir (r->dir);
  g_clear_pointer (&r->path, g_free);
  g_clear_pointer (&r->dir, g_free);
}

static void
add (Sum    *sum,
     double  share,
     double  cer,
     double  seconds,
     double  latin)
{
  sum->share += share;
  sum->cer += cer;
  sum->seconds += seconds;
  sum->latin += latin;
  sum->n++;
}

static void
print_sums (const char *set,
            const Sum  *sums)
{
  g_print ("%s\n", set);
  for (guint w = 0; w < N_WAYS; w++)
    {
      double n = MAX (sums[w].n, 1);

      g_print ("  %-13s share exact %.3f  CER %6.2f %%  Latin letters %5.1f %%  %.2f s a page\n",
               ways[w] != NULL ? ways[w] : "by script", sums[w].share / n,
               100 * sums[w].cer / n, 100 * sums[w].latin / n, sums[w].seconds / n);
    }
}

/* The tabula PDFs, rendered. */
static void
run_latin (const char *corpus,
           const char *tmp)
{
  Sum sums[N_WAYS] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (tabula); i++)
    {
      const TabulaFile *file = &tabula[i];
      g_autofree char *pdf = g_strdup_printf ("%s/tabula-java-pdf-csv/%s.pdf", corpus, file->name);
      g_autofree char *csv = g_strdup_printf ("%s/tabula-java-pdf-csv/%s.csv", corpus, file->name);
      g_autofree char *png = g_strdup_printf ("%s/%s.png", tmp, file->name);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) expected = mrg_score_table_read_csv (csv, &error);
      g_autoptr(PIX) page = mrg_document_load_page (pdf, MRG_DOCUMENT_KIND_PDF, 1, DPI, &error);
      const double scale = DPI / 72.0;
      MrgBox area = { (int) (file->left * scale), (int) (file->top * scale),
                      (int) (file->right * scale) + 1, (int) (file->bottom * scale) + 1 };
      gboolean whole = file->right <= file->left;

      if (expected == NULL || page == NULL)
        g_error ("%s", error->message);
      if (pixWrite (png, page, IFF_PNG) != 0)
        g_error ("%s: could not be written", png);
      for (guint w = 0; w < N_WAYS; w++)
        {
          Reading r = { 0 };
          g_autoptr(GPtrArray) found = NULL;
          MrgTableScore s;

          reading_run (&r, png, ways[w]);
          found = mrg_score_table_from_store (r.store, r.page_id, whole ? NULL : &area, &error);
          if (found == NULL)
            g_error ("%s", error->message);
          mrg_score_table_compare (expected, found, &s, NULL);
          add (&sums[w], mrg_score_table_share (&s), mrg_score_table_cer (&s), r.seconds,
               latin_share (r.store, r.page_id));
          g_print ("  %-40.40s %-11s share %.3f CER %6.2f %%\n", file->name,
                   ways[w] != NULL ? ways[w] : "by script", mrg_score_table_share (&s),
                   100 * mrg_score_table_cer (&s));
          reading_clear (&r);
        }
      g_unlink (png);
    }
  print_sums ("Latin: tabula-java-pdf-csv rendered at 300 dpi (6 pages)", sums);
}

/* The synthetic Cyrillic pages, as scanned or scaled to `factor` and back (0: as scanned). */
static void
run_cyrillic (const char *corpus,
              const char *tmp,
              double      factor)
{
  Sum sums[N_WAYS] = { 0 };
  g_autofree char *title = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (synthetic); i++)
    {
      g_autofree char *jpg = g_strdup_printf ("%s/synthetic-typed-ru/%s.jpg", corpus, synthetic[i]);
      g_autofree char *json = g_strdup_printf ("%s/synthetic-typed-ru/%s.json", corpus,
                                               synthetic[i]);
      g_autofree char *scaled = g_strdup_printf ("%s/%s-scaled.png", tmp, synthetic[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) truth = mrg_score_load_synthetic (json, &error);
      const char *image = jpg;

      if (truth == NULL)
        g_error ("%s", error->message);
      if (factor > 0)
        {
          g_autoptr(PIX) pix = pixRead (jpg);
          g_autoptr(PIX) small = pix != NULL ? pixScale (pix, factor, factor) : NULL;
          g_autoptr(PIX) back = small != NULL
                                ? pixScaleToSize (small, pixGetWidth (pix), pixGetHeight (pix))
                                : NULL;

          if (back == NULL || pixWrite (scaled, back, IFF_PNG) != 0)
            g_error ("%s: could not be scaled", jpg);
          image = scaled;
        }
      for (guint w = 0; w < N_WAYS; w++)
        {
          Reading r = { 0 };
          g_autoptr(GArray) predicted = NULL;
          MrgScore s = { 0 };

          reading_run (&r, image, ways[w]);
          predicted = mrg_score_load_store_cells (r.store, r.page_id, &error);
          if (predicted == NULL)
            g_error ("%s", error->message);
          mrg_score_match (truth, predicted, 0.6, &s);
          add (&sums[w], mrg_score_f1 (&s), mrg_score_cer (&s), r.seconds,
               latin_share (r.store, r.page_id));
          reading_clear (&r);
        }
      if (factor > 0)
        g_unlink (scaled);
    }
  title = factor > 0
          ? g_strdup_printf ("Cyrillic, degraded: synthetic-typed-ru scaled to %.2f and back "
                             "(6 pages; share = structure F1)", factor)
          : g_strdup ("Cyrillic: synthetic-typed-ru (6 pages; share = structure F1)");
  print_sums (title, sums);
}

/* A table without rules has no true cell boxes to match at an IoU, only texts at their places:
 * the share of the true cells read exactly at their aligned place, and the CER over them
 * (mrg_score_table_compare, as the Latin set is scored). */
static void
score_by_place (GArray        *truth,
                const Reading *r,
                double        *share,
                double        *cer)
{
  g_autoptr(GPtrArray) expected = mrg_score_table_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  MrgTableScore s = { 0 };

  for (guint i = 0; i < truth->len; i++)
    {
      const MrgScoreCell *cell = &g_array_index (truth, MrgScoreCell, i);

      while ((int) expected->len <= cell->row)
        mrg_score_table_add_row (expected);
      g_ptr_array_add (g_ptr_array_index (expected, cell->row), g_strdup (cell->text));
    }
  found = mrg_score_table_from_store (r->store, r->page_id, NULL, &error);
  if (found == NULL)
    g_error ("%s", error->message);
  mrg_score_table_compare (expected, found, &s, NULL);
  *share = mrg_score_table_share (&s);
  *cer = mrg_score_table_cer (&s);
}

/* The drawn roll in each of `fonts`, in Cyrillic and in Latin letters, with rules `rule` pixels
 * wide (0: none). */
static void
run_rolls (const char        *tmp,
           const char *const *fonts,
           guint              n_fonts,
           int                rule,
           const char *const *titles)
{
  const MrgTestRoll *rolls[] = { &mrg_test_cyrillic_roll, &mrg_test_latin_roll };

  for (guint k = 0; k < G_N_ELEMENTS (rolls); k++)
    {
      Sum sums[N_WAYS] = { 0 };

      for (guint f = 0; f < n_fonts; f++)
        {
          const char *font = fonts[f];
          g_autofree char *png = g_strdup_printf ("%s/roll-%u-%u.png", tmp, k, f);
          g_autoptr(GArray) truth = mrg_score_cells_new ();

          mrg_test_draw_roll (rolls[k], font, rule, png, truth);
          for (guint w = 0; w < N_WAYS; w++)
            {
              Reading r = { 0 };
              g_autoptr(GError) error = NULL;
              g_autoptr(GArray) predicted = NULL;
              MrgScore s = { 0 };
              double latin;

              double share, cer;

              reading_run (&r, png, ways[w]);
              if (rule > 0)
                {
                  predicted = mrg_score_load_store_cells (r.store, r.page_id, &error);
                  if (predicted == NULL)
                    g_error ("%s", error->message);
                  mrg_score_match (truth, predicted, 0.6, &s);
                  share = mrg_score_f1 (&s);
                  cer = mrg_score_cer (&s);
                }
              else
                score_by_place (truth, &r, &share, &cer);
              latin = latin_share (r.store, r.page_id);
              add (&sums[w], share, cer, r.seconds, latin);
              g_print ("  %-6s %-16s %-11s %s %.3f CER %6.2f %%  Latin letters %5.1f %%\n",
                       k == 0 ? "cyr" : "latin", font, ways[w] != NULL ? ways[w] : "by script",
                       rule > 0 ? "F1" : "exact", share, 100 * cer, 100 * latin);
              reading_clear (&r);
            }
          if (g_getenv ("BENCH_SCRIPT_KEEP") == NULL)
            g_unlink (png);
        }
      print_sums (titles[k], sums);
    }
}

/* The drawn roll in each handwriting font, ruled. */
static void
run_by_hand (const char *tmp)
{
  const char *titles[] = {
    "Cyrillic by hand: the drawn roll in 4 handwriting fonts (share = structure F1)",
    "Latin by hand: the same roll in Latin letters (share = structure F1)",
  };
  const char *fonts[G_N_ELEMENTS (mrg_test_hand_fonts)];

  mrg_test_add_hand_fonts (SOURCE_ROOT "/tests/data/fonts");
  for (guint f = 0; f < G_N_ELEMENTS (mrg_test_hand_fonts); f++)
    fonts[f] = mrg_test_hand_fonts[f].family;
  run_rolls (tmp, fonts, G_N_ELEMENTS (fonts), 4, titles);
}

/* The six synthetic lists typed again without rules, from their truth: same texts and column
 * widths, another font, a title above. With `factor`, each is turned by 1.2° (one way, then the
 * other) and scaled to `factor` and back, as a worn typescript photocopied askew. */
static void
run_retyped (const char *root,
             const char *tmp,
             double      factor)
{
  Sum sums[N_WAYS] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (synthetic); i++)
    {
      g_autofree char *json = g_strdup_printf ("%s/synthetic-typed-ru/%s.json", root,
                                               synthetic[i]);
      g_autofree char *png = g_strdup_printf ("%s/retyped-%u.png", tmp, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) truth = mrg_score_load_synthetic (json, &error);
      g_autofree char *title = NULL;
      g_autoptr(PIX) page = NULL;

      if (truth == NULL)
        g_error ("%s", error->message);
      /* BENCH_SCRIPT_WRAP=1: every third name on two lines, as in a narrow column (the truth
       * too: texts are compared with whitespace collapsed) */
      for (guint c = 0; g_getenv ("BENCH_SCRIPT_WRAP") != NULL && c < truth->len; c++)
        {
          MrgScoreCell *cell = &g_array_index (truth, MrgScoreCell, c);

          if (cell->col == 1 && cell->row % 3 == 1 && strchr (cell->text, ' ') != NULL)
            *strchr (cell->text, ' ') = '\n';
        }
      title = g_strdup_printf ("Список %u-й группы казахов. %u человек.", i + 3,
                               10 * (truth->len / 6));
      page = mrg_test_draw_retyped (truth, title, "DejaVu Serif");
      /* BENCH_SCRIPT_LINE=1: a 4-pixel line ruled just under the header row, across the list */
      if (g_getenv ("BENCH_SCRIPT_LINE") != NULL)
        {
          int y = g_array_index (truth, MrgScoreCell, 0).box.y2 + 4;

          pixRenderLine (page, 150, y, 2330, y, 4, L_CLEAR_PIXELS);
        }
      if (factor > 0)
        {
          double turn = (i % 2 == 0 ? 1.2 : -1.2) * G_PI / 180;
          g_autoptr(PIX) turned = pixRotate (page, turn, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0,
                                             0);
          g_autoptr(PIX) small = pixScale (turned, factor, factor);
          int width = pixGetWidth (page), height = pixGetHeight (page);

          g_clear_pointer (&page, pixDestroy_ptr_);
          page = pixScaleToSize (small, width, height);
        }
      if (page == NULL || pixWrite (png, page, IFF_PNG) != 0)
        g_error ("%s: could not be written", png);
      for (guint w = 0; w < N_WAYS; w++)
        {
          Reading r = { 0 };
          double share, cer;

          reading_run (&r, png, ways[w]);
          score_by_place (truth, &r, &share, &cer);
          add (&sums[w], share, cer, r.seconds, latin_share (r.store, r.page_id));
          g_print ("  %-9s %-11s exact %.3f CER %6.2f %%\n", synthetic[i],
                   ways[w] != NULL ? ways[w] : "by script", share, 100 * cer);
          reading_clear (&r);
        }
      if (g_getenv ("BENCH_SCRIPT_KEEP") == NULL)
        g_unlink (png);
    }
  if (factor > 0)
    {
      g_autofree char *title = g_strdup_printf ("Cyrillic retyped without rules, turned 1.2° "
                                                "and scaled to %.2f and back (share = cells "
                                                "read exactly)", factor);

      print_sums (title, sums);
    }
  else
    print_sums ("Cyrillic retyped without rules: the 6 synthetic lists' truth in DejaVu Serif "
                "(share = cells read exactly)", sums);
}

/* The drawn roll typed with no rules at all: its columns are the white space between them, as
 * in many a typed list. */
static void
run_unruled (const char *tmp)
{
  const char *titles[] = {
    "Cyrillic typed without rules: the drawn roll in 3 fonts (share = cells read exactly)",
    "Latin typed without rules: the same roll in Latin letters (share = cells read exactly)",
  };
  const char *fonts[] = { "DejaVu Sans Mono", "DejaVu Serif", "DejaVu Sans" };

  run_rolls (tmp, fonts, G_N_ELEMENTS (fonts), 0, titles);
}

int
main (int argc, char **argv)
{
  g_autofree char *corpus = NULL;
  double factor = 0.25;
  gboolean unruled_only = FALSE;
  const GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus, "The shared corpus folder", "DIR" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Worker threads (default: one per core)", "N" },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &factor, "Scale of the degraded pages (0.25)", "F" },
    { "unruled-only", 0, 0, G_OPTION_ARG_NONE, &unruled_only,
      "Only the roll typed without rules", NULL },
    { NULL }
  };
  g_autofree char *root = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  struct rusage usage;

  if (!bench_parse_options (NULL, entries, &argc, &argv))
    return 2;
  root = bench_corpus_dir (corpus);
  tmp = g_dir_make_tmp ("bench-script-pages-XXXXXX", &error);
  if (tmp == NULL)
    g_error ("temporary folder: %s", error->message);

  g_print ("OCR languages chosen by each page's script, beside rus+kaz and rus+kaz+eng for "
           "every page\n");
  if (!unruled_only)
    {
      run_latin (root, tmp);
      run_cyrillic (root, tmp, 0);
      run_cyrillic (root, tmp, factor);
      run_by_hand (tmp);
    }
  run_unruled (tmp);
  run_retyped (root, tmp, 0);
  run_retyped (root, tmp, factor);
  getrusage (RUSAGE_SELF, &usage);
  g_print ("peak memory (ru_maxrss) %ld M\n", usage.ru_maxrss / 1024);
  g_rmdir (tmp);
  return 0;
}

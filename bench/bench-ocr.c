/* bench-ocr.c: the table OCR pipeline against whole-page tesseract, on the same pages, same run
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-ocr [--corpus DIR] [--jobs N] [--lang L] [--no-abp]
 * Synthetic pages: seconds a page, structure F1 at IoU 0.6 and CER (scored as the corpus README
 * says) for the pipeline and for `tesseract IMAGE - -l rus tsv` with its words dropped into the
 * true grid; each method runs in a child process so that its peak memory is its own.
 * abp-passau-tables: per page the share of cell regions whose centre falls in a detected cell
 * holding no other region's centre, and cell F1 at IoU 0.6 against the regions.
 * lectaurep-mariages-divorces: per spread the share of handwritten lines lying inside one cell.
 * BENCH_OCR_DRAW=DIR writes each register page with its regions and detected cells. */

#define G_LOG_DOMAIN "bench-ocr"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <tesseract/capi.h>
#include <unistd.h>

#include "bench-util.h"
#include "mrg-document.h"
#include "mrg-grid.h"
#include "mrg-import.h"
#include "mrg-pipeline.h"
#include "mrg-prepare.h"
#include "mrg-score.h"
#include "mrg-store.h"

static const char *synthetic_pages[] = {
  "page-00", "page-01", "page-02", "page-03", "clean-00", "clean-01",
};

typedef struct
{
  double seconds;
  MrgScore noisy;
  MrgScore clean;
} Result;

static char *corpus_dir;
static int jobs;
static char *lang;

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
print_score (const char *what,
             const char *page,
             const MrgScore *s)
{
  g_print ("  %-9s %-9s F1@0.6 %.4f  CER %.3f %%  (%u/%u cells, %u predicted)\n", what, page,
           mrg_score_f1 (s), 100 * mrg_score_cer (s), s->matched, s->n_truth, s->n_predicted);
}

static void
add_score (MrgScore *to, const MrgScore *from)
{
  to->n_truth += from->n_truth;
  to->n_predicted += from->n_predicted;
  to->matched += from->matched;
  to->char_errors += from->char_errors;
  to->n_chars += from->n_chars;
}

static Result
run_pipeline (void)
{
  Result result = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-ocr-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "bench.muragat", NULL);
  g_autoptr(MrgStore) store = mrg_store_open (project, MRG_STORE_OPEN_CREATE, &error);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) pages = NULL;
  MrgPipelineOptions options = { lang, (guint) jobs };
  MrgImportResult imported;
  double start;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (synthetic_pages); i++)
    g_ptr_array_add (paths, g_strdup_printf ("%s/synthetic-typed-ru/%s.jpg", corpus_dir,
                                             synthetic_pages[i]));
  g_ptr_array_add (paths, NULL);
  if (!mrg_import_files (store, (const char * const *) paths->pdata, 300, NULL,
                         &imported, &error))
    g_error ("import: %s", error->message);
  pages = mrg_pipeline_list_pages (store, &error);

  start = now ();
  if (!mrg_pipeline_run (store, (gint64 *) pages->data, pages->len, &options, NULL, NULL,
                         &error))
    g_error ("pipeline: %s", error->message);
  result.seconds = now () - start;

  for (guint i = 0; i < pages->len; i++)
    {
      g_autofree char *gt = g_strdup_printf ("%s/synthetic-typed-ru/%s.json", corpus_dir,
                                             synthetic_pages[i]);
      g_autoptr(GArray) truth = mrg_score_load_synthetic (gt, &error);
      g_autoptr(GArray) predicted = mrg_score_load_store_cells (store, g_array_index (pages,
                                                                 gint64, i), &error);
      MrgScore s = { 0 };

      g_assert_no_error (error);
      mrg_score_match (truth, predicted, 0.6, &s);
      print_score ("pipeline", synthetic_pages[i], &s);
      if (g_getenv ("BENCH_OCR_VERBOSE") != NULL)
        for (guint t = 0; t < truth->len; t++)
          {
            MrgScoreCell *tc = &g_array_index (truth, MrgScoreCell, t);

            for (guint p = 0; p < predicted->len; p++)
              {
                MrgScoreCell *pc = &g_array_index (predicted, MrgScoreCell, p);

                if (pc->row == tc->row && pc->col == tc->col && g_strcmp0 (pc->text, tc->text) != 0)
                  g_print ("     r%d c%d want «%s» got «%s»\n", tc->row, tc->col, tc->text, pc->text);
              }
          }
      add_score (g_str_has_prefix (synthetic_pages[i], "clean") ? &result.clean : &result.noisy, &s);
    }
  g_clear_object (&store);
  mrg_store_remove_file (project);
  g_rmdir (dir);
  return result;
}

static void
free_gstring (gpointer s)
{
  g_string_free (s, TRUE);
}

static Result
run_baseline (void)
{
  Result result = { 0 };
  TessBaseAPI *api = TessBaseAPICreate ();
  double start = now ();
  locale_t c_locale = newlocale (LC_NUMERIC_MASK, "C", duplocale (LC_GLOBAL_LOCALE));
  locale_t previous = uselocale (c_locale);

  /* what `tesseract IMAGE - -l rus tsv` does: default engine, automatic page segmentation */
  if (TessBaseAPIInit3 (api, NULL, "rus") != 0)
    g_error ("tesseract: no rus");
  uselocale (previous);
  freelocale (c_locale);

  for (guint i = 0; i < G_N_ELEMENTS (synthetic_pages); i++)
    {
      g_autofree char *image = g_strdup_printf ("%s/synthetic-typed-ru/%s.jpg", corpus_dir,
                                                synthetic_pages[i]);
      g_autofree char *gt = g_strdup_printf ("%s/synthetic-typed-ru/%s.json", corpus_dir,
                                             synthetic_pages[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) truth = mrg_score_load_synthetic (gt, &error);
      g_autoptr(GArray) predicted = mrg_score_cells_new ();
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (free_gstring);
      PIX *pix = pixRead (image);
      TessResultIterator *it;
      MrgScore s = { 0 };
      double page_start = now ();

      g_assert_no_error (error);
      for (guint t = 0; t < truth->len; t++)
        g_ptr_array_add (texts, g_string_new (NULL));
      TessBaseAPISetPageSegMode (api, PSM_AUTO);
      TessBaseAPISetImage2 (api, pix);
      TessBaseAPISetSourceResolution (api, 300);
      TessBaseAPIRecognize (api, NULL);
      it = TessBaseAPIGetIterator (api);
      if (it != NULL)
        do
          {
            char *word = TessResultIteratorGetUTF8Text (it, RIL_WORD);
            int x1, y1, x2, y2;

            if (word != NULL
                && TessPageIteratorBoundingBox (TessResultIteratorGetPageIteratorConst (it),
                                                RIL_WORD, &x1, &y1, &x2, &y2))
              {
                int cx = (x1 + x2) / 2, cy = (y1 + y2) / 2;

                /* the word goes to the true cell holding its centre, in reading order */
                for (guint t = 0; t < truth->len; t++)
                  {
                    MrgBox *b = &g_array_index (truth, MrgScoreCell, t).box;

                    if (cx >= b->x1 && cx < b->x2 && cy >= b->y1 && cy < b->y2)
                      {
                        GString *s2 = g_ptr_array_index (texts, t);

                        if (s2->len > 0)
                          g_string_append_c (s2, ' ');
                        g_string_append (s2, word);
                        break;
                      }
                  }
              }
            TessDeleteText (word);
          }
        while (TessResultIteratorNext (it, RIL_WORD));
      TessResultIteratorDelete (it);
      TessBaseAPIClear (api);
      pixDestroy (&pix);
      (void) page_start;

      for (guint t = 0; t < truth->len; t++)
        mrg_score_cells_add (predicted, &g_array_index (truth, MrgScoreCell, t).box,
                             ((GString *) g_ptr_array_index (texts, t))->str, -1, -1);
      mrg_score_match (truth, predicted, 0.6, &s);
      print_score ("baseline", synthetic_pages[i], &s);
      add_score (g_str_has_prefix (synthetic_pages[i], "clean") ? &result.clean : &result.noisy, &s);
    }
  result.seconds = now () - start;
  TessBaseAPIEnd (api);
  TessBaseAPIDelete (api);
  return result;
}

/* Runs `method` in a child; returns its result and peak resident memory in KiB. */
static Result
run_child (Result (*method) (void),
           long   *out_maxrss)
{
  int fds[2];
  pid_t pid;
  Result result = { 0 };
  struct rusage usage;
  int status;

  if (pipe (fds) != 0)
    g_error ("pipe failed");
  fflush (stdout);
  pid = fork ();
  if (pid == 0)
    {
      Result r;

      close (fds[0]);
      r = method ();
      if (write (fds[1], &r, sizeof r) != sizeof r)
        _exit (1);
      _exit (0);
    }
  close (fds[1]);
  if (read (fds[0], &result, sizeof result) != sizeof result)
    g_error ("the child failed");
  close (fds[0]);
  wait4 (pid, &status, 0, &usage);
  *out_maxrss = usage.ru_maxrss;
  return result;
}

static const char *abp_pages[][2] = {
  { "M_Dommelstadl_002-02_0028", "pxml" },
  { "M_Passau_StPaul_014_0127", "xml" },
  { "RT_Lalling_014_0133", "xml" },
  { "S_Auerbach_011_0031", "pxml" },
  { "S_Passau_Innstadt_019_0166", "xml" },
  { "S_Uttlau_028_0033", "xml" },
  { "T_Kastl_004_0064", "xml" },
  { "T_Seebach_006-01_0011", "pxml" },
};

/* BENCH_OCR_DRAW=DIR: the page at a quarter size with the regions (green) and the detected
 * cells holding ink (red), to see where the grid goes wrong. */
static void
draw_cells (PIX        *page,
            GArray     *truth,
            GArray     *predicted,
            const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.png", g_getenv ("BENCH_OCR_DRAW"), name);
  const double scale = 0.25;
  PIX *small = pixScale (page, scale, scale);
  PIX *colour = pixConvertTo32 (small);
  GArray *sets[2] = { truth, predicted };
  const l_uint8 rgb[2][3] = { { 0, 170, 0 }, { 220, 0, 0 } };

  for (guint k = 0; k < 2; k++)
    for (guint i = 0; i < sets[k]->len; i++)
      {
        const MrgBox *b = &g_array_index (sets[k], MrgScoreCell, i).box;
        BOX *box = boxCreate ((int) (b->x1 * scale) + (int) k, (int) (b->y1 * scale) + (int) k,
                              MAX (1, (int) ((b->x2 - b->x1) * scale) - 2 * (int) k),
                              MAX (1, (int) ((b->y2 - b->y1) * scale) - 2 * (int) k));

        pixRenderBoxArb (colour, box, 2, rgb[k][0], rgb[k][1], rgb[k][2]);
        boxDestroy (&box);
      }
  /* regions that miss: in blue */
  {
    g_autofree guint *count = g_new0 (guint, predicted->len + 1);
    g_autofree int *holder = g_new (int, truth->len + 1);

    for (guint t = 0; t < truth->len; t++)
      {
        const MrgBox *b = &g_array_index (truth, MrgScoreCell, t).box;
        int cx = (b->x1 + b->x2) / 2, cy = (b->y1 + b->y2) / 2;

        holder[t] = -1;
        for (guint p = 0; p < predicted->len && holder[t] < 0; p++)
          {
            const MrgBox *c = &g_array_index (predicted, MrgScoreCell, p).box;

            if (cx >= c->x1 && cx < c->x2 && cy >= c->y1 && cy < c->y2)
              holder[t] = (int) p;
          }
        if (holder[t] >= 0)
          count[holder[t]]++;
      }
    for (guint t = 0; t < truth->len; t++)
      if (holder[t] < 0 || count[holder[t]] > 1)
        {
          const MrgBox *b = &g_array_index (truth, MrgScoreCell, t).box;
          BOX *box = boxCreate ((int) (b->x1 * scale) + 3, (int) (b->y1 * scale) + 3,
                                MAX (1, (int) ((b->x2 - b->x1) * scale) - 6),
                                MAX (1, (int) ((b->y2 - b->y1) * scale) - 6));

          pixRenderBoxArb (colour, box, 3, 0, 0, 255);
          boxDestroy (&box);
        }
  }
  pixWrite (path, colour, IFF_PNG);
  pixDestroy (&colour);
  pixDestroy (&small);
}

static void
run_abp (void)
{
  double share_sum = 0, f1_sum = 0, least = 1;

  g_print ("\nabp-passau-tables (grid only; body regions are drawn around the writing):\n");
  for (guint i = 0; i < G_N_ELEMENTS (abp_pages); i++)
    {
      g_autofree char *image = g_strdup_printf ("%s/abp-passau-tables/%s.jpg", corpus_dir,
                                                abp_pages[i][0]);
      g_autofree char *xml = g_strdup_printf ("%s/abp-passau-tables/%s.%s", corpus_dir,
                                              abp_pages[i][0], abp_pages[i][1]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) truth = mrg_score_load_page_regions (xml, &error);
      g_autoptr(GArray) predicted = NULL;
      g_autoptr(PIX) pix = pixRead (image);
      g_autoptr(GString) shape = g_string_new (NULL);
      MrgScore s = { 0 };
      double start = now (), share;

      g_assert_no_error (error);
      predicted = mrg_score_detect_cells (pix, shape, &error);
      g_assert_no_error (error);
      mrg_score_match (truth, predicted, 0.6, &s);
      share = mrg_score_centre_share (truth, predicted);
      if (g_getenv ("BENCH_OCR_DRAW") != NULL)
        draw_cells (pix, truth, predicted, abp_pages[i][0]);
      share_sum += share;
      least = MIN (least, share);
      f1_sum += mrg_score_f1 (&s);
      g_print ("  %-28s %4u regions  grids %-13s  centre-share %.3f (goal ≥ 0.85)  "
               "cell F1@0.6 %.4f (cTDaR B2 best 0.7458)  %.1f s\n", abp_pages[i][0], truth->len,
               shape->str, share, mrg_score_f1 (&s), now () - start);
    }
  g_print ("  mean                                              centre-share %.3f (lowest %.3f)  "
           "cell F1@0.6 %.4f\n", share_sum / G_N_ELEMENTS (abp_pages), least,
           f1_sum / G_N_ELEMENTS (abp_pages));
}

static const char *lectaurep_pages[] = {
  "FRAN_0187_49914_L", "FRAN_0187_50115_L", "FRAN_0187_50318_L", "FRAN_0187_50521_L",
};

/* The corpus README's weak structure check: every handwritten line inside one detected cell. */
static void
run_lectaurep (void)
{
  double sum = 0;

  g_print ("\nlectaurep-mariages-divorces (grid only; line-level ground truth):\n");
  for (guint i = 0; i < G_N_ELEMENTS (lectaurep_pages); i++)
    {
      g_autofree char *image = g_strdup_printf ("%s/lectaurep-mariages-divorces/%s.jpg",
                                                corpus_dir, lectaurep_pages[i]);
      g_autofree char *xml = g_strdup_printf ("%s/lectaurep-mariages-divorces/%s.xml",
                                              corpus_dir, lectaurep_pages[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) lines = mrg_score_load_page_lines (xml, &error);
      g_autoptr(GArray) predicted = NULL;
      g_autoptr(PIX) pix = pixRead (image);
      g_autoptr(GString) shape = g_string_new (NULL);
      double start = now (), share;

      g_assert_no_error (error);
      predicted = mrg_score_detect_cells (pix, shape, &error);
      g_assert_no_error (error);
      share = mrg_score_inside_share (lines, predicted);
      if (g_getenv ("BENCH_OCR_DRAW") != NULL)
        draw_cells (pix, lines, predicted, lectaurep_pages[i]);
      sum += share;
      g_print ("  %-20s %4u handwritten lines  grids %-13s  lines inside one cell %.3f  %.1f s\n",
               lectaurep_pages[i], lines->len, shape->str, share, now () - start);
    }
  g_print ("  mean                                                          lines inside one cell %.3f\n",
           sum / G_N_ELEMENTS (lectaurep_pages));
}

int
main (int argc, char **argv)
{
  gboolean no_abp = FALSE, no_synthetic = FALSE, no_baseline = FALSE;
  g_autofree char *corpus = NULL;
  const GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus, "The shared corpus folder", "DIR" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Pipeline worker threads (default: cores)", "N" },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang,
      "Pipeline languages (default: each page's script's, as where a project names none)", "L" },
    { "no-abp", 0, 0, G_OPTION_ARG_NONE, &no_abp,
      "Skip the real registers (abp-passau-tables, lectaurep-mariages-divorces)", NULL },
    { "no-baseline", 0, 0, G_OPTION_ARG_NONE, &no_baseline, "Run only the pipeline", NULL },
    { "no-synthetic", 0, 0, G_OPTION_ARG_NONE, &no_synthetic, "Skip the synthetic pages", NULL },
    { NULL }
  };
  Result ours, base;
  long ours_rss = 0, base_rss = 0;
  double n = G_N_ELEMENTS (synthetic_pages);

  if (!bench_parse_options (NULL, entries, &argc, &argv))
    return 2;
  corpus_dir = bench_corpus_dir (corpus);

  if (!no_synthetic)
    {
      g_print ("synthetic-typed-ru, %u pages (4 noisy, 2 clean), %d cores\n",
               (guint) n, g_get_num_processors ());
      if (!no_baseline)
        base = run_child (run_baseline, &base_rss);
      else
        base = (Result) { 1 };
      ours = run_child (run_pipeline, &ours_rss);

      g_print ("\n%-34s %12s %12s\n", "", "pipeline", "baseline");
      g_print ("%-34s %12.2f %12.2f\n", "seconds a page", ours.seconds / n, base.seconds / n);
      g_print ("%-34s %12.2f %12s\n", "time ratio (pipeline / baseline)", ours.seconds / base.seconds, "1");
      g_print ("%-34s %12.4f %12s\n", "structure F1 @ IoU 0.6, noisy", mrg_score_f1 (&ours.noisy), "true grid");
      g_print ("%-34s %12.4f %12s\n", "structure F1 @ IoU 0.6, clean", mrg_score_f1 (&ours.clean), "true grid");
      g_print ("%-34s %11.3f%% %11.3f%%\n", "CER, noisy (page-*)", 100 * mrg_score_cer (&ours.noisy),
               100 * mrg_score_cer (&base.noisy));
      g_print ("%-34s %11.3f%% %11.3f%%\n", "CER, clean (clean-*)", 100 * mrg_score_cer (&ours.clean),
               100 * mrg_score_cer (&base.clean));
      g_print ("%-34s %10ld M %10ld M\n", "peak memory (ru_maxrss)", ours_rss / 1024, base_rss / 1024);
      g_print ("(the baseline runs tesseract as installed, OpenMP included; OMP_THREAD_LIMIT=%s)\n",
               g_getenv ("OMP_THREAD_LIMIT") != NULL ? g_getenv ("OMP_THREAD_LIMIT") : "unset");
    }
  if (!no_abp)
    {
      run_abp ();
      run_lectaurep ();
    }
  return 0;
}

/* bench-doubt.c: how many wrong cells doubt flags and how many right ones, and CER with and
 * without a per-column character whitelist, on the synthetic pages
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-doubt [--corpus DIR] [--jobs N] [-v]
 * The six synthetic-typed-ru pages are read by the pipeline; each body cell is matched to the
 * ground-truth cell of highest IoU (≥ 0.6) and called wrong when its text differs (whitespace
 * collapsed, NFC). Doubt is judged three ways: the old rule (confidence below 70, the default
 * threshold), mrg-doubt without a vocabulary, and mrg-doubt with the vocabulary a person would
 * have checked on the other half of the pages. The pages are split in two halves: the
 * thresholds were tuned on the first (page-00, page-02, clean-00) and the second is reported
 * on its own. Then every column is given a whitelist of the characters the ground truth of the
 * tuning half holds there (what checked values teach) and the pages are read again. */

#define G_LOG_DOMAIN "bench-doubt"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>

#include "bench-util.h"
#include "mrg-doubt.h"
#include "mrg-grid-logic.h"
#include "mrg-import.h"
#include "mrg-pipeline.h"
#include "mrg-schema.h"
#include "mrg-score.h"
#include "mrg-store-testing.h"
#include "mrg-store.h"

#define OLD_THRESHOLD 70.0

static const char *pages[] = {
  "page-00", "page-01", "page-02", "page-03", "clean-00", "clean-01",
};
/* the tuning half; the others are the held-out half */
static const char *tune[] = { "page-00", "page-02", "clean-00" };

enum { RULE_OLD, RULE_NO_VOCAB, RULE_NEW, N_RULES };
static const char *rule_names[N_RULES] = {
  "confidence < 70 (old)", "doubt, no vocabulary", "doubt + vocabulary",
};

typedef struct
{
  guint wrong, right, unmatched;
  guint wrong_flagged[N_RULES], right_flagged[N_RULES];
  guint reason_wrong[8], reason_right[8];
  MrgScore score;
} Half;

static char *corpus_dir;
static int jobs;
static gboolean verbose;
static double degrade_factor = 0.3;

static gboolean
is_tune (guint page)
{
  for (guint i = 0; i < G_N_ELEMENTS (tune); i++)
    if (g_str_equal (pages[page], tune[i]))
      return TRUE;
  return FALSE;
}

static GArray *
load_truth (guint page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/synthetic-typed-ru/%s.json", corpus_dir,
                                           pages[page]);
  GArray *truth = mrg_score_load_synthetic (path, &error);

  if (truth == NULL)
    g_error ("%s", error->message);
  return truth;
}

/* What a person would have checked on the pages of the other half: their true body cells. */
static MrgDoubtVocab *
vocab_from_half (gboolean tune_half)
{
  MrgDoubtVocab *vocab = mrg_doubt_vocab_new ();

  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    if (is_tune (p) == tune_half)
      {
        g_autoptr(GArray) truth = load_truth (p);

        for (guint t = 0; t < truth->len; t++)
          {
            MrgScoreCell *tc = &g_array_index (truth, MrgScoreCell, t);

            if (tc->row > 0 && tc->col >= 0 && *tc->text != '\0')
              mrg_doubt_vocab_add (vocab, (guint) tc->col, tc->text, 1);
          }
      }
  return vocab;
}

static MrgScoreCell *
best_truth (GArray       *truth,
            const MrgBox *box)
{
  MrgScoreCell *best = NULL;
  double best_iou = 0.6;

  for (guint t = 0; t < truth->len; t++)
    {
      MrgScoreCell *tc = &g_array_index (truth, MrgScoreCell, t);
      double iou = mrg_score_iou (box, &tc->box);

      if (iou >= best_iou)
        {
          best = tc;
          best_iou = iou;
        }
    }
  return best;
}

static void
judge_table (MrgTable      *table,
             GArray        *truth,
             MrgDoubtVocab *vocab,
             const char    *page,
             Half          *half)
{
  g_autoptr(MrgDoubtVocab) none = mrg_doubt_vocab_new ();
  g_autofree guint *no_vocab = g_new0 (guint, table->rows->len * table->n_cols);

  mrg_doubt_mark_table (table, none);
  for (guint r = 0; r < table->rows->len; r++)
    for (guint c = 0; c < table->n_cols; c++)
      no_vocab[r * table->n_cols + c] = mrg_table_get_cell (table, r, c)->doubt;
  mrg_doubt_mark_table (table, vocab);
  if (verbose)
    {
      g_print ("    %-8s columns:", page);
      for (guint c = 0; c < table->n_cols; c++)
        g_print (" %s (%s)", table->columns[c].name, mrg_column_type_to_string (table->columns[c].type));
      g_print ("\n");
    }

  for (guint r = 0; r < table->rows->len; r++)
    for (guint c = 0; c < table->n_cols; c++)
      {
        MrgTableCell *cell = mrg_table_get_cell (table, r, c);
        MrgScoreCell *tc;
        g_autofree char *got = NULL;
        g_autofree char *want = NULL;
        gboolean flagged[N_RULES];
        gboolean wrong;

        if (cell->id == 0 || mrg_table_get_row (table, r)->header)
          continue;
        tc = best_truth (truth, &cell->box);
        if (tc == NULL || tc->row == 0)
          {
            half->unmatched++;
            continue;
          }
        got = mrg_score_normalise (cell->text);
        want = mrg_score_normalise (tc->text);
        wrong = !g_str_equal (got, want);
        flagged[RULE_OLD] = cell->confidence >= 0 && cell->confidence < OLD_THRESHOLD;
        flagged[RULE_NEW] = mrg_grid_cell_is_doubtful (cell, OLD_THRESHOLD);
        flagged[RULE_NO_VOCAB] = flagged[RULE_OLD] || no_vocab[r * table->n_cols + c] != 0;
        if (wrong)
          half->wrong++;
        else
          half->right++;
        for (guint k = 0; k < N_RULES; k++)
          if (flagged[k])
            {
              if (wrong)
                half->wrong_flagged[k]++;
              else
                half->right_flagged[k]++;
            }
        for (guint bit = 0; bit < 8; bit++)
          if (cell->doubt & (1u << bit))
            {
              if (wrong)
                half->reason_wrong[bit]++;
              else
                half->reason_right[bit]++;
            }
        if (verbose && (wrong || flagged[RULE_NEW]))
          g_print ("    %-8s r%-2u c%u %-5s %-7s conf %3.0f doubt 0x%02x  want «%s» got «%s»\n",
                   page, r, c, wrong ? "WRONG" : "right",
                   flagged[RULE_NEW] ? "flagged" : "-", cell->confidence, cell->doubt, want, got);
      }
}

static void
measure (MrgStore *store,
         GArray   *page_ids,
         gboolean  judge,
         Half      halves[2])
{
  memset (halves, 0, 2 * sizeof (Half));
  for (guint p = 0; p < page_ids->len; p++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) truth = load_truth (p);
      gint64 page_id = g_array_index (page_ids, gint64, p);
      g_autoptr(GArray) predicted = mrg_score_load_store_cells (store, page_id, &error);
      Half *half = &halves[is_tune (p) ? 0 : 1];
      g_autoptr(GPtrArray) tables = NULL;
      g_autoptr(MrgDoubtVocab) vocab = NULL;

      g_assert_no_error (error);
      mrg_score_match (truth, predicted, 0.6, &half->score);
      if (!judge)
        continue;
      tables = mrg_table_load_all (store, page_id, &error);
      g_assert_no_error (error);
      /* each half learns from the other */
      vocab = vocab_from_half (!is_tune (p));
      for (guint t = 0; t < tables->len; t++)
        judge_table (g_ptr_array_index (tables, t), truth, vocab, pages[p], half);
    }
}

static void
print_doubt (const char *what,
             const Half *h)
{
  static const char *reasons[] = {
    "type", "mixed script", "sequence", "odd character", "spelling", "unknown word",
  };

  g_print ("  %s: %u wrong cells, %u right (%u cells matched no true cell)\n", what, h->wrong,
           h->right, h->unmatched);
  for (guint k = 0; k < N_RULES; k++)
    g_print ("    %-24s wrong flagged %3u/%-3u = %5.1f %%   right flagged %3u/%-3u = %5.1f %%\n",
             rule_names[k], h->wrong_flagged[k], h->wrong,
             h->wrong ? 100.0 * h->wrong_flagged[k] / h->wrong : 0, h->right_flagged[k], h->right,
             h->right ? 100.0 * h->right_flagged[k] / h->right : 0);
  for (guint bit = 0; bit < G_N_ELEMENTS (reasons); bit++)
    g_print ("      reason %-14s on %3u wrong, %3u right\n", reasons[bit], h->reason_wrong[bit],
             h->reason_right[bit]);
}

/* Every layout's columns get the types of the ground truth's header. */
static void
set_types (MrgStore *store)
{
  g_autoptr(GArray) truth = load_truth (0);
  g_autoptr(GError) error = NULL;

  for (guint t = 0; t < truth->len; t++)
    {
      MrgScoreCell *tc = &g_array_index (truth, MrgScoreCell, t);
      g_autofree char *sql = NULL;

      if (tc->row != 0)
        continue;
      sql = g_strdup_printf ("UPDATE layout_columns SET type = '%s' WHERE position = %d",
                             mrg_column_type_to_string (mrg_schema_type_from_header (tc->text, NULL)),
                             tc->col);
      if (!mrg_store_exec (store, sql, &error))
        g_error ("%s", error->message);
    }
}

/* Every column gets the characters the tuning half's ground truth holds there. */
static void
set_whitelists (MrgStore *store)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GError) error = NULL;

  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    if (is_tune (p))
      {
        g_autoptr(GArray) truth = load_truth (p);

        for (guint t = 0; t < truth->len; t++)
          {
            MrgScoreCell *tc = &g_array_index (truth, MrgScoreCell, t);

            if (tc->row == 0 || tc->col < 0)
              continue;
            while (seen->len <= (guint) tc->col)
              g_ptr_array_add (seen, g_hash_table_new (NULL, NULL));
            for (const char *s = tc->text; *s != '\0'; s = g_utf8_next_char (s))
              g_hash_table_add (seen->pdata[tc->col], GUINT_TO_POINTER (g_utf8_get_char (s)));
          }
      }
  for (guint c = 0; c < seen->len; c++)
    {
      g_autoptr(GString) list = g_string_new (NULL);
      g_autoptr(GList) chars = g_hash_table_get_keys (seen->pdata[c]);
      g_autofree char *sql = NULL;
      g_autofree char *quoted = NULL;

      for (GList *l = chars; l != NULL; l = l->next)
        if (GPOINTER_TO_UINT (l->data) != '\'')
          g_string_append_unichar (list, GPOINTER_TO_UINT (l->data));
      g_print ("  column %u may hold: «%s»\n", c, list->str);
      sql = g_strdup_printf ("UPDATE layout_columns SET whitelist = '%s' WHERE position = %u",
                             list->str, c);
      if (!mrg_store_exec (store, sql, &error))
        g_error ("%s", error->message);
    }
}

static void
print_cer (const char *what,
           Half        halves[2])
{
  g_print ("  %-22s CER tuning half %.3f %%, held-out half %.3f %%\n", what,
           100 * mrg_score_cer (&halves[0].score), 100 * mrg_score_cer (&halves[1].score));
}

/* A copy of the page that lost detail: scaled down by `factor` and back up to its size, as a
 * poor scan or a photocopy of a photocopy. */
static char *
degrade_page (const char *dir,
              const char *path,
              double      factor)
{
  g_autofree char *base = g_path_get_basename (path);
  char *out = g_build_filename (dir, base, NULL);
  PIX *pix = pixRead (path);
  PIX *small, *back;

  if (pix == NULL)
    g_error ("%s could not be read", path);
  small = pixScale (pix, (float) factor, (float) factor);
  back = pixScaleToSize (small, pixGetWidth (pix), pixGetHeight (pix));
  if (back == NULL || pixWrite (out, back, IFF_JFIF_JPEG) != 0)
    g_error ("%s could not be written", out);
  pixDestroy (&pix);
  pixDestroy (&small);
  pixDestroy (&back);
  return out;
}

static void
run_variant (const char *label,
             double      degrade)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) page_ids = NULL;
  MrgPipelineOptions options = { NULL, (guint) jobs };
  MrgImportResult imported;
  Half plain[2], listed[2];

  dir = g_dir_make_tmp ("bench-doubt-XXXXXX", &error);
  g_assert_no_error (error);
  project = g_build_filename (dir, "bench.muragat", NULL);
  store = mrg_store_open (project, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/synthetic-typed-ru/%s.jpg", corpus_dir,
                                               pages[i]);

      g_ptr_array_add (paths, degrade < 1 ? degrade_page (dir, path, degrade) : g_strdup (path));
    }
  g_ptr_array_add (paths, NULL);
  if (!mrg_import_files (store, (const char * const *) paths->pdata, 300, NULL,
                         &imported, &error))
    g_error ("import: %s", error->message);
  page_ids = mrg_pipeline_list_pages (store, &error);
  g_assert_no_error (error);

  g_print ("Doubt on synthetic-typed-ru, %s (tuned on page-00, page-02, clean-00):\n", label);
  /* A person gives the columns their types once (a poor header reads as nothing); the pages
   * are read again with them. */
  for (guint run = 0; run < 2; run++)
    {
      if (!mrg_pipeline_run (store, (gint64 *) page_ids->data, page_ids->len, &options, NULL,
                             NULL, &error))
        g_error ("pipeline: %s", error->message);
      if (run == 0)
        set_types (store);
    }
  measure (store, page_ids, TRUE, plain);
  print_doubt ("tuning half", &plain[0]);
  print_doubt ("held-out half", &plain[1]);

  g_print ("Whitelist of the characters of the tuning half's values of each column, %s:\n", label);
  set_whitelists (store);
  if (!mrg_pipeline_run (store, (gint64 *) page_ids->data, page_ids->len, &options, NULL, NULL,
                         &error))
    g_error ("pipeline: %s", error->message);
  measure (store, page_ids, FALSE, listed);
  print_cer ("without whitelist", plain);
  print_cer ("with whitelist", listed);

  g_clear_object (&store);
  mrg_store_remove_file (project);
  for (guint i = 0; degrade < 1 && paths->pdata[i] != NULL; i++)
    g_unlink (paths->pdata[i]);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *corpus_option = NULL;
  const GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus_option, "The corpus folder", "DIR" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "OCR threads (0: one per core)", "N" },
    { "degrade", 'd', 0, G_OPTION_ARG_DOUBLE, &degrade_factor,
      "Also read the pages scaled down by F and back (default 0.3; 1: not)", "F" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Every wrong or flagged cell", NULL },
    { NULL }
  };

  if (!bench_parse_options (NULL, entries, &argc, &argv))
    return 1;
  corpus_dir = bench_corpus_dir (corpus_option);
  run_variant ("as scanned", 1);
  if (degrade_factor > 0 && degrade_factor < 1)
    {
      g_autofree char *label = g_strdup_printf ("degraded (scaled to %.0f %% and back)",
                                                100 * degrade_factor);

      run_variant (label, degrade_factor);
    }
  return 0;
}

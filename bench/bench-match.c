/* bench-match.c: recall and speed of name matching on generated name variants, beside a baseline
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs bench/name-variants.py (python3) to build the sets, then for each prints recall@1 and
 * recall@5 of mrg_match (and, on the smaller sets, of the baseline: plain Levenshtein distance
 * between ICU-transliterated lower-case strings, every candidate scanned) and the time taken.
 *
 *   ./build/bench/bench-match [--threads N] [--keep DIR] [--quick]
 */

#define G_LOG_DOMAIN "bench-match"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "mrg-match.h"
#include "mrg-names.h"

/* Candidates asked of each query: recall@5 is whether the truth is among them. */
#define TOP 5

typedef struct
{
  GPtrArray *candidates;   /* char * */
  GPtrArray *queries;      /* char * */
  GPtrArray *kinds;        /* char * */
  GArray *truth;           /* guint */
} Set;

static void
set_clear (Set *set)
{
  g_clear_pointer (&set->candidates, g_ptr_array_unref);
  g_clear_pointer (&set->queries, g_ptr_array_unref);
  g_clear_pointer (&set->kinds, g_ptr_array_unref);
  g_clear_pointer (&set->truth, g_array_unref);
}

static char **
read_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s", error->message);
  return g_strsplit (contents, "\n", -1);
}

static void
generate (const char *dir,
          const char *what,
          int         candidates,
          int         queries,
          int         seed,
          const char *langs,
          Set        *set)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (dir, what, NULL);
  g_autofree char *n_candidates = g_strdup_printf ("%d", candidates);
  g_autofree char *n_queries = g_strdup_printf ("%d", queries);
  g_autofree char *seed_text = g_strdup_printf ("%d", seed);
  g_autofree char *cand_path = g_build_filename (out, "candidates.tsv", NULL);
  g_autofree char *query_path = g_build_filename (out, "queries.tsv", NULL);
  g_auto(GStrv) cand_lines = NULL;
  g_auto(GStrv) query_lines = NULL;
  const char *argv[] = {
    "python3", NAME_VARIANTS_SCRIPT, "--candidates", n_candidates, "--queries", n_queries,
    "--seed", seed_text, "--langs", langs, "--out", out, NULL
  };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("name-variants.py: %s", error->message);

  set->candidates = g_ptr_array_new_with_free_func (g_free);
  set->queries = g_ptr_array_new_with_free_func (g_free);
  set->kinds = g_ptr_array_new_with_free_func (g_free);
  set->truth = g_array_new (FALSE, FALSE, sizeof (guint));

  cand_lines = read_lines (cand_path);
  for (guint i = 0; cand_lines[i] != NULL; i++)
    {
      char *tab = strchr (cand_lines[i], '\t');

      if (tab != NULL)
        g_ptr_array_add (set->candidates, g_strdup (tab + 1));
    }
  query_lines = read_lines (query_path);
  for (guint i = 0; query_lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (query_lines[i], "\t", 3);
      guint truth;

      if (g_strv_length (fields) != 3)
        continue;
      truth = (guint) g_ascii_strtoull (fields[0], NULL, 10);
      g_array_append_val (set->truth, truth);
      g_ptr_array_add (set->kinds, g_strdup (fields[1]));
      g_ptr_array_add (set->queries, g_strdup (fields[2]));
    }
}

/* CPU seconds of every thread so far: on a shared machine wall time depends on the others. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* ---- the baseline --------------------------------------------------------------------------- */

static guint
levenshtein (const char *a,
             guint       la,
             const char *b,
             guint       lb,
             guint      *row)
{
  for (guint j = 0; j <= lb; j++)
    row[j] = j;
  for (guint i = 1; i <= la; i++)
    {
      guint diag = row[0];

      row[0] = i;
      for (guint j = 1; j <= lb; j++)
        {
          guint up = row[j];
          guint v = diag + (a[i - 1] != b[j - 1]);

          v = MIN (v, up + 1);
          v = MIN (v, row[j - 1] + 1);
          row[j] = v;
          diag = up;
        }
    }
  return row[lb];
}

/* Best k candidates by 1 − distance / longer length on transliterated strings. */
static void
baseline_query (char       **cand_latin,
                guint        n_cand,
                const char  *query,
                guint        k,
                guint       *out)
{
  g_autofree char *q = mrg_names_to_latin (query);
  guint lq = strlen (q);
  double best_score[8];
  guint n_best = 0;
  guint row[256];

  for (guint c = 0; c < n_cand; c++)
    {
      guint lc = MIN (strlen (cand_latin[c]), 255);
      guint d = levenshtein (q, MIN (lq, 255), cand_latin[c], lc, row);
      double s = 1.0 - (double) d / MAX (MAX (lq, lc), 1);
      guint pos;

      if (n_best == k && s <= best_score[k - 1])
        continue;
      pos = n_best < k ? n_best : k - 1;
      while (pos > 0 && best_score[pos - 1] < s)
        {
          best_score[pos] = best_score[pos - 1];
          out[pos] = out[pos - 1];
          pos--;
        }
      best_score[pos] = s;
      out[pos] = c;
      if (n_best < k)
        n_best++;
    }
  for (guint i = n_best; i < k; i++)
    out[i] = G_MAXUINT;
}

/* ---- reporting ------------------------------------------------------------------------------ */

typedef struct
{
  guint n;
  guint at1;
  guint at5;
} Tally;

static void
tally_add (GHashTable *by_kind,
           const char *kind,
           gboolean    at1,
           gboolean    at5)
{
  Tally *t = g_hash_table_lookup (by_kind, kind);

  if (t == NULL)
    {
      t = g_new0 (Tally, 1);
      g_hash_table_insert (by_kind, g_strdup (kind), t);
    }
  t->n++;
  t->at1 += at1;
  t->at5 += at5;
}

static void
print_tallies (GHashTable *by_kind)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (by_kind), (GCompareFunc) strcmp);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      Tally *t = g_hash_table_lookup (by_kind, l->data);

      printf ("      %-14s n=%5u  recall@1 %.3f  recall@5 %.3f\n", (char *) l->data, t->n,
              (double) t->at1 / t->n, (double) t->at5 / t->n);
    }
}

/* The first part of a kind (the language), and whether noise was added. */
static void
kind_groups (const char *kind,
             char       *lang,
             gsize       lang_size,
             char       *noise,
             gsize       noise_size)
{
  const char *plus = strchr (kind, '+');

  g_strlcpy (lang, kind, MIN (lang_size, plus != NULL ? (gsize) (plus - kind) + 1 : lang_size));
  if (strstr (kind, "initial") != NULL)
    g_strlcpy (noise, "initial", noise_size);
  else if (strstr (kind, "ocr+slip") != NULL)
    g_strlcpy (noise, "ocr+slip", noise_size);
  else if (strstr (kind, "ocr") != NULL)
    g_strlcpy (noise, "ocr", noise_size);
  else if (strstr (kind, "slip") != NULL)
    g_strlcpy (noise, "slip", noise_size);
  else
    g_strlcpy (noise, "clean", noise_size);
}

/* Every query of a set asked of an index, TOP hits at the most each. */
typedef struct
{
  MrgMatchHit *hits;     /* query q's from hits[q * TOP] */
  guint *n_hits;
  double seconds;        /* wall and CPU time the queries took */
  double cpu_seconds;
  guint at1;             /* queries whose true candidate is the first hit */
  guint at5;             /* queries whose true candidate is among the hits */
} Answers;

static void
answers_clear (Answers *answers)
{
  g_free (answers->hits);
  g_free (answers->n_hits);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answers, answers_clear)

/* Whether query q's true candidate is its first hit, and whether it is among its hits. */
static void
score_query (const Set     *set,
             const Answers *answers,
             guint          q,
             gboolean      *hit1,
             gboolean      *hit5)
{
  guint truth = g_array_index (set->truth, guint, q);
  const MrgMatchHit *hits = &answers->hits[(gsize) q * TOP];

  *hit1 = answers->n_hits[q] > 0 && hits[0].candidate == truth;
  *hit5 = FALSE;
  for (guint h = 0; h < answers->n_hits[q]; h++)
    if (hits[h].candidate == truth)
      *hit5 = TRUE;
}

static void
answer_queries (Answers       *answers,
                MrgMatchIndex *index,
                const Set     *set,
                guint          n_threads)
{
  g_autoptr(GTimer) timer = NULL;
  guint n_q = set->queries->len;

  answers->hits = g_new0 (MrgMatchHit, (gsize) n_q * TOP);
  answers->n_hits = g_new0 (guint, n_q);
  timer = g_timer_new ();
  answers->cpu_seconds = cpu_seconds ();
  mrg_match_index_query_many (index, (const char * const *) set->queries->pdata, n_q, TOP,
                              n_threads, answers->hits, answers->n_hits);
  answers->seconds = g_timer_elapsed (timer, NULL);
  answers->cpu_seconds = cpu_seconds () - answers->cpu_seconds;
  for (guint q = 0; q < n_q; q++)
    {
      gboolean hit1, hit5;

      score_query (set, answers, q, &hit1, &hit5);
      answers->at1 += hit1;
      answers->at5 += hit5;
    }
}

static void
run_set (const char *title,
         Set        *set,
         guint       n_threads,
         gboolean    baseline,
         gboolean    details)
{
  g_autoptr(MrgMatchIndex) index = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GHashTable) by_lang = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) by_noise = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(Answers) answers = { 0 };
  guint n_q = set->queries->len;
  double t_index;

  printf ("\n%s: %u queries × %u candidates, %u thread(s)\n", title, n_q, set->candidates->len,
          n_threads);

  g_timer_start (timer);
  index = mrg_match_index_new ((const char * const *) set->candidates->pdata,
                               set->candidates->len);
  t_index = g_timer_elapsed (timer, NULL);

  answer_queries (&answers, index, set, n_threads);
  for (guint q = 0; q < n_q; q++)
    {
      gboolean hit1, hit5;
      char lang[16];
      char noise[16];

      score_query (set, &answers, q, &hit1, &hit5);
      kind_groups (g_ptr_array_index (set->kinds, q), lang, sizeof lang, noise, sizeof noise);
      tally_add (by_lang, lang, hit1, hit5);
      tally_add (by_noise, noise, hit1, hit5);
    }

  printf ("  mrg_match   recall@1 %.3f  recall@5 %.3f   index %.2f s, queries %.2f s "
          "(%.1f µs/query; %.2f s CPU), total %.2f s\n",
          (double) answers.at1 / n_q, (double) answers.at5 / n_q, t_index, answers.seconds,
          answers.seconds * 1e6 / n_q, answers.cpu_seconds, t_index + answers.seconds);
  if (details)
    {
      printf ("    by language:\n");
      print_tallies (by_lang);
      printf ("    by noise:\n");
      print_tallies (by_noise);
    }

  if (baseline)
    {
      g_autofree char **latin = g_new0 (char *, set->candidates->len + 1);
      guint b1 = 0;
      guint b5 = 0;
      guint best[TOP];

      g_timer_start (timer);
      for (guint c = 0; c < set->candidates->len; c++)
        latin[c] = mrg_names_to_latin (g_ptr_array_index (set->candidates, c));
      for (guint q = 0; q < n_q; q++)
        {
          guint truth = g_array_index (set->truth, guint, q);

          baseline_query (latin, set->candidates->len, g_ptr_array_index (set->queries, q), TOP,
                          best);
          b1 += best[0] == truth;
          for (guint h = 0; h < TOP; h++)
            if (best[h] == truth)
              b5++;
        }
      printf ("  baseline    recall@1 %.3f  recall@5 %.3f   %.2f s (Levenshtein on ICU Latin, "
              "every candidate, 1 thread)\n",
              (double) b1 / n_q, (double) b5 / n_q, g_timer_elapsed (timer, NULL));
      for (guint c = 0; c < set->candidates->len; c++)
        g_free (latin[c]);
    }
}

/* Recall of the shortlist against scoring every candidate: what the index costs. */
static void
run_exhaustive (Set *set)
{
  g_autoptr(MrgMatchIndex) index = mrg_match_index_new ((const char * const *) set->candidates->pdata,
                                                        set->candidates->len);
  g_auto(Answers) answers = { 0 };
  guint n_q = set->queries->len;

  mrg_match_index_set_shortlist (index, 0);
  answer_queries (&answers, index, set, 2);
  printf ("  no shortlist recall@1 %.3f  recall@5 %.3f   %.2f s (every candidate scored)\n",
          (double) answers.at1 / n_q, (double) answers.at5 / n_q, answers.seconds);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *dir = NULL;
  int threads = 2;
  gboolean quick = FALSE;
  const GOptionEntry entries[] = {
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "Threads for matching (default 2)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Write the generated sets into DIR", "DIR" },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Skip the 100,000 × 10,000 run", NULL },
    { NULL }
  };
  const char *seen = "ru,kk,en,fr,de,pl,no";
  const char *unseen = "sv,hu";
  const char *all = "ru,kk,en,fr,de,pl,no,sv,hu";
  Set set = { 0 };

  if (!bench_parse_options (NULL, entries, &argc, &argv))
    return 2;

  dir = keep != NULL ? g_strdup (keep) : g_dir_make_tmp ("bench-match-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);

  printf ("Name matching on generated variants (bench/name-variants.py).\n"
          "Candidates are Kazakh names as Russian lists write them; each query is one of them as\n"
          "another list writes it. Seed 1 with the conventions the matcher was written for;\n"
          "seed 2 with held-out Swedish and Hungarian conventions; seed 3 with all of them.\n");

  generate (dir, "seen", 5000, 2000, 1, seen, &set);
  run_set ("seed 1, languages the rules know (ru kk en fr de pl no)", &set, threads, TRUE, TRUE);
  run_exhaustive (&set);
  set_clear (&set);

  generate (dir, "unseen", 5000, 2000, 2, unseen, &set);
  run_set ("seed 2, held-out conventions (sv hu)", &set, threads, TRUE, TRUE);
  set_clear (&set);

  generate (dir, "all", 5000, 2000, 3, all, &set);
  run_set ("seed 3, all conventions", &set, threads, TRUE, TRUE);
  set_clear (&set);

  generate (dir, "timing-300", 5000, 300, 5, all, &set);
  run_set ("timing: 300 × 5,000 (seed 5, all conventions)", &set, threads, TRUE, FALSE);
  set_clear (&set);

  if (!quick)
    {
      generate (dir, "timing-100k", 10000, 100000, 4, all, &set);
      run_set ("timing: 100,000 × 10,000 (seed 4, all conventions; baseline skipped: "
               "10⁹ comparisons)", &set, threads, FALSE, FALSE);
      set_clear (&set);
    }

  {
    g_autofree char *load = NULL;

    /* wall times above depend on what else the machine runs */
    double one;
    double five;
    double fifteen;

    if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL) &&
        sscanf (load, "%lf %lf %lf", &one, &five, &fifteen) == 3)
      printf ("\nload average (1, 5, 15 min): %.2f %.2f %.2f on %u processors\n", one, five,
              fifteen, g_get_num_processors ());
  }
  printf ("peak memory %.0f MB\n", peak_rss_mb ());

  if (keep == NULL)
    {
      const char *parts[] = { "seen", "unseen", "all", "timing-300", "timing-100k" };

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          g_autofree char *sub = g_build_filename (dir, parts[i], NULL);
          g_autofree char *c = g_build_filename (sub, "candidates.tsv", NULL);
          g_autofree char *q = g_build_filename (sub, "queries.tsv", NULL);

          g_unlink (c);
          g_unlink (q);
          g_rmdir (sub);
        }
      g_rmdir (dir);
    }
  return 0;
}

/* bench-spread.c: the OCR pipeline on a 40-megapixel register spread, wall time and peak memory
 * beside whole-page tesseract on the same image, each in a child process
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-spread [--corpus DIR] [--image FILE] [--runs N] [--jobs N] [--lang L]
 * The pipeline run is the CLI's `ocr` on a project holding the one page (imported beforehand,
 * not timed): decode, prepare, grid, cell OCR, store. The baseline is `tesseract IMAGE - -l L`
 * as installed. Medians of N runs (3 by default) of each, alternated so that a change in the
 * machine's load falls on both. */

#define G_LOG_DOMAIN "bench-spread"

#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench-util.h"
#include "mrg-import.h"
#include "mrg-ocr.h"
#include "mrg-pipeline.h"
#include "mrg-store.h"
#include "mrg-store-testing.h"

#define DEFAULT_IMAGE "lectaurep-mariages-divorces/FRAN_0187_49914_L.jpg"

typedef struct
{
  double seconds;     /* wall */
  double cpu;         /* user + system */
  long max_rss_kb;
  gboolean ok;
} Measure;

/* One method's figures, a run each. */
typedef struct
{
  double *wall;
  double *cpu;
  double *rss_mb;
} Series;

static void
series_init (Series *series,
             int     runs)
{
  series->wall = g_new (double, runs);
  series->cpu = g_new (double, runs);
  series->rss_mb = g_new (double, runs);
}

static void
series_set (Series        *series,
            int            run,
            const Measure *m)
{
  series->wall[run] = m->seconds;
  series->cpu[run] = m->cpu;
  series->rss_mb[run] = m->max_rss_kb / 1024.0;
}

static void
series_clear (Series *series)
{
  g_free (series->wall);
  g_free (series->cpu);
  g_free (series->rss_mb);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Series, series_clear)

typedef int (*ChildFunc) (gpointer data);

static char *lang;
static int jobs;

/* Runs `func` in a child forked from this small process (no leptonica image, no tesseract
 * engine, no thread yet), so that the child's peak resident memory is the pipeline's own. */
static Measure
measure (ChildFunc func,
         gpointer  data)
{
  Measure m = { 0 };
  struct rusage ru;
  gint64 start = g_get_monotonic_time ();
  int status = 0;
  pid_t pid;

  fflush (NULL);
  pid = fork ();
  if (pid == 0)
    _exit (func (data));
  if (pid < 0 || wait4 (pid, &status, 0, &ru) != pid)
    g_error ("could not run a child process");
  m.seconds = (g_get_monotonic_time () - start) / 1e6;
  m.cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec
          + ru.ru_stime.tv_usec / 1e6;
  m.max_rss_kb = ru.ru_maxrss;
  m.ok = WIFEXITED (status) && WEXITSTATUS (status) == 0;
  return m;
}

static int
import_child (gpointer data)
{
  const char **paths = data;   /* project, image */
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = mrg_store_open (paths[0], MRG_STORE_OPEN_CREATE, &error);
  const char *images[] = { paths[1], NULL };
  MrgImportResult result;

  if (store == NULL || !mrg_import_files (store, images, 300, NULL, &result, &error))
    {
      g_printerr ("bench-spread: %s\n", error->message);
      return 1;
    }
  return 0;
}

static int
pipeline_child (gpointer data)
{
  const char *project = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GArray) pages = NULL;
  MrgPipelineOptions options = { lang, (guint) MAX (jobs, 0) };
  gint64 tables, cells;

  mrg_core_init ();
  store = mrg_store_open (project, MRG_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    pages = mrg_pipeline_list_pages (store, &error);
  if (pages == NULL
      || !mrg_pipeline_run (store, (gint64 *) pages->data, pages->len, &options, NULL, NULL,
                            &error))
    {
      g_printerr ("bench-spread: %s\n", error->message);
      return 1;
    }
  {
    g_autoptr(sqlite3_stmt) stmt = mrg_store_prepare (store,
                                                      "SELECT (SELECT count(*) FROM tables),"
                                                      " (SELECT count(*) FROM cells)", &error);

    if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
      return 1;
    tables = sqlite3_column_int64 (stmt, 0);
    cells = sqlite3_column_int64 (stmt, 1);
  }
  g_print ("    pipeline: %" G_GINT64_FORMAT " tables, %" G_GINT64_FORMAT " cells\n", tables,
           cells);
  /* the child leaves through _exit, which flushes nothing */
  fflush (stdout);
  return 0;
}

static int
tesseract_child (gpointer data)
{
  const char *image = data;
  int null = open ("/dev/null", O_WRONLY);

  /* the text and tesseract's own messages are not the point here */
  if (null >= 0)
    {
      dup2 (null, STDOUT_FILENO);
      dup2 (null, STDERR_FILENO);
    }
  execlp ("tesseract", "tesseract", image, "-", "-l", lang, (char *) NULL);
  _exit (127);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *corpus = NULL;
  g_autofree char *image = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *run = NULL;
  g_autoptr(GError) error = NULL;
  int runs = 3;
  GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus, "Corpus folder", "DIR" },
    { "image", 0, 0, G_OPTION_ARG_FILENAME, &image, "The spread (default: a lectaurep one)",
      "FILE" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each method (median quoted)", "N" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &jobs, "OCR worker threads (0: one per core)", "N" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, "OCR languages, for both methods", "L" },
    { NULL },
  };
  g_auto(Series) pipeline = { 0 };
  g_auto(Series) tesseract = { 0 };
  const char *import_args[2];
  g_autofree char *load = NULL;
  double one, five, fifteen;

  if (!bench_parse_options ("- OCR of a register spread", entries, &argc, &argv))
    return 2;
  runs = CLAMP (runs, 1, 20);
  if (lang == NULL)
    lang = g_strdup (MRG_OCR_DEFAULT_LANG);
  if (image == NULL)
    {
      g_autofree char *folder = bench_corpus_dir (corpus);

      image = g_build_filename (folder, DEFAULT_IMAGE, NULL);
    }
  if (!g_file_test (image, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("bench-spread: %s: no such image\n", image);
      return 2;
    }

  dir = g_dir_make_tmp ("bench-spread-XXXXXX", &error);
  g_assert_no_error (error);
  base = g_build_filename (dir, "base.muragat", NULL);
  run = g_build_filename (dir, "run.muragat", NULL);
  import_args[0] = base;
  import_args[1] = image;
  if (!measure (import_child, import_args).ok)
    return 1;

  g_print ("%s, %d runs each, %u processors, lang %s\n", image, runs, g_get_num_processors (),
           lang);
  series_init (&pipeline, runs);
  series_init (&tesseract, runs);
  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GFile) from = g_file_new_for_path (base);
      g_autoptr(GFile) to = g_file_new_for_path (run);
      Measure p, t;

      /* every run starts from the freshly imported project: no stored grid, skew unknown */
      if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
        g_error ("%s", error->message);
      p = measure (pipeline_child, run);
      t = measure (tesseract_child, image);
      if (!p.ok || !t.ok)
        {
          g_printerr ("bench-spread: the %s failed\n", !p.ok ? "pipeline" : "tesseract baseline");
          return 1;
        }
      g_print ("  run %d: pipeline %.2f s (cpu %.2f s) %.0f MB;  tesseract %.2f s (cpu %.2f s) %.0f MB\n",
               i + 1, p.seconds, p.cpu, p.max_rss_kb / 1024.0, t.seconds, t.cpu,
               t.max_rss_kb / 1024.0);
      series_set (&pipeline, i, &p);
      series_set (&tesseract, i, &t);
    }

  {
    double pw = bench_median (pipeline.wall, runs), tw = bench_median (tesseract.wall, runs);
    double pr = bench_median (pipeline.rss_mb, runs), tr = bench_median (tesseract.rss_mb, runs);

    g_print ("\n%-36s %12s %12s\n", "", "pipeline", "tesseract");
    g_print ("%-36s %12.2f %12.2f\n", "wall seconds (median)", pw, tw);
    g_print ("%-36s %12.2f %12.2f\n", "cpu seconds (median)", bench_median (pipeline.cpu, runs),
             bench_median (tesseract.cpu, runs));
    g_print ("%-36s %10.0f M %10.0f M\n", "peak memory (ru_maxrss, median)", pr, tr);
    g_print ("%-36s %12.2f %12d\n", "wall ratio (pipeline / tesseract)", pw / tw, 1);
    g_print ("%-36s %12.2f %12d\n", "memory ratio", pr / tr, 1);
  }
  if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL)
      && sscanf (load, "%lf %lf %lf", &one, &five, &fifteen) == 3)
    g_print ("load average (1, 5, 15 min): %.2f %.2f %.2f\n", one, five, fifteen);
  g_print ("(the pipeline reads every cell of the tables it finds, tesseract the whole page once;\n"
           " tesseract as installed, OpenMP included)\n");

  /* the projects and whatever SQLite left beside them */
  mrg_remove_dir_of_files (dir);
  g_free (lang);
  return 0;
}

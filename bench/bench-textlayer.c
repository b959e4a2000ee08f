/* bench-textlayer.c: tables of born-digital PDFs read through their text layer, against tabula's
 * expected CSV and beside `pdftotext -layout`, same pages, same run
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-textlayer [--corpus DIR] [--lang L] [--verbose]
 * For each PDF of tabula-java-pdf-csv: import it into a fresh project (mrg_import_files, 300 dpi),
 * run the pipeline on the page its README names, take the cells the store holds whose centre
 * lies in the README's area (PDF points → page pixels), and score them against the CSV:
 * rows and columns are aligned in order (mrg_score_table_compare), "share" is the share of the
 * expected non-empty cells whose aligned cell holds exactly the same text (whitespace collapsed,
 * NFC), CER is over the expected non-empty cells that were aligned. The baseline is
 * `pdftotext -layout` of the same page and area, each line split into columns at runs of two or
 * more spaces, scored the same way. A third line scores the pipeline's grid for unruled text
 * layers (mrg_pipeline_grid_from_text_layer) alone on the words of the area (tabula's "stream",
 * as if the page had no rules), cells filled by word centre. */

#define G_LOG_DOMAIN "bench-textlayer"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "mrg-grid.h"
#include "mrg-import.h"
#include "mrg-pipeline.h"
#include "mrg-score-table.h"
#include "mrg-store.h"
#include "mrg-store-testing.h"

typedef struct
{
  const char *name;
  int page;
  double top, left, bottom, right;   /* PDF points; all 0 for the whole page */
  const char *method;
  gboolean json;
} TabulaFile;

/* As tabula-java-pdf-csv/README.md gives them. */
static const TabulaFile files[] = {
  { "argentina_diputados_voting_record", 1, 269.875, 12.75, 790.5, 561, "stream", TRUE },
  { "frx_2012_disclosure", 1, 53.0, 49.0, 735.0, 550.0, "lattice", FALSE },
  { "schools", 1, 53.74, 16.97, 548.74, 762.3, "lattice", TRUE },
  { "spanning_cells", 1, 0, 0, 0, 0, "lattice", TRUE },
  { "twotables", 1, 0, 0, 0, 0, "lattice", TRUE },
  { "Publication_of_award_of_Bids_for_Transport_Sector__August_2016", 1, 56.925, 24.255, 549.945,
    786.555, "lattice", FALSE },
};

#define DPI 300.0

static char *corpus_dir;
static char *lang;
static gboolean verbose;

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static gboolean
whole_page (const TabulaFile *file)
{
  return file->right <= file->left;
}

typedef struct
{
  MrgBox box;
  const char *text;
} Word;

static int
compare_word_order (gconstpointer a,
                    gconstpointer b)
{
  const MrgBox *x = &((const Word *) a)->box, *y = &((const Word *) b)->box;
  int overlap = MIN (x->y2, y->y2) - MAX (x->y1, y->y1);

  if (overlap * 2 >= MIN (x->y2 - x->y1, y->y2 - y->y1))
    return (x->x1 > y->x1) - (x->x1 < y->x1);
  return (x->y1 > y->y1) - (x->y1 < y->y1);
}

/* The pipeline's grid for a text layer without rules (mrg_pipeline_grid_from_text_layer) on the
 * words in the area, as if the page had no rules (what tabula calls "stream"), cells filled
 * with the words whose centre they hold. */
static GPtrArray *
stream_table (MrgStore     *store,
              gint64        page_id,
              const MrgBox *area,
              double       *seconds)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (MrgBox));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) table = mrg_score_table_new ();
  g_autoptr(MrgGrid) grid = NULL;
  g_autoptr(GError) error = NULL;
  double start = now ();

  stmt = mrg_store_prepare (store, "SELECT x1, y1, x2, y2, text FROM page_words WHERE page_id = ?"
                            " ORDER BY id", &error);
  if (stmt == NULL)
    g_error ("%s", error->message);
  sqlite3_bind_int64 (stmt, 1, page_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MrgBox b = { sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
                   sqlite3_column_int (stmt, 2), sqlite3_column_int (stmt, 3) };
      int cx = (b.x1 + b.x2) / 2, cy = (b.y1 + b.y2) / 2;

      if (area != NULL && (cx < area->x1 || cx >= area->x2 || cy < area->y1 || cy >= area->y2))
        continue;
      g_array_append_val (boxes, b);
      g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (stmt, 4)));
    }
  grid = mrg_pipeline_grid_from_text_layer ((MrgBox *) boxes->data, boxes->len);
  for (guint r = 0; grid != NULL && r < mrg_grid_get_n_rows (grid); r++)
    {
      GPtrArray *row = mrg_score_table_add_row (table);

      for (guint c = 0; c < mrg_grid_get_n_cols (grid); c++)
        {
          g_autoptr(GArray) inside = g_array_new (FALSE, FALSE, sizeof (Word));
          GString *text = g_string_new (NULL);
          MrgBox cell;

          mrg_grid_get_cell (grid, r, c, &cell);
          for (guint i = 0; i < boxes->len; i++)
            {
              MrgBox *b = &g_array_index (boxes, MrgBox, i);
              int cx = (b->x1 + b->x2) / 2, cy = (b->y1 + b->y2) / 2;
              Word w = { *b, g_ptr_array_index (texts, i) };

              if (cx >= cell.x1 && cx < cell.x2 && cy >= cell.y1 && cy < cell.y2)
                g_array_append_val (inside, w);
            }
          g_array_sort (inside, compare_word_order);
          for (guint k = 0; k < inside->len; k++)
            g_string_append_printf (text, "%s%s", k > 0 ? " " : "",
                                    g_array_index (inside, Word, k).text);
          g_ptr_array_add (row, g_string_free (text, FALSE));
        }
    }
  *seconds = now () - start;
  return g_steal_pointer (&table);
}

/* The pipeline's table in the file's area; *seconds is the time of mrg_pipeline_run alone.
 * *stream is the table of mrg_grid_from_words alone on the same page. */
static GPtrArray *
run_pipeline (const TabulaFile *file,
              double           *seconds,
              GPtrArray       **stream,
              double           *stream_seconds)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-textlayer-XXXXXX", &error);
  g_autofree char *project = g_build_filename (dir, "bench.muragat", NULL);
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", corpus_dir, file->name);
  const char *paths[] = { pdf, NULL };
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GPtrArray) found = NULL;
  MrgPipelineOptions options = { lang, 0 };
  MrgImportResult imported;
  gint64 page_id;
  double start;
  const double scale = DPI / 72.0;
  MrgBox area = { (int) (file->left * scale), (int) (file->top * scale),
                  (int) (file->right * scale) + 1, (int) (file->bottom * scale) + 1 };

  if (dir == NULL)
    g_error ("temporary folder: %s", error->message);
  store = mrg_store_open (project, MRG_STORE_OPEN_CREATE, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (!mrg_import_files (store, paths, DPI, NULL, &imported, &error))
    g_error ("import: %s", error->message);
  pages = mrg_pipeline_list_pages (store, &error);
  if (pages == NULL || pages->len < (guint) file->page)
    g_error ("%s: no page %d", pdf, file->page);
  page_id = g_array_index (pages, gint64, file->page - 1);

  start = now ();
  if (!mrg_pipeline_run (store, &page_id, 1, &options, NULL, NULL, &error))
    g_error ("pipeline: %s", error->message);
  *seconds = now () - start;

  found = mrg_score_table_from_store (store, page_id, whole_page (file) ? NULL : &area, &error);
  if (found == NULL)
    g_error ("%s", error->message);
  *stream = stream_table (store, page_id, whole_page (file) ? NULL : &area, stream_seconds);
  g_clear_object (&store);
  mrg_store_remove_file (project);
  g_rmdir (dir);
  return g_steal_pointer (&found);
}

/* `pdftotext -layout` of the page (cropped to the area at 72 dpi, so in points), lines split at
 * runs of two or more spaces. */
static GPtrArray *
run_baseline (const TabulaFile *file,
              double           *seconds)
{
  g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", corpus_dir, file->name);
  g_autofree char *page = g_strdup_printf ("%d", file->page);
  g_autofree char *x = g_strdup_printf ("%d", (int) file->left);
  g_autofree char *y = g_strdup_printf ("%d", (int) file->top);
  g_autofree char *w = g_strdup_printf ("%d", (int) (file->right - file->left + 1.5));
  g_autofree char *h = g_strdup_printf ("%d", (int) (file->bottom - file->top + 1.5));
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) table = mrg_score_table_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GRegex) gap = g_regex_new ("  +", 0, 0, NULL);
  int status;
  double start = now ();

  g_ptr_array_add (argv, (char *) "pdftotext");
  g_ptr_array_add (argv, (char *) "-layout");
  g_ptr_array_add (argv, (char *) "-enc");
  g_ptr_array_add (argv, (char *) "UTF-8");
  g_ptr_array_add (argv, (char *) "-f");
  g_ptr_array_add (argv, page);
  g_ptr_array_add (argv, (char *) "-l");
  g_ptr_array_add (argv, page);
  if (!whole_page (file))
    {
      const char *crop[] = { "-r", "72", "-x", x, "-y", y, "-W", w, "-H", h };

      for (guint i = 0; i < G_N_ELEMENTS (crop); i++)
        g_ptr_array_add (argv, (char *) crop[i]);
    }
  g_ptr_array_add (argv, pdf);
  g_ptr_array_add (argv, (char *) "-");
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("pdftotext (poppler-utils): %s", error->message);
  *seconds = now () - start;

  lines = g_strsplit_set (out, "\n\f", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_auto(GStrv) fields = NULL;
      GPtrArray *row;

      if (*line == '\0')
        continue;
      fields = g_regex_split (gap, line, 0);
      row = mrg_score_table_add_row (table);
      for (guint k = 0; fields[k] != NULL; k++)
        g_ptr_array_add (row, g_strdup (fields[k]));
    }
  return g_steal_pointer (&table);
}

/* Expected cells that a spanning cell covers, from the tabula JSON: the placeholders (zero
 * geometry), and the spanning cells that hold text. */
static void
count_spans (const TabulaFile *file,
             guint            *placeholders,
             guint            *spanning)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.json", corpus_dir, file->name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  g_autoptr(JsonArray) tables = NULL;

  *placeholders = *spanning = 0;
  if (!file->json)
    return;
  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s", error->message);
  root = json_parser_get_root (parser);
  /* a file of one table holds the table itself */
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autoptr(JsonArray) one = json_array_new ();

      json_array_add_element (one, json_node_copy (root));
      tables = g_steal_pointer (&one);
    }
  else
    tables = json_array_ref (json_node_get_array (root));
  for (guint t = 0; t < json_array_get_length (tables); t++)
    {
      JsonArray *data = json_object_get_array_member (json_array_get_object_element (tables, t),
                                                      "data");
      guint n_rows = json_array_get_length (data);

#define CELL(r, c) json_array_get_object_element (json_array_get_array_element (data, r), c)
#define ROW_LEN(r) json_array_get_length (json_array_get_array_element (data, r))
#define IS_PLACEHOLDER(o) (json_object_get_double_member (o, "width") == 0 \
                           && json_object_get_double_member (o, "height") == 0)
      g_autoptr(GHashTable) origins = g_hash_table_new (NULL, NULL);

      /* a placeholder belongs to the first real cell on its left, or else above it */
      for (guint r = 0; r < n_rows; r++)
        for (guint c = 0; c < ROW_LEN (r); c++)
          {
            guint orow = r, ocol = c;
            JsonObject *o;

            if (!IS_PLACEHOLDER (CELL (r, c)))
              continue;
            (*placeholders)++;
            while (ocol > 0 && IS_PLACEHOLDER (CELL (orow, ocol)))
              ocol--;
            while (orow > 0 && (ocol >= ROW_LEN (orow) || IS_PLACEHOLDER (CELL (orow, ocol))))
              orow--;
            o = CELL (orow, ocol);
            if (!IS_PLACEHOLDER (o) && *json_object_get_string_member (o, "text") != '\0')
              g_hash_table_add (origins, o);
          }
      *spanning += g_hash_table_size (origins);
#undef CELL
#undef ROW_LEN
#undef IS_PLACEHOLDER
    }
}

static void
print_line (const char          *what,
            const MrgTableScore *s,
            double               seconds)
{
  g_autofree char *found = g_strdup_printf ("%u×%u", s->found_rows, s->found_cols);

  g_print ("    %-9s found %-7s  share %.3f (%3u/%3u)  CER %6.2f %% over %3u aligned  %.3f s\n",
           what, found, mrg_score_table_share (s), s->n_exact, s->n_expected,
           100 * mrg_score_table_cer (s), s->n_aligned, seconds);
}

int
main (int argc, char **argv)
{
  g_autofree char *corpus = NULL;
  const GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus, "The shared corpus folder", "DIR" },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang, "Languages for cells without text (default: eng)",
      "L" },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "List the cells the pipeline got wrong",
      NULL },
    { NULL }
  };
  g_autofree char *corpus_root = NULL;
  g_autoptr(GError) error = NULL;
  /* the pipeline, the baseline, the grid from words alone */
  double share_sum[3] = { 0 }, cer_sum[3] = { 0 }, seconds_sum[3] = { 0 };
  const char *methods[3] = { "pipeline", "pdftotext", "stream" };
  struct rusage usage;

  if (!bench_parse_options (NULL, entries, &argc, &argv))
    return 2;
  if (lang == NULL)
    lang = g_strdup ("eng");
  corpus_root = bench_corpus_dir (corpus);
  corpus_dir = g_build_filename (corpus_root, "tabula-java-pdf-csv", NULL);

  g_print ("tabula-java-pdf-csv, %u PDFs at %.0f dpi; share = expected non-empty cells found "
           "exactly at their aligned place\n", (guint) G_N_ELEMENTS (files), DPI);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      const TabulaFile *file = &files[i];
      g_autofree char *csv = g_strdup_printf ("%s/%s.csv", corpus_dir, file->name);
      g_autoptr(GPtrArray) expected = mrg_score_table_read_csv (csv, &error);
      g_autoptr(GPtrArray) ours = NULL;
      g_autoptr(GPtrArray) base = NULL;
      g_autoptr(GPtrArray) stream = NULL;
      g_autoptr(GString) wrong = verbose ? g_string_new (NULL) : NULL;
      MrgTableScore s_ours, s_base, s_stream;
      double t_ours, t_base, t_stream;
      guint placeholders, spanning;

      if (expected == NULL)
        g_error ("%s", error->message);
      ours = run_pipeline (file, &t_ours, &stream, &t_stream);
      base = run_baseline (file, &t_base);
      mrg_score_table_compare (expected, ours, &s_ours, wrong);
      mrg_score_table_compare (expected, base, &s_base, NULL);
      mrg_score_table_compare (expected, stream, &s_stream, NULL);
      count_spans (file, &placeholders, &spanning);

      g_print ("  %s (page %d, %s) expected %u×%u", file->name, file->page, file->method,
               s_ours.expected_rows, s_ours.expected_cols);
      if (file->json)
        g_print (", %u cells spanned over, %u spanning cells with text", placeholders, spanning);
      g_print ("\n");
      print_line ("pipeline", &s_ours, t_ours);
      print_line ("pdftotext", &s_base, t_base);
      print_line ("stream", &s_stream, t_stream);
      if (wrong != NULL && wrong->len > 0)
        g_print ("%s", wrong->str);
      share_sum[0] += mrg_score_table_share (&s_ours);
      share_sum[1] += mrg_score_table_share (&s_base);
      cer_sum[0] += mrg_score_table_cer (&s_ours);
      cer_sum[1] += mrg_score_table_cer (&s_base);
      seconds_sum[0] += t_ours;
      seconds_sum[1] += t_base;
      share_sum[2] += mrg_score_table_share (&s_stream);
      cer_sum[2] += mrg_score_table_cer (&s_stream);
      seconds_sum[2] += t_stream;
    }
  for (guint k = 0; k < 3; k++)
    {
      double n = G_N_ELEMENTS (files);

      g_print ("  mean %-9s share %.3f  CER %.2f %%  %.3f s a page\n",
               methods[k], share_sum[k] / n, 100 * cer_sum[k] / n,
               seconds_sum[k] / n);
    }
  getrusage (RUSAGE_SELF, &usage);
  g_print ("  peak memory (ru_maxrss, the pipeline; pdftotext runs as a child) %ld M\n",
           usage.ru_maxrss / 1024);
  g_free (corpus_dir);
  g_free (lang);
  return 0;
}

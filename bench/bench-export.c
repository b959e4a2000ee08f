/* bench-export.c: time and peak memory of CSV, XLSX and JSON export of a 200,000-cell project
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-export [PAGES [ROWS [COLS]]]   (default 1000 pages × 20 rows × 10 columns)
 *
 * Each export runs in a child process, so that its peak resident memory (ru_maxrss of the child)
 * is its own. Baselines, measured in the same run on the same project:
 *  - `sqlite3 -csv` dumping the same rows with provenance (one query, no formatting of ours);
 *  - a naive exporter that runs one query per cell (what a first version would do).
 */

#define G_LOG_DOMAIN "bench-export"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "mrg-export.h"
#include "mrg-store.h"
#include "mrg-store-testing.h"

#include "bench-project.h"

/* The exporter a first version would write: one query per page, row and cell. */
static int
naive_export (const char *project,
              const char *out_path)
{
  g_autoptr(MrgStore) store = mrg_store_open (project, MRG_STORE_OPEN_READ_ONLY, NULL);
  sqlite3 *db = mrg_store_get_db (store);
  sqlite3_stmt *rows, *cell;
  FILE *out = fopen (out_path, "w");

  sqlite3_prepare_v2 (db, "SELECT r.id, d.path, p.number, r.idx FROM rows r"
                          " JOIN tables t ON t.id = r.table_id JOIN pages p ON p.id = t.page_id"
                          " JOIN documents d ON d.id = p.document_id WHERE NOT r.header"
                          " ORDER BY d.id, p.number, t.idx, r.idx", -1, &rows, NULL);
  sqlite3_prepare_v2 (db, "SELECT text FROM cells WHERE row_id = ? AND col = ?", -1, &cell, NULL);
  while (sqlite3_step (rows) == SQLITE_ROW)
    {
      for (int c = 0; ; c++)
        {
          sqlite3_reset (cell);
          sqlite3_bind_int64 (cell, 1, sqlite3_column_int64 (rows, 0));
          sqlite3_bind_int (cell, 2, c);
          if (sqlite3_step (cell) != SQLITE_ROW)
            break;
          fprintf (out, "\"%s\",", sqlite3_column_text (cell, 0));
        }
      fprintf (out, "\"%s\",%d,%d\n", sqlite3_column_text (rows, 1), sqlite3_column_int (rows, 2),
               sqlite3_column_int (rows, 3));
    }
  sqlite3_finalize (rows);
  sqlite3_finalize (cell);
  return fclose (out) == 0 ? 0 : 1;
}

typedef struct
{
  double seconds;
  long max_rss_kb;
  gint64 bytes;
  gboolean ok;
} Measure;

typedef int (*ChildFunc) (const char *project, const char *out, gpointer data);

static Measure
measure (ChildFunc   func,
         const char *project,
         const char *out,
         gpointer    data)
{
  Measure m = { 0 };
  struct rusage ru;
  gint64 start = g_get_monotonic_time ();
  GStatBuf st;
  int status = 0;
  pid_t pid;

  fflush (NULL);
  pid = fork ();
  if (pid == 0)
    _exit (func (project, out, data));
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (wait4 (pid, &status, 0, &ru), ==, pid);
  m.seconds = (g_get_monotonic_time () - start) / 1e6;
  m.max_rss_kb = ru.ru_maxrss;
  m.ok = WIFEXITED (status) && WEXITSTATUS (status) == 0;
  if (g_stat (out, &st) == 0)
    m.bytes = st.st_size;
  return m;
}

static int
run_export (const char *project,
            const char *out,
            gpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = mrg_store_open (project, MRG_STORE_OPEN_READ_ONLY, &error);

  if (store == NULL ||
      !mrg_export_to_file (store, &(MrgExportOptions) { .format = GPOINTER_TO_INT (data) }, out,
                           NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

static int
run_open (const char *project,
          const char *out,
          gpointer    data)
{
  g_autoptr(MrgStore) store = mrg_store_open (project, MRG_STORE_OPEN_READ_ONLY, NULL);

  return store != NULL ? 0 : 1;
}

static int
run_naive (const char *project,
           const char *out,
           gpointer    data)
{
  return naive_export (project, out);
}

/* The JSON a first version would write: the whole tree in a JsonBuilder, then generated. */
static int
run_json_builder (const char *project,
                  const char *out,
                  gpointer    data)
{
  g_autoptr(MrgStore) store = mrg_store_open (project, MRG_STORE_OPEN_READ_ONLY, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  sqlite3_stmt *stmt;
  gint64 page = -1, row = -1;

  sqlite3_prepare_v2 (mrg_store_get_db (store),
                      "SELECT p.id, r.id, r.idx, r.header, r.status, c.col, c.text, c.ocr_text,"
                      " c.confidence, c.x1, c.y1, c.x2, c.y2 FROM cells c"
                      " JOIN rows r ON r.id = c.row_id JOIN tables t ON t.id = r.table_id"
                      " JOIN pages p ON p.id = t.page_id ORDER BY p.document_id, p.number, t.idx,"
                      " r.idx, c.col", -1, &stmt, NULL);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pages");
  json_builder_begin_array (b);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (sqlite3_column_int64 (stmt, 0) != page)
        {
          if (page >= 0)
            {
              json_builder_end_array (b); json_builder_end_object (b);  /* cells, row */
              json_builder_end_array (b); json_builder_end_object (b);  /* rows, page */
            }
          page = sqlite3_column_int64 (stmt, 0);
          row = -1;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "rows");
          json_builder_begin_array (b);
        }
      if (sqlite3_column_int64 (stmt, 1) != row)
        {
          if (row >= 0)
            {
              json_builder_end_array (b);
              json_builder_end_object (b);
            }
          row = sqlite3_column_int64 (stmt, 1);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "index");
          json_builder_add_int_value (b, sqlite3_column_int (stmt, 2));
          json_builder_set_member_name (b, "header");
          json_builder_add_boolean_value (b, sqlite3_column_int (stmt, 3));
          json_builder_set_member_name (b, "status");
          json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 4));
          json_builder_set_member_name (b, "cells");
          json_builder_begin_array (b);
        }
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "col");
      json_builder_add_int_value (b, sqlite3_column_int (stmt, 5));
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 6));
      json_builder_set_member_name (b, "ocr_text");
      json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 7));
      json_builder_set_member_name (b, "confidence");
      json_builder_add_double_value (b, sqlite3_column_double (stmt, 8));
      json_builder_set_member_name (b, "box");
      json_builder_begin_array (b);
      for (int i = 9; i <= 12; i++)
        json_builder_add_int_value (b, sqlite3_column_int (stmt, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  if (page >= 0)
    {
      json_builder_end_array (b); json_builder_end_object (b);
      json_builder_end_array (b); json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  sqlite3_finalize (stmt);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_file (gen, out, NULL) ? 0 : 1;
}

static int
run_sqlite3_cli (const char *project,
                 const char *out,
                 gpointer    data)
{
  /* the same rows, one line per cell, with provenance: what sqlite3 itself costs */
  g_autofree char *cmd = g_strdup_printf (
    "sqlite3 -readonly -csv '%s' \"SELECT d.path, d.sha256, p.number, t.idx, r.idx, r.status,"
    " c.col, c.text, c.x1, c.y1, c.x2, c.y2 FROM cells c JOIN rows r ON r.id = c.row_id"
    " JOIN tables t ON t.id = r.table_id JOIN pages p ON p.id = t.page_id"
    " JOIN documents d ON d.id = p.document_id ORDER BY d.id, p.number, t.idx, r.idx, c.col\""
    " > '%s'", project, out);

  return system (cmd) == 0 ? 0 : 1;
}

static void
report (const char *what,
        Measure     m,
        int         n_pages,
        int         n_cells)
{
  g_print ("%-38s %7.2f s  %7.2f ms/page  %8.1f MB peak RSS  %8.1f MB written%s\n", what,
           m.seconds, m.seconds * 1000 / n_pages, m.max_rss_kb / 1024.0, m.bytes / 1048576.0,
           m.ok ? "" : "  FAILED");
}

int
main (int   argc,
      char *argv[])
{
  int n_pages = argc > 1 ? atoi (argv[1]) : 1000;
  int n_rows = argc > 2 ? atoi (argv[2]) : 20;
  int n_cols = argc > 3 ? atoi (argv[3]) : 10;
  int n_cells = n_pages * n_rows * n_cols;
  g_autofree char *dir = g_dir_make_tmp ("mrg-bench-export-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "bench.muragat", NULL);
  g_autofree char *cmd = NULL;
  g_autofree char *sqlite3_tool = g_find_program_in_path ("sqlite3");
  struct { const char *name; MrgExportFormat format; const char *file; } formats[] = {
    { "muragat CSV", MRG_EXPORT_FORMAT_CSV, "out.csv" },
    { "muragat JSON", MRG_EXPORT_FORMAT_JSON, "out.json" },
    { "muragat XLSX", MRG_EXPORT_FORMAT_XLSX, "out.xlsx" },
  };
  gint64 start;

  if (n_pages <= 0 || n_rows <= 0 || n_cols <= 0)
    {
      g_printerr ("usage: bench-export [PAGES [ROWS [COLS]]]\n");
      return 2;
    }

  start = g_get_monotonic_time ();
  bench_build_project (project, n_pages, n_rows, n_cols, 0);
  g_print ("project: %d pages × %d rows × %d columns = %d cells, built in %.2f s (one transaction)\n",
           n_pages, n_rows, n_cols, n_cells, (g_get_monotonic_time () - start) / 1e6);
  {
    Measure idle = measure (run_open, project, "", NULL);

    g_print ("(a child that only opens the project peaks at %.1f MB)\n", idle.max_rss_kb / 1024.0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *out = g_build_filename (dir, formats[i].file, NULL);

      report (formats[i].name, measure (run_export, project, out,
                                        GINT_TO_POINTER (formats[i].format)), n_pages, n_cells);
      g_unlink (out);
    }
  {
    g_autofree char *out = g_build_filename (dir, "naive.csv", NULL);

    report ("baseline: naive query-per-cell CSV", measure (run_naive, project, out, NULL),
            n_pages, n_cells);
    g_unlink (out);
  }
  {
    g_autofree char *out = g_build_filename (dir, "builder.json", NULL);

    report ("baseline: JsonBuilder tree + generator", measure (run_json_builder, project, out, NULL),
            n_pages, n_cells);
    g_unlink (out);
  }
  if (sqlite3_tool != NULL)
    {
      g_autofree char *out = g_build_filename (dir, "sqlite3.csv", NULL);

      report ("baseline: sqlite3 -csv (1 line/cell)", measure (run_sqlite3_cli, project, out, NULL),
              n_pages, n_cells);
      g_print ("  (the peak includes sqlite3's own: wait4 reports the largest of a child and the\n"
               "   children it waited for)\n");
      g_unlink (out);
    }

  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  return 0;
}

/* bench-edit.c: milliseconds a person's edit takes to be committed, and an undo
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-edit [--edits N] [--pages N]   (default 500 edits of each kind, 200 pages of
 *                                              20 rows × 10 columns)
 *
 * Every cell a person types is committed as made (mrg_store_edit_cell_text: a transaction with
 * the cell, its line in the edit log and, in a header cell of a column named "Column N", the
 * column's new name; WAL with synchronous=FULL). Measured, interleaved so that the machine's
 * drift falls on all alike:
 *  - a body cell typed;
 *  - a header cell typed, which also names its column;
 *  - baseline: the same project's connection running a bare `UPDATE cells SET text = ?` in
 *    autocommit, the least a durable write of one cell can cost here;
 * then as many undos. Medians and 95th percentiles, ratios to the baseline, peak memory.
 */

#define G_LOG_DOMAIN "bench-edit"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "mrg-store.h"
#include "mrg-store-testing.h"

#include "bench-project.h"
#include "bench-util.h"

#define N_ROWS 20
#define N_COLS 10
#define N_NUMBERED 4

/* The ids of the cells in rows of the given kind (and, in header rows, numbered columns only),
 * in a shuffled order. */
static GArray *
list_cells (MrgStore *store,
            gboolean  header)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GRand) rand = g_rand_new_with_seed (header ? 7 : 11);

  stmt = mrg_store_prepare (store,
                            "SELECT c.id FROM cells c JOIN rows r ON r.id = c.row_id"
                            " WHERE r.header = ?1 AND (?1 = 0 OR c.col >= ?2) ORDER BY c.id",
                            NULL);
  g_assert_nonnull (stmt);
  sqlite3_bind_int (stmt, 1, header);
  sqlite3_bind_int (stmt, 2, N_COLS - N_NUMBERED);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  for (guint i = ids->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gint64 t = g_array_index (ids, gint64, i - 1);

      g_array_index (ids, gint64, i - 1) = g_array_index (ids, gint64, j);
      g_array_index (ids, gint64, j) = t;
    }
  return ids;
}

static void
print_times (const char *what,
             GArray     *times,
             double      baseline_median)
{
  double median = bench_quantile ((double *) times->data, times->len, 0.5);

  g_print ("%-44s median %6.3f ms  p95 %6.3f ms", what, median,
           bench_quantile ((double *) times->data, times->len, 0.95));
  if (baseline_median > 0)
    g_print ("  ×%.2f baseline", median / baseline_median);
  g_print ("\n");
}

int
main (int   argc,
      char *argv[])
{
  int n_edits = 500, n_pages = 200;
  const GOptionEntry entries[] = {
    { "edits", 0, 0, G_OPTION_ARG_INT, &n_edits, "Edits of each kind (500)", "N" },
    { "pages", 0, 0, G_OPTION_ARG_INT, &n_pages, "Pages of 20 × 10 cells (200)", "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GArray) body = NULL;
  g_autoptr(GArray) header = NULL;
  g_autoptr(GArray) t_body = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_header = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_base = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) t_undo = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = g_dir_make_tmp ("mrg-bench-edit-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "bench.muragat", NULL);
  g_autofree char *cmd = NULL;
  struct rusage ru;
  double base_median;

  if (!bench_parse_options ("- time a person's edits", entries, &argc, &argv))
    return 2;
  if (n_edits <= 0 || n_pages <= 0)
    {
      g_printerr ("bench-edit: --edits and --pages take a positive number\n");
      return 2;
    }

  bench_build_project (project, n_pages, N_ROWS, N_COLS, N_NUMBERED);
  store = mrg_store_open (project, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  body = list_cells (store, FALSE);
  header = list_cells (store, TRUE);
  update = mrg_store_prepare (store, "UPDATE cells SET text = ?1 WHERE id = ?2", &error);
  g_assert_no_error (error);
  g_print ("project: %d pages × %d rows × %d columns (%d named \"Column N\" until typed), "
           "%d edits of each kind\n", n_pages, N_ROWS, N_COLS, N_NUMBERED, n_edits);

  for (int i = 0; i < n_edits; i++)
    {
      g_autofree char *text = g_strdup_printf ("Сулейменов %d", i);
      g_autofree char *title = g_strdup_printf ("Фамилия %d", i);
      gint64 body_id = g_array_index (body, gint64, i % body->len);
      gint64 base_id = g_array_index (body, gint64, (i + body->len / 2) % body->len);
      gint64 header_id = g_array_index (header, gint64, i % header->len);
      gint64 start;
      double ms;

      start = g_get_monotonic_time ();
      sqlite3_bind_text (update, 1, text, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (update, 2, base_id);
      g_assert_cmpint (sqlite3_step (update), ==, SQLITE_DONE);
      sqlite3_reset (update);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (t_base, ms);

      start = g_get_monotonic_time ();
      g_assert_true (mrg_store_edit_cell_text (store, body_id, text, &error));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (t_body, ms);

      start = g_get_monotonic_time ();
      g_assert_true (mrg_store_edit_cell_text (store, header_id, title, &error));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (t_header, ms);
    }
  /* the header cells did name their columns */
  {
    g_autoptr(sqlite3_stmt) named = mrg_store_prepare (store,
                                                       "SELECT count(*) FROM layout_columns"
                                                       " WHERE name LIKE 'Фамилия %'", NULL);

    g_assert_cmpint (sqlite3_step (named), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (named, 0), >, 0);
  }
  for (int i = 0; i < n_edits; i++)
    {
      gboolean done = FALSE;
      g_autofree char *table = NULL;
      gint64 target, start = g_get_monotonic_time ();
      double ms;

      g_assert_true (mrg_store_undo (store, &done, &table, &target, &error));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_true (done);
      g_array_append_val (t_undo, ms);
    }

  base_median = bench_quantile ((double *) t_base->data, t_base->len, 0.5);
  print_times ("baseline: bare UPDATE of one cell, autocommit", t_base, 0);
  print_times ("a body cell typed", t_body, base_median);
  print_times ("a header cell typed (names its column)", t_header, base_median);
  print_times ("undo (newest step first)", t_undo, base_median);
  getrusage (RUSAGE_SELF, &ru);
  g_print ("peak memory %.1f MB (the project built in this process too)\n", ru.ru_maxrss / 1024.0);

  g_clear_pointer (&update, sqlite3_finalize);
  g_clear_object (&store);
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  return 0;
}

/* make-test-project.c: builds a project from the corpus to look at the window by hand
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * make-test-project OUT.muragat SCAN [TRUTH.json] ... */

#define G_LOG_DOMAIN "mrg-test"

#include "config.h"

#include "mrg-test-project.h"
#include "mrg-store-testing.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GPtrArray) scans = g_ptr_array_new ();
  g_autoptr(GPtrArray) truths = g_ptr_array_new ();

  if (argc < 3)
    {
      g_printerr ("usage: make-test-project OUT.muragat SCAN [TRUTH.json]...\n");
      return 2;
    }
  for (int i = 2; i < argc; i++)
    g_ptr_array_add (g_str_has_suffix (argv[i], ".json") ? truths : scans, argv[i]);
  g_ptr_array_add (scans, NULL);
  store = mrg_test_make_project (argv[1], (const char * const *) scans->pdata, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (guint i = 0; i < truths->len; i++)
    {
      g_autoptr(sqlite3_stmt) stmt = mrg_store_prepare (store,
                                                        "SELECT id FROM pages ORDER BY id"
                                                        " LIMIT 1 OFFSET ?",
                                                        NULL);

      sqlite3_bind_int (stmt, 1, i);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        break;
      if (!mrg_test_add_truth_tables (store, sqlite3_column_int64 (stmt, 0), truths->pdata[i], 1,
                                      &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  return 0;
}

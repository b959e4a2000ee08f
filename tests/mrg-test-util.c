/* mrg-test-util.c: what the tests share: fixtures, temporary projects, running the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-test"

#include "mrg-test-util.h"
#include "mrg-pagexml.h"
#include "mrg-store.h"
#include "mrg-store-testing.h"
#include "mrg-table.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

static GPtrArray *tmpdirs;

static char *
fixture (const char *env,
         const char *folder,
         const char *name)
{
  const char *root = g_getenv (env);
  char *path;

  if (root == NULL)
    {
      g_test_skip ("fixtures not found: run the tests with meson test");
      return NULL;
    }
  path = g_build_filename (root, folder != NULL ? folder : "", name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf ("missing fixture %s", path);

      g_test_skip (message);
      g_free (path);
      return NULL;
    }
  return path;
}

char *
mrg_test_corpus_file (const char *folder,
                      const char *name)
{
  return fixture ("MURAGAT_CORPUS", folder, name);
}

char *
mrg_test_data_file (const char *name)
{
  return fixture ("MURAGAT_TEST_DATA", NULL, name);
}

/* A frozen dump of tests/data that holds only what its release added to an older one's dump is
 * run after that one. */
static const struct
{
  const char *dump;
  const char *base;
} old_project_bases[] = {
  { "schema-v1.sql", "schema-v1-tables.sql" },
  { "schema-v3.sql", "schema-v1-tables.sql" },
  { "schema-v4.sql", "schema-v3.sql" },
};

static gboolean
run_old_dump (sqlite3    *db,
              const char *name)
{
  g_autofree char *sql_path = mrg_test_data_file (name);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;

  if (sql_path == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (old_project_bases); i++)
    if (g_str_equal (old_project_bases[i].dump, name)
        && !run_old_dump (db, old_project_bases[i].base))
      return FALSE;
  g_file_get_contents (sql_path, &sql, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  return TRUE;
}

gboolean
mrg_test_write_old_project (const char *name,
                            const char *extra,
                            const char *path)
{
  sqlite3 *db = NULL;
  gboolean found;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  found = run_old_dump (db, name);
  if (found && extra != NULL)
    g_assert_cmpint (sqlite3_exec (db, extra, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return found;
}

char *
mrg_test_corpus_location (const char *folder,
                      const char *name)
{
  const char *corpus = g_getenv ("MURAGAT_CORPUS");

  g_assert_nonnull (corpus);
  return g_build_filename (corpus, folder, name, NULL);
}

void
mrg_test_assert_one_line_error (const char *err,
                                const char *mentions)
{
  g_assert_nonnull (err);
  g_test_message ("stderr: %s", err);
  g_assert_true (g_str_has_prefix (err, "muragat-cli: "));
  g_assert_cmpuint (mrg_test_count_lines (err), ==, 1);
  if (mentions != NULL && strstr (err, mentions) == NULL)
    g_error ("expected “%s” in: %s", mentions, err);
}

void
mrg_test_write_noise_png (const char *path,
                          int         width,
                          int         height)
{
  PIX *pix = pixCreate (width, height, 8);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      pixSetPixel (pix, x, y, g_random_int_range (0, 256));
  g_assert_cmpint (pixWrite (path, pix, IFF_PNG), ==, 0);
  pixDestroy (&pix);
}

gint64
mrg_test_import_pagexml (MrgStore    *store,
                         const char  *path,
                         GError     **error)
{
  gint64 id;

  g_assert_true (mrg_store_begin (store, NULL));
  id = mrg_pagexml_import (store, path, error);
  if (id != 0)
    g_assert_true (mrg_store_commit (store, NULL));
  else
    mrg_store_rollback (store);
  return id;
}

void
mrg_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            mrg_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static void
remove_tmpdirs (void)
{
  if (g_getenv ("MURAGAT_KEEP_TMP") == NULL)
    for (guint i = 0; i < tmpdirs->len; i++)
      mrg_test_remove_tree (g_ptr_array_index (tmpdirs, i));
  g_clear_pointer (&tmpdirs, g_ptr_array_unref);
}

char *
mrg_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("muragat-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (tmpdirs == NULL)
    {
      tmpdirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_tmpdirs);
    }
  g_ptr_array_add (tmpdirs, g_strdup (dir));
  return dir;
}

void
mrg_test_assert_project_unchanged (const char *path,
                                   const char *before)
{
  g_autofree char *after = mrg_test_dump_project (path);

  g_assert_cmpstr (before, ==, after);
}

char *
mrg_test_dump_project (const char *path)
{
  GString *dump = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_string_free (dump, FALSE);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db,
                          "SELECT name FROM sqlite_schema WHERE type = 'table'"
                          " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name",
                          -1, &tables, NULL) != SQLITE_OK)
    {
      /* Not a database at all: its bytes are its dump. */
      gsize length = 0;
      g_autofree char *bytes = NULL;

      sqlite3_close (db);
      g_file_get_contents (path, &bytes, &length, NULL);
      g_string_append_len (dump, bytes, length);
      return g_string_free (dump, FALSE);
    }

  {
    sqlite3_stmt *pragma = NULL;

    sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &pragma, NULL);
    if (sqlite3_step (pragma) == SQLITE_ROW)
      g_string_append_printf (dump, "user_version %d\n", sqlite3_column_int (pragma, 0));
    sqlite3_finalize (pragma);
  }

  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", name);
      sqlite3_stmt *rows = NULL;

      g_string_append_printf (dump, "[%s]\n", name);
      if (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL) != SQLITE_OK)
        continue;
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            {
              const char *text = (const char *) sqlite3_column_text (rows, c);

              g_string_append_printf (dump, "%s|", text != NULL ? text : "NULL");
            }
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return g_string_free (dump, FALSE);
}

GBytes *
mrg_test_read_bytes (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_bytes_new_take (contents, length);
}

int
mrg_test_run_cli (char       **out_stdout,
                  char       **out_stderr,
                  const char  *first_arg,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("MURAGAT_CLI");
  const char *arg;
  int status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out_stdout,
                out_stderr, &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + WTERMSIG (status);
}

void
mrg_test_copy_prefix (const char *from,
                      const char *to,
                      gssize      n)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  if (n >= 0 && (gsize) n < length)
    length = n;
  g_file_set_contents (to, contents, length, &error);
  g_assert_no_error (error);
}

guint
mrg_test_count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    if (*p == '\n' || p[1] == '\0')
      n++;
  return n;
}

static sqlite3_stmt *
query_one (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return stmt;
}

int
mrg_test_query_int (sqlite3    *db,
                    const char *sql)
{
  sqlite3_stmt *stmt = query_one (db, sql);
  int value = sqlite3_column_int (stmt, 0);

  sqlite3_finalize (stmt);
  return value;
}

char *
mrg_test_query_text (sqlite3    *db,
                     const char *sql)
{
  sqlite3_stmt *stmt = query_one (db, sql);
  char *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return value;
}

MrgStore *
mrg_test_new_store (const char  *name,
                    char       **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  MrgStore *store;

  *out_dir = mrg_test_make_tmpdir ();
  path = g_build_filename (*out_dir, name, NULL);
  store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  return store;
}

void
mrg_test_drop_store (MrgStore **store,
                     char     **dir)
{
  g_clear_object (store);
  mrg_test_remove_tree (*dir);
  g_clear_pointer (dir, g_free);
}

void
mrg_test_undo_one (MrgStore *store)
{
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_assert_true (mrg_store_undo (store, &done, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (done);
}

MrgTable *
mrg_test_load_table (MrgStore *store,
                     gint64    page_id)
{
  g_autoptr(GError) error = NULL;
  MrgTable *table = mrg_table_load (store, page_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

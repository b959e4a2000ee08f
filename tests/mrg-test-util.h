/* mrg-test-util.h: what the tests share: fixtures, temporary projects, running the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "mrg-store-tables.h"
#include "mrg-types.h"

G_BEGIN_DECLS

/* Adds a test case run on a fresh fixture of the test file's own: its `Fixture` struct, set up
 * by its fixture_set_up and torn down by its fixture_tear_down; func (Fixture *, gconstpointer). */
#define mrg_test_add_fixture(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* A file of ../shared/corpus, or of tests/data; the test is skipped when it is missing. */
char     *mrg_test_corpus_file   (const char  *folder,
                                  const char  *name);
char     *mrg_test_data_file     (const char  *name);
/* Writes the project file `path` from the frozen dump `name` of tests/data, as an older release
 * left it, then runs the SQL `extra` on it (when not NULL); FALSE (the test is skipped) when the
 * dump is not there. */
gboolean  mrg_test_write_old_project (const char *name,
                                      const char *extra,
                                      const char *path);
/* A file of the corpus, whether or not it is there (MURAGAT_CORPUS must be set). */
char     *mrg_test_corpus_location (const char  *folder,
                                    const char  *name);
/* A fresh temporary folder, removed with everything in it at exit. */
char     *mrg_test_make_tmpdir   (void);
/* Removes a folder and everything in it; symbolic links are removed, not followed. */
void      mrg_test_remove_tree   (const char  *path);
/* Every row of every table of a project file, as text: equal dumps mean an unchanged project. */
char     *mrg_test_dump_project  (const char  *path);
/* The project file holds what it held when mrg_test_dump_project gave `before`. */
void      mrg_test_assert_project_unchanged (const char *path,
                                             const char *before);
/* The whole file's bytes (NULL when missing). */
GBytes   *mrg_test_read_bytes    (const char  *path);
/* Runs muragat-cli with the arguments (NULL-terminated); returns the exit status. */
int       mrg_test_run_cli       (char       **out_stdout,
                                  char       **out_stderr,
                                  const char  *first_arg,
                                  ...) G_GNUC_NULL_TERMINATED;
/* The first column of the first row of a query, which must return one. */
int       mrg_test_query_int     (sqlite3     *db,
                                  const char  *sql);
char     *mrg_test_query_text    (sqlite3     *db,
                                  const char  *sql);
/* Copies the first n bytes of a file (the whole file when n < 0). */
void      mrg_test_copy_prefix   (const char  *from,
                                  const char  *to,
                                  gssize       n);
/* A failure of muragat-cli says one line on stderr, naming what is wrong (`mentions`, when not
 * NULL). */
void      mrg_test_assert_one_line_error (const char *err,
                                          const char *mentions);
/* Writes a grey PNG of the given size, of noise so that it does not compress to nothing. */
void      mrg_test_write_noise_png (const char *path,
                                    int         width,
                                    int         height);
/* Imports a PAGE XML file in a transaction of its own (rolled back when it fails); returns the
 * document's id, 0 on failure. */
gint64    mrg_test_import_pagexml (MrgStore    *store,
                                   const char  *path,
                                   GError     **error);
/* Counts lines of text (a trailing newline does not start another). */
guint     mrg_test_count_lines   (const char  *text);
/* A new empty project `name` in a new temporary folder (*out_dir): its open store. */
MrgStore *mrg_test_new_store     (const char  *name,
                                  char       **out_dir);
/* Closes *store and removes the folder *dir with the project in it, clearing both. */
void      mrg_test_drop_store    (MrgStore   **store,
                                  char       **dir);
/* Undoes the last step of the project's edit log, which must be there. */
void      mrg_test_undo_one      (MrgStore    *store);
/* The table of a page, which must load. */
MrgTable *mrg_test_load_table    (MrgStore    *store,
                                  gint64       page_id);

G_END_DECLS

/* test-search.c: full-text and cross-alphabet search over a real project file, and the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-search"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mrg-search.h"
#include "mrg-store.h"

typedef struct
{
  const char *name;
  const char *year;
  const char *place;
} Person;

static const Person doc1_page1[] = {
  { "Бектанов Мажит", "1915", "Харьков" },
  { "Жумабаев Нурлан", "1920", "Вязьма" },
  { "Сейткали Ерлан", "1918", "Киев" },
  { "Оспанов Серик", "1921", "Керчь" },
};
static const Person doc1_page2[] = {
  { "Ахметов Болат", "1912", "Вязьма" },
  { "Бектаиов Мажнт", "1915", "Харьков" },
  { "Тулегенов Марат", "1919", "Умань" },
};
static const Person doc2_page1[] = {
  { "Нурпеисов Абай", "1916", "Брянск" },
  { "Жумабаев Нурлан", "1920", "Вязьма" },
  { "Кенжебеков Асылбек", "1914", "Минск" },
  { "Бектанов Мурат", "1922", "Киев" },
};

static void
add_page (MrgStore     *store,
          gint64        document,
          int           number,
          const Person *people,
          guint         n_people)
{
  static const char *const header[] = { "№", "Фамилия и.и.з.", "г.г. рож.", "Место плен." };
  g_autoptr(GError) error = NULL;
  MrgBox area = { 100, 100, 2300, 3300 };
  gint64 page = mrg_store_add_page (store, document, number, 2480, 3508, 300, &error);
  gint64 table;
  gint64 row;

  g_assert_no_error (error);
  table = mrg_store_add_table (store, page, &area, NULL, 0, NULL, 0, &error);
  g_assert_no_error (error);
  row = mrg_store_add_row (store, table, 0, TRUE, &error);
  g_assert_no_error (error);
  for (int c = 0; c < 4; c++)
    {
      MrgBox box = { 100 + c * 500, 100, 600 + c * 500, 200 };

      mrg_store_add_cell (store, row, c, &box, header[c], 90, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < n_people; i++)
    {
      g_autofree char *number_text = g_strdup_printf ("%u", i + 1);
      const char *texts[] = { number_text, people[i].name, people[i].year, people[i].place };

      row = mrg_store_add_row (store, table, i + 1, FALSE, &error);
      g_assert_no_error (error);
      for (int c = 0; c < 4; c++)
        {
          MrgBox box = { 100 + c * 500, 200 + i * 100, 600 + c * 500, 300 + i * 100 };

          mrg_store_add_cell (store, row, c, &box, texts[c], 80, &error);
          g_assert_no_error (error);
        }
    }
}

/* Two documents, three pages, eleven people, built through the store API. */
static char *
build_project (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "lists.muragat", NULL);
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 doc1;
  gint64 doc2;

  store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_begin (store, &error));
  mrg_store_ensure_column (store, 0, "№", MRG_COLUMN_TYPE_INTEGER, &error);
  mrg_store_ensure_column (store, 1, "Фамилия и.и.з.", MRG_COLUMN_TYPE_NAME, &error);
  mrg_store_ensure_column (store, 2, "г.г. рож.", MRG_COLUMN_TYPE_YEAR, &error);
  mrg_store_ensure_column (store, 3, "Место плен.", MRG_COLUMN_TYPE_TEXT, &error);
  g_assert_no_error (error);
  doc1 = mrg_store_add_document (store, "/archive/list-1.pdf", "1111", 1000,
                                 MRG_DOCUMENT_KIND_PDF, 2, &error);
  g_assert_no_error (error);
  doc2 = mrg_store_add_document (store, "/archive/list-2.tif", "2222", 2000,
                                 MRG_DOCUMENT_KIND_TIFF, 1, &error);
  g_assert_no_error (error);
  add_page (store, doc1, 1, doc1_page1, G_N_ELEMENTS (doc1_page1));
  add_page (store, doc1, 2, doc1_page2, G_N_ELEMENTS (doc1_page2));
  add_page (store, doc2, 1, doc2_page1, G_N_ELEMENTS (doc2_page1));
  g_assert_true (mrg_store_commit (store, &error));
  return g_steal_pointer (&path);
}

typedef struct
{
  char *dir;
  char *project;
  MrgStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-search-XXXXXX", &error);
  g_assert_no_error (error);
  f->project = build_project (f->dir);
  f->store = mrg_store_open (f->project, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->project);
}

static GPtrArray *
search (Fixture    *f,
        const char *query,
        guint       limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = mrg_search (f->store, query, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

static guint
count_text (GPtrArray  *results,
            const char *text,
            gboolean    variant)
{
  guint n = 0;

  for (guint i = 0; i < results->len; i++)
    {
      MrgSearchResult *r = g_ptr_array_index (results, i);

      if (strcmp (r->text, text) == 0 && r->variant == variant)
        n++;
    }
  return n;
}

static void
test_fts_word (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) results = search (f, "вязьма", 0);
  gboolean seen_doc2 = FALSE;

  g_assert_cmpuint (count_text (results, "Вязьма", FALSE), ==, 3);
  for (guint i = 0; i < results->len; i++)
    {
      MrgSearchResult *r = g_ptr_array_index (results, i);

      if (r->variant)
        continue;
      g_assert_cmpstr (r->column_name, ==, "Место плен.");
      g_assert_cmpint (r->column, ==, 3);
      g_assert_cmpfloat (r->score, ==, 1.0);
      g_assert_nonnull (strstr (r->snippet, "[Вязьма]"));
      if (strcmp (r->document, "/archive/list-2.tif") == 0)
        {
          g_assert_cmpint (r->page, ==, 1);
          g_assert_cmpint (r->row, ==, 2);
          seen_doc2 = TRUE;
        }
    }
  g_assert_true (seen_doc2);
}

static void
test_fts_prefix (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) results = search (f, "Жумаб", 0);
  g_autoptr(GPtrArray) two_words = search (f, "нурлан жумабаев", 0);

  g_assert_cmpuint (count_text (results, "Жумабаев Нурлан", FALSE), ==, 2);
  /* every word, in any order */
  g_assert_cmpuint (count_text (two_words, "Жумабаев Нурлан", FALSE), ==, 2);
}

static void
test_fts_syntax (Fixture       *f,
                 gconstpointer  data)
{
  static const char *const queries[] = {
    "\"Бектанов", "AND", "Бектанов OR", "*", "NEAR(", "text:Киев", "'", "\"\"", "Бектанов -",
    "(((", "^Киев", "Киев\"*\"", "", "   ", "NOT Киев",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) results = search (f, queries[i], 0);

      (void) results;
    }
  {
    g_autoptr(GPtrArray) results = search (f, "text:Киев", 0);

    /* "text" is a word here, not a column filter */
    g_assert_cmpuint (count_text (results, "Киев", FALSE), ==, 0);
  }
  {
    g_autofree char *fts = mrg_search_build_fts_query ("Бек\"танов OR x");

    g_assert_cmpstr (fts, ==, "\"Бек\" \"танов\" \"OR\" \"x\"*");
  }
  g_assert_null (mrg_search_build_fts_query ("\"*()"));
}

static void
test_variants_latin (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) results = search (f, "Bektanov", 0);
  g_autoptr(GPtrArray) full = search (f, "Zhumabayev Nurlan", 0);
  g_autoptr(GPtrArray) place = search (f, "Wjasma", 0);
  g_autoptr(GPtrArray) none = search (f, "Qwxyzt", 0);
  MrgSearchResult *first;

  g_assert_cmpuint (count_text (results, "Бектанов Мажит", TRUE), ==, 1);
  g_assert_cmpuint (count_text (results, "Бектанов Мурат", TRUE), ==, 1);
  g_assert_cmpuint (count_text (results, "Бектаиов Мажнт", TRUE), ==, 1);
  g_assert_cmpuint (count_text (results, "Бекетов Мажит", TRUE), ==, 0);
  g_assert_cmpuint (count_text (results, "Оспанов Серик", TRUE), ==, 0);
  first = g_ptr_array_index (results, 0);
  g_assert_cmpstr (first->column_name, ==, "Фамилия и.и.з.");
  g_assert_nonnull (strstr (first->snippet, "[Бектанов]"));

  g_assert_cmpuint (full->len, >=, 2);
  g_assert_cmpstr (((MrgSearchResult *) g_ptr_array_index (full, 0))->text, ==,
                   "Жумабаев Нурлан");
  g_assert_cmpstr (((MrgSearchResult *) g_ptr_array_index (full, 1))->text, ==,
                   "Жумабаев Нурлан");
  /* German spelling of a place */
  g_assert_cmpuint (count_text (place, "Вязьма", TRUE), ==, 3);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_variants_initials (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) cyrillic = search (f, "К.", 0);
  g_autoptr(GPtrArray) latin = search (f, "K.", 0);

  /* "К" finds the words that begin with it, as a prefix ... */
  for (guint i = 0; i < cyrillic->len; i++)
    g_assert_false (((MrgSearchResult *) g_ptr_array_index (cyrillic, i))->variant);
  g_assert_cmpuint (count_text (cyrillic, "Киев", FALSE), ==, 2);
  /* ... but an initial alone is no spelling of every К-word */
  g_assert_cmpuint (latin->len, ==, 0);
}

static void
test_limit (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) one = search (f, "Вязьма", 1);
  g_autoptr(GPtrArray) variants = search (f, "Bektanov", 2);

  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpuint (variants->len, ==, 2);
}

static void
test_follows_edits (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = search (f, "Умань", 0);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) old = NULL;
  MrgSearchResult *r;

  g_assert_cmpuint (before->len, ==, 1);
  r = g_ptr_array_index (before, 0);
  g_assert_true (mrg_store_edit_cell_text (f->store, r->cell_id, "Уманьский лагерь", &error));
  g_assert_no_error (error);
  after = search (f, "лагерь", 0);
  g_assert_cmpuint (count_text (after, "Уманьский лагерь", FALSE), ==, 1);
  old = search (f, "Умань", 0);
  g_assert_cmpuint (count_text (old, "Умань", FALSE), ==, 0);
}

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("MURAGAT_CLI");
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &run->status, &error));
  g_assert_no_error (error);
}

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  Run run = { 0 };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;

  g_clear_object (&f->store);

  run_cli (&run, "--project", f->project, "search", "Bektanov", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  fields = g_strsplit (lines[0], "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 5);
  g_assert_cmpstr (fields[0], ==, "/archive/list-1.pdf");
  g_assert_cmpstr (fields[1], ==, "1");
  g_assert_cmpstr (fields[2], ==, "1");
  g_assert_cmpstr (fields[3], ==, "Фамилия и.и.з.");
  g_assert_cmpstr (fields[4], ==, "Бектанов Мажит");
  run_clear (&run);

  /* no hits: success, nothing on stdout */
  run_cli (&run, "--project", f->project, "search", "Qwxyzt", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  run_clear (&run);

  /* FTS5 syntax is just text */
  run_cli (&run, "--project", f->project, "search", "\"Киев", "OR", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* a missing project: one line naming the file */
  run_cli (&run, "--project", "/nonexistent/x.muragat", "search", "Киев", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "/nonexistent/x.muragat"));
  g_assert_cmpuint (strlen (run.err), ==, (gsize) (strchr (run.err, '\n') - run.err) + 1);
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/search/fts/word", test_fts_word);
  ADD ("/search/fts/prefix", test_fts_prefix);
  ADD ("/search/fts/syntax", test_fts_syntax);
  ADD ("/search/fts/follows-edits", test_follows_edits);
  ADD ("/search/variants/latin", test_variants_latin);
  ADD ("/search/variants/initials", test_variants_initials);
  ADD ("/search/limit", test_limit);
  ADD ("/search/cli", test_cli);
#undef ADD

  return g_test_run ();
}

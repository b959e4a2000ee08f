/* test-search.c: full-text and cross-alphabet search over a real project file, and the CLI
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-search"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mrg-search.h"
#include "mrg-store.h"
#include "mrg-test-names-fixture.h"
#include "mrg-test-util.h"

/* The project of people (lists.muragat) is shared with test-match: mrg-test-names-fixture.c. */
typedef MrgTestNamesFixture Fixture;

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

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  MrgTestRun run = { 0 };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;

  g_clear_object (&f->store);

  run.status = mrg_test_run_cli (&run.out, &run.err, "--project", f->project, "search",
                                 "Bektanov", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  fields = g_strsplit (lines[0], "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 5);
  g_assert_cmpstr (fields[0], ==, "/archive/list-1.pdf");
  g_assert_cmpstr (fields[1], ==, "1");
  /* the first body row (stored idx 1) is row 2 beside the grid, below the header row */
  g_assert_cmpstr (fields[2], ==, "2");
  g_assert_cmpstr (fields[3], ==, "Фамилия и.и.з.");
  g_assert_cmpstr (fields[4], ==, "Бектанов Мажит");
  mrg_test_run_clear (&run);

  /* no hits: success, nothing on stdout */
  run.status = mrg_test_run_cli (&run.out, &run.err, "--project", f->project, "search",
                                 "Qwxyzt", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  mrg_test_run_clear (&run);

  /* FTS5 syntax is just text */
  run.status = mrg_test_run_cli (&run.out, &run.err, "--project", f->project, "search",
                                 "\"Киев", "OR", NULL);
  g_assert_cmpint (run.status, ==, 0);
  mrg_test_run_clear (&run);

  /* a missing project: one line naming the file */
  run.status = mrg_test_run_cli (&run.out, &run.err, "--project", "/nonexistent/x.muragat",
                                 "search", "Киев", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "/nonexistent/x.muragat"));
  g_assert_cmpuint (strlen (run.err), ==, (gsize) (strchr (run.err, '\n') - run.err) + 1);
  mrg_test_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD mrg_test_names_add
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

/* mrg-search.c: finding text in every cell of a project, across alphabets
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-search"

#include "mrg-search.h"

#include <string.h>

#include "mrg-names.h"
#include "mrg-store.h"

/* A spelling variant must score this much against the cell to be shown. */
#define VARIANT_THRESHOLD 0.85

void
mrg_search_result_free (MrgSearchResult *result)
{
  if (result == NULL)
    return;
  g_free (result->document);
  g_free (result->column_name);
  g_free (result->text);
  g_free (result->snippet);
  g_free (result);
}

/* Words as FTS5's unicode61 tokenizer sees them: runs of letters, digits and marks. */
static GPtrArray *
split_query (const char *query)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);

  for (const char *p = query;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
  return words;
}

char *
mrg_search_build_fts_query (const char *query)
{
  g_autoptr(GPtrArray) words = NULL;
  GString *fts;

  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return NULL;
  words = split_query (query);
  if (words->len == 0)
    return NULL;

  /* A quoted string is always a phrase in FTS5, so no user text can be read as an operator,
   * column filter or unbalanced syntax; words hold no quote to escape. */
  fts = g_string_new (NULL);
  for (guint i = 0; i < words->len; i++)
    {
      if (i > 0)
        g_string_append_c (fts, ' ');
      g_string_append_printf (fts, "\"%s\"", (char *) g_ptr_array_index (words, i));
    }
  g_string_append_c (fts, '*');
  return g_string_free (fts, FALSE);
}

/* Column names: from the schema, else from each table's header row. */
typedef struct
{
  GHashTable *schema;    /* position + 1 → name */
  GHashTable *headers;   /* "table:col" → name */
} ColumnNames;

static void
column_names_load (MrgStore    *store,
                   ColumnNames *names)
{
  g_autoptr(sqlite3_stmt) schema = NULL;
  g_autoptr(sqlite3_stmt) headers = NULL;

  names->schema = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  names->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  schema = mrg_store_prepare (store, "SELECT position, name FROM columns", NULL);
  while (schema != NULL && sqlite3_step (schema) == SQLITE_ROW)
    g_hash_table_insert (names->schema, GINT_TO_POINTER (sqlite3_column_int (schema, 0) + 1),
                         g_strdup ((const char *) sqlite3_column_text (schema, 1)));
  headers = mrg_store_prepare (store,
                               "SELECT r.table_id, c.col, c.text FROM cells c"
                               " JOIN rows r ON r.id = c.row_id WHERE r.header AND r.idx >= 0",
                               NULL);
  while (headers != NULL && sqlite3_step (headers) == SQLITE_ROW)
    g_hash_table_insert (names->headers,
                         g_strdup_printf ("%" G_GINT64_FORMAT ":%d",
                                          (gint64) sqlite3_column_int64 (headers, 0),
                                          sqlite3_column_int (headers, 1)),
                         g_strdup ((const char *) sqlite3_column_text (headers, 2)));
}

static void
column_names_clear (ColumnNames *names)
{
  g_clear_pointer (&names->schema, g_hash_table_unref);
  g_clear_pointer (&names->headers, g_hash_table_unref);
}

static char *
column_name (ColumnNames *names,
             gint64       table_id,
             int          col)
{
  const char *name = g_hash_table_lookup (names->schema, GINT_TO_POINTER (col + 1));
  char key[64];

  if (name != NULL && *name != '\0')
    return g_strdup (name);
  g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT ":%d", table_id, col);
  name = g_hash_table_lookup (names->headers, key);
  if (name != NULL && *name != '\0')
    return g_strdup (name);
  return NULL;
}

#define RESULT_COLUMNS \
  "c.id, r.id, p.id, d.path, p.number, t.idx, r.idx, c.col, c.text, t.id"
#define RESULT_JOINS \
  " JOIN rows r ON r.id = c.row_id AND r.idx >= 0 JOIN tables t ON t.id = r.table_id" \
  " JOIN pages p ON p.id = t.page_id JOIN documents d ON d.id = p.document_id"

static MrgSearchResult *
read_result (sqlite3_stmt *stmt,
             ColumnNames  *names)
{
  MrgSearchResult *r = g_new0 (MrgSearchResult, 1);

  r->cell_id = sqlite3_column_int64 (stmt, 0);
  r->row_id = sqlite3_column_int64 (stmt, 1);
  r->page_id = sqlite3_column_int64 (stmt, 2);
  r->document = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  r->page = sqlite3_column_int (stmt, 4);
  r->table = sqlite3_column_int (stmt, 5);
  r->row = sqlite3_column_int (stmt, 6);
  r->column = sqlite3_column_int (stmt, 7);
  r->text = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  r->column_name = column_name (names, sqlite3_column_int64 (stmt, 9), r->column);
  return r;
}

static gboolean
search_fts (MrgStore    *store,
            const char  *query,
            guint        limit,
            ColumnNames *names,
            GPtrArray   *results,
            GHashTable  *seen,
            GError     **error)
{
  g_autofree char *fts = mrg_search_build_fts_query (query);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (fts == NULL)
    return TRUE;
  stmt = mrg_store_prepare (store,
                            "SELECT " RESULT_COLUMNS ", snippet(cells_fts, 0, '[', ']', '…', 12)"
                            " FROM cells_fts JOIN cells c ON c.id = cells_fts.rowid" RESULT_JOINS
                            " WHERE cells_fts MATCH ?"
                            " ORDER BY cells_fts.rank, d.id, p.number, t.idx, r.idx, c.col"
                            " LIMIT ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, fts, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgSearchResult *r = read_result (stmt, names);

      r->snippet = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
      r->score = 1.0;
      g_hash_table_add (seen, GINT_TO_POINTER (r->cell_id));
      g_ptr_array_add (results, r);
    }
  if (rc != SQLITE_DONE)
    {
      /* Quoting leaves nothing FTS5 can refuse; should it still, the variant pass runs. */
      if ((rc & 0xff) == SQLITE_ERROR)
        {
          g_debug ("full-text query %s failed: %s", fts,
                   sqlite3_errmsg (mrg_store_get_db (store)));
          return TRUE;
        }
      return mrg_store_set_error (store, error, rc, "searching");
    }
  return TRUE;
}

/* The cell's words, with those that match a word of the query in [brackets]. */
static char *
mark_words (const char    *text,
            const MrgName *query)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autoptr(MrgName) word = mrg_name_new (words[i]);
      gboolean hit = FALSE;

      if (mrg_name_get_n_words (word) == 1 && !mrg_name_word_is_initial (word, 0))
        for (guint q = 0; q < mrg_name_get_n_words (query) && !hit; q++)
          hit = !mrg_name_word_is_initial (query, q) &&
                mrg_names_key_similarity (mrg_name_get_word_key (word, 0),
                                          mrg_name_get_word_key (query, q)) >= VARIANT_THRESHOLD;
      if (i > 0)
        g_string_append_c (out, ' ');
      if (hit)
        g_string_append_printf (out, "[%s]", words[i]);
      else
        g_string_append (out, words[i]);
    }
  return g_string_free (out, FALSE);
}

static int
compare_variants (gconstpointer a,
                  gconstpointer b)
{
  const MrgSearchResult *x = *(MrgSearchResult * const *) a;
  const MrgSearchResult *y = *(MrgSearchResult * const *) b;

  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  return (x->cell_id > y->cell_id) - (x->cell_id < y->cell_id);
}

/* Cells whose words are the query's words spelled another way. Every distinct text is compared
 * once; a cell with more words than the query is scored on its best-matching words. */
static gboolean
search_variants (MrgStore    *store,
                 const char  *query,
                 ColumnNames *names,
                 GPtrArray   *variants,
                 GHashTable  *seen,
                 GError     **error)
{
  g_autoptr(MrgName) wanted = mrg_name_new (query);
  g_autoptr(GHashTable) scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  gboolean has_word = FALSE;

  /* Initials alone ("М.") would match every word that begins with the letter. */
  for (guint q = 0; q < mrg_name_get_n_words (wanted); q++)
    if (!mrg_name_word_is_initial (wanted, q))
      has_word = TRUE;
  if (!has_word)
    return TRUE;
  stmt = mrg_store_prepare (store, "SELECT " RESULT_COLUMNS " FROM cells c" RESULT_JOINS
                                   " WHERE length(c.text) > 1"
                                   " ORDER BY d.id, p.number, t.idx, r.idx, c.col",
                            error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 8);
      double *score;
      MrgSearchResult *r;

      if (g_hash_table_contains (seen, GINT_TO_POINTER (sqlite3_column_int64 (stmt, 0))) ||
          !mrg_names_has_letters (text))
        continue;
      score = g_hash_table_lookup (scores, text);
      if (score == NULL)
        {
          g_autoptr(MrgName) cell = mrg_name_new (text);

          score = g_new (double, 1);
          *score = mrg_name_compare (wanted, cell);
          /* A one-word query against a longer cell: what counts is that its word is there. */
          if (mrg_name_get_n_words (cell) > mrg_name_get_n_words (wanted))
            {
              double best = 0.0;

              for (guint w = 0; w < mrg_name_get_n_words (cell); w++)
                for (guint q = 0; q < mrg_name_get_n_words (wanted); q++)
                  if (!mrg_name_word_is_initial (cell, w) && !mrg_name_word_is_initial (wanted, q))
                    best = MAX (best, mrg_names_key_similarity (mrg_name_get_word_key (cell, w),
                                                                mrg_name_get_word_key (wanted, q)));
              if (mrg_name_get_n_words (wanted) == 1)
                *score = MAX (*score, best);
            }
          g_hash_table_insert (scores, g_strdup (text), score);
        }
      if (*score < VARIANT_THRESHOLD)
        continue;
      r = read_result (stmt, names);
      r->score = *score;
      r->variant = TRUE;
      r->snippet = mark_words (r->text, wanted);
      g_ptr_array_add (variants, r);
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (store, error, rc, "searching");
  g_ptr_array_sort (variants, compare_variants);
  return TRUE;
}

GPtrArray *
mrg_search (MrgStore    *store,
            const char  *query,
            guint        limit,
            GError     **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) variants = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  ColumnNames names = { 0 };

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_search_result_free);
  if (!g_utf8_validate (query, -1, NULL))
    return g_steal_pointer (&results);

  column_names_load (store, &names);
  if (!search_fts (store, query, limit, &names, results, seen, error))
    {
      column_names_clear (&names);
      return NULL;
    }
  if (limit == 0 || results->len < limit)
    {
      variants = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_search_result_free);
      if (!search_variants (store, query, &names, variants, seen, error))
        {
          column_names_clear (&names);
          return NULL;
        }
      for (guint i = 0; i < variants->len && (limit == 0 || results->len < limit); i++)
        g_ptr_array_add (results, g_steal_pointer (&variants->pdata[i]));
    }
  column_names_clear (&names);
  return g_steal_pointer (&results);
}

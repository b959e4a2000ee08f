/* mrg-search.c: finding text in every cell of a project, across alphabets
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-search"

#include "mrg-search.h"

#include <string.h>

#include "mrg-names.h"
#include "mrg-store.h"
#include "mrg-store-names.h"

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

/* Errors are not fatal here: without its names a hit still shows where it is. */
static void
column_names_load (MrgStore    *store,
                   ColumnNames *names)
{
  g_autoptr(GArray) schema = NULL;
  g_autoptr(GArray) headers = NULL;

  names->schema = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  names->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  schema = mrg_store_names_get_columns (store, NULL);
  for (guint i = 0; schema != NULL && i < schema->len; i++)
    {
      MrgStoreColumnInfo *info = &g_array_index (schema, MrgStoreColumnInfo, i);

      g_hash_table_insert (names->schema, GINT_TO_POINTER (info->position + 1),
                           g_steal_pointer (&info->name));
    }
  headers = mrg_store_names_get_header_cells (store, NULL);
  for (guint i = 0; headers != NULL && i < headers->len; i++)
    {
      MrgStoreHeaderCell *cell = &g_array_index (headers, MrgStoreHeaderCell, i);

      g_hash_table_insert (names->headers,
                           g_strdup_printf ("%" G_GINT64_FORMAT ":%d", cell->table_id, cell->col),
                           g_steal_pointer (&cell->text));
    }
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

static MrgSearchResult *
read_result (const MrgStoreCellHit *hit,
             ColumnNames           *names)
{
  MrgSearchResult *r = g_new0 (MrgSearchResult, 1);

  r->cell_id = hit->cell_id;
  r->row_id = hit->row_id;
  r->page_id = hit->page_id;
  r->document = g_strdup (hit->document);
  r->page = hit->page;
  r->table = hit->table;
  r->row = hit->row;
  r->column = hit->column;
  r->text = g_strdup (hit->text);
  r->column_name = column_name (names, hit->table_id, r->column);
  return r;
}

typedef struct
{
  ColumnNames *names;
  GPtrArray *results;
  GHashTable *seen;
} FtsSearch;

static void
add_fts_hit_cb (const MrgStoreCellHit *hit,
                gpointer               data)
{
  FtsSearch *search = data;
  MrgSearchResult *r = read_result (hit, search->names);

  r->snippet = g_strdup (hit->snippet);
  r->score = 1.0;
  g_hash_table_add (search->seen, GINT_TO_POINTER (r->cell_id));
  g_ptr_array_add (search->results, r);
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
  FtsSearch search = { names, results, seen };

  if (fts == NULL)
    return TRUE;
  return mrg_store_names_search_text (store, fts, limit, add_fts_hit_cb, &search, error);
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

typedef struct
{
  const MrgName *wanted;
  ColumnNames *names;
  GPtrArray *variants;
  GHashTable *seen;
  GHashTable *scores;   /* text → its score, each distinct text compared once */
} VariantSearch;

static void
add_variant_cb (const MrgStoreCellHit *hit,
                gpointer               data)
{
  VariantSearch *search = data;
  const MrgName *wanted = search->wanted;
  const char *text = hit->text;
  double *score;
  MrgSearchResult *r;

  if (g_hash_table_contains (search->seen, GINT_TO_POINTER (hit->cell_id)) ||
      !mrg_names_has_letters (text))
    return;
  score = g_hash_table_lookup (search->scores, text);
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
      g_hash_table_insert (search->scores, g_strdup (text), score);
    }
  if (*score < VARIANT_THRESHOLD)
    return;
  r = read_result (hit, search->names);
  r->score = *score;
  r->variant = TRUE;
  r->snippet = mark_words (r->text, wanted);
  g_ptr_array_add (search->variants, r);
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
  VariantSearch search = { wanted, names, variants, seen, scores };
  gboolean has_word = FALSE;

  /* Initials alone ("М.") would match every word that begins with the letter. */
  for (guint q = 0; q < mrg_name_get_n_words (wanted); q++)
    if (!mrg_name_word_is_initial (wanted, q))
      has_word = TRUE;
  if (!has_word)
    return TRUE;
  if (!mrg_store_names_foreach_cell (store, add_variant_cb, &search, error))
    return FALSE;
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

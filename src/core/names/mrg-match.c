/* mrg-match.c: finding the same person in other lists, fast
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-match"

#include "mrg-match.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mrg-job.h"
#include "mrg-store.h"
#include "mrg-store-names.h"

G_DEFINE_QUARK (mrg-match-error-quark, mrg_match_error)

#define DEFAULT_SHORTLIST 100
/* Steps of the Dice coefficient when picking the shortlist. */
#define N_LEVELS 512
/* Letter pairs of the coarse key: 32 symbols each side. */
#define N_GRAMS (32 * 32)

/* ---- the index ------------------------------------------------------------------------------ */

typedef struct
{
  MrgName *name;
  guint first;        /* the first candidate with this key */
  GArray *others;     /* further candidates with the same key, or NULL */
  guint n_grams;      /* its distinct letter pairs, the too common ones left out */
  guint32 word_ids[MRG_NAME_MAX_WORDS];  /* into words; NO_WORD for an initial */
} Entry;

#define NO_WORD G_MAXUINT32

struct _MrgMatchIndex
{
  guint n_names;
  GArray *entries;            /* Entry */
  GArray *postings[N_GRAMS];  /* guint32 entry numbers */
  gboolean stop[N_GRAMS];     /* letter pairs in so many names that they tell nothing */
  guint8 *entry_grams;        /* each entry's n_grams, packed: read for every touched entry */
  GPtrArray *words;           /* the distinct word keys of all names */
  guint shortlist;
};

/* The coarse key letter of a key letter, 1…31, or 0 to skip it. Merges what conventions and OCR
 * confuse most, so that a variant keeps most of its letter pairs. Vowels are skipped: they vary
 * most between conventions (ou/u, y/i/ы, ie/e) and pairs with them are in nearly every name, which
 * makes counting slow and the shortlist blunt. */
static guint
coarse_symbol (char c)
{
  switch (c)
    {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': return 0;
    case 'Y': return 0;
    case 'J': case 'H': return 2;
    case 's': case 'z': case 'c': return 3;
    case 'k': case 'g': case 'q': return 4;
    case 'd': case 't': return 5;
    case 'b': case 'p': return 6;
    case 'v': case 'f': case 'w': return 7;
    case 'l': return 8;
    case 'm': return 9;
    case 'n': return 10;
    case 'r': return 11;
    default:
      if (c >= 'a' && c <= 'z')
        return 12 + (c - 'a') % 19;
      return 0;
    }
}

#define GRAM_START 31
#define GRAM_END 30

/* Writes the distinct letter pairs of a name's coarse keys into grams; returns how many. */
static guint
name_grams (const MrgName *name,
            guint16       *grams,
            guint          max_grams)
{
  guint n = 0;

  for (guint w = 0; w < mrg_name_get_n_words (name); w++)
    {
      const char *key = mrg_name_get_word_key (name, w);
      guint prev = GRAM_START;

      if (mrg_name_word_is_initial (name, w))
        continue;
      for (const char *p = key;; p++)
        {
          guint sym = *p != '\0' ? coarse_symbol (*p) : GRAM_END;
          guint16 gram;
          gboolean seen = FALSE;

          if (sym == 0 || sym == prev)
            {
              if (*p == '\0')
                break;
              continue;
            }
          gram = (guint16) (prev * 32 + sym);
          for (guint k = 0; k < n; k++)
            if (grams[k] == gram)
              seen = TRUE;
          if (!seen && n < max_grams)
            grams[n++] = gram;
          prev = sym;
          if (*p == '\0')
            break;
        }
    }
  return n;
}

#define MAX_NAME_GRAMS 96

MrgMatchIndex *
mrg_match_index_new (const char * const *names,
                     guint               n_names)
{
  MrgMatchIndex *index = g_new0 (MrgMatchIndex, 1);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) word_ids = g_hash_table_new (g_str_hash, g_str_equal);

  index->n_names = n_names;
  index->shortlist = DEFAULT_SHORTLIST;
  index->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  index->words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_names; i++)
    {
      MrgName *name;
      gpointer found;
      guint16 grams[MAX_NAME_GRAMS];
      Entry entry = { 0 };

      if (names[i] == NULL)
        continue;
      name = mrg_name_new (names[i]);
      if (mrg_name_get_n_words (name) == 0)
        {
          mrg_name_free (name);
          continue;
        }
      if (g_hash_table_lookup_extended (by_key, mrg_name_get_key (name), NULL, &found))
        {
          Entry *e = &g_array_index (index->entries, Entry, GPOINTER_TO_UINT (found));

          if (e->others == NULL)
            e->others = g_array_new (FALSE, FALSE, sizeof (guint));
          g_array_append_val (e->others, i);
          mrg_name_free (name);
          continue;
        }

      entry.name = name;
      entry.first = i;
      entry.n_grams = name_grams (name, grams, G_N_ELEMENTS (grams));
      for (guint w = 0; w < MRG_NAME_MAX_WORDS; w++)
        {
          const char *word_key;

          entry.word_ids[w] = NO_WORD;
          if (w >= mrg_name_get_n_words (name) || mrg_name_word_is_initial (name, w))
            continue;
          word_key = mrg_name_get_word_key (name, w);
          if (!g_hash_table_lookup_extended (word_ids, word_key, NULL, &found))
            {
              found = GUINT_TO_POINTER (index->words->len);
              g_ptr_array_add (index->words, g_strdup (word_key));
              g_hash_table_insert (word_ids, g_ptr_array_index (index->words, index->words->len - 1),
                                   found);
            }
          entry.word_ids[w] = GPOINTER_TO_UINT (found);
        }
      for (guint k = 0; k < entry.n_grams; k++)
        {
          guint32 number = index->entries->len;

          if (index->postings[grams[k]] == NULL)
            index->postings[grams[k]] = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_array_append_val (index->postings[grams[k]], number);
        }
      g_hash_table_insert (by_key, (gpointer) mrg_name_get_key (name),
                           GUINT_TO_POINTER (index->entries->len));
      g_array_append_val (index->entries, entry);
    }

  /* The pair ending "-ov"/"-ev" is in most surnames: counting it costs more than all the
   * others and tells nothing (measured: half the query time, no change in recall). */
  {
    guint stop_limit = MAX (index->entries->len * 3 / 10, 500);

    for (guint g = 0; g < N_GRAMS; g++)
      index->stop[g] = index->postings[g] != NULL && index->postings[g]->len > stop_limit;
    for (guint e = 0; e < index->entries->len; e++)
      {
        Entry *entry = &g_array_index (index->entries, Entry, e);
        guint16 grams[MAX_NAME_GRAMS];
        guint n = name_grams (entry->name, grams, G_N_ELEMENTS (grams));

        entry->n_grams = 0;
        for (guint k = 0; k < n; k++)
          if (!index->stop[grams[k]])
            entry->n_grams++;
      }
    index->entry_grams = g_new (guint8, MAX (index->entries->len, 1));
    for (guint e = 0; e < index->entries->len; e++)
      index->entry_grams[e] = MIN (g_array_index (index->entries, Entry, e).n_grams, 255);
  }
  return index;
}

void
mrg_match_index_free (MrgMatchIndex *index)
{
  if (index == NULL)
    return;
  for (guint i = 0; i < index->entries->len; i++)
    {
      Entry *e = &g_array_index (index->entries, Entry, i);

      mrg_name_free (e->name);
      if (e->others != NULL)
        g_array_unref (e->others);
    }
  g_array_unref (index->entries);
  g_ptr_array_unref (index->words);
  g_free (index->entry_grams);
  for (guint i = 0; i < N_GRAMS; i++)
    if (index->postings[i] != NULL)
      g_array_unref (index->postings[i]);
  g_free (index);
}

guint
mrg_match_index_get_size (MrgMatchIndex *index)
{
  g_return_val_if_fail (index != NULL, 0);
  return index->n_names;
}

void
mrg_match_index_set_shortlist (MrgMatchIndex *index,
                               guint          shortlist)
{
  g_return_if_fail (index != NULL);
  index->shortlist = shortlist;
}

typedef struct
{
  guint32 entry;
  float value;
} Ranked;

/* Per-thread scratch space for a query. */
typedef struct
{
  guint16 *counts;
  guint32 *touched;
  guint n_touched;
  Ranked *shortlist;
  /* the similarity of query word i and index word w at memo[w * MRG_NAME_MAX_WORDS + i],
   * negative until computed: names share their words, each pair is computed once a query */
  float *memo;
  guint32 *memo_touched;
  guint n_memo_touched;
} Scratch;

static void
scratch_init (Scratch       *s,
              MrgMatchIndex *index)
{
  guint n_entries = index->entries->len;
  guint n_words = index->words->len;

  s->counts = g_new0 (guint16, MAX (n_entries, 1));
  s->touched = g_new (guint32, MAX (n_entries, 1));
  s->n_touched = 0;
  s->shortlist = g_new (Ranked, MAX (n_entries, 1));
  s->memo = g_new (float, (gsize) MAX (n_words, 1) * MRG_NAME_MAX_WORDS);
  for (gsize i = 0; i < (gsize) MAX (n_words, 1) * MRG_NAME_MAX_WORDS; i++)
    s->memo[i] = -1.0f;
  s->memo_touched = g_new (guint32, MAX (n_words, 1));
  s->n_memo_touched = 0;
}

static void
scratch_clear (Scratch *s)
{
  g_free (s->counts);
  g_free (s->touched);
  g_free (s->shortlist);
  g_free (s->memo);
  g_free (s->memo_touched);
}

/* mrg_name_compare() of the query and an entry, with word similarities from the memo. */
static float
score_entry (MrgMatchIndex *index,
             Scratch       *scratch,
             const MrgName *query,
             const Entry   *entry)
{
  float sims[MRG_NAME_MAX_WORDS * MRG_NAME_MAX_WORDS];
  guint nq = mrg_name_get_n_words (query);

  for (guint j = 0; j < MRG_NAME_MAX_WORDS; j++)
    {
      guint32 w = entry->word_ids[j];
      float *memo;

      if (w == NO_WORD)
        continue;
      memo = &scratch->memo[(gsize) w * MRG_NAME_MAX_WORDS];
      if (memo[0] < -0.5f && memo[1] < -0.5f && memo[2] < -0.5f && memo[3] < -0.5f)
        scratch->memo_touched[scratch->n_memo_touched++] = w;
      for (guint i = 0; i < nq; i++)
        {
          if (memo[i] < 0.0f)
            memo[i] = mrg_name_word_is_initial (query, i)
                        ? 0.0f
                        : (float) mrg_names_key_similarity (mrg_name_get_word_key (query, i),
                                                            g_ptr_array_index (index->words, w));
          sims[i * MRG_NAME_MAX_WORDS + j] = memo[i];
        }
    }
  return (float) mrg_name_compare_with (query, entry->name, sims);
}

static void
scratch_forget_words (Scratch *s)
{
  for (guint t = 0; t < s->n_memo_touched; t++)
    for (guint i = 0; i < MRG_NAME_MAX_WORDS; i++)
      s->memo[(gsize) s->memo_touched[t] * MRG_NAME_MAX_WORDS + i] = -1.0f;
  s->n_memo_touched = 0;
}

/* Keeps the k best (entry, score) in best[], sorted, best first; returns the new count. */
static guint
keep_best (Ranked  *best,
           guint    n,
           guint    k,
           guint32  entry,
           float    score)
{
  guint pos;

  if (n == k && (score < best[k - 1].value ||
                 (score == best[k - 1].value && entry > best[k - 1].entry)))
    return n;
  pos = n < k ? n : k - 1;
  while (pos > 0 && (best[pos - 1].value < score ||
                     (best[pos - 1].value == score && best[pos - 1].entry > entry)))
    {
      best[pos] = best[pos - 1];
      pos--;
    }
  best[pos].entry = entry;
  best[pos].value = score;
  return n < k ? n + 1 : n;
}

static guint
query_with_scratch (MrgMatchIndex *index,
                    Scratch       *scratch,
                    const MrgName *query,
                    guint          k,
                    MrgMatchHit   *hits)
{
  guint16 grams[MAX_NAME_GRAMS];
  guint n_grams;
  guint n_entries = index->entries->len;
  g_autofree Ranked *best = NULL;
  guint n_best = 0;
  guint n_hits = 0;

  if (k == 0 || n_entries == 0 || mrg_name_get_n_words (query) == 0)
    return 0;

  /* Entries that may repeat rows: keep enough distinct keys to fill k rows. */
  best = g_new (Ranked, k);

  if (index->shortlist == 0 || index->shortlist >= n_entries)
    {
      for (guint e = 0; e < n_entries; e++)
        {
          Entry *entry = &g_array_index (index->entries, Entry, e);

          n_best = keep_best (best, n_best, k, e, score_entry (index, scratch, query, entry));
        }
    }
  else
    {
      Ranked *shortlist;
      guint histogram[N_LEVELS];
      guint n_short = 0;
      guint n_used = 0;

      n_grams = name_grams (query, grams, G_N_ELEMENTS (grams));
      {
        /* locals, so that the compiler keeps them in registers across the stores below */
        guint16 *counts = scratch->counts;
        guint32 *touched = scratch->touched;
        guint n_touched = 0;

        for (guint g = 0; g < n_grams; g++)
          {
            GArray *list = index->postings[grams[g]];
            const guint32 *data;
            guint len;

            if (list == NULL || index->stop[grams[g]])
              continue;
            n_used++;
            data = (const guint32 *) list->data;
            len = list->len;
            for (guint p = 0; p < len; p++)
              {
                guint32 e = data[p];

                if (counts[e]++ == 0)
                  touched[n_touched++] = e;
              }
          }
        scratch->n_touched = n_touched;
      }

      /* Dice coefficient of the letter pairs; the shortlist is its top, found through a
       * histogram of the coefficient rather than a sort of every touched name. */
      shortlist = scratch->shortlist;
      memset (histogram, 0, sizeof histogram);
      {
        guint16 *counts = scratch->counts;
        const guint32 *touched = scratch->touched;
        const guint8 *entry_grams = index->entry_grams;
        guint n_touched = scratch->n_touched;

        for (guint t = 0; t < n_touched; t++)
          {
            guint32 e = touched[t];
            float dice = 2.0f * counts[e] / (float) MAX (n_used + entry_grams[e], 1);

            shortlist[t].entry = e;
            shortlist[t].value = dice;
            histogram[MIN ((guint) (dice * (N_LEVELS - 1)), N_LEVELS - 1)]++;
            counts[e] = 0;
          }
      }
      n_short = scratch->n_touched;
      if (n_short > index->shortlist)
        {
          guint level = N_LEVELS;
          guint sum = 0;
          guint kept = 0;

          while (level > 0 && sum < index->shortlist)
            sum += histogram[--level];
          for (guint t = 0; t < n_short; t++)
            if (MIN ((guint) (shortlist[t].value * (N_LEVELS - 1)), N_LEVELS - 1) >= level)
              shortlist[kept++] = shortlist[t];
          n_short = kept;
        }
      for (guint s = 0; s < n_short; s++)
        {
          Entry *entry = &g_array_index (index->entries, Entry, shortlist[s].entry);

          n_best = keep_best (best, n_best, k, shortlist[s].entry,
                              score_entry (index, scratch, query, entry));
        }
    }

  scratch_forget_words (scratch);
  for (guint b = 0; b < n_best && n_hits < k; b++)
    {
      Entry *entry = &g_array_index (index->entries, Entry, best[b].entry);

      if (best[b].value <= 0.0f)
        break;
      hits[n_hits].candidate = entry->first;
      hits[n_hits].score = best[b].value;
      n_hits++;
      for (guint o = 0; entry->others != NULL && o < entry->others->len && n_hits < k; o++)
        {
          hits[n_hits].candidate = g_array_index (entry->others, guint, o);
          hits[n_hits].score = best[b].value;
          n_hits++;
        }
    }
  return n_hits;
}

guint
mrg_match_index_query (MrgMatchIndex *index,
                       const MrgName *query,
                       guint          k,
                       MrgMatchHit   *hits)
{
  Scratch scratch;
  guint n;

  g_return_val_if_fail (index != NULL, 0);
  g_return_val_if_fail (query != NULL, 0);
  g_return_val_if_fail (k == 0 || hits != NULL, 0);

  scratch_init (&scratch, index);
  n = query_with_scratch (index, &scratch, query, k, hits);
  scratch_clear (&scratch);
  return n;
}

typedef struct
{
  MrgMatchIndex *index;
  const char * const *queries;
  guint k;
  MrgMatchHit *hits;
  guint *n_hits;
} QueryMany;

static gpointer
query_worker_init (guint    worker,
                   gpointer data,
                   GError **error)
{
  QueryMany *many = data;
  Scratch *scratch = g_new (Scratch, 1);

  scratch_init (scratch, many->index);
  return scratch;
}

static gboolean
query_one (gpointer scratch,
           guint    q,
           gpointer data,
           GError **error)
{
  QueryMany *many = data;
  g_autoptr(MrgName) name = mrg_name_new (many->queries[q]);

  many->n_hits[q] = query_with_scratch (many->index, scratch, name, many->k,
                                        many->hits + (gsize) q * many->k);
  return TRUE;
}

static void
query_worker_cleanup (gpointer scratch,
                      gpointer data)
{
  scratch_clear (scratch);
  g_free (scratch);
}

void
mrg_match_index_query_many (MrgMatchIndex      *index,
                            const char * const *queries,
                            guint               n_queries,
                            guint               k,
                            guint               n_threads,
                            MrgMatchHit        *hits,
                            guint              *n_hits)
{
  static const MrgParallelFuncs funcs = { query_worker_init, query_one, query_worker_cleanup };
  QueryMany many = { index, queries, k, hits, n_hits };

  g_return_if_fail (index != NULL);
  g_return_if_fail (n_queries == 0 || (queries != NULL && n_hits != NULL));

  /* Nothing here fails or is cancelled. */
  mrg_parallel_for (n_queries, n_threads, &funcs, &many, NULL, NULL);
}

/* ---- CSV ------------------------------------------------------------------------------------ */

/* Splits RFC 4180 text into records of fields; quoted fields may hold delimiters, quotes ("")
 * and line breaks. A quote never closed takes the rest of the text into its field; the line it
 * opened on goes to *unclosed_line (0 when every quote is closed). */
static GPtrArray *
parse_csv (const char *text,
           gsize       length,
           char        delimiter,
           guint      *unclosed_line)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;
  gboolean any = FALSE;
  guint line = 1, quote_line = 0;
  gsize i = 0;

  while (i < length)
    {
      char c = text[i];

      if (c == '\n')
        line++;
      if (quoted)
        {
          if (c == '"' && i + 1 < length && text[i + 1] == '"')
            g_string_append_c (field, '"'), i += 2;
          else if (c == '"')
            quoted = FALSE, i++;
          else
            g_string_append_c (field, c), i++;
          continue;
        }
      if (c == '"' && field->len == 0)
        {
          quoted = TRUE;
          quote_line = line;
          any = TRUE;
          i++;
        }
      else if (c == delimiter && delimiter != '\0')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          any = TRUE;
          i++;
        }
      else if (c == '\r' || c == '\n')
        {
          if (any || field->len > 0)
            {
              g_ptr_array_add (fields, g_strdup (field->str));
              g_ptr_array_add (fields, NULL);
              g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
              g_string_truncate (field, 0);
            }
          any = FALSE;
          i += (c == '\r' && i + 1 < length && text[i + 1] == '\n') ? 2 : 1;
        }
      else
        {
          g_string_append_c (field, c);
          any = TRUE;
          i++;
        }
    }
  if (any || field->len > 0)
    {
      g_ptr_array_add (fields, g_strdup (field->str));
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
    }
  *unclosed_line = quoted ? quote_line : 0;
  return records;
}

/* The delimiter that splits the header line into the most fields (outside quotes); none when
 * the header is one column, so that "Bektanov, Mazhit" in a one-column list stays whole. */
static char
guess_delimiter (const char *text,
                 gsize       length)
{
  /* on a tie, the rarer in names wins: a comma may be part of a header */
  static const char candidates[] = { '\t', ';', ',' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  char best = '\0';
  guint best_count = 0;

  for (gsize i = 0; i < length && (quoted || (text[i] != '\n' && text[i] != '\r')); i++)
    {
      if (text[i] == '"')
        quoted = !quoted;
      else if (!quoted)
        for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
          if (text[i] == candidates[c])
            counts[c]++;
    }
  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    if (counts[c] > best_count)
      {
        best = candidates[c];
        best_count = counts[c];
      }
  return best;
}

GPtrArray *
mrg_match_read_csv_column (const char          *path,
                           const char * const  *columns,
                           GError             **error)
{
  return mrg_match_read_csv_column_full (path, columns, NULL, error);
}

GPtrArray *
mrg_match_read_csv_column_full (const char          *path,
                                const char * const  *columns,
                                char               **out_warning,
                                GError             **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree int *positions = NULL;
  const char *text;
  gsize length = 0;
  guint n_columns;
  char **header;
  GPtrArray *names;
  guint unclosed_line = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (columns != NULL && columns[0] != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, MRG_MATCH_ERROR, MRG_MATCH_ERROR_FILE, "%s: %s", path,
                   local_error->message);
      return NULL;
    }
  text = contents;
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    text += 3, length -= 3;
  if (!g_utf8_validate (text, length, NULL))
    {
      g_set_error (error, MRG_MATCH_ERROR, MRG_MATCH_ERROR_FILE,
                   _("%s: not UTF-8 text (save the list as CSV in UTF-8)"), path);
      return NULL;
    }

  if (out_warning != NULL)
    *out_warning = NULL;
  records = parse_csv (text, length, guess_delimiter (text, length), &unclosed_line);
  if (unclosed_line > 0 && out_warning != NULL)
    *out_warning = g_strdup_printf (_("%s: line %u: a quote is never closed; the rest of the "
                                      "file was read as one field"),
                                    path, unclosed_line);
  if (records->len == 0)
    {
      g_set_error (error, MRG_MATCH_ERROR, MRG_MATCH_ERROR_FILE,
                   _("%s: the file is empty (a header line is needed)"), path);
      return NULL;
    }
  header = g_ptr_array_index (records, 0);

  n_columns = g_strv_length ((char **) columns);
  positions = g_new (int, n_columns);
  for (guint c = 0; c < n_columns; c++)
    {
      positions[c] = -1;
      for (int h = 0; header[h] != NULL && positions[c] < 0; h++)
        if (strcmp (g_strstrip (header[h]), columns[c]) == 0)
          positions[c] = h;
      for (int h = 0; header[h] != NULL && positions[c] < 0; h++)
        {
          g_autofree char *a = g_utf8_casefold (header[h], -1);
          g_autofree char *b = g_utf8_casefold (columns[c], -1);

          if (strcmp (a, b) == 0)
            positions[c] = h;
        }
      if (positions[c] < 0)
        {
          g_autofree char *known = g_strjoinv (", ", header);

          /* the message is one line, whatever the headers hold */
          g_strdelimit (known, "\r\n", ' ');

          g_set_error (error, MRG_MATCH_ERROR, MRG_MATCH_ERROR_COLUMN,
                       _("%s: no column “%s” (the columns are: %s)"), path, columns[c], known);
          return NULL;
        }
    }

  names = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 1; r < records->len; r++)
    {
      char **record = g_ptr_array_index (records, r);
      guint n_fields = g_strv_length (record);
      GString *name = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        {
          const char *value = (guint) positions[c] < n_fields ? record[positions[c]] : "";

          if (*value == '\0')
            continue;
          if (name->len > 0)
            g_string_append_c (name, ' ');
          g_string_append (name, value);
        }
      g_ptr_array_add (names, g_strstrip (g_string_free (name, FALSE)));
    }
  return names;
}

/* ---- names in a project ---------------------------------------------------------------------- */

void
mrg_match_row_free (MrgMatchRow *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row->document);
  g_free (row);
}

/* Whether a column header names a person's name or part of it. Words are matched whole (or by
 * their stem) so that "Даты" is not "аты" and "Place name" is not a name. */
static gboolean
header_is_name (const char *header)
{
  static const char *const stems[] = { "фамил", "отчеств", "nazwisk", "nachname", "vorname" };
  static const char *const words[] = {
    "имя", "имена", "имени", "фио", "тегі", "аты", "есімі", "nom", "noms", "prénom", "prenom",
    "prénoms", "navn", "etternavn", "fornavn", "imię", "imie", "surname", "surnames",
  };
  static const char *const whole[] = {
    "name", "names", "full name", "given name", "first name", "last name", "family name",
    "name and surname", "surname and name",
  };
  static const char *const dotted[] = { "ф.и.о", "ф. и. о", "и.и.з", "и. и. з" };
  g_autofree char *lower = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) collapsed = g_string_new (NULL);

  if (header == NULL || *header == '\0')
    return FALSE;
  lower = g_utf8_strdown (header, -1);
  for (guint i = 0; i < G_N_ELEMENTS (dotted); i++)
    if (strstr (lower, dotted[i]) != NULL)
      return TRUE;

  /* words: runs of letters */
  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c) || g_unichar_ismark (c))
        g_string_append_unichar (collapsed, c);
      else if (collapsed->len > 0 && collapsed->str[collapsed->len - 1] != ' ')
        g_string_append_c (collapsed, ' ');
    }
  g_strchomp (collapsed->str);
  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    if (strcmp (collapsed->str, whole[i]) == 0)
      return TRUE;

  parts = g_strsplit (collapsed->str, " ", -1);
  for (guint w = 0; parts[w] != NULL; w++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (stems); i++)
        if (g_str_has_prefix (parts[w], stems[i]))
          return TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (words); i++)
        if (strcmp (parts[w], words[i]) == 0)
          return TRUE;
    }
  return FALSE;
}

typedef struct
{
  GHashTable *schema_columns;   /* position + 1 of each name column, or empty */
  GHashTable *table_columns;    /* "table:col" of each name column of a header row */
  GPtrArray *rows;
  MrgMatchRow *current;
  GString *name;
} RowsLoad;

static void
finish_row (RowsLoad *load)
{
  MrgMatchRow *current = g_steal_pointer (&load->current);

  if (current == NULL)
    return;
  current->name = g_strdup (g_strstrip (load->name->str));
  if (*current->name != '\0')
    g_ptr_array_add (load->rows, current);
  else
    mrg_match_row_free (current);
}

static void
add_name_cell_cb (const MrgStoreCellHit *hit,
                  gpointer               data)
{
  RowsLoad *load = data;
  gboolean is_name;

  if (g_hash_table_size (load->schema_columns) > 0)
    is_name = g_hash_table_contains (load->schema_columns, GINT_TO_POINTER (hit->column + 1));
  else
    {
      char key[64];

      g_snprintf (key, sizeof key, "%" G_GINT64_FORMAT ":%d", hit->table_id, hit->column);
      is_name = g_hash_table_contains (load->table_columns, key);
    }
  if (!is_name)
    return;

  if (load->current == NULL || load->current->row_id != hit->row_id)
    {
      finish_row (load);
      g_string_truncate (load->name, 0);
      load->current = g_new0 (MrgMatchRow, 1);
      load->current->row_id = hit->row_id;
      load->current->row = hit->row;
      load->current->table = hit->table;
      load->current->page = hit->page;
      load->current->document = g_strdup (hit->document);
    }
  if (hit->text != NULL && *hit->text != '\0')
    {
      if (load->current->cell_id == 0)
        load->current->cell_id = hit->cell_id;
      if (load->name->len > 0)
        g_string_append_c (load->name, ' ');
      g_string_append (load->name, hit->text);
    }
}

GPtrArray *
mrg_match_load_project_rows (MrgStore  *store,
                             GError   **error)
{
  g_autoptr(GArray) schema = NULL;
  g_autoptr(GArray) headers = NULL;
  g_autoptr(GHashTable) schema_columns = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) table_columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_match_row_free);
  gboolean schema_typed = FALSE;
  RowsLoad load = { schema_columns, table_columns, rows, NULL, NULL };
  gboolean ok;

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);

  /* The schema decides when it has a column typed 'name'; else its headers; else each table's
   * header row. */
  schema = mrg_store_names_get_columns (store, error);
  if (schema == NULL)
    return NULL;
  for (guint i = 0; i < schema->len; i++)
    if (g_strcmp0 (g_array_index (schema, MrgStoreColumnInfo, i).type, "name") == 0)
      schema_typed = TRUE;
  for (guint i = 0; i < schema->len; i++)
    {
      const MrgStoreColumnInfo *info = &g_array_index (schema, MrgStoreColumnInfo, i);

      if (schema_typed ? g_strcmp0 (info->type, "name") == 0 : header_is_name (info->name))
        g_hash_table_add (schema_columns, GINT_TO_POINTER (info->position + 1));
    }

  if (g_hash_table_size (schema_columns) == 0)
    {
      headers = mrg_store_names_get_header_cells (store, error);
      if (headers == NULL)
        return NULL;
      for (guint i = 0; i < headers->len; i++)
        {
          const MrgStoreHeaderCell *cell = &g_array_index (headers, MrgStoreHeaderCell, i);

          if (header_is_name (cell->text))
            g_hash_table_add (table_columns,
                              g_strdup_printf ("%" G_GINT64_FORMAT ":%d", cell->table_id,
                                               cell->col));
        }
    }

  if (g_hash_table_size (schema_columns) == 0 && g_hash_table_size (table_columns) == 0)
    {
      g_set_error (error, MRG_MATCH_ERROR, MRG_MATCH_ERROR_NO_NAMES,
                   _("%s: no column of names (give a column the type “name”, or a header "
                     "such as “Фамилия” or “Name”)"),
                   mrg_store_get_path (store));
      return NULL;
    }

  load.name = g_string_new (NULL);
  ok = mrg_store_names_foreach_body_cell (store, add_name_cell_cb, &load, error);
  finish_row (&load);
  g_string_free (load.name, TRUE);
  if (!ok)
    return NULL;
  return g_steal_pointer (&rows);
}

/* ---- duplicates ----------------------------------------------------------------------------- */

static int
compare_duplicates (gconstpointer a,
                    gconstpointer b)
{
  const MrgMatchDuplicate *x = *(MrgMatchDuplicate * const *) a;
  const MrgMatchDuplicate *y = *(MrgMatchDuplicate * const *) b;

  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  if (x->a->row_id != y->a->row_id)
    return x->a->row_id < y->a->row_id ? -1 : 1;
  return (x->b->row_id > y->b->row_id) - (x->b->row_id < y->b->row_id);
}

#define DUPLICATE_CANDIDATES 20

GPtrArray *
mrg_match_find_duplicates (MrgStore   *store,
                           double      threshold,
                           GPtrArray **out_rows,
                           GError    **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(MrgMatchIndex) index = NULL;
  g_autofree const char **names = NULL;
  g_autofree MrgMatchHit *hits = NULL;
  g_autofree guint *n_hits = NULL;
  g_autoptr(GHashTable) seen = NULL;
  GPtrArray *pairs;
  guint k;

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);
  g_return_val_if_fail (out_rows != NULL, NULL);

  rows = mrg_match_load_project_rows (store, error);
  if (rows == NULL)
    return NULL;

  names = g_new0 (const char *, rows->len + 1);
  for (guint i = 0; i < rows->len; i++)
    names[i] = ((MrgMatchRow *) g_ptr_array_index (rows, i))->name;
  index = mrg_match_index_new (names, rows->len);
  k = MIN (DUPLICATE_CANDIDATES, MAX (rows->len, 1));
  hits = g_new0 (MrgMatchHit, (gsize) rows->len * k);
  n_hits = g_new0 (guint, MAX (rows->len, 1));
  mrg_match_index_query_many (index, names, rows->len, k, 0, hits, n_hits);

  pairs = g_ptr_array_new_with_free_func (g_free);
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      MrgMatchRow *a = g_ptr_array_index (rows, i);

      for (guint h = 0; h < n_hits[i]; h++)
        {
          const MrgMatchHit *hit = &hits[(gsize) i * k + h];
          MrgMatchRow *b = g_ptr_array_index (rows, hit->candidate);
          MrgMatchDuplicate *pair;

          guint lo = MIN (i, hit->candidate);
          guint hi = MAX (i, hit->candidate);
          gint64 *key;

          /* A person is listed once per page, so two rows of one page are two people who share
           * a name. */
          if (hit->candidate == i || hit->score < threshold)
            continue;
          if (a->page == b->page && g_strcmp0 (a->document, b->document) == 0)
            continue;
          /* Each pair once, whichever of its rows found the other. */
          key = g_new (gint64, 1);
          *key = ((gint64) lo << 32) | hi;
          if (!g_hash_table_add (seen, key))
            continue;
          pair = g_new0 (MrgMatchDuplicate, 1);
          pair->a = g_ptr_array_index (rows, lo);
          pair->b = g_ptr_array_index (rows, hi);
          pair->score = hit->score;
          g_ptr_array_add (pairs, pair);
        }
    }
  g_ptr_array_sort (pairs, compare_duplicates);
  *out_rows = g_steal_pointer (&rows);
  return pairs;
}

/* ---- decisions ------------------------------------------------------------------------------ */

const char *
mrg_match_decision_kind_to_string (MrgMatchDecisionKind kind)
{
  return kind == MRG_MATCH_DECISION_ACCEPTED ? "accepted" : "rejected";
}

gboolean
mrg_match_decision_kind_from_string (const char           *str,
                                     MrgMatchDecisionKind *kind)
{
  if (g_strcmp0 (str, "accepted") == 0)
    *kind = MRG_MATCH_DECISION_ACCEPTED;
  else if (g_strcmp0 (str, "rejected") == 0)
    *kind = MRG_MATCH_DECISION_REJECTED;
  else
    return FALSE;
  return TRUE;
}

void
mrg_match_decision_free (MrgMatchDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->list_file);
  g_free (decision->list_name);
  g_free (decision->candidate_name);
  g_free (decision->who);
  g_free (decision->at);
  g_free (decision);
}

gint64
mrg_match_record_decision (MrgStore                *store,
                           const MrgMatchDecision  *decision,
                           GError                 **error)
{
  MrgStoreDecision stored = { 0 };

  g_return_val_if_fail (MRG_IS_STORE (store), 0);
  g_return_val_if_fail (decision != NULL && decision->list_file != NULL, 0);

  stored = (MrgStoreDecision) {
    .list_file = decision->list_file,
    .list_row = decision->list_row,
    .list_name = decision->list_name,
    .row_id = decision->row_id,
    .cell_id = decision->cell_id,
    .candidate_name = decision->candidate_name,
    .score = decision->score,
    .decision = mrg_match_decision_kind_to_string (decision->decision),
  };
  return mrg_store_names_add_decision (store, &stored, error);
}

static void
add_decision_cb (const MrgStoreDecision *stored,
                 gpointer                data)
{
  GPtrArray *decisions = data;
  MrgMatchDecision *d = g_new0 (MrgMatchDecision, 1);

  d->id = stored->id;
  d->list_file = g_strdup (stored->list_file);
  d->list_row = stored->list_row;
  d->list_name = g_strdup (stored->list_name);
  d->row_id = stored->row_id;
  d->cell_id = stored->cell_id;
  d->candidate_name = g_strdup (stored->candidate_name);
  d->score = stored->score;
  if (!mrg_match_decision_kind_from_string (stored->decision, &d->decision))
    d->decision = MRG_MATCH_DECISION_REJECTED;
  d->who = g_strdup (stored->who);
  d->at = g_strdup (stored->at);
  g_ptr_array_add (decisions, d);
}

GPtrArray *
mrg_match_get_decisions (MrgStore    *store,
                         const char  *list_file,
                         GError     **error)
{
  g_autoptr(GPtrArray) decisions = NULL;

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);

  decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_match_decision_free);
  if (!mrg_store_names_foreach_decision (store, list_file, add_decision_cb, decisions, error))
    return NULL;
  return g_steal_pointer (&decisions);
}

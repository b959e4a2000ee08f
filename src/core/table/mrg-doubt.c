/* mrg-doubt.c: which cells OCR probably read wrong, and why (mrg-doubt.h)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-doubt"

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>
#include <string.h>

#include "mrg-doubt.h"
#include "mrg-schema.h"
#include "mrg-store-vocab.h"

struct _MrgDoubtVocab
{
  GPtrArray *words;    /* by column: GHashTable of folded word → GUINT_TO_POINTER (count) */
  GArray *n_values;    /* by column: guint, checked values */
};

MrgDoubtVocab *
mrg_doubt_vocab_new (void)
{
  MrgDoubtVocab *vocab = g_new0 (MrgDoubtVocab, 1);

  vocab->words = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  vocab->n_values = g_array_new (FALSE, TRUE, sizeof (guint));
  return vocab;
}

void
mrg_doubt_vocab_free (MrgDoubtVocab *vocab)
{
  if (vocab == NULL)
    return;
  g_ptr_array_unref (vocab->words);
  g_array_unref (vocab->n_values);
  g_free (vocab);
}

/* A word as the vocabulary keeps it: NFC, case folded, without the punctuation around it. */
static char *
fold_word (const char *word)
{
  g_autofree char *nfc = g_utf8_normalize (word, -1, G_NORMALIZE_NFC);
  g_autofree char *folded = g_utf8_casefold (nfc, -1);
  const char *start = folded;
  const char *end = folded + strlen (folded);

  while (*start != '\0' && !g_unichar_isalnum (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start && !g_unichar_isalnum (g_utf8_get_char (g_utf8_prev_char (end))))
    end = g_utf8_prev_char (end);
  return g_strndup (start, end - start);
}

void
mrg_doubt_vocab_add (MrgDoubtVocab *vocab,
                     guint          col,
                     const char    *text,
                     guint          count)
{
  g_auto(GStrv) words = NULL;
  GHashTable *table;

  g_return_if_fail (vocab != NULL);
  g_return_if_fail (text != NULL);

  while (vocab->words->len <= col)
    g_ptr_array_add (vocab->words, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
  if (vocab->n_values->len <= col)
    g_array_set_size (vocab->n_values, col + 1);
  table = g_ptr_array_index (vocab->words, col);
  g_array_index (vocab->n_values, guint, col) += count;
  words = g_strsplit_set (text, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *word = fold_word (words[i]);
      guint seen;

      if (*word == '\0')
        {
          g_free (word);
          continue;
        }
      seen = GPOINTER_TO_UINT (g_hash_table_lookup (table, word));
      g_hash_table_replace (table, word, GUINT_TO_POINTER (seen + count));
    }
}

static void
vocab_add_cb (int         col,
              const char *text,
              guint       count,
              gpointer    data)
{
  if (col >= 0)
    mrg_doubt_vocab_add (data, (guint) col, text, count);
}

MrgDoubtVocab *
mrg_doubt_vocab_load (MrgStore  *store,
                      gint64     layout_id,
                      GError   **error)
{
  g_autoptr(MrgDoubtVocab) vocab = mrg_doubt_vocab_new ();

  if (!mrg_store_vocab_foreach (store, layout_id, vocab_add_cb, vocab, error))
    return NULL;
  return g_steal_pointer (&vocab);
}

guint
mrg_doubt_vocab_size (MrgDoubtVocab *vocab,
                      guint          col)
{
  g_return_val_if_fail (vocab != NULL, 0);
  return col < vocab->n_values->len ? g_array_index (vocab->n_values, guint, col) : 0;
}

gboolean
mrg_doubt_vocab_knows (MrgDoubtVocab *vocab,
                       guint          col,
                       const char    *word)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (vocab != NULL, FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  if (col >= vocab->words->len)
    return FALSE;
  folded = fold_word (word);
  return *folded == '\0'
         || g_hash_table_contains (g_ptr_array_index (vocab->words, col), folded);
}

/* ---- the signals --------------------------------------------------------------------------- */

typedef enum
{
  SCRIPT_NONE,
  SCRIPT_CYRILLIC,
  SCRIPT_LATIN,
} Script;

static Script
letter_script (gunichar ch)
{
  if (!g_unichar_isalpha (ch))
    return SCRIPT_NONE;
  switch (g_unichar_get_script (ch))
    {
    case G_UNICODE_SCRIPT_CYRILLIC:
      return SCRIPT_CYRILLIC;
    case G_UNICODE_SCRIPT_LATIN:
      return SCRIPT_LATIN;
    default:
      return SCRIPT_NONE;
    }
}

/* The text of the cell at `col` of row `r`: NULL for a header row (or an empty cell). */
static const char *
body_text (MrgTable *table,
           guint     r,
           guint     col)
{
  MrgTableRow *row = g_ptr_array_index (table->rows, r);

  return row->header ? NULL : row->cells[col].text;
}

/* The script most filled body cells of the column are written in: SCRIPT_NONE when neither has
 * twice the other's cells (or the column holds no letters). */
static Script
column_script (MrgTable *table,
               guint     col)
{
  guint cyrillic = 0, latin = 0;

  for (guint r = 0; r < table->rows->len; r++)
    {
      const char *text = body_text (table, r, col);
      gboolean has_cyrillic = FALSE, has_latin = FALSE;

      if (text == NULL)
        continue;
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        {
          Script s = letter_script (g_utf8_get_char (p));

          has_cyrillic |= s == SCRIPT_CYRILLIC;
          has_latin |= s == SCRIPT_LATIN;
        }
      cyrillic += has_cyrillic;
      latin += has_latin;
    }
  if (cyrillic > 2 * latin)
    return SCRIPT_CYRILLIC;
  if (latin > 2 * cyrillic)
    return SCRIPT_LATIN;
  return SCRIPT_NONE;
}

/* An ordinal or a count with its ending, "5-й", "12-го", "3-я": digits, a dash, letters. */
static gboolean
is_ordinal (const char *word)
{
  const char *p = word;

  while (g_ascii_isdigit (*p))
    p++;
  if (p == word || *p != '-')
    return FALSE;
  for (p++; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isalpha (g_utf8_get_char (p)))
      return *p == '.' && p[1] == '\0';
  return TRUE;
}

static gboolean
word_mixes_scripts (const char *word,
                    Script      column)
{
  gboolean cyrillic = FALSE, latin = FALSE, digit = FALSE;

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      Script s = letter_script (ch);

      cyrillic |= s == SCRIPT_CYRILLIC;
      latin |= s == SCRIPT_LATIN;
      digit |= g_unichar_isdigit (ch);
    }
  /* a Latin word in a Cyrillic column is as suspect as a Latin letter in a Cyrillic word:
   * tesseract reads "Жаманку" as "Xahmahky" with the same ease */
  if ((cyrillic && latin) || (latin && column == SCRIPT_CYRILLIC)
      || (cyrillic && column == SCRIPT_LATIN))
    return TRUE;
  return digit && (cyrillic || latin) && !is_ordinal (word);
}

/* Punctuation a list is written with; anything else ("|", "_", "®", "[") is debris or a misread
 * glyph. */
static gboolean
is_odd_character (gunichar ch)
{
  static const gunichar usual[] = {
    '.', ',', '-', '(', ')', '/', ':', ';', '\'', '"', 0x2116 /* № */, 0x2013, 0x2014,
    0x00AB /* « */, 0x00BB /* » */, '?', '!',
  };

  if (g_unichar_isalnum (ch) || g_unichar_isspace (ch))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (usual); i++)
    if (ch == usual[i])
      return FALSE;
  return TRUE;
}

static gboolean
is_vowel (gunichar ch)
{
  static const char vowels[] = "аәеёиоөуұүыіэюяaeiouy";
  gunichar lower = g_unichar_tolower (ch);

  for (const char *p = vowels; *p != '\0'; p = g_utf8_next_char (p))
    if (g_utf8_get_char (p) == lower)
      return TRUE;
  return FALSE;
}

/* A capital after a small letter inside a word ("ЖамАнку"), a word of two letters or more
 * with no vowel, no dot of an abbreviation and a small letter ("мт" for "мл."; "СССР",
 * "НКВД", "PJ" are acronyms), or a hyphen torn from its word ("Юго -Зап.ф."). */
static gboolean
word_is_misspelled (const char *word)
{
  guint letters = 0, vowels = 0, small = 0;
  gboolean lower_before = FALSE, abbreviated = FALSE;
  gsize len = strlen (word);

  if (len > 1 && (word[0] == '-' || word[len - 1] == '-') && strspn (word, "-.") != len)
    return TRUE;

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (ch == '.')
        abbreviated = TRUE;
      if (!g_unichar_isalpha (ch))
        {
          lower_before = FALSE;
          continue;
        }
      letters++;
      vowels += is_vowel (ch);
      small += g_unichar_islower (ch);
      if (g_unichar_isupper (ch) && lower_before)
        return TRUE;
      lower_before = g_unichar_islower (ch);
    }
  return letters >= 2 && vowels == 0 && !abbreviated && small > 0;
}

/* The first letter of a text, 0 when it has none. */
static gunichar
first_letter (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return g_utf8_get_char (p);
  return 0;
}

/* Most cells of the column begin with a capital (names, places, trades): one that does not was
 * misread ("шофер", "жумогалиев"). Four in five at least, of three cells or more. */
static gboolean
column_is_capitalised (MrgTable *table,
                       guint     col)
{
  guint upper = 0, n = 0;

  for (guint r = 0; r < table->rows->len; r++)
    {
      gunichar ch = first_letter (body_text (table, r, col));

      if (ch == 0)
        continue;
      n++;
      upper += g_unichar_isupper (ch);
    }
  return n >= 3 && upper * 5 >= n * 4;
}

static gboolean
body_value (MrgTable *table,
            int       row,
            guint     col,
            gint64   *out_value)
{
  MrgTableRow *r;

  if (row < 0 || (guint) row >= table->rows->len)
    return FALSE;
  r = g_ptr_array_index (table->rows, row);
  return !r->header && mrg_schema_parse_integer (r->cells[col].text, out_value);
}

/* The most common difference between a running number and its row: the numbering most rows
 * follow. FALSE when no numbering is followed by three numbers and two fifths of them (a column
 * of counts, not of running numbers). */
static gboolean
column_offset (MrgTable *table,
               guint     col,
               gint64   *out_offset)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint n = 0, best = 0;

  for (guint r = 0; r < table->rows->len; r++)
    {
      gint64 v, *key;
      guint seen;

      if (!body_value (table, (int) r, col, &v))
        continue;
      n++;
      key = g_new (gint64, 1);
      *key = v - (gint64) r;
      seen = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;
      if (seen > best)
        {
          best = seen;
          *out_offset = *key;
        }
      g_hash_table_replace (counts, key, GUINT_TO_POINTER (seen));
    }
  return best >= 3 && best * 5 >= n * 2;
}

/* A running number off the numbering most rows follow ("1" between 10 and 12; "22, 23" where
 * 12, 13 belong), unless its neighbours agree with it (the list skipped a number before them). */
static gboolean
number_out_of_step (MrgTable *table,
                    guint     row,
                    guint     col)
{
  gint64 v, prev, next, offset = 0;
  gboolean has_prev, has_next;

  if (!body_value (table, (int) row, col, &v) || !column_offset (table, col, &offset)
      || v - (gint64) row == offset)
    return FALSE;
  /* the row at an end of the table has one neighbour to agree with */
  has_prev = body_value (table, (int) row - 1, col, &prev);
  has_next = body_value (table, (int) row + 1, col, &next);
  return !(has_prev || has_next) || (has_prev && v != prev + 1) || (has_next && v != next - 1);
}

static gboolean
has_unknown_word (MrgDoubtVocab *vocab,
                  guint          col,
                  const char    *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (!mrg_doubt_vocab_knows (vocab, col, words[i]))
      return TRUE;
  return FALSE;
}

char *
mrg_doubt_type_problem (MrgTable *table,
                        guint     row,
                        guint     col)
{
  MrgTableRow *r = mrg_table_get_row (table, row);
  g_autofree MrgSchemaCell *cells = NULL;

  g_return_val_if_fail (r != NULL && col < table->n_cols, NULL);

  cells = g_new0 (MrgSchemaCell, table->n_cols);
  for (guint c = 0; c < table->n_cols; c++)
    {
      cells[c].type = table->columns[c].type;
      cells[c].header = table->columns[c].name;
      cells[c].text = r->cells[c].text != NULL ? r->cells[c].text : "";
    }
  return mrg_schema_validate_cell (cells, table->n_cols, col);
}

MrgDoubt
mrg_doubt_cell (MrgTable      *table,
                guint          row,
                guint          col,
                MrgDoubtVocab *vocab)
{
  MrgTableRow *r = mrg_table_get_row (table, row);
  MrgTableCell *cell = mrg_table_get_cell (table, row, col);
  MrgColumnType type;
  MrgDoubt doubt = MRG_DOUBT_NONE;
  g_autofree char *problem = NULL;
  g_auto(GStrv) words = NULL;
  Script script;
  double confidence;

  g_return_val_if_fail (table != NULL, MRG_DOUBT_NONE);

  if (r == NULL || cell == NULL || cell->id == 0 || r->header || cell->edited
      || r->status == MRG_ROW_STATUS_VERIFIED || cell->text == NULL || *cell->text == '\0')
    return MRG_DOUBT_NONE;
  type = table->columns[col].type;

  problem = mrg_doubt_type_problem (table, row, col);
  if (problem != NULL)
    doubt |= MRG_DOUBT_TYPE;

  if (type == MRG_COLUMN_TYPE_INTEGER && number_out_of_step (table, row, col))
    doubt |= MRG_DOUBT_SEQUENCE;

  for (const char *p = cell->text; *p != '\0'; p = g_utf8_next_char (p))
    if (is_odd_character (g_utf8_get_char (p)))
      doubt |= MRG_DOUBT_ODD_CHARACTER;

  /* A text a person never wrote here is no error by itself (a new surname); read unsurely it
   * is. So is a year no one wrote in the column (call-up years cluster: "1947" among 1931–1941).
   * Text-layer and imported cells (no confidence) are believed. */
  confidence = cell->confidence < 0 ? 100 : cell->confidence;
  if (vocab != NULL && type != MRG_COLUMN_TYPE_INTEGER
      && confidence < MRG_DOUBT_UNKNOWN_WORD_CONFIDENCE
      && mrg_doubt_vocab_size (vocab, col) >= MRG_DOUBT_MIN_VOCABULARY
      && has_unknown_word (vocab, col, cell->text))
    doubt |= MRG_DOUBT_UNKNOWN_WORD;

  /* Numbers and years have their rules in the type; words are judged in the other columns. */
  if (type == MRG_COLUMN_TYPE_INTEGER || type == MRG_COLUMN_TYPE_YEAR)
    return doubt;
  if (g_unichar_islower (first_letter (cell->text)) && column_is_capitalised (table, col))
    doubt |= MRG_DOUBT_SPELLING;
  script = column_script (table, col);
  words = g_strsplit_set (cell->text, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (word_mixes_scripts (words[i], script))
        doubt |= MRG_DOUBT_MIXED_SCRIPT;
      if (word_is_misspelled (words[i]))
        doubt |= MRG_DOUBT_SPELLING;
    }

  return doubt;
}

void
mrg_doubt_mark_table (MrgTable      *table,
                      MrgDoubtVocab *vocab)
{
  g_return_if_fail (table != NULL);

  for (guint r = 0; r < table->rows->len; r++)
    for (guint c = 0; c < table->n_cols; c++)
      mrg_table_get_cell (table, r, c)->doubt = mrg_doubt_cell (table, r, c, vocab);
}

static void append_line (GString    *text,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

static void
append_line (GString    *text,
             const char *format,
             ...)
{
  va_list args;

  if (text->len > 0)
    g_string_append_c (text, '\n');
  va_start (args, format);
  g_string_append_vprintf (text, format, args);
  va_end (args);
}

char *
mrg_doubt_describe (MrgTable *table,
                    guint     row,
                    guint     col,
                    MrgDoubt  doubt)
{
  MrgTableCell *cell = mrg_table_get_cell (table, row, col);
  g_autoptr(GString) text = g_string_new (NULL);
  const char *value;

  g_return_val_if_fail (table != NULL, NULL);

  if (cell == NULL)
    return NULL;
  value = cell->text != NULL ? cell->text : "";
  /* Translators (all five): %s is the text of a cell */
  if (doubt & MRG_DOUBT_SEQUENCE)
    append_line (text, _("the running number %s is out of step with the rows around it"), value);
  if (doubt & MRG_DOUBT_MIXED_SCRIPT)
    append_line (text, _("“%s” mixes Latin and Cyrillic letters, or letters and digits"), value);
  if (doubt & MRG_DOUBT_ODD_CHARACTER)
    append_line (text, _("“%s” holds a character that is not written in lists"), value);
  if (doubt & MRG_DOUBT_SPELLING)
    append_line (text, _("“%s” is spelled oddly: a capital inside a word, a small first letter, "
                         "or a word without a vowel"), value);
  if (doubt & MRG_DOUBT_UNKNOWN_WORD)
    append_line (text, _("“%s” was read unsurely, and no one has written it in this column before"),
                 value);
  if (text->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* mrg-names.c: person names across alphabets, spelling conventions and OCR errors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-names"

#include "mrg-names.h"

#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#define MAX_WORDS MRG_NAME_MAX_WORDS
/* A word key longer than this is cut (the distance table lives on the stack). */
#define MAX_KEY 40

typedef struct
{
  char *key;
  guint len;
  gboolean initial;
} Word;

struct _MrgName
{
  char *text;
  char *key;
  guint n_words;
  Word words[MAX_WORDS];
};

/* ---- transliteration ------------------------------------------------------------------------ */

typedef struct
{
  UTransliterator *cyrillic;
  UTransliterator *latin;
  UTransliterator *any;
} Transliterators;

static void
transliterators_free (gpointer data)
{
  Transliterators *t = data;

  if (t->cyrillic != NULL)
    utrans_close (t->cyrillic);
  if (t->latin != NULL)
    utrans_close (t->latin);
  if (t->any != NULL)
    utrans_close (t->any);
  g_free (t);
}

/* ICU transliterators keep state while they work, so each thread gets its own pair. */
static GPrivate transliterators_key = G_PRIVATE_INIT (transliterators_free);

static UTransliterator *
open_transliterator (const char *id)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar uid[64];
  UTransliterator *t;

  u_uastrcpy (uid, id);
  t = utrans_openU (uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
  if (U_FAILURE (status))
    {
      g_warning ("ICU transliterator “%s” is not available: %s", id, u_errorName (status));
      return NULL;
    }
  return t;
}

static Transliterators *
get_transliterators (void)
{
  Transliterators *t = g_private_get (&transliterators_key);

  if (t == NULL)
    {
      t = g_new0 (Transliterators, 1);
      t->cyrillic = open_transliterator ("Russian-Latin/BGN; Latin-ASCII");
      t->latin = open_transliterator ("Latin-ASCII");
      g_private_set (&transliterators_key, t);
    }
  return t;
}

/* Transliterates UTF-8 text and appends the ASCII letters of the result, lower case. */
static void
append_transliterated (GString         *out,
                       UTransliterator *trans,
                       const char      *utf8)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar buffer[256];
  char result[768];
  int32_t length = 0;
  int32_t limit;

  u_strFromUTF8 (buffer, G_N_ELEMENTS (buffer) / 2, &length, utf8, -1, &status);
  if (U_FAILURE (status))
    return;
  if (trans != NULL)
    {
      limit = length;
      utrans_transUChars (trans, buffer, &length, G_N_ELEMENTS (buffer), 0, &limit, &status);
      if (U_FAILURE (status))
        return;
    }
  u_strToUTF8 (result, sizeof result, NULL, buffer, length, &status);
  if (U_FAILURE (status))
    return;
  for (const char *p = result; *p != '\0'; p++)
    if (g_ascii_isalpha (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
}

static gboolean
is_cyrillic (gunichar c)
{
  return c >= 0x0400 && c <= 0x04ff;
}

/* What OCR or a typist meant by a digit or Latin look-alike inside a Cyrillic word. */
static gunichar
cyrillic_lookalike (gunichar c)
{
  switch (c)
    {
    case '0': case 'o': return 0x043e; /* о */
    case '3': return 0x0437;           /* з */
    case '6': return 0x0431;           /* б */
    case '4': return 0x0447;           /* ч */
    case 'a': return 0x0430;           /* а */
    case 'e': return 0x0435;           /* е */
    case 'p': return 0x0440;           /* р */
    case 'c': return 0x0441;           /* с */
    case 'x': return 0x0445;           /* х */
    case 'y': return 0x0443;           /* у */
    case 'k': return 0x043a;           /* к */
    case 'm': return 0x043c;           /* м */
    case 'h': return 0x043d;           /* н */
    case 't': return 0x0442;           /* т */
    case 'b': return 0x0432;           /* в (capital B) */
    case 'n': return 0x043f;           /* п */
    case 'u': return 0x0438;           /* и */
    case 'i': return 0x0438;           /* и (і is folded there too) */
    default: return c;
    }
}

/* Kazakh letters as Russian-language lists spell them. */
static gunichar
fold_kazakh (gunichar c)
{
  switch (c)
    {
    case 0x04d9: return 0x0430; /* ә → а */
    case 0x0493: return 0x0433; /* ғ → г */
    case 0x049b: return 0x043a; /* қ → к */
    case 0x04a3: return 0x043d; /* ң → н */
    case 0x04e9: return 0x043e; /* ө → о */
    case 0x04b1: return 0x0443; /* ұ → у */
    case 0x04af: return 0x0443; /* ү → у */
    case 0x04bb: return 0x0445; /* һ → х */
    case 0x0456: return 0x0438; /* і → и */
    case 0x0451: return 0x0435; /* ё → е */
    default: return c;
    }
}

/* Latin letters whose diacritic carries a sound that Latin-ASCII would drop (Polish ż is ж, not z). */
static const char *
spell_latin (gunichar c)
{
  switch (c)
    {
    case 0x017c: case 0x017a: case 0x017e: return "zh"; /* ż ź ž */
    case 0x0161: case 0x015b: case 0x015f: return "sh"; /* š ś ş */
    case 0x010d: case 0x0107: case 0x00e7: return "ch"; /* č ć ç */
    case 0x0142: return "l";                           /* ł */
    case 0x0131: return "y";                           /* ı (Kazakh and Turkish ы) */
    case 0x011f: return "g";                           /* ğ */
    case 0x00df: return "ss";                          /* ß */
    case '0': return "o";
    case '1': return "l";
    case '5': return "s";
    default: return NULL;
    }
}

/* Steps 1–3 for one word (given as lower-case code points); appends ASCII letters. */
static void
word_to_latin (GString        *out,
               const gunichar *chars,
               guint           n)
{
  Transliterators *t = get_transliterators ();
  g_autoptr(GString) utf8 = g_string_new (NULL);
  guint n_cyrillic = 0;
  guint n_latin = 0;
  gboolean other_script = FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (is_cyrillic (chars[i]))
        n_cyrillic++;
      else if (chars[i] < 0x250 && g_unichar_isalpha (chars[i]))
        n_latin++;
      else if (g_unichar_isalpha (chars[i]))
        other_script = TRUE;
    }

  if (n_cyrillic > 0 && n_cyrillic >= n_latin)
    {
      for (guint i = 0; i < n; i++)
        {
          /* Kazakh -йі- (Нұрпейісов) is -и- in Russian lists (Нурпеисов) */
          if (chars[i] == 0x0439 && i + 1 < n && chars[i + 1] == 0x0456)
            continue;
          g_string_append_unichar (utf8, fold_kazakh (cyrillic_lookalike (chars[i])));
        }
      append_transliterated (out, t->cyrillic, utf8->str);
    }
  else
    {
      for (guint i = 0; i < n; i++)
        {
          const char *spelled = spell_latin (chars[i]);

          if (spelled != NULL)
            g_string_append (utf8, spelled);
          else
            g_string_append_unichar (utf8, chars[i]);
        }
      /* Any-Latin only when a letter is in neither alphabet: it is slow to open and to run. */
      if (other_script && t->any == NULL)
        t->any = open_transliterator ("Any-Latin; Latin-ASCII");
      append_transliterated (out, other_script ? t->any : t->latin, utf8->str);
    }
}

/* ---- the phonetic key ----------------------------------------------------------------------- */

static gboolean
is_key_vowel (char c)
{
  return c != '\0' && strchr ("aeiouy", c) != NULL;
}

static gboolean
starts (const char *s,
        const char *prefix)
{
  return strncmp (s, prefix, strlen (prefix)) == 0;
}

/* Rewrites one ASCII word so that English, French, German, Polish and Scandinavian spellings of
 * the same Russian or Kazakh name meet. The rules are ordered: longest spelling first. */
static void
append_key (GString    *out,
            const char *s)
{
  gsize start = out->len;
  gsize n = strlen (s);
  gsize i = 0;

  while (i < n)
    {
      const char *r = s + i;
      char prev = out->len > start ? out->str[out->len - 1] : '\0';
      gboolean prev_vowel = is_key_vowel (prev);
      char c = *r;
      char next = r[1];

      /* ш щ ч ж дж: shch sch szcz tsch dsch tch dzh zh zj sh sj sz cz dj ch */
      if (starts (r, "shch") || starts (r, "szcz") || starts (r, "tsch") || starts (r, "dsch"))
        g_string_append_c (out, 'J'), i += 4;
      else if (starts (r, "sch") || starts (r, "tch") || starts (r, "tsj") || starts (r, "dzh") ||
               starts (r, "tsh"))
        g_string_append_c (out, 'J'), i += 3;
      else if (starts (r, "zh") || starts (r, "zj") || starts (r, "sh") || starts (r, "sj") ||
               starts (r, "sz") || starts (r, "cz") || starts (r, "dj"))
        g_string_append_c (out, 'J'), i += 2;
      else if (starts (r, "ch"))
        {
          /* English and French ch before a vowel is ч or ш; German and Polish ch is х, and
           * before a consonant it can only be х. */
          g_string_append_c (out, is_key_vowel (r[2]) ? 'J' : 'H');
          i += 2;
        }
      else if (starts (r, "kh"))
        g_string_append_c (out, 'H'), i += 2;
      else if (starts (r, "gh"))
        g_string_append_c (out, 'g'), i += 2;
      else if (starts (r, "ph"))
        g_string_append_c (out, 'f'), i += 2;
      else if (starts (r, "th"))
        g_string_append_c (out, 't'), i += 2;
      else if (starts (r, "ts") || starts (r, "tz"))
        g_string_append_c (out, 'c'), i += 2;
      else if (starts (r, "ck"))
        g_string_append_c (out, 'k'), i += 2;
      else if (starts (r, "ou") || starts (r, "oo"))
        g_string_append_c (out, 'u'), i += 2;
      else if (c == 'f' && (prev == 'o' || prev == 'e') &&
               (next == '\0' || (next == 'f' && r[2] == '\0')))
        {
          /* French and old English -off, -eff for -ов, -ев */
          g_string_append_c (out, 'v');
          i = n;
        }
      else if (c == 'c')
        g_string_append_c (out, (next == 'e' || next == 'i' || next == 'y') ? 's' : 'k'), i++;
      else if (c == 'x')
        g_string_append (out, "ks"), i++;
      else if (c == 'q')
        g_string_append_c (out, 'k'), i++;
      else if (c == 'w')
        g_string_append_c (out, 'v'), i++;
      else if (c == 'h')
        g_string_append_c (out, 'H'), i++;
      else if (c == 'i')
        {
          /* i after a vowel is the glide й (Seitkali, Nurpeisov, -aïev); at the start before a
           * vowel it is French or English я/ю/е (Iakoub). */
          if (prev_vowel || (prev == '\0' && is_key_vowel (next)))
            g_string_append_c (out, 'Y');
          else
            g_string_append_c (out, 'i');
          i++;
        }
      else if (c == 'j' || c == 'y')
        {
          if (prev == '\0')
            g_string_append_c (out, (c == 'y' && !is_key_vowel (next)) ? 'y' : 'Y');
          else if (prev_vowel || prev == 'Y')
            g_string_append_c (out, 'Y');
          else if (is_key_vowel (next))
            g_string_append_c (out, 'Y'); /* Ilyas, Iljas (≈ Ilias); French Erjan (≈ Erzhan) */
          else
            g_string_append_c (out, c == 'y' ? 'y' : 'i');
          i++;
        }
      else if (g_ascii_islower (c))
        g_string_append_c (out, c), i++;
      else
        i++;
    }

  /* Doubled letters (Kassymov, Nurpeissov) carry no difference between names. */
  {
    gsize w = start;

    for (gsize k = start; k < out->len; k++)
      if (w == start || out->str[w - 1] != out->str[k])
        out->str[w++] = out->str[k];
    g_string_truncate (out, w);
  }
}

/* ---- parsing -------------------------------------------------------------------------------- */

typedef void (*WordFunc) (const gunichar *chars,
                          guint           n,
                          guint           n_letters,
                          gboolean        dotted,
                          gpointer        user_data);

/* Splits a name into words: letters and digits; hyphens and apostrophes join; a full stop ends
 * a word and marks it as possibly abbreviated. */
static void
split_words (const char *text,
             WordFunc    func,
             gpointer    user_data)
{
  g_autofree char *normal = NULL;
  g_autofree char *lower = NULL;
  gunichar chars[64];
  guint n = 0;
  guint n_letters = 0;

  if (text == NULL)
    return;
  normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (normal == NULL)
    return;
  lower = g_utf8_strdown (normal, -1);

  for (const char *p = lower;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalpha (c) || g_unichar_isdigit (c) || g_unichar_ismark (c)))
        {
          if (n < G_N_ELEMENTS (chars))
            chars[n++] = c;
          if (g_unichar_isalpha (c))
            n_letters++;
          continue;
        }
      if (c == '-' || c == '\'' || c == 0x2019 || c == 0x02bc || c == 0x2010 || c == 0x2011)
        continue;
      if (n > 0 && n_letters > 0)
        func (chars, n, n_letters, c == '.', user_data);
      n = 0;
      n_letters = 0;
      if (c == 0)
        break;
    }
}

static gboolean
has_alpha (const gunichar *chars,
           guint           n)
{
  for (guint i = 0; i < n; i++)
    if (g_unichar_isalpha (chars[i]))
      return TRUE;
  return FALSE;
}

typedef struct
{
  MrgName *name;
  GString *latin;
} ParseState;

static void
parse_word_cb (const gunichar *chars,
               guint           n,
               guint           n_letters,
               gboolean        dotted,
               gpointer        user_data)
{
  ParseState *state = user_data;
  MrgName *name = state->name;
  g_autoptr(GString) latin = g_string_new (NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  Word *word;

  if (name->n_words >= MAX_WORDS || !has_alpha (chars, n))
    return;
  word_to_latin (latin, chars, n);
  if (latin->len == 0)
    return;
  append_key (key, latin->str);
  if (key->len == 0)
    return;
  if (key->len > MAX_KEY)
    g_string_truncate (key, MAX_KEY);

  word = &name->words[name->n_words++];
  word->initial = n_letters == 1 || (dotted && n_letters <= 2);
  if (word->initial)
    g_string_truncate (key, 1);
  word->len = key->len;
  word->key = g_string_free (g_steal_pointer (&key), FALSE);
}

MrgName *
mrg_name_new (const char *text)
{
  MrgName *name = g_new0 (MrgName, 1);
  ParseState state = { name, NULL };
  GString *key = g_string_new (NULL);

  name->text = g_strdup (text != NULL ? text : "");
  split_words (name->text, parse_word_cb, &state);
  for (guint i = 0; i < name->n_words; i++)
    {
      if (i > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, name->words[i].key);
    }
  name->key = g_string_free (key, FALSE);
  return name;
}

void
mrg_name_free (MrgName *name)
{
  if (name == NULL)
    return;
  for (guint i = 0; i < name->n_words; i++)
    g_free (name->words[i].key);
  g_free (name->text);
  g_free (name->key);
  g_free (name);
}

const char *
mrg_name_get_text (const MrgName *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return name->text;
}

guint
mrg_name_get_n_words (const MrgName *name)
{
  g_return_val_if_fail (name != NULL, 0);
  return name->n_words;
}

const char *
mrg_name_get_word_key (const MrgName *name,
                       guint          i)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (i < name->n_words, NULL);
  return name->words[i].key;
}

gboolean
mrg_name_word_is_initial (const MrgName *name,
                          guint          i)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (i < name->n_words, FALSE);
  return name->words[i].initial;
}

const char *
mrg_name_get_key (const MrgName *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  return name->key;
}

/* ---- the distance --------------------------------------------------------------------------- */

static float substitution_cost[128][128];
static float indel_cost[128];
static gsize costs_ready = 0;

static void
set_pair (char a, char b, float cost)
{
  substitution_cost[(guchar) a][(guchar) b] = cost;
  substitution_cost[(guchar) b][(guchar) a] = cost;
}

static void init_small_tables (void);

static void
init_costs (void)
{
  static const struct
  {
    char a;
    char b;
    float cost;
  } pairs[] = {
    /* vowels: Kazakh vowels folded to Russian ones, clerks' а/о е/и, -ов/-ев, ы/и */
    { 'a', 'o', 0.3f }, { 'e', 'i', 0.3f }, { 'i', 'y', 0.25f }, { 'o', 'u', 0.3f },
    { 'a', 'e', 0.35f }, { 'e', 'o', 0.3f }, { 'e', 'y', 0.4f }, { 'u', 'y', 0.4f },
    /* the glide й against its spellings and OCR's и/н */
    { 'Y', 'i', 0.15f }, { 'Y', 'y', 0.2f }, { 'Y', 'J', 0.3f }, { 'Y', 'e', 0.5f },
    { 'Y', 'n', 0.35f },
    /* sibilant and guttural classes: French ch/j, German s for з, z for ц */
    { 'J', 'H', 0.4f }, { 'J', 's', 0.5f }, { 'J', 'z', 0.5f }, { 'J', 'c', 0.5f },
    { 'H', 'k', 0.4f }, { 'H', 'g', 0.5f }, { 's', 'z', 0.3f }, { 'c', 's', 0.4f },
    { 'c', 'z', 0.35f },
    /* voicing and Kazakh қ/к ғ/г */
    { 'v', 'f', 0.3f }, { 'v', 'b', 0.5f }, { 'b', 'p', 0.4f }, { 'd', 't', 0.4f },
    { 'k', 'g', 0.4f },
    /* OCR: и/н/п, е/с, l/I, м/н, т/г, л/п */
    { 'i', 'n', 0.3f }, { 'n', 'p', 0.35f }, { 'i', 'p', 0.4f }, { 'e', 's', 0.35f },
    { 'l', 'i', 0.35f }, { 'm', 'n', 0.5f }, { 't', 'g', 0.5f }, { 'l', 'p', 0.4f },
  };

  for (guint a = 0; a < 128; a++)
    {
      for (guint b = 0; b < 128; b++)
        {
          if (a == b)
            substitution_cost[a][b] = 0.0f;
          else if (is_key_vowel ((char) a) && is_key_vowel ((char) b))
            substitution_cost[a][b] = 0.5f;
          else
            substitution_cost[a][b] = 1.0f;
        }
      indel_cost[a] = is_key_vowel ((char) a) ? 0.6f : 1.0f;
    }
  indel_cost['Y'] = 0.2f;
  indel_cost['H'] = 0.4f;
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    set_pair (pairs[i].a, pairs[i].b, pairs[i].cost);
  init_small_tables ();
}

static inline void
ensure_costs (void)
{
  if (g_once_init_enter (&costs_ready))
    {
      init_costs ();
      g_once_init_leave (&costs_ready, 1);
    }
}

#define SUB(x, y) substitution_cost[(guchar) (x) & 127][(guchar) (y) & 127]
#define DEL(x) indel_cost[(guchar) (x) & 127]

/* Two letters OCR reads as one, or one as two (Latin print): rn/m, ri/n, ii/u, cl/d (c is k in
 * a key). */
static const struct
{
  char two[3];
  char one;
} merges[] = {
  { "rn", 'm' }, { "ri", 'n' }, { "ii", 'u' }, { "kl", 'd' },
};

/* The key alphabet as small numbers, so that the cost tables of the inner loop stay in the first
 * level cache: a–z 0–25, J 26, H 27, Y 28, anything else 29. */
static guint8 symbol_of[256];
static float sub_small[32][32];
static float del_small[32];
static gboolean merges_into[256];

static void
init_small_tables (void)
{
  static const char extra[] = { 'J', 'H', 'Y' };
  char symbols[32] = { 0 };

  for (guint c = 0; c < 256; c++)
    symbol_of[c] = 29;
  for (guint i = 0; i < 26; i++)
    {
      symbol_of['a' + i] = i;
      symbols[i] = 'a' + i;
    }
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      symbol_of[(guchar) extra[i]] = 26 + i;
      symbols[26 + i] = extra[i];
    }
  symbols[29] = '?';
  for (guint x = 0; x < 32; x++)
    {
      for (guint y = 0; y < 32; y++)
        sub_small[x][y] = x < 30 && y < 30 ? SUB (symbols[x], symbols[y]) : 1.0f;
      del_small[x] = x < 30 ? DEL (symbols[x]) : 1.0f;
    }
  for (guint m = 0; m < G_N_ELEMENTS (merges); m++)
    merges_into[(guchar) merges[m].one] = TRUE;
}

/* Weighted optimal-string-alignment distance, with the OCR merges above as one cheap step. */
static double
key_distance (const char *a,
              guint       la,
              const char *b,
              guint       lb)
{
  float d[MAX_KEY + 1][MAX_KEY + 1];
  guint8 sa[MAX_KEY];
  guint8 sb[MAX_KEY];

  la = MIN (la, MAX_KEY);
  lb = MIN (lb, MAX_KEY);
  for (guint i = 0; i < la; i++)
    sa[i] = symbol_of[(guchar) a[i]];
  for (guint j = 0; j < lb; j++)
    sb[j] = symbol_of[(guchar) b[j]];

  d[0][0] = 0.0f;
  for (guint i = 1; i <= la; i++)
    d[i][0] = d[i - 1][0] + del_small[sa[i - 1]];
  for (guint j = 1; j <= lb; j++)
    d[0][j] = d[0][j - 1] + del_small[sb[j - 1]];

  for (guint i = 1; i <= la; i++)
    {
      char ca = a[i - 1];
      const float *sub_row = sub_small[sa[i - 1]];
      float del_a = del_small[sa[i - 1]];

      for (guint j = 1; j <= lb; j++)
        {
          char cb = b[j - 1];
          float best = d[i - 1][j - 1] + sub_row[sb[j - 1]];
          float v;

          v = d[i - 1][j] + del_a;
          if (v < best)
            best = v;
          v = d[i][j - 1] + del_small[sb[j - 1]];
          if (v < best)
            best = v;
          if (i > 1 && j > 1 && ca == b[j - 2] && a[i - 2] == cb && ca != cb)
            {
              v = d[i - 2][j - 2] + 0.6f;
              if (v < best)
                best = v;
            }
          if (merges_into[(guchar) ca] || merges_into[(guchar) cb])
            for (guint m = 0; m < G_N_ELEMENTS (merges); m++)
              {
                if (i > 1 && cb == merges[m].one && a[i - 2] == merges[m].two[0] &&
                    ca == merges[m].two[1])
                  {
                    v = d[i - 2][j - 1] + 0.3f;
                    if (v < best)
                      best = v;
                  }
                if (j > 1 && ca == merges[m].one && b[j - 2] == merges[m].two[0] &&
                    cb == merges[m].two[1])
                  {
                    v = d[i - 1][j - 2] + 0.3f;
                    if (v < best)
                      best = v;
                  }
              }
          d[i][j] = best;
        }
    }
  return d[la][lb];
}

double
mrg_names_key_distance (const char *a,
                        const char *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0.0);

  ensure_costs ();
  return key_distance (a, strlen (a), b, strlen (b));
}

static double
similarity_from_distance (double distance,
                          guint  la,
                          guint  lb)
{
  guint longer = MAX (MIN (la, MAX_KEY), MIN (lb, MAX_KEY));

  if (longer == 0)
    return 0.0;
  return CLAMP (1.0 - distance / longer, 0.0, 1.0);
}

double
mrg_names_key_similarity (const char *a,
                          const char *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0.0);

  ensure_costs ();
  return similarity_from_distance (key_distance (a, strlen (a), b, strlen (b)),
                                   strlen (a), strlen (b));
}

/* ---- comparing names ------------------------------------------------------------------------ */

typedef struct
{
  double sim[MAX_WORDS][MAX_WORDS];
  double weight[MAX_WORDS][MAX_WORDS];
  guint na;
  guint nb;
  const MrgName *a;
  const MrgName *b;
  int map[MAX_WORDS];
  gboolean used[MAX_WORDS];
  double best;
} Assignment;

static void
word_pair (const Word *x,
           const Word *y,
           double     *out_sim,
           double     *out_weight)
{
  if (x->initial || y->initial)
    {
      /* An initial says little: it agrees or not with the word's first sound. */
      double cost = SUB (x->key[0], y->key[0]);

      *out_sim = MAX (0.0, 0.9 - cost);
      *out_weight = 1.5;
      return;
    }
  *out_sim = similarity_from_distance (key_distance (x->key, x->len, y->key, y->len),
                                       x->len, y->len);
  *out_weight = (x->len + y->len) / 2.0;
}

/* Many lists leave the patronymic out: -ович, -евна, -улы, -кызы cost almost nothing when
 * unpaired. */
static gboolean
looks_patronymic (const Word *w)
{
  static const char *const endings[] = { "viH", "viJ", "vna", "uly", "uli", "ulY", "kyzy",
                                         "kizi", "kyzi" };

  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    if (g_str_has_suffix (w->key, endings[i]) && w->len > strlen (endings[i]) + 1)
      return TRUE;
  return FALSE;
}

/* Tries every way of pairing the words of a with distinct words of b (a has no more words). */
static void
assign (Assignment *s,
        guint       i)
{
  if (i == s->na)
    {
      double num = 0.0;
      double den = 0.0;
      gboolean in_order = TRUE;
      double score;

      for (guint k = 0; k < s->na; k++)
        {
          num += s->sim[k][s->map[k]] * s->weight[k][s->map[k]];
          den += s->weight[k][s->map[k]];
          if (k > 0 && s->map[k] < s->map[k - 1])
            in_order = FALSE;
        }
      /* Words with no partner (a patronymic one list has and the other not) cost a little. */
      for (guint j = 0; j < s->nb; j++)
        if (!s->used[j])
          den += s->b->words[j].initial ? 0.3
                 : looks_patronymic (&s->b->words[j]) ? 0.02 * s->b->words[j].len
                 : 0.1 * s->b->words[j].len;
      score = den > 0.0 ? num / den : 0.0;
      /* Either order is a match; the written order only breaks ties. */
      if (!in_order)
        score *= 0.99;
      if (score > s->best)
        s->best = score;
      return;
    }

  for (guint j = 0; j < s->nb; j++)
    {
      if (s->used[j])
        continue;
      s->used[j] = TRUE;
      s->map[i] = j;
      assign (s, i + 1);
      s->used[j] = FALSE;
    }
}

static double
compare_names (const MrgName *a,
               const MrgName *b,
               const float   *word_similarity)
{
  Assignment s = { 0 };
  gboolean swapped = FALSE;

  if (a->n_words == 0 || b->n_words == 0)
    return 0.0;
  ensure_costs ();

  /* The assignment pairs each word of the shorter name with a word of the longer one. */
  if (a->n_words > b->n_words)
    {
      const MrgName *t = a;

      a = b;
      b = t;
      swapped = TRUE;
    }
  s.a = a;
  s.b = b;
  s.na = a->n_words;
  s.nb = b->n_words;
  for (guint i = 0; i < s.na; i++)
    for (guint j = 0; j < s.nb; j++)
      {
        const Word *x = &a->words[i];
        const Word *y = &b->words[j];

        if (word_similarity != NULL && !x->initial && !y->initial)
          {
            s.sim[i][j] = swapped ? word_similarity[j * MRG_NAME_MAX_WORDS + i]
                                  : word_similarity[i * MRG_NAME_MAX_WORDS + j];
            s.weight[i][j] = (x->len + y->len) / 2.0;
          }
        else
          word_pair (x, y, &s.sim[i][j], &s.weight[i][j]);
      }
  s.best = 0.0;
  assign (&s, 0);
  return CLAMP (s.best, 0.0, 1.0);
}

double
mrg_name_compare (const MrgName *a,
                  const MrgName *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0.0);

  return compare_names (a, b, NULL);
}

double
mrg_name_compare_with (const MrgName *a,
                       const MrgName *b,
                       const float   *word_similarity)
{
  g_return_val_if_fail (a != NULL && b != NULL, 0.0);
  g_return_val_if_fail (word_similarity != NULL, 0.0);

  return compare_names (a, b, word_similarity);
}

double
mrg_name_word_similarity (const MrgName *a,
                          guint          i,
                          const MrgName *b,
                          guint          j)
{
  double sim;
  double weight;

  g_return_val_if_fail (a != NULL && b != NULL, 0.0);
  g_return_val_if_fail (i < a->n_words && j < b->n_words, 0.0);

  ensure_costs ();
  word_pair (&a->words[i], &b->words[j], &sim, &weight);
  return sim;
}

double
mrg_names_similarity (const char *a,
                      const char *b)
{
  g_autoptr(MrgName) na = mrg_name_new (a);
  g_autoptr(MrgName) nb = mrg_name_new (b);

  return mrg_name_compare (na, nb);
}

typedef struct
{
  GString *out;
  gboolean key;
} ConvertState;

static void
convert_word_cb (const gunichar *chars,
                 guint           n,
                 guint           n_letters,
                 gboolean        dotted,
                 gpointer        user_data)
{
  ConvertState *state = user_data;
  g_autoptr(GString) latin = g_string_new (NULL);

  word_to_latin (latin, chars, n);
  if (latin->len == 0)
    return;
  if (state->out->len > 0)
    g_string_append_c (state->out, ' ');
  if (state->key)
    append_key (state->out, latin->str);
  else
    g_string_append (state->out, latin->str);
}

char *
mrg_names_to_latin (const char *text)
{
  GString *out = g_string_new (NULL);
  ConvertState state = { out, FALSE };

  split_words (text, convert_word_cb, &state);
  return g_string_free (out, FALSE);
}

char *
mrg_names_phonetic_key (const char *text)
{
  GString *out = g_string_new (NULL);
  ConvertState state = { out, TRUE };

  split_words (text, convert_word_cb, &state);
  return g_string_free (out, FALSE);
}

gboolean
mrg_names_has_letters (const char *text)
{
  guint n = 0;

  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)) && ++n >= 2)
      return TRUE;
  return FALSE;
}

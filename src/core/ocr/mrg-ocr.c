/* mrg-ocr.c: reading table cells with tesseract, one engine per worker thread
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-ocr"

#include "config.h"

#include <glib/gi18n.h>
#include <dlfcn.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <tesseract/capi.h>

#include "mrg-job.h"
#include "mrg-ocr.h"

G_DEFINE_QUARK (mrg-ocr-error-quark, mrg_ocr_error)

struct _MrgOcrEngine
{
  TessBaseAPI *api;
  ETEXT_DESC *monitor;
  GCancellable *cancellable;  /* of the cell being read, for the monitor */
};

struct _MrgOcrPool
{
  char *lang;
  char *tessdata_dir;         /* NULL: where tesseract keeps its data */
  guint n_threads;
  MrgOcrEngine **engines;     /* one per worker, NULL until that worker starts */
};

static const char *tessdata_dirs[] = {
  "/usr/share/tesseract-ocr/5/tessdata",
  "/usr/share/tesseract-ocr/4.00/tessdata",
  "/usr/share/tessdata",
  "/usr/local/share/tessdata",
};

char *
mrg_ocr_find_traineddata (const char *tessdata_dir,
                          const char *language)
{
  g_autofree char *name = g_strconcat (language, ".traineddata", NULL);
  const char *prefix = g_getenv ("TESSDATA_PREFIX");

  g_return_val_if_fail (language != NULL, NULL);

  if (tessdata_dir != NULL)
    {
      g_autofree char *path = g_build_filename (tessdata_dir, name, NULL);

      return g_file_test (path, G_FILE_TEST_EXISTS) ? g_steal_pointer (&path) : NULL;
    }
  if (prefix != NULL)
    {
      g_autofree char *path = g_build_filename (prefix, name, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  for (guint i = 0; i < G_N_ELEMENTS (tessdata_dirs); i++)
    {
      g_autofree char *path = g_build_filename (tessdata_dirs[i], name, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static gboolean
check_languages_in (const char  *tessdata_dir,
                    const char  *lang,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;

  if (lang == NULL || *lang == '\0')
    {
      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_LANGUAGE, _("no OCR language given"));
      return FALSE;
    }
  parts = g_strsplit (lang, "+", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *path = NULL;

      if (*parts[i] == '\0' || strchr (parts[i], '/') != NULL || strchr (parts[i], '.') != NULL)
        {
          g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_LANGUAGE,
                       _("“%s” is not a list of OCR languages like rus+kaz+eng"), lang);
          return FALSE;
        }
      path = mrg_ocr_find_traineddata (tessdata_dir, parts[i]);
      if (path == NULL)
        {
          g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_LANGUAGE,
                       _("OCR language “%s” is not installed (install tesseract-ocr-%s)"),
                       parts[i], parts[i]);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
mrg_ocr_check_languages (const char  *lang,
                         GError     **error)
{
  return check_languages_in (NULL, lang, error);
}

static bool
monitor_cancel_cb (void *cancel_this,
                   int   words)
{
  MrgOcrEngine *engine = cancel_this;

  return engine->cancellable != NULL && g_cancellable_is_cancelled (engine->cancellable);
}

static bool
monitor_progress_cb (ETEXT_DESC *monitor,
                     int         left,
                     int         right,
                     int         top,
                     int         bottom)
{
  /* Progress is counted in cells by the pool; within one cell only the cancel check matters,
   * which tesseract makes through the cancel function. Returning FALSE lets it go on. */
  MrgOcrEngine *engine = TessMonitorGetCancelThis (monitor);

  return engine->cancellable != NULL && g_cancellable_is_cancelled (engine->cancellable);
}

MrgOcrEngine *
mrg_ocr_engine_new (const char  *lang,
                    GError     **error)
{
  return mrg_ocr_engine_new_in (NULL, lang, error);
}

MrgOcrEngine *
mrg_ocr_engine_new_in (const char  *tessdata_dir,
                       const char  *lang,
                       GError     **error)
{
  g_autoptr(MrgOcrEngine) engine = g_new0 (MrgOcrEngine, 1);
  locale_t c_locale, previous;
  int rc;

  if (!check_languages_in (tessdata_dir, lang, error))
    return NULL;

  /* tesseract parses its data files with the C library and needs a C numeric locale; uselocale
   * sets it for this thread only, so the window's locale is left alone. */
  c_locale = newlocale (LC_NUMERIC_MASK, "C", duplocale (LC_GLOBAL_LOCALE));
  previous = uselocale (c_locale);
  engine->api = TessBaseAPICreate ();
  rc = TessBaseAPIInit2 (engine->api, tessdata_dir, lang, OEM_LSTM_ONLY);
  uselocale (previous);
  freelocale (c_locale);
  if (rc != 0)
    {
      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_LANGUAGE,
                   _("tesseract could not load the OCR language “%s”"), lang);
      return NULL;
    }
  /* Cells are small images of known resolution. */
  TessBaseAPISetVariable (engine->api, "user_defined_dpi", "300");
  /* tesseract's own chatter ("Line cannot be recognized!!") would break the CLI's one-line
   * messages and the window's silence */
  TessBaseAPISetVariable (engine->api, "debug_file", "/dev/null");


  engine->monitor = TessMonitorCreate ();
  TessMonitorSetCancelThis (engine->monitor, engine);
  TessMonitorSetCancelFunc (engine->monitor, monitor_cancel_cb);
  TessMonitorSetProgressFunc (engine->monitor, monitor_progress_cb);
  return g_steal_pointer (&engine);
}

void
mrg_ocr_engine_free (MrgOcrEngine *engine)
{
  if (engine == NULL)
    return;
  if (engine->api != NULL)
    {
      TessBaseAPIEnd (engine->api);
      TessBaseAPIDelete (engine->api);
    }
  if (engine->monitor != NULL)
    TessMonitorDelete (engine->monitor);
  g_free (engine);
}

char *
mrg_ocr_clean_text (const char *raw)
{
  GString *out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  if (raw == NULL)
    return g_string_free (out, FALSE);
  lines = g_strsplit (raw, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (lines[i], " \t\r\f\v", -1);
      GString *line = g_string_new (NULL);
      char *trimmed;
      gsize start = 0, end;

      for (guint j = 0; words[j] != NULL; j++)
        if (*words[j] != '\0')
          {
            if (line->len > 0)
              g_string_append_c (line, ' ');
            g_string_append (line, words[j]);
          }
      /* bits of a rule read as text at the edges of a cell */
      end = line->len;
      while (start < end && strchr ("|_[]", line->str[start]) != NULL)
        start++;
      while (end > start && strchr ("|_[]", line->str[end - 1]) != NULL)
        end--;
      trimmed = g_strstrip (g_strndup (line->str + start, end - start));
      if (*trimmed != '\0')
        {
          if (out->len > 0)
            g_string_append_c (out, '\n');
          g_string_append (out, trimmed);
        }
      g_free (trimmed);
      g_string_free (line, TRUE);
    }
  return g_string_free (out, FALSE);
}

/* tesseract's LSTM opens OpenMP teams of four threads for every line. With one engine per core
 * already busy, those teams only spin and fight for the cores: measured here on 2 cores, a page
 * took twice the wall time and twice the CPU. Making OpenMP regions inactive (max active levels
 * 0) runs them on the calling thread alone. The setting belongs to the calling thread's data
 * environment, so every thread that reads sets it. libgomp comes into the process with
 * tesseract, so it is looked up rather than linked; without it there is nothing to do. */
static void
limit_openmp (void)
{
  static void (*set_levels) (int) = NULL;
  static gsize looked_up = 0;

  if (g_once_init_enter (&looked_up))
    {
      void *gomp = dlopen ("libgomp.so.1", RTLD_NOW | RTLD_NOLOAD);

      if (gomp != NULL)
        set_levels = (void (*) (int)) dlsym (gomp, "omp_set_max_active_levels");
      /* the handle is kept: the library stays loaded with tesseract anyway */
      g_once_init_leave (&looked_up, 1);
    }
  if (set_levels != NULL)
    set_levels (0);
}

/* Clears rows (or columns) near the crop's edges that are mostly ink: what is left of a rule
 * after cropping inside it, when the rule is thicker or more tilted than expected. */
static void
clear_rule_remnants (PIX *pix)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix);
  int band_y = MAX (2, h / 5), band_x = MAX (2, MIN (w / 5, h / 2));

  for (int y = 0; y < h; y++)
    {
      int count = 0;

      if (y >= band_y && y < h - band_y)
        continue;
      for (int x = 0; x < w; x++)
        {
          l_uint32 v;

          pixGetPixel (pix, x, y, &v);
          count += v;
        }
      if (count * 2 > w)
        pixClearInRect (pix, &(BOX) { .x = 0, .y = y, .w = w, .h = 1 });
    }
  for (int x = 0; x < w; x++)
    {
      int count = 0;

      if (x >= band_x && x < w - band_x)
        continue;
      for (int y = 0; y < h; y++)
        {
          l_uint32 v;

          pixGetPixel (pix, x, y, &v);
          count += v;
        }
      if (count * 2 > h)
        pixClearInRect (pix, &(BOX) { .x = x, .y = 0, .w = 1, .h = h });
    }
}

/* Typewriter and monospace zeros often carry a dot or a slash inside: a small part lying wholly
 * inside another glyph's box. tesseract reads such a zero as 9 or 8; without the dot it is a 0.
 * No letter of the alphabets read here has a mark inside its own box. */
static void
remove_nested_dots (PIX *pix)
{
  BOXA *boxa = pixConnCompBB (pix, 8);
  int n = boxaGetCount (boxa);

  for (int i = 0; i < n; i++)
    {
      l_int32 x, y, w, h;

      boxaGetBoxGeometry (boxa, i, &x, &y, &w, &h);
      for (int j = 0; j < n; j++)
        {
          l_int32 ox, oy, ow, oh;

          if (j == i)
            continue;
          boxaGetBoxGeometry (boxa, j, &ox, &oy, &ow, &oh);
          if (x > ox && y > oy && x + w < ox + ow && y + h < oy + oh && w * 3 <= ow && h * 3 <= oh)
            {
              pixClearInRect (pix, &(BOX) { .x = x, .y = y, .w = w, .h = h });
              break;
            }
        }
    }
  boxaDestroy (&boxa);
}

/* A cell holding only dashes ("---", a blank filled in): tesseract reads such bars as "-=--" or
 * "—_——". Every part flat and on one level: one hyphen per part, a long part counted in
 * hyphens of the shortest one's width. */
static gboolean
read_dashes (PIX   *ink,
             char **out_text)
{
  BOXA *boxa = pixConnCompBB (ink, 8);
  int n = boxaGetCount (boxa);
  int min_w = G_MAXINT, count = 0;
  gboolean flat = n > 0;

  for (int i = 0; i < n && flat; i++)
    {
      l_int32 x, y, w, h;

      boxaGetBoxGeometry (boxa, i, &x, &y, &w, &h);
      if (h * 2 > w || h > 12 || h > pixGetHeight (ink) / 2 + 3)
        flat = FALSE;
      min_w = MIN (min_w, w);
    }
  if (flat && pixGetHeight (ink) <= 14)
    for (int i = 0; i < n; i++)
      {
        l_int32 x, y, w, h;

        boxaGetBoxGeometry (boxa, i, &x, &y, &w, &h);
        count += MAX (1, (w + min_w / 2) / min_w);
      }
  boxaDestroy (&boxa);
  if (count == 0)
    return FALSE;
  *out_text = g_strnfill (count, '-');
  return TRUE;
}

/* In a column of numbers, letters that look like digits are digits (a Cyrillic З read for 3).
 * Returns NULL unless every character then is a digit or a space. */
static char *
map_digit_lookalikes (const char *text)
{
  static const struct { gunichar from; char to; } map[] = {
    { 0x0417, '3' }, { 0x0437, '3' },                                 /* З з */
    { 0x041E, '0' }, { 0x043E, '0' }, { 'O', '0' }, { 'o', '0' },     /* О о O o */
    { 0x0431, '6' },                                                  /* б */
    { 'I', '1' }, { 'l', '1' }, { '|', '1' }, { '!', '1' },
    { 0x0414, '4' }, { 0x0434, '4' }, { 0x0427, '4' },                /* Д д Ч */
    { 'S', '5' }, { 'B', '8' }, { 0x0412, '8' },                      /* В */
  };
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char digit = 0;

      if (c == ' ' || g_ascii_isdigit (c))
        digit = (char) c;
      for (guint i = 0; digit == 0 && i < G_N_ELEMENTS (map); i++)
        if (map[i].from == c)
          digit = map[i].to;
      if (digit == 0)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      g_string_append_c (out, digit);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_cyrillic_letter (gunichar c)
{
  return g_unichar_isalpha (c) && g_unichar_get_script (c) == G_UNICODE_SCRIPT_CYRILLIC;
}

/* The letter a digit stands for inside a Cyrillic word: 0 if it stands for none. */
static gunichar
digit_letter (gunichar digit,
              gboolean upper)
{
  switch (digit)
    {
    case '3':
      return upper ? 0x0417 : 0x0437;   /* З з */
    case '0':
      return upper ? 0x041E : 0x043E;   /* О о */
    case '6':
      return upper ? 0 : 0x0431;        /* б (Б looks like no digit) */
    default:
      return 0;
    }
}

/* One whitespace-free word of a text cell, mended into `out`. */
static void
mend_word (const gunichar *w,
           gsize           n,
           GString        *out)
{
  gsize digits = 0, cyrillic = 0, other_letters = 0, at = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (g_unichar_isdigit (w[i]))
        {
          digits++;
          at = i;
        }
      else if (is_cyrillic_letter (w[i]))
        cyrillic++;
      else if (g_unichar_isalpha (w[i]))
        other_letters++;
    }
  /* Only a lone digit in a word of Cyrillic letters: "1903", "3-й", "№3", "д.3" stay. It is
   * inside the word when a letter touches it on both sides ("ра3ведчик"), when it begins a
   * word of two letters or more ("3айцев"), or when it is one letter of an abbreviation
   * between dots ("и.и.3."). */
  if (digits == 1 && cyrillic > 0 && other_letters == 0)
    {
      gboolean before = at > 0 && is_cyrillic_letter (w[at - 1]);
      gboolean after = at + 1 < n && is_cyrillic_letter (w[at + 1]);
      gboolean word_start = at == 0 && at + 2 < n && after && is_cyrillic_letter (w[at + 2]);
      gboolean abbreviation = at >= 2 && w[at - 1] == '.' && is_cyrillic_letter (w[at - 2])
                              && at + 1 < n && w[at + 1] == '.';
      gunichar letter = 0;

      if ((before && after) || word_start || abbreviation)
        {
          /* the case of the letters around it: upper after an upper one ("ГА3"), and at the
           * start of a word, which in a list of names is a capital */
          gboolean upper = word_start
                           || (at > 0 && g_unichar_isupper (w[at - 1])
                               && (!after || g_unichar_isupper (w[at + 1])));

          letter = digit_letter (w[at], upper);
          if (letter == 0 && upper)
            letter = digit_letter (w[at], FALSE);
        }
      if (letter != 0)
        {
          for (gsize i = 0; i < n; i++)
            g_string_append_unichar (out, i == at ? letter : w[i]);
          return;
        }
    }
  for (gsize i = 0; i < n; i++)
    g_string_append_unichar (out, w[i]);
}

char *
mrg_ocr_mend_letters (const char *text)
{
  g_autofree gunichar *chars = NULL;
  glong n = 0;
  GString *out;
  glong start = 0;

  g_return_val_if_fail (text != NULL, NULL);

  chars = g_utf8_to_ucs4 (text, -1, NULL, &n, NULL);
  if (chars == NULL)
    return g_strdup (text);
  out = g_string_sized_new (strlen (text));
  for (glong i = 0; i <= n; i++)
    if (i == n || g_unichar_isspace (chars[i]))
      {
        mend_word (chars + start, i - start, out);
        if (i < n)
          g_string_append_unichar (out, chars[i]);
        start = i + 1;
      }
  return g_string_free (out, FALSE);
}

/* Counts text lines in a clipped 1 bpp cell by its row profile. */
static int
count_text_lines (PIX *pix,
                  int  min_gap)
{
  int w = pixGetWidth (pix), h = pixGetHeight (pix);
  int lines = 0, blank = min_gap;
  NUMA *profile = pixCountPixelsByRow (pix, NULL);

  for (int y = 0; y < h; y++)
    {
      l_int32 v;

      numaGetIValue (profile, y, &v);
      if (v > MAX (1, w / 200))
        {
          if (blank >= min_gap)
            lines++;
          blank = 0;
        }
      else
        blank++;
    }
  numaDestroy (&profile);
  return lines;
}

static char *
recognise (MrgOcrEngine *engine,
           PIX          *pix,
           int           psm,
           double       *confidence)
{
  char *raw;
  char *text;

  TessBaseAPISetPageSegMode (engine->api, psm);
  TessBaseAPISetImage2 (engine->api, pix);
  TessBaseAPISetSourceResolution (engine->api, 300);
  if (TessBaseAPIRecognize (engine->api, engine->monitor) != 0)
    {
      *confidence = 0;
      return g_strdup ("");
    }
  raw = TessBaseAPIGetUTF8Text (engine->api);
  text = mrg_ocr_clean_text (raw);
  TessDeleteText (raw);
  *confidence = *text != '\0' ? MAX (0, TessBaseAPIMeanTextConf (engine->api)) : 0;
  return text;
}

/* Whether every character of `text` but spaces is one of `list` (UTF-8 both). */
static gboolean
text_within (const char *text,
             const char *list)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (!g_unichar_isspace (ch) && g_utf8_strchr (list, -1, ch) == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
mrg_ocr_engine_read_cell (MrgOcrEngine *engine,
                          PIX          *binary,
                          int           rule_thickness,
                          MrgOcrJob    *job,
                          GCancellable *cancellable)
{
  int inset = rule_thickness > 0 ? rule_thickness / 2 + 3 : 1;
  int pw = pixGetWidth (binary), ph = pixGetHeight (binary);
  int x1 = CLAMP (job->box.x1 + inset, 0, pw), y1 = CLAMP (job->box.y1 + inset, 0, ph);
  int x2 = CLAMP (job->box.x2 - inset, 0, pw), y2 = CLAMP (job->box.y2 - inset, 0, ph);
  PIX *crop, *clean, *ink = NULL, *padded;
  BOX *ink_box = NULL;
  int lines, ink_w, ink_h, pad;
  l_int32 n_parts = 0;
  double confidence = 0;
  char *text = NULL;

  g_clear_pointer (&job->text, g_free);
  g_clear_pointer (&job->image, g_bytes_unref);
  job->confidence = 0;
  job->done = FALSE;
  if (g_cancellable_is_cancelled (cancellable))
    return FALSE;

  if (x2 - x1 < 4 || y2 - y1 < 4)
    goto empty;
  crop = pixClipRectangle (binary, &(BOX) { .x = x1, .y = y1, .w = x2 - x1, .h = y2 - y1 }, NULL);
  if (crop == NULL)
    goto empty;
  if (rule_thickness > 0)
    clear_rule_remnants (crop);
  /* noise specks of a scan; dots of і and й are larger at 300 dpi */
  clean = pixSelectBySize (crop, 4, 4, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, NULL);
  pixDestroy (&crop);
  if (clean == NULL)
    goto empty;
  if (pixClipToForeground (clean, &ink, &ink_box) != 0 || ink == NULL)
    {
      pixDestroy (&clean);
      goto empty;
    }
  pixDestroy (&clean);
  ink_w = pixGetWidth (ink);
  ink_h = pixGetHeight (ink);
  boxDestroy (&ink_box);
  if (ink_w * ink_h < 40)
    {
      pixDestroy (&ink);
      goto empty;
    }

  lines = count_text_lines (ink, 4);
  pixCountConnComp (ink, 8, &n_parts);

  remove_nested_dots (ink);

  if (lines <= 1 && read_dashes (ink, &text))
    {
      pixDestroy (&ink);
      job->text = text;
      job->confidence = 90;
      job->done = TRUE;
      return TRUE;
    }

  /* tesseract reads best with a margin of white of about a letter's height */
  pad = CLAMP (ink_h / MAX (lines, 1) / 2 + 8, 10, 40);
  {
    PIX *bordered = pixAddBorder (ink, pad, 0);
    gboolean single = n_parts <= 2 && ink_w <= ink_h * 1.1 && lines <= 1;

    pixDestroy (&ink);
    /* Hard binary edges make the LSTM misread small text: a lone "9" comes back as "®" or
     * nothing. Softened by a 3×3 mean, as a scan's edges are, it is read; on the synthetic
     * corpus the CER fell from 0.54 % to 0.37 % (noisy) and 0.37 % to 0.25 % (clean). */
    (void) single;
      {
        PIX *grey = pixConvert1To8 (NULL, bordered, 255, 0);

        padded = pixBlockconv (grey, 1, 1);
        pixDestroy (&grey);
        pixDestroy (&bordered);
      }
  }

  if (job->keep_image)
    {
      l_uint8 *png = NULL;
      size_t png_size = 0;

      /* what tesseract is given below, kept to learn from once a person verifies the text */
      if (pixWriteMemPng (&png, &png_size, padded, 0) == 0)
        job->image = g_bytes_new_with_free_func (png, png_size, lept_free, png);
    }
  if (g_getenv ("MRG_OCR_DUMP") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s/cell-%d-%d.png", g_getenv ("MRG_OCR_DUMP"),
                                               job->box.x1, job->box.y1);
      pixWrite (name, padded, IFF_PNG);
    }
  limit_openmp ();
  engine->cancellable = cancellable;
  {
    gboolean single = n_parts <= 2 && ink_w <= ink_h * 1.1 && lines <= 1;
    int psm = single ? PSM_SINGLE_CHAR : lines >= 2 ? PSM_SINGLE_BLOCK : PSM_SINGLE_LINE;
    /* A whitelist mends 0/O and 3/З in numbers, but it turns a lone glyph the model is unsure
     * of into nothing: a lone glyph is read freely first. */
    const char *list = job->whitelist != NULL && *job->whitelist != '\0' ? job->whitelist
                       : job->hint == MRG_OCR_HINT_DIGITS ? "0123456789" : NULL;
    gboolean whitelist = list != NULL && !single;
    const int fallbacks[] = { psm, PSM_SINGLE_WORD, PSM_SINGLE_CHAR };

    for (guint attempt = 0; attempt < 2 * G_N_ELEMENTS (fallbacks) && (text == NULL || *text == '\0'); attempt++)
      {
        gboolean use_list = attempt < G_N_ELEMENTS (fallbacks) ? whitelist : !whitelist;

        if (g_cancellable_is_cancelled (cancellable))
          break;
        if (use_list && list == NULL)
          continue;
        g_free (text);
        TessBaseAPISetVariable (engine->api, "tessedit_char_whitelist", use_list ? list : "");
        text = recognise (engine, padded, fallbacks[attempt % G_N_ELEMENTS (fallbacks)], &confidence);
      }
    if (text == NULL)
      text = g_strdup ("");
    /* Look-alikes go one way in a column of numbers and the other in text: the model reads a
     * Cyrillic з as 3 in a header ("Фамилия и.и.3.") as readily as a 3 as З in a year. */
    if (job->hint == MRG_OCR_HINT_DIGITS)
      {
        char *mapped = map_digit_lookalikes (text);

        if (mapped != NULL)
          {
            g_free (text);
            text = mapped;
          }
      }
    else
      {
        char *mended = mrg_ocr_mend_letters (text);

        g_free (text);
        text = mended;
      }
    /* a lone glyph read freely as something the column never holds (a letter in a number
     * column): now ask for one it does */
    if (list != NULL && single && !g_cancellable_is_cancelled (cancellable)
        && !text_within (text, list))
      {
        double digit_confidence;
        char *digit;

        TessBaseAPISetVariable (engine->api, "tessedit_char_whitelist", list);
        digit = recognise (engine, padded, PSM_SINGLE_CHAR, &digit_confidence);
        if (*digit != '\0')
          {
            g_free (text);
            text = digit;
            confidence = digit_confidence;
          }
        else
          g_free (digit);
      }
  }
  engine->cancellable = NULL;
  /* the next cell may be of another column */
  TessBaseAPISetVariable (engine->api, "tessedit_char_whitelist", "");
  TessBaseAPIClear (engine->api);
  pixDestroy (&padded);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_free (text);
      return FALSE;
    }
  job->text = text;
  job->confidence = confidence;
  job->done = TRUE;
  return TRUE;

empty:
  job->text = g_strdup ("");
  job->confidence = 100;
  job->done = TRUE;
  return TRUE;
}

void
mrg_ocr_job_clear (MrgOcrJob *job)
{
  g_clear_pointer (&job->text, g_free);
  g_clear_pointer (&job->image, g_bytes_unref);
}

MrgOcrPool *
mrg_ocr_pool_new (const char  *lang,
                  guint        n_threads,
                  GError     **error)
{
  return mrg_ocr_pool_new_in (NULL, lang, n_threads, error);
}

MrgOcrPool *
mrg_ocr_pool_new_in (const char  *tessdata_dir,
                     const char  *lang,
                     guint        n_threads,
                     GError     **error)
{
  MrgOcrPool *pool;
  MrgOcrEngine *first;

  /* The first engine is made here so that a missing language is reported before any work. */
  first = mrg_ocr_engine_new_in (tessdata_dir, lang, error);
  if (first == NULL)
    return NULL;

  pool = g_new0 (MrgOcrPool, 1);
  pool->lang = g_strdup (lang);
  pool->tessdata_dir = g_strdup (tessdata_dir);
  pool->n_threads = n_threads > 0 ? n_threads : MAX (1, g_get_num_processors ());
  pool->engines = g_new0 (MrgOcrEngine *, pool->n_threads);
  pool->engines[0] = first;
  return pool;
}

void
mrg_ocr_pool_free (MrgOcrPool *pool)
{
  if (pool == NULL)
    return;
  for (guint i = 0; i < pool->n_threads; i++)
    mrg_ocr_engine_free (pool->engines[i]);
  g_free (pool->engines);
  g_free (pool->lang);
  g_free (pool->tessdata_dir);
  g_free (pool);
}

guint
mrg_ocr_pool_get_n_threads (MrgOcrPool *pool)
{
  return pool->n_threads;
}

const char *
mrg_ocr_pool_get_lang (MrgOcrPool *pool)
{
  return pool->lang;
}

typedef struct
{
  MrgOcrPool *pool;
  PIX *binary;
  int rule_thickness;
  MrgOcrJob *jobs;
  guint *order;   /* indices of jobs, largest cell first */
  const MrgMonitor *monitor;
} PoolRun;

/* Each worker keeps its engine in the pool, made the first time it is needed. */
static gpointer
pool_worker_init (guint    worker,
                  gpointer data,
                  GError **error)
{
  PoolRun *run = data;
  MrgOcrEngine **engine = &run->pool->engines[worker];

  if (*engine == NULL)
    *engine = mrg_ocr_engine_new_in (run->pool->tessdata_dir, run->pool->lang, error);
  return *engine;
}

static gboolean
pool_read_cell (gpointer engine,
                guint    item,
                gpointer data,
                GError **error)
{
  PoolRun *run = data;

  return mrg_ocr_engine_read_cell (engine, run->binary, run->rule_thickness,
                                   &run->jobs[run->order[item]],
                                   mrg_monitor_get_cancellable (run->monitor));
}

static void
pool_progress (guint    done,
               guint    n_items,
               gpointer data)
{
  PoolRun *run = data;

  mrg_monitor_report (run->monitor, done, n_items);
}

static int
compare_cell_size (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  const MrgOcrJob *jobs = data;
  const MrgBox *x = &jobs[*(const guint *) a].box, *y = &jobs[*(const guint *) b].box;
  gint64 ax = (gint64) (x->x2 - x->x1) * (x->y2 - x->y1);
  gint64 ay = (gint64) (y->x2 - y->x1) * (y->y2 - y->y1);

  if (ax != ay)
    return ax > ay ? -1 : 1;
  /* equal sizes keep the table's order */
  return (*(const guint *) a > *(const guint *) b) - (*(const guint *) a < *(const guint *) b);
}

gboolean
mrg_ocr_pool_run (MrgOcrPool         *pool,
                  PIX                *binary,
                  int                 rule_thickness,
                  MrgOcrJob          *jobs,
                  guint               n_jobs,
                  const MrgMonitor   *monitor,
                  GError            **error)
{
  g_autofree guint *order = g_new (guint, MAX (n_jobs, 1));
  static const MrgParallelFuncs funcs = { pool_worker_init, pool_read_cell, NULL, pool_progress };
  PoolRun run = { pool, binary, rule_thickness, jobs, order, monitor };

  g_return_val_if_fail (pool != NULL && binary != NULL, FALSE);

  /* A cell's reading time grows with its size, and a register spread mixes cells of a few
   * words with cells of twenty handwritten lines (3 s each here). Taken in table order, the
   * big ones can come last and leave one worker reading alone while the others idle; taken
   * largest first, the small ones fill in at the end. Each cell is read on its own, so the
   * order changes no text. */
  for (guint i = 0; i < n_jobs; i++)
    order[i] = i;
  g_qsort_with_data (order, n_jobs, sizeof (guint), compare_cell_size, jobs);

  if (!mrg_parallel_for (n_jobs, pool->n_threads, &funcs, &run,
                         mrg_monitor_get_cancellable (monitor), error))
    return FALSE;
  for (guint i = 0; i < n_jobs; i++)
    if (!jobs[i].done)
      {
        g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED, _("a cell could not be read"));
        return FALSE;
      }
  return TRUE;
}

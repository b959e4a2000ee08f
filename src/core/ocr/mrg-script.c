/* mrg-script.c: the script a page is written in, for the pages nobody chose OCR languages for
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-ocr"

#include "config.h"

#include "mrg-script.h"

/* Read with the wrong script's model, a typed cell still reads, as look-alike letters, but
 * tesseract is less sure of them. Over the first 24 cells of a table, averaged over letters:
 * typed Cyrillic lists (8 pages) read at 87–94 with rus+kaz and 27–50 with eng; typed Latin
 * tables (5 rasterised text PDFs) at 79–94 with eng and 51–74 with rus+kaz, the closest 13
 * points apart (a table of figures with few words). Handwriting reads at 25–65 with either. */
#define LATIN_MARGIN 5.0
/* Fewer letters than this (a table of numbers) say nothing of the script. */
#define MIN_LETTERS 20
/* Read this surely with the Cyrillic languages (typed Latin never reads above 74 with them),
 * the sample is not read again in Latin: the lists are mostly Cyrillic, and so cost no more
 * than one reading of the sample. */
#define CYRILLIC_SURE 85.0

typedef struct
{
  double confidence;   /* summed over letters */
  guint letters;
} Sureness;

static gboolean
read_sample (MrgOcrPool    *pool,
             PIX           *binary,
             int            rule_thickness,
             MrgOcrJob     *jobs,
             guint          n,
             GCancellable  *cancellable,
             Sureness      *out,
             GError       **error)
{
  MrgMonitor monitor = { cancellable, NULL, NULL };

  *out = (Sureness) { 0 };
  if (!mrg_ocr_pool_run (pool, binary, rule_thickness, jobs, n, &monitor, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      guint letters = 0;

      for (const char *p = jobs[i].text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isalpha (g_utf8_get_char (p)))
          letters++;
      out->letters += letters;
      out->confidence += jobs[i].confidence * letters;
    }
  return TRUE;
}

gboolean
mrg_script_detect (MrgOcrPool       *cyrillic,
                   MrgOcrPool       *latin,
                   PIX              *binary,
                   int               rule_thickness,
                   MrgOcrJob        *cyrillic_reads,
                   MrgOcrJob        *latin_reads,
                   guint             n,
                   GCancellable     *cancellable,
                   MrgScript        *script,
                   GError          **error)
{
  Sureness c, l;

  g_return_val_if_fail (cyrillic != NULL && latin != NULL && binary != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (cyrillic_reads != NULL && latin_reads != NULL), FALSE);
  g_return_val_if_fail (script != NULL, FALSE);

  if (!read_sample (cyrillic, binary, rule_thickness, cyrillic_reads, n, cancellable, &c, error))
    return FALSE;
  if (c.letters >= MIN_LETTERS && c.confidence / c.letters >= CYRILLIC_SURE)
    {
      g_debug ("script: %s %.1f on %u letters", mrg_ocr_pool_get_lang (cyrillic),
               c.confidence / c.letters, c.letters);
      *script = MRG_SCRIPT_CYRILLIC;
      return TRUE;
    }
  if (!read_sample (latin, binary, rule_thickness, latin_reads, n, cancellable, &l, error))
    return FALSE;
  g_debug ("script: %s %.1f on %u letters, %s %.1f on %u letters",
           mrg_ocr_pool_get_lang (cyrillic), c.letters > 0 ? c.confidence / c.letters : 0,
           c.letters, mrg_ocr_pool_get_lang (latin), l.letters > 0 ? l.confidence / l.letters : 0,
           l.letters);
  if (c.letters < MIN_LETTERS && l.letters < MIN_LETTERS)
    *script = MRG_SCRIPT_UNKNOWN;
  else if (l.letters >= MIN_LETTERS &&
           l.confidence / l.letters > c.confidence / MAX (c.letters, 1) + LATIN_MARGIN)
    *script = MRG_SCRIPT_LATIN;
  else
    *script = MRG_SCRIPT_CYRILLIC;
  return TRUE;
}

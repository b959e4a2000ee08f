/* mrg-script.c: the script a page is written in, for the pages nobody chose OCR languages for
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-ocr"

#include "config.h"

#include <math.h>

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

/* The Latin reading goes a batch of cells at a time, and stops before the sample's end once
 * the two readings are this far apart over at least this many letters each: far beyond the
 * margin, where the rest of the sample would not change the answer. A roll in a handwriting
 * font is seldom read surely enough to skip the Latin reading, but over a first batch of its
 * cells the two readings were 35 points apart or more (four fonts, both scripts, bench-script);
 * the rendered text PDFs stopped after 8, 16 or 24 cells, each with the same answer as before. */
#define BATCH 8
#define DECISIVE_GAP 20.0
#define DECISIVE_LETTERS 40

typedef struct
{
  double confidence;   /* summed over letters */
  guint letters;
} Sureness;

/* How sure the reading of the jobs order[0…n - 1] is, over their letters. */
static Sureness
tally (const MrgOcrJob *jobs,
       const guint     *order,
       guint            n)
{
  Sureness out = { 0 };

  for (guint i = 0; i < n; i++)
    {
      const MrgOcrJob *job = &jobs[order[i]];
      guint letters = 0;

      for (const char *p = job->text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isalpha (g_utf8_get_char (p)))
          letters++;
      out.letters += letters;
      out.confidence += job->confidence * letters;
    }
  return out;
}

static double
average (const Sureness *s)
{
  return s->letters > 0 ? s->confidence / s->letters : 0;
}

static gboolean
read_cells (MrgOcrPool    *pool,
            PIX           *binary,
            int            rule_thickness,
            MrgOcrJob     *jobs,
            guint          n,
            GCancellable  *cancellable,
            GError       **error)
{
  MrgMonitor monitor = { cancellable, NULL, NULL };

  return mrg_ocr_pool_run (pool, binary, rule_thickness, jobs, n, &monitor, error);
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
  g_autofree guint *order = g_new (guint, MAX (n, 1));
  MrgOcrJob batch_jobs[BATCH];
  Sureness c, l = { 0 };
  guint read = 0, stride = (n + BATCH - 1) / BATCH, k = 0;

  g_return_val_if_fail (cyrillic != NULL && latin != NULL && binary != NULL, FALSE);
  g_return_val_if_fail (n == 0 || (cyrillic_reads != NULL && latin_reads != NULL), FALSE);
  g_return_val_if_fail (script != NULL, FALSE);

  /* Every third cell first, and so on: each batch spans the sample's rows, its header and its
   * body alike, as a list may have its header in one script and its names in the other. */
  for (guint b = 0; b < stride; b++)
    for (guint j = b; j < n; j += stride)
      order[k++] = j;

  if (!read_cells (cyrillic, binary, rule_thickness, cyrillic_reads, n, cancellable, error))
    return FALSE;
  c = tally (cyrillic_reads, order, n);
  if (c.letters >= MIN_LETTERS && average (&c) >= CYRILLIC_SURE)
    {
      g_debug ("script: %s %.1f on %u letters", mrg_ocr_pool_get_lang (cyrillic), average (&c),
               c.letters);
      *script = MRG_SCRIPT_CYRILLIC;
      return TRUE;
    }
  /* the same cells in both, as far as the Latin reading went */
  while (read < n)
    {
      guint batch = MIN (BATCH, n - read);
      gboolean ok;

      for (guint i = 0; i < batch; i++)
        batch_jobs[i] = latin_reads[order[read + i]];
      ok = read_cells (latin, binary, rule_thickness, batch_jobs, batch, cancellable, error);
      /* back where the caller clears them, read or not */
      for (guint i = 0; i < batch; i++)
        latin_reads[order[read + i]] = batch_jobs[i];
      if (!ok)
        return FALSE;
      read += batch;
      c = tally (cyrillic_reads, order, read);
      l = tally (latin_reads, order, read);
      if (c.letters >= DECISIVE_LETTERS && l.letters >= DECISIVE_LETTERS
          && fabs (average (&l) - average (&c)) >= DECISIVE_GAP)
        break;
    }
  g_debug ("script: %s %.1f on %u letters, %s %.1f on %u letters (%u of %u cells)",
           mrg_ocr_pool_get_lang (cyrillic), average (&c), c.letters,
           mrg_ocr_pool_get_lang (latin), average (&l), l.letters, read, n);
  if (c.letters < MIN_LETTERS && l.letters < MIN_LETTERS)
    *script = MRG_SCRIPT_UNKNOWN;
  else if (l.letters >= MIN_LETTERS && average (&l) > average (&c) + LATIN_MARGIN)
    *script = MRG_SCRIPT_LATIN;
  else
    *script = MRG_SCRIPT_CYRILLIC;
  return TRUE;
}

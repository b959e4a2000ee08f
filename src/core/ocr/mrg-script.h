/* mrg-script.h: the script a page is written in, for the pages nobody chose OCR languages for
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "mrg-ocr.h"

G_BEGIN_DECLS

/* The languages that read a page in Latin script when nobody chose any: the lists come in
 * Cyrillic (MRG_OCR_DEFAULT_LANG) or, from the camps' own offices, transliterated into Latin
 * letters, which rus+kaz turns into look-alike Cyrillic ("ALONSO" → "АГОМ$О"). */
#define MRG_SCRIPT_LATIN_LANG "eng"

/* How many cells of a table, from its first row on, are read twice to choose. */
#define MRG_SCRIPT_SAMPLE 24

typedef enum
{
  MRG_SCRIPT_UNKNOWN,    /* too few letters read to say (a table of numbers) */
  MRG_SCRIPT_CYRILLIC,
  MRG_SCRIPT_LATIN,
} MrgScript;

/* Reads a sample of a page's cells twice, `n` jobs each: `cyrillic_reads` with `cyrillic`,
 * then, unless that reading is already sure, `latin_reads` with `latin`, as far as it takes to
 * tell (the jobs set up by the caller as it reads cells, their texts left to the caller to
 * clear; a Latin job not read is not `done`), and says which reads it the surer: Latin only when `latin`'s confidence, averaged over the letters read, is above
 * `cyrillic`'s by a clear margin. FALSE with `error` set when cancelled or a cell could not be
 * read. */
gboolean mrg_script_detect (MrgOcrPool       *cyrillic,
                            MrgOcrPool       *latin,
                            PIX              *binary,
                            int               rule_thickness,
                            MrgOcrJob        *cyrillic_reads,
                            MrgOcrJob        *latin_reads,
                            guint             n,
                            GCancellable     *cancellable,
                            MrgScript        *script,
                            GError          **error);

G_END_DECLS

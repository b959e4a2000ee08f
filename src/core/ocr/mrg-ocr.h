/* mrg-ocr.h: reading table cells with tesseract, one engine per worker thread
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <leptonica/allheaders.h>

#include "mrg-types.h"

G_BEGIN_DECLS

#define MRG_OCR_ERROR (mrg_ocr_error_quark ())

typedef enum
{
  MRG_OCR_ERROR_LANGUAGE,   /* tesseract has no data for the language asked for */
  MRG_OCR_ERROR_IMAGE,      /* the page could not be loaded or prepared */
  MRG_OCR_ERROR_FAILED,
} MrgOcrError;

/* Languages used when a project does not say otherwise. Measured with bench/bench-ocr on the
 * six synthetic Cyrillic lists (CER noisy / clean): rus 0.34 % / 0.12 %, rus+kaz 0.27 % / 0.00 %,
 * rus+kaz+eng 0.27 % / 0.56 % (Latin look-alikes replace Cyrillic letters), all at about the
 * same speed. Kazakh names also need kaz's letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і). */
#define MRG_OCR_DEFAULT_LANG "rus+kaz"

typedef enum
{
  MRG_OCR_HINT_TEXT,
  MRG_OCR_HINT_DIGITS,     /* numbers and years: digits only */
} MrgOcrHint;

/* One cell to read: `box` is the cell between its separators in the deskewed frame, page
 * pixels. The reader crops inside the rules itself. */
typedef struct
{
  MrgBox box;
  MrgOcrHint hint;
  /* The characters tesseract may read there (its tessedit_char_whitelist), from the column's
   * layout; NULL or "" for any, which is digits for MRG_OCR_HINT_DIGITS. Not owned. */
  const char *whitelist;
  gboolean keep_image;  /* keep the image tesseract read as `image` (to learn from) */
  /* results */
  char *text;          /* never NULL once read; "" for an empty cell */
  double confidence;   /* 0–100 */
  gboolean done;
  GBytes *image;       /* with keep_image: the PNG of the cell as tesseract read it, or NULL */
} MrgOcrJob;

typedef struct _MrgOcrEngine MrgOcrEngine;
typedef struct _MrgOcrPool MrgOcrPool;

GQuark        mrg_ocr_error_quark      (void);

/* Checks that tesseract has data for every language of `lang` ("rus+kaz+eng"). */
gboolean      mrg_ocr_check_languages  (const char      *lang,
                                        GError         **error);

/* The .traineddata of one language in `tessdata_dir`, or (NULL) where tesseract keeps its
 * data; NULL when it is not there. */
char         *mrg_ocr_find_traineddata (const char      *tessdata_dir,
                                        const char      *language);

MrgOcrEngine *mrg_ocr_engine_new       (const char      *lang,
                                        GError         **error);
/* The same, with the languages' data in `tessdata_dir` (NULL: where tesseract keeps it). */
MrgOcrEngine *mrg_ocr_engine_new_in    (const char      *tessdata_dir,
                                        const char      *lang,
                                        GError         **error);
void          mrg_ocr_engine_free      (MrgOcrEngine    *engine);
/* Reads one cell of `binary` (1 bpp, deskewed, full resolution, ink ON) whose rules are about
 * `rule_thickness` pixels thick. Returns FALSE only when cancelled. */
gboolean      mrg_ocr_engine_read_cell (MrgOcrEngine    *engine,
                                        PIX             *binary,
                                        int              rule_thickness,
                                        MrgOcrJob       *job,
                                        GCancellable    *cancellable);

/* A pool of `n_threads` workers (0: one per core), each with its own engine, created lazily
 * and kept for the pool's life. */
MrgOcrPool   *mrg_ocr_pool_new         (const char      *lang,
                                        guint            n_threads,
                                        GError         **error);
MrgOcrPool   *mrg_ocr_pool_new_in      (const char      *tessdata_dir,
                                        const char      *lang,
                                        guint            n_threads,
                                        GError         **error);
void          mrg_ocr_pool_free        (MrgOcrPool      *pool);
guint         mrg_ocr_pool_get_n_threads (MrgOcrPool    *pool);
/* The languages the pool reads with, as given to mrg_ocr_pool_new(). */
const char   *mrg_ocr_pool_get_lang    (MrgOcrPool      *pool);
/* Reads every job, calling the monitor's progress on this thread as cells finish; FALSE with
 * G_IO_ERROR_CANCELLED when cancelled (some jobs then stay undone). */
gboolean      mrg_ocr_pool_run         (MrgOcrPool        *pool,
                                        PIX               *binary,
                                        int                rule_thickness,
                                        MrgOcrJob         *jobs,
                                        guint              n_jobs,
                                        const MrgMonitor  *monitor,
                                        GError           **error);
void          mrg_ocr_job_clear        (MrgOcrJob       *job);

/* Whitespace collapsed, ruling-line debris ("|", "_") trimmed from the ends. */
char         *mrg_ocr_clean_text       (const char      *raw);
/* For a text or header cell: a lone digit inside a Cyrillic word becomes the letter it stands
 * for (3 → з, 0 → о, 6 → б): "Фамилия и.и.3." → "Фамилия и.и.з.", "3айцев" → "Зайцев".
 * Numbers, ordinals ("3-й") and words with Latin letters are left as they are. */
char         *mrg_ocr_mend_letters     (const char      *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgOcrEngine, mrg_ocr_engine_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgOcrPool, mrg_ocr_pool_free)

G_END_DECLS

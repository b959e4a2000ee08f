/* mrg-pipeline.h: running pages through prepare, grid and cell OCR into the project
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "mrg-grid.h"
#include "mrg-job.h"
#include "mrg-store.h"

G_BEGIN_DECLS

typedef struct
{
  /* tesseract languages ("rus+kaz+eng") for the pages whose layout and document name none
   * (mrg_store_get_page_ocr_lang); NULL: the project's, else the default */
  const char *lang;
  guint jobs;        /* worker threads; 0: one per core */
  /* Find the grids only: a new table gets its rules, rows, columns and empty cells for a person
   * to type in (handwriting, which tesseract cannot read), and no cell is read. */
  gboolean grid_only;
} MrgPipelineOptions;

/* The project's meta key holding its OCR languages. */
#define MRG_PIPELINE_META_LANG "ocr-lang"

/* Every page id of the project in project order: documents as added, pages by number. The
 * global page number of the CLI's --pages is the 1-based position in this array. */
GArray   *mrg_pipeline_list_pages  (MrgStore                 *store,
                                    GError                  **error);
/* Parses "1,3-5" against `n_pages` into 0-based indices (ascending, no repeats). */
GArray   *mrg_pipeline_parse_pages (const char               *list,
                                    guint                     n_pages,
                                    GError                  **error);

/* The grid of a table without rules from the words of a PDF's text layer (deskewed page
 * pixels): columns from mrg_grid_from_words, rows from the text lines, one row for each line
 * that has a word in the key column (the leftmost column written on a quarter of the lines or
 * more); the lines between continue the row above (a cell of several lines). Text-layer words
 * are exact, so a line written in a few columns only (a "TOTAL" line) is a row of its own. NULL
 * when the words make no table of two columns. */
MrgGrid  *mrg_pipeline_grid_from_text_layer (const MrgBox *words,
                                             guint         n_words);

/* Finds the table of each page and reads its cells. A page that already has a table keeps its
 * grid: only cells a person has not edited are read again. Each page is written in its own
 * transaction once it is read, so a cancelled or failed run leaves finished pages done and the
 * others as they were. A page whose scan cannot be read (damaged since it was imported) is left
 * as it was and the run goes on with the others, then fails with that page's error, saying how
 * many pages were read and how many not. The progress (each page's place in the project and the cells read of it)
 * goes to `job`, the job this runs in, when it is not NULL. */
gboolean  mrg_pipeline_run         (MrgStore                 *store,
                                    const gint64             *page_ids,
                                    guint                     n_pages,
                                    const MrgPipelineOptions *options,
                                    MrgJob                   *job,
                                    GCancellable             *cancellable,
                                    GError                  **error);

/* Whether mrg_pipeline_run with the languages `lang` (NULL or "": none given) reads each of the
 * pages in the languages its script chooses: nobody chose any, for the run, the project, the
 * page's document or its layout, and the Latin ones are installed. */
gboolean  mrg_pipeline_reads_by_script (MrgStore     *store,
                                        const char   *lang,
                                        const gint64 *page_ids,
                                        guint         n_pages);

/* The languages that read these pages, for a person: "rus+kaz", or "rus+kaz (3 pages), eng (2
 * pages)" when they differ, a model the project learnt named as such (mrg_models_describe); NULL
 * when none of the pages has been read. `out_by_script` (may be NULL): whether the run with
 * `lang` left the choice to each page's script (mrg_pipeline_reads_by_script). */
char     *mrg_pipeline_describe_read   (MrgStore     *store,
                                        const char   *lang,
                                        const gint64 *page_ids,
                                        guint         n_pages,
                                        gboolean     *out_by_script);
/* The pages of page_ids on which no table was found, for a person: "prose.png, list.pdf p. 3"
 * (five at most, then "…"), their number in out_n; NULL when every page has a table. */
char     *mrg_pipeline_describe_tableless (MrgStore     *store,
                                           const gint64 *page_ids,
                                           guint         n_pages,
                                           guint        *out_n);

G_END_DECLS

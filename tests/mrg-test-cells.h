/* mrg-test-cells.h: cells of a corpus page with their true text, cut out for OCR
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

#include "mrg-store.h"

G_BEGIN_DECLS

typedef struct
{
  PIX *image;   /* the cell inside its rules, 8 bpp grey */
  char *text;
} MrgTestCell;

/* The packaged rus model a learning round starts from. */
#define MRG_TEST_START_MODEL "/usr/share/tesseract-ocr/5/tessdata/rus.traineddata"

/* Whether the start model and lstmtraining (and lstmeval, when `with_eval`) are installed: the
 * test is skipped when not. */
gboolean  mrg_test_have_learn_tools  (gboolean           with_eval);

/* The cells below the header row of a synthetic-typed-ru page ("page-00"), cut `inset` pixels
 * inside their ground-truth boxes (which include the rules); NULL, the test skipped, when the
 * corpus is missing. */
GArray *mrg_test_load_cells (const char *page,
                             int         inset);

/* A new project at `path` with one page and one table: a header row, then a row a cell for each
 * of `cells`, its text and the image OCR read as if OCR had read it (with "rus+kaz"); the body
 * rows verified when `verify`. Returns the open store. */
MrgStore *mrg_test_make_learn_project (const char        *path,
                                       const MrgTestCell *cells,
                                       guint              n_cells,
                                       gboolean           verify);

G_END_DECLS

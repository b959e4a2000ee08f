/* mrg-score.h: scoring a recognised table against ground truth (structure F1, CER), for the
 * tests and the benchmark
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

#include "mrg-store.h"
#include "mrg-types.h"

G_BEGIN_DECLS

typedef struct
{
  MrgBox box;
  char *text;
  int row;   /* -1 when unknown */
  int col;
} MrgScoreCell;

typedef struct
{
  guint n_truth;
  guint n_predicted;
  guint matched;
  guint64 char_errors;   /* Levenshtein over all ground-truth cells, unmatched ones counted whole */
  guint64 n_chars;
} MrgScore;

/* An array of MrgScoreCell (cleared with their text). */
GArray   *mrg_score_cells_new          (void);
void      mrg_score_cells_add          (GArray        *cells,
                                        const MrgBox  *box,
                                        const char    *text,
                                        int            row,
                                        int            col);
/* The cells of a synthetic-typed-ru ground-truth JSON file. */
GArray   *mrg_score_load_synthetic     (const char    *json_path,
                                        GError       **error);
/* The TextRegions (bounding box, region text) of a PAGE XML file. */
GArray   *mrg_score_load_page_regions  (const char    *xml_path,
                                        GError       **error);
/* The handwritten TextLines (bounding box, text) of a PAGE XML file: printed and signature lines
 * (`custom` "structure {type:printed;}" / "Signature") left out. */
GArray   *mrg_score_load_page_lines    (const char    *xml_path,
                                        GError       **error);
/* Every cell the store holds for a page: page-pixel box and current text. */
GArray   *mrg_score_load_store_cells   (MrgStore      *store,
                                        gint64         page_id,
                                        GError       **error);

double    mrg_score_iou                (const MrgBox  *a,
                                        const MrgBox  *b);
/* Whitespace collapsed, Unicode NFC. */
char     *mrg_score_normalise          (const char    *text);
guint     mrg_score_levenshtein        (const char    *a,
                                        const char    *b);
/* The synthetic corpus README's rule: each truth cell takes the unused predicted cell of
 * highest IoU ≥ min_iou; CER over matched texts, unmatched truth counted in full. Adds to
 * *score. */
void      mrg_score_match              (GArray        *truth,
                                        GArray        *predicted,
                                        double         min_iou,
                                        MrgScore      *score);
/* Share of truth regions whose centre lies in a predicted cell holding no other region's
 * centre. */
double    mrg_score_centre_share       (GArray        *truth,
                                        GArray        *predicted);

/* Share of truth lines lying (four fifths of their box at least) inside the one predicted cell
 * that holds their centre: the weak structure check for line-level ground truth. */
double    mrg_score_inside_share       (GArray        *lines,
                                        GArray        *predicted);

/* The cells holding ink of every table found on a scan as the pipeline finds them (ruled
 * tables, else a grid from word boxes), in page pixels: region ground truth covers filled cells
 * only. `shape` (may be NULL) gets "rows×cols" of each table, joined by "+". */
GArray   *mrg_score_detect_cells       (PIX           *page,
                                        GString       *shape,
                                        GError       **error);

double    mrg_score_f1                 (const MrgScore *score);
double    mrg_score_cer                (const MrgScore *score);

G_END_DECLS

/* mrg-grid.h: finding a table's grid, from ruling lines or from the layout of words
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

#include "mrg-prepare.h"
#include "mrg-types.h"

G_BEGIN_DECLS

/* A table's grid in page pixels of the deskewed frame (see mrg-prepare.h). `col_seps` and
 * `row_seps` hold the inner separators only (ints, ascending); the outer ones are the area's
 * edges, so a grid has col_seps->len + 1 columns and row_seps->len + 1 rows. This is also how
 * mrg_store_add_table receives them. */
typedef struct
{
  MrgBox area;
  GArray *col_seps;
  GArray *row_seps;
  int rule_thickness;   /* page pixels; 0 when the table has no rules */
  gboolean ruled_rows;  /* the rows were found from rules, not text lines */
} MrgGrid;

MrgGrid  *mrg_grid_new             (const MrgBox   *area,
                                    const int      *col_seps,
                                    guint           n_col_seps,
                                    const int      *row_seps,
                                    guint           n_row_seps);
void      mrg_grid_free            (MrgGrid        *grid);
guint     mrg_grid_get_n_cols      (const MrgGrid  *grid);
guint     mrg_grid_get_n_rows      (const MrgGrid  *grid);
/* The cell between its separators (rules included), deskewed frame. */
void      mrg_grid_get_cell        (const MrgGrid  *grid,
                                    guint           row,
                                    guint           col,
                                    MrgBox         *out);

/* The largest ruled table on a 1 bpp deskewed page image `binary` (ink ON), which is the page
 * scaled by `scale` (≤ 1); the grid is returned in full page pixels. NULL when the page has no
 * ruled table. A table ruled only by columns (and perhaps its top and bottom) gets its rows
 * from the text lines. */
MrgGrid  *mrg_grid_detect_ruled    (PIX            *binary,
                                    double          scale);

/* Every ruled table of the page, left to right, then top to bottom; the array is empty when
 * there is none. Rules a degree or so off straight, broken by faint printing or by writing over
 * them, are joined; the two pages of a register spread are cut apart at the fold and are two
 * tables; the edges of the book and strokes of writing are left out by what crosses them;
 * running numbers written in the margin beside the outer rule make a column. A table whose rows
 * are not ruled (or only partly) gets them from the lines of writing, an entry starting on a
 * line written across the table (see mrg-grid-rows.c). */
GPtrArray *mrg_grid_detect_tables  (PIX            *binary,
                                    double          scale);

/* The ruled tables of a prepared page, as mrg_grid_detect_tables finds them on its analysis
 * image; when they cover less than a fifth of the page, the page is thresholded locally
 * (mrg_prepare_local_analysis, for faint rules on dark or uneven paper) and looked at again.
 * The array is empty when there is no ruled table. */
GPtrArray *mrg_grid_detect_page    (MrgPreparedPage *prepared);

/* A grid from word boxes (deskewed page pixels): columns from vertical runs of whitespace, rows
 * from text lines; a line written in a few columns only, when the other lines are written in
 * most, continues the entry above it (a cell of two lines). NULL when the words do not make a
 * table of two columns. */
MrgGrid  *mrg_grid_from_words      (const MrgBox   *words,
                                    guint           n_words);

/* Word-like boxes (deskewed page pixels) found by joining ink into words on a 1 bpp image at
 * `scale`; for pages without rules and without a text layer. */
GArray   *mrg_grid_find_word_boxes (PIX            *binary,
                                    double          scale,
                                    const MrgBox   *within);

/* The thickness in page pixels of the long straight lines within `area` (page pixels) of a
 * 1 bpp image at `scale`, 0 when it has none: a line ruled under the header of a list otherwise
 * without rules, or drawn by hand, which its cells are then read without. */
int       mrg_grid_measure_rules   (PIX            *binary,
                                    double          scale,
                                    const MrgBox   *area);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgGrid, mrg_grid_free)

G_END_DECLS

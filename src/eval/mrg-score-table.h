/* mrg-score-table.h: scoring a table as rows of cell texts against an expected CSV, cells matched
 * by row and column order, for the text-layer bench and tests
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "mrg-store.h"
#include "mrg-types.h"

G_BEGIN_DECLS

/* A table here is a GPtrArray of rows, each a GPtrArray of cell texts (char *, never NULL);
 * rows may differ in length (a missing cell is empty). Two tables of a page are their rows one
 * after the other, as tabula writes them. */

typedef struct
{
  guint expected_rows;
  guint expected_cols;
  guint found_rows;
  guint found_cols;
  guint n_expected;      /* expected cells that are not empty */
  guint n_aligned;       /* of those, the ones whose row and column were both aligned */
  guint n_exact;         /* of those, the ones whose aligned cell holds the same text */
  guint64 char_errors;   /* Levenshtein over the aligned cells */
  guint64 n_chars;       /* characters of the expected text of the aligned cells */
} MrgTableScore;

GPtrArray *mrg_score_table_new       (void);
/* Appends an empty row and returns it. */
GPtrArray *mrg_score_table_add_row   (GPtrArray      *table);

/* An RFC 4180 CSV file (UTF-8, comma, `"` quoting, line breaks inside quotes kept). */
GPtrArray *mrg_score_table_read_csv  (const char     *path,
                                      GError        **error);

/* The cells the store holds for a page whose centre lies in `area` (page pixels; NULL for the
 * whole page), table by table, each table's rows and columns in order, the columns that have
 * no cell in the area left out. */
GPtrArray *mrg_score_table_from_store (MrgStore      *store,
                                       gint64         page_id,
                                       const MrgBox  *area,
                                       GError       **error);

/* Aligns the rows of `found` to those of `expected` in order (each pair scored by the expected
 * non-empty texts the found row holds anywhere), then the columns in order (scored by the texts
 * equal at the same place in aligned rows), and compares each expected non-empty cell with the
 * found cell at its aligned place; texts are compared with whitespace collapsed and in NFC.
 * When `mismatches` is not NULL, a line per expected cell that was not found exactly is
 * appended to it. */
void       mrg_score_table_compare   (GPtrArray      *expected,
                                      GPtrArray      *found,
                                      MrgTableScore  *score,
                                      GString        *mismatches);

double     mrg_score_table_share     (const MrgTableScore *score);
double     mrg_score_table_cer       (const MrgTableScore *score);

G_END_DECLS

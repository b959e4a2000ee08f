/* mrg-table.h: one page's table as the window shows it, read from the project store
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain GLib, no GTK: the grid editor and the page view draw what this holds, and the tests
 * check it without a display. Rows whose idx is negative are deleted rows kept for undo and are
 * never loaded. */

#pragma once

#include <glib.h>

#include "mrg-store.h"
#include "mrg-types.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 id;                 /* 0: the row has no cell in this column */
  int col;
  MrgBox box;
  char *text;
  char *ocr_text;
  double confidence;         /* < 0 when OCR has not read the cell */
  MrgCellFlags flags;
  gboolean edited;
} MrgTableCell;

typedef struct
{
  gint64 id;
  int idx;
  gboolean header;
  MrgRowStatus status;
  MrgTableCell *cells;       /* n_cols of them */
} MrgTableRow;

typedef struct
{
  char *name;
  MrgColumnType type;
} MrgTableColumn;

typedef struct
{
  gint64 page_id;
  gint64 table_id;
  MrgBox area;
  GArray *col_seps;          /* int, interior separators, ascending */
  GArray *row_seps;
  guint n_cols;
  MrgTableColumn *columns;   /* n_cols of them */
  GPtrArray *rows;           /* MrgTableRow *, by idx */
} MrgTable;

/* The first table of the page; NULL without error when the page has none. */
MrgTable *mrg_table_load             (MrgStore       *store,
                                      gint64          page_id,
                                      GError        **error);
/* Every table of the page in the order of their idx (left page of a spread first); an empty
 * array when the page has none, NULL on error. */
GPtrArray *mrg_table_load_all        (MrgStore       *store,
                                      gint64          page_id,
                                      GError        **error);
void      mrg_table_free             (MrgTable       *table);
MrgTableRow  *mrg_table_get_row      (MrgTable       *table,
                                      guint           row);
MrgTableCell *mrg_table_get_cell     (MrgTable       *table,
                                      guint           row,
                                      guint           col);
int       mrg_table_find_cell        (MrgTable       *table,
                                      gint64          cell_id,
                                      int            *out_col);
int       mrg_table_find_row         (MrgTable       *table,
                                      gint64          row_id);
/* The first row that is not a header row, or 0. */
int       mrg_table_first_body_row   (MrgTable       *table);

/* Parses a JSON array of integers ("[120, 400]"), keeping those strictly inside (lo, hi). */
GArray   *mrg_parse_separators       (const char     *json,
                                      int             lo,
                                      int             hi);
char     *mrg_format_separators      (const GArray   *seps);
/* lo, the separators, hi: n + 2 values. */
GArray   *mrg_separators_to_bounds   (const GArray   *seps,
                                      int             lo,
                                      int             hi);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgTable, mrg_table_free)

G_END_DECLS

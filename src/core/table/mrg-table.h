/* mrg-table.h: one page's table as the window shows it, read from the project store
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain GLib, no GTK: the grid editor and the page view draw what this holds, and the tests
 * check it without a display. The structs, and the reading of them, are the store's
 * (mrg-store-tables.h); deleted rows kept for undo are never loaded. */

#pragma once

#include <glib.h>

#include "mrg-store-tables.h"
#include "mrg-types.h"

G_BEGIN_DECLS

/* The first table of the page; NULL without error when the page has none. */
MrgTable *mrg_table_load             (MrgStore       *store,
                                      gint64          page_id,
                                      GError        **error);
/* Every table of the page in the order of their idx (left page of a spread first); an empty
 * array when the page has none, NULL on error. */
GPtrArray *mrg_table_load_all        (MrgStore       *store,
                                      gint64          page_id,
                                      GError        **error);
MrgTableRow  *mrg_table_get_row      (MrgTable       *table,
                                      guint           row);
MrgTableCell *mrg_table_get_cell     (MrgTable       *table,
                                      guint           row,
                                      guint           col);
/* The cell at a place, or the merged cell that covers it, whose place replaces *row, *col. */
MrgTableCell *mrg_table_get_merged_cell (MrgTable    *table,
                                      guint          *row,
                                      guint          *col);
int       mrg_table_find_cell        (MrgTable       *table,
                                      gint64          cell_id,
                                      int            *out_col);
int       mrg_table_find_row         (MrgTable       *table,
                                      gint64          row_id);
/* The first row that is not a header row, or 0. */
int       mrg_table_first_body_row   (MrgTable       *table);

/* lo, the separators, hi: n + 2 values. */
GArray   *mrg_separators_to_bounds   (const GArray   *seps,
                                      int             lo,
                                      int             hi);

G_END_DECLS

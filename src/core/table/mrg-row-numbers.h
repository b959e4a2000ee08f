/* mrg-row-numbers.h: the numbers a person sees beside rows, for whatever reports a row
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "mrg-store.h"

G_BEGIN_DECLS

/* The grid's margin numbers the rows of a table by their place among its live rows, from 1 (the
 * header row too), which need not be their stored idx: deleted and split rows leave gaps. Search
 * results, matches and the CLI report that number. Reads the tables of each page asked about
 * once. */
typedef struct _MrgRowNumbers MrgRowNumbers;

MrgRowNumbers *mrg_row_numbers_new  (MrgStore       *store);
void           mrg_row_numbers_free (MrgRowNumbers  *self);
/* The number shown beside a row of a page; 0 when the row is not live on that page, or (with
 * error set) when the page could not be read. page_id 0: the row's page is looked up. */
int            mrg_row_numbers_get  (MrgRowNumbers  *self,
                                     gint64          page_id,
                                     gint64          row_id,
                                     GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgRowNumbers, mrg_row_numbers_free)

G_END_DECLS

/* mrg-table-text.h: the text of a whole table at once (clearing a table a person will type)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "mrg-store.h"
#include "mrg-table.h"

G_BEGIN_DECLS

/* How many cells of the table hold text: what clearing it would remove. */
guint    mrg_table_count_text  (MrgTable   *table);
/* Empties every cell of the table that holds text (a handwritten page that OCR read as
 * nonsense), as one undo step; the cells then count as a person's, so that reading the page
 * again leaves them empty. *out_n_cleared (may be NULL) is how many cells that was. */
gboolean mrg_table_clear_text  (MrgStore   *store,
                                MrgTable   *table,
                                guint      *out_n_cleared,
                                GError    **error);

G_END_DECLS

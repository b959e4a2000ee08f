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
/* Gives every row of the table a cell (empty) in each column of its grid that it has none in:
 * a table drawn by hand gets its columns one click at a time, and what a person types in one
 * must have a cell to go to. Not undoable (it only adds). *out_n_added may be NULL. */
gboolean mrg_table_add_missing_cells (MrgStore   *store,
                                      MrgTable   *table,
                                      guint      *out_n_added,
                                      GError    **error);

G_END_DECLS

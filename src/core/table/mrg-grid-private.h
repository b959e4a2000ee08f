/* mrg-grid-private.h: what the two halves of the grid search share (mrg-grid.c: rules and
 * tables; mrg-grid-rows.c: rows from the writing)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

#include "mrg-types.h"

G_BEGIN_DECLS

/* Row separators (page pixels, ascending) for the band `band` (page pixels) of a table ruled by
 * the columns `col_seps`, found in the ink of the 1 bpp image `binary` at `scale`: one row an
 * entry, an entry starting on a line written across the table. NULL when the band shows no
 * repeating lines of writing. */
GArray   *mrg_grid_rows_from_ink   (PIX           *binary,
                                    double         scale,
                                    const MrgBox  *band,
                                    GArray        *col_seps);

G_END_DECLS

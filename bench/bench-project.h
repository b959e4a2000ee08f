/* bench-project.h: a generated project of typed lists, for the benchmarks that need a large one
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "mrg-store.h"

/* Makes `path` a project of `n_pages` pages (ten to a document) of one table each, of `n_rows`
 * rows (the first a header row) × `n_cols` columns of names, years, places and trades, in one
 * transaction. The columns are named, but for the last `n_numbered`, which are "Column N" until
 * a person types their header. */
void bench_build_project (const char *path,
                          int         n_pages,
                          int         n_rows,
                          int         n_cols,
                          int         n_numbered);

/* mrg-search.h: finding text in every cell of a project, across alphabets
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "mrg-types.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 cell_id;
  gint64 row_id;
  gint64 page_id;
  char *document;      /* the document's path */
  int page;            /* page number, from 1 */
  int table;           /* the table's index on the page */
  int row;             /* the row's index in its table, as stored (a header row is 0) */
  int column;          /* the cell's column, from 0 */
  char *column_name;   /* the column's name in the schema or the table's header row, or NULL */
  char *text;          /* the cell's current text */
  char *snippet;       /* the text with the matching words in [brackets] */
  double score;        /* 1 for a full-text hit; the name similarity for a spelling variant */
  gboolean variant;    /* found as a spelling variant (another alphabet, OCR error …), not as
                        * the words themselves */
} MrgSearchResult;

void       mrg_search_result_free (MrgSearchResult *result);

/* Searches the current text of every cell. Each word of query must occur in the cell (in any
 * case, with or without diacritics; the last word may be the beginning of a word); any text is a
 * valid query: quotes, stars and FTS5 keywords are taken as words. Then, for queries with
 * letters, cells whose text is a spelling of the query in another alphabet or convention or with
 * OCR errors ("Bektanov" finds "Бектанов", "Бектаиов") are added after the full-text hits, best
 * first. At most limit results (0: no limit). Returns MrgSearchResult elements; an empty array
 * when nothing matches.
 *
 * On a project of 80,000 cells it takes about half a second (the variant pass reads every cell):
 * a window should run it off the main loop on a store of its own, opened read-only on the same
 * path (WAL lets it read while the window's store writes), since one MrgStore must not be used
 * by two threads at once. */
GPtrArray *mrg_search             (MrgStore        *store,
                                   const char      *query,
                                   guint            limit,
                                   GError         **error);

/* The FTS5 expression mrg_search() uses for query: each word quoted, the last one a prefix;
 * NULL when query has no word. */
char      *mrg_search_build_fts_query (const char  *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgSearchResult, mrg_search_result_free)

G_END_DECLS

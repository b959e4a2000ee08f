/* mrg-store-names.h: what search and name matching read from the project, and match decisions
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "mrg-types.h"

G_BEGIN_DECLS

/* One column of the project's schema. */
typedef struct
{
  int position;
  char *name;
  char *type;            /* as stored: "text", "name", … */
} MrgStoreColumnInfo;

/* One cell of a live header row. */
typedef struct
{
  gint64 table_id;
  int col;
  char *text;
} MrgStoreHeaderCell;

/* Every column of the schema, in no particular order. Returns MrgStoreColumnInfo elements. */
GArray    *mrg_store_names_get_columns      (MrgStore  *store,
                                             GError   **error);
/* Every cell of every live header row. Returns MrgStoreHeaderCell elements. */
GArray    *mrg_store_names_get_header_cells (MrgStore  *store,
                                             GError   **error);

/* A cell with where it is; the strings are the store's and valid only during the call. */
typedef struct
{
  gint64 cell_id;
  gint64 row_id;
  gint64 table_id;
  gint64 page_id;
  const char *document;  /* the document's path */
  int page;              /* page number, from 1 */
  int table;             /* the table's index on the page */
  int row;               /* the row's index in its table, as stored */
  int column;
  const char *text;      /* the cell's current text */
  const char *snippet;   /* full-text hits only: the text with the hit words in [brackets] */
} MrgStoreCellHit;

typedef void (*MrgStoreCellFunc) (const MrgStoreCellHit *hit,
                                  gpointer               data);

/* The cells of live rows whose current text matches the FTS5 expression fts, best first (then in
 * project order), at most limit (0: no limit). An expression FTS5 refuses matches nothing. */
gboolean   mrg_store_names_search_text      (MrgStore         *store,
                                             const char       *fts,
                                             guint             limit,
                                             MrgStoreCellFunc  func,
                                             gpointer          data,
                                             GError          **error);
/* Every cell of a live row (header rows too) with more than one character, in project order
 * (document, page, table, row, column). */
gboolean   mrg_store_names_foreach_cell     (MrgStore         *store,
                                             MrgStoreCellFunc  func,
                                             gpointer          data,
                                             GError          **error);
/* Every cell of a live body row, in project order (document, page, table, row, column); no
 * page_id or snippet. */
gboolean   mrg_store_names_foreach_body_cell (MrgStore         *store,
                                              MrgStoreCellFunc  func,
                                              gpointer          data,
                                              GError          **error);

/* A person's decision on a candidate pair (see mrg-match.h); strings are borrowed. */
typedef struct
{
  gint64 id;
  const char *list_file;
  int list_row;
  const char *list_name;
  gint64 row_id;         /* 0: none */
  gint64 cell_id;        /* 0: none */
  const char *candidate_name;
  double score;
  const char *decision;  /* "accepted" or "rejected" */
  const char *who;
  const char *at;
} MrgStoreDecision;

/* Appends a decision, in its own transaction unless one is open; who is the store's user and at
 * now (decision->id, who and at are ignored). Returns the new id, 0 on error. */
gint64     mrg_store_names_add_decision     (MrgStore               *store,
                                             const MrgStoreDecision *decision,
                                             GError                **error);

typedef void (*MrgStoreDecisionFunc) (const MrgStoreDecision *decision,
                                      gpointer                data);

/* The newest decision per list file, list row and project row, oldest first; list_file NULL for
 * every list. */
gboolean   mrg_store_names_foreach_decision (MrgStore             *store,
                                             const char           *list_file,
                                             MrgStoreDecisionFunc  func,
                                             gpointer              data,
                                             GError              **error);

G_END_DECLS

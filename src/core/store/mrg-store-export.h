/* mrg-store-export.h: what an export reads from the project, in one ordered walk
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "mrg-types.h"

G_BEGIN_DECLS

/* The walk hands out these; texts are valid UTF-8 (damaged bytes are replaced). */
typedef struct
{
  int col;
  char *text;            /* "" when the cell has no text */
  char *ocr_text;        /* NULL when OCR never ran on the cell */
  double confidence;     /* meaningful only when ocr_text != NULL */
  MrgBox box;
  int flags;             /* MrgCellFlags */
  int row_span;          /* a merged cell covers row_span rows and col_span columns from its */
  int col_span;          /* own; the cells under it are not handed out */
} MrgStoreExportCell;

typedef struct
{
  gint64 id;
  int index;
  gboolean header;
  char *status;
  char *status_by;
  char *status_at;
  MrgBox box;            /* the union of the cells' boxes; inverted while the row has no cell */
  GArray *cells;         /* of MrgStoreExportCell, by col */
} MrgStoreExportRow;

typedef struct
{
  gint64 id;
  int index;             /* 0-based, in page order */
  MrgBox area;
  GPtrArray *rows;       /* of MrgStoreExportRow, in order; the visitor may steal it */
} MrgStoreExportTable;

typedef struct
{
  gint64 id;
  char *path;            /* as recorded: the file name's bytes (may not be UTF-8), to open it */
  char *display_path;    /* UTF-8, to write into a file or a message */
  char *sha256;
  MrgDocumentKind kind;
} MrgStoreExportDocument;

typedef struct
{
  gint64 id;
  int number;
  int width;
  int height;
  double dpi;
  guint n_tables;        /* every table of the page, also those with no row to export */
} MrgStoreExportPage;

/* What the walk calls, in document, page, table and row order; any hook may be NULL. A hook that
 * returns FALSE (setting error) stops the walk. `begin` runs once the query is ready, before the
 * first document. */
typedef struct
{
  gboolean (*begin)          (gpointer data, GError **error);
  gboolean (*begin_document) (const MrgStoreExportDocument *doc, gpointer data, GError **error);
  gboolean (*begin_page)     (const MrgStoreExportDocument *doc, const MrgStoreExportPage *page,
                              gpointer data, GError **error);
  gboolean (*table)          (const MrgStoreExportDocument *doc, const MrgStoreExportPage *page,
                              MrgStoreExportTable *table, gpointer data, GError **error);
  gboolean (*end_page)       (const MrgStoreExportDocument *doc, const MrgStoreExportPage *page,
                              gpointer data, GError **error);
  gboolean (*end_document)   (const MrgStoreExportDocument *doc, gpointer data, GError **error);
} MrgStoreExportVisitor;

/* Walks every document, page, table, live row and cell of the project in one ordered read
 * (memory holds one table at a time). With verified_only, body rows that are not verified are
 * left out (header rows stay). Pages without tables and tables without rows are visited too. */
gboolean  mrg_store_export_walk          (MrgStore                    *store,
                                          gboolean                     verified_only,
                                          const MrgStoreExportVisitor *visitor,
                                          gpointer                     data,
                                          GError                     **error);

/* The columns of the project's first layout by position: names[position] (NULL where it has no
 * column at that position) and types[position] (MrgColumnType, text where none). Positions
 * above 10,000 are ignored. */
gboolean  mrg_store_export_get_columns   (MrgStore                    *store,
                                          GPtrArray                  **out_names,
                                          GArray                     **out_types,
                                          GError                     **error);
/* The highest col of any cell, -1 when there is no cell. */
gboolean  mrg_store_export_get_max_col   (MrgStore                    *store,
                                          int                         *out_max_col,
                                          GError                     **error);
/* For each col below n_columns, the first non-empty text of a live header row in project order
 * (document, page, table, row), or NULL. Returns n_columns strings. */
GPtrArray *mrg_store_export_get_header_texts (MrgStore                *store,
                                              guint                    n_columns,
                                              GError                 **error);
gboolean  mrg_store_export_count_pages   (MrgStore                    *store,
                                          guint                       *out_n_pages,
                                          GError                     **error);

/* A read transaction, so that an export is one consistent snapshot while another connection
 * writes. *out_began is FALSE when a transaction was already open (nothing to end then). */
gboolean  mrg_store_export_begin_snapshot (MrgStore                   *store,
                                           gboolean                   *out_began,
                                           GError                    **error);
void      mrg_store_export_end_snapshot   (MrgStore                   *store);

G_END_DECLS

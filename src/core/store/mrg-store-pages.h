/* mrg-store-pages.h: what OCR, import and scoring read and write of a page: its record, its
 * text-layer words, its tables with their cells, and a table OCR read
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "mrg-types.h"

G_BEGIN_DECLS

/* A page with what OCR needs of its document. */
typedef struct _MrgStorePage
{
  gint64 id;
  gint64 document_id;
  char *path;               /* the document's file */
  MrgDocumentKind kind;
  int page_count;           /* the document's */
  int number;               /* 1-based, within the document */
  int width;
  int height;
  double dpi;
  double skew;              /* NAN when never measured */
  MrgPageStatus status;
  guint n_tables;
} MrgStorePage;

void          mrg_store_page_clear            (MrgStorePage     *page);
/* For pages on the heap (mrg_store_list_page_records). */
void          mrg_store_page_free             (MrgStorePage     *page);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MrgStorePage, mrg_store_page_clear)

/* A document: where its file is and how large it was when imported. */
typedef struct
{
  gint64 id;
  char *path;
  gint64 size;
} MrgStoreDocument;

/* MrgStoreDocument of every document, in the order of the project; the array frees the
 * paths. */
GArray       *mrg_store_list_documents        (MrgStore         *self,
                                               GError          **error);

/* What a document holds, for a person deciding whether to remove it. */
typedef struct
{
  gint64 id;
  guint position;           /* 1-based, in the order of the project */
  char *path;
  guint n_pages;
  guint n_tables;
  guint n_rows;             /* rows not deleted, headers included */
  guint n_verified;         /* rows a person marked verified */
  guint n_edited;           /* cells a person changed */
} MrgStoreDocumentSummary;

void          mrg_store_document_summary_clear (MrgStoreDocumentSummary *summary);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MrgStoreDocumentSummary, mrg_store_document_summary_clear)

/* MRG_STORE_ERROR_NOT_FOUND when there is no such document. */
gboolean      mrg_store_get_document_summary  (MrgStore                *self,
                                               gint64                   document_id,
                                               MrgStoreDocumentSummary *out_summary,
                                               GError                 **error);
/* Puts a document at `position` (1-based; past the end: last) in the order of the project, the
 * others keeping theirs among themselves. */
gboolean      mrg_store_move_document         (MrgStore         *self,
                                               gint64            document_id,
                                               guint             position,
                                               GError          **error);
/* Removes a document with its pages, their tables, rows and cells, and the lines of the undo
 * history about them, in one transaction: it cannot be undone. The scan file is left alone. */
gboolean      mrg_store_remove_document       (MrgStore         *self,
                                               gint64            document_id,
                                               GError          **error);

/* Every page id, in the order of documents and of pages within each. */
GArray       *mrg_store_list_pages            (MrgStore         *self,
                                               GError          **error);
/* MRG_STORE_ERROR_NOT_FOUND when there is no such page. */
gboolean      mrg_store_get_page              (MrgStore         *self,
                                               gint64            page_id,
                                               MrgStorePage     *out_page,
                                               GError          **error);
/* The id of page `number` of a document in *out_page_id, 0 when it has none. */
gboolean      mrg_store_find_page             (MrgStore         *self,
                                               gint64            document_id,
                                               int               number,
                                               gint64           *out_page_id,
                                               GError          **error);
/* The words of a page's text layer (page pixels) as MrgBox, their texts appended to `texts`
 * in the same order; empty for a scan. */
GArray       *mrg_store_get_page_words        (MrgStore         *self,
                                               gint64            page_id,
                                               GPtrArray        *texts,
                                               GError          **error);
/* The ids of a page's tables (gint64), in table order. */
GArray       *mrg_store_get_page_table_ids    (MrgStore         *self,
                                               gint64            page_id,
                                               GError          **error);
/* The grid of a table: its area and separators (int arrays). */
gboolean      mrg_store_get_table_grid        (MrgStore         *self,
                                               gint64            table_id,
                                               MrgBox           *out_area,
                                               GArray          **out_col_seps,
                                               GArray          **out_row_seps,
                                               GError          **error);

/* A row of a table that a person has not deleted, and one of its cells (cell_id 0 for a row
 * with no cells). */
typedef struct
{
  gint64 row_id;
  int row;
  gint64 cell_id;
  int col;
  gboolean edited;          /* a person changed the cell's text or flags */
  int row_span;             /* a merged cell covers these rows and columns from its own */
  int col_span;
  gboolean verified;        /* a person verified its row */
} MrgStoreCellRef;

/* MrgStoreCellRef of every row not deleted of a table, each row with each of its cells. */
GArray       *mrg_store_get_table_cells       (MrgStore         *self,
                                               gint64            table_id,
                                               GError          **error);

/* A cell of a page as it reads now. */
typedef struct
{
  int table;                /* the table's index on its page */
  int row;
  int col;
  MrgBox box;
  char *text;
} MrgStorePageCell;

/* MrgStorePageCell of every cell of the rows not deleted of a page's tables, by table, row and
 * column; the array frees the texts. */
GArray       *mrg_store_get_page_cells        (MrgStore         *self,
                                               gint64            page_id,
                                               GError          **error);

/* Marks a cell's confidence unknown (a transcription that stated none). */
gboolean      mrg_store_clear_cell_confidence (MrgStore         *self,
                                               gint64            cell_id,
                                               GError          **error);

/* Records an imported cell as merged over row_span rows and col_span columns (not an edit). */
gboolean      mrg_store_set_cell_span         (MrgStore         *self,
                                               gint64            cell_id,
                                               int               row_span,
                                               int               col_span,
                                               GError          **error);

/* A cell OCR read. */
typedef struct
{
  gboolean done;            /* FALSE: not read in this run (a person's text), left alone */
  MrgBox box;               /* page pixels */
  const char *text;
  double confidence;
  GBytes *image;            /* the PNG of the cell as OCR read it, or NULL */
} MrgStoreOcrCell;

/* A table OCR read, n_rows × n_cols cells in row order. */
typedef struct
{
  gint64 table_id;          /* 0 for a table found in this run */
  int index;                /* its index on the page, for a new table */
  MrgBox area;
  const int *col_seps;
  guint n_col_seps;
  const int *row_seps;
  guint n_row_seps;
  guint n_rows;
  guint n_cols;
  gboolean header;          /* row 0 is a header (for rows added now) */
  const MrgStoreOcrCell *cells;
  const char *model;        /* the OCR languages the cells were read with, kept by their images */
} MrgStoreOcrTable;

/* Writes a table OCR read, inside the caller's transaction: a new table with its rows and
 * cells, or, for a stored table, the rows and cells it lacks, and what OCR read into the cells
 * no person has changed (as the store holds them now, not as they were when OCR began).
 * Returns the table's id, 0 on error. A new table's index must be free on its page. */
gint64        mrg_store_write_ocr_table       (MrgStore               *self,
                                               gint64                  page_id,
                                               const MrgStoreOcrTable *table,
                                               GError                **error);

G_END_DECLS

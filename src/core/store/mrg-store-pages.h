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

/* MrgStoreDocument of every document, in the order they were added; the array frees the
 * paths. */
GArray       *mrg_store_list_documents        (MrgStore         *self,
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

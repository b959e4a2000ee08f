/* mrg-store-tables.h: reading and editing pages, tables, rows and cells of the project store
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything outside the store reads and changes tables through these functions; none of them
 * hands out a statement. A row that a person deleted keeps its database row with a negative idx
 * (see mrg_store_delete_row); every reader here skips it. */

#pragma once

#include <glib.h>

#include "mrg-store.h"
#include "mrg-store-pages.h"
#include "mrg-types.h"

G_BEGIN_DECLS

/* ---- separators, as kept in tables.col_seps / tables.row_seps ---- */

/* Parses a JSON array of integers ("[120, 400]"), keeping those strictly inside (lo, hi), each
 * greater than the one before. */
GArray   *mrg_parse_separators       (const char     *json,
                                      int             lo,
                                      int             hi);
char     *mrg_format_separators      (const GArray   *seps);

/* ---- a page's tables as the window shows them ---- */

typedef struct
{
  gint64 id;                 /* 0: the row has no cell in this column */
  int col;
  MrgBox box;
  char *text;
  char *ocr_text;
  double confidence;         /* < 0 when OCR has not read the cell */
  MrgCellFlags flags;
  gboolean edited;
  int row_span;              /* 1 × 1 unless merged; a place under a merged cell has id 0, */
  int col_span;              /* spans 0 and `anchor_row`/`col` naming the merged cell */
  int anchor_row;
  guint doubt;               /* MrgDoubt: why the text is suspect, set by mrg_table_load */
} MrgTableCell;

typedef struct
{
  gint64 id;
  int idx;
  gboolean header;
  MrgRowStatus status;
  MrgTableCell *cells;       /* n_cols of them */
} MrgTableRow;

typedef struct
{
  char *name;
  MrgColumnType type;
  gboolean proposed;         /* named from the header row by OCR, not yet accepted */
} MrgTableColumn;

typedef struct
{
  gint64 page_id;
  gint64 table_id;
  gint64 layout_id;          /* the layout its columns are read from, 0 when none */
  MrgBox area;
  GArray *col_seps;          /* int, interior separators, ascending */
  GArray *row_seps;
  guint n_cols;
  MrgTableColumn *columns;   /* n_cols of them */
  GPtrArray *rows;           /* MrgTableRow *, by idx; deleted rows are not read */
} MrgTable;

void       mrg_table_free              (MrgTable       *table);
/* Every table of the page (MrgTable *) in the order of their idx; an empty array when the page
 * has none, NULL on error. */
GPtrArray *mrg_store_load_tables       (MrgStore       *self,
                                        gint64          page_id,
                                        GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgTable, mrg_table_free)

/* ---- pages ---- */

/* Every page with its document's file (MrgStorePage *, free with mrg_store_page_free), by
 * document and number. */
GPtrArray    *mrg_store_list_page_records  (MrgStore       *self,
                                            GError        **error);
/* The ids (gint64) of a document's pages, by number. */
GArray       *mrg_store_list_document_pages (MrgStore      *self,
                                             gint64         document_id,
                                             GError       **error);
/* The page a cell, row or table (named by its table in the database: "cells", "rows",
 * "tables") lies on; 0 when it is gone or the kind is not one of those. */
gint64        mrg_store_find_page_of        (MrgStore      *self,
                                             const char    *table,
                                             gint64         id);

/* Where a row is: its page and document, its place in its table and the union of its cells. */
typedef struct
{
  gint64 row_id;
  gint64 table_id;
  int idx;                   /* negative for a deleted row, see `deleted` */
  gboolean deleted;
  gboolean has_box;          /* FALSE when the row has no cell */
  MrgBox box;
  MrgStorePage page;
} MrgStoreRowPlace;

void              mrg_store_row_place_free (MrgStoreRowPlace *place);
/* NULL without error when there is no such row. */
MrgStoreRowPlace *mrg_store_locate_row     (MrgStore         *self,
                                            gint64            row_id,
                                            GError          **error);
/* The column of a cell; -1 when there is no such cell. */
int               mrg_store_get_cell_col   (MrgStore         *self,
                                            gint64            cell_id);
/* The current text of a cell; NULL when there is no such cell. */
char             *mrg_store_get_cell_text  (MrgStore         *self,
                                            gint64            cell_id);

/* ---- a person's changes to a grid ----
 *
 * Each of these writes inside the caller's transaction and logs every field it changes with
 * mrg_store_change_field, so that a group around them is undone as one step. */

/* A table's area and separators (interior, ascending, inside the area). */
typedef struct
{
  MrgBox area;
  GArray *col_seps;
  GArray *row_seps;
} MrgStoreGrid;

void          mrg_store_grid_free          (MrgStoreGrid   *grid);
/* Read from the database, so it includes the changes of the open transaction. */
MrgStoreGrid *mrg_store_get_grid           (MrgStore       *self,
                                            gint64          table_id,
                                            GError        **error);
/* Writes what differs between `old_grid` (as read by mrg_store_get_grid) and `new_grid`. */
gboolean      mrg_store_edit_grid          (MrgStore       *self,
                                            gint64          table_id,
                                            const MrgStoreGrid *old_grid,
                                            const MrgStoreGrid *new_grid,
                                            GError        **error);

/* One live cell of a table, with the row it is in. */
typedef struct
{
  gint64 id;
  gint64 row_id;
  int row_idx;
  int col;
  int row_span;              /* rows and columns it covers from its own, 1 when not merged */
  int col_span;
  MrgBox box;
} MrgStoreCellBox;

/* The cells (MrgStoreCellBox) of the rows of a table that are not deleted, by row idx and
 * column. */
GArray       *mrg_store_list_cell_boxes    (MrgStore       *self,
                                            gint64          table_id,
                                            GError        **error);
gboolean      mrg_store_edit_cell_box      (MrgStore       *self,
                                            gint64          cell_id,
                                            const MrgBox   *old_box,
                                            const MrgBox   *new_box,
                                            GError        **error);
/* A new cell at `cell->col` of the row `cell->row_id` (which must be free there) with its box,
 * spans and text (`cell->id` and `cell->row_idx` are not read); born removed and moved into place
 * by a logged change, so that undo removes it again. Returns its id, 0 on error. */
gint64        mrg_store_insert_cell        (MrgStore       *self,
                                            const MrgStoreCellBox *cell,
                                            const char     *text,
                                            GError        **error);
/* Removes a cell the way undo can bring it back (it keeps its database row, not live). */
gboolean      mrg_store_remove_cell        (MrgStore       *self,
                                            gint64          cell_id,
                                            int             old_col,
                                            GError        **error);
/* Moves a live cell to another column of its row (which must be free). */
gboolean      mrg_store_move_cell          (MrgStore       *self,
                                            gint64          cell_id,
                                            int             old_col,
                                            int             new_col,
                                            GError        **error);
/* Sets how many rows and columns a cell covers (1 × 1: not merged). */
gboolean      mrg_store_edit_cell_span     (MrgStore       *self,
                                            const MrgStoreCellBox *cell,
                                            int             row_span,
                                            int             col_span,
                                            GError        **error);
/* A new row at `idx` of the table, with a cell of each box of `boxes` (column 0, 1, …), the rows
 * at and below it moved down one. Returns the new row's id, 0 on error. */
gint64        mrg_store_insert_row         (MrgStore       *self,
                                            gint64          table_id,
                                            int             idx,
                                            const MrgBox   *boxes,
                                            guint           n_boxes,
                                            GError        **error);
/* Deletes a row the way undo can bring it back (it keeps its database row, with
 * idx = -1 - its idx) and moves the rows below it up one. */
gboolean      mrg_store_delete_row         (MrgStore       *self,
                                            gint64          row_id,
                                            GError        **error);
/* Renames a column of the project's first layout and sets its type, adding it when the layout
 * does not name it yet (a logged edit, inside the caller's transaction). */
gboolean      mrg_store_edit_column        (MrgStore       *self,
                                            int             position,
                                            const char     *name,
                                            MrgColumnType   type,
                                            GError        **error);
/* The same in the layout the table is read with: every table of that layout shows the new name,
 * tables of other layouts keep theirs. */
gboolean      mrg_store_edit_table_column  (MrgStore       *self,
                                            gint64          table_id,
                                            int             position,
                                            const char     *name,
                                            MrgColumnType   type,
                                            GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgStoreRowPlace, mrg_store_row_place_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgStoreGrid, mrg_store_grid_free)

G_END_DECLS

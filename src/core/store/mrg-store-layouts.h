/* mrg-store-layouts.h: layouts, the named sets of columns that tables are read with
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A table's columns (name, type, language and character whitelist) are those of its layout.
 * Many tables share one layout: the pages of one list, or a whole document. A table without a
 * layout of its own (written before it was given one) is read with the project's first layout.
 * Column names OCR took from a header row are only PROPOSED until a person accepts them. */

#pragma once

#include <glib.h>

#include "mrg-store.h"
#include "mrg-types.h"

G_BEGIN_DECLS

typedef struct
{
  int position;
  char *name;
  MrgColumnType type;
  char *lang;            /* tesseract languages for the column, "" for the project's */
  char *whitelist;       /* characters OCR may read there, "" for any */
  gboolean proposed;     /* named from a header row by OCR, not yet accepted by a person */
} MrgLayoutColumn;

typedef struct
{
  gint64 id;
  char *name;
  char *lang;            /* tesseract languages of its tables ("deu"), "" for the document's */
  GArray *columns;       /* MrgLayoutColumn, by position */
  guint n_tables;        /* tables read with it (its own and, for the first layout, the ones
                          * without a layout) */
  char *pages;           /* where those tables are: "list-5.jpg 1–3, list-6.pdf 2" */
  int max_col;           /* the highest col of a cell of a live row of those tables, -1 */
} MrgLayout;

void        mrg_layout_free                  (MrgLayout      *layout);

/* A new layout without columns; returns its id, 0 on error. */
gint64      mrg_store_create_layout          (MrgStore       *self,
                                              const char     *name,
                                              GError        **error);
/* Every layout with its columns and tables, by id. */
GPtrArray  *mrg_store_list_layouts           (MrgStore       *self,
                                              GError        **error);
/* The same with the columns alone: n_tables 0, pages NULL, max_col -1. Fast whatever the size
 * of the project (mrg_store_list_layouts reads every cell of every table). */
GPtrArray  *mrg_store_list_layout_columns    (MrgStore       *self,
                                              GError        **error);
/* The layout of that id, NULL (and an error) when there is none. */
MrgLayout  *mrg_store_get_layout             (MrgStore       *self,
                                              gint64          layout_id,
                                              GError        **error);
/* For every table, the layout it is read with: table id → layout id (both gint64 *); tables
 * of a project without layouts are left out. */
GHashTable *mrg_store_get_table_layouts      (MrgStore       *self,
                                              GError        **error);
/* The first layout called `name`, else the one numbered `name` as `layouts` lists them; 0 and
 * no error when there is none. */
gint64      mrg_store_find_layout            (MrgStore       *self,
                                              const char     *name,
                                              GError        **error);
/* The project's first layout, made (as "Layout 1") when the project has none and `create`. 0
 * and no error when there is none. */
gint64      mrg_store_get_default_layout     (MrgStore       *self,
                                              gboolean        create,
                                              GError        **error);
/* The layout a table is read with: its own, else the project's first; 0 when there is none. */
gint64      mrg_store_get_table_layout       (MrgStore       *self,
                                              gint64          table_id,
                                              GError        **error);
/* The layout given to the table itself, 0 when it has none (it is read with the first). */
gint64      mrg_store_get_table_own_layout   (MrgStore       *self,
                                              gint64          table_id,
                                              GError        **error);
/* Gives a table that has no layout of its own this one, without logging it (OCR, import); a
 * table that has one keeps it. */
gboolean    mrg_store_adopt_layout           (MrgStore       *self,
                                              gint64          table_id,
                                              gint64          layout_id,
                                              GError        **error);
/* The layout of the nearest table before table `idx` of the page in the same document (an
 * earlier table of the page, else the last one of an earlier page): what a new table takes. 0
 * when there is none. */
gint64      mrg_store_get_previous_layout    (MrgStore       *self,
                                              gint64          page_id,
                                              int             idx,
                                              GError        **error);
/* The layout of the last table of the nearest earlier document (in the project's order) that
 * has one; 0 when there is none (or on error). */
gint64      mrg_store_get_earlier_document_layout (MrgStore  *self,
                                                   gint64     page_id,
                                                   GError   **error);
/* The text of each cell of the first header row of the first table read with the layout, by
 * column ("" where a column has no cell); an empty list when none of its tables has a header
 * row, NULL on error. */
GStrv       mrg_store_get_layout_header      (MrgStore       *self,
                                              gint64          layout_id,
                                              GError        **error);
/* The types of the first n_cols columns a new reading of the page would be given: those of its
 * tables' layout, else of the previous page's (int, an MrgColumnType, -1 where unknown). */
GArray     *mrg_store_get_page_column_types  (MrgStore       *self,
                                              gint64          page_id,
                                              guint           n_cols,
                                              GError        **error);
/* The OCR languages of the page: its layout's (as for the column types), else its document's;
 * "" when neither names any (the project's preference then), NULL on error. */
char       *mrg_store_get_page_ocr_lang      (MrgStore       *self,
                                              gint64          page_id,
                                              GError        **error);
/* The character whitelists of the first n_cols columns of the same layout (char *, "" where
 * any character may be read). */
GPtrArray  *mrg_store_get_page_column_whitelists (MrgStore   *self,
                                                  gint64      page_id,
                                                  guint       n_cols,
                                                  GError    **error);

/* Where a column's name comes from. A name from the header row is replaced by the text a
 * person types into a header cell of the column (mrg_store_edit_cell_text), until the column is
 * renamed (mrg_store_edit_layout_column) or its proposed name accepted. */
typedef enum
{
  MRG_COLUMN_NAME_GIVEN,     /* a person's or the caller's: it stays */
  MRG_COLUMN_NAME_NUMBERED,  /* "Column N" until a person types its header */
  MRG_COLUMN_NAME_PROPOSED,  /* OCR read it from the header row; marked until accepted */
} MrgColumnNaming;

/* Defines a column of a layout without logging it (OCR, import, new projects): when the layout
 * has a column at `position` it is left alone, else it is added. */
gboolean    mrg_store_ensure_layout_column   (MrgStore        *self,
                                              gint64           layout_id,
                                              int              position,
                                              const char      *name,
                                              MrgColumnType    type,
                                              MrgColumnNaming  naming,
                                              GError         **error);

/* Gives a layout each column of another that it has no column at the position of (unlogged:
 * for a layout just made). */
gboolean    mrg_store_copy_layout_columns    (MrgStore       *self,
                                              gint64          from_layout_id,
                                              gint64          to_layout_id,
                                              GError        **error);

/* A person's changes, each logged for undo; call them inside a transaction (and an undo group
 * to make several one step). */

/* Renames a column of the layout and sets its type, adding the column when the layout has none
 * there; the name counts as accepted from then on, and no longer follows the header row. Every
 * table of the layout shows it. */
gboolean    mrg_store_edit_layout_column     (MrgStore       *self,
                                              gint64          layout_id,
                                              int             position,
                                              const char     *name,
                                              MrgColumnType   type,
                                              GError        **error);
/* Accepts every proposed name of the layout as it stands; they no longer follow the header row. */
gboolean    mrg_store_accept_layout_columns  (MrgStore       *self,
                                              gint64          layout_id,
                                              GError        **error);
gboolean    mrg_store_rename_layout          (MrgStore       *self,
                                              gint64          layout_id,
                                              const char     *name,
                                              GError        **error);
/* The OCR languages of a layout's tables, or of a document's tables whose layout names none;
 * "" for the project's. Logged like the other changes below. */
gboolean    mrg_store_set_layout_lang        (MrgStore       *self,
                                              gint64          layout_id,
                                              const char     *lang,
                                              GError        **error);
gboolean    mrg_store_set_document_lang      (MrgStore       *self,
                                              gint64          document_id,
                                              const char     *lang,
                                              GError        **error);
gboolean    mrg_store_set_table_layout       (MrgStore       *self,
                                              gint64          table_id,
                                              gint64          layout_id,
                                              GError        **error);
/* Gives the layout to every table of every page of the document; *out_n_tables (may be NULL)
 * is how many tables that was. */
gboolean    mrg_store_set_document_layout    (MrgStore       *self,
                                              gint64          document_id,
                                              gint64          layout_id,
                                              guint          *out_n_tables,
                                              GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgLayout, mrg_layout_free)

G_END_DECLS

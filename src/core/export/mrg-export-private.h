/* mrg-export-private.h: the walk over a project that every export format shares
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <stdio.h>

#include "mrg-export.h"
#include "mrg-store.h"
#include "mrg-store-export.h"

G_BEGIN_DECLS

/* The walk's cells, rows, documents and pages are the store's (see mrg-store-export.h). */
typedef MrgStoreExportCell MrgExportCell;
typedef MrgStoreExportRow MrgExportRow;
typedef MrgStoreExportDocument MrgExportDocument;
typedef MrgStoreExportPage MrgExportPage;

typedef struct
{
  gint64 id;
  int index;             /* 0-based, in page order */
  MrgBox area;
  guint n_columns;       /* the highest col of any cell + 1 */
  GPtrArray *column_names;  /* n_columns strings: project column, else header text, else "" */
  GArray *column_types;     /* n_columns MrgColumnType */
  GPtrArray *rows;          /* of MrgExportRow */
} MrgExportTable;

typedef struct _MrgExportContext MrgExportContext;

/* What a format does at each step of the walk; any hook may be NULL. A hook that fails sets
 * error and the walk stops. */
typedef struct
{
  gboolean (*begin)          (MrgExportContext *ctx, GError **error);
  gboolean (*begin_document) (MrgExportContext *ctx, const MrgExportDocument *doc, GError **error);
  gboolean (*begin_page)     (MrgExportContext *ctx, const MrgExportDocument *doc,
                              const MrgExportPage *page, GError **error);
  gboolean (*table)          (MrgExportContext *ctx, const MrgExportDocument *doc,
                              const MrgExportPage *page, const MrgExportTable *table,
                              GError **error);
  gboolean (*end_page)       (MrgExportContext *ctx, const MrgExportDocument *doc,
                              const MrgExportPage *page, GError **error);
  gboolean (*end_document)   (MrgExportContext *ctx, const MrgExportDocument *doc, GError **error);
  gboolean (*end)            (MrgExportContext *ctx, GError **error);
} MrgExportWriter;

struct _MrgExportContext
{
  MrgStore *store;
  MrgExportOptions options;
  MrgExportFormat format;
  const char *out_path;      /* as given by the caller, for messages */
  const char *write_path;    /* the file really written (a temporary name), or NULL */
  FILE *out;                 /* text formats: the open output */
  int write_errno;           /* the first failed write, 0 when none */
  MrgMonitor monitor;         /* the caller's (all NULL when none) */
  guint pages_done;
  guint pages_total;

  /* the project's columns, by position (NULL where a position has no column) */
  GPtrArray *project_columns;  /* of char * */
  GArray *project_types;       /* of MrgColumnType */

  /* the layouts (MrgLayout *) and for each table id (gint64 *) its layout's id (gint64 *) */
  GPtrArray *layouts;
  GHashTable *table_layouts;

  /* project-wide columns, for the flat formats (CSV, TSV, XLSX); with several layouts each
   * layout's columns side by side, from its offset (see _mrg_export_flat_cell) */
  guint n_columns;
  GPtrArray *column_names;
  GArray *layout_offsets;      /* guint, one for each of layouts; NULL with one layout */

  gpointer format_data;
};

/* Walks every document, page, table and row in order, calling the writer's hooks. */
gboolean  _mrg_export_walk          (MrgExportContext      *ctx,
                                     const MrgExportWriter *writer,
                                     GError               **error);
/* The cell of a row that goes in flat column i, NULL when none; *c is where the search of the
 * row goes on from (0 before its first column). */
const MrgExportCell *_mrg_export_flat_cell (MrgExportContext     *ctx,
                                            const MrgExportTable *table,
                                            const MrgExportRow   *row,
                                            guint                 i,
                                            guint                *c);
/* The name of the table's layout when the project has several (the flat formats then say which
 * columns a row fills in a "layout" column), else NULL. */
const char *_mrg_export_flat_layout_name (MrgExportContext     *ctx,
                                          const MrgExportTable *table);
/* Fills ctx->n_columns and ctx->column_names for the whole project. */
gboolean  _mrg_export_load_flat_columns (MrgExportContext *ctx,
                                         GError          **error);

/* Text output with the first failure remembered (a full disk shows at the end as one error). */
void      _mrg_export_write         (MrgExportContext *ctx,
                                     const char       *data,
                                     gssize            len);
void      _mrg_export_printf        (MrgExportContext *ctx,
                                     const char       *format,
                                     ...) G_GNUC_PRINTF (2, 3);
gboolean  _mrg_export_set_write_error (MrgExportContext *ctx,
                                       int               errnum,
                                       GError          **error);

/* "illegible", "uncertain", "illegible uncertain" or "" */
const char *_mrg_export_flags_string (int flags);
/* A document's file name without its suffix, made safe for file names of folder exports. */
char     *_mrg_export_document_base_name (const MrgExportDocument *doc);

/* One per format. Text formats write through ctx->out; XLSX and PDF write ctx->write_path
 * themselves; PAGE XML writes files into the folder ctx->out_path. */
gboolean  _mrg_export_xlsx_run      (MrgExportContext *ctx, GError **error);
gboolean  _mrg_export_pagexml_run   (MrgExportContext *ctx, GError **error);
gboolean  _mrg_export_tei_run       (MrgExportContext *ctx, GError **error);
gboolean  _mrg_export_pdf_run       (MrgExportContext *ctx, GError **error);

G_END_DECLS

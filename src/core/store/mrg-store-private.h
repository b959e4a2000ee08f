/* mrg-store-private.h: what the files of src/core/store share; nothing outside store/ includes it
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <sqlite3.h>
#include <stdarg.h>

#include "mrg-store.h"
#include "mrg-store-testing.h"

G_BEGIN_DECLS

/* A statement from the store's cache. Declare it g_autoptr(MrgStmt): on leaving the scope it is
 * reset and its bindings cleared (never finalized; the store owns it), so that no read stays
 * open. */
typedef sqlite3_stmt MrgStmt;

sqlite3      *_mrg_store_db            (MrgStore      *self);
/* Turns a failed sqlite3 call into an error a person can act on; returns FALSE. */
gboolean      mrg_store_set_error      (MrgStore      *self,
                                        GError       **error,
                                        int            rc,
                                        const char    *what);
/* The prepared statement for `sql`, prepared once per connection and kept; NULL and an error
 * when it cannot be prepared. `sql` must be a string literal or otherwise live as long as the
 * store (the cache keys on its text). */
MrgStmt      *_mrg_store_cached        (MrgStore      *self,
                                        const char    *sql,
                                        GError       **error);
/* Steps a statement that returns no row (or whose rows are not wanted). */
gboolean      _mrg_store_step_done     (MrgStore      *self,
                                        sqlite3_stmt  *stmt,
                                        const char    *what,
                                        GError       **error);
/* The cached statement for `sql` (see _mrg_store_cached) with its parameters bound, from the
 * first on, one letter of `format` each: 'i' an int (gboolean and enums too), 'I' a gint64, 'd' a
 * double, 's' a string (NULL binds NULL), 'x' a GBytes * (a blob), 'b' a const MrgBox * (four
 * parameters, x1, y1, x2, y2); strings and bytes must live until the statement is reset. NULL
 * and an error when it cannot be prepared. */
MrgStmt      *_mrg_store_query         (MrgStore      *self,
                                        GError       **error,
                                        const char    *sql,
                                        const char    *format,
                                        ...);
MrgStmt      *_mrg_store_query_va      (MrgStore      *self,
                                        GError       **error,
                                        const char    *sql,
                                        const char    *format,
                                        va_list        args);
/* The cached statement for `sql` bound from `format` and stepped once, to read its first row;
 * NULL when there is no row (or the statement cannot be prepared). Declare it g_autoptr. */
MrgStmt      *_mrg_store_query_row     (MrgStore      *self,
                                        const char    *sql,
                                        const char    *format,
                                        ...);
/* Prepares `sql`, binds it from `format` and steps it once, for a statement whose rows are
 * not wanted; `what` names the work in the error. */
gboolean      _mrg_store_run           (MrgStore      *self,
                                        const char    *what,
                                        GError       **error,
                                        const char    *sql,
                                        const char    *format,
                                        ...);
/* A GArray of gint64 from the first column of the rows of `sql` bound from `format`; NULL and
 * an error when it cannot be prepared or a step fails. */
GArray       *_mrg_store_query_ids     (MrgStore      *self,
                                        const char    *what,
                                        GError       **error,
                                        const char    *sql,
                                        const char    *format,
                                        ...);
/* Records what a write changed; it is announced by `changed` when the transaction commits (at
 * once outside a transaction) and forgotten when it rolls back. An id of 0 means "some". */
void          _mrg_store_note_change   (MrgStore          *self,
                                        MrgStoreChangeKind kind,
                                        gint64             id);
char         *_mrg_store_now           (void);
/* After a person's edit of a cell: when it is a header cell of a column whose name follows the
 * header row (mrg-store-layouts.h), the column takes the cell's text as its name, logged. */
gboolean      _mrg_store_follow_header_cell (MrgStore *self,
                                             gint64    cell_id,
                                             GError  **error);
/* After a person marked a header row: _mrg_store_follow_header_cell for each cell with text. */
gboolean      _mrg_store_follow_header_row (MrgStore *self,
                                            gint64    row_id,
                                            GError  **error);
/* After a person unmarked a header row: each column whose name follows the header row and is
 * the text of this row's cell takes the text of the table's next header row instead, else goes
 * back to "Column N", logged. */
gboolean      _mrg_store_unfollow_header_row (MrgStore *self,
                                              gint64    row_id,
                                              GError  **error);
/* "[1, 2, 3]": how tables.col_seps and tables.row_seps are written (mrg_parse_separators reads
 * them). */
char         *_mrg_store_format_ints   (const int     *values,
                                        guint          n_values);
/* Reads what _mrg_store_format_ints wrote, every value in order (mrg_parse_separators keeps the
 * ones inside a table's area). */
GArray       *_mrg_store_parse_ints    (const char    *json);

/* A row that a person deleted keeps its database row with idx = -1 - its old idx, so that undo
 * can bring it back; everything that reads rows skips those. This is the one place that knows:
 * MRG_STORE_LIVE_ROW ("r") is the SQL condition for rows named r. */
#define MRG_STORE_LIVE_ROW(rows) rows ".idx >= 0"

/* A cell that a person's grid edit removed (a separator taken away, cells merged under a span)
 * keeps its database row with col = -id, which no two cells share, so that undo can bring it
 * back; MRG_STORE_LIVE_CELL ("c") is the SQL condition for live cells named c. */
#define MRG_STORE_LIVE_CELL(cells) cells ".col >= 0"

static inline gboolean
_mrg_store_row_is_live (int idx)
{
  return idx >= 0;
}

static inline int
_mrg_store_deleted_idx (int idx)
{
  return -1 - idx;
}

/* The columns of a page with its document, for _mrg_store_read_page(); the query names pages p
 * and documents d. */
#define MRG_STORE_PAGE_COLUMNS \
  "p.id, p.document_id, d.path, d.kind, d.page_count, p.number, p.width, p.height, p.dpi," \
  " p.status, p.skew, (SELECT count(*) FROM tables t WHERE t.page_id = p.id)"

typedef struct _MrgStorePage MrgStorePage;
void          _mrg_store_read_page     (sqlite3_stmt  *stmt,
                                        int            first,
                                        MrgStorePage  *page);

/* A box is four integer columns or parameters in the order x1, y1, x2, y2, from `first` on. */
static inline void
_mrg_store_bind_box (sqlite3_stmt *stmt,
                     int           first,
                     const MrgBox *box)
{
  sqlite3_bind_int (stmt, first, box->x1);
  sqlite3_bind_int (stmt, first + 1, box->y1);
  sqlite3_bind_int (stmt, first + 2, box->x2);
  sqlite3_bind_int (stmt, first + 3, box->y2);
}

static inline void
_mrg_store_read_box (sqlite3_stmt *stmt,
                     int           first,
                     MrgBox       *box)
{
  box->x1 = sqlite3_column_int (stmt, first);
  box->y1 = sqlite3_column_int (stmt, first + 1);
  box->x2 = sqlite3_column_int (stmt, first + 2);
  box->y2 = sqlite3_column_int (stmt, first + 3);
}

static inline void
_mrg_stmt_release (MrgStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgStmt, _mrg_stmt_release)

G_END_DECLS

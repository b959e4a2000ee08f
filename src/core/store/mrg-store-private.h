/* mrg-store-private.h: what the files of src/core/store share; nothing outside store/ includes it
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <sqlite3.h>

#include "mrg-store.h"

G_BEGIN_DECLS

/* A statement from the store's cache. Declare it g_autoptr(MrgStmt): on leaving the scope it is
 * reset and its bindings cleared (never finalized; the store owns it), so that no read stays
 * open. */
typedef sqlite3_stmt MrgStmt;

sqlite3      *_mrg_store_db            (MrgStore      *self);
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
/* Records what a write changed; it is announced by `changed` when the transaction commits (at
 * once outside a transaction) and forgotten when it rolls back. An id of 0 means "some". */
void          _mrg_store_note_change   (MrgStore          *self,
                                        MrgStoreChangeKind kind,
                                        gint64             id);
char         *_mrg_store_now           (void);
/* Separators as the tables table keeps them: a flat JSON array of integers. */
char         *_mrg_store_ints_to_json  (const int     *values,
                                        guint          n_values);

static inline void
_mrg_stmt_release (MrgStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgStmt, _mrg_stmt_release)

G_END_DECLS

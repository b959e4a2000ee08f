/* mrg-store-vocab.c: the SQL of the checked values of a column (mrg-store-vocab.h)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-store"

#include "config.h"

#include "mrg-store-private.h"
#include "mrg-store-vocab.h"

gboolean
mrg_store_vocab_foreach (MrgStore           *store,
                         gint64              layout_id,
                         MrgStoreVocabFunc   func,
                         gpointer            data,
                         GError            **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* A table without a layout of its own is read with the project's first (mrg-store-layouts.h);
   * `IS` lets a project without layouts (layout_id 0) match its tables by NULL. */
  stmt = _mrg_store_query (store, error,
                           "SELECT c.col, c.text, count (*) FROM cells c"
                           " JOIN rows r ON r.id = c.row_id"
                           " JOIN tables t ON t.id = r.table_id"
                           " WHERE coalesce (t.layout_id, (SELECT min (id) FROM layouts))"
                           " IS nullif (?, 0)"
                           " AND NOT r.header AND " MRG_STORE_LIVE_ROW ("r")
                           " AND (r.status = 'verified' OR c.edited) AND c.text <> ''"
                           " GROUP BY c.col, c.text",
                           "I", layout_id);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (sqlite3_column_int (stmt, 0), (const char *) sqlite3_column_text (stmt, 1),
          (guint) sqlite3_column_int (stmt, 2), data);
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (store, error, rc, "reading the checked values of a column");
  return TRUE;
}

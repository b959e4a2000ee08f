/* mrg-store-testing.h: raw SQL on a project's connection, for tests and benchmarks only
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tests check what a project file holds and set it up in states the app never makes (a full
 * disk, a file from an older release); benchmarks fill large projects. Nothing under src/
 * outside store/ includes this header: tests/check-layout.py fails the suite if one does. */

#pragma once

#include <sqlite3.h>

#include "mrg-store.h"

G_BEGIN_DECLS

sqlite3      *mrg_store_get_db             (MrgStore          *self);
gboolean      mrg_store_exec               (MrgStore          *self,
                                            const char        *sql,
                                            GError           **error);
sqlite3_stmt *mrg_store_prepare            (MrgStore          *self,
                                            const char        *sql,
                                            GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS

/* mrg-import.h: adding scans and PAGE files to a project
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "mrg-types.h"

G_BEGIN_DECLS

typedef struct
{
  int documents_added;
  int pages_added;
  int already_present;
  int relinked;
} MrgImportResult;

/* Imports every file or none: all are read and checked first, then added in one transaction.
 * A file already in the project (same SHA-256) is not added again; if it was recorded under a
 * path that no longer exists, the new path is recorded (relinked). The monitor's progress is
 * called on the thread that imports, after each file: done of total files. */
gboolean  mrg_import_files  (MrgStore              *store,
                             const char * const    *paths,
                             double                 pdf_dpi,
                             const MrgMonitor      *monitor,
                             MrgImportResult       *result,
                             GError               **error);

/* The documents (MrgStoreDocument, as mrg_store_list_documents lists them) whose scan is no
 * longer at its recorded path; NULL on error. */
GArray   *mrg_import_list_missing (MrgStore              *store,
                                   GError               **error);
/* Looks in the given files and folders for the scans whose recorded path is missing, by hash;
 * `cancellable` may be NULL. */
gboolean  mrg_import_relink (MrgStore              *store,
                             const char * const    *paths,
                             GCancellable          *cancellable,
                             int                   *out_relinked,
                             GError               **error);

G_END_DECLS

/* mrg-pagexml.h: PAGE XML (2013 and 2019) import
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "mrg-types.h"

G_BEGIN_DECLS

/* TRUE if the file starts like a PAGE XML document (looks at the first bytes only). */
gboolean  mrg_pagexml_sniff  (const char  *path);

/* Reads a PAGE file and the image it names beside it, and adds the document, its page and the
 * page's grid and text to the store. Runs inside the caller's transaction; on error the caller
 * rolls back. Returns the new document's id, or 0 with error set. */
gint64    mrg_pagexml_import (MrgStore    *store,
                              const char  *path,
                              GError     **error);

G_END_DECLS

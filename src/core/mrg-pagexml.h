/* mrg-pagexml.h: PAGE XML (2013 and 2019) import
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "mrg-types.h"

G_BEGIN_DECLS

#define MRG_PAGEXML_NS_2013 "http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15"
#define MRG_PAGEXML_NS_2019 "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"

#define MRG_PAGEXML_ERROR (mrg_pagexml_error_quark ())

typedef enum
{
  MRG_PAGEXML_ERROR_MALFORMED,     /* not well-formed XML */
  MRG_PAGEXML_ERROR_NOT_PAGE,      /* well-formed, but not PAGE */
  MRG_PAGEXML_ERROR_INVALID,       /* PAGE, but what it says cannot be true (coordinates off the page) */
  MRG_PAGEXML_ERROR_IMAGE,         /* the image it names is missing or unreadable */
  MRG_PAGEXML_ERROR_DUPLICATE,     /* the image is already in the project */
} MrgPageXmlError;

GQuark    mrg_pagexml_error_quark (void);

/* TRUE if the file starts like a PAGE XML document (looks at the first bytes only). */
gboolean  mrg_pagexml_sniff  (const char  *path);

/* Reads a PAGE file and the image it names beside it, and adds the document, its page and the
 * page's grid and text to the store. Runs inside the caller's transaction; on error the caller
 * rolls back. Returns the new document's id, or 0 with error set. */
gint64    mrg_pagexml_import (MrgStore    *store,
                              const char  *path,
                              GError     **error);

G_END_DECLS

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
  MRG_PAGEXML_ERROR_TOO_LARGE,     /* beyond the limits below */
} MrgPageXmlError;

/* What a PAGE file may hold: a table's row and column indices (from 0) stay below these, a
 * cell's text is at most this many characters; comments and a DOCTYPE before the root element
 * are looked through up to this many bytes when recognising the file. */
#define MRG_PAGEXML_MAX_ROWS 1000
#define MRG_PAGEXML_MAX_COLUMNS 100
#define MRG_PAGEXML_MAX_CELL_TEXT 10000
#define MRG_PAGEXML_MAX_PROLOGUE (256 * 1024)

GQuark    mrg_pagexml_error_quark (void);

/* TRUE if the file starts like a PAGE XML document (looks at the first bytes only). */
gboolean  mrg_pagexml_sniff  (const char  *path);

/* Reads a PAGE file and the image it names beside it, and adds the document, its page and the
 * page's grid and text to the store. Runs inside the caller's transaction; on error the caller
 * rolls back. Returns the new document's id, or 0 with error set.
 *
 * The document recorded is the IMAGE (kind image, its own SHA-256 and size), not the XML, so the
 * project refers to the scan exactly as if it had been imported alone; if that image is already
 * in the project and its page has no grid, the grid goes onto it (a page with a grid is never
 * touched: MRG_PAGEXML_ERROR_DUPLICATE). The file's text becomes the cells' OCR text (and current
 * text), TextEquiv/@conf × 100 their confidence (none when the file gives none). Grids: as given
 * by Transkribus TableCell or 2019 TableCellRole; otherwise clustered from the geometry of the
 * TextRegions (one per cell) or, for a page of loose lines (eScriptorium), of the lines. See the
 * comment at the top of mrg-pagexml.c. */
gint64    mrg_pagexml_import (MrgStore    *store,
                              const char  *path,
                              GError     **error);

G_END_DECLS

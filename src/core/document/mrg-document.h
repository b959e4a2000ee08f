/* mrg-document.h: reading scans (images, TIFF, PDF) into page images
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <leptonica/allheaders.h>

#include "mrg-types.h"

G_BEGIN_DECLS

#define MRG_DOCUMENT_ERROR (mrg_document_error_quark ())

typedef enum
{
  MRG_DOCUMENT_ERROR_NOT_FOUND,
  MRG_DOCUMENT_ERROR_EMPTY,
  MRG_DOCUMENT_ERROR_UNSUPPORTED,
  MRG_DOCUMENT_ERROR_DAMAGED,
  MRG_DOCUMENT_ERROR_ENCRYPTED,
  MRG_DOCUMENT_ERROR_TOO_LARGE,
  MRG_DOCUMENT_ERROR_FAILED,
} MrgDocumentError;

/* The most pixels one page may have (about 24000 × 8300, or a 600-dpi A1 sheet). A larger image
 * is refused at import before it is decoded, so that a lying header cannot exhaust memory. */
#define MRG_DOCUMENT_MAX_PIXELS (200u * 1000u * 1000u)
/* Refuses a page of no pixels or of more than MRG_DOCUMENT_MAX_PIXELS, naming the file and the
 * page (MRG_DOCUMENT_ERROR_DAMAGED or _TOO_LARGE): every path that brings in an image checks. */
gboolean  mrg_document_check_pixels (const char  *path,
                                     int          page,
                                     gint64       width,
                                     gint64       height,
                                     GError     **error);

/* PDF pages are rendered at this resolution unless told otherwise. */
#define MRG_DOCUMENT_DEFAULT_DPI 300.0

typedef struct
{
  int width;
  int height;
  double dpi;
} MrgPageInfo;

typedef struct
{
  char *path;
  char *sha256;
  gint64 size;
  MrgDocumentKind kind;
  guint n_pages;
  MrgPageInfo *pages;
} MrgDocumentInfo;

/* A word of a PDF's text layer, in the pixels of the page as rendered at the document's dpi. */
typedef struct
{
  MrgBox box;
  char *text;
} MrgWord;

GQuark            mrg_document_error_quark     (void);

/* Reads the whole file: checks every page can be decoded, and hashes it. Blocks: call it from a
 * worker thread in the window. Every error names the file and says what is wrong. */
MrgDocumentInfo  *mrg_document_probe           (const char    *path,
                                                double         pdf_dpi,
                                                GCancellable  *cancellable,
                                                GError       **error);
void              mrg_document_info_free       (MrgDocumentInfo *info);

char             *mrg_file_sha256              (const char    *path,
                                                gint64        *out_size,
                                                GCancellable  *cancellable,
                                                GError       **error);

/* Decodes or renders one page (numbered from 1) as an 8-bit grey or 32-bit RGB PIX of the size
 * recorded at import. */
PIX              *mrg_document_load_page       (const char      *path,
                                                MrgDocumentKind  kind,
                                                int              page_number,
                                                double           dpi,
                                                GError         **error);
/* The same page as 8-bit grey, as pixConvertTo8 makes it; a JPEG is decoded straight to grey,
 * so that OCR of a colour register spread never holds its colour image. */
PIX              *mrg_document_load_page_grey  (const char      *path,
                                                MrgDocumentKind  kind,
                                                int              page_number,
                                                double           dpi,
                                                GError         **error);

/* The words of a PDF page's text layer (an empty array for a scan without one). */
GPtrArray        *mrg_document_get_words       (const char    *path,
                                                int            page_number,
                                                double         dpi,
                                                GError       **error);
/* Each character of a PDF page's text layer alone (whitespace left out), in reading order, with
 * its box in pixels at `dpi`: for splitting a word where a cell's rule cuts it. */
GPtrArray        *mrg_document_get_chars       (const char    *path,
                                                int            page_number,
                                                double         dpi,
                                                GError       **error);
void              mrg_word_free                (MrgWord       *word);

/* leptonica destroys through a PIX **; this adapts it to g_autoptr. */
static inline void
pixDestroy_ptr_ (PIX *pix)
{
  pixDestroy (&pix);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgDocumentInfo, mrg_document_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PIX, pixDestroy_ptr_)


G_END_DECLS

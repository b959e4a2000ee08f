/* mrg-types.h: forward declarations and small value types shared across Muragat's core
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _MrgStore MrgStore;

/* Progress of work counted in steps (cells read, pages exported): `done` of `total`. Which
 * thread it is called on is said where it is taken. A job turns it into a fraction and a text
 * for a person (mrg_job_set_progress). */
typedef void (*MrgProgressFunc) (guint    done,
                                 guint    total,
                                 gpointer user_data);

/* How the caller follows long blocking work (like tesseract's monitor): `progress` (may be
 * NULL) hears how far it is, with `user_data`; `cancellable` (may be NULL) stops it. Functions
 * that take one accept NULL for neither. */
typedef struct
{
  GCancellable    *cancellable;
  MrgProgressFunc  progress;
  gpointer         user_data;
} MrgMonitor;

/* monitor->cancellable, or NULL without a monitor. */
GCancellable *mrg_monitor_get_cancellable (const MrgMonitor *monitor);
/* Tells monitor->progress that `done` of `total` steps are done, when there is one. */
void          mrg_monitor_report          (const MrgMonitor *monitor,
                                           guint             done,
                                           guint             total);

/* A rectangle in the pixels of a page as imported: x1,y1 inclusive, x2,y2 exclusive. */
typedef struct
{
  int x1;
  int y1;
  int x2;
  int y2;
} MrgBox;

/* Orders boxes by the height of their centres, top first (for g_array_sort and qsort). */
int           mrg_box_compare_centre_y (gconstpointer a, gconstpointer b);
/* Orders ints, smallest first (for g_array_sort and qsort). */
int           mrg_compare_int          (gconstpointer a, gconstpointer b);

/* Disjoint sets of 0..n-1 in an array of parents (union–find): a new array has each number
 * in a set of its own; find gives the root of a number's set (halving the path on the way);
 * join puts the set of `a` under the root of `b`'s. Free the array with g_free. */
guint        *mrg_sets_new             (guint  n);
guint         mrg_sets_find            (guint *parent, guint i);
void          mrg_sets_join            (guint *parent, guint a, guint b);

typedef enum
{
  MRG_DOCUMENT_KIND_IMAGE,
  MRG_DOCUMENT_KIND_TIFF,
  MRG_DOCUMENT_KIND_PDF,
  MRG_DOCUMENT_KIND_PAGE_XML,
} MrgDocumentKind;

typedef enum
{
  MRG_PAGE_STATUS_NEW,
  MRG_PAGE_STATUS_OCR_DONE,
  MRG_PAGE_STATUS_IN_PROGRESS,
  MRG_PAGE_STATUS_VERIFIED,
} MrgPageStatus;

typedef enum
{
  MRG_ROW_STATUS_UNVERIFIED,
  MRG_ROW_STATUS_VERIFIED,
} MrgRowStatus;

typedef enum
{
  MRG_CELL_FLAG_NONE = 0,
  MRG_CELL_FLAG_ILLEGIBLE = 1 << 0,
  MRG_CELL_FLAG_UNCERTAIN = 1 << 1,
} MrgCellFlags;

typedef enum
{
  MRG_COLUMN_TYPE_TEXT,
  MRG_COLUMN_TYPE_INTEGER,
  MRG_COLUMN_TYPE_YEAR,
  MRG_COLUMN_TYPE_NAME,
  MRG_COLUMN_TYPE_ENUM,
} MrgColumnType;

const char   *mrg_document_kind_to_string (MrgDocumentKind kind);
gboolean      mrg_document_kind_from_string (const char *str, MrgDocumentKind *kind);
const char   *mrg_page_status_to_string (MrgPageStatus status);
gboolean      mrg_page_status_from_string (const char *str, MrgPageStatus *status);
const char   *mrg_row_status_to_string (MrgRowStatus status);
gboolean      mrg_row_status_from_string (const char *str, MrgRowStatus *status);
const char   *mrg_column_type_to_string (MrgColumnType type);
gboolean      mrg_column_type_from_string (const char *str, MrgColumnType *type);
/* A header cell's text as a column name: on one line, spaces folded, trimmed ("" for none). */
char         *mrg_column_name_from_text (const char *text);
/* The name of a column that has none yet: "Column 3" for `position` 2. */
char         *mrg_column_number_name    (guint       position);

/* Sets up the libraries the core shares with the rest of the process; safe to call from any
 * thread, any number of times. The CLI and the window call it at start-up, and the core's own
 * entry points that use leptonica call it too, so that a bench or test is quiet as well. */
void          mrg_core_init (void);
/* Sets the locale from the environment and binds Muragat's message catalogue: from
 * MURAGAT_LOCALEDIR when set (an uninstalled build's po folder), else the installed one.
 * The window and the CLI call it first thing in main(). */
void          mrg_core_init_locale (void);
/* Removes a folder that holds files only (a job's scratch folder), and the files in it. */
void          mrg_remove_dir_of_files (const char *dir);

G_END_DECLS

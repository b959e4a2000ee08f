/* mrg-export.h: writing a project's tables out (CSV, TSV, JSON, XLSX, PAGE XML, TEI, PDF)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "mrg-types.h"

G_BEGIN_DECLS

#define MRG_EXPORT_ERROR (mrg_export_error_quark ())

typedef enum
{
  MRG_EXPORT_ERROR_WRITE,      /* the output could not be written (full disk, no permission) */
  MRG_EXPORT_ERROR_READ,       /* the project or a scan could not be read */
  MRG_EXPORT_ERROR_INVALID,    /* bad arguments: unknown format, output not a folder, ... */
} MrgExportError;

typedef enum
{
  MRG_EXPORT_FORMAT_CSV,
  MRG_EXPORT_FORMAT_TSV,
  MRG_EXPORT_FORMAT_JSON,
  MRG_EXPORT_FORMAT_XLSX,
  MRG_EXPORT_FORMAT_PAGEXML,
  MRG_EXPORT_FORMAT_TEI,
  MRG_EXPORT_FORMAT_PDF,
} MrgExportFormat;

/* What an export writes. */
typedef struct
{
  MrgExportFormat format;
  /* Only rows a person marked verified (header rows are kept where a format writes them, since
   * they label the columns). */
  gboolean verified_only;
  /* CSV/TSV/XLSX: one "illegible"/"uncertain" flag column after each data column. */
  gboolean cell_flags;
} MrgExportOptions;

GQuark       mrg_export_error_quark        (void);

const char  *mrg_export_format_to_string   (MrgExportFormat  format);
gboolean     mrg_export_format_from_string (const char      *str,
                                            MrgExportFormat *format);
/* The format a file's name ends in (out.csv, out.XLSX, list.tei), for an export given no format;
 * FALSE for a name that tells none, as "-", a folder or out.xml (PAGE XML or TEI). */
gboolean     mrg_export_format_from_path   (const char      *path,
                                            MrgExportFormat *format);
/* TRUE for formats that write a folder of files (PAGE XML) rather than one file. */
gboolean     mrg_export_format_is_folder   (MrgExportFormat  format);

/* Writes the project's tables to out_path ("-" = standard output, for the text formats). A file
 * is written under a temporary name in the same folder and renamed at the end, so a failed or
 * cancelled export never leaves half a file behind. Blocks: a window runs it as the project's job
 * (mrg_project_export_async). The monitor's progress is called on the exporting thread after
 * each page: done of total pages. */
gboolean     mrg_export_to_file            (MrgStore                *store,
                                            const MrgExportOptions  *options,
                                            const char              *out_path,
                                            const MrgMonitor        *monitor,
                                            GError                 **error);

G_END_DECLS

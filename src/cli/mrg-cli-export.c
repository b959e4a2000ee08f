/* mrg-cli-export.c: muragat-cli export — write the project's tables to a file or folder
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-cli.h"
#include "mrg-export.h"

int
mrg_cli_export (MrgCliGlobal *global,
                int           argc,
                char        **argv)
{
  g_autoptr(MrgProject) project = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *out_path = NULL;
  MrgExportOptions options = { 0 };
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("csv, tsv, json, xlsx, pagexml (a folder), tei or pdf; without it, OUT’s ending"),
      N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
      N_("The file to write (“-” for standard output), or the folder for pagexml"), N_("OUT") },
    { "verified-only", 0, 0, G_OPTION_ARG_NONE, &options.verified_only,
      N_("Only rows a person marked verified"), NULL },
    { "flags", 0, 0, G_OPTION_ARG_NONE, &options.cell_flags,
      N_("CSV, TSV, XLSX: a column of cell flags (illegible, uncertain) after each column"), NULL },
    { NULL }
  };
  const MrgCliHelp help = {
    .summary = _("Write the project’s tables to a file."),
    .description = _(
      "Formats:\n"
      "  csv    RFC 4180, UTF-8, CRLF line ends; a header line with the project’s column names,\n"
      "         one line per body row, then where it came from: document, document_sha256,\n"
      "         page, table, row, row_box (x1 y1 x2 y2 in page pixels), row_status,\n"
      "         verified_by, verified_at.\n"
      "  tsv    The same columns, tab-separated, LF line ends. A tab, line break, carriage\n"
      "         return or backslash inside a cell is written \\t, \\n, \\r or \\\\.\n"
      "  json   Every cell of every grid, header rows included, boxes in page pixels.\n"
      "  xlsx   A “Rows” sheet and a “Provenance” sheet, one line each per body row.\n"
      "  pagexml  One PAGE 2019 file per page in the folder OUT, named after the scan and\n"
      "         page (scan_p001.xml); cells are TextRegions with a TableCellRole.\n"
      "  tei    TEI P5: a facsimile zone per cell, a table per grid, persName in name columns.\n"
      "  pdf    Each page’s scan with the cell text as an invisible, searchable layer.\n"
      "\n"
      "--verified-only keeps the rows a person marked verified (and the header rows, which\n"
      "name the columns, in json, pagexml, tei and pdf). The file is written under a\n"
      "temporary name and renamed when complete: a failed export leaves no half file."),
  };
  int status;

  status = mrg_cli_parse_command (&help, entries, &argc, &argv);
  if (status != 0)
    return status;
  if (out_path == NULL)
    return mrg_cli_fail_message (_("export: no output given: use -o FILE"));
  /* -o list.csv says csv */
  if (format_name == NULL && !mrg_export_format_from_path (out_path, &options.format))
    return mrg_cli_fail_message (_("export: no format given: use --format csv|tsv|json|xlsx|pagexml|tei|pdf"));
  if (format_name != NULL && !mrg_export_format_from_string (format_name, &options.format))
    return mrg_cli_fail_message (_("export: unknown format “%s”: use csv, tsv, json, xlsx, pagexml, tei or pdf"),
                                 format_name);

  project = mrg_cli_open (global, MRG_STORE_OPEN_READ_ONLY);
  if (project == NULL)
    return 1;

  mrg_project_export_async (project, &options, out_path, NULL, mrg_cli_keep_result, &done);
  /* no progress line when the export itself goes to the terminal */
  mrg_cli_wait (global, project, g_strcmp0 (out_path, "-") != 0, &done);
  if (!mrg_project_export_finish (project, done, &error))
    return mrg_cli_fail (error);
  /* Written all the same, as a script asked for it; a person is told why it holds no row. */
  if (options.verified_only && !global->quiet
      && !mrg_store_has_verified_rows (mrg_project_get_store (project)))
    {
      g_autofree char *shown = g_str_equal (out_path, "-") ? g_strdup (_("standard output"))
                                                          : g_filename_display_name (out_path);
      g_autofree char *warning
        = g_strdup_printf (_("%s: no row is verified yet, so it holds none (mark rows verified, "
                             "or leave out --verified-only)"), shown);

      g_printerr ("muragat-cli: %s\n", warning);
    }
  return 0;
}

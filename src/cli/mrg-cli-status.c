/* mrg-cli-status.c: muragat-cli status
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-cli.h"
#include "mrg-import.h"
#include "mrg-store-learn.h"
#include "mrg-store-pages.h"
#include "mrg-store-tables.h"

/* Which languages OCR read the pages in: chosen by a person, or by each page's script. */
static gboolean
print_read_languages (MrgStore  *store,
                      GError   **error)
{
  g_autoptr(GArray) counts = mrg_store_count_read_languages (store, NULL, 0, error);
  g_autofree char *list = NULL;

  if (counts == NULL)
    return FALSE;
  if (counts->len == 0)
    return TRUE;
  list = mrg_store_read_languages_to_string (counts);
  g_print (_("OCR languages (pages read): %s\n"), list);
  return TRUE;
}

static gboolean
print_status (MrgStore  *store,
              GError   **error)
{
  g_autoptr(GArray) missing = NULL;
  MrgStoreCounts c;

  if (!mrg_store_get_counts (store, &c, error))
    return FALSE;

  g_print (_("Project: %s (schema %d)\n"), mrg_store_get_path (store),
           mrg_store_get_schema_version (store));
  g_print (_("Documents: %d\n"), c.documents);
  g_print (_("Pages: %d (new %d, OCR done %d, in progress %d, verified %d)\n"), c.pages,
           c.pages_by_status[MRG_PAGE_STATUS_NEW], c.pages_by_status[MRG_PAGE_STATUS_OCR_DONE],
           c.pages_by_status[MRG_PAGE_STATUS_IN_PROGRESS],
           c.pages_by_status[MRG_PAGE_STATUS_VERIFIED]);
  g_print (_("Tables: %d\n"), c.tables);
  g_print (_("Rows: %d (header %d, body %d, verified %d)\n"), c.rows, c.rows - c.body_rows,
           c.body_rows, c.verified_rows);
  g_print (_("Cells: %d (edited by a person %d)\n"), c.cells, c.edited_cells);
  g_print (_("Edits: %d\n"), c.edits);
  if (!print_read_languages (store, error))
    return FALSE;

  missing = mrg_import_list_missing (store, error);
  if (missing == NULL)
    return FALSE;
  for (guint i = 0; i < missing->len; i++)
    {
      g_autofree char *shown
        = g_filename_display_name (g_array_index (missing, MrgStoreDocument, i).path);

      g_print (_("Missing scan (use relink): %s\n"), shown);
    }
  return TRUE;
}

int
mrg_cli_status (MrgCliGlobal  *global,
                int            argc,
                char         **argv)
{
  return mrg_cli_read (global,
                       _("Count the project’s documents, pages, tables, rows and cells, and list "
                         "scans that are no longer where they were."),
                       argc, argv, print_status);
}

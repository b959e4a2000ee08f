/* mrg-cli-pages.c: muragat-cli documents, move and remove: the scans of a project and their order
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-cli.h"
#include "mrg-store-pages.h"

/* Opens the project for writing into *out_store and gives the id of the document at 1-based
 * `number` in its order, 0 (after printing why) when it cannot be opened or there is none. */
static gint64
open_document (MrgCliGlobal  *global,
               int            number,
               MrgStore     **out_store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) documents = NULL;

  *out_store = mrg_cli_open_project (global, MRG_STORE_OPEN_DEFAULT);
  if (*out_store == NULL)
    return 0;
  documents = mrg_store_list_documents (*out_store, &error);
  if (documents == NULL)
    {
      mrg_cli_fail (error);
      return 0;
    }
  if (number < 1 || (guint) number > documents->len)
    {
      mrg_cli_fail_message (ngettext ("there is no scan %d: the project has %u scan "
                                      "(see “muragat-cli documents”)",
                                      "there is no scan %d: the project has %u scans "
                                      "(see “muragat-cli documents”)", documents->len),
                            number, documents->len);
      return 0;
    }
  return g_array_index (documents, MrgStoreDocument, number - 1).id;
}

static void
print_summary (const MrgStoreDocumentSummary *summary)
{
  g_autofree char *shown = g_filename_display_name (summary->path);

  /* Translators: one scan in "muragat-cli documents": its number, file, and what it holds */
  g_print (_("%u\t%s\tpages %u, tables %u, rows %u (verified %u), cells edited %u\n"),
           summary->position, shown, summary->n_pages, summary->n_tables, summary->n_rows,
           summary->n_verified, summary->n_edited);
}

static gboolean
print_documents (MrgStore  *store,
                 GError   **error)
{
  g_autoptr(GArray) documents = mrg_store_list_documents (store, error);

  if (documents == NULL)
    return FALSE;
  for (guint i = 0; i < documents->len; i++)
    {
      g_auto(MrgStoreDocumentSummary) summary = { 0 };

      if (!mrg_store_get_document_summary (store, g_array_index (documents, MrgStoreDocument, i).id,
                                           &summary, error))
        return FALSE;
      print_summary (&summary);
    }
  return TRUE;
}

int
mrg_cli_documents (MrgCliGlobal  *global,
                   int            argc,
                   char         **argv)
{
  return mrg_cli_read (global,
                       _("List the scans in the order of the project, with the number that move "
                         "and remove take."),
                       argc, argv, print_documents);
}

int
mrg_cli_move (MrgCliGlobal  *global,
              int            argc,
              char         **argv)
{
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MrgStoreDocumentSummary) summary = { 0 };
  int number = 0, to = 0;
  gint64 id;
  const GOptionEntry entries[] = {
    { "document", 'd', 0, G_OPTION_ARG_INT, &number,
      N_("The scan to move, by its number in “muragat-cli documents”"), N_("N") },
    { "to", 't', 0, G_OPTION_ARG_INT, &to, N_("Its new number (1 is first)"), N_("K") },
    { NULL }
  };
  const MrgCliHelp help = {
    .summary = _("Move a scan, with its pages, to another place in the order of the project "
                 "(the page list, OCR, export)."),
  };
  int status;

  status = mrg_cli_parse_command (&help, entries, &argc, &argv);
  if (status != 0)
    return status;
  if (number == 0 || to == 0)
    return mrg_cli_fail_message (_("move: give the scan and its new place: "
                                   "--document N --to K"));
  if (to < 1)
    return mrg_cli_fail_message (_("move: --to %d is not a place; 1 is first"), to);

  id = open_document (global, number, &store);
  if (id == 0)
    return 1;
  if (!mrg_store_move_document (store, id, to, &error) ||
      !mrg_store_get_document_summary (store, id, &summary, &error))
    return mrg_cli_fail (error);
  if (!global->quiet)
    {
      g_autofree char *shown = g_filename_display_name (summary.path);

      g_print (_("Moved %s from %d to %u\n"), shown, number, summary.position);
    }
  return 0;
}

int
mrg_cli_remove (MrgCliGlobal  *global,
                int            argc,
                char         **argv)
{
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(MrgStoreDocumentSummary) summary = { 0 };
  g_autofree char *shown = NULL;
  int number = 0;
  gboolean force = FALSE;
  gint64 id;
  const GOptionEntry entries[] = {
    { "document", 'd', 0, G_OPTION_ARG_INT, &number,
      N_("The scan to remove, by its number in “muragat-cli documents”"), N_("N") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Remove it even when it holds rows a person verified"), NULL },
    { NULL }
  };
  const MrgCliHelp help = {
    .summary = _("Remove a scan from the project with its pages and everything transcribed "
                 "from them. This cannot be undone; the scan file itself is kept. A scan holding "
                 "verified rows is removed only with --force."),
  };
  int status;

  status = mrg_cli_parse_command (&help, entries, &argc, &argv);
  if (status != 0)
    return status;
  if (number == 0)
    return mrg_cli_fail_message (_("remove: give the scan to remove: --document N"));

  id = open_document (global, number, &store);
  if (id == 0)
    return 1;
  if (!mrg_store_get_document_summary (store, id, &summary, &error))
    return mrg_cli_fail (error);
  shown = g_filename_display_name (summary.path);
  if (summary.n_verified > 0 && !force)
    return mrg_cli_fail_message (ngettext ("%s holds %u verified row; nothing was removed "
                                           "(add --force to remove it all the same)",
                                           "%s holds %u verified rows; nothing was removed "
                                           "(add --force to remove it all the same)",
                                           summary.n_verified),
                                 shown, summary.n_verified);
  if (!mrg_store_remove_document (store, id, &error))
    return mrg_cli_fail (error);
  /* What was lost is said even with --quiet: it cannot be undone. */
  g_print (_("Removed %s: pages %u, tables %u, rows %u (verified %u), cells edited %u\n"), shown,
           summary.n_pages, summary.n_tables, summary.n_rows, summary.n_verified,
           summary.n_edited);
  return 0;
}

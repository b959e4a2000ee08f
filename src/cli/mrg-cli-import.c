/* mrg-cli-import.c: muragat-cli import and relink
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mrg-cli.h"
#include "mrg-document.h"
#include "mrg-import.h"

int
mrg_cli_import (MrgCliGlobal  *global,
                int            argc,
                char         **argv)
{
  g_autoptr(MrgProject) project = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  MrgImportResult result = { 0 };
  double dpi = MRG_DOCUMENT_DEFAULT_DPI;
  gboolean existed;
  const GOptionEntry entries[] = {
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, N_("Resolution at which PDF pages are rendered "
                                               "(default 300)"), N_("DPI") },
    { NULL }
  };
  const MrgCliHelp help = {
    .arguments = _("SCAN_OR_PAGE_XML…"),
    .summary = _("Add scans to the project: PNG, JPEG, TIFF (also multi-page), WebP and PDF "
                 "files, or PAGE XML files with the image they name.\nThe project file is "
                 "created if it does not exist. A file already in the project is not added "
                 "again."),
    .missing = _("import: name at least one scan"),
  };
  int status;

  status = mrg_cli_parse_command (&help, entries, &argc, &argv);
  if (status != 0)
    return status;
  /* written so that NaN, which compares false with everything, is refused too */
  if (!(dpi >= 50 && dpi <= 1200))
    return mrg_cli_fail_message (_("import: --dpi must be between 50 and 1200"));

  existed = global->project_path != NULL && g_file_test (global->project_path, G_FILE_TEST_EXISTS);
  project = mrg_cli_open (global, MRG_STORE_OPEN_CREATE);
  if (project == NULL)
    return 1;

  mrg_project_import_async (project, (const char * const *) &argv[1], dpi, NULL,
                            mrg_cli_keep_result, &done);
  mrg_cli_wait (global, project, TRUE, &done);
  if (!mrg_project_import_finish (project, done, &result, &error))
    {
      /* A project this command created must not be left behind, empty, by its failure. */
      if (!existed)
        {
          g_autofree char *wal = g_strconcat (global->project_path, "-wal", NULL);
          g_autofree char *shm = g_strconcat (global->project_path, "-shm", NULL);

          /* the result holds the project; both must be gone before the file is */
          g_clear_object (&done);
          g_clear_object (&project);
          g_unlink (global->project_path);
          g_unlink (wal);
          g_unlink (shm);
        }
      return mrg_cli_fail (error);
    }

  if (!global->quiet)
    {
      g_autofree char *documents = g_strdup_printf (ngettext ("%d document", "%d documents",
                                                              result.documents_added),
                                                    result.documents_added);
      g_autofree char *pages = g_strdup_printf (ngettext ("%d page", "%d pages",
                                                          result.pages_added),
                                                result.pages_added);

      /* Translators: "Added 1 document (3 pages)." */
      g_print (_("Added %s (%s)."), documents, pages);
      if (result.already_present > 0)
        g_print (_(" %d already in the project."), result.already_present);
      if (result.relinked > 0)
        g_print (_(" %d found at a new place (relinked)."), result.relinked);
      g_print ("\n");
    }
  return 0;
}

int
mrg_cli_relink (MrgCliGlobal  *global,
                int            argc,
                char         **argv)
{
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int relinked = 0;
  const MrgCliHelp help = {
    .arguments = _("FILE_OR_FOLDER…"),
    .summary = _("Find scans whose recorded place no longer exists among the given files and "
                 "folders, by their content (SHA-256), and record where they are now."),
    .missing = _("relink: name at least one file or folder"),
  };
  int status;

  status = mrg_cli_parse_command (&help, NULL, &argc, &argv);
  if (status != 0)
    return status;

  store = mrg_cli_open_project (global, MRG_STORE_OPEN_DEFAULT);
  if (store == NULL)
    return 1;
  if (!mrg_import_relink (store, (const char * const *) &argv[1], NULL, &relinked,
                          &error))
    return mrg_cli_fail (error);
  if (!global->quiet)
    g_print (ngettext ("Relinked %d document.\n", "Relinked %d documents.\n", relinked), relinked);
  return 0;
}

/* mrg-cli-learn.c: muragat-cli learn
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-cli.h"

int
mrg_cli_learn (MrgCliGlobal  *global,
               int            argc,
               char         **argv)
{
  g_autoptr(MrgProject) project = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  MrgLearnResult result;
  g_autofree char *description = NULL;
  int iterations = 0;
  const GOptionEntry entries[] = {
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations,
      N_("Training iterations (default: about two passes over a few hundred cells)"), N_("N") },
    { NULL }
  };
  const MrgCliHelp help = {
    .summary = _("Teach OCR the cells a person verified: fine-tune the model of the project’s "
                 "first OCR language on them, and keep the new model with the project only when "
                 "it reads the cells held back to check it with fewer errors. Later OCR of "
                 "unverified cells uses it."),
  };
  int status;

  status = mrg_cli_parse_command (&help, entries, &argc, &argv);
  if (status != 0)
    return status;
  if (iterations < 0 || iterations > 100000)
    return mrg_cli_fail_message (_("learn: --iterations must be between 1 and 100000, not %d"),
                                 iterations);

  project = mrg_cli_open (global, MRG_STORE_OPEN_DEFAULT);
  if (project == NULL)
    return 1;
  mrg_project_learn_async (project, (guint) iterations, NULL, mrg_cli_keep_result, &done);
  mrg_cli_wait (global, project, TRUE, &done);
  if (!mrg_project_learn_finish (project, done, &result, &error))
    return mrg_cli_fail_message ("%s: %s", mrg_project_get_path (project), error->message);

  description = mrg_learn_result_describe (&result);
  g_print ("%s\n", description);
  return 0;
}

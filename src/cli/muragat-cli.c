/* muragat-cli.c: the batch front end over Muragat's core
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mrg-cli.h"
#include "mrg-types.h"

static const struct
{
  const char *name;
  MrgCliCommandFunc func;
  const char *summary;
} commands[] = {
  { "import", mrg_cli_import, N_("Add scans (images, TIFF, PDF) or PAGE XML files to the project") },
  { "relink", mrg_cli_relink, N_("Find scans that moved, by their content") },
  { "ocr", mrg_cli_ocr, N_("Find the tables and read every cell") },
  { "learn", mrg_cli_learn, N_("Teach OCR the cells a person verified") },
  { "status", mrg_cli_status, N_("Count documents, pages, tables, rows and cells") },
  { "export", mrg_cli_export, N_("Write the tables as CSV, TSV, JSON, XLSX, PAGE XML, TEI or PDF") },
  { "search", mrg_cli_search, N_("Search the text of every cell") },
  { "match", mrg_cli_match, N_("Match a list of names against the project or another list") },
  { "layouts", mrg_cli_layouts, N_("List the layouts (named sets of columns) and their pages") },
  { "layout", mrg_cli_layout, N_("Give a document’s tables a layout, accept or rename one") },
  { "documents", mrg_cli_documents, N_("List the scans in order, numbered") },
  { "move", mrg_cli_move, N_("Move a scan to another place in the order") },
  { "remove", mrg_cli_remove, N_("Remove a scan and everything transcribed from it") },
};

static char *
describe_commands (void)
{
  GString *s = g_string_new (_("Commands:"));

  g_string_append_c (s, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (s, "  %-9s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (s, _("\nRun “muragat-cli COMMAND --help” for a command’s options."));
  return g_string_free (s, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *project = NULL;
  g_autofree char *description = NULL;
  gboolean version = FALSE;
  gboolean quiet = FALSE;
  MrgCliGlobal global = { 0 };
  int first_command;
  const GOptionEntry entries[] = {
    { "project", 'p', 0, G_OPTION_ARG_FILENAME, &project, N_("The project file (.muragat)"),
      N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print no progress"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  mrg_core_init_locale ();
  mrg_core_init ();

  /* Options before the command are global; everything from the command on is the command's. */
  first_command = argc;
  for (int i = 1; i < argc; i++)
    {
      if (argv[i][0] != '-')
        {
          if (i > 1 && (strcmp (argv[i - 1], "--project") == 0 || strcmp (argv[i - 1], "-p") == 0))
            continue;
          first_command = i;
          break;
        }
    }

  context = g_option_context_new (_("COMMAND [ARGUMENTS…]"));
  g_option_context_set_summary (context,
                                _("Transcribe tables from scanned archive pages into a project."));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  {
    int global_argc = first_command;

    if (!g_option_context_parse (context, &global_argc, &argv, &error))
      {
        g_printerr ("muragat-cli: %s\n", error->message);
        return 2;
      }
  }

  if (version)
    {
      g_print ("muragat-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (first_command >= argc)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return 2;
    }

  global.project_path = project;
  global.quiet = quiet;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[first_command], commands[i].name) == 0)
        {
          g_autofree char *name = g_strdup_printf ("muragat-cli %s", commands[i].name);
          char **command_argv = &argv[first_command];

          command_argv[0] = name;
          return commands[i].func (&global, argc - first_command, command_argv);
        }
    }

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”; see muragat-cli --help"),
                                                argv[first_command]);

    g_printerr ("muragat-cli: %s\n", message);
  }
  return 2;
}

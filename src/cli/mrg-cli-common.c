/* mrg-cli-common.c: what the commands of muragat-cli share
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mrg-cli.h"

MrgProject *
mrg_cli_open (MrgCliGlobal      *global,
              MrgStoreOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  MrgProject *project;

  if (global->project_path == NULL)
    {
      mrg_cli_fail_message (_("no project given: use --project FILE"));
      return NULL;
    }

  project = mrg_project_open (global->project_path, flags, &error);
  /* A command that only reads still upgrades an older project, as opening it in the app would:
   * the upgrade is the one change it makes. */
  if (project == NULL && (flags & MRG_STORE_OPEN_READ_ONLY) != 0 &&
      g_error_matches (error, MRG_STORE_ERROR, MRG_STORE_ERROR_READ_ONLY))
    {
      g_clear_error (&error);
      project = mrg_project_open (global->project_path, flags & ~MRG_STORE_OPEN_READ_ONLY, &error);
    }
  if (project == NULL)
    mrg_cli_fail (error);
  return project;
}

MrgStore *
mrg_cli_open_project (MrgCliGlobal      *global,
                      MrgStoreOpenFlags  flags)
{
  g_autoptr(MrgProject) project = mrg_cli_open (global, flags);

  return project != NULL ? g_object_ref (mrg_project_get_store (project)) : NULL;
}

/* A failure is one line on stderr, whatever the message holds (a file name may hold a line
 * break): scripts read it line by line. */
static void
print_failure (const char *message)
{
  g_autoptr(GString) line = g_string_new ("muragat-cli: ");

  for (const char *p = message; *p != '\0'; p++)
    if (*p == '\n')
      g_string_append (line, "\\n");
    else if (*p == '\r')
      g_string_append (line, "\\r");
    else
      g_string_append_c (line, *p);
  g_string_append_c (line, '\n');
  g_printerr ("%s", line->str);
}

int
mrg_cli_fail (const GError *error)
{
  print_failure (error->message);
  return 1;
}

int
mrg_cli_fail_message (const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  print_failure (message);
  return 1;
}

int
mrg_cli_parse_command (const MrgCliHelp    *help,
                       const GOptionEntry  *entries,
                       int                 *argc,
                       char              ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (help->arguments);
  g_autoptr(GError) error = NULL;
  const char *command;

  g_option_context_set_summary (context, help->summary);
  if (help->description != NULL)
    g_option_context_set_description (context, help->description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* The usage line says "muragat-cli COMMAND [OPTION…]". */
  g_set_prgname ((*argv)[0]);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", (*argv)[0], error->message);
      return 2;
    }
  if (help->arguments != NULL && *argc < 2)
    return mrg_cli_fail_message ("%s", help->missing);
  if (help->arguments == NULL && *argc > 1)
    {
      /* argv[0] is "muragat-cli COMMAND". */
      command = strrchr ((*argv)[0], ' ');
      command = command != NULL ? command + 1 : (*argv)[0];
      /* Translators: the first %s is the command (not translated), e.g. "move" */
      return mrg_cli_fail_message (_("%s: unexpected argument “%s”"), command, (*argv)[1]);
    }
  return 0;
}

int
mrg_cli_read (MrgCliGlobal    *global,
              const char      *summary,
              int              argc,
              char           **argv,
              MrgCliReadFunc   reader)
{
  const MrgCliHelp help = { .summary = summary };
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  status = mrg_cli_parse_command (&help, NULL, &argc, &argv);
  if (status != 0)
    return status;
  store = mrg_cli_open_project (global, MRG_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return 1;
  if (!reader (store, &error))
    return mrg_cli_fail (error);
  return 0;
}

void
mrg_cli_keep_result (GObject      *source,
                     GAsyncResult *result,
                     gpointer      result_slot)
{
  GAsyncResult **slot = result_slot;

  *slot = g_object_ref (result);
}

typedef struct
{
  MrgProject *project;
  char *shown;     /* the line last printed */
} ProgressLine;

static void
progress_cb (GObject      *project,
             GParamSpec   *pspec,
             ProgressLine *line)
{
  const char *text = mrg_project_get_status_text (line->project);
  double fraction = mrg_project_get_progress (line->project);
  g_autofree char *shown = NULL;

  if (text == NULL)
    return;
  if (fraction >= 0)
    shown = g_strdup_printf ("%s (%u %%)", text, (guint) (fraction * 100));
  else
    shown = g_strdup (text);
  /* the progress and the text of one moment come as two notifications */
  if (g_strcmp0 (shown, line->shown) == 0)
    return;
  g_printerr ("\r\033[K%s", shown);
  g_free (line->shown);
  line->shown = g_steal_pointer (&shown);
}

void
mrg_cli_wait (MrgCliGlobal  *global,
              MrgProject    *project,
              gboolean       show_progress,
              GAsyncResult **result)
{
  ProgressLine line = { project, NULL };

  if (global->quiet || !isatty (STDERR_FILENO))
    show_progress = FALSE;
  if (show_progress)
    {
      g_signal_connect (project, "notify::progress", G_CALLBACK (progress_cb), &line);
      g_signal_connect (project, "notify::status-text", G_CALLBACK (progress_cb), &line);
    }
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (show_progress)
    g_signal_handlers_disconnect_by_data (project, &line);
  if (line.shown != NULL)
    g_printerr ("\n");
  g_free (line.shown);
}

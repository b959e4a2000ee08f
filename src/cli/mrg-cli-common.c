/* mrg-cli-common.c: what the commands of muragat-cli share
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "mrg-cli.h"

MrgStore *
mrg_cli_open_project (MrgCliGlobal      *global,
                      MrgStoreOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  MrgStore *store;

  if (global->project_path == NULL)
    {
      mrg_cli_fail_message (_("no project given: use --project FILE"));
      return NULL;
    }

  store = mrg_store_open (global->project_path, flags, &error);
  /* A command that only reads still upgrades an older project, as opening it in the app would:
   * the upgrade is the one change it makes. */
  if (store == NULL && (flags & MRG_STORE_OPEN_READ_ONLY) != 0 &&
      g_error_matches (error, MRG_STORE_ERROR, MRG_STORE_ERROR_READ_ONLY))
    {
      g_clear_error (&error);
      store = mrg_store_open (global->project_path, flags & ~MRG_STORE_OPEN_READ_ONLY, &error);
    }
  if (store == NULL)
    mrg_cli_fail (error);
  return store;
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

gboolean
mrg_cli_parse (GOptionContext   *context,
               int              *argc,
               char           ***argv)
{
  g_autoptr(GError) error = NULL;

  /* The usage line says "muragat-cli COMMAND [OPTION…]". */
  g_set_prgname ((*argv)[0]);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", (*argv)[0], error->message);
      return FALSE;
    }
  return TRUE;
}

void
mrg_cli_progress (MrgCliGlobal *global,
                  const char   *what,
                  guint         done,
                  guint         total)
{
  if (global->quiet || !isatty (STDERR_FILENO))
    return;

  if (total > 0)
    g_printerr ("\r\033[K%s %u/%u (%u %%)", what, done, total, done * 100 / total);
  else
    g_printerr ("\r\033[K%s %u", what, done);
  if (done == total)
    g_printerr ("\n");
}

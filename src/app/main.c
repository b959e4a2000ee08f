/* main.c: starts the Muragat window
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mrg-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(MrgApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* MURAGAT_LOCALEDIR lets an uninstalled build show its translations (build/po). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MURAGAT_LOCALEDIR") ? g_getenv ("MURAGAT_LOCALEDIR")
                                                                  : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = mrg_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

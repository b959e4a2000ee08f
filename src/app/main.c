/* main.c: starts the Muragat window
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-application.h"
#include "mrg-types.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(MrgApplication) app = NULL;

  mrg_core_init_locale ();

  app = mrg_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

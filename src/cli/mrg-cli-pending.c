/* mrg-cli-pending.c: commands whose core is still being written; each moves to its own file
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include "mrg-cli.h"

static int
pending (const char *name)
{
  return mrg_cli_fail_message ("%s: not available in this build yet", name);
}

int
mrg_cli_ocr (MrgCliGlobal *global, int argc, char **argv)
{
  return pending ("ocr");
}

int
mrg_cli_export (MrgCliGlobal *global, int argc, char **argv)
{
  return pending ("export");
}

int
mrg_cli_import (MrgCliGlobal *global, int argc, char **argv)
{
  return pending ("import");
}

int
mrg_cli_relink (MrgCliGlobal *global, int argc, char **argv)
{
  return pending ("relink");
}

int
mrg_cli_status (MrgCliGlobal *global, int argc, char **argv)
{
  return pending ("status");
}

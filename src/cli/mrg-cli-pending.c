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
mrg_cli_search (MrgCliGlobal *global, int argc, char **argv)
{
  return pending ("search");
}

int
mrg_cli_match (MrgCliGlobal *global, int argc, char **argv)
{
  return pending ("match");
}

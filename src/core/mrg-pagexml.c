/* mrg-pagexml.c: PAGE XML (2013 and 2019) import
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-pagexml"

#include "mrg-pagexml.h"
#include "mrg-store.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

gboolean
mrg_pagexml_sniff (const char *path)
{
  char head[4096];
  size_t n;
  FILE *file = g_fopen (path, "rb");

  if (file == NULL)
    return FALSE;
  n = fread (head, 1, sizeof head - 1, file);
  fclose (file);
  head[n] = '\0';
  return strstr (head, "<PcGts") != NULL;
}

gint64
mrg_pagexml_import (MrgStore    *store,
                    const char  *path,
                    GError     **error)
{
  g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_INVALID,
               "%s: PAGE XML import is not available in this build yet", path);
  return 0;
}

/* mrg-cli-search.c: muragat-cli search — find text in every cell, across alphabets
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mrg-cli.h"
#include "mrg-row-numbers.h"
#include "mrg-search.h"

/* One line per hit, tab-separated so that it can be cut and sorted: document, page, row,
 * column, text. The row is numbered as the grid's margin shows it. Tabs and line breaks inside
 * a cell's text are printed as spaces. */
static void
print_result (const MrgSearchResult *r,
              int                    row)
{
  g_autofree char *text = g_strdup (r->text);
  g_autofree char *column = r->column_name != NULL ? g_strdup (r->column_name)
                                                   : g_strdup_printf ("%d", r->column + 1);

  g_strdelimit (text, "\t\r\n", ' ');
  g_strdelimit (column, "\t\r\n", ' ');
  printf ("%s\t%d\t%d\t%s\t%s\n", r->document, r->page, row, column, text);
}

int
mrg_cli_search (MrgCliGlobal *global,
                int           argc,
                char        **argv)
{
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(MrgRowNumbers) numbers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  int limit = 100;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Print at most N hits (0: all; default 100)"),
      N_("N") },
    { NULL }
  };
  const MrgCliHelp help = {
    .arguments = _("QUERY…"),
    .summary = _("Print the cells whose text holds every word of QUERY, then those that spell "
                 "it another way (another alphabet, OCR errors). One line per hit: document, "
                 "page, row, column, text, separated by tabs."),
    .missing = _("search: no query given"),
  };
  int status;

  status = mrg_cli_parse_command (&help, entries, &argc, &argv);
  if (status != 0)
    return status;
  if (limit < 0)
    return mrg_cli_fail_message (_("search: --limit must be 0 or more"));

  query = g_strjoinv (" ", argv + 1);
  if (!g_utf8_validate (query, -1, NULL))
    return mrg_cli_fail_message (_("search: the query is not valid UTF-8"));

  store = mrg_cli_open_project (global, MRG_STORE_OPEN_READ_ONLY);
  if (store == NULL)
    return 1;
  results = mrg_search (store, query, (guint) limit, &error);
  if (results == NULL)
    return mrg_cli_fail (error);

  numbers = mrg_row_numbers_new (store);
  for (guint i = 0; i < results->len; i++)
    {
      MrgSearchResult *r = g_ptr_array_index (results, i);
      int row = mrg_row_numbers_get (numbers, r->page_id, r->row_id, &error);

      if (error != NULL)
        return mrg_cli_fail (error);
      print_result (r, row);
    }
  if (!global->quiet)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u hit\n", "%u hits\n", results->len),
                results->len);
  return 0;
}

/* mrg-cli-match.c: muragat-cli match — find the people of a list in the project or another list
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mrg-cli.h"
#include "mrg-match.h"
#include "mrg-row-numbers.h"
#include "mrg-store-tables.h"

/* Matching only reads the project (an older one is upgraded on the way). */
static MrgStore *
open_for_reading (MrgCliGlobal *global)
{
  if (global->project_path == NULL)
    {
      mrg_cli_fail_message (_("no project given: use --project FILE, or match against another "
                              "list with --against"));
      return NULL;
    }
  return mrg_cli_open_project (global, MRG_STORE_OPEN_READ_ONLY);
}

/* RFC 4180: a field is quoted when it holds a delimiter, a quote, a line break or spaces at its
 * ends; quotes inside are doubled. */
static void
append_field (GString    *out,
              const char *value,
              gboolean    last)
{
  gsize length = value != NULL ? strlen (value) : 0;

  if (value == NULL)
    value = "";
  if (strpbrk (value, ",\"\r\n") != NULL ||
      (length > 0 && (value[0] == ' ' || value[length - 1] == ' ')))
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
append_int (GString *out,
            gint64   value,
            gboolean last)
{
  char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  append_field (out, buffer, last);
}

static void
append_score (GString *out,
              double   score,
              gboolean last)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  append_field (out, g_ascii_formatd (buffer, sizeof buffer, "%.3f", score), last);
}

/* A project row's number as the grid's margin shows it (its place in its table, from 1), not
 * its stored index, which deleted and split rows leave gaps in. */
static gboolean
append_row_number (GString        *out,
                   MrgRowNumbers  *numbers,
                   gint64          page_id,
                   gint64          row_id,
                   gboolean        last,
                   GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  int number = mrg_row_numbers_get (numbers, page_id, row_id, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (number > 0)
    append_int (out, number, last);
  else
    append_field (out, "", last);
  return TRUE;
}

static gboolean
write_output (const char  *path,
              GString     *contents,
              GError     **error)
{
  if (g_strcmp0 (path, "-") == 0)
    {
      fwrite (contents->str, 1, contents->len, stdout);
      return fflush (stdout) == 0;
    }
  if (!g_file_set_contents (path, contents->str, contents->len, error))
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }
  return TRUE;
}

static int
run_duplicates (MrgCliGlobal *global,
                double        threshold,
                const char   *output)
{
  g_autoptr(MrgStore) store = open_for_reading (global);
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(MrgRowNumbers) numbers = NULL;
  guint n_pairs;

  if (store == NULL)
    return 1;
  numbers = mrg_row_numbers_new (store);
  pairs = mrg_match_find_duplicates (store, threshold, &rows, &error);
  if (pairs == NULL)
    return mrg_cli_fail (error);

  g_string_append (out, "score,document,page,row,name,other_document,other_page,other_row,"
                        "other_name,row_id,other_row_id\r\n");
  for (guint i = 0; i < pairs->len; i++)
    {
      MrgMatchDuplicate *pair = g_ptr_array_index (pairs, i);

      append_score (out, pair->score, FALSE);
      append_field (out, pair->a->document, FALSE);
      append_int (out, pair->a->page, FALSE);
      if (!append_row_number (out, numbers, 0, pair->a->row_id, FALSE, &error))
        return mrg_cli_fail (error);
      append_field (out, pair->a->name, FALSE);
      append_field (out, pair->b->document, FALSE);
      append_int (out, pair->b->page, FALSE);
      if (!append_row_number (out, numbers, 0, pair->b->row_id, FALSE, &error))
        return mrg_cli_fail (error);
      append_field (out, pair->b->name, FALSE);
      append_int (out, pair->a->row_id, FALSE);
      append_int (out, pair->b->row_id, TRUE);
    }
  n_pairs = pairs->len;
  /* the pairs point into rows: free them first */
  g_clear_pointer (&pairs, g_ptr_array_unref);
  if (!write_output (output, out, &error))
    return mrg_cli_fail (error);
  if (!global->quiet)
    g_printerr (_("%u rows, %u likely duplicates\n"), rows->len, n_pairs);
  return 0;
}

/* What people decided in the window about candidate pairs: the newest decision on each pair,
 * with the project row's provenance, so that a historian can publish the accepted links. */
static int
run_decisions (MrgCliGlobal *global,
               const char   *list,
               const char   *output)
{
  g_autoptr(MrgStore) store = open_for_reading (global);
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(MrgRowNumbers) numbers = NULL;

  if (store == NULL)
    return 1;
  numbers = mrg_row_numbers_new (store);
  decisions = mrg_match_get_decisions (store, list, &error);
  if (decisions == NULL)
    return mrg_cli_fail (error);
  g_string_append (out, "list_file,list_row,list_name,candidate_row,candidate_name,score,"
                        "decision,decided_by,decided_at,document,page,row\r\n");
  for (guint i = 0; i < decisions->len; i++)
    {
      MrgMatchDecision *d = g_ptr_array_index (decisions, i);
      g_autoptr(MrgStoreRowPlace) place = NULL;

      append_field (out, d->list_file, FALSE);
      append_int (out, d->list_row, FALSE);
      append_field (out, d->list_name, FALSE);
      append_int (out, d->row_id, FALSE);
      append_field (out, d->candidate_name, FALSE);
      append_score (out, d->score, FALSE);
      append_field (out, mrg_match_decision_kind_to_string (d->decision), FALSE);
      append_field (out, d->who, FALSE);
      append_field (out, d->at, FALSE);
      place = mrg_store_locate_row (store, d->row_id, &error);
      if (place == NULL && error != NULL)
        return mrg_cli_fail (error);
      if (place != NULL && !place->deleted)
        {
          append_field (out, place->page.path, FALSE);
          append_int (out, place->page.number, FALSE);
          if (!append_row_number (out, numbers, place->page.id, d->row_id, TRUE, &error))
            return mrg_cli_fail (error);
        }
      else
        {
          /* the row was deleted since the decision */
          append_field (out, "", FALSE);
          append_field (out, "", FALSE);
          append_field (out, "", TRUE);
        }
    }
  if (!write_output (output, out, &error))
    return mrg_cli_fail (error);
  if (!global->quiet)
    g_printerr (_("%u decisions\n"), decisions->len);
  return 0;
}

/* A list's names; what looks wrong in the file is said on stderr, and the match goes on. */
static GPtrArray *
read_list (const char  *path,
           char       **columns,
           GError     **error)
{
  g_autofree char *warning = NULL;
  GPtrArray *names;

  names = mrg_match_read_csv_column_full (path, (const char * const *) columns, &warning, error);
  if (warning != NULL)
    g_printerr (_("muragat-cli: warning: %s\n"), warning);
  return names;
}

int
mrg_cli_match (MrgCliGlobal *global,
               int           argc,
               char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *list = NULL;
  g_auto(GStrv) columns = NULL;
  g_autofree char *against = NULL;
  g_auto(GStrv) against_columns = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) project_rows = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(MrgRowNumbers) numbers = NULL;
  g_autoptr(MrgMatchIndex) index = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree MrgMatchHit *hits = NULL;
  g_autofree guint *n_hits = NULL;
  g_autofree const char **names = NULL;
  gboolean duplicates = FALSE;
  gboolean decisions = FALSE;
  double threshold = -1.0;
  int top = 5;
  int jobs = 0;
  const GOptionEntry entries[] = {
    { "list", 'l', 0, G_OPTION_ARG_FILENAME, &list, N_("The list of names to look up (CSV)"),
      N_("LIST.csv") },
    { "column", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &columns,
      N_("The list's column of names; give it twice for surname and given name in two columns"),
      N_("NAME") },
    { "against", 'a', 0, G_OPTION_ARG_FILENAME, &against,
      N_("Look the names up in this list (CSV) instead of the project"), N_("OTHER.csv") },
    { "against-column", 0, 0, G_OPTION_ARG_STRING_ARRAY, &against_columns,
      N_("The other list's column of names (may be given twice)"), N_("NAME") },
    { "top", 'k', 0, G_OPTION_ARG_INT, &top, N_("Candidates per name (default 5)"), N_("K") },
    { "min-score", 0, 0, G_OPTION_ARG_DOUBLE, &threshold,
      N_("Leave out candidates scoring less (0–1; default 0, or 0.9 with --duplicates)"),
      N_("SCORE") },
    { "duplicates", 0, 0, G_OPTION_ARG_NONE, &duplicates,
      N_("Find rows of the project, on different pages, that likely name the same person"), NULL },
    { "decisions", 0, 0, G_OPTION_ARG_NONE, &decisions,
      N_("Write the accepted and rejected pairs recorded in the window (with --list, only that "
         "list’s)"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Threads (default: one per processor)"),
      N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the pairs here (CSV; - for "
      "standard output)"), N_("OUT.csv") },
    { NULL }
  };
  const MrgCliHelp help = {
    .summary = _("For each name of LIST, the K most likely same people in the project (from its "
                 "name columns) or in OTHER, best first, with a score from 0 to 1. The output "
                 "has the columns list_row, list_name, rank, candidate_row, candidate_name, "
                 "score, document, page, row; rows count from 1 without the header; for project "
                 "candidates candidate_row is the row's id."),
  };
  int status;

  status = mrg_cli_parse_command (&help, entries, &argc, &argv);
  if (status != 0)
    return status;
  if (output == NULL)
    return mrg_cli_fail_message (_("match: no output file given: use -o OUT.csv"));
  if (top < 1 || top > 1000)
    return mrg_cli_fail_message (_("match: --top must be between 1 and 1000"));
  if (threshold > 1.0)
    return mrg_cli_fail_message (_("match: --min-score must be between 0 and 1"));

  if (decisions)
    return run_decisions (global, list, output);
  if (duplicates)
    return run_duplicates (global, threshold >= 0.0 ? threshold : 0.9, output);

  if (list == NULL)
    return mrg_cli_fail_message (_("match: no list given: use --list LIST.csv --column NAME"));
  if (columns == NULL)
    return mrg_cli_fail_message (_("%s: no column given: use --column NAME"), list);
  if (against != NULL && against_columns == NULL)
    return mrg_cli_fail_message (_("%s: no column given: use --against-column NAME"), against);

  queries = read_list (list, columns, &error);
  if (queries == NULL)
    return mrg_cli_fail (error);

  if (against != NULL)
    {
      candidates = read_list (against, against_columns, &error);
      if (candidates == NULL)
        return mrg_cli_fail (error);
    }
  else
    {
      store = open_for_reading (global);
      if (store == NULL)
        return 1;
      project_rows = mrg_match_load_project_rows (store, &error);
      if (project_rows == NULL)
        return mrg_cli_fail (error);
      numbers = mrg_row_numbers_new (store);
      candidates = g_ptr_array_new ();
      for (guint i = 0; i < project_rows->len; i++)
        g_ptr_array_add (candidates, ((MrgMatchRow *) g_ptr_array_index (project_rows, i))->name);
    }

  names = g_new0 (const char *, candidates->len + 1);
  for (guint i = 0; i < candidates->len; i++)
    names[i] = g_ptr_array_index (candidates, i);
  index = mrg_match_index_new (names, candidates->len);
  hits = g_new0 (MrgMatchHit, (gsize) MAX (queries->len, 1) * top);
  n_hits = g_new0 (guint, MAX (queries->len, 1));
  mrg_match_index_query_many (index, (const char * const *) queries->pdata, queries->len,
                              (guint) top, (guint) MAX (jobs, 0), hits, n_hits);

  out = g_string_new ("list_row,list_name,rank,candidate_row,candidate_name,score,document,page,"
                      "row\r\n");
  for (guint q = 0; q < queries->len; q++)
    {
      guint rank = 0;

      for (guint h = 0; h < n_hits[q]; h++)
        {
          const MrgMatchHit *hit = &hits[(gsize) q * top + h];

          if (hit->score < threshold)
            continue;
          append_int (out, q + 1, FALSE);
          append_field (out, g_ptr_array_index (queries, q), FALSE);
          append_int (out, ++rank, FALSE);
          if (project_rows != NULL)
            {
              MrgMatchRow *row = g_ptr_array_index (project_rows, hit->candidate);

              append_int (out, row->row_id, FALSE);
              append_field (out, row->name, FALSE);
              append_score (out, hit->score, FALSE);
              append_field (out, row->document, FALSE);
              append_int (out, row->page, FALSE);
              if (!append_row_number (out, numbers, 0, row->row_id, TRUE, &error))
                return mrg_cli_fail (error);
            }
          else
            {
              append_int (out, hit->candidate + 1, FALSE);
              append_field (out, g_ptr_array_index (candidates, hit->candidate), FALSE);
              append_score (out, hit->score, FALSE);
              append_field (out, "", FALSE);
              append_field (out, "", FALSE);
              append_field (out, "", TRUE);
            }
        }
    }

  if (!write_output (output, out, &error))
    return mrg_cli_fail (error);
  if (!global->quiet)
    g_printerr (_("%u names matched against %u candidates\n"), queries->len, candidates->len);
  return 0;
}

/* mrg-cli-match.c: muragat-cli match — find the people of a list in the project or another list
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mrg-cli.h"
#include "mrg-match.h"
#include "mrg-row-numbers.h"
#include "mrg-store-tables.h"

/* The command's options. */
typedef struct
{
  char *list;
  char **columns;
  char *against;
  char **against_columns;
  char *output;
  gboolean duplicates;
  gboolean decisions;
  double threshold;
  int top;
  int jobs;
} MatchOptions;

static void
match_options_clear (MatchOptions *options)
{
  g_free (options->list);
  g_strfreev (options->columns);
  g_free (options->against);
  g_strfreev (options->against_columns);
  g_free (options->output);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MatchOptions, match_options_clear)

/* The CSV being written, and the project its rows come from (none when a list is matched against
 * another list). */
typedef struct
{
  MrgStore *store;
  MrgRowNumbers *numbers;
  GString *out;
} Report;

static void
report_clear (Report *report)
{
  g_clear_object (&report->store);
  g_clear_pointer (&report->numbers, mrg_row_numbers_free);
  if (report->out != NULL)
    g_string_free (g_steal_pointer (&report->out), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Report, report_clear)

/* Starts the CSV with its header line and, unless `global` is NULL, opens the project, which
 * matching only reads (an older one is upgraded on the way); FALSE, after printing why, when it
 * cannot be opened. */
static gboolean
report_open (Report       *report,
             MrgCliGlobal *global,
             const char   *header)
{
  report->out = g_string_new (header);
  if (global == NULL)
    return TRUE;
  if (global->project_path == NULL)
    {
      mrg_cli_fail_message (_("no project given: use --project FILE, or match against another "
                              "list with --against"));
      return FALSE;
    }
  report->store = mrg_cli_open_project (global, MRG_STORE_OPEN_READ_ONLY);
  if (report->store == NULL)
    return FALSE;
  report->numbers = mrg_row_numbers_new (report->store);
  return TRUE;
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
append_row_number (Report   *report,
                   gint64    page_id,
                   gint64    row_id,
                   gboolean  last,
                   GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  int number = mrg_row_numbers_get (report->numbers, page_id, row_id, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (number > 0)
    append_int (report->out, number, last);
  else
    append_field (report->out, "", last);
  return TRUE;
}

/* Writes the CSV to `path` ("-": standard output) and, unless --quiet, the line `format` says on
 * stderr; the exit status. */
G_GNUC_PRINTF (4, 5) static int
report_write (Report       *report,
              MrgCliGlobal *global,
              const char   *path,
              const char   *format,
              ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  va_list args;

  if (g_strcmp0 (path, "-") == 0)
    {
      fwrite (report->out->str, 1, report->out->len, stdout);
      if (fflush (stdout) != 0)
        return mrg_cli_fail_message (_("standard output: %s"), g_strerror (errno));
    }
  else if (!g_file_set_contents (path, report->out->str, report->out->len, &error))
    return mrg_cli_fail_message ("%s: %s", path, error->message);
  if (!global->quiet)
    {
      va_start (args, format);
      summary = g_strdup_vprintf (format, args);
      va_end (args);
      g_printerr ("%s", summary);
    }
  return 0;
}

static int
run_duplicates (MrgCliGlobal       *global,
                const MatchOptions *options)
{
  g_auto(Report) report = { 0 };
  g_autoptr(GPtrArray) pairs = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pairs;

  if (!report_open (&report, global, "score,document,page,row,name,other_document,other_page,"
                                     "other_row,other_name,row_id,other_row_id\r\n"))
    return 1;
  pairs = mrg_match_find_duplicates (report.store,
                                     options->threshold >= 0.0 ? options->threshold : 0.9, &rows,
                                     &error);
  if (pairs == NULL)
    return mrg_cli_fail (error);
  for (guint i = 0; i < pairs->len; i++)
    {
      MrgMatchDuplicate *pair = g_ptr_array_index (pairs, i);

      append_score (report.out, pair->score, FALSE);
      append_field (report.out, pair->a->document, FALSE);
      append_int (report.out, pair->a->page, FALSE);
      if (!append_row_number (&report, 0, pair->a->row_id, FALSE, &error))
        return mrg_cli_fail (error);
      append_field (report.out, pair->a->name, FALSE);
      append_field (report.out, pair->b->document, FALSE);
      append_int (report.out, pair->b->page, FALSE);
      if (!append_row_number (&report, 0, pair->b->row_id, FALSE, &error))
        return mrg_cli_fail (error);
      append_field (report.out, pair->b->name, FALSE);
      append_int (report.out, pair->a->row_id, FALSE);
      append_int (report.out, pair->b->row_id, TRUE);
    }
  n_pairs = pairs->len;
  /* the pairs point into rows: free them first */
  g_clear_pointer (&pairs, g_ptr_array_unref);
  return report_write (&report, global, options->output,
                       ngettext ("%u rows, %u likely duplicate\n",
                                 "%u rows, %u likely duplicates\n", n_pairs),
                       rows->len, n_pairs);
}

/* What people decided in the window about candidate pairs: the newest decision on each pair,
 * with the project row's provenance, so that a historian can publish the accepted links. */
static int
run_decisions (MrgCliGlobal       *global,
               const MatchOptions *options)
{
  g_auto(Report) report = { 0 };
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GError) error = NULL;

  if (!report_open (&report, global, "list_file,list_row,list_name,candidate_row,candidate_name,"
                                     "score,decision,decided_by,decided_at,document,page,row\r\n"))
    return 1;
  decisions = mrg_match_get_decisions (report.store, options->list, &error);
  if (decisions == NULL)
    return mrg_cli_fail (error);
  for (guint i = 0; i < decisions->len; i++)
    {
      MrgMatchDecision *d = g_ptr_array_index (decisions, i);
      g_autoptr(MrgStoreRowPlace) place = NULL;

      append_field (report.out, d->list_file, FALSE);
      append_int (report.out, d->list_row, FALSE);
      append_field (report.out, d->list_name, FALSE);
      append_int (report.out, d->row_id, FALSE);
      append_field (report.out, d->candidate_name, FALSE);
      append_score (report.out, d->score, FALSE);
      append_field (report.out, mrg_match_decision_kind_to_string (d->decision), FALSE);
      append_field (report.out, d->who, FALSE);
      append_field (report.out, d->at, FALSE);
      place = mrg_store_locate_row (report.store, d->row_id, &error);
      if (place == NULL && error != NULL)
        return mrg_cli_fail (error);
      if (place != NULL && !place->deleted)
        {
          append_field (report.out, place->page.path, FALSE);
          append_int (report.out, place->page.number, FALSE);
          if (!append_row_number (&report, place->page.id, d->row_id, TRUE, &error))
            return mrg_cli_fail (error);
        }
      else
        {
          /* the row was deleted since the decision */
          append_field (report.out, "", FALSE);
          append_field (report.out, "", FALSE);
          append_field (report.out, "", TRUE);
        }
    }
  return report_write (&report, global, options->output,
                       ngettext ("%u decision\n", "%u decisions\n", decisions->len),
                       decisions->len);
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

/* For each name of the list, its best candidates in the project or in the other list. */
static int
run_match (MrgCliGlobal       *global,
           const MatchOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) project_rows = NULL;
  g_auto(Report) report = { 0 };
  g_autoptr(MrgMatchIndex) index = NULL;
  g_autofree MrgMatchHit *hits = NULL;
  g_autofree guint *n_hits = NULL;
  g_autofree const char **names = NULL;
  guint top = (guint) options->top;

  if (options->list == NULL)
    return mrg_cli_fail_message (_("match: no list given: use --list LIST.csv --column NAME"));
  if (options->columns == NULL)
    return mrg_cli_fail_message (_("%s: no column given: use --column NAME"), options->list);
  if (options->against != NULL && options->against_columns == NULL)
    return mrg_cli_fail_message (_("%s: no column given: use --against-column NAME"),
                                 options->against);

  queries = read_list (options->list, options->columns, &error);
  if (queries == NULL)
    return mrg_cli_fail (error);

  if (!report_open (&report, options->against != NULL ? NULL : global,
                    "list_row,list_name,rank,candidate_row,candidate_name,score,document,page,"
                    "row\r\n"))
    return 1;
  if (options->against != NULL)
    {
      candidates = read_list (options->against, options->against_columns, &error);
      if (candidates == NULL)
        return mrg_cli_fail (error);
    }
  else
    {
      project_rows = mrg_match_load_project_rows (report.store, &error);
      if (project_rows == NULL)
        return mrg_cli_fail (error);
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
                              top, (guint) MAX (options->jobs, 0), hits, n_hits);

  for (guint q = 0; q < queries->len; q++)
    {
      guint rank = 0;

      for (guint h = 0; h < n_hits[q]; h++)
        {
          const MrgMatchHit *hit = &hits[(gsize) q * top + h];

          if (hit->score < options->threshold)
            continue;
          append_int (report.out, q + 1, FALSE);
          append_field (report.out, g_ptr_array_index (queries, q), FALSE);
          append_int (report.out, ++rank, FALSE);
          if (project_rows != NULL)
            {
              MrgMatchRow *row = g_ptr_array_index (project_rows, hit->candidate);

              append_int (report.out, row->row_id, FALSE);
              append_field (report.out, row->name, FALSE);
              append_score (report.out, hit->score, FALSE);
              append_field (report.out, row->document, FALSE);
              append_int (report.out, row->page, FALSE);
              if (!append_row_number (&report, 0, row->row_id, TRUE, &error))
                return mrg_cli_fail (error);
            }
          else
            {
              append_int (report.out, hit->candidate + 1, FALSE);
              append_field (report.out, g_ptr_array_index (candidates, hit->candidate), FALSE);
              append_score (report.out, hit->score, FALSE);
              append_field (report.out, "", FALSE);
              append_field (report.out, "", FALSE);
              append_field (report.out, "", TRUE);
            }
        }
    }
  return report_write (&report, global, options->output,
                       ngettext ("%u names matched against %u candidate\n",
                                 "%u names matched against %u candidates\n", candidates->len),
                       queries->len, candidates->len);
}

int
mrg_cli_match (MrgCliGlobal *global,
               int           argc,
               char        **argv)
{
  g_auto(MatchOptions) options = { .threshold = -1.0, .top = 5 };
  const GOptionEntry entries[] = {
    { "list", 'l', 0, G_OPTION_ARG_FILENAME, &options.list,
      N_("The list of names to look up (CSV)"), N_("LIST.csv") },
    { "column", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &options.columns,
      N_("The list's column of names; give it twice for surname and given name in two columns"),
      N_("NAME") },
    { "against", 'a', 0, G_OPTION_ARG_FILENAME, &options.against,
      N_("Look the names up in this list (CSV) instead of the project"), N_("OTHER.csv") },
    { "against-column", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.against_columns,
      N_("The other list's column of names (may be given twice)"), N_("NAME") },
    { "top", 'k', 0, G_OPTION_ARG_INT, &options.top, N_("Candidates per name (default 5)"),
      N_("K") },
    { "min-score", 0, 0, G_OPTION_ARG_DOUBLE, &options.threshold,
      N_("Leave out candidates scoring less (0–1; default 0, or 0.9 with --duplicates)"),
      N_("SCORE") },
    { "duplicates", 0, 0, G_OPTION_ARG_NONE, &options.duplicates,
      N_("Find rows of the project, on different pages, that likely name the same person"), NULL },
    { "decisions", 0, 0, G_OPTION_ARG_NONE, &options.decisions,
      N_("Write the accepted and rejected pairs recorded in the window (with --list, only that "
         "list’s)"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &options.jobs, N_("Threads (default: one per processor)"),
      N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output, N_("Write the pairs here (CSV; - "
      "for standard output)"), N_("OUT.csv") },
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
  if (options.output == NULL)
    return mrg_cli_fail_message (_("match: no output file given: use -o OUT.csv"));
  if (options.top < 1 || options.top > 1000)
    return mrg_cli_fail_message (_("match: --top must be between 1 and 1000"));
  if (options.threshold > 1.0)
    return mrg_cli_fail_message (_("match: --min-score must be between 0 and 1"));

  if (options.decisions)
    return run_decisions (global, &options);
  if (options.duplicates)
    return run_duplicates (global, &options);
  return run_match (global, &options);
}

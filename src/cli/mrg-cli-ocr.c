/* mrg-cli-ocr.c: muragat-cli ocr
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-cli.h"
#include "mrg-ocr.h"
#include "mrg-pipeline.h"
#include "mrg-script.h"

/* "Read 3 pages in rus+kaz (chosen by script).": what a run did, as the window says it. */
static void
print_summary (MrgStore                 *store,
               const MrgPipelineOptions *options,
               const GArray             *ids)
{
  gboolean by_script = FALSE;
  guint n_tableless = 0, n_read;
  g_autofree char *languages = NULL;
  g_autofree char *tableless = mrg_pipeline_describe_tableless (store,
                                                                (const gint64 *) ids->data,
                                                                ids->len, &n_tableless);

  n_read = ids->len - n_tableless;
  if (options->grid_only && n_read > 0)
    g_print (ngettext ("Found the grid of %u page: type the text into its cells.\n",
                       "Found the grids of %u pages: type the text into their cells.\n",
                       n_read),
             n_read);
  else if (!options->grid_only)
    languages = mrg_pipeline_describe_read (store, options->lang, (const gint64 *) ids->data,
                                            ids->len, &by_script);
  if (languages != NULL && by_script)
    /* Translators: %s is the OCR languages, as "eng" or "rus+kaz (3 pages), eng (2 pages)";
     * no language was set, so the letters of each page chose them */
    g_print (ngettext ("Read %u page in %s (chosen by script).\n",
                       "Read %u pages in %s (chosen by script).\n", n_read),
             n_read, languages);
  else if (languages != NULL)
    /* Translators: %s is the OCR languages, as "eng" or "rus+kaz (3 pages), eng (2 pages)" */
    g_print (ngettext ("Read %u page in %s.\n", "Read %u pages in %s.\n", n_read),
             n_read, languages);
  if (tableless != NULL)
    /* Translators: %s is the pages, as "prose.png, list.pdf p. 3" */
    g_print (ngettext ("No table was found on %u page (%s): draw one in the window with Draw "
                       "Table.\n",
                       "No table was found on %u pages (%s): draw them in the window with Draw "
                       "Table.\n", n_tableless),
             n_tableless, tableless);
}

int
mrg_cli_ocr (MrgCliGlobal  *global,
             int            argc,
             char         **argv)
{
  g_autoptr(MrgProject) project = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  MrgStore *store;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) indices = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *lang = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *project_lang = NULL;
  const char *checked;
  int jobs = 0;
  gboolean grid_only = FALSE;
  MrgPipelineOptions options = { 0 };
  /* The defaults go in through %s: a macro inside a msgid is invisible to xgettext. */
  g_autofree char *lang_help
    = g_strdup_printf (_("Tesseract languages joined by + for pages whose layout or document names none (default: the project’s, else each page’s script chooses: %s for Cyrillic, %s for Latin)"),
                       MRG_OCR_DEFAULT_LANG, MRG_SCRIPT_LATIN_LANG);
  const GOptionEntry entries[] = {
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang, lang_help, N_("LANGS") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Worker threads (default: one per core)"),
      N_("N") },
    { "pages", 0, 0, G_OPTION_ARG_STRING, &pages,
      N_("Pages to read, like 1,3-5 (default: all)"), N_("LIST") },
    { "grid-only", 0, 0, G_OPTION_ARG_NONE, &grid_only,
      N_("Find the grid only: empty cells to type in, no text read (for handwriting)"), NULL },
    { NULL }
  };
  const MrgCliHelp help = {
    .summary = _("Find the table on each page and read every cell. A page that already has a "
                 "table keeps its grid, and cells a person edited are never read again."),
    .description = _("Pages are numbered 1, 2, … across the whole project: the documents in the "
                     "order they were imported, each document’s pages in order (as “status” and "
                     "the window list them)."),
  };
  int status;

  status = mrg_cli_parse_command (&help, entries, &argc, &argv);
  if (status != 0)
    return status;
  if (jobs < 0 || jobs > 256)
    return mrg_cli_fail_message (_("ocr: --jobs must be between 1 and 256, not %d"), jobs);

  project = mrg_cli_open (global, MRG_STORE_OPEN_DEFAULT);
  if (project == NULL)
    return 1;
  store = mrg_project_get_store (project);

  /* Without --lang the pipeline reads in the project's languages, else in each page's
   * script's (the Latin ones only where they are installed). */
  project_lang = mrg_store_get_meta (store, MRG_PIPELINE_META_LANG);
  checked = lang;
  if (checked == NULL)
    checked = project_lang != NULL && *project_lang != '\0' ? project_lang : MRG_OCR_DEFAULT_LANG;
  if (!grid_only && !mrg_ocr_check_languages (checked, &error))
    return mrg_cli_fail_message ("%s: %s", mrg_store_get_path (store), error->message);

  all = mrg_pipeline_list_pages (store, &error);
  if (all == NULL)
    return mrg_cli_fail (error);
  if (pages != NULL)
    {
      indices = mrg_pipeline_parse_pages (pages, all->len, &error);
      if (indices == NULL)
        return mrg_cli_fail_message ("%s: --pages: %s", mrg_store_get_path (store),
                                     error->message);
    }
  else
    {
      indices = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < all->len; i++)
        g_array_append_val (indices, i);
    }
  for (guint i = 0; i < indices->len; i++)
    g_array_append_val (ids, g_array_index (all, gint64, g_array_index (indices, guint, i)));

  options.lang = lang;
  options.jobs = (guint) jobs;
  options.grid_only = grid_only;
  mrg_project_ocr_async (project, (gint64 *) ids->data, ids->len, &options, NULL,
                         mrg_cli_keep_result, &done);
  mrg_cli_wait (global, project, TRUE, &done);
  if (!mrg_project_ocr_finish (project, done, &error))
    return mrg_cli_fail (error);
  if (!global->quiet)
    print_summary (store, &options, ids);
  return 0;
}

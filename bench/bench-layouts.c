/* bench-layouts.c: how many layouts OCR makes for documents of one list or form, and whether it
 * joins documents that are not
 *
 * Usage: bench-layouts [--corpus DIR] [--no-registers]
 *
 * Each set of scans is imported into a fresh project, one document a file, and read by the
 * pipeline with the default options (the script chooses the languages). The first table of a
 * document takes the layout of an earlier document when its header names the same columns, or
 * when it has no header row and holds what the document before holds (mrg-pipeline.c); the
 * rule before gave every document a layout of its own, which is the baseline. For each set:
 * documents, the printed forms among them (known), layouts made, documents joined to an earlier
 * one's layout, and wrong joins (tables of two forms in one layout), with seconds a page.
 *
 * Sets:
 *   synthetic         the 6 JPEGs, the TIFF and the PDF of synthetic-typed-ru: 8 documents, 1 form
 *   scaled 0.3        the 6 JPEGs scaled to 0.3 and back (not tuned on)
 *   without header    clean-00 and clean-01 with their title and header row whited out, after
 *                     page-00 (a list going on in the next files; not tuned on)
 *   lectaurep         the 4 register spreads: 1 printed form, headers printed in small capitals
 *   registers + list  the 8 abp-passau-tables pages (forms of several parishes and kinds) and
 *                     clean-01: every join there is counted as wrong unless both tables are ABP
 *                     pages of the same printed kind, which this bench does not know (reported
 *                     apart)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <leptonica/allheaders.h>
#include <string.h>

#include "bench-util.h"
#include "mrg-import.h"
#include "mrg-pipeline.h"
#include "mrg-store-layouts.h"
#include "mrg-store-testing.h"
#include "mrg-types.h"

#define DPI 300

typedef struct
{
  const char *name;
  GPtrArray *paths;   /* char *, one document each */
  GPtrArray *forms;   /* char *, the printed form of each document, as this bench knows it */
} Set;

static Set *
set_new (const char *name)
{
  Set *set = g_new0 (Set, 1);

  set->name = name;
  set->paths = g_ptr_array_new_with_free_func (g_free);
  set->forms = g_ptr_array_new_with_free_func (g_free);
  return set;
}

static void
set_free (Set *set)
{
  g_ptr_array_unref (set->paths);
  g_ptr_array_unref (set->forms);
  g_free (set);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Set, set_free)

static void
set_add (Set        *set,
         const char *path,
         const char *form)
{
  /* as the project records it */
  g_ptr_array_add (set->paths, g_canonicalize_filename (path, NULL));
  g_ptr_array_add (set->forms, g_strdup (form));
}

/* A copy of `scan` in `dir`: scaled by `factor` and back (0: as it is), with the rows above
 * `white_above` painted white (0: none). */
static char *
write_variant (const char *scan,
               const char *dir,
               const char *name,
               double      factor,
               int         white_above)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  PIX *pix = pixRead (scan);

  if (pix == NULL)
    return NULL;
  if (factor > 0)
    {
      PIX *small = pixScale (pix, factor, factor);
      PIX *back = pixScaleToSize (small, pixGetWidth (pix), pixGetHeight (pix));

      pixDestroy (&small);
      pixDestroy (&pix);
      pix = back;
    }
  if (white_above > 0)
    {
      BOX *box = boxCreate (0, 0, pixGetWidth (pix), white_above);

      pixSetInRectArbitrary (pix, box, pixGetDepth (pix) == 32 ? 0xffffff00 : 0xff);
      boxDestroy (&box);
    }
  pixWrite (path, pix, IFF_PNG);
  pixDestroy (&pix);
  return g_steal_pointer (&path);
}

static gint64
query_int (MrgStore   *store,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = mrg_store_prepare (store, sql, NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

/* Reads the set in a fresh project and prints its line. */
static void
run_set (const Set *set)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-layouts-XXXXXX", &error);
  g_autofree char *project = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GHashTable) form_of_layout = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                                g_free, g_free);
  g_autoptr(GHashTable) forms = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MrgImportResult imported;
  guint joined = 0, wrong = 0, n_layouts;
  gint64 start;
  double seconds;

  g_ptr_array_add (set->paths, NULL);
  project = g_build_filename (dir, "bench.muragat", NULL);
  store = mrg_store_open (project, MRG_STORE_OPEN_CREATE, &error);
  if (store == NULL ||
      !mrg_import_files (store, (const char * const *) set->paths->pdata, DPI, NULL, &imported,
                         &error) ||
      (pages = mrg_pipeline_list_pages (store, &error)) == NULL)
    {
      g_printerr ("bench-layouts: %s: %s\n", set->name, error->message);
      g_ptr_array_remove_index (set->paths, set->paths->len - 1);
      return;
    }
  g_ptr_array_remove_index (set->paths, set->paths->len - 1);
  start = g_get_monotonic_time ();
  if (!mrg_pipeline_run (store, (gint64 *) pages->data, pages->len, NULL, NULL, NULL, &error))
    g_printerr ("bench-layouts: %s: %s (counted as read so far)\n", set->name, error->message);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  /* each document's first table and its layout, in the project's order */
  stmt = mrg_store_prepare (store,
                            "SELECT d.path, t.layout_id FROM documents d"
                            " JOIN pages p ON p.document_id = d.id AND p.number ="
                            "  (SELECT min(number) FROM pages WHERE document_id = d.id)"
                            " JOIN tables t ON t.page_id = p.id AND t.idx = 0"
                            " ORDER BY d.position, d.id", &error);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *path = (const char *) sqlite3_column_text (stmt, 0);
      gint64 layout = sqlite3_column_int64 (stmt, 1);
      const char *form = NULL;
      const char *known;

      for (guint i = 0; i < set->paths->len; i++)
        if (g_str_equal (g_ptr_array_index (set->paths, i), path))
          form = g_ptr_array_index (set->forms, i);
      if (form == NULL)
        continue;
      g_hash_table_add (forms, (gpointer) form);
      known = g_hash_table_lookup (form_of_layout, &layout);
      if (known == NULL)
        {
          g_hash_table_insert (form_of_layout, g_memdup2 (&layout, sizeof layout),
                               g_strdup (form));
          continue;
        }
      joined++;
      if (!g_str_equal (known, form))
        wrong++;
    }
  n_layouts = (guint) query_int (store, "SELECT count(DISTINCT layout_id) FROM tables");
  g_print ("%-17s %9u %6u %8u %9u %7u %8.2f   %8u\n", set->name, set->paths->len,
           g_hash_table_size (forms), n_layouts, joined, wrong,
           seconds / MAX (pages->len, 1), set->paths->len);
  g_clear_object (&store);
  mrg_remove_dir_of_files (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *corpus_option = NULL;
  g_autofree char *corpus = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  gboolean no_registers = FALSE;
  const GOptionEntry entries[] = {
    { "corpus", 0, 0, G_OPTION_ARG_FILENAME, &corpus_option, "The corpus folder", "DIR" },
    { "no-registers", 0, 0, G_OPTION_ARG_NONE, &no_registers,
      "Leave out the register sets (a few minutes of OCR)", NULL },
    { NULL }
  };
  const char *jpegs[] = { "page-00", "page-01", "page-02", "page-03", "clean-00", "clean-01" };
  const char *abp[] = {
    "M_Dommelstadl_002-02_0028", "M_Passau_StPaul_014_0127", "RT_Lalling_014_0133",
    "S_Auerbach_011_0031", "S_Passau_Innstadt_019_0166", "S_Uttlau_028_0033",
    "T_Kastl_004_0064", "T_Seebach_006-01_0011",
  };
  const char *spreads[] = {
    "FRAN_0187_49914_L", "FRAN_0187_50115_L", "FRAN_0187_50318_L", "FRAN_0187_50521_L",
  };
  g_autoptr(Set) synthetic = set_new ("synthetic");
  g_autoptr(Set) scaled = set_new ("scaled 0.3");
  g_autoptr(Set) headless = set_new ("without header");
  g_autoptr(Set) lectaurep = set_new ("lectaurep");
  g_autoptr(Set) mixed = set_new ("registers + list");

  if (!bench_parse_options ("— layouts OCR makes for documents of one form", entries, &argc,
                            &argv))
    return 2;
  mrg_core_init ();
  corpus = bench_corpus_dir (corpus_option);
  tmp = g_dir_make_tmp ("bench-layouts-pages-XXXXXX", &error);
  if (tmp == NULL)
    {
      g_printerr ("bench-layouts: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (jpegs); i++)
    {
      g_autofree char *name = g_strconcat (jpegs[i], ".jpg", NULL);
      g_autofree char *scan = g_build_filename (corpus, "synthetic-typed-ru", name, NULL);
      g_autofree char *png = g_strconcat (jpegs[i], "-scaled.png", NULL);
      g_autofree char *variant = write_variant (scan, tmp, png, 0.3, 0);

      set_add (synthetic, scan, "list");
      if (variant != NULL)
        set_add (scaled, variant, "list");
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strconcat ("scan-pages-0", i == 0 ? "2-03.tif" : "0-01.pdf", NULL);
      g_autofree char *scan = g_build_filename (corpus, "synthetic-typed-ru", name, NULL);

      set_add (synthetic, scan, "list");
    }
  {
    g_autofree char *first = g_build_filename (corpus, "synthetic-typed-ru", "page-00.jpg", NULL);

    set_add (headless, first, "list");
    for (guint i = 0; i < 2; i++)
      {
        g_autofree char *name = g_strdup_printf ("clean-0%u.jpg", i);
        g_autofree char *scan = g_build_filename (corpus, "synthetic-typed-ru", name, NULL);
        g_autofree char *png = g_strdup_printf ("clean-0%u-headless.png", i);
        /* the header row ends at y 406 in both (clean-0N.json); its bottom rule stays */
        g_autofree char *variant = write_variant (scan, tmp, png, 0, 404);

        if (variant != NULL)
          set_add (headless, variant, "list");
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (spreads); i++)
    {
      g_autofree char *name = g_strconcat (spreads[i], ".jpg", NULL);
      g_autofree char *scan = g_build_filename (corpus, "lectaurep-mariages-divorces", name, NULL);

      set_add (lectaurep, scan, "lectaurep");
    }
  for (guint i = 0; i < G_N_ELEMENTS (abp); i++)
    {
      g_autofree char *name = g_strconcat (abp[i], ".jpg", NULL);
      g_autofree char *scan = g_build_filename (corpus, "abp-passau-tables", name, NULL);

      /* each its own, as far as this bench knows: a join between two is counted as wrong */
      set_add (mixed, scan, abp[i]);
    }
  {
    g_autofree char *scan = g_build_filename (corpus, "synthetic-typed-ru", "clean-01.jpg", NULL);

    set_add (mixed, scan, "list");
  }

  g_print ("set               documents  forms  layouts  joined    wrong  s/page   baseline: "
           "layouts (one a document)\n");
  run_set (synthetic);
  run_set (scaled);
  run_set (headless);
  if (!no_registers)
    {
      run_set (lectaurep);
      run_set (mixed);
    }
  mrg_remove_dir_of_files (tmp);
  return 0;
}

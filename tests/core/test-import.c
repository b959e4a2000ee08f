/* test-import.c: importing every scan format of the corpus, and refusing bad files
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-import"

#include <glib/gstdio.h>
#include <string.h>

#include "mrg-document.h"
#include "mrg-import.h"
#include "mrg-store.h"
#include "mrg-test-util.h"
#include "mrg-store-testing.h"

#define query_int(store, sql) mrg_test_query_int (mrg_store_get_db (store), (sql))
#define query_text(store, sql) mrg_test_query_text (mrg_store_get_db (store), (sql))

#define SYNTHETIC "synthetic-typed-ru"

static MrgStore *
new_project (char **out_path)
{
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "p.muragat", NULL);
  MrgStore *store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  if (out_path != NULL)
    *out_path = path;
  else
    g_free (path);
  return store;
}

static void
test_corpus_formats (void)
{
  g_autofree char *pdf = mrg_test_corpus_file (SYNTHETIC, "scan-pages-00-01.pdf");
  g_autofree char *tif = mrg_test_corpus_file (SYNTHETIC, "scan-pages-02-03.tif");
  g_autofree char *jpg = mrg_test_corpus_file (SYNTHETIC, "clean-00.jpg");
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  MrgImportResult result = { 0 };

  if (pdf == NULL || tif == NULL || jpg == NULL)
    return;

  store = new_project (NULL);
  g_assert_true (mrg_import_files (store, (const char *[]) { pdf, tif, jpg, NULL }, 300, NULL,
                                   &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.documents_added, ==, 3);
  g_assert_cmpint (result.pages_added, ==, 5);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pages WHERE width = 2480 AND "
                                     "height = 3508 AND dpi = 300"), ==, 5);
  g_assert_cmpint (query_int (store, "SELECT page_count FROM documents WHERE kind = 'pdf'"), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT page_count FROM documents WHERE kind = 'tiff'"), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM documents WHERE length (sha256) = 64"),
                   ==, 3);
  /* A scan has no text layer. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM page_words"), ==, 0);

  /* The same files again add nothing. */
  g_assert_true (mrg_import_files (store, (const char *[]) { jpg, tif, pdf, NULL }, 300, NULL,
                                   &result, &error));
  g_assert_cmpint (result.documents_added, ==, 0);
  g_assert_cmpint (result.already_present, ==, 3);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pages"), ==, 5);
}

static void
test_noisy_pages (void)
{
  g_autoptr(MrgStore) store = new_project (NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  MrgImportResult result = { 0 };

  for (int i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("page-%02d.jpg", i);
      char *path = mrg_test_corpus_file (SYNTHETIC, name);

      if (path == NULL)
        return;
      g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);

  g_assert_true (mrg_import_files (store, (const char **) paths->pdata, 300, NULL,
                                   &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.pages_added, ==, 4);
}

static void
test_load_pages (void)
{
  g_autofree char *pdf = mrg_test_corpus_file (SYNTHETIC, "scan-pages-00-01.pdf");
  g_autofree char *tif = mrg_test_corpus_file (SYNTHETIC, "scan-pages-02-03.tif");
  g_autoptr(GError) error = NULL;
  g_autoptr(PIX) page2 = NULL;
  g_autoptr(PIX) rendered = NULL;
  l_float32 dark = 0;

  if (pdf == NULL || tif == NULL)
    return;

  page2 = mrg_document_load_page (tif, MRG_DOCUMENT_KIND_TIFF, 2, 300, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pixGetWidth (page2), ==, 2480);
  g_assert_cmpint (pixGetHeight (page2), ==, 3508);
  g_assert_cmpint (pixGetDepth (page2), ==, 1);

  rendered = mrg_document_load_page (pdf, MRG_DOCUMENT_KIND_PDF, 2, 300, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pixGetWidth (rendered), ==, 2480);
  g_assert_cmpint (pixGetHeight (rendered), ==, 3508);
  /* poppler really drew the scan: a table page has ink, but is mostly paper. */
  {
    g_autoptr(PIX) grey = pixConvertRGBToLuminance (rendered);
    g_autoptr(PIX) binary = pixThresholdToBinary (grey, 128);

    pixForegroundFraction (binary, &dark);
  }
  g_assert_cmpfloat (dark, >, 0.01);
  g_assert_cmpfloat (dark, <, 0.5);

  g_assert_null (mrg_document_load_page (tif, MRG_DOCUMENT_KIND_TIFF, 3, 300, &error));
  g_assert_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED);
}

static void
test_text_layer (void)
{
  g_autofree char *pdf = mrg_test_corpus_file ("tabula-java-pdf-csv", "schools.pdf");
  g_autoptr(MrgStore) store = new_project (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  MrgImportResult result = { 0 };
  int width, height;

  if (pdf == NULL)
    return;
  g_assert_true (mrg_import_files (store, (const char *[]) { pdf, NULL }, 300, NULL,
                                   &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM page_words"), >, 100);

  /* A word of the expected table is there, inside its page. */
  width = query_int (store, "SELECT width FROM pages WHERE number = 1");
  height = query_int (store, "SELECT height FROM pages WHERE number = 1");
  g_assert_cmpint (width, >, height); /* landscape */
  g_assert_cmpint (sqlite3_prepare_v2 (mrg_store_get_db (store),
                                       "SELECT w.x1, w.y1, w.x2, w.y2 FROM page_words w"
                                       " JOIN pages p ON p.id = w.page_id"
                                       " WHERE p.number = 1 AND w.text = 'Lidstad'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, 0);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), <, sqlite3_column_int (stmt, 2));
  g_assert_cmpint (sqlite3_column_int (stmt, 1), <, sqlite3_column_int (stmt, 3));
  g_assert_cmpint (sqlite3_column_int (stmt, 2), <=, width);
  g_assert_cmpint (sqlite3_column_int (stmt, 3), <=, height);
  /* Word height at 300 dpi for 6–12 pt text. */
  g_assert_cmpint (sqlite3_column_int (stmt, 3) - sqlite3_column_int (stmt, 1), >, 15);
  g_assert_cmpint (sqlite3_column_int (stmt, 3) - sqlite3_column_int (stmt, 1), <, 80);
}

/* Text of two cells with no space between them in the PDF stays two words. */
static void
test_text_layer_cells (void)
{
  g_autofree char *pdf = mrg_test_corpus_file ("tabula-java-pdf-csv", "spanning_cells.pdf");
  g_autoptr(MrgStore) store = new_project (NULL);
  g_autoptr(GError) error = NULL;

  if (pdf == NULL)
    return;
  g_assert_true (mrg_import_files (store, (const char *[]) { pdf, NULL }, 300, NULL,
                                   NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM page_words WHERE text = '1,677'"), >, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM page_words WHERE text LIKE '%1,6772011%'"),
                   ==, 0);
  /* no word is taller than two lines of its page */
  g_assert_cmpint (query_int (store, "SELECT max (y2 - y1) < 2 * avg (y2 - y1) FROM page_words"),
                   ==, 1);
}

static void
test_relink (void)
{
  g_autofree char *jpg = mrg_test_corpus_file (SYNTHETIC, "clean-01.jpg");
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *first = g_build_filename (dir, "list.jpg", NULL);
  g_autofree char *moved_dir = g_build_filename (dir, "moved", NULL);
  g_autofree char *moved = g_build_filename (moved_dir, "list-renamed.jpg", NULL);
  g_autofree char *again = g_build_filename (dir, "again.jpg", NULL);
  g_autofree char *path = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  MrgImportResult result = { 0 };
  int relinked = 0;

  if (jpg == NULL)
    return;
  mrg_test_copy_prefix (jpg, first, -1);
  store = new_project (NULL);
  g_assert_true (mrg_import_files (store, (const char *[]) { first, NULL }, 300, NULL,
                                   &result, &error));
  g_assert_no_error (error);

  /* The scan moves: relink finds it in a folder by its content. */
  g_mkdir (moved_dir, 0755);
  g_assert_cmpint (g_rename (first, moved), ==, 0);
  g_assert_true (mrg_import_relink (store, (const char *[]) { dir, NULL }, NULL, &relinked,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpint (relinked, ==, 1);
  path = g_strdup ((const char *) NULL);
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    sqlite3_prepare_v2 (mrg_store_get_db (store), "SELECT path FROM documents", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, moved);
  }

  /* It moves again, and importing it from there relinks instead of duplicating. */
  g_assert_cmpint (g_rename (moved, again), ==, 0);
  g_assert_true (mrg_import_files (store, (const char *[]) { again, NULL }, 300, NULL,
                                   &result, &error));
  g_assert_cmpint (result.documents_added, ==, 0);
  g_assert_cmpint (result.relinked, ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM documents"), ==, 1);
}

/* A PNG whose header claims width × height, with a valid CRC so that readers believe it. */
static void
write_png_header (const char *path,
                  guint32     width,
                  guint32     height)
{
  guchar png[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guchar *ihdr = png + 8;
  guint32 crc = 0xffffffff;
  g_autoptr(GError) error = NULL;

  ihdr[3] = 13;
  memcpy (ihdr + 4, "IHDR", 4);
  for (int i = 0; i < 4; i++)
    {
      ihdr[8 + i] = (width >> (24 - 8 * i)) & 0xff;
      ihdr[12 + i] = (height >> (24 - 8 * i)) & 0xff;
    }
  ihdr[16] = 8; /* bit depth */
  ihdr[17] = 2; /* RGB */
  for (int i = 4; i < 21; i++)
    {
      crc ^= ihdr[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  crc ^= 0xffffffff;
  for (int i = 0; i < 4; i++)
    ihdr[21 + i] = (crc >> (24 - 8 * i)) & 0xff;
  memcpy (png + 33, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
  g_file_set_contents (path, (const char *) png, sizeof png, &error);
  g_assert_no_error (error);
}

typedef struct
{
  const char *name;
  int code;
  const char *says;
} BadInput;

static void
test_bad_inputs (void)
{
  g_autofree char *jpg = mrg_test_corpus_file (SYNTHETIC, "clean-00.jpg");
  g_autofree char *tif = mrg_test_corpus_file (SYNTHETIC, "scan-pages-02-03.tif");
  g_autofree char *pdf = mrg_test_corpus_file (SYNTHETIC, "scan-pages-00-01.pdf");
  g_autofree char *encrypted = mrg_test_data_file ("encrypted.pdf");
  g_autofree char *dir = mrg_test_make_tmpdir ();
  g_autofree char *project = NULL;
  g_autofree char *before = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const BadInput cases[] = {
    { "missing.png", MRG_DOCUMENT_ERROR_NOT_FOUND, "no such file" },
    { "empty.jpg", MRG_DOCUMENT_ERROR_EMPTY, "empty" },
    { "truncated.jpg", MRG_DOCUMENT_ERROR_DAMAGED, "truncated" },
    { "truncated.tif", MRG_DOCUMENT_ERROR_DAMAGED, "damaged" },
    { "truncated.pdf", MRG_DOCUMENT_ERROR_DAMAGED, "truncated" },
    { "notes.pdf", MRG_DOCUMENT_ERROR_UNSUPPORTED, "not a PDF" },
    { "encrypted.pdf", MRG_DOCUMENT_ERROR_ENCRYPTED, "password" },
    { "huge.png", MRG_DOCUMENT_ERROR_TOO_LARGE, "60000×60000" },
  };

  if (jpg == NULL || tif == NULL || pdf == NULL || encrypted == NULL)
    return;

  {
    g_autofree char *p = NULL;

#define IN_DIR(name) (g_free (p), p = g_build_filename (dir, name, NULL))
    g_file_set_contents (IN_DIR ("empty.jpg"), "", 0, NULL);
    mrg_test_copy_prefix (jpg, IN_DIR ("truncated.jpg"), 200000);
    mrg_test_copy_prefix (tif, IN_DIR ("truncated.tif"), 40000);
    mrg_test_copy_prefix (pdf, IN_DIR ("truncated.pdf"), 1000000);
    g_file_set_contents (IN_DIR ("notes.pdf"), "Список 5-й группы казахов\n", -1, NULL);
    mrg_test_copy_prefix (encrypted, IN_DIR ("encrypted.pdf"), -1);
    write_png_header (IN_DIR ("huge.png"), 60000, 60000);
#undef IN_DIR
  }

  /* A project with one good scan in it, which must stay as it is. */
  store = new_project (&project);
  g_assert_true (mrg_import_files (store, (const char *[]) { jpg, NULL }, 300, NULL, NULL,
                                   &error));
  g_assert_no_error (error);
  before = mrg_test_dump_project (project);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bad = g_build_filename (dir, cases[i].name, NULL);

      g_test_message ("bad input %s", cases[i].name);
      /* Good files beside the bad one are not imported either: all or nothing. */
      g_assert_false (mrg_import_files (store, (const char *[]) { tif, bad, NULL }, 300, NULL, NULL,
                                        &error));
      g_assert_error (error, MRG_DOCUMENT_ERROR, (int) cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, bad));
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_null (strchr (error->message, '\n'));
      g_clear_error (&error);

      mrg_test_assert_project_unchanged (project, before);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/corpus/formats", test_corpus_formats);
  g_test_add_func ("/import/corpus/noisy-jpeg", test_noisy_pages);
  g_test_add_func ("/import/load-page", test_load_pages);
  g_test_add_func ("/import/pdf/text-layer", test_text_layer);
  g_test_add_func ("/import/pdf/text-layer-cells", test_text_layer_cells);
  g_test_add_func ("/import/relink", test_relink);
  g_test_add_func ("/import/bad-input", test_bad_inputs);

  return g_test_run ();
}

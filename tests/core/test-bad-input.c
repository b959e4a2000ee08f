/* test-bad-input.c: hostile and odd input to the core: PAGE XML bombs, a lying image header, a
 * damaged PNG, file names that are not UTF-8, a CSV quote never closed
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-bad-input"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <leptonica/allheaders.h>
#include <string.h>

#include "mrg-document.h"
#include "mrg-export.h"
#include "mrg-import.h"
#include "mrg-match.h"
#include "mrg-pagexml.h"
#include "mrg-store.h"
#include "mrg-test-util.h"
#include "mrg-store-testing.h"

#define PAGE_W 200
#define PAGE_H 100

static char *tmp_root;

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_root, name, NULL);
}

static guint32
crc32_of (const guchar *data,
          gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
    }
  return ~crc;
}

static void
put_be32 (GByteArray *bytes,
          guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (bytes, b, 4);
}

static void
put_chunk (GByteArray   *bytes,
           const char   *type,
           const guint8 *data,
           guint32       len)
{
  guint start;

  put_be32 (bytes, len);
  start = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (bytes, data, len);
  put_be32 (bytes, crc32_of (bytes->data + start, len + 4));
}

/* A small PNG whose header claims width × height pixels (its data is a few bytes). */
static void
write_lying_png (const char *path,
                 guint32     width,
                 guint32     height)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 ihdr[13] = { width >> 24, width >> 16, width >> 8, width,
                      height >> 24, height >> 16, height >> 8, height, 8, 0, 0, 0, 0 };
  static const guint8 idat[] = { 0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };

  g_byte_array_append (bytes, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  put_chunk (bytes, "IHDR", ihdr, sizeof ihdr);
  put_chunk (bytes, "IDAT", idat, sizeof idat);
  put_chunk (bytes, "IEND", NULL, 0);
  g_assert_true (g_file_set_contents (path, (const char *) bytes->data, bytes->len, NULL));
}

/* A Transkribus-style PAGE file naming image; cells is the TableCells' XML. */
static char *
write_page (const char *name,
            const char *doctype,
            const char *prologue,
            const char *image,
            int         width,
            int         height,
            const char *cells)
{
  char *path = tmp_file (name);
  g_autofree char *xml = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n%s%s"
    "<PcGts xmlns=\"" MRG_PAGEXML_NS_2013 "\">\n"
    " <Page imageFilename=\"%s\" imageWidth=\"%d\" imageHeight=\"%d\">\n"
    "  <TableRegion id=\"t\"><Coords points=\"0,0 %d,0 %d,%d 0,%d\"/>\n%s"
    "  </TableRegion>\n </Page>\n</PcGts>\n",
    doctype != NULL ? doctype : "", prologue != NULL ? prologue : "", image, width, height,
    width, width, height, height, cells);

  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
  return path;
}

static char *
cell_xml (int         row,
          int         col,
          const char *text)
{
  return g_strdup_printf ("   <TableCell id=\"c%d_%d\" row=\"%d\" col=\"%d\">"
                          "<Coords points=\"0,0 10,0 10,10 0,10\"/>"
                          "<TextEquiv conf=\"0.875\"><Unicode>%s</Unicode></TextEquiv>"
                          "</TableCell>\n", row, col, row, col, text);
}

static MrgStore *
new_project (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_file (name);
  MrgStore *store;

  g_unlink (path);
  store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  return store;
}

static int
count (MrgStore   *store,
       const char *sql)
{
  return mrg_test_query_int (mrg_store_get_db (store), sql);
}

static void
assert_refused (MrgStore   *store,
                const char *page,
                GQuark      domain,
                int         code,
                const char *mentions)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mrg_test_import_pagexml (store, page, &error), ==, 0);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
  if (strstr (error->message, mentions) == NULL)
    g_error ("expected “%s” in: %s", mentions, error->message);
  g_assert_cmpint (count (store, "SELECT count(*) FROM documents"), ==, 0);
  g_assert_cmpint (count (store, "SELECT count(*) FROM cells"), ==, 0);
}

/* One 3 KB entity referenced 100,000 times: refused at once, not a cell of 300 million
 * characters. */
static void
test_pagexml_entities (void)
{
  g_autofree char *image = tmp_file ("entities.png");
  g_autofree char *big = g_strnfill (3000, 'A');
  g_autofree char *doctype = g_strdup_printf ("<!DOCTYPE PcGts [<!ENTITY a \"%s\">]>\n", big);
  g_autoptr(GString) refs = g_string_new (NULL);
  g_autofree char *cell = NULL;
  g_autofree char *page = NULL;
  g_autoptr(MrgStore) store = new_project ("entities.muragat");
  gint64 start;

  mrg_test_write_noise_png (image, PAGE_W, PAGE_H);
  for (int i = 0; i < 100000; i++)
    g_string_append (refs, "&a;");
  cell = cell_xml (0, 0, refs->str);
  page = write_page ("entities.xml", doctype, NULL, "entities.png", PAGE_W, PAGE_H, cell);

  start = g_get_monotonic_time ();
  assert_refused (store, page, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_INVALID, "entities");
  /* seconds, not the 20 s and gigabytes of expanding it (generous for ASan and valgrind) */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
}

/* A 697-byte file with one cell at row 10000, column 1000 must not make 10 million cells. */
static void
test_pagexml_huge_index (void)
{
  g_autofree char *image = tmp_file ("index.png");
  g_autoptr(MrgStore) store = new_project ("index.muragat");
  const int cases[][2] = { { 10000, 1000 }, { MRG_PAGEXML_MAX_ROWS, 0 },
                           { 0, MRG_PAGEXML_MAX_COLUMNS }, { 5, G_MAXINT } };

  mrg_test_write_noise_png (image, PAGE_W, PAGE_H);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *cell = cell_xml (cases[i][0], cases[i][1], "x");
      g_autofree char *page = write_page ("index.xml", NULL, NULL, "index.png", PAGE_W, PAGE_H,
                                          cell);

      assert_refused (store, page, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_TOO_LARGE, "limit");
    }

  /* the last row and column allowed are imported */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *cell = cell_xml (3, MRG_PAGEXML_MAX_COLUMNS - 1, "x");
    g_autofree char *page = write_page ("index.xml", NULL, NULL, "index.png", PAGE_W, PAGE_H,
                                        cell);

    g_assert_cmpint (mrg_test_import_pagexml (store, page, &error), !=, 0);
    g_assert_no_error (error);
    g_assert_cmpint (count (store, "SELECT count(*) FROM cells"), ==, 4 * MRG_PAGEXML_MAX_COLUMNS);
  }
}

/* A cell's text is capped: a longer one is refused, naming the line and the limit. */
static void
test_pagexml_long_cell (void)
{
  g_autofree char *image = tmp_file ("long.png");
  g_autoptr(MrgStore) store = new_project ("long.muragat");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *cell = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = g_strdup_printf ("%d", MRG_PAGEXML_MAX_CELL_TEXT);

  mrg_test_write_noise_png (image, PAGE_W, PAGE_H);
  for (int i = 0; i < MRG_PAGEXML_MAX_CELL_TEXT + 1; i++)
    g_string_append (text, "я");
  cell = cell_xml (0, 0, text->str);
  page = write_page ("long.xml", NULL, NULL, "long.png", PAGE_W, PAGE_H, cell);
  assert_refused (store, page, MRG_PAGEXML_ERROR, MRG_PAGEXML_ERROR_TOO_LARGE, limit);

  /* exactly the limit is imported whole */
  g_string_truncate (text, text->len - strlen ("я"));
  g_free (cell);
  cell = cell_xml (0, 0, text->str);
  g_free (page);
  page = write_page ("long.xml", NULL, NULL, "long.png", PAGE_W, PAGE_H, cell);
  g_assert_cmpint (mrg_test_import_pagexml (store, page, &error), !=, 0);
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "SELECT length(text) FROM cells"), ==, MRG_PAGEXML_MAX_CELL_TEXT);
}

/* A 60000×60000 PNG header (a file of a few hundred bytes) is refused on the PAGE path as on
 * the direct one, before anything is decoded. */
static void
test_pagexml_pixel_limit (void)
{
  g_autofree char *image = tmp_file ("lying.png");
  g_autofree char *cell = cell_xml (0, 0, "x");
  g_autofree char *page = NULL;
  g_autoptr(MrgStore) store = new_project ("pixels.muragat");
  g_autoptr(GError) error = NULL;
  const char *paths[] = { image, NULL };

  write_lying_png (image, 60000, 60000);
  page = write_page ("lying.xml", NULL, NULL, "lying.png", 60000, 60000, cell);
  assert_refused (store, page, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_TOO_LARGE, "60000×60000");

  g_assert_false (mrg_import_files (store, paths, 0, NULL, NULL, &error));
  g_assert_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_TOO_LARGE);
}

/* Comments (a licence, a history) and a DOCTYPE before <PcGts>, well past the first 4 KB. */
static void
test_pagexml_prologue (void)
{
  g_autofree char *image = tmp_file ("prologue.png");
  g_autofree char *cell = cell_xml (0, 0, "Бектанов");
  g_autoptr(GString) prologue = g_string_new (NULL);
  g_autofree char *page = NULL;
  g_autofree char *other = tmp_file ("other.xml");
  g_autoptr(MrgStore) store = new_project ("prologue.muragat");
  g_autoptr(GError) error = NULL;
  MrgImportResult result = { 0 };
  const char *paths[2] = { NULL, NULL };

  mrg_test_write_noise_png (image, PAGE_W, PAGE_H);
  for (int i = 0; i < 400; i++)
    g_string_append_printf (prologue, "<!-- line %d of a licence: <PcGts> is not here -->\n", i);
  g_string_append (prologue, "<?xml-stylesheet href=\"page.xsl\"?>\n");
  page = write_page ("prologue.xml", "<!DOCTYPE PcGts>\n", prologue->str, "prologue.png",
                     PAGE_W, PAGE_H, cell);
  g_assert_true (mrg_pagexml_sniff (page));

  paths[0] = page;
  g_assert_true (mrg_import_files (store, paths, 0, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.documents_added, ==, 1);
  g_assert_cmpint (count (store, "SELECT count(*) FROM cells WHERE text = 'Бектанов'"), ==, 1);

  /* an XML file of another kind with the same prologue is not taken for PAGE */
  g_string_append (prologue, "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">"
                             "<!-- primaresearch.org/PAGE/gts/pagecontent/ --></TEI>\n");
  g_assert_true (g_file_set_contents (other, prologue->str, -1, NULL));
  g_assert_false (mrg_pagexml_sniff (other));
}

/* A Latin-1 file name: imported, then every export opens it by its bytes (PDF failed) and
 * writes it as UTF-8 text. */
static void
test_latin1_file_name (void)
{
  g_autofree char *dir = tmp_file ("latin1");
  g_autofree char *image = g_build_filename (dir, "caf\xe9 r\xe9gistre.png", NULL);
  g_autofree char *damaged = g_build_filename (dir, "d\xe9g\xe2t.png", NULL);
  g_autofree char *pdf = tmp_file ("latin1.pdf");
  g_autofree char *csv = tmp_file ("latin1.csv");
  g_autofree char *json = tmp_file ("latin1.json");
  g_autofree char *text = NULL;
  g_autoptr(MrgStore) store = new_project ("latin1.muragat");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *paths[] = { image, NULL };
  const char *bad[] = { damaged, NULL };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  mrg_test_write_noise_png (image, PAGE_W, PAGE_H);
  g_assert_true (mrg_import_files (store, paths, 0, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (mrg_export_to_file (store, &(MrgExportOptions) { .format = MRG_EXPORT_FORMAT_PDF },
                                     pdf, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* a table so that the text exports have a row naming the document */
  {
    MrgBox box = { 0, 0, 10, 10 };
    gint64 page_id = count (store, "SELECT id FROM pages");
    gint64 table_id, row_id;

    g_assert_true (mrg_store_begin (store, NULL));
    table_id = mrg_store_add_table (store, page_id, &box, NULL, &error);
    g_assert_no_error (error);
    row_id = mrg_store_add_row (store, table_id, 0, FALSE, &error);
    g_assert_no_error (error);
    mrg_store_add_cell (store, row_id, 0, &box, "x", 90, &error);
    g_assert_no_error (error);
    g_assert_true (mrg_store_commit (store, NULL));
  }
  g_assert_true (mrg_export_to_file (store, &(MrgExportOptions) { .format = MRG_EXPORT_FORMAT_CSV },
                                     csv, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_nonnull (strstr (text, "caf"));
  g_assert_true (mrg_export_to_file (store,
                                     &(MrgExportOptions) { .format = MRG_EXPORT_FORMAT_JSON }, json,
                                     NULL, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);

  /* a failure names the file in valid UTF-8 */
  g_assert_true (g_file_set_contents (damaged, "\x89PNG\r\n\x1a\n", 8, NULL));
  g_assert_false (mrg_import_files (store, bad, 0, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "d"));
}

/* A truncated PNG is refused with our message only: nothing from libpng on stderr. */
static void
test_damaged_png_quiet (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *whole = tmp_file ("whole.png");
      g_autofree char *cut = tmp_file ("cut.png");
      g_autoptr(GError) error = NULL;
      MrgDocumentInfo *info;

      mrg_test_write_noise_png (whole, 300, 200);
      mrg_test_copy_prefix (whole, cut, 3000);
      info = mrg_document_probe (cut, 0, NULL, &error);
      g_assert_null (info);
      g_assert_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_DAMAGED);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*libpng*");
  g_test_trap_assert_stderr_unmatched ("*Read Error*");
}

/* A quote never closed swallows the rest of the list: the names are read, with a warning
 * naming the line where the quote opened. */
static void
test_csv_unclosed_quote (void)
{
  g_autofree char *path = tmp_file ("quote.csv");
  g_autofree char *clean = tmp_file ("clean.csv");
  g_autofree char *warning = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *columns[] = { "name", NULL };

  g_assert_true (g_file_set_contents (path, "name\nИванов\n\"Петров\nСидоров\nАхметов\n", -1,
                                      NULL));
  names = mrg_match_read_csv_column_full (path, columns, &warning, &error);
  g_assert_no_error (error);
  g_assert_nonnull (names);
  g_assert_nonnull (warning);
  g_test_message ("%s", warning);
  g_assert_nonnull (strstr (warning, "line 3"));
  g_assert_nonnull (strstr (warning, "quote.csv"));
  g_assert_null (strchr (warning, '\n'));

  g_clear_pointer (&names, g_ptr_array_unref);
  g_clear_pointer (&warning, g_free);
  g_assert_true (g_file_set_contents (clean, "name\nИванов\n\"Петров, \"\"Бек\"\"\"\n", -1,
                                      NULL));
  names = mrg_match_read_csv_column_full (clean, columns, &warning, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_null (warning);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  mrg_core_init ();
  tmp_root = mrg_test_make_tmpdir ();

  g_test_add_func ("/bad-input/pagexml/entities", test_pagexml_entities);
  g_test_add_func ("/bad-input/pagexml/huge-index", test_pagexml_huge_index);
  g_test_add_func ("/bad-input/pagexml/long-cell", test_pagexml_long_cell);
  g_test_add_func ("/bad-input/pagexml/pixel-limit", test_pagexml_pixel_limit);
  g_test_add_func ("/bad-input/pagexml/prologue", test_pagexml_prologue);
  g_test_add_func ("/bad-input/file-name/latin1", test_latin1_file_name);
  g_test_add_func ("/bad-input/png/damaged-quiet", test_damaged_png_quiet);
  g_test_add_func ("/bad-input/csv/unclosed-quote", test_csv_unclosed_quote);

  return g_test_run ();
}

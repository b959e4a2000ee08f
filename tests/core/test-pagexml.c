/* test-pagexml.c: PAGE XML export (validated against the 2019 schema), import of real corpus
 * files, refusal of broken ones, and the round trip
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-pagexml"

#include "config.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <string.h>

#include "mrg-document.h"
#include "mrg-pagexml.h"
#include "mrg-store-testing.h"
#include "mrg-test-util.h"
#include "test-export-fixture.h"

static char *tmp_root;

static char *
make_dir (const char *name)
{
  char *path = g_build_filename (tmp_root, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  return path;
}

static char *
schema_path (void)
{
  const char *corpus = g_getenv ("MURAGAT_CORPUS");

  return g_build_filename (corpus != NULL ? corpus : "../shared/corpus", "..", "schemas",
                           "pagecontent-2019-07-15.xsd", NULL);
}

static void
assert_valid_page (const char *file)
{
  static xmlSchemaPtr schema = NULL;
  xmlSchemaValidCtxtPtr vctx;
  xmlDocPtr doc;

  if (schema == NULL)
    {
      g_autofree char *xsd = schema_path ();
      xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt (xsd);

      schema = xmlSchemaParse (pctx);
      xmlSchemaFreeParserCtxt (pctx);
      g_assert_nonnull (schema);
    }
  doc = xmlReadFile (file, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  vctx = xmlSchemaNewValidCtxt (schema);
  if (xmlSchemaValidateDoc (vctx, doc) != 0)
    g_error ("%s does not validate against the PAGE 2019 schema", file);
  xmlSchemaFreeValidCtxt (vctx);
  xmlFreeDoc (doc);
}

static char *
corpus_file (const char *folder,
             const char *name)
{
  const char *corpus = g_getenv ("MURAGAT_CORPUS");

  return g_build_filename (corpus != NULL ? corpus : "../shared/corpus", folder, name, NULL);
}

static MrgStore *
new_project (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_root, name, NULL);
  MrgStore *store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  return store;
}

static char *
query_text (MrgStore   *store,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = mrg_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static int
query_int (MrgStore   *store,
           const char *sql)
{
  g_autofree char *s = query_text (store, sql);

  return s != NULL ? atoi (s) : -1;
}

static int
count_xpath (const char *xml_path,
             const char *xpath)
{
  xmlDocPtr doc = xmlReadFile (xml_path, NULL, XML_PARSE_NONET);
  xmlXPathContextPtr xp = xmlXPathNewContext (doc);
  xmlXPathObjectPtr result;
  int n;

  xmlXPathRegisterNs (xp, BAD_CAST "p13", BAD_CAST MRG_PAGEXML_NS_2013);
  xmlXPathRegisterNs (xp, BAD_CAST "p19", BAD_CAST MRG_PAGEXML_NS_2019);
  result = xmlXPathEvalExpression (BAD_CAST xpath, xp);
  g_assert_nonnull (result);
  n = result->nodesetval != NULL ? result->nodesetval->nodeNr : 0;
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (xp);
  xmlFreeDoc (doc);
  return n;
}

/* Every text of the ground truth (by XPath) is found inside the text of some cell. */
static void
assert_texts_kept (MrgStore   *store,
                   const char *xml_path,
                   const char *xpath)
{
  xmlDocPtr doc = xmlReadFile (xml_path, NULL, XML_PARSE_NONET);
  xmlXPathContextPtr xp = xmlXPathNewContext (doc);
  xmlXPathObjectPtr result;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = mrg_store_prepare (store, "SELECT text FROM cells", NULL);
  guint n = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (all, "%s\n", sqlite3_column_text (stmt, 0));
  xmlXPathRegisterNs (xp, BAD_CAST "p13", BAD_CAST MRG_PAGEXML_NS_2013);
  xmlXPathRegisterNs (xp, BAD_CAST "p19", BAD_CAST MRG_PAGEXML_NS_2019);
  result = xmlXPathEvalExpression (BAD_CAST xpath, xp);
  g_assert_nonnull (result);
  g_assert_nonnull (result->nodesetval);
  for (int i = 0; i < result->nodesetval->nodeNr; i++)
    {
      xmlChar *text = xmlNodeGetContent (result->nodesetval->nodeTab[i]);

      if (strstr (all->str, (const char *) text) == NULL)
        g_error ("%s: the text “%s” was lost", xml_path, text);
      xmlFree (text);
      n++;
    }
  g_assert_cmpuint (n, >, 50);
  xmlXPathFreeObject (result);
  xmlXPathFreeContext (xp);
  xmlFreeDoc (doc);
}

static void
test_export_valid (void)
{
  g_autofree char *dir = make_dir ("export-valid");
  g_autofree char *out = g_build_filename (dir, "page", NULL);
  g_autofree char *f0 = g_build_filename (out, "clean-00_p001.xml", NULL);
  g_autofree char *f1 = g_build_filename (out, "clean-01_p001.xml", NULL);
  g_autoptr(MrgStore) store = fixture_build_project (dir, NULL);
  g_autoptr(GDir) d = NULL;
  xmlDocPtr doc;
  xmlXPathContextPtr xp;
  xmlXPathObjectPtr res;
  int n_rows = fixture_gt_rows ("clean-00.json");
  const char *name;
  guint n_files = 0;

  fixture_export (store, MRG_EXPORT_FORMAT_PAGEXML, NULL, out);

  d = g_dir_open (out, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (out, name, NULL);

      if (!g_str_has_suffix (name, ".xml"))
        continue;
      assert_valid_page (file);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, 2);
  {
    g_autofree char *image = g_build_filename (out, "clean-00_p001.jpg", NULL);

    g_assert_true (g_file_test (image, G_FILE_TEST_IS_REGULAR));
  }

  doc = xmlReadFile (f0, NULL, XML_PARSE_NONET);
  xp = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (xp, BAD_CAST "p", BAD_CAST MRG_PAGEXML_NS_2019);
  res = xmlXPathEvalExpression (BAD_CAST "//p:TableRegion/p:TextRegion[p:Roles/p:TableCellRole]",
                                xp);
  g_assert_cmpint (res->nodesetval->nodeNr, ==, n_rows * 6);
  xmlXPathFreeObject (res);
  res = xmlXPathEvalExpression (BAD_CAST "string(//p:TextRegion[p:Roles/p:TableCellRole"
                                         "[@rowIndex='1' and @columnIndex='1']]/p:TextEquiv/p:Unicode)",
                                xp);
  g_assert_cmpstr ((const char *) res->stringval, ==, FIXTURE_TRICKY_TEXT);
  xmlXPathFreeObject (res);
  res = xmlXPathEvalExpression (BAD_CAST "string(/p:PcGts/p:Page/@imageFilename)", xp);
  g_assert_cmpstr ((const char *) res->stringval, ==, "clean-00_p001.jpg");
  xmlXPathFreeObject (res);
  res = xmlXPathEvalExpression (BAD_CAST "count(//p:TableCellRole[@header='true'])", xp);
  g_assert_cmpfloat (res->floatval, ==, 6);
  xmlXPathFreeObject (res);
  xmlXPathFreeContext (xp);
  xmlFreeDoc (doc);

  /* the page without a table is a valid page with no regions */
  doc = xmlReadFile (f1, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  xmlFreeDoc (doc);
}

static void
test_import_abp (gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = corpus_file ("abp-passau-tables", data);
  g_autofree char *project = g_strdup_printf ("abp-%s.muragat", (const char *) data);
  g_autoptr(MrgStore) store = new_project (project);
  g_autofree char *kind = NULL;
  gint64 id;

  g_assert_true (mrg_pagexml_sniff (xml));
  id = mrg_test_import_pagexml (store, xml, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_test_message ("%s: %d rows × %d columns, %d cells with text", (const char *) data,
                  query_int (store, "SELECT count(*) FROM rows"),
                  query_int (store, "SELECT count(DISTINCT col) FROM cells"),
                  query_int (store, "SELECT count(*) FROM cells WHERE text <> ''"));
  kind = query_text (store, "SELECT kind FROM documents");
  g_assert_cmpstr (kind, ==, "image");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM tables"), ==, 1);
  /* a grid, not one long row or column */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM rows"), >=, 5);
  g_assert_cmpint (query_int (store, "SELECT count(DISTINCT col) FROM cells"), >=, 4);
  /* complete: every row has every column */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells"), ==,
                   query_int (store, "SELECT count(*) FROM rows") *
                   query_int (store, "SELECT count(DISTINCT col) FROM cells"));
  assert_texts_kept (store, xml, "//p13:TextRegion/p13:TextEquiv/p13:Unicode[string-length(.) > 0]");
  /* no two regions (two people's entries) merged into one cell */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells WHERE text <> ''"), ==,
                   count_xpath (xml, "//p13:TextRegion[string-length(p13:TextEquiv/p13:Unicode) > 0]"));
  /* the page's size comes from the file and matches the image */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pages WHERE width > 2000"), ==, 1);
}

static void
test_import_lectaurep (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = corpus_file ("lectaurep-mariages-divorces", "FRAN_0187_49914_L.xml");
  g_autoptr(MrgStore) store = new_project ("lectaurep.muragat");

  mrg_test_import_pagexml (store, xml, &error);
  g_assert_no_error (error);
  g_test_message ("lectaurep: %d rows (%d header) × %d columns, %d cells with text",
                  query_int (store, "SELECT count(*) FROM rows"),
                  query_int (store, "SELECT count(*) FROM rows WHERE header"),
                  query_int (store, "SELECT count(DISTINCT col) FROM cells"),
                  query_int (store, "SELECT count(*) FROM cells WHERE text <> ''"));
  g_assert_cmpint (query_int (store, "SELECT count(DISTINCT col) FROM cells"), >=, 4);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM rows"), >=, 5);
  /* the printed column heads make header rows, at the top, and not every row is one */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM rows WHERE header"), >=, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM rows WHERE NOT header"), >=, 5);
  g_assert_cmpint (query_int (store, "SELECT max(idx) FROM rows WHERE header"), <,
                   query_int (store, "SELECT min(r.idx) FROM rows r WHERE NOT r.header AND"
                                     " (SELECT count(*) FROM cells c WHERE c.row_id = r.id"
                                     "  AND c.text <> '') >= 3"));
  assert_texts_kept (store, xml, "//p19:TextLine/p19:TextEquiv/p19:Unicode");
}

static char *
write_variant (const char *src,
               const char *name,
               const char *find,
               const char *replace,
               guint       limit,
               gboolean    with_image,
               gssize      truncate_at)
{
  g_autofree char *dir = make_dir (with_image ? "variants" : "variants-without-image");
  g_autofree char *text = NULL;
  g_autofree char *image_src = corpus_file ("abp-passau-tables", "RT_Lalling_014_0133.jpg");
  g_autofree char *image_dst = g_build_filename (dir, "RT_Lalling_014_0133.jpg", NULL);
  char *path = g_build_filename (dir, name, NULL);
  GString *s;

  g_assert_true (g_file_get_contents (src, &text, NULL, NULL));
  s = g_string_new (text);
  if (find != NULL)
    g_assert_cmpuint (g_string_replace (s, find, replace, limit), >=, 1);
  if (truncate_at >= 0)
    g_string_truncate (s, truncate_at);
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));
  g_string_free (s, TRUE);
  if (with_image && !g_file_test (image_dst, G_FILE_TEST_EXISTS))
    g_assert_cmpint (symlink (image_src, image_dst), ==, 0);
  return path;
}

static void
assert_refused (MrgStore   *store,
                const char *xml,
                int         code,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  MrgStoreCounts before, after;

  g_assert_true (mrg_store_get_counts (store, &before, NULL));
  g_assert_cmpint (mrg_test_import_pagexml (store, xml, &error), ==, 0);
  g_assert_error (error, MRG_PAGEXML_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, xml));
  g_assert_null (strchr (error->message, '\n'));
  if (what != NULL)
    g_assert_nonnull (strstr (error->message, what));
  g_test_message ("refused: %s", error->message);
  g_assert_true (mrg_store_get_counts (store, &after, NULL));
  g_assert_cmpint (memcmp (&before, &after, sizeof before), ==, 0);
}

static void
test_import_refuses (void)
{
  g_autofree char *good = corpus_file ("abp-passau-tables", "RT_Lalling_014_0133.xml");
  g_autoptr(MrgStore) store = new_project ("refuse.muragat");
  g_autofree char *truncated = write_variant (good, "truncated.xml", NULL, NULL, 1, TRUE, 3000);
  g_autofree char *no_image = write_variant (good, "no-image.xml", NULL, NULL, 1, FALSE, -1);
  g_autofree char *outside = write_variant (good, "outside.xml", "points=\"", "points=\"99999,5 ",
                                            1, TRUE, -1);
  g_autofree char *not_page = write_variant (good, "not-page.xml", "primaresearch.org",
                                             "example.org", 0, TRUE, -1);
  g_autofree char *ok = write_variant (good, "ok.xml", NULL, NULL, 1, TRUE, -1);
  g_autoptr(GError) error = NULL;

  assert_refused (store, truncated, MRG_PAGEXML_ERROR_MALFORMED, "XML");
  assert_refused (store, no_image, MRG_PAGEXML_ERROR_IMAGE, "RT_Lalling_014_0133.jpg");
  assert_refused (store, outside, MRG_PAGEXML_ERROR_INVALID, "99999");
  assert_refused (store, not_page, MRG_PAGEXML_ERROR_NOT_PAGE, "PAGE");
  g_assert_false (mrg_pagexml_sniff (not_page));

  /* and the same file, whole and with its image, goes in — once */
  g_assert_cmpint (mrg_test_import_pagexml (store, ok, &error), >, 0);
  g_assert_no_error (error);
  assert_refused (store, ok, MRG_PAGEXML_ERROR_DUPLICATE, "already");
}

typedef struct
{
  int row, col;
  char *text;
  MrgBox box;
} CellRec;

static GArray *
read_cells (MrgStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = mrg_store_prepare (store,
      "SELECT r.idx, c.col, c.text, c.x1, c.y1, c.x2, c.y2, r.header FROM cells c"
      " JOIN rows r ON r.id = c.row_id JOIN tables t ON t.id = r.table_id"
      " JOIN pages p ON p.id = t.page_id JOIN documents d ON d.id = p.document_id"
      " WHERE d.path LIKE '%clean-00%.jpg' ORDER BY r.idx, c.col", NULL);
  GArray *cells = g_array_new (FALSE, TRUE, sizeof (CellRec));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      CellRec c = { sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
                    g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
                    { sqlite3_column_int (stmt, 3), sqlite3_column_int (stmt, 4),
                      sqlite3_column_int (stmt, 5), sqlite3_column_int (stmt, 6) } };

      g_assert_cmpint (sqlite3_column_int (stmt, 7), ==, c.row == 0);
      g_array_append_val (cells, c);
    }
  return cells;
}

static void
test_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ("round-trip");
  g_autofree char *out = g_build_filename (dir, "page", NULL);
  g_autofree char *xml = g_build_filename (out, "clean-00_p001.xml", NULL);
  g_autofree char *image_dst = g_build_filename (out, "clean-00_p001.jpg", NULL);
  g_autoptr(MrgStore) store = fixture_build_project (dir, NULL);
  g_autoptr(MrgStore) copy = new_project ("round-trip-copy.muragat");
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;

  fixture_export (store, MRG_EXPORT_FORMAT_PAGEXML, NULL, out);
  /* images and PAGE files travel side by side, as Transkribus and eScriptorium expect: the
   * export copies the scan into the folder */
  g_assert_true (g_file_test (image_dst, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (mrg_test_import_pagexml (copy, xml, &error), >, 0);
  g_assert_no_error (error);

  a = read_cells (store);
  b = read_cells (copy);
  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpuint (a->len, ==, fixture_gt_rows ("clean-00.json") * 6);
  for (guint i = 0; i < a->len; i++)
    {
      CellRec *x = &g_array_index (a, CellRec, i), *y = &g_array_index (b, CellRec, i);

      g_assert_cmpint (x->row, ==, y->row);
      g_assert_cmpint (x->col, ==, y->col);
      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_cmpmem (&x->box, sizeof x->box, &y->box, sizeof y->box);
      g_free (x->text);
      g_free (y->text);
    }
}

/* A Transkribus-style table (2013 namespace, TableCell with row/col and a span, ids that are not
 * valid xs:ID, region text before the lines) over a scan that is already in the project without
 * a grid: the grid goes onto that page; a second time it is refused. */
static void
test_import_transkribus_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ("transkribus");
  g_autofree char *xml = g_build_filename (dir, "tk.xml", NULL);
  g_autofree char *image_src = fixture_corpus_path ("clean-00.jpg");
  g_autofree char *image_dst = g_build_filename (dir, "scan.jpg", NULL);
  g_autofree char *sha = NULL;
  g_autoptr(MrgStore) store = new_project ("transkribus.muragat");
  g_autofree char *t00 = NULL;
  g_autofree char *t11 = NULL;
  gint64 size, doc;
  static const char page[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<PcGts xmlns=\"" MRG_PAGEXML_NS_2013 "\">\n"
    " <Metadata><Creator>TRP</Creator><Created>2017-01-12T14:18:43</Created>"
    "<LastChange>2017-01-12T14:18:43</LastChange></Metadata>\n"
    " <Page imageFilename=\"scan.jpg\" imageWidth=\"2480\" imageHeight=\"3508\">\n"
    "  <TableRegion id=\"1table\"><Coords points=\"100,100 2000,100 2000,700 100,700\"/>\n"
    "   <TableCell id=\"1c\" row=\"0\" col=\"0\" rowSpan=\"2\" colSpan=\"1\">"
    "<Coords points=\"100,100 600,100 600,500 100,500\"/>"
    "<TextEquiv><Unicode>№</Unicode></TextEquiv>"
    "<TextLine id=\"1l\"><Coords points=\"110,110 590,110 590,190 110,190\"/>"
    "<TextEquiv conf=\"0.5\"><Unicode>№</Unicode></TextEquiv></TextLine></TableCell>\n"
    "   <TableCell id=\"2c\" row=\"0\" col=\"1\"><Coords points=\"600,100 2000,100 2000,300 600,300\"/>"
    "<TextLine id=\"2l\"><Coords points=\"610,110 1990,110 1990,190 610,190\"/>"
    "<TextEquiv conf=\"0.9\"><Unicode>Фамилия</Unicode></TextEquiv></TextLine>"
    "<TextLine id=\"3l\"><Coords points=\"610,200 1990,200 1990,290 610,290\"/>"
    "<TextEquiv conf=\"0.7\"><Unicode>и имя</Unicode></TextEquiv></TextLine></TableCell>\n"
    "   <TableCell id=\"3c\" row=\"1\" col=\"1\"><Coords points=\"600,300 2000,300 2000,500 600,500\"/>"
    "<TextEquiv><Unicode>Бектанов &amp; сын</Unicode></TextEquiv></TableCell>\n"
    "   <TableCell id=\"4c\" row=\"2\" col=\"1\"><Coords points=\"600,500 2000,500 2000,700 600,700\"/>"
    "</TableCell>\n"
    "  </TableRegion>\n"
    " </Page>\n"
    "</PcGts>\n";

  g_assert_true (g_file_set_contents (xml, page, -1, NULL));
  g_assert_cmpint (symlink (image_src, image_dst), ==, 0);

  /* the scan first, on its own */
  sha = fixture_sha256 (image_dst, &size);
  g_assert_true (mrg_store_begin (store, NULL));
  doc = mrg_store_add_document (store, image_dst, sha, size, MRG_DOCUMENT_KIND_IMAGE, 1, &error);
  g_assert_no_error (error);
  mrg_store_add_page (store, doc, 1, 2480, 3508, 300, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_commit (store, NULL));

  g_assert_true (mrg_pagexml_sniff (xml));
  g_assert_cmpint (mrg_test_import_pagexml (store, xml, &error), ==, doc);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM documents"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM rows"), ==, 3);
  /* six places, one of them under the cell of rowSpan 2, which is recorded as merged */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells"), ==, 5);
  g_assert_cmpint (query_int (store, "SELECT row_span FROM cells WHERE text = '№'"), ==, 2);
  t00 = query_text (store, "SELECT c.text FROM cells c JOIN rows r ON r.id = c.row_id"
                           " WHERE r.idx = 0 AND c.col = 0");
  g_assert_cmpstr (t00, ==, "№");
  t11 = query_text (store, "SELECT c.text FROM cells c JOIN rows r ON r.id = c.row_id"
                           " WHERE r.idx = 1 AND c.col = 1");
  g_assert_cmpstr (t11, ==, "Бектанов & сын");
  /* lines joined when the region has no text of its own; confidence from the lines */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells WHERE text = 'Фамилия' || char(10) || 'и имя'"
                                     " AND abs(confidence - 80) < 0.01"), ==, 1);
  /* a region's own text wins over its lines; its confidence is theirs when it has none */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells WHERE text = '№'"
                                     " AND abs(confidence - 50) < 0.01"), ==, 1);
  /* a cell without text is there, empty; the span's box is whole */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM cells c JOIN rows r ON r.id = c.row_id"
                                     " WHERE r.idx = 2 AND c.col = 1 AND c.text = ''"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT y2 FROM cells WHERE text = '№'"), ==, 500);

  assert_refused (store, xml, MRG_PAGEXML_ERROR_DUPLICATE, "already");
}

static void
run_cli (const char * const *argv,
         gboolean            expect_ok,
         char              **out_err)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_no_error (error);
  if (expect_ok && !g_spawn_check_wait_status (status, NULL))
    g_error ("%s %s failed: %s", argv[0], argv[3], err);
  if (!expect_ok)
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  if (out_err != NULL)
    *out_err = g_steal_pointer (&err);
}

/* The person's path: muragat-cli export --format pagexml, xmllint on every file, then
 * muragat-cli import of the files into a new project. */
static void
test_cli_round_trip (void)
{
  g_autofree char *dir = make_dir ("cli-round-trip");
  g_autofree char *out = g_build_filename (dir, "page", NULL);
  g_autofree char *xml = g_build_filename (out, "clean-00_p001.xml", NULL);
  g_autofree char *image_dst = g_build_filename (out, "clean-00_p001.jpg", NULL);
  g_autofree char *copy_path = g_build_filename (dir, "copy.muragat", NULL);
  g_autofree char *xsd = schema_path ();
  g_autofree char *err = NULL;
  g_autoptr(MrgStore) store = fixture_build_project (dir, NULL);
  g_autoptr(MrgStore) copy = NULL;
  g_autoptr(GDir) d = NULL;
  const char *cli = g_getenv ("MURAGAT_CLI");
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  const char *name;
  guint n = 0;

  g_assert_nonnull (cli);
  {
    const char *argv[] = { cli, "--project", mrg_store_get_path (store), "export", "--format",
                           "pagexml", "-o", out, NULL };

    run_cli (argv, TRUE, NULL);
  }
  if (xmllint != NULL)
    {
      d = g_dir_open (out, 0, NULL);
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *file = g_build_filename (out, name, NULL);
          const char *argv[] = { "xmllint", "--noout", "--schema", xsd, file, NULL };
          g_autoptr(GError) error = NULL;
          int status = 0;

          if (!g_str_has_suffix (name, ".xml"))
            continue;
          g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                                       &status, &error));
          g_assert_no_error (error);
          if (!g_spawn_check_wait_status (status, NULL))
            g_error ("xmllint: %s does not validate", file);
          n++;
        }
      g_assert_cmpuint (n, ==, 2);
    }

  /* without the image beside it, import refuses and says which image */
  {
    g_autofree char *moved = g_strconcat (image_dst, ".away", NULL);
    const char *argv[] = { cli, "--project", copy_path, "import", xml, NULL };

    g_assert_cmpint (g_rename (image_dst, moved), ==, 0);
    run_cli (argv, FALSE, &err);
    g_assert_nonnull (strstr (err, "clean-00_p001.jpg"));
    g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
    g_assert_cmpint (g_rename (moved, image_dst), ==, 0);
  }
  {
    const char *argv[] = { cli, "--project", copy_path, "import", xml, NULL };

    run_cli (argv, TRUE, NULL);
  }
  copy = mrg_store_open (copy_path, MRG_STORE_OPEN_READ_ONLY, NULL);
  g_assert_nonnull (copy);
  g_assert_cmpint (query_int (copy, "SELECT count(*) FROM cells"), ==,
                   fixture_gt_rows ("clean-00.json") * 6);
  g_assert_cmpint (query_int (copy, "SELECT count(*) FROM cells WHERE text = '" FIXTURE_TRICKY_TEXT "'"),
                   ==, 1);
}

/* A PDF has no image file per page: the export writes each page's image beside its PAGE file,
 * and that pair imports into another project with the same cells. */
static void
test_pdf_source (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ("pdf-source");
  g_autofree char *out = g_build_filename (dir, "page", NULL);
  g_autofree char *pdf = fixture_corpus_path ("scan-pages-00-01.pdf");
  g_autofree char *xml1 = g_build_filename (out, "scan-pages-00-01_p001.xml", NULL);
  g_autofree char *img1 = g_build_filename (out, "scan-pages-00-01_p001.jpg", NULL);
  g_autofree char *xml2 = g_build_filename (out, "scan-pages-00-01_p002.xml", NULL);
  g_autofree char *img2 = g_build_filename (out, "scan-pages-00-01_p002.jpg", NULL);
  g_autofree char *project = g_build_filename (dir, "pdf.muragat", NULL);
  g_autoptr(MrgDocumentInfo) info = NULL;
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(MrgStore) copy = new_project ("pdf-copy.muragat");
  g_autofree char *text = NULL;
  l_int32 w = 0, h = 0;

  info = mrg_document_probe (pdf, 300.0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info->n_pages, ==, 2);
  store = fixture_build_document_project (project, info);

  fixture_export (store, MRG_EXPORT_FORMAT_PAGEXML, NULL, out);
  assert_valid_page (xml1);
  assert_valid_page (xml2);
  g_assert_cmpint (pixReadHeader (img1, NULL, &w, &h, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (w, ==, info->pages[0].width);
  g_assert_cmpint (h, ==, info->pages[0].height);
  g_assert_true (g_file_test (img2, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpint (mrg_test_import_pagexml (copy, xml1, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (copy, "SELECT count(*) FROM cells"), ==,
                   query_int (store, "SELECT count(*) FROM cells"));
  text = query_text (copy, "SELECT group_concat(text, '|') FROM (SELECT c.text FROM cells c"
                           " JOIN rows r ON r.id = c.row_id ORDER BY r.idx, c.col)");
  {
    g_autofree char *orig = query_text (store, "SELECT group_concat(text, '|') FROM (SELECT c.text"
                                               " FROM cells c JOIN rows r ON r.id = c.row_id"
                                               " ORDER BY r.idx, c.col)");

    g_assert_cmpstr (text, ==, orig);
  }
}

/* Two scans with one file name in two folders: neither export overwrites the other. */
static void
test_export_same_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_dir ("same-names");
  g_autofree char *other_dir = make_dir ("same-names/other");
  g_autofree char *other = g_build_filename (other_dir, "clean-00.jpg", NULL);
  g_autofree char *src = fixture_corpus_path ("clean-01.jpg");
  g_autofree char *out = g_build_filename (dir, "page", NULL);
  g_autofree char *data = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(MrgStore) store = new_project ("same-names.muragat");
  g_autoptr(GDir) d = NULL;
  gsize len;
  gint64 size, doc, page;
  const char *name;
  int w, h;
  guint n = 0;

  /* a different scan under the same name */
  g_assert_true (g_file_get_contents (src, &data, &len, NULL));
  g_assert_true (g_file_set_contents (other, data, len, NULL));
  sha = fixture_sha256 (other, &size);

  g_assert_true (mrg_store_begin (store, NULL));
  page = fixture_add_image (store, "clean-00.jpg", &w, &h);
  fixture_add_grid (store, page, "clean-00.json", NULL);
  doc = mrg_store_add_document (store, other, sha, size, MRG_DOCUMENT_KIND_IMAGE, 1, &error);
  page = mrg_store_add_page (store, doc, 1, 2480, 3508, 300, &error);
  g_assert_no_error (error);
  fixture_add_grid (store, page, "clean-01.json", NULL);
  g_assert_true (mrg_store_commit (store, NULL));

  fixture_export (store, MRG_EXPORT_FORMAT_PAGEXML, NULL, out);
  d = g_dir_open (out, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    n += g_str_has_suffix (name, ".xml");
  g_assert_cmpuint (n, ==, 2);
  {
    g_autofree char *first = g_build_filename (out, "clean-00_p001.xml", NULL);
    g_autofree char *second = g_strdup_printf ("%s/clean-00-%" G_GINT64_FORMAT "_p001.xml", out,
                                               doc);

    assert_valid_page (first);
    assert_valid_page (second);
  }
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  tmp_root = g_dir_make_tmp ("mrg-pagexml-XXXXXX", NULL);

  g_test_add_func ("/pagexml/export/valid-2019", test_export_valid);
  g_test_add_func ("/pagexml/export/same-file-names", test_export_same_names);
  g_test_add_data_func ("/pagexml/import/abp-cvl", "RT_Lalling_014_0133.xml", test_import_abp);
  g_test_add_data_func ("/pagexml/import/abp-cvl-spread", "S_Passau_Innstadt_019_0166.xml",
                        test_import_abp);
  g_test_add_data_func ("/pagexml/import/abp-trp", "M_Dommelstadl_002-02_0028.pxml",
                        test_import_abp);
  g_test_add_func ("/pagexml/import/lectaurep-lines", test_import_lectaurep);
  g_test_add_func ("/pagexml/import/refuses-broken", test_import_refuses);
  g_test_add_func ("/pagexml/import/transkribus-table", test_import_transkribus_table);
  g_test_add_func ("/pagexml/round-trip", test_round_trip);
  g_test_add_func ("/pagexml/round-trip-pdf-source", test_pdf_source);
  g_test_add_func ("/pagexml/cli/export-validate-import", test_cli_round_trip);

  rc = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp_root);

    if (rc == 0)
      g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (tmp_root);
  return rc;
}

/* test-match.c: CSV lists, project names, duplicates, decisions and the match CLI
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-match"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mrg-match.h"
#include "mrg-store.h"
#include "mrg-test-names-fixture.h"
#include "mrg-test-util.h"

/* The project of people (lists.muragat) is shared with test-search: mrg-test-names-fixture.c. */
typedef MrgTestNamesFixture Fixture;

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* The names read are exactly `expected` (NULL-terminated), in order. */
static void
assert_names (GPtrArray          *names,
              const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (names->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (g_ptr_array_index (names, i), ==, expected[i]);
}

static void
test_csv_read (Fixture       *f,
               gconstpointer  data)
{
  /* BOM, semicolons, CRLF, a quoted field with a line break, doubled quotes and a semicolon */
  g_autofree char *path = write_file (f, "list.csv",
                                      "\xef\xbb\xbf№;Фамилия и имя;Год\r\n"
                                      "1;Бектанов Мажит;1915\r\n"
                                      "2;\"Жумабаев\r\nНурлан\";1920\r\n"
                                      "3;\"Оспанов \"\"Серик\"\"; мл.\";1921\r\n"
                                      "4;;1900\r\n"
                                      "5;Ахметов Болат\r\n");
  const char *columns[] = { "Фамилия и имя", NULL };
  const char *folded[] = { "фамилия И ИМЯ", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = mrg_match_read_csv_column (path, columns, &error);
  g_autoptr(GPtrArray) again = NULL;

  g_assert_no_error (error);
  assert_names (names, (const char *[]) { "Бектанов Мажит", "Жумабаев\r\nНурлан",
                                         "Оспанов \"Серик\"; мл.", "", "Ахметов Болат", NULL });

  again = mrg_match_read_csv_column (path, folded, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 5);
}

static void
test_csv_two_columns (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = write_file (f, "split.csv",
                                      "surname,given,year\n"
                                      "Bektanov,Mazhit,1915\n"
                                      "Zhumabayev,Nurlan,1920\n");
  const char *columns[] = { "surname", "given", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = mrg_match_read_csv_column (path, columns, &error);

  g_assert_no_error (error);
  assert_names (names, (const char *[]) { "Bektanov Mazhit", "Zhumabayev Nurlan", NULL });
}

static void
test_csv_one_column (Fixture       *f,
                     gconstpointer  data)
{
  /* no delimiter in the header: the commas of "surname, given" belong to the names */
  g_autofree char *path = write_file (f, "one.csv", "Name\nBektanov, Mazhit\n\"Ospanov\"\n");
  g_autofree char *tabs = write_file (f, "tabs.tsv", "n\tName, in full\n1\tBektanov, Mazhit\n");
  const char *columns[] = { "Name", NULL };
  const char *full[] = { "Name, in full", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = mrg_match_read_csv_column (path, columns, &error);
  g_autoptr(GPtrArray) tabbed = NULL;

  g_assert_no_error (error);
  assert_names (names, (const char *[]) { "Bektanov, Mazhit", "Ospanov", NULL });

  tabbed = mrg_match_read_csv_column (tabs, full, &error);
  g_assert_no_error (error);
  assert_names (tabbed, (const char *[]) { "Bektanov, Mazhit", NULL });
}

static void
test_csv_errors (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = write_file (f, "list.csv", "name,year\nBektanov,1915\n");
  g_autofree char *latin1 = write_file (f, "latin1.csv", "name\nM\xfcller\n");
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
  const char *columns[] = { "surname", NULL };
  const char *name_column[] = { "name", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;

  names = mrg_match_read_csv_column (path, columns, &error);
  g_assert_null (names);
  g_assert_error (error, MRG_MATCH_ERROR, MRG_MATCH_ERROR_COLUMN);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "surname"));
  g_clear_error (&error);

  names = mrg_match_read_csv_column (missing, name_column, &error);
  g_assert_null (names);
  g_assert_error (error, MRG_MATCH_ERROR, MRG_MATCH_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  names = mrg_match_read_csv_column (latin1, name_column, &error);
  g_assert_null (names);
  g_assert_error (error, MRG_MATCH_ERROR, MRG_MATCH_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static MrgMatchRow *
find_row (GPtrArray  *rows,
          const char *name,
          const char *document,
          int         page)
{
  for (guint i = 0; i < rows->len; i++)
    {
      MrgMatchRow *row = g_ptr_array_index (rows, i);

      if (strcmp (row->name, name) == 0 && strcmp (row->document, document) == 0 &&
          row->page == page)
        return row;
    }
  return NULL;
}

static void
test_project_rows (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = mrg_match_load_project_rows (f->store, &error);
  MrgMatchRow *row;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 11);
  row = find_row (rows, "Кенжебеков Асылбек", "/archive/list-2.tif", 1);
  g_assert_nonnull (row);
  g_assert_cmpint (row->row, ==, 3);
  g_assert_cmpint (row->table, ==, 0);
  g_assert_cmpint (row->row_id, >, 0);
  g_assert_cmpint (row->cell_id, >, 0);
  /* header rows and other columns are not names */
  g_assert_null (find_row (rows, "Фамилия и.и.з.", "/archive/list-1.pdf", 1));
  g_assert_null (find_row (rows, "Вязьма", "/archive/list-1.pdf", 1));
}

/* A project without a column schema, whose tables split the name in two columns. */
static void
test_project_split_columns (Fixture       *f,
                            gconstpointer  data)
{
  static const char *const header[] = { "№", "Фамилия", "Имя", "Год рождения" };
  static const char *const body[][4] = {
    { "1", "Бектанов", "Мажит", "1915" },
    { "2", "Жумабаев", "", "1920" },
    { "3", "", "", "1921" },
  };
  g_autofree char *path = g_build_filename (f->dir, "split.muragat", NULL);
  g_autoptr(MrgStore) store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  MrgBox area = { 0, 0, 1000, 1000 };
  gint64 doc;
  gint64 page;
  gint64 table;

  g_assert_nonnull (store);
  doc = mrg_store_add_document (store, "/archive/split.png", "3333", 10, MRG_DOCUMENT_KIND_IMAGE,
                                1, &error);
  page = mrg_store_add_page (store, doc, 1, 1000, 1000, 300, &error);
  table = mrg_store_add_table (store, page, &area, NULL, &error);
  g_assert_no_error (error);
  for (int r = 0; r < 4; r++)
    {
      gint64 row = mrg_store_add_row (store, table, r, r == 0, &error);

      for (int c = 0; c < 4; c++)
        {
          MrgBox box = { c * 100, r * 100, c * 100 + 100, r * 100 + 100 };

          mrg_store_add_cell (store, row, c, &box, r == 0 ? header[c] : body[r - 1][c], 90,
                              &error);
        }
    }
  g_assert_no_error (error);

  rows = mrg_match_load_project_rows (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((MrgMatchRow *) g_ptr_array_index (rows, 0))->name, ==, "Бектанов Мажит");
  g_assert_cmpstr (((MrgMatchRow *) g_ptr_array_index (rows, 1))->name, ==, "Жумабаев");
}

/* Which headers name a name: "Даты" holds "аты" (Kazakh for name) and "Place name" holds "name",
 * neither is one. */
static void
test_project_headers (Fixture       *f,
                      gconstpointer  data)
{
  static const char *const header[] = { "№", "Даты", "Фамилия", "Place name", "Имя", "Nom" };
  static const char *const body[] = { "1", "1915", "Бектанов", "Вязьма", "Мажит", "Жанибек" };
  g_autofree char *path = g_build_filename (f->dir, "headers.muragat", NULL);
  g_autoptr(MrgStore) store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  MrgBox area = { 0, 0, 1000, 1000 };
  gint64 doc;
  gint64 page;
  gint64 table;

  doc = mrg_store_add_document (store, "/archive/h.png", "4444", 10, MRG_DOCUMENT_KIND_IMAGE, 1,
                                &error);
  page = mrg_store_add_page (store, doc, 1, 1000, 1000, 300, &error);
  table = mrg_store_add_table (store, page, &area, NULL, &error);
  for (int r = 0; r < 2; r++)
    {
      gint64 row = mrg_store_add_row (store, table, r, r == 0, &error);

      for (int c = 0; c < (int) G_N_ELEMENTS (header); c++)
        {
          MrgBox box = { c * 100, r * 100, c * 100 + 100, r * 100 + 100 };

          mrg_store_add_cell (store, row, c, &box, r == 0 ? header[c] : body[c], 90, &error);
        }
    }
  g_assert_no_error (error);

  rows = mrg_match_load_project_rows (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((MrgMatchRow *) g_ptr_array_index (rows, 0))->name, ==,
                   "Бектанов Мажит Жанибек");
}

static void
test_project_no_names (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "empty.muragat", NULL);
  g_autoptr(MrgStore) store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = mrg_match_load_project_rows (store, &error);

  g_assert_null (rows);
  g_assert_error (error, MRG_MATCH_ERROR, MRG_MATCH_ERROR_NO_NAMES);
  g_assert_nonnull (strstr (error->message, path));
}

static MrgMatchDuplicate *
find_pair (GPtrArray  *pairs,
           const char *a,
           const char *b)
{
  for (guint i = 0; i < pairs->len; i++)
    {
      MrgMatchDuplicate *pair = g_ptr_array_index (pairs, i);

      if ((strcmp (pair->a->name, a) == 0 && strcmp (pair->b->name, b) == 0) ||
          (strcmp (pair->a->name, b) == 0 && strcmp (pair->b->name, a) == 0))
        return pair;
    }
  return NULL;
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) pairs = mrg_match_find_duplicates (f->store, 0.9, &rows, &error);
  MrgMatchDuplicate *ocr;
  MrgMatchDuplicate *same;

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  ocr = find_pair (pairs, "Бектанов Мажит", "Бектаиов Мажнт");
  same = find_pair (pairs, "Жумабаев Нурлан", "Жумабаев Нурлан");
  g_assert_nonnull (ocr);
  g_assert_nonnull (same);
  g_assert_cmpfloat (same->score, ==, 1.0);
  g_assert_cmpstr (same->a->document, !=, same->b->document);
  g_assert_cmpint (ocr->a->page, !=, ocr->b->page);
  /* the same surname with another given name is another man */
  g_assert_null (find_pair (pairs, "Бектанов Мажит", "Бектанов Мурат"));
  g_assert_cmpuint (pairs->len, ==, 2);
  /* best first */
  g_assert_true (g_ptr_array_index (pairs, 0) == same);
  g_clear_pointer (&pairs, g_ptr_array_unref);
}

static void
test_decisions (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = mrg_match_load_project_rows (f->store, &error);
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GPtrArray) other = NULL;
  MrgMatchRow *row = find_row (rows, "Бектанов Мажит", "/archive/list-1.pdf", 1);
  MrgMatchRow *row2 = find_row (rows, "Бектанов Мурат", "/archive/list-2.tif", 1);
  MrgMatchDecision mazhit = { .list_file = "red-cross.csv", .list_row = 7,
                              .list_name = "Bektanov Mazhit", .row_id = row->row_id,
                              .cell_id = row->cell_id, .candidate_name = row->name, .score = 0.97,
                              .decision = MRG_MATCH_DECISION_ACCEPTED };
  MrgMatchDecision murat = { .list_file = "red-cross.csv", .list_row = 7,
                             .list_name = "Bektanov Mazhit", .row_id = row2->row_id,
                             .cell_id = row2->cell_id, .candidate_name = row2->name, .score = 0.85,
                             .decision = MRG_MATCH_DECISION_ACCEPTED };
  MrgMatchDecision serik = { .list_file = "other.csv", .list_row = 1,
                             .list_name = "Ospanov Serik", .row_id = row->row_id, .score = 0.5,
                             .decision = MRG_MATCH_DECISION_REJECTED };
  MrgMatchDecision *d;
  gint64 id;

  g_assert_cmpint (mrg_store_get_schema_version (f->store), ==, MRG_STORE_SCHEMA_VERSION);
  mrg_store_set_user (f->store, "Historian");

  id = mrg_match_record_decision (f->store, &mazhit, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* a change of mind supersedes, and the history stays */
  mazhit.decision = MRG_MATCH_DECISION_REJECTED;
  mrg_match_record_decision (f->store, &mazhit, &error);
  mrg_match_record_decision (f->store, &murat, &error);
  mrg_match_record_decision (f->store, &serik, &error);
  g_assert_no_error (error);

  decisions = mrg_match_get_decisions (f->store, "red-cross.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decisions->len, ==, 2);
  d = g_ptr_array_index (decisions, 0);
  g_assert_cmpint (d->row_id, ==, row->row_id);
  g_assert_cmpint (d->cell_id, ==, row->cell_id);
  g_assert_cmpint (d->decision, ==, MRG_MATCH_DECISION_REJECTED);
  g_assert_cmpint (d->list_row, ==, 7);
  g_assert_cmpstr (d->list_name, ==, "Bektanov Mazhit");
  g_assert_cmpstr (d->candidate_name, ==, "Бектанов Мажит");
  g_assert_cmpstr (d->who, ==, "Historian");
  g_assert_nonnull (d->at);
  g_assert_cmpfloat (d->score, ==, 0.97);
  d = g_ptr_array_index (decisions, 1);
  g_assert_cmpint (d->row_id, ==, row2->row_id);
  g_assert_cmpint (d->decision, ==, MRG_MATCH_DECISION_ACCEPTED);

  other = mrg_match_get_decisions (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 3);

  /* the decisions survive closing and reopening the project */
  g_clear_object (&f->store);
  f->store = mrg_store_open (f->project, MRG_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_clear_pointer (&other, g_ptr_array_unref);
  other = mrg_match_get_decisions (f->store, "other.csv", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (other->len, ==, 1);
  g_assert_cmpint (((MrgMatchDecision *) g_ptr_array_index (other, 0))->cell_id, ==, 0);

  /* and they are exported, with the project row's provenance */
  {
    g_autofree char *out = g_build_filename (f->dir, "decisions.csv", NULL);
    g_autofree char *raw = NULL;
    MrgTestRun run = { 0 };

    g_clear_object (&f->store);
    run.status = mrg_test_run_cli (&run.out, &run.err, "--project", f->project, "match",
                                   "--decisions", "--list", "red-cross.csv", "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    mrg_test_run_clear (&run);
    g_assert_true (g_file_get_contents (out, &raw, NULL, NULL));
    g_assert_true (g_str_has_prefix (raw, "list_file,list_row,list_name,candidate_row,"
                                          "candidate_name,score,decision,decided_by,decided_at,"
                                          "document,page,row\r\n"));
    g_assert_cmpuint (mrg_test_count_lines (raw), ==, 3);
    g_assert_nonnull (strstr (raw, "red-cross.csv,7,Bektanov Mazhit,"));
    g_assert_nonnull (strstr (raw, ",Бектанов Мажит,0.970,rejected,Historian,"));
    g_assert_nonnull (strstr (raw, ",accepted,Historian,"));
    g_assert_nonnull (strstr (raw, ",/archive/list-1.pdf,1,"));
  }
}

/* Parses our own CSV output (RFC 4180) with a reader written independently of the writer. */
static GPtrArray *
read_output (const char *path)
{
  const char *columns[] = { "list_row", "list_name", "rank", "candidate_row", "candidate_name",
                            "score", "document", "page", "row" };
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GError) error = NULL;

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    {
      const char *one[] = { columns[c], NULL };
      g_autoptr(GPtrArray) values = mrg_match_read_csv_column (path, one, &error);

      g_assert_no_error (error);
      for (guint r = 0; r < values->len; r++)
        {
          if (c == 0)
            g_ptr_array_add (records, g_new0 (char *, G_N_ELEMENTS (columns) + 1));
          ((char **) g_ptr_array_index (records, r))[c] = g_strdup (g_ptr_array_index (values, r));
        }
    }
  return records;
}

static char *
checksum_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
test_cli_project (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *list = write_file (f, "red-cross.csv",
                                      "Name;Year\n"
                                      "Bektanov Mazhit;1915\n"
                                      "Zhumabayev Nurlan;1920\n"
                                      "\"Achmetow, Bolat\";1912\n");
  g_autofree char *out = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *raw = NULL;
  g_autoptr(GPtrArray) records = NULL;
  MrgTestRun run = { 0 };
  char **r;

  g_clear_object (&f->store);
  before = checksum_file (f->project);
  run.status = mrg_test_run_cli (&run.out, &run.err, "--project", f->project, "match", "--list",
                                 list, "--column", "Name", "--top", "2", "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  mrg_test_run_clear (&run);
  after = checksum_file (f->project);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (g_file_get_contents (out, &raw, NULL, NULL));
  g_assert_true (g_str_has_prefix (raw, "list_row,list_name,rank,candidate_row,candidate_name,"
                                        "score,document,page,row\r\n"));
  /* the comma inside a name is quoted */
  g_assert_nonnull (strstr (raw, ",\"Achmetow, Bolat\","));

  records = read_output (out);
  g_assert_cmpuint (records->len, ==, 6);
  r = g_ptr_array_index (records, 0);
  g_assert_cmpstr (r[0], ==, "1");
  g_assert_cmpstr (r[1], ==, "Bektanov Mazhit");
  g_assert_cmpstr (r[2], ==, "1");
  g_assert_cmpstr (r[4], ==, "Бектанов Мажит");
  g_assert_cmpfloat (g_ascii_strtod (r[5], NULL), ==, 1.0);
  g_assert_cmpstr (r[6], ==, "/archive/list-1.pdf");
  g_assert_cmpstr (r[7], ==, "1");
  /* the first body row (stored idx 1) is row 2 beside the grid, below the header row */
  g_assert_cmpstr (r[8], ==, "2");
  r = g_ptr_array_index (records, 1);
  g_assert_cmpstr (r[2], ==, "2");
  g_assert_cmpstr (r[4], ==, "Бектаиов Мажнт");
  g_assert_cmpstr (r[7], ==, "2");
  /* the two Жумабаевs of two documents are the two best */
  r = g_ptr_array_index (records, 2);
  g_assert_cmpstr (r[0], ==, "2");
  g_assert_cmpstr (r[4], ==, "Жумабаев Нурлан");
  r = g_ptr_array_index (records, 3);
  g_assert_cmpstr (r[4], ==, "Жумабаев Нурлан");
  g_assert_cmpstr (((char **) g_ptr_array_index (records, 2))[6], !=, r[6]);
  r = g_ptr_array_index (records, 4);
  g_assert_cmpstr (r[0], ==, "3");
  g_assert_cmpstr (r[4], ==, "Ахметов Болат");
}

static void
test_cli_against (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *list = write_file (f, "a.csv", "surname,given\nBektanow,Madschit\n"
                                                  "Nourpeissov,Abai\n");
  g_autofree char *other = write_file (f, "b.csv", "\xef\xbb\xbfФИО\nОспанов Серик\n"
                                                   "Нурпеисов Абай\nБектанов Мажит\n");
  g_autofree char *out = g_build_filename (f->dir, "out.csv", NULL);
  g_autoptr(GPtrArray) records = NULL;
  MrgTestRun run = { 0 };
  char **r;

  run.status = mrg_test_run_cli (&run.out, &run.err, "match", "--list", list, "--column", "surname",
                                 "--column", "given", "--against", other, "--against-column", "ФИО",
                                 "--top", "1", "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  mrg_test_run_clear (&run);
  records = read_output (out);
  g_assert_cmpuint (records->len, ==, 2);
  r = g_ptr_array_index (records, 0);
  g_assert_cmpstr (r[1], ==, "Bektanow Madschit");
  g_assert_cmpstr (r[3], ==, "3");
  g_assert_cmpstr (r[4], ==, "Бектанов Мажит");
  g_assert_cmpstr (r[6], ==, "");
  r = g_ptr_array_index (records, 1);
  g_assert_cmpstr (r[3], ==, "2");
}

static void
test_cli_errors (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *list = write_file (f, "list.csv", "Name\nBektanov\n");
  g_autofree char *out = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  MrgTestRun run = { 0 };

  g_clear_object (&f->store);
  before = checksum_file (f->project);
  run.status = mrg_test_run_cli (&run.out, &run.err, "--project", f->project, "match", "--list",
                                 list, "--column", "Surname", "-o", out, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, list));
  g_assert_nonnull (strstr (run.err, "Surname"));
  /* one line */
  g_assert_cmpuint (strlen (run.err), ==, (gsize) (strchr (run.err, '\n') - run.err) + 1);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  mrg_test_run_clear (&run);

  run.status = mrg_test_run_cli (&run.out, &run.err, "--project", f->project, "match", "--list",
                                 "/nonexistent/list.csv", "--column", "Name", "-o", out, NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "/nonexistent/list.csv"));
  mrg_test_run_clear (&run);

  after = checksum_file (f->project);
  g_assert_cmpstr (before, ==, after);
}

static void
test_cli_duplicates (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "dups.csv", NULL);
  const char *score[] = { "score", NULL };
  const char *name[] = { "name", NULL };
  const char *other[] = { "other_name", NULL };
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autoptr(GError) error = NULL;
  MrgTestRun run = { 0 };

  g_clear_object (&f->store);
  run.status = mrg_test_run_cli (&run.out, &run.err, "--project", f->project, "match",
                                 "--duplicates", "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  mrg_test_run_clear (&run);
  scores = mrg_match_read_csv_column (out, score, &error);
  names = mrg_match_read_csv_column (out, name, &error);
  others = mrg_match_read_csv_column (out, other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (names->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "Жумабаев Нурлан");
  g_assert_cmpstr (g_ptr_array_index (others, 0), ==, "Жумабаев Нурлан");
  g_assert_cmpstr (g_ptr_array_index (scores, 0), ==, "1.000");
  g_assert_cmpstr (g_ptr_array_index (names, 1), ==, "Бектанов Мажит");
  g_assert_cmpstr (g_ptr_array_index (others, 1), ==, "Бектаиов Мажнт");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD mrg_test_names_add
  ADD ("/match/csv/read", test_csv_read);
  ADD ("/match/csv/two-columns", test_csv_two_columns);
  ADD ("/match/csv/one-column", test_csv_one_column);
  ADD ("/match/csv/errors", test_csv_errors);
  ADD ("/match/project/rows", test_project_rows);
  ADD ("/match/project/split-columns", test_project_split_columns);
  ADD ("/match/project/headers", test_project_headers);
  ADD ("/match/project/no-names", test_project_no_names);
  ADD ("/match/duplicates", test_duplicates);
  ADD ("/match/decisions", test_decisions);
  ADD ("/match/cli/project", test_cli_project);
  ADD ("/match/cli/against", test_cli_against);
  ADD ("/match/cli/errors", test_cli_errors);
  ADD ("/match/cli/duplicates", test_cli_duplicates);
#undef ADD

  return g_test_run ();
}

/* mrg-test-names-fixture.c: the small project of people that the search and match tests share
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-test"

#include "mrg-test-names-fixture.h"

#include "mrg-test-util.h"

typedef struct
{
  const char *name;
  const char *year;
  const char *place;
} Person;

static const Person doc1_page1[] = {
  { "Бектанов Мажит", "1915", "Харьков" },
  { "Жумабаев Нурлан", "1920", "Вязьма" },
  { "Сейткали Ерлан", "1918", "Киев" },
  { "Оспанов Серик", "1921", "Керчь" },
};
static const Person doc1_page2[] = {
  { "Ахметов Болат", "1912", "Вязьма" },
  { "Бектаиов Мажнт", "1915", "Харьков" },
  { "Тулегенов Марат", "1919", "Умань" },
};
static const Person doc2_page1[] = {
  { "Нурпеисов Абай", "1916", "Брянск" },
  { "Жумабаев Нурлан", "1920", "Вязьма" },
  { "Кенжебеков Асылбек", "1914", "Минск" },
  { "Бектанов Мурат", "1922", "Киев" },
};

static void
add_page (MrgStore     *store,
          gint64        document,
          int           number,
          const Person *people,
          guint         n_people)
{
  static const char *const header[] = { "№", "Фамилия и.и.з.", "г.г. рож.", "Место плен." };
  g_autoptr(GError) error = NULL;
  MrgBox area = { 100, 100, 2300, 3300 };
  gint64 page = mrg_store_add_page (store, document, number, 2480, 3508, 300, &error);
  gint64 table;
  gint64 row;

  g_assert_no_error (error);
  table = mrg_store_add_table (store, page, &area, NULL, &error);
  g_assert_no_error (error);
  row = mrg_store_add_row (store, table, 0, TRUE, &error);
  g_assert_no_error (error);
  for (int c = 0; c < 4; c++)
    {
      MrgBox box = { 100 + c * 500, 100, 600 + c * 500, 200 };

      mrg_store_add_cell (store, row, c, &box, header[c], 90, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < n_people; i++)
    {
      g_autofree char *number_text = g_strdup_printf ("%u", i + 1);
      const char *texts[] = { number_text, people[i].name, people[i].year, people[i].place };

      row = mrg_store_add_row (store, table, i + 1, FALSE, &error);
      g_assert_no_error (error);
      for (int c = 0; c < 4; c++)
        {
          MrgBox box = { 100 + c * 500, 200 + i * 100, 600 + c * 500, 300 + i * 100 };

          mrg_store_add_cell (store, row, c, &box, texts[c], 80, &error);
          g_assert_no_error (error);
        }
    }
}

char *
mrg_test_names_build_project (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "lists.muragat", NULL);
  g_autoptr(MrgStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 doc1;
  gint64 doc2;

  store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_begin (store, &error));
  mrg_store_ensure_column (store, 0, "№", MRG_COLUMN_TYPE_INTEGER, &error);
  mrg_store_ensure_column (store, 1, "Фамилия и.и.з.", MRG_COLUMN_TYPE_NAME, &error);
  mrg_store_ensure_column (store, 2, "г.г. рож.", MRG_COLUMN_TYPE_YEAR, &error);
  mrg_store_ensure_column (store, 3, "Место плен.", MRG_COLUMN_TYPE_TEXT, &error);
  g_assert_no_error (error);
  doc1 = mrg_store_add_document (store, "/archive/list-1.pdf", "1111", 1000,
                                 MRG_DOCUMENT_KIND_PDF, 2, &error);
  g_assert_no_error (error);
  doc2 = mrg_store_add_document (store, "/archive/list-2.tif", "2222", 2000,
                                 MRG_DOCUMENT_KIND_TIFF, 1, &error);
  g_assert_no_error (error);
  add_page (store, doc1, 1, doc1_page1, G_N_ELEMENTS (doc1_page1));
  add_page (store, doc1, 2, doc1_page2, G_N_ELEMENTS (doc1_page2));
  add_page (store, doc2, 1, doc2_page1, G_N_ELEMENTS (doc2_page1));
  g_assert_true (mrg_store_commit (store, &error));
  return g_steal_pointer (&path);
}

void
mrg_test_names_fixture_set_up (MrgTestNamesFixture *f,
                               gconstpointer        data)
{
  g_autoptr(GError) error = NULL;
  /* Named after the test program ("test-match-XXXXXX"), as each test named its own before. */
  const char *prgname = g_get_prgname ();
  g_autofree char *program = g_path_get_basename (prgname != NULL ? prgname : "mrg-test-names");
  g_autofree char *template = g_strconcat (program, "-XXXXXX", NULL);

  f->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  f->project = mrg_test_names_build_project (f->dir);
  f->store = mrg_store_open (f->project, MRG_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

void
mrg_test_names_fixture_tear_down (MrgTestNamesFixture *f,
                                  gconstpointer        data)
{
  mrg_test_drop_store (&f->store, &f->dir);
  g_free (f->project);
}

void
mrg_test_run_clear (MrgTestRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

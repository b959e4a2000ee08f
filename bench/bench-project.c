/* bench-project.c: a generated project of typed lists, for the benchmarks that need a large one
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "bench-project.h"
#include "mrg-store-layouts.h"

static const char *words[] = {
  "Бектанов", "Сулейменов", "Жумабаев", "Ахметов", "Нурланов", "Касымов", "Абенов", "Тулеген",
  "1919", "1922", "1941", "Керчь", "Вязьма", "Харьков", "тракторист", "чабан", "учитель, \"пом.\"",
};

void
bench_build_project (const char *path,
                     int         n_pages,
                     int         n_rows,
                     int         n_cols,
                     int         n_numbered)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);
  gint64 doc = 0, layout;
  guint32 seed = 42;

  g_assert_no_error (error);
  g_assert_true (mrg_store_begin (store, &error));
  layout = mrg_store_get_default_layout (store, TRUE, &error);
  g_assert_no_error (error);
  for (int c = 0; c < n_cols; c++)
    {
      MrgColumnType type = c == 1 ? MRG_COLUMN_TYPE_NAME : MRG_COLUMN_TYPE_TEXT;
      g_autofree char *name = NULL;

      if (c < n_cols - n_numbered)
        {
          name = g_strdup_printf ("Колонка %d", c + 1);
          mrg_store_set_column (store, c, name, type, &error);
        }
      else
        {
          name = g_strdup_printf ("Column %d", c + 1);
          mrg_store_ensure_layout_column (store, layout, c, name, type, MRG_COLUMN_NAME_NUMBERED,
                                          &error);
        }
      g_assert_no_error (error);
    }
  for (int p = 0; p < n_pages; p++)
    {
      MrgBox area = { 100, 200, 2400, 3400 };
      gint64 page, table;

      if (p % 10 == 0)
        {
          g_autofree char *doc_path = g_strdup_printf ("/archive/fond-1/list-%04d.pdf", p / 10);
          g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, doc_path, -1);

          doc = mrg_store_add_document (store, doc_path, sha, 1000000, MRG_DOCUMENT_KIND_PDF, 10,
                                        &error);
          g_assert_no_error (error);
        }
      page = mrg_store_add_page (store, doc, p % 10 + 1, 2480, 3508, 300, &error);
      table = mrg_store_add_table (store, page, &area, NULL, &error);
      g_assert_no_error (error);
      for (int r = 0; r < n_rows; r++)
        {
          gint64 row = mrg_store_add_row (store, table, r, r == 0, &error);

          for (int c = 0; c < n_cols; c++)
            {
              MrgBox box = { 100 + c * 230, 200 + r * 160, 100 + (c + 1) * 230, 200 + (r + 1) * 160 };

              seed = seed * 1103515245u + 12345u;
              mrg_store_add_cell (store, row, c, &box, words[(seed >> 16) % G_N_ELEMENTS (words)],
                                  50.0 + (seed >> 8) % 50, &error);
            }
          g_assert_no_error (error);
        }
    }
  g_assert_true (mrg_store_commit (store, &error));
}

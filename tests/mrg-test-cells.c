/* mrg-test-cells.c: cells of a corpus page with their true text, cut out for OCR
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-test"

#include "mrg-test-cells.h"

#include <json-glib/json-glib.h>

#include "mrg-store-pages.h"
#include "mrg-store-testing.h"
#include "mrg-test-util.h"

static void
cell_clear (MrgTestCell *cell)
{
  pixDestroy (&cell->image);
  g_free (cell->text);
}

gboolean
mrg_test_have_learn_tools (gboolean with_eval)
{
  g_autofree char *lstmtraining = g_find_program_in_path ("lstmtraining");
  g_autofree char *lstmeval = with_eval ? g_find_program_in_path ("lstmeval") : NULL;

  if (!g_file_test (MRG_TEST_START_MODEL, G_FILE_TEST_EXISTS) || lstmtraining == NULL
      || (with_eval && lstmeval == NULL))
    {
      g_test_skip ("tesseract-ocr or tesseract-ocr-rus is not installed");
      return FALSE;
    }
  return TRUE;
}

GArray *
mrg_test_load_cells (const char *page,
                     int         inset)
{
  g_autofree char *image_name = g_strconcat (page, ".jpg", NULL);
  g_autofree char *json_name = g_strconcat (page, ".json", NULL);
  g_autofree char *image = mrg_test_corpus_file ("synthetic-typed-ru", image_name);
  g_autofree char *json = mrg_test_corpus_file ("synthetic-typed-ru", json_name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GArray *cells;
  JsonArray *list;
  PIX *pix, *grey;

  if (image == NULL || json == NULL)
    return NULL;
  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);
  pix = pixRead (image);
  g_assert_nonnull (pix);
  grey = pixConvertTo8 (pix, FALSE);
  pixDestroy (&pix);

  cells = g_array_new (FALSE, TRUE, sizeof (MrgTestCell));
  g_array_set_clear_func (cells, (GDestroyNotify) cell_clear);
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                       "cells");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *object = json_array_get_object_element (list, i);
      JsonArray *box = json_object_get_array_member (object, "box");
      int x1 = json_array_get_int_element (box, 0) + inset;
      int y1 = json_array_get_int_element (box, 1) + inset;
      int x2 = json_array_get_int_element (box, 2) - inset;
      int y2 = json_array_get_int_element (box, 3) - inset;
      BOX *clip;
      MrgTestCell cell;

      if (json_object_get_int_member (object, "row") == 0)
        continue;
      clip = boxCreate (x1, y1, x2 - x1, y2 - y1);
      cell.image = pixClipRectangle (grey, clip, NULL);
      cell.text = g_strdup (json_object_get_string_member (object, "text"));
      boxDestroy (&clip);
      g_array_append_val (cells, cell);
    }
  pixDestroy (&grey);
  return cells;
}

MrgStore *
mrg_test_make_learn_project (const char        *path,
                             const MrgTestCell *cells,
                             guint              n_cells,
                             gboolean           verify)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MrgStore) store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);
  g_autofree MrgStoreOcrCell *ocr = g_new0 (MrgStoreOcrCell, n_cells + 1);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  MrgStoreOcrTable table = {
    .area = { 0, 0, 1000, 100 * (n_cells + 1) },
    .n_rows = n_cells + 1,
    .n_cols = 1,
    .header = TRUE,
    .cells = ocr,
    .model = "rus+kaz",
  };

  g_assert_no_error (error);
  g_assert_true (mrg_store_exec (store,
                                 "INSERT INTO documents (path, sha256, size, kind, page_count,"
                                 " added_at) VALUES ('cells.png', 'cells', 1, 'image', 1, 'now');"
                                 "INSERT INTO pages (document_id, number, width, height, dpi)"
                                 " VALUES (1, 1, 1000, 1000, 300);",
                                 &error));
  g_assert_no_error (error);
  ocr[0] = (MrgStoreOcrCell) { TRUE, { 0, 0, 1000, 100 }, "Фамилия", 90, NULL };
  for (guint i = 0; i < n_cells; i++)
    {
      l_uint8 *png = NULL;
      size_t size = 0;
      GBytes *bytes;

      g_assert_cmpint (pixWriteMemPng (&png, &size, cells[i].image, 0), ==, 0);
      bytes = g_bytes_new (png, size);
      lept_free (png);
      g_ptr_array_add (images, bytes);
      ocr[i + 1] = (MrgStoreOcrCell) {
        TRUE, { 0, 100 * (i + 1), 1000, 100 * (i + 2) }, cells[i].text, 80, bytes,
      };
    }
  g_assert_true (mrg_store_begin (store, &error));
  g_assert_cmpint (mrg_store_write_ocr_table (store, 1, &table, &error), ==, 1);
  g_assert_true (mrg_store_commit (store, &error));
  g_assert_no_error (error);
  if (verify)
    {
      g_assert_true (mrg_store_exec (store, "UPDATE rows SET status = 'verified' WHERE NOT header",
                                     &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&store);
}

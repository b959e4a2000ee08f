/* mrg-test-cells.c: cells of a corpus page with their true text, cut out for OCR
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-test"

#include "mrg-test-cells.h"

#include <json-glib/json-glib.h>

#include "mrg-test-util.h"

static void
cell_clear (MrgTestCell *cell)
{
  pixDestroy (&cell->image);
  g_free (cell->text);
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

/* test-export-fixture.h: a real project for the export tests, built from corpus ground truth
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <leptonica/allheaders.h>

#include "mrg-document.h"
#include "mrg-export.h"
#include "mrg-store.h"
#include "mrg-store-testing.h"

/* Texts that break naive writers: a separator, quotes, a line break, a tab, a backslash. */
#define FIXTURE_TRICKY_TEXT "Бектанов, \"Бек\"\nулы\tсын\\"

G_GNUC_UNUSED static char *
fixture_corpus_path (const char *name)
{
  const char *corpus = g_getenv ("MURAGAT_CORPUS");

  if (corpus == NULL)
    corpus = "../shared/corpus";
  return g_build_filename (corpus, "synthetic-typed-ru", name, NULL);
}

G_GNUC_UNUSED static char *
fixture_sha256 (const char *path,
                gint64     *size)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  *size = len;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

G_GNUC_UNUSED static gint64
fixture_add_image (MrgStore   *store,
                   const char *image_name,
                   int        *out_w,
                   int        *out_h)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_corpus_path (image_name);
  g_autofree char *sha = NULL;
  gint64 size = 0;
  l_int32 w = 0, h = 0, bps = 0, spp = 0;
  gint64 doc, page;

  sha = fixture_sha256 (path, &size);
  g_assert_cmpint (pixReadHeader (path, NULL, &w, &h, &bps, &spp, NULL), ==, 0);
  doc = mrg_store_add_document (store, path, sha, size, MRG_DOCUMENT_KIND_IMAGE, 1, &error);
  g_assert_no_error (error);
  page = mrg_store_add_page (store, doc, 1, w, h, 300.0, &error);
  g_assert_no_error (error);
  *out_w = w;
  *out_h = h;
  return page;
}

/* Adds the ground-truth grid of a synthetic page (header row 0 and body rows) as OCR results. */
G_GNUC_UNUSED static gint64
fixture_add_grid (MrgStore   *store,
                  gint64      page,
                  const char *gt_name,
                  GArray     *cell_ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *gt_path = fixture_corpus_path (gt_name);
  JsonObject *root;
  JsonArray *cells;
  MrgBox area = { G_MAXINT, G_MAXINT, 0, 0 };
  int n_rows, n_cols;
  gint64 table;
  g_autofree gint64 *rows = NULL;

  g_assert_true (json_parser_load_from_file (parser, gt_path, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  cells = json_object_get_array_member (root, "cells");
  n_rows = json_object_get_int_member (root, "rows");
  n_cols = json_object_get_int_member (root, "cols");
  for (guint i = 0; i < json_array_get_length (cells); i++)
    {
      JsonArray *b = json_object_get_array_member (json_array_get_object_element (cells, i), "box");

      area.x1 = MIN (area.x1, json_array_get_int_element (b, 0));
      area.y1 = MIN (area.y1, json_array_get_int_element (b, 1));
      area.x2 = MAX (area.x2, json_array_get_int_element (b, 2));
      area.y2 = MAX (area.y2, json_array_get_int_element (b, 3));
    }
  table = mrg_store_add_table (store, page, &area, NULL, &error);
  g_assert_no_error (error);
  rows = g_new0 (gint64, n_rows);
  for (int r = 0; r < n_rows; r++)
    {
      rows[r] = mrg_store_add_row (store, table, r, r == 0, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < json_array_get_length (cells); i++)
    {
      JsonObject *c = json_array_get_object_element (cells, i);
      JsonArray *b = json_object_get_array_member (c, "box");
      MrgBox box = { json_array_get_int_element (b, 0), json_array_get_int_element (b, 1),
                     json_array_get_int_element (b, 2), json_array_get_int_element (b, 3) };
      int r = json_object_get_int_member (c, "row");
      int col = json_object_get_int_member (c, "col");
      gint64 id;

      g_assert_cmpint (col, <, n_cols);
      id = mrg_store_add_cell (store, rows[r], col, &box, json_object_get_string_member (c, "text"),
                               80.0 + (i % 20), &error);
      g_assert_no_error (error);
      if (cell_ids != NULL)
        g_array_append_val (cell_ids, id);
    }
  return table;
}

G_GNUC_UNUSED static gint64
fixture_cell_id (MrgStore *store,
                 gint64    table,
                 int       row_idx,
                 int       col)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mrg_store_prepare (store, "SELECT c.id FROM cells c JOIN rows r ON r.id = c.row_id"
                                   " WHERE r.table_id = ? AND r.idx = ? AND c.col = ?", NULL);
  sqlite3_bind_int64 (stmt, 1, table);
  sqlite3_bind_int (stmt, 2, row_idx);
  sqlite3_bind_int (stmt, 3, col);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

G_GNUC_UNUSED static gint64
fixture_row_id (MrgStore *store,
                gint64    table,
                int       row_idx)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = mrg_store_prepare (store, "SELECT id FROM rows WHERE table_id = ? AND idx = ?", NULL);
  sqlite3_bind_int64 (stmt, 1, table);
  sqlite3_bind_int (stmt, 2, row_idx);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The project: clean-00.jpg with its true grid (columns 0–4 named by the project, column 5 left
 * to the header row), a person's edits in row 1 (tricky text, flags, verified), and clean-01.jpg
 * imported but without a table. */
G_GNUC_UNUSED static MrgStore *
fixture_build_project (const char *dir,
                       gint64     *out_table)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "p.muragat", NULL);
  MrgStore *store;
  static const char *names[] = { "№", "Фамилия и.и.з.", "г.г. рож.", "г.г. приз.", "Место плен." };
  gint64 page, table;
  int w, h;

  store = mrg_store_open (path, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  mrg_store_set_user (store, "Тестовый Архивист");

  g_assert_true (mrg_store_begin (store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (mrg_store_set_column (store, i, names[i],
                                         i == 1 ? MRG_COLUMN_TYPE_NAME :
                                         i == 2 || i == 3 ? MRG_COLUMN_TYPE_YEAR :
                                         MRG_COLUMN_TYPE_TEXT, &error));
  page = fixture_add_image (store, "clean-00.jpg", &w, &h);
  table = fixture_add_grid (store, page, "clean-00.json", NULL);
  fixture_add_image (store, "clean-01.jpg", &w, &h);
  g_assert_true (mrg_store_commit (store, &error));

  g_assert_true (mrg_store_edit_cell_text (store, fixture_cell_id (store, table, 1, 1),
                                           FIXTURE_TRICKY_TEXT, &error));
  g_assert_true (mrg_store_edit_cell_flags (store, fixture_cell_id (store, table, 1, 4),
                                            MRG_CELL_FLAG_ILLEGIBLE | MRG_CELL_FLAG_UNCERTAIN,
                                            &error));
  g_assert_true (mrg_store_edit_cell_flags (store, fixture_cell_id (store, table, 2, 4),
                                            MRG_CELL_FLAG_UNCERTAIN, &error));
  g_assert_true (mrg_store_edit_row_status (store, fixture_row_id (store, table, 1),
                                            MRG_ROW_STATUS_VERIFIED, &error));
  g_assert_true (mrg_store_edit_row_status (store, fixture_row_id (store, table, 3),
                                            MRG_ROW_STATUS_VERIFIED, &error));
  g_assert_no_error (error);
  if (out_table != NULL)
    *out_table = table;
  return store;
}

/* Exports the project, which must work. */
G_GNUC_UNUSED static void
fixture_export (MrgStore                *store,
                MrgExportFormat          format,
                const MrgExportOptions  *options,
                const char              *out)
{
  MrgExportOptions with_format = { 0 };
  g_autoptr(GError) error = NULL;

  if (options != NULL)
    with_format = *options;
  with_format.format = format;
  g_assert_true (mrg_export_to_file (store, &with_format, out, NULL, &error));
  g_assert_no_error (error);
}

/* A project of every page of a probed document, the true grid of page-00.json on its first page;
 * returns the open store. */
G_GNUC_UNUSED static MrgStore *
fixture_build_document_project (const char            *project,
                                const MrgDocumentInfo *info)
{
  g_autoptr(GError) error = NULL;
  MrgStore *store;
  gint64 doc, page1 = 0;

  store = mrg_store_open (project, MRG_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (mrg_store_begin (store, NULL));
  doc = mrg_store_add_document (store, info->path, info->sha256, info->size, info->kind,
                                info->n_pages, &error);
  for (guint i = 0; i < info->n_pages; i++)
    {
      gint64 id = mrg_store_add_page (store, doc, i + 1, info->pages[i].width,
                                      info->pages[i].height, info->pages[i].dpi, &error);

      g_assert_no_error (error);
      if (i == 0)
        page1 = id;
    }
  fixture_add_grid (store, page1, "page-00.json", NULL);
  g_assert_true (mrg_store_commit (store, NULL));
  return store;
}

/* The ground truth's text of a cell, read independently of the store. */
G_GNUC_UNUSED static char *
fixture_gt_text (const char *gt_name,
                 int         row,
                 int         col)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *gt_path = fixture_corpus_path (gt_name);
  JsonArray *cells;

  g_assert_true (json_parser_load_from_file (parser, gt_path, NULL));
  cells = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "cells");
  for (guint i = 0; i < json_array_get_length (cells); i++)
    {
      JsonObject *c = json_array_get_object_element (cells, i);

      if (json_object_get_int_member (c, "row") == row && json_object_get_int_member (c, "col") == col)
        return g_strdup (json_object_get_string_member (c, "text"));
    }
  return NULL;
}

G_GNUC_UNUSED static int
fixture_gt_rows (const char *gt_name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *gt_path = fixture_corpus_path (gt_name);

  g_assert_true (json_parser_load_from_file (parser, gt_path, NULL));
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "rows");
}

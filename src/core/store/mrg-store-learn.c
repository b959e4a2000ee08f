/* mrg-store-learn.c: the cell images OCR read, and which verified cells the OCR model learnt from
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "muragat-store"

#include "config.h"

#include "mrg-store-private.h"
#include "mrg-store-learn.h"
#include "mrg-models.h"

/* A verified body row's cells that have an image and text; ?1 = 1 keeps those not learnt; ?2
 * the language the images were read with first (installed, or learnt from it), NULL for any. */
#define LEARN_SAMPLES_WHERE \
  " FROM cell_images i JOIN cells c ON c.id = i.cell_id JOIN rows r ON r.id = c.row_id" \
  " WHERE " MRG_STORE_LIVE_ROW ("r") " AND NOT r.header AND r.status = 'verified'" \
  "   AND trim (c.text) <> '' AND (?1 = 0 OR NOT i.learnt)" \
  "   AND (?2 IS NULL OR substr (i.model, 1, instr (i.model || '+', '+') - 1)" \
  "                      IN (?2, ?2 || '" MRG_MODELS_SUFFIX "'))"

gboolean
mrg_store_set_cell_image (MrgStore    *self,
                          gint64       cell_id,
                          GBytes      *png,
                          const char  *model,
                          GError     **error)
{
  g_autofree char *now = _mrg_store_now ();

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (png != NULL && model != NULL, FALSE);

  if (!_mrg_store_run (self, "keeping a cell's image", error,
                       "INSERT OR REPLACE INTO cell_images (cell_id, png, model, read_at)"
                       " VALUES (?, ?, ?, ?)",
                       "Ixss", cell_id, png, model, now))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_CELLS, cell_id);
  return TRUE;
}

static GBytes *
column_bytes (sqlite3_stmt *stmt,
              int           column)
{
  return g_bytes_new (sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
}

GBytes *
mrg_store_get_cell_image (MrgStore    *self,
                          gint64       cell_id,
                          char       **out_model,
                          GError     **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_query (self, error, "SELECT png, model FROM cell_images WHERE cell_id = ?",
                           "I", cell_id);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      mrg_store_set_error (self, error, rc, "reading a cell's image");
      return NULL;
    }
  if (out_model != NULL)
    *out_model = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return column_bytes (stmt, 0);
}

static void
learn_sample_clear (gpointer data)
{
  MrgStoreLearnSample *sample = data;

  g_clear_pointer (&sample->png, g_bytes_unref);
  g_clear_pointer (&sample->text, g_free);
  g_clear_pointer (&sample->model, g_free);
}

GArray *
mrg_store_list_learn_samples (MrgStore    *self,
                              const char  *language,
                              gboolean     only_new,
                              GError     **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (MrgStoreLearnSample));
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  g_array_set_clear_func (samples, learn_sample_clear);
  stmt = _mrg_store_query (self, error,
                           "SELECT c.id, i.png, c.text, i.model, i.learnt" LEARN_SAMPLES_WHERE
                           " ORDER BY r.table_id, r.idx, c.col",
                           "is", only_new ? 1 : 0, language);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStoreLearnSample sample = {
        .cell_id = sqlite3_column_int64 (stmt, 0),
        .png = column_bytes (stmt, 1),
        .text = g_strdup ((const char *) sqlite3_column_text (stmt, 2)),
        .model = g_strdup ((const char *) sqlite3_column_text (stmt, 3)),
        .learnt = sqlite3_column_int (stmt, 4) != 0,
      };

      g_array_append_val (samples, sample);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading the verified cells to learn from");
      return NULL;
    }
  return g_steal_pointer (&samples);
}

gint64
mrg_store_count_learn_samples (MrgStore    *self,
                               const char  *language,
                               gboolean     only_new,
                               GError     **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), -1);

  stmt = _mrg_store_query (self, error, "SELECT count(*)" LEARN_SAMPLES_WHERE,
                           "is", only_new ? 1 : 0, language);
  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      mrg_store_set_error (self, error, rc, "counting the verified cells to learn from");
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static void
read_languages_clear (gpointer data)
{
  g_clear_pointer (&((MrgStoreReadLanguages *) data)->languages, g_free);
}

/* "[1,2,3]", for json_each (); NULL for no pages */
static char *
page_id_list (const gint64 *page_ids,
              guint         n_pages)
{
  GString *list;

  if (n_pages == 0)
    return NULL;
  list = g_string_new ("[");
  for (guint i = 0; i < n_pages; i++)
    g_string_append_printf (list, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", page_ids[i]);
  g_string_append_c (list, ']');
  return g_string_free (list, FALSE);
}

GArray *
mrg_store_count_read_languages (MrgStore      *self,
                                const gint64  *page_ids,
                                guint          n_pages,
                                GError       **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (MrgStoreReadLanguages));
  g_autofree char *pages = page_id_list (page_ids, n_pages);
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);
  g_return_val_if_fail (n_pages == 0 || page_ids != NULL, NULL);

  g_array_set_clear_func (counts, read_languages_clear);
  stmt = _mrg_store_query (self, error,
                           "SELECT i.model, count (DISTINCT t.page_id) AS n"
                           " FROM cell_images i JOIN cells c ON c.id = i.cell_id"
                           " JOIN rows r ON r.id = c.row_id JOIN tables t ON t.id = r.table_id"
                           " WHERE " MRG_STORE_LIVE_ROW ("r")
                           " AND (?1 IS NULL OR t.page_id IN (SELECT value FROM json_each (?1)))"
                           " GROUP BY i.model ORDER BY n DESC, i.model", "s", pages);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgStoreReadLanguages count = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        (guint) sqlite3_column_int (stmt, 1),
      };

      g_array_append_val (counts, count);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "counting the languages OCR read with");
      return NULL;
    }
  return g_steal_pointer (&counts);
}

char *
mrg_store_read_languages_to_string (const GArray *counts)
{
  GString *list = g_string_new (NULL);

  g_return_val_if_fail (counts != NULL, NULL);

  for (guint i = 0; i < counts->len; i++)
    {
      const MrgStoreReadLanguages *count = &g_array_index (counts, MrgStoreReadLanguages, i);

      g_string_append_printf (list, "%s%s %u", i > 0 ? ", " : "", count->languages,
                              count->n_pages);
    }
  return g_string_free (list, FALSE);
}

gboolean
mrg_store_mark_learnt (MrgStore      *self,
                       const gint64  *cell_ids,
                       guint          n_cells,
                       GError       **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (n_cells == 0 || cell_ids != NULL, FALSE);

  for (guint i = 0; i < n_cells; i++)
    {
      if (!_mrg_store_run (self, "marking a cell learnt", error,
                           "UPDATE cell_images SET learnt = 1 WHERE cell_id = ?", "I", cell_ids[i]))
        return FALSE;
      _mrg_store_note_change (self, MRG_STORE_CHANGE_CELLS, cell_ids[i]);
    }
  return TRUE;
}

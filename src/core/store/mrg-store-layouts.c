/* mrg-store-layouts.c: layouts, the named sets of columns that tables are read with
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-store"

#include "mrg-store-private.h"
#include "mrg-store-layouts.h"

#include <glib/gi18n.h>
#include <stdlib.h>

/* The layout table t is read with. */
#define TABLE_LAYOUT(t) "coalesce (" t ".layout_id, (SELECT min (id) FROM layouts))"

static void
layout_column_clear (gpointer data)
{
  MrgLayoutColumn *column = data;

  g_free (column->name);
  g_free (column->lang);
  g_free (column->whitelist);
}

void
mrg_layout_free (MrgLayout *layout)
{
  if (layout == NULL)
    return;
  g_free (layout->name);
  g_free (layout->lang);
  g_free (layout->pages);
  g_clear_pointer (&layout->columns, g_array_unref);
  g_free (layout);
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           col)
{
  const char *text = (const char *) sqlite3_column_text (stmt, col);

  return g_strdup (text != NULL ? text : "");
}

/* Reads the one value (NULL when SQL NULL) of a statement whose ?1 is id; no row is an error
 * when must_exist, else gives NULL. */
static gboolean
read_text (MrgStore    *self,
           const char  *sql,
           gint64       id,
           gboolean     must_exist,
           char       **out,
           GError     **error)
{
  g_autoptr(MrgStmt) stmt = _mrg_store_query (self, error, sql, "I", id);
  int rc;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        *out = dup_text (stmt, 0);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (self, error, rc, "reading the layouts");
  if (must_exist)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_FAILED,
                   "%s: there is no such layout, table or document", mrg_store_get_path (self));
      return FALSE;
    }
  return TRUE;
}

/* Reads one field's value by sql (?1 = id; the row must exist) and changes it to value, as one
 * undoable edit of kind. */
static gboolean
change_text (MrgStore    *self,
             const char  *kind,
             const char  *sql,
             const char  *table,
             gint64       id,
             const char  *field,
             const char  *value,
             GError     **error)
{
  g_autofree char *old = NULL;

  return read_text (self, sql, id, TRUE, &old, error) &&
         mrg_store_change_field (self, &(MrgStoreEdit) { kind, table, id, field, old, value },
                                 error);
}

/* Reads one id (0 when the query gives no row or NULL) of a statement whose ?1 is id. */
static gboolean
query_id (MrgStore    *self,
          const char  *sql,
          gint64       id,
          gint64      *out,
          GError     **error)
{
  g_autofree char *text = NULL;

  if (!read_text (self, sql, id, FALSE, &text, error))
    return FALSE;
  *out = text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
  return TRUE;
}

/* The ids a statement whose ?1 is id gives, in its order. */
static GArray *
query_ids (MrgStore    *self,
           const char  *sql,
           gint64       id,
           GError     **error)
{
  return _mrg_store_query_ids (self, "reading the layouts", error, sql, "I", id);
}

gint64
mrg_store_create_layout (MrgStore    *self,
                         const char  *name,
                         GError     **error)
{
  g_autofree char *now = _mrg_store_now ();
  gint64 id;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  if (!_mrg_store_run (self, "adding a layout", error,
                       "INSERT INTO layouts (name, created) VALUES (?, ?)",
                       "ss", name, now))
    return 0;
  id = sqlite3_last_insert_rowid (_mrg_store_db (self));
  _mrg_store_note_change (self, MRG_STORE_CHANGE_COLUMNS, 0);
  return id;
}

static gboolean
read_columns (MrgStore   *self,
              MrgLayout  *layout,
              GError    **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  stmt = _mrg_store_query (self, error,
                           "SELECT position, name, type, lang, whitelist, proposed"
                           " FROM layout_columns WHERE layout_id = ? AND position >= 0"
                           " ORDER BY position",
                           "I", layout->id);
  if (stmt == NULL)
    return FALSE;
  layout->columns = g_array_new (FALSE, TRUE, sizeof (MrgLayoutColumn));
  g_array_set_clear_func (layout->columns, layout_column_clear);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgLayoutColumn column = {
        .position = sqlite3_column_int (stmt, 0),
        .name = dup_text (stmt, 1),
        .type = MRG_COLUMN_TYPE_TEXT,
        .lang = dup_text (stmt, 3),
        .whitelist = dup_text (stmt, 4),
        .proposed = sqlite3_column_int (stmt, 5) != 0,
      };

      mrg_column_type_from_string ((const char *) sqlite3_column_text (stmt, 2), &column.type);
      g_array_append_val (layout->columns, column);
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (self, error, rc, "reading the columns of a layout");
  return TRUE;
}

/* "list-5.jpg 1–3, 7; list-6.pdf 2": the pages whose tables are read with the layout. */
static gboolean
read_pages (MrgStore   *self,
            MrgLayout  *layout,
            GError    **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GString) pages = g_string_new (NULL);
  gint64 document = 0;
  int first = 0, last = 0;
  int rc;

  stmt = _mrg_store_query (self, error,
                           "SELECT d.id, d.path, p.number, count (*) FROM tables t"
                           " JOIN pages p ON p.id = t.page_id"
                           " JOIN documents d ON d.id = p.document_id"
                           " WHERE " TABLE_LAYOUT ("t") " = ?"
                           " GROUP BY d.id, p.number ORDER BY d.position, d.id, p.number",
                           "I", layout->id);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 doc = sqlite3_column_int64 (stmt, 0);
      int number = sqlite3_column_int (stmt, 2);

      layout->n_tables += sqlite3_column_int (stmt, 3);
      if (doc == document && number == last + 1)
        {
          last = number;
          continue;
        }
      if (document != 0 && last > first)
        g_string_append_printf (pages, "–%d", last);
      if (doc != document)
        {
          g_autofree char *base = g_path_get_basename ((const char *) sqlite3_column_text (stmt, 1));

          g_string_append_printf (pages, "%s%s %d", document != 0 ? "; " : "", base, number);
        }
      else
        g_string_append_printf (pages, ", %d", number);
      document = doc;
      first = last = number;
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (self, error, rc, "reading the pages of a layout");
  if (document != 0 && last > first)
    g_string_append_printf (pages, "–%d", last);
  layout->pages = g_string_free (g_steal_pointer (&pages), FALSE);
  return TRUE;
}

static gboolean
read_max_col (MrgStore   *self,
              MrgLayout  *layout,
              GError    **error)
{
  g_autofree char *text = NULL;

  if (!read_text (self,
                  "SELECT max (c.col) FROM cells c JOIN rows r ON r.id = c.row_id"
                  " JOIN tables t ON t.id = r.table_id"
                  " WHERE " TABLE_LAYOUT ("t") " = ? AND " MRG_STORE_LIVE_ROW ("r")
                  " AND " MRG_STORE_LIVE_CELL ("c"),
                  layout->id, FALSE, &text, error))
    return FALSE;
  layout->max_col = text != NULL ? atoi (text) : -1;
  return TRUE;
}

/* A layout and its columns; with `tables`, its tables too (pages, n_tables, max_col), which
 * reads every cell of them. */
static MrgLayout *
read_layout (MrgStore      *self,
             sqlite3_stmt  *stmt,
             gboolean       tables,
             GError       **error)
{
  g_autoptr(MrgLayout) layout = g_new0 (MrgLayout, 1);

  layout->id = sqlite3_column_int64 (stmt, 0);
  layout->name = dup_text (stmt, 1);
  layout->lang = dup_text (stmt, 2);
  layout->max_col = -1;
  if (!read_columns (self, layout, error) ||
      (tables && (!read_pages (self, layout, error) || !read_max_col (self, layout, error))))
    return NULL;
  return g_steal_pointer (&layout);
}

static GPtrArray *
list_layouts (MrgStore  *self,
              gboolean   tables,
              GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_layout_free);
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_cached (self, "SELECT id, name, lang FROM layouts ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MrgLayout *layout = read_layout (self, stmt, tables, error);

      if (layout == NULL)
        return NULL;
      g_ptr_array_add (layouts, layout);
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading the layouts");
      return NULL;
    }
  return g_steal_pointer (&layouts);
}

GPtrArray *
mrg_store_list_layouts (MrgStore  *self,
                        GError   **error)
{
  return list_layouts (self, TRUE, error);
}

GPtrArray *
mrg_store_list_layout_columns (MrgStore  *self,
                               GError   **error)
{
  return list_layouts (self, FALSE, error);
}

MrgLayout *
mrg_store_get_layout (MrgStore  *self,
                      gint64     layout_id,
                      GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_query (self, error, "SELECT id, name, lang FROM layouts WHERE id = ?",
                           "I", layout_id);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_layout (self, stmt, TRUE, error);
  if (rc == SQLITE_DONE)
    g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_FAILED,
                 "%s: there is no layout %" G_GINT64_FORMAT, mrg_store_get_path (self), layout_id);
  else
    mrg_store_set_error (self, error, rc, "reading a layout");
  return NULL;
}

GHashTable *
mrg_store_get_table_layouts (MrgStore  *self,
                             GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GHashTable) layouts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         g_free);
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_cached (self,
                            "SELECT t.id, " TABLE_LAYOUT ("t") " FROM tables t"
                            " WHERE " TABLE_LAYOUT ("t") " IS NOT NULL",
                            error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 table_id = sqlite3_column_int64 (stmt, 0);
      gint64 layout_id = sqlite3_column_int64 (stmt, 1);

      g_hash_table_insert (layouts, g_memdup2 (&table_id, sizeof table_id),
                           g_memdup2 (&layout_id, sizeof layout_id));
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading the layouts of the tables");
      return NULL;
    }
  return g_steal_pointer (&layouts);
}

gint64
mrg_store_find_layout (MrgStore    *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  /* by name, else by the number `layouts` shows */
  stmt = _mrg_store_query (self, error,
                           "SELECT coalesce ((SELECT min (id) FROM layouts WHERE name = ?1),"
                           " (SELECT id FROM layouts WHERE CAST (id AS TEXT) = ?1), 0)",
                           "s", name);
  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  mrg_store_set_error (self, error, rc, "reading the layouts");
  return 0;
}

gint64
mrg_store_get_default_layout (MrgStore  *self,
                              gboolean   create,
                              GError   **error)
{
  gint64 id = 0;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  if (!query_id (self, "SELECT min (id) FROM layouts WHERE id > ?", 0, &id, error))
    return 0;
  if (id == 0 && create)
    id = mrg_store_create_layout (self, "Layout 1", error);
  return id;
}

gint64
mrg_store_get_table_layout (MrgStore  *self,
                            gint64     table_id,
                            GError   **error)
{
  gint64 id = 0;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  query_id (self, "SELECT " TABLE_LAYOUT ("t") " FROM tables t WHERE t.id = ?", table_id, &id,
            error);
  return id;
}

gint64
mrg_store_get_table_own_layout (MrgStore  *self,
                                gint64     table_id,
                                GError   **error)
{
  gint64 id = 0;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  query_id (self, "SELECT layout_id FROM tables WHERE id = ?", table_id, &id, error);
  return id;
}

gboolean
mrg_store_adopt_layout (MrgStore  *self,
                        gint64     table_id,
                        gint64     layout_id,
                        GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!_mrg_store_run (self, "giving a table its layout", error,
                       "UPDATE tables SET layout_id = ?2"
                       " WHERE id = ?1 AND layout_id IS NULL",
                       "II", table_id, layout_id))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_TABLES, table_id);
  return TRUE;
}

gint64
mrg_store_get_previous_layout (MrgStore  *self,
                               gint64     page_id,
                               int        idx,
                               GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  stmt = _mrg_store_query (self, error,
                           "SELECT t.layout_id FROM tables t JOIN pages p ON p.id = t.page_id,"
                           " pages here ON here.id = ?1"
                           " WHERE p.document_id = here.document_id AND t.layout_id IS NOT NULL"
                           " AND (p.number < here.number OR (p.id = here.id AND t.idx < ?2))"
                           " ORDER BY p.number DESC, t.idx DESC LIMIT 1",
                           "Ii", page_id, idx);
  if (stmt == NULL)
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    mrg_store_set_error (self, error, rc, "reading the layouts");
  return id;
}

gint64
mrg_store_get_earlier_document_layout (MrgStore  *self,
                                       gint64     page_id,
                                       GError   **error)
{
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), 0);

  ids = _mrg_store_query_ids (self, "reading the layouts", error,
                              "SELECT t.layout_id FROM tables t JOIN pages p ON p.id = t.page_id"
                              " JOIN documents d ON d.id = p.document_id,"
                              " pages here JOIN documents hd ON hd.id = here.document_id"
                              " WHERE here.id = ?1 AND t.layout_id IS NOT NULL"
                              " AND (d.position < hd.position"
                              "      OR (d.position = hd.position AND d.id < hd.id))"
                              " ORDER BY d.position DESC, d.id DESC, p.number DESC, t.idx DESC"
                              " LIMIT 1",
                              "I", page_id);
  if (ids == NULL || ids->len == 0)
    return 0;
  return g_array_index (ids, gint64, 0);
}

GStrv
mrg_store_get_layout_header (MrgStore  *self,
                             gint64     layout_id,
                             GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  stmt = _mrg_store_query (self, error,
                           "SELECT c.col, c.text FROM cells c WHERE c.row_id ="
                           " (SELECT r.id FROM tables t JOIN rows r ON r.table_id = t.id"
                           "  WHERE t.layout_id = ?1 AND r.header AND r.idx >= 0"
                           "  ORDER BY t.id, r.idx LIMIT 1)"
                           " ORDER BY c.col",
                           "I", layout_id);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int col = sqlite3_column_int (stmt, 0);
      const char *text = (const char *) sqlite3_column_text (stmt, 1);

      while (texts->len <= (guint) col)
        g_ptr_array_add (texts, g_strdup (""));
      g_free (g_ptr_array_index (texts, col));
      g_ptr_array_index (texts, col) = g_strdup (text != NULL ? text : "");
    }
  if (rc != SQLITE_DONE)
    {
      mrg_store_set_error (self, error, rc, "reading the layouts");
      return NULL;
    }
  g_ptr_array_add (texts, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&texts), FALSE);
}

/* The layout a new reading of the page is given: its tables', else the previous page's; 0
 * when there is none. */
static gboolean
get_page_layout (MrgStore  *self,
                 gint64     page_id,
                 gint64    *out_layout_id,
                 GError   **error)
{
  g_autoptr(GError) local = NULL;

  if (!query_id (self, "SELECT t.layout_id FROM tables t WHERE t.page_id = ?"
                       " AND t.layout_id IS NOT NULL ORDER BY t.idx LIMIT 1",
                 page_id, out_layout_id, error))
    return FALSE;
  if (*out_layout_id != 0)
    return TRUE;
  *out_layout_id = mrg_store_get_previous_layout (self, page_id, 0, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

char *
mrg_store_get_page_ocr_lang (MrgStore  *self,
                             gint64     page_id,
                             GError   **error)
{
  g_autofree char *lang = NULL;
  gint64 layout_id = 0;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  if (!get_page_layout (self, page_id, &layout_id, error))
    return NULL;
  if (layout_id != 0 &&
      !read_text (self, "SELECT lang FROM layouts WHERE id = ?", layout_id, FALSE, &lang, error))
    return NULL;
  if (lang != NULL && *lang != '\0')
    return g_steal_pointer (&lang);
  g_clear_pointer (&lang, g_free);
  if (!read_text (self, "SELECT d.lang FROM documents d JOIN pages p ON p.document_id = d.id"
                        " WHERE p.id = ?", page_id, FALSE, &lang, error))
    return NULL;
  if (lang == NULL)
    return g_strdup ("");
  return g_steal_pointer (&lang);
}

gboolean
mrg_store_set_layout_lang (MrgStore    *self,
                           gint64       layout_id,
                           const char  *lang,
                           GError     **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (lang != NULL, FALSE);

  return change_text (self, "layout-lang", "SELECT lang FROM layouts WHERE id = ?", "layouts",
                      layout_id, "lang", lang, error);
}

gboolean
mrg_store_set_document_lang (MrgStore    *self,
                             gint64       document_id,
                             const char  *lang,
                             GError     **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (lang != NULL, FALSE);

  return change_text (self, "document-lang", "SELECT lang FROM documents WHERE id = ?",
                      "documents", document_id, "lang", lang, error);
}

/* The layout of get_page_layout, read; NULL without error when there is none. */
static MrgLayout *
page_layout (MrgStore  *self,
             gint64     page_id,
             GError   **error)
{
  gint64 layout_id = 0;

  if (!get_page_layout (self, page_id, &layout_id, error) || layout_id == 0)
    return NULL;
  return mrg_store_get_layout (self, layout_id, error);
}

GArray *
mrg_store_get_page_column_types (MrgStore  *self,
                                 gint64     page_id,
                                 guint      n_cols,
                                 GError   **error)
{
  g_autoptr(GArray) types = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(MrgLayout) layout = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  g_array_set_size (types, n_cols);
  for (guint c = 0; c < n_cols; c++)
    g_array_index (types, int, c) = -1;
  layout = page_layout (self, page_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  for (guint i = 0; layout != NULL && i < layout->columns->len; i++)
    {
      const MrgLayoutColumn *column = &g_array_index (layout->columns, MrgLayoutColumn, i);

      if ((guint) column->position < n_cols)
        g_array_index (types, int, column->position) = column->type;
    }
  return g_steal_pointer (&types);
}

GPtrArray *
mrg_store_get_page_column_whitelists (MrgStore  *self,
                                      gint64     page_id,
                                      guint      n_cols,
                                      GError   **error)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new_full (n_cols, g_free);
  g_autoptr(MrgLayout) layout = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), NULL);

  for (guint c = 0; c < n_cols; c++)
    g_ptr_array_add (lists, g_strdup (""));
  layout = page_layout (self, page_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  for (guint i = 0; layout != NULL && i < layout->columns->len; i++)
    {
      const MrgLayoutColumn *column = &g_array_index (layout->columns, MrgLayoutColumn, i);

      if ((guint) column->position < n_cols && column->whitelist != NULL)
        {
          g_free (lists->pdata[column->position]);
          lists->pdata[column->position] = g_strdup (column->whitelist);
        }
    }
  return g_steal_pointer (&lists);
}

gboolean
mrg_store_ensure_layout_column (MrgStore         *self,
                                gint64            layout_id,
                                int               position,
                                const char       *name,
                                MrgColumnType     type,
                                MrgColumnNaming   naming,
                                GError          **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!_mrg_store_run (self, "saving a column", error,
                       "INSERT INTO layout_columns (layout_id, position, name, type, proposed,"
                       " from_header) VALUES (?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (layout_id, position) DO NOTHING",
                       "Iissii", layout_id, position, name, mrg_column_type_to_string (type),
                       naming == MRG_COLUMN_NAME_PROPOSED ? 1 : 0,
                       naming != MRG_COLUMN_NAME_GIVEN ? 1 : 0))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_COLUMNS, layout_id);
  return TRUE;
}

gboolean
mrg_store_copy_layout_columns (MrgStore  *self,
                               gint64     from_layout_id,
                               gint64     to_layout_id,
                               GError   **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  if (!_mrg_store_run (self, "copying the columns of a layout", error,
                       "INSERT INTO layout_columns (layout_id, position, name, type, lang,"
                       " whitelist, rules, proposed, from_header)"
                       " SELECT ?2, position, name, type, lang, whitelist, rules, proposed,"
                       " from_header"
                       " FROM layout_columns WHERE layout_id = ?1"
                       " ON CONFLICT (layout_id, position) DO NOTHING",
                       "II", from_layout_id, to_layout_id))
    return FALSE;
  _mrg_store_note_change (self, MRG_STORE_CHANGE_COLUMNS, to_layout_id);
  return TRUE;
}

/* Gives column `id` a name that is no longer proposed, as logged edits. */
static gboolean
rename_column (MrgStore    *self,
               gint64       id,
               const char  *name,
               GError     **error)
{
  return change_text (self, "column", "SELECT name FROM layout_columns WHERE id = ?",
                      "layout_columns", id, "name", name, error) &&
         change_text (self, "column", "SELECT proposed FROM layout_columns WHERE id = ?",
                      "layout_columns", id, "proposed", "0", error);
}

gboolean
mrg_store_edit_layout_column (MrgStore       *self,
                              gint64          layout_id,
                              int             position,
                              const char     *name,
                              MrgColumnType   type,
                              GError        **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  /* A column the layout does not have yet is added first, then changed by logged edits. */
  if (!mrg_store_ensure_layout_column (self, layout_id, position, "", MRG_COLUMN_TYPE_TEXT,
                                       MRG_COLUMN_NAME_GIVEN, error))
    return FALSE;
  stmt = _mrg_store_query (self, error,
                           "SELECT id FROM layout_columns WHERE layout_id = ? AND position = ?",
                           "Ii", layout_id, position);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _mrg_stmt_release);
  if (id == 0)
    {
      g_set_error (error, MRG_STORE_ERROR, MRG_STORE_ERROR_FAILED,
                   "%s: the column could not be added", mrg_store_get_path (self));
      return FALSE;
    }
  /* the name is the person's now: the header row no longer changes it */
  return rename_column (self, id, name, error) &&
         change_text (self, "column", "SELECT type FROM layout_columns WHERE id = ?",
                      "layout_columns", id, "type", mrg_column_type_to_string (type), error) &&
         change_text (self, "column", "SELECT from_header FROM layout_columns WHERE id = ?",
                      "layout_columns", id, "from_header", "0", error);
}

/* The name a header cell's text gives the column at `position`: the text on one line, else
 * "Column N". */
static char *
header_name (const char *text,
             int         position)
{
  char *name = mrg_column_name_from_text (text);

  if (*name != '\0')
    return name;
  g_free (name);
  return mrg_column_number_name (position);
}

gboolean
_mrg_store_follow_header_cell (MrgStore  *self,
                               gint64     cell_id,
                               GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autofree char *name = NULL;
  gint64 id;
  int rc;

  stmt = _mrg_store_query (self, error,
                           "SELECT lc.id, lc.position, c.text FROM cells c"
                           " JOIN rows r ON r.id = c.row_id JOIN tables t ON t.id = r.table_id"
                           " JOIN layout_columns lc ON lc.layout_id = " TABLE_LAYOUT ("t")
                           "  AND lc.position = c.col"
                           " WHERE c.id = ? AND r.header <> 0 AND lc.from_header <> 0"
                           " AND " MRG_STORE_LIVE_ROW ("r"),
                           "I", cell_id);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return mrg_store_set_error (self, error, rc, "reading the column of a header cell");
  id = sqlite3_column_int64 (stmt, 0);
  name = header_name ((const char *) sqlite3_column_text (stmt, 2), sqlite3_column_int (stmt, 1));
  g_clear_pointer (&stmt, _mrg_stmt_release);
  return rename_column (self, id, name, error);
}

gboolean
_mrg_store_follow_header_row (MrgStore  *self,
                              gint64     row_id,
                              GError   **error)
{
  g_autoptr(GArray) cells = NULL;

  cells = _mrg_store_query_ids (self, "reading a row", error,
                                "SELECT id FROM cells c WHERE row_id = ? AND text <> ''"
                                " AND " MRG_STORE_LIVE_CELL ("c") " ORDER BY col",
                                "I", row_id);
  if (cells == NULL)
    return FALSE;
  for (guint i = 0; i < cells->len; i++)
    if (!_mrg_store_follow_header_cell (self, g_array_index (cells, gint64, i), error))
      return FALSE;
  return TRUE;
}

gboolean
_mrg_store_unfollow_header_row (MrgStore  *self,
                                gint64     row_id,
                                GError   **error)
{
  g_autoptr(MrgStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int rc;

  /* each of the row's cells with its column, when that follows the header, and the text of the
   * same column in the first header row the table still has */
  stmt = _mrg_store_query (self, error,
                           "SELECT lc.id, lc.position, lc.name, c.text,"
                           " (SELECT o.text FROM cells o JOIN rows h ON h.id = o.row_id"
                           "  WHERE h.table_id = r.table_id AND h.header <> 0"
                           "  AND " MRG_STORE_LIVE_ROW ("h") " AND o.col = c.col"
                           "  AND trim (o.text) <> '' ORDER BY h.idx LIMIT 1)"
                           " FROM cells c JOIN rows r ON r.id = c.row_id"
                           " JOIN tables t ON t.id = r.table_id"
                           " JOIN layout_columns lc ON lc.layout_id = " TABLE_LAYOUT ("t")
                           "  AND lc.position = c.col"
                           " WHERE r.id = ? AND lc.from_header <> 0 AND " MRG_STORE_LIVE_CELL ("c"),
                           "I", row_id);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *name = (const char *) sqlite3_column_text (stmt, 2);
      const char *text = (const char *) sqlite3_column_text (stmt, 3);
      g_autofree char *gave = mrg_column_name_from_text (text);

      /* a name that another page's header gave, or a person typed since, stays */
      if (*gave == '\0' || g_strcmp0 (gave, name) != 0)
        continue;
      g_array_append_val (ids, id);
      g_ptr_array_add (names, header_name ((const char *) sqlite3_column_text (stmt, 4),
                                           sqlite3_column_int (stmt, 1)));
    }
  if (rc != SQLITE_DONE)
    return mrg_store_set_error (self, error, rc, "reading the columns of a header row");
  /* renamed once the statement that reads them is done */
  g_clear_pointer (&stmt, _mrg_stmt_release);
  for (guint i = 0; i < ids->len; i++)
    if (!rename_column (self, g_array_index (ids, gint64, i), names->pdata[i], error))
      return FALSE;
  return TRUE;
}

gboolean
mrg_store_accept_layout_columns (MrgStore  *self,
                                 gint64     layout_id,
                                 GError   **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) following = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  /* An accepted name is the person's: it no longer follows the header row either. */
  ids = query_ids (self, "SELECT id FROM layout_columns WHERE layout_id = ? AND proposed <> 0",
                   layout_id, error);
  following = query_ids (self, "SELECT id FROM layout_columns WHERE layout_id = ?"
                               " AND proposed <> 0 AND from_header <> 0",
                         layout_id, error);
  if (ids == NULL || following == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!mrg_store_change_field (self, &(MrgStoreEdit) { "column", "layout_columns",
                                                         g_array_index (ids, gint64, i),
                                                         "proposed", "1", "0" }, error))
      return FALSE;
  for (guint i = 0; i < following->len; i++)
    if (!mrg_store_change_field (self, &(MrgStoreEdit) { "column", "layout_columns",
                                                         g_array_index (following, gint64, i),
                                                         "from_header", "1", "0" }, error))
      return FALSE;
  return TRUE;
}

gboolean
mrg_store_rename_layout (MrgStore    *self,
                         gint64       layout_id,
                         const char  *name,
                         GError     **error)
{
  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return change_text (self, "layout", "SELECT name FROM layouts WHERE id = ?", "layouts",
                      layout_id, "name", name, error);
}

gboolean
mrg_store_set_table_layout (MrgStore  *self,
                            gint64     table_id,
                            gint64     layout_id,
                            GError   **error)
{
  g_autofree char *new = g_strdup_printf ("%" G_GINT64_FORMAT, layout_id);

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  return change_text (self, "table-layout", "SELECT layout_id FROM tables WHERE id = ?", "tables",
                      table_id, "layout_id", new, error);
}

gboolean
mrg_store_set_document_layout (MrgStore  *self,
                               gint64     document_id,
                               gint64     layout_id,
                               guint     *out_n_tables,
                               GError   **error)
{
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (MRG_IS_STORE (self), FALSE);

  ids = query_ids (self, "SELECT t.id FROM tables t JOIN pages p ON p.id = t.page_id"
                         " WHERE p.document_id = ? ORDER BY p.number, t.idx",
                   document_id, error);
  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!mrg_store_set_table_layout (self, g_array_index (ids, gint64, i), layout_id, error))
      return FALSE;
  if (out_n_tables != NULL)
    *out_n_tables = ids->len;
  return TRUE;
}

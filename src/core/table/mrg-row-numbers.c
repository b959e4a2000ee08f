/* mrg-row-numbers.c: the numbers a person sees beside rows, for whatever reports a row
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-table"

#include "config.h"

#include "mrg-row-numbers.h"
#include "mrg-table.h"

struct _MrgRowNumbers
{
  MrgStore *store;
  GHashTable *pages;     /* page ids whose tables were read */
  GHashTable *numbers;   /* row id → its number */
};

MrgRowNumbers *
mrg_row_numbers_new (MrgStore *store)
{
  MrgRowNumbers *self = g_new0 (MrgRowNumbers, 1);

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->pages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->numbers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return self;
}

void
mrg_row_numbers_free (MrgRowNumbers *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->numbers, g_hash_table_unref);
  g_free (self);
}

static gboolean
read_page (MrgRowNumbers  *self,
           gint64          page_id,
           GError        **error)
{
  g_autoptr(GPtrArray) tables = NULL;

  if (g_hash_table_contains (self->pages, &page_id))
    return TRUE;
  tables = mrg_store_load_tables (self->store, page_id, error);
  if (tables == NULL)
    return FALSE;
  g_hash_table_add (self->pages, g_memdup2 (&page_id, sizeof page_id));
  for (guint t = 0; t < tables->len; t++)
    {
      MrgTable *table = g_ptr_array_index (tables, t);

      for (guint k = 0; k < table->rows->len; k++)
        g_hash_table_insert (self->numbers,
                             g_memdup2 (&mrg_table_get_row (table, k)->id, sizeof (gint64)),
                             GUINT_TO_POINTER (k + 1));
    }
  return TRUE;
}

int
mrg_row_numbers_get (MrgRowNumbers  *self,
                     gint64          page_id,
                     gint64          row_id,
                     GError        **error)
{
  g_return_val_if_fail (self != NULL, 0);

  if (page_id == 0)
    page_id = mrg_store_find_page_of (self->store, "rows", row_id);
  if (page_id == 0 || !read_page (self, page_id, error))
    return 0;
  return GPOINTER_TO_INT (g_hash_table_lookup (self->numbers, &row_id));
}

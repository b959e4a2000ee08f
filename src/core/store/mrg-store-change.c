/* mrg-store-change.c: what one committed change to the project touched
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-store"

#include "mrg-store.h"

/* Past this many ids of one kind a change stops listing them and touches "all" of that kind. */
#define MAX_IDS 4096

struct _MrgStoreChange
{
  MrgStoreChangeKind kinds;
  MrgStoreChangeKind all;       /* kinds touched without a list of ids */
  GArray *ids[MRG_STORE_CHANGE_N_KINDS];
};

G_DEFINE_BOXED_TYPE (MrgStoreChange, mrg_store_change, mrg_store_change_copy, mrg_store_change_free)

static guint
kind_index (MrgStoreChangeKind kind)
{
  g_assert (kind != 0 && (kind & (kind - 1)) == 0);
  return (guint) g_bit_nth_lsf ((gulong) kind, -1);
}

MrgStoreChange *
mrg_store_change_new (void)
{
  return g_new0 (MrgStoreChange, 1);
}

void
mrg_store_change_free (MrgStoreChange *change)
{
  if (change == NULL)
    return;
  for (guint i = 0; i < MRG_STORE_CHANGE_N_KINDS; i++)
    g_clear_pointer (&change->ids[i], g_array_unref);
  g_free (change);
}

MrgStoreChange *
mrg_store_change_copy (const MrgStoreChange *change)
{
  MrgStoreChange *copy = mrg_store_change_new ();

  mrg_store_change_merge (copy, change);
  return copy;
}

void
mrg_store_change_add (MrgStoreChange     *change,
                      MrgStoreChangeKind  kind,
                      gint64              id)
{
  guint i;
  GArray *ids;

  g_return_if_fail (change != NULL);

  i = kind_index (kind);
  change->kinds |= kind;
  if (change->all & kind)
    return;
  if (id == 0)
    {
      change->all |= kind;
      g_clear_pointer (&change->ids[i], g_array_unref);
      return;
    }
  if (change->ids[i] == NULL)
    change->ids[i] = g_array_new (FALSE, FALSE, sizeof (gint64));
  ids = change->ids[i];
  /* The same id is noted often (every field of one cell); the newest is at the end. */
  if (ids->len > 0 && g_array_index (ids, gint64, ids->len - 1) == id)
    return;
  if (ids->len >= MAX_IDS)
    {
      change->all |= kind;
      g_clear_pointer (&change->ids[i], g_array_unref);
      return;
    }
  g_array_append_val (ids, id);
}

void
mrg_store_change_merge (MrgStoreChange       *change,
                        const MrgStoreChange *other)
{
  g_return_if_fail (change != NULL);
  g_return_if_fail (other != NULL);

  for (guint i = 0; i < MRG_STORE_CHANGE_N_KINDS; i++)
    {
      MrgStoreChangeKind kind = 1 << i;

      if (!(other->kinds & kind))
        continue;
      if (other->all & kind)
        {
          mrg_store_change_add (change, kind, 0);
          continue;
        }
      for (guint j = 0; other->ids[i] != NULL && j < other->ids[i]->len; j++)
        mrg_store_change_add (change, kind, g_array_index (other->ids[i], gint64, j));
    }
}

MrgStoreChangeKind
mrg_store_change_get_kinds (const MrgStoreChange *change)
{
  g_return_val_if_fail (change != NULL, 0);
  return change->kinds;
}

gboolean
mrg_store_change_has (const MrgStoreChange *change,
                      MrgStoreChangeKind    kind,
                      gint64                id)
{
  GArray *ids;

  g_return_val_if_fail (change != NULL, FALSE);

  if (!(change->kinds & kind))
    return FALSE;
  if (id == 0 || (change->all & kind))
    return TRUE;
  ids = change->ids[kind_index (kind)];
  for (guint j = 0; ids != NULL && j < ids->len; j++)
    if (g_array_index (ids, gint64, j) == id)
      return TRUE;
  return FALSE;
}

const gint64 *
mrg_store_change_get_ids (const MrgStoreChange *change,
                          MrgStoreChangeKind    kind,
                          guint                *n_ids)
{
  GArray *ids;

  g_return_val_if_fail (change != NULL, NULL);

  ids = (change->all & kind) ? NULL : change->ids[kind_index (kind)];
  if (n_ids != NULL)
    *n_ids = ids != NULL ? ids->len : 0;
  return ids != NULL ? (const gint64 *) (gpointer) ids->data : NULL;
}

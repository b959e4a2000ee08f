/* mrg-types.c: string forms of the enums stored in a project file
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-types"

#include "config.h"

#include "mrg-types.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <leptonica/allheaders.h>
#include <locale.h>
#include <string.h>

static const char *document_kinds[] = { "image", "tiff", "pdf", "pagexml" };
static const char *page_statuses[] = { "new", "ocr-done", "in-progress", "verified" };
static const char *row_statuses[] = { "unverified", "verified" };
static const char *column_types[] = { "text", "integer", "year", "name", "enum" };

static gboolean
lookup (const char  *str,
        const char **names,
        guint        n_names,
        int         *out)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (str, names[i]) == 0)
        {
          *out = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_STRINGS(prefix, Type, names)                            \
  const char *prefix##_to_string (Type value)                               \
  {                                                                         \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (names), NULL);      \
    return names[value];                                                    \
  }                                                                         \
  gboolean prefix##_from_string (const char *str, Type *value)              \
  {                                                                         \
    int v;                                                                  \
    if (!lookup (str, names, G_N_ELEMENTS (names), &v))                     \
      return FALSE;                                                         \
    *value = (Type) v;                                                      \
    return TRUE;                                                            \
  }

DEFINE_ENUM_STRINGS (mrg_document_kind, MrgDocumentKind, document_kinds)
DEFINE_ENUM_STRINGS (mrg_page_status, MrgPageStatus, page_statuses)
DEFINE_ENUM_STRINGS (mrg_row_status, MrgRowStatus, row_statuses)
DEFINE_ENUM_STRINGS (mrg_column_type, MrgColumnType, column_types)

char *
mrg_column_name_from_text (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t\r\n\v\f", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) joined = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_strv_builder_add (kept, words[i]);
  joined = g_strv_builder_end (kept);
  return g_strjoinv (" ", joined);
}

char *
mrg_column_number_name (guint position)
{
  /* Translators: the name of a column that has no name yet; %u is its number, from 1 */
  return g_strdup_printf (_("Column %u"), position + 1);
}

void
mrg_core_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      /* leptonica prints its warnings and errors on stderr ("Error in numaGetIValue: index not
       * valid" from inside pixBackgroundNorm on a page with dark borders, for one); Muragat
       * checks every result and reports failures itself in one line naming the file. A
       * developer who wants to see them sets LEPT_MSG_SEVERITY (leptonica reads it itself). */
      if (g_getenv ("LEPT_MSG_SEVERITY") != NULL)
        setMsgSeverity (L_SEVERITY_EXTERNAL);
      else
        setMsgSeverity (L_SEVERITY_NONE);
      g_once_init_leave (&once, 1);
    }
}

int
mrg_box_compare_centre_y (gconstpointer a,
                          gconstpointer b)
{
  const MrgBox *x = a, *y = b;
  int cx = x->y1 + x->y2, cy = y->y1 + y->y2;

  return (cx > cy) - (cx < cy);
}

int
mrg_compare_int (gconstpointer a,
                 gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return (x > y) - (x < y);
}

guint *
mrg_sets_new (guint n)
{
  guint *parent = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    parent[i] = i;
  return parent;
}

guint
mrg_sets_find (guint *parent,
               guint  i)
{
  while (parent[i] != i)
    i = parent[i] = parent[parent[i]];
  return i;
}

void
mrg_sets_join (guint *parent,
               guint  a,
               guint  b)
{
  parent[mrg_sets_find (parent, a)] = mrg_sets_find (parent, b);
}

GCancellable *
mrg_monitor_get_cancellable (const MrgMonitor *monitor)
{
  return monitor != NULL ? monitor->cancellable : NULL;
}

void
mrg_monitor_report (const MrgMonitor *monitor,
                    guint             done,
                    guint             total)
{
  if (monitor != NULL && monitor->progress != NULL)
    monitor->progress (done, total, monitor->user_data);
}

void
mrg_core_init_locale (void)
{
  const char *dir = g_getenv ("MURAGAT_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* MURAGAT_LOCALEDIR lets an uninstalled build show its translations (build/po); the core's
   * error messages are in the same domain, so the window and the CLI bind it the same way. */
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
mrg_remove_dir_of_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

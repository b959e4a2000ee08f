/* mrg-import.c: adding scans and PAGE files to a project
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-import"

#include "config.h"

#include "mrg-import.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mrg-document.h"
#include "mrg-pagexml.h"
#include "mrg-store.h"
#include "mrg-store-pages.h"

/* Records a document and its pages; its text layer too, for a PDF. */
static gboolean
add_document (MrgStore               *store,
              const MrgDocumentInfo  *info,
              MrgImportResult        *result,
              GError                **error)
{
  gint64 document_id;

  document_id = mrg_store_add_document (store, info->path, info->sha256, info->size, info->kind,
                                        info->n_pages, error);
  if (document_id == 0)
    return FALSE;
  result->documents_added++;

  for (guint i = 0; i < info->n_pages; i++)
    {
      const MrgPageInfo *page = &info->pages[i];
      gint64 page_id;

      page_id = mrg_store_add_page (store, document_id, i + 1, page->width, page->height,
                                    page->dpi, error);
      if (page_id == 0)
        return FALSE;
      result->pages_added++;

      if (info->kind == MRG_DOCUMENT_KIND_PDF)
        {
          g_autoptr(GPtrArray) words = mrg_document_get_words (info->path, i + 1, page->dpi,
                                                               error);

          if (words == NULL)
            return FALSE;
          for (guint w = 0; w < words->len; w++)
            {
              const MrgWord *word = g_ptr_array_index (words, w);

              if (!mrg_store_add_page_word (store, page_id, &word->box, word->text, error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

/* A file whose content is already in the project: relink it if its old path is gone. */
static gboolean
add_known_document (MrgStore         *store,
                    gint64            document_id,
                    const char       *old_path,
                    const char       *new_path,
                    MrgImportResult  *result,
                    GError          **error)
{
  if (g_strcmp0 (old_path, new_path) != 0 && !g_file_test (old_path, G_FILE_TEST_EXISTS))
    {
      if (!mrg_store_set_document_path (store, document_id, new_path, error))
        return FALSE;
      result->relinked++;
    }
  else
    result->already_present++;
  return TRUE;
}

/* Names the file in a message as the person gave it, not as it was made absolute, and as text:
 * a file name that is not UTF-8 (Latin-1, common in archives) is kept as bytes to open the file
 * but shown by g_filename_display_name(). */
static void
name_file_in_error (GError     **error,
                    const char  *absolute,
                    const char  *given)
{
  g_autofree char *shown = NULL;
  char *message;

  if (error == NULL || *error == NULL || !g_str_has_prefix ((*error)->message, absolute) ||
      (g_strcmp0 (absolute, given) == 0 && g_utf8_validate (given, -1, NULL)))
    return;
  shown = g_filename_display_name (given);
  message = g_strconcat (shown, (*error)->message + strlen (absolute), NULL);
  g_free ((*error)->message);
  (*error)->message = message;
}

gboolean
mrg_import_files (MrgStore               *store,
                  const char * const     *paths,
                  double                  pdf_dpi,
                  const MrgMonitor       *monitor,
                  MrgImportResult        *result,
                  GError                **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_document_info_free);
  GCancellable *cancellable = mrg_monitor_get_cancellable (monitor);
  MrgImportResult local = { 0 };
  guint total;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);

  total = g_strv_length ((char **) paths);

  /* Read and check every file before the project is touched: all or nothing. */
  for (guint i = 0; i < total; i++)
    {
      g_autofree char *absolute = g_canonicalize_filename (paths[i], NULL);
      MrgDocumentInfo *info = mrg_document_probe (absolute, pdf_dpi, cancellable, error);

      if (info == NULL)
        {
          name_file_in_error (error, absolute, paths[i]);
          return FALSE;
        }
      g_ptr_array_add (infos, info);
      mrg_monitor_report (monitor, i + 1, total);
    }

  if (!mrg_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < infos->len; i++)
    {
      const MrgDocumentInfo *info = g_ptr_array_index (infos, i);
      g_autofree char *old_path = NULL;
      gint64 known;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto failed;

      if (info->kind == MRG_DOCUMENT_KIND_PAGE_XML)
        {
          if (mrg_pagexml_import (store, info->path, error) == 0)
            {
              name_file_in_error (error, info->path, info->path);
              goto failed;
            }
          local.documents_added++;
          local.pages_added++;
          continue;
        }

      known = mrg_store_find_document (store, info->sha256, &old_path);
      if (known != 0)
        {
          if (!add_known_document (store, known, old_path, info->path, &local, error))
            goto failed;
          continue;
        }
      if (!add_document (store, info, &local, error))
        goto failed;
    }

  if (!mrg_store_commit (store, error))
    return FALSE;

  if (result != NULL)
    *result = local;
  return TRUE;

failed:
  mrg_store_rollback (store);
  return FALSE;
}

static void
collect_files (const char   *path,
               GPtrArray    *files,
               int           depth,
               GCancellable *cancellable)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_cancellable_is_cancelled (cancellable))
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (files, g_canonicalize_filename (path, NULL));
      return;
    }
  if (depth > 8)
    return;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      collect_files (child, files, depth + 1, cancellable);
    }
}

GArray *
mrg_import_list_missing (MrgStore  *store,
                         GError   **error)
{
  GArray *documents;

  g_return_val_if_fail (MRG_IS_STORE (store), NULL);

  documents = mrg_store_list_documents (store, error);
  for (guint i = documents != NULL ? documents->len : 0; i > 0; i--)
    if (g_file_test (g_array_index (documents, MrgStoreDocument, i - 1).path, G_FILE_TEST_EXISTS))
      g_array_remove_index (documents, i - 1);
  return documents;
}

gboolean
mrg_import_relink (MrgStore            *store,
                   const char * const  *paths,
                   GCancellable        *cancellable,
                   int                 *out_relinked,
                   GError             **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) missing = NULL;
  g_autoptr(GHashTable) missing_sizes = g_hash_table_new (g_int64_hash, g_int64_equal);
  int relinked = 0;

  g_return_val_if_fail (MRG_IS_STORE (store), FALSE);

  /* Hash only files whose size matches a missing scan: relinking a folder of thousands of
   * images must not read all of them. */
  missing = mrg_import_list_missing (store, error);
  if (missing == NULL)
    return FALSE;
  for (guint i = 0; i < missing->len; i++)
    g_hash_table_add (missing_sizes, &g_array_index (missing, MrgStoreDocument, i).size);

  if (missing->len > 0)
    for (guint i = 0; paths[i] != NULL; i++)
      collect_files (paths[i], files, 0, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!mrg_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < files->len; i++)
    {
      const char *file = g_ptr_array_index (files, i);
      g_autofree char *sha256 = NULL;
      g_autofree char *old_path = NULL;
      GStatBuf st;
      gint64 size, known;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          mrg_store_rollback (store);
          return FALSE;
        }
      if (g_stat (file, &st) != 0)
        continue;
      size = st.st_size;
      if (!g_hash_table_contains (missing_sizes, &size))
        continue;
      sha256 = mrg_file_sha256 (file, NULL, NULL, NULL);
      if (sha256 == NULL)
        continue;
      known = mrg_store_find_document (store, sha256, &old_path);
      if (known == 0 || g_file_test (old_path, G_FILE_TEST_EXISTS))
        continue;
      if (!mrg_store_set_document_path (store, known, file, error))
        {
          mrg_store_rollback (store);
          return FALSE;
        }
      relinked++;
    }
  if (!mrg_store_commit (store, error))
    return FALSE;

  if (out_relinked != NULL)
    *out_relinked = relinked;
  return TRUE;
}

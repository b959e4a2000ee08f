/* mrg-models.c: where a project keeps the OCR models it learnt, and which model reads it
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-models"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mrg-models.h"
#include "mrg-ocr.h"

char *
mrg_models_get_dir (const char *project_path)
{
  g_return_val_if_fail (project_path != NULL, NULL);
  return g_strconcat (project_path, ".models", NULL);
}

char *
mrg_models_get_base (const char *lang)
{
  g_return_val_if_fail (lang != NULL, NULL);
  return g_strndup (lang, strcspn (lang, "+"));
}

char *
mrg_models_describe (const char *lang)
{
  g_autoptr(GString) plain = NULL;

  g_return_val_if_fail (lang != NULL, NULL);

  plain = g_string_new (lang);
  if (g_string_replace (plain, MRG_MODELS_SUFFIX, "", 0) == 0)
    return g_string_free (g_steal_pointer (&plain), FALSE);
  /* Translators: OCR languages ("rus+kaz") whose first one this project's learning improved */
  return g_strdup_printf (_("%s as learnt here"), plain->str);
}

char *
mrg_models_get_learnt (const char *project_path,
                       const char *lang)
{
  g_autofree char *dir = mrg_models_get_dir (project_path);
  g_autofree char *base = mrg_models_get_base (lang);
  g_autofree char *name = g_strconcat (base, MRG_MODELS_SUFFIX, ".traineddata", NULL);

  return g_build_filename (dir, name, NULL);
}

/* tesseract reads every language from one folder: the others are linked into the models'. */
static gboolean
link_language (const char  *dir,
               const char  *language,
               GError     **error)
{
  g_autofree char *name = g_strconcat (language, ".traineddata", NULL);
  g_autofree char *link_path = g_build_filename (dir, name, NULL);
  g_autofree char *target = NULL;
  g_autoptr(GFile) link = NULL;

  if (g_file_test (link_path, G_FILE_TEST_EXISTS))
    return TRUE;
  target = mrg_ocr_find_traineddata (NULL, language);
  if (target == NULL)
    {
      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_LANGUAGE,
                   _("OCR language “%s” is not installed (install tesseract-ocr-%s)"), language,
                   language);
      return FALSE;
    }
  /* a dangling link (tesseract moved its data) is replaced */
  g_remove (link_path);
  link = g_file_new_for_path (link_path);
  return g_file_make_symbolic_link (link, target, NULL, error);
}

gboolean
mrg_models_resolve (const char  *project_path,
                    const char  *lang,
                    char       **out_dir,
                    char       **out_lang,
                    GError     **error)
{
  g_autofree char *learnt = NULL;
  g_autofree char *dir = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (lang != NULL, FALSE);
  g_return_val_if_fail (out_dir != NULL && out_lang != NULL, FALSE);

  *out_dir = NULL;
  *out_lang = g_strdup (lang);
  if (project_path == NULL)
    return TRUE;
  learnt = mrg_models_get_learnt (project_path, lang);
  if (!g_file_test (learnt, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  dir = mrg_models_get_dir (project_path);
  parts = g_strsplit (lang, "+", -1);
  for (guint i = 1; parts[i] != NULL; i++)
    if (!link_language (dir, parts[i], error))
      return FALSE;
  g_free (*out_lang);
  *out_lang = g_strconcat (parts[0], MRG_MODELS_SUFFIX, lang + strlen (parts[0]), NULL);
  *out_dir = g_steal_pointer (&dir);
  return TRUE;
}

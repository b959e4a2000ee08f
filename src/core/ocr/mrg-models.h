/* mrg-models.h: where a project keeps the OCR models it learnt, and which model reads it
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A learnt model is named after the language it grew from: rus → rus_muragat. */
#define MRG_MODELS_SUFFIX "_muragat"

/* The folder beside the project file that holds its learnt models: "P.muragat.models". */
char     *mrg_models_get_dir     (const char  *project_path);
/* The first language of `lang` ("rus" of "rus+kaz"): the one a round teaches. */
char     *mrg_models_get_base    (const char  *lang);
/* OCR languages as a person knows them: "rus+kaz as learnt here" for "rus_muragat+kaz", read
 * with the model this project's learning made of rus; other languages as they are. */
char     *mrg_models_describe    (const char  *lang);
/* The file a model learnt from `lang` is written to (it need not exist). */
char     *mrg_models_get_learnt  (const char  *project_path,
                                  const char  *lang);

/* What reads a project with the languages `lang`: when the project has learnt a model of its
 * first language, the models folder (`out_dir`, where the other languages are linked from
 * tesseract's data) and `lang` with that language replaced by the learnt one; else `out_dir`
 * NULL and `lang` as it is. */
gboolean  mrg_models_resolve     (const char  *project_path,
                                  const char  *lang,
                                  char       **out_dir,
                                  char       **out_lang,
                                  GError     **error);

G_END_DECLS

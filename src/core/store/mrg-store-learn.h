/* mrg-store-learn.h: the cell images OCR read, and which verified cells the OCR model learnt from
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "mrg-store.h"

G_BEGIN_DECLS

/* Keeps `png`, the cell exactly as OCR read it with the languages `model`, as the cell's image,
 * replacing an older one (which is then to be learnt again). */
gboolean   mrg_store_set_cell_image        (MrgStore      *self,
                                            gint64         cell_id,
                                            GBytes        *png,
                                            const char    *model,
                                            GError       **error);
/* The image of a cell and the model that read it; NULL (no error) when it has none. */
GBytes    *mrg_store_get_cell_image        (MrgStore      *self,
                                            gint64         cell_id,
                                            char         **out_model,
                                            GError       **error);

/* A verified cell with the image OCR read and the text a person confirmed. */
typedef struct
{
  gint64 cell_id;
  GBytes *png;
  char *text;
  char *model;
  gboolean learnt;          /* a learning round has used it */
} MrgStoreLearnSample;

/* MrgStoreLearnSample of every cell with an image and text in a verified body row not deleted,
 * in project order, whose image was read with `language` first ("rus" of "rus+kaz", or the
 * model learnt from it; NULL: whatever read it), since a model learns only its own script;
 * with `only_new`, those no round has used yet. */
GArray    *mrg_store_list_learn_samples    (MrgStore      *self,
                                            const char    *language,
                                            gboolean       only_new,
                                            GError       **error);
/* How many there are, without reading the images; -1 on error. */
gint64     mrg_store_count_learn_samples   (MrgStore      *self,
                                            const char    *language,
                                            gboolean       only_new,
                                            GError       **error);
/* The OCR languages that read these pages, all the project's when n_pages is 0 (as the
 * images' `model` says, a learnt model by its own name), each with how many pages it read
 * cells of; most pages first. */
typedef struct
{
  char *languages;
  guint n_pages;
} MrgStoreReadLanguages;

GArray    *mrg_store_count_read_languages  (MrgStore      *self,
                                            const gint64  *page_ids,
                                            guint          n_pages,
                                            GError       **error);
/* The counts as "rus+kaz 3, eng 2". */
char      *mrg_store_read_languages_to_string (const GArray *counts);
/* Marks the images of these cells as used by a learning round. */
gboolean   mrg_store_mark_learnt           (MrgStore      *self,
                                            const gint64  *cell_ids,
                                            guint          n_cells,
                                            GError       **error);

G_END_DECLS

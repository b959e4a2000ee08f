/* mrg-store-vocab.h: the values a person has checked in each column, for doubt and OCR
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "mrg-types.h"

G_BEGIN_DECLS

typedef void (*MrgStoreVocabFunc) (int         col,
                                   const char *text,
                                   guint       count,
                                   gpointer    data);

/* Calls `func` once for every distinct (column, text) of the body cells a person has checked —
 * the cells of verified rows and the cells a person typed — of the live rows of every table read
 * with layout `layout_id` (0: the tables of a project without layouts), with how often it
 * occurs. Empty texts are left out. */
gboolean   mrg_store_vocab_foreach      (MrgStore           *store,
                                         gint64              layout_id,
                                         MrgStoreVocabFunc   func,
                                         gpointer            data,
                                         GError            **error);

G_END_DECLS

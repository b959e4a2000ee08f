/* mrg-test-project.h: builds projects from the corpus for the display tests and benchmarks
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "mrg-store.h"

G_BEGIN_DECLS

/* The corpus folder (MURAGAT_CORPUS, or ../shared/corpus beside the source tree). */
char     *mrg_test_corpus_path     (const char  *relative);
/* Imports the scans through mrg_import_files into a new project at `project`. */
MrgStore *mrg_test_make_project    (const char  *project,
                                    const char * const *scans,
                                    GError     **error);
/* Gives the page the grid and text of a synthetic-typed-ru ground-truth JSON, as OCR would:
 * every cell's text as read, with confidence 95, except every 7th body cell at 40. The columns
 * get the header names with types integer, name, year, year, text, text. With `n_tables` > 1,
 * the truth is that many tables stacked on the page, its rows shared out between them in order
 * (the first table has the header row), as OCR stores a page with several tables. */
gboolean  mrg_test_add_truth_tables (MrgStore   *store,
                                     gint64      page_id,
                                     const char *truth_json,
                                     guint       n_tables,
                                     GError    **error);
gint64    mrg_test_first_page      (MrgStore    *store);
/* A new project at `project` of clean-00.jpg and clean-01.jpg of synthetic-typed-ru, the first
 * `n_with_truth` of its two pages given their ground truth by mrg_test_add_truth_tables. */
void      mrg_test_make_synthetic_project (const char *project,
                                           guint       n_with_truth);
/* The first value of what sql gives (?1 bound to arg unless NULL), read from the project file
 * with a read-only connection of its own, as another program would: text (NULL when there is no
 * row or it is NULL), or a number (-1 when there is no row). */
char     *mrg_test_read_text       (const char  *project,
                                    const char  *sql,
                                    const char  *arg);
gint64    mrg_test_read_int        (const char  *project,
                                    const char  *sql);

G_END_DECLS

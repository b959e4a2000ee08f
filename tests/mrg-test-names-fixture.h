/* mrg-test-names-fixture.h: the small project of people that the search and match tests share
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "mrg-store.h"

G_BEGIN_DECLS

/* A project file in a temporary folder of its own, and the store open on it. */
typedef struct
{
  char *dir;
  char *project;
  MrgStore *store;
} MrgTestNamesFixture;

/* Two documents, three pages, eleven people (with OCR-like misspellings and one person twice),
 * built through the store API as "lists.muragat" in dir; returns the file's path. */
char *mrg_test_names_build_project     (const char          *dir);
/* g_test_add () set-up and tear-down: a fresh folder and project for each test case. */
void  mrg_test_names_fixture_set_up    (MrgTestNamesFixture *f,
                                        gconstpointer        data);
void  mrg_test_names_fixture_tear_down (MrgTestNamesFixture *f,
                                        gconstpointer        data);
/* Adds a test case that runs on a fresh fixture: func (MrgTestNamesFixture *, gconstpointer). */
#define mrg_test_names_add(path, func) \
  g_test_add (path, MrgTestNamesFixture, NULL, mrg_test_names_fixture_set_up, func, \
              mrg_test_names_fixture_tear_down)

/* What a run of muragat-cli left: its exit status (see mrg_test_run_cli) and its output. */
typedef struct
{
  int status;
  char *out;
  char *err;
} MrgTestRun;

void  mrg_test_run_clear               (MrgTestRun          *run);

G_END_DECLS

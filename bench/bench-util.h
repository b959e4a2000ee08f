/* bench-util.h: what the benchmarks share: their options and the corpus they read
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>
#include <locale.h>

/* Takes the locale from the environment (C.UTF-8 when it names no charset) and parses the
 * options (`summary`, unless NULL, follows the usage line of --help); FALSE, having said why on
 * stderr, when they cannot be parsed. */
G_GNUC_UNUSED static gboolean
bench_parse_options (const char          *summary,
                     const GOptionEntry  *entries,
                     int                 *argc,
                     char              ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (summary);
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  if (!g_get_charset (NULL))
    setlocale (LC_ALL, "C.UTF-8");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

#ifdef SOURCE_ROOT
/* The corpus folder: the --corpus option, else MURAGAT_CORPUS, else ../shared/corpus beside the
 * source tree. */
G_GNUC_UNUSED static char *
bench_corpus_dir (const char *option)
{
  if (option != NULL)
    return g_strdup (option);
  if (g_getenv ("MURAGAT_CORPUS") != NULL)
    return g_strdup (g_getenv ("MURAGAT_CORPUS"));
  return g_strdup (SOURCE_ROOT "/../shared/corpus");
}
#endif

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

static int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The `share` quantile of `n` values (0.5: the median, between the middle two when `n` is even),
 * which it sorts; 0 when there are none. */
G_GNUC_UNUSED static double
bench_quantile (double *values,
                guint   n,
                double  share)
{
  double at = share * (n - 1);
  guint below = (guint) at;

  if (n == 0)
    return 0;
  g_qsort_with_data (values, n, sizeof (double), (GCompareDataFunc) bench_compare_doubles, NULL);
  if (below + 1 >= n)
    return values[n - 1];
  return values[below] + (at - below) * (values[below + 1] - values[below]);
}

G_GNUC_UNUSED static double
bench_median (double *values,
              guint   n)
{
  return bench_quantile (values, n, 0.5);
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

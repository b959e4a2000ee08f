/* test-prepare.c: preparing a page uses less memory without changing the image, and keeps
 * leptonica quiet at the source
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-prepare"

#include "config.h"

#include <glib.h>
#include <leptonica/allheaders.h>
#include <math.h>

#include "mrg-document.h"
#include "mrg-prepare.h"
#include "mrg-test-util.h"

static void
assert_same_pix (PIX *a,
                 PIX *b)
{
  l_int32 same = 0;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpint (pixEqual (a, b, &same), ==, 0);
  g_assert_true (same);
}

/* A colour JPEG decoded straight to grey is the colour page turned to grey by leptonica. */
static void
test_grey_decode (void)
{
  g_autofree char *path = mrg_test_corpus_location ("synthetic-typed-ru", "page-02.jpg");
  g_autoptr(GError) error = NULL;
  g_autoptr(PIX) colour = mrg_document_load_page (path, MRG_DOCUMENT_KIND_IMAGE, 1, 300, &error);
  g_autoptr(PIX) converted = NULL;
  g_autoptr(PIX) grey = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (pixGetDepth (colour), ==, 32);
  converted = pixConvertTo8 (colour, FALSE);
  grey = mrg_document_load_page_grey (path, MRG_DOCUMENT_KIND_IMAGE, 1, 300, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pixGetDepth (grey), ==, 8);
  assert_same_pix (converted, grey);
}

/* The background is normalised in place as leptonica would into a new page; a page handed in
 * without being given away is left as it was. */
static void
test_background_in_place (void)
{
  g_autofree char *path = mrg_test_corpus_location ("synthetic-typed-ru", "clean-01.jpg");
  g_autoptr(GError) error = NULL;
  g_autoptr(PIX) grey = mrg_document_load_page_grey (path, MRG_DOCUMENT_KIND_IMAGE, 1, 300,
                                                     &error);
  g_autoptr(PIX) before = NULL;
  g_autoptr(PIX) expected = NULL;
  g_autoptr(MrgPreparedPage) prepared = NULL;

  g_assert_no_error (error);
  before = pixCopy (NULL, grey);
  expected = pixBackgroundNormSimple (grey, NULL, NULL);
  /* the clean page is not turned, so the prepared grey page is the normalised page itself */
  prepared = mrg_prepare_page (grey, 0.0, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (prepared->skew, ==, 0.0);
  assert_same_pix (expected, prepared->grey);
  assert_same_pix (before, grey);
}

/* A register spread keeps no grey page once its analysis image is made, and reads at analysis
 * scale with the local threshold. */
static void
test_spread_releases_grey (void)
{
  g_autofree char *path = mrg_test_corpus_location ("lectaurep-mariages-divorces",
                                                    "FRAN_0187_49914_L.jpg");
  g_autoptr(GError) error = NULL;
  PIX *grey = mrg_document_load_page_grey (path, MRG_DOCUMENT_KIND_IMAGE, 1, 300, &error);
  g_autoptr(MrgPreparedPage) prepared = NULL;

  g_assert_no_error (error);
  prepared = mrg_prepare_page_take (grey, NAN, &error);
  g_assert_no_error (error);
  g_assert_cmpint (prepared->width, ==, 7089);
  g_assert_cmpint (pixGetWidth (prepared->binary), ==, 7089);
  g_assert_null (prepared->grey);
  g_assert_true (prepared->local);
  g_assert_cmpfloat (prepared->scale, <, 1.0);
  g_assert_cmpint (pixGetWidth (prepared->analysis), ==, (int) lround (7089 * prepared->scale));
  /* nothing left to threshold again */
  g_assert_false (mrg_prepare_local_analysis (prepared));
}

/* The local threshold of a page larger than analysis scale, made in strips, is the one pass of
 * leptonica's Sauvola over the whole reduced page. On this abp page leptonica's own tiling
 * differs in a few pixels, enough to lose a row of its grid. */
static void
test_sauvola_strips (void)
{
  g_autofree char *path = mrg_test_corpus_location ("abp-passau-tables",
                                                    "M_Passau_StPaul_014_0127.jpg");
  g_autoptr(GError) error = NULL;
  g_autoptr(PIX) page = pixRead (path);
  g_autoptr(PIX) grey = NULL;
  g_autoptr(PIX) norm = NULL;
  g_autoptr(PIX) small = NULL;
  PIX *expected = NULL;
  g_autoptr(MrgPreparedPage) prepared = NULL;

  g_assert_nonnull (page);
  prepared = mrg_prepare_page (page, NAN, &error);
  g_assert_no_error (error);
  /* unturned, so the analysis image is the normalised page reduced and thresholded */
  g_assert_cmpfloat (prepared->skew, ==, 0.0);
  g_assert_cmpfloat (prepared->scale, <, 0.7);
  g_assert_true (prepared->local);
  grey = pixConvertTo8 (page, FALSE);
  norm = pixBackgroundNormSimple (grey, NULL, NULL);
  small = pixScaleAreaMap (norm, prepared->scale, prepared->scale);
  g_assert_cmpint (pixSauvolaBinarize (small, 25, 0.25f, 1, NULL, NULL, NULL, &expected), ==, 0);
  assert_same_pix (expected, prepared->analysis);
  pixDestroy (&expected);
}

/* With every leptonica message let through (LEPT_MSG_SEVERITY=2), preparing a snippet under
 * leptonica's background tile grid and a page reduced by less than 0.7 for analysis prints
 * nothing: the misuses are gone at the source, not just silenced. */
static void
test_quiet_at_source (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(PIX) small = pixCreate (40, 30, 8);
      g_autoptr(PIX) page = pixCreate (4000, 1200, 8);
      g_autoptr(MrgPreparedPage) a = NULL;
      g_autoptr(MrgPreparedPage) b = NULL;

      g_setenv ("LEPT_MSG_SEVERITY", "2", TRUE);
      mrg_core_init ();
      pixSetAllArbitrary (small, 230);
      pixSetAllArbitrary (page, 230);
      pixRenderLine (page, 100, 600, 3900, 600, 4, L_CLEAR_PIXELS);
      a = mrg_prepare_page (small, NAN, NULL);
      g_assert_nonnull (a);
      b = mrg_prepare_page (page, NAN, NULL);
      g_assert_nonnull (b);
      g_assert_cmpfloat (b->scale, >=, 0.7);
      g_assert_cmpfloat (b->scale, <, 1.0);
      g_assert_nonnull (b->analysis);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/prepare/grey/decode-as-converted", test_grey_decode);
  g_test_add_func ("/prepare/background/in-place", test_background_in_place);
  g_test_add_func ("/prepare/spread/releases-grey", test_spread_releases_grey);
  g_test_add_func ("/prepare/spread/sauvola-strips", test_sauvola_strips);
  g_test_add_func ("/prepare/leptonica/quiet-at-source", test_quiet_at_source);
  return g_test_run ();
}

/* mrg-prepare.c: skew estimation, normalisation and binarisation of a page before grid and OCR
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-prepare"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mrg-ocr.h"
#include "mrg-prepare.h"

/* Grid analysis needs no more than this many pixels on the long side; registers scanned at
 * 7000 px are scaled down so that morphology stays fast and small. */
#define ANALYSIS_MAX_SIDE 3600

static void
pix_unref (PIX *pix)
{
  if (pix != NULL)
    pixDestroy (&pix);
}

void
mrg_prepared_page_free (MrgPreparedPage *prepared)
{
  if (prepared == NULL)
    return;
  pix_unref (prepared->grey);
  pix_unref (prepared->binary);
  pix_unref (prepared->analysis);
  g_free (prepared);
}

double
mrg_prepare_estimate_skew (PIX *binary)
{
  l_float32 angle = 0.0f;
  l_float32 conf = 0.0f;
  int reduction;

  g_return_val_if_fail (binary != NULL && pixGetDepth (binary) == 1, 0.0);

  /* Text lines and rules survive a 4× reduction at 300 dpi; smaller images get less. */
  reduction = MAX (pixGetWidth (binary), pixGetHeight (binary)) > 2000 ? 4 : 2;
  if (pixFindSkewSweepAndSearch (binary, &angle, &conf, reduction, 2,
                                 MRG_PREPARE_MAX_SKEW, 0.2f, 0.01f) != 0)
    return 0.0;
  /* leptonica's minimum confidence for pixDeskew; below it the page has too little text. */
  if (conf < 3.0f || fabs (angle) > MRG_PREPARE_MAX_SKEW)
    return 0.0;
  /* leptonica answers the rotation that deskews; the page's skew is the opposite. */
  return -angle;
}

static PIX *
binarise (PIX *normalised)
{
  PIX *binary = NULL;

  /* One Otsu threshold over the whole normalised page: the background is already flat, and a
   * global threshold keeps thin grey strokes that local methods lose inside blank regions. */
  if (pixOtsuAdaptiveThreshold (normalised, 4000, 4000, 0, 0, 0.1f, NULL, &binary) != 0)
    return NULL;
  return binary;
}

MrgPreparedPage *
mrg_prepare_page (PIX     *page,
                  double   skew,
                  GError **error)
{
  g_autoptr(MrgPreparedPage) prepared = g_new0 (MrgPreparedPage, 1);
  PIX *grey = NULL;
  PIX *norm = NULL;
  PIX *first = NULL;
  int side;

  g_return_val_if_fail (page != NULL, NULL);

  prepared->width = pixGetWidth (page);
  prepared->height = pixGetHeight (page);

  if (pixGetDepth (page) == 8 && pixGetColormap (page) == NULL)
    grey = pixClone (page);
  else
    grey = pixConvertTo8 (page, FALSE);
  if (grey == NULL)
    goto failed;

  /* Tinted or unevenly lit paper: flatten the background to white before thresholding. */
  norm = pixBackgroundNormSimple (grey, NULL, NULL);
  pix_unref (grey);
  if (norm == NULL)
    goto failed;

  first = binarise (norm);
  if (first == NULL)
    {
      pix_unref (norm);
      goto failed;
    }
  prepared->skew = isnan (skew) ? mrg_prepare_estimate_skew (first) : skew;

  if (fabs (prepared->skew) >= 0.05)
    {
      double radians = -prepared->skew * G_PI / 180.0;

      pix_unref (first);
      prepared->grey = pixRotate (norm, radians, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
      pix_unref (norm);
      if (prepared->grey == NULL)
        goto failed;
      prepared->binary = binarise (prepared->grey);
    }
  else
    {
      prepared->skew = 0.0;
      prepared->grey = norm;
      prepared->binary = first;
    }
  if (prepared->binary == NULL)
    goto failed;

  side = MAX (prepared->width, prepared->height);
  prepared->scale = side > ANALYSIS_MAX_SIDE ? (double) ANALYSIS_MAX_SIDE / side : 1.0;
  {
    PIX *small = prepared->scale < 1.0
                   ? pixScaleAreaMap (prepared->grey, prepared->scale, prepared->scale)
                   : pixClone (prepared->grey);

    if (small == NULL)
      goto failed;
    /* The printed rules of old forms are a light grey that one global threshold drops; a
     * local (Sauvola) threshold keeps them, and grid detection only looks for long lines. */
    if (pixSauvolaBinarizeTiled (small, 25, 0.25f, 1, 1, NULL, &prepared->analysis) != 0)
      prepared->analysis = NULL;
    pixDestroy (&small);
    if (prepared->analysis == NULL)
      goto failed;
  }

  return g_steal_pointer (&prepared);

failed:
  g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_IMAGE,
               _("the page image (%d × %d) could not be prepared for OCR: out of memory?"),
               prepared->width, prepared->height);
  return NULL;
}

void
mrg_skew_map_point (double    skew,
                    int       width,
                    int       height,
                    gboolean  inverse,
                    double    x,
                    double    y,
                    double   *out_x,
                    double   *out_y)
{
  /* page → deskewed turns by -skew; clockwise-positive with y down is the usual matrix. */
  double theta = (inverse ? skew : -skew) * G_PI / 180.0;
  double cx = width / 2.0;
  double cy = height / 2.0;
  double dx = x - cx;
  double dy = y - cy;

  *out_x = cx + dx * cos (theta) - dy * sin (theta);
  *out_y = cy + dx * sin (theta) + dy * cos (theta);
}

void
mrg_skew_box_to_page (double        skew,
                      int           width,
                      int           height,
                      const MrgBox *deskewed,
                      MrgBox       *out_page)
{
  double xs[4] = { deskewed->x1, deskewed->x2, deskewed->x1, deskewed->x2 };
  double ys[4] = { deskewed->y1, deskewed->y1, deskewed->y2, deskewed->y2 };
  double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;

  for (int i = 0; i < 4; i++)
    {
      double px, py;

      mrg_skew_map_point (skew, width, height, TRUE, xs[i], ys[i], &px, &py);
      minx = MIN (minx, px);
      miny = MIN (miny, py);
      maxx = MAX (maxx, px);
      maxy = MAX (maxy, py);
    }
  out_page->x1 = CLAMP ((int) floor (minx), 0, width);
  out_page->y1 = CLAMP ((int) floor (miny), 0, height);
  out_page->x2 = CLAMP ((int) ceil (maxx), 0, width);
  out_page->y2 = CLAMP ((int) ceil (maxy), 0, height);
}

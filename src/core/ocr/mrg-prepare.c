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

/* pixBackgroundNormSimple's parameters (leptonica's defaults): tile size, foreground threshold,
 * least background pixels a tile, target background value, smoothing half-widths */
#define BACKGROUND_TILE_W 10
#define BACKGROUND_TILE_H 15
#define BACKGROUND_FG_THRESHOLD 60
#define BACKGROUND_MIN_COUNT 40
#define BACKGROUND_VALUE 200
#define BACKGROUND_SMOOTH_X 2
#define BACKGROUND_SMOOTH_Y 1

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

/* leptonica's sweep by `step` degrees, then a search to 0.01°. */
static double
estimate_skew (PIX   *binary,
               float  step)
{
  l_float32 angle = 0.0f;
  l_float32 conf = 0.0f;
  int reduction;

  g_return_val_if_fail (binary != NULL && pixGetDepth (binary) == 1, 0.0);

  /* Text lines and rules survive a 4× reduction at 300 dpi; smaller images get less. */
  reduction = MAX (pixGetWidth (binary), pixGetHeight (binary)) > 2000 ? 4 : 2;
  if (pixFindSkewSweepAndSearch (binary, &angle, &conf, reduction, 2,
                                 MRG_PREPARE_MAX_SKEW, step, 0.01f) != 0)
    return 0.0;
  /* leptonica's minimum confidence for pixDeskew; below it the page has too little text. */
  if (conf < 3.0f || fabs (angle) > MRG_PREPARE_MAX_SKEW)
    return 0.0;
  /* leptonica answers the rotation that deskews; the page's skew is the opposite. */
  return -angle;
}

double
mrg_prepare_estimate_skew (PIX *binary)
{
  return estimate_skew (binary, 0.2f);
}

double
mrg_prepare_estimate_sparse_skew (PIX *binary)
{
  /* The confidence is the best score over the worst one the sweep met, and pixDeskew's
   * minimum holds for its 1° sweep: a typed list without rules turned 1.2° scores 2.7 on the
   * 0.2° sweep and 7.3 on this one. */
  return estimate_skew (binary, 1.0f);
}

static PIX *
binarise (PIX *normalised)
{
  NUMA *histogram = pixGetGrayHistogram (normalised, 1);
  l_int32 threshold = 128;

  /* One Otsu threshold over the whole normalised page: the background is already flat, and a
   * global threshold keeps thin grey strokes that local methods lose inside blank regions. */
  if (histogram == NULL)
    return NULL;
  numaSplitDistribution (histogram, 0.1f, &threshold, NULL, NULL, NULL, NULL, NULL);
  numaDestroy (&histogram);
  return pixThresholdToBinary (normalised, threshold);
}

/* pixBackgroundNormSimple done in place: the background map and its inverse are leptonica's
 * own (small: one value a tile), and the page is multiplied by the inverse map as
 * pixApplyInvBackgroundGrayMap does, but into itself rather than into a second full-size page
 * (40 MB for a register spread). The result is the same image bit for bit, checked with
 * pixEqual on every corpus page. Consumes `grey`; a page shared with the caller is copied
 * first. Where leptonica gives up (no background found, or an image under five tiles each way,
 * on which it complains on stderr) the page is left as it is, as leptonica hands back a copy. */
static PIX *
normalise_background (PIX *grey)
{
  PIX *map = NULL, *inverse;
  l_uint32 *data;
  int w, h, wpl, nx, ny;

  if (pixGetRefcount (grey) > 1)
    {
      PIX *copy = pixCopy (NULL, grey);

      pixDestroy (&grey);
      if (copy == NULL)
        return NULL;
      grey = copy;
    }
  w = pixGetWidth (grey);
  h = pixGetHeight (grey);
  if (w < 5 * BACKGROUND_TILE_W || h < 5 * BACKGROUND_TILE_H)
    return grey;
  if (pixGetBackgroundGrayMap (grey, NULL, BACKGROUND_TILE_W, BACKGROUND_TILE_H,
                               BACKGROUND_FG_THRESHOLD, BACKGROUND_MIN_COUNT, &map) != 0
      || map == NULL)
    return grey;
  inverse = pixGetInvBackgroundMap (map, BACKGROUND_VALUE, BACKGROUND_SMOOTH_X,
                                    BACKGROUND_SMOOTH_Y);
  pixDestroy (&map);
  if (inverse == NULL)
    return grey;

  data = pixGetData (grey);
  wpl = pixGetWpl (grey);
  nx = pixGetWidth (inverse);
  ny = pixGetHeight (inverse);
  for (int ty = 0; ty < ny; ty++)
    for (int tx = 0; tx < nx; tx++)
      {
        l_uint32 factor;

        pixGetPixel (inverse, tx, ty, &factor);
        for (int y = ty * BACKGROUND_TILE_H; y < MIN ((ty + 1) * BACKGROUND_TILE_H, h); y++)
          {
            l_uint32 *line = data + (gsize) y * wpl;

            for (int x = tx * BACKGROUND_TILE_W; x < MIN ((tx + 1) * BACKGROUND_TILE_W, w); x++)
              {
                l_uint32 v = GET_DATA_BYTE (line, x) * factor / 256;

                SET_DATA_BYTE (line, x, MIN (v, 255));
              }
          }
      }
  pixDestroy (&inverse);
  return grey;
}

static gboolean local_analysis (MrgPreparedPage *prepared,
                                gboolean         release_grey);

/* Prepares from an 8 bpp page of the given size, which it consumes: the grey page is freed as
 * soon as its normalised copy exists, so that a register spread is never held three times. */
static MrgPreparedPage *
prepare_grey (PIX     *grey,
              int      width,
              int      height,
              double   skew,
              GError **error)
{
  g_autoptr(MrgPreparedPage) prepared = g_new0 (MrgPreparedPage, 1);
  PIX *norm = NULL;
  PIX *first = NULL;
  int side;

  mrg_core_init ();
  prepared->width = width;
  prepared->height = height;
  if (grey == NULL)
    goto failed;

  /* Tinted or unevenly lit paper: flatten the background before thresholding. */
  norm = normalise_background (grey);
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
  if (prepared->scale < 1.0)
    {
      /* Large sheets are registers whose printed rules are a light grey that one global
       * threshold drops: they get the local threshold at once, and with it their grey page has
       * served (cells are read from the binary one). */
      if (!local_analysis (prepared, TRUE))
        goto failed;
    }
  else
    prepared->analysis = pixClone (prepared->binary);

  return g_steal_pointer (&prepared);

failed:
  g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_IMAGE,
               _("the page image (%d × %d) could not be prepared for OCR: out of memory?"),
               prepared->width, prepared->height);
  return NULL;
}

static PIX *
to_grey (PIX *page)
{
  if (pixGetDepth (page) == 8 && pixGetColormap (page) == NULL)
    return pixClone (page);
  return pixConvertTo8 (page, FALSE);
}

MrgPreparedPage *
mrg_prepare_page (PIX     *page,
                  double   skew,
                  GError **error)
{
  g_return_val_if_fail (page != NULL, NULL);

  return prepare_grey (to_grey (page), pixGetWidth (page), pixGetHeight (page), skew, error);
}

MrgPreparedPage *
mrg_prepare_page_take (PIX     *page,
                       double   skew,
                       GError **error)
{
  int width, height;
  PIX *grey;

  g_return_val_if_fail (page != NULL, NULL);

  width = pixGetWidth (page);
  height = pixGetHeight (page);
  grey = to_grey (page);
  /* a grey page was cloned: this drops the caller's reference, leaving the clone the only one */
  pixDestroy (&page);
  return prepare_grey (grey, width, height, skew, error);
}

/* Sauvola's local threshold (window half-width 25, k 0.25) in horizontal strips. One pass over a
 * 3600 × 2880 analysis image holds 140 MB of sums at once; a strip of this many rows a fifth of
 * that. leptonica's own tiling (pixSauvolaBinarizeTiled with several tiles) does not give the
 * same image everywhere (one abp page lost a row of its grid), so the strips are cut here from
 * the page with the mirrored border one pass would add, each with the 26 rows above and below
 * its window needs: every pixel then sees the very window it would see in one pass, and the
 * sums are integers, exact in either. */
#define SAUVOLA_HALF 25
#define SAUVOLA_FACTOR 0.25f
#define SAUVOLA_STRIP 512

static PIX *
sauvola_in_strips (PIX *grey)
{
  int w = pixGetWidth (grey), h = pixGetHeight (grey);
  int border = SAUVOLA_HALF + 1;
  PIX *bordered, *out;

  if (h <= SAUVOLA_STRIP)
    {
      PIX *whole = NULL;

      if (pixSauvolaBinarize (grey, SAUVOLA_HALF, SAUVOLA_FACTOR, 1, NULL, NULL, NULL,
                              &whole) != 0)
        return NULL;
      return whole;
    }
  bordered = pixAddMirroredBorder (grey, border, border, border, border);
  out = pixCreate (w, h, 1);
  if (bordered == NULL || out == NULL)
    goto failed;
  pixCopyResolution (out, grey);
  for (int y = 0; y < h; y += SAUVOLA_STRIP)
    {
      int rows = MIN (SAUVOLA_STRIP, h - y);
      BOX box = { .x = 0, .y = y, .w = w + 2 * border, .h = rows + 2 * border };
      PIX *strip = pixClipRectangle (bordered, &box, NULL);
      PIX *binary = NULL;

      /* addborder 0: the strip has its border already, and the result comes without it */
      if (strip == NULL
          || pixSauvolaBinarize (strip, SAUVOLA_HALF, SAUVOLA_FACTOR, 0, NULL, NULL, NULL,
                                 &binary) != 0
          || binary == NULL)
        {
          pix_unref (strip);
          goto failed;
        }
      pixRasterop (out, 0, y, w, rows, PIX_SRC, binary, 0, 0);
      pixDestroy (&strip);
      pixDestroy (&binary);
    }
  pixDestroy (&bordered);
  return out;

failed:
  pix_unref (bordered);
  pix_unref (out);
  return NULL;
}

static gboolean
local_analysis (MrgPreparedPage *prepared,
                gboolean         release_grey)
{
  PIX *small, *local = NULL;

  if (prepared->local || prepared->grey == NULL)
    return FALSE;
  /* pixScaleAreaMap averages only for reductions below 0.7; above, it warns on stderr and
   * hands over to pixScaleGeneral without sharpening, which is called here directly (the same
   * image: pixScale would sharpen it). */
  if (prepared->scale >= 0.7 && prepared->scale < 1.0)
    small = pixScaleGeneral (prepared->grey, prepared->scale, prepared->scale, 0.0f, 0);
  else if (prepared->scale < 1.0)
    small = pixScaleAreaMap (prepared->grey, prepared->scale, prepared->scale);
  else
    small = pixClone (prepared->grey);
  if (small == NULL)
    return FALSE;
  if (release_grey)
    g_clear_pointer (&prepared->grey, pix_unref);
  local = sauvola_in_strips (small);
  pixDestroy (&small);
  if (local == NULL)
    return FALSE;
  pix_unref (prepared->analysis);
  prepared->analysis = local;
  prepared->local = TRUE;
  return TRUE;
}

gboolean
mrg_prepare_local_analysis (MrgPreparedPage *prepared)
{
  g_return_val_if_fail (prepared != NULL, FALSE);

  return local_analysis (prepared, FALSE);
}

void
mrg_skew_map_point (const MrgSkewFrame *frame,
                    gboolean            inverse,
                    double              x,
                    double              y,
                    double             *out_x,
                    double             *out_y)
{
  /* page → deskewed turns by -skew; clockwise-positive with y down is the usual matrix. */
  double theta = (inverse ? frame->skew : -frame->skew) * G_PI / 180.0;
  double cx = frame->width / 2.0;
  double cy = frame->height / 2.0;
  double dx = x - cx;
  double dy = y - cy;

  *out_x = cx + dx * cos (theta) - dy * sin (theta);
  *out_y = cy + dx * sin (theta) + dy * cos (theta);
}

void
mrg_skew_box_to_page (const MrgSkewFrame *frame,
                      const MrgBox       *deskewed,
                      MrgBox             *out_page)
{
  double xs[4] = { deskewed->x1, deskewed->x2, deskewed->x1, deskewed->x2 };
  double ys[4] = { deskewed->y1, deskewed->y1, deskewed->y2, deskewed->y2 };
  double minx = G_MAXDOUBLE, miny = G_MAXDOUBLE, maxx = -G_MAXDOUBLE, maxy = -G_MAXDOUBLE;

  for (int i = 0; i < 4; i++)
    {
      double px, py;

      mrg_skew_map_point (frame, TRUE, xs[i], ys[i], &px, &py);
      minx = MIN (minx, px);
      miny = MIN (miny, py);
      maxx = MAX (maxx, px);
      maxy = MAX (maxy, py);
    }
  out_page->x1 = CLAMP ((int) floor (minx), 0, frame->width);
  out_page->y1 = CLAMP ((int) floor (miny), 0, frame->height);
  out_page->x2 = CLAMP ((int) ceil (maxx), 0, frame->width);
  out_page->y2 = CLAMP ((int) ceil (maxy), 0, frame->height);
}

/* mrg-prepare.h: skew estimation, normalisation and binarisation of a page before grid and OCR
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>
#include <leptonica/allheaders.h>

#include "mrg-types.h"

G_BEGIN_DECLS

/* Angles are degrees, clockwise on screen positive (the sense of cairo_rotate and leptonica's
 * pixRotate, y pointing down). A page with skew s shows its table turned clockwise by s; the
 * "deskewed frame" is the page turned by -s about its centre, same width and height. */
#define MRG_PREPARE_MAX_SKEW 5.0

/* A page as imported (its size) and how far its table is turned: what maps a point between the
 * page's own pixels and its deskewed frame. */
typedef struct
{
  double skew;        /* degrees, see above */
  int width;
  int height;
} MrgSkewFrame;

typedef struct
{
  int width;          /* of the page as imported */
  int height;
  double skew;        /* degrees, see above */
  PIX *grey;          /* 8 bpp, deskewed, background normalised to white, full resolution;
                       * only needed for mrg_prepare_local_analysis, so it is NULL once that
                       * is done for a page larger than analysis scale, and a caller done with
                       * the grid may free it and set it to NULL (the pipeline does) */
  PIX *binary;        /* 1 bpp, deskewed, full resolution: ink is ON */
  PIX *analysis;      /* 1 bpp, deskewed, at `scale` of full resolution (for grid detection) */
  double scale;       /* analysis pixels per page pixel (≤ 1) */
  gboolean local;     /* `analysis` was thresholded locally */
} MrgPreparedPage;

/* Takes any depth; `page` is left untouched. `skew` is the page's known skew, or NAN to
 * estimate it (a page whose grid is already stored keeps the skew of that grid). Returns NULL
 * only when leptonica fails. */
MrgPreparedPage *mrg_prepare_page            (PIX              *page,
                                              double            skew,
                                              GError          **error);
/* The same, consuming `page`: its memory goes as soon as it has served, which matters for a
 * 40-megapixel register spread. */
MrgPreparedPage *mrg_prepare_page_take       (PIX              *page,
                                              double            skew,
                                              GError          **error);
void             mrg_prepared_page_free      (MrgPreparedPage  *prepared);
/* Thresholds the analysis image locally (Sauvola) instead of globally, for faint rules on dark
 * or uneven paper. Slow (about 1.7 s for an A4 page), so the grid search asks for it only
 * when the global threshold shows no table. FALSE when it was already local, the grey page
 * was freed, or it failed. */
gboolean         mrg_prepare_local_analysis  (MrgPreparedPage  *prepared);

/* Skew of a 1 bpp image in degrees (clockwise positive), 0 when no confident estimate. */
double           mrg_prepare_estimate_skew   (PIX              *binary);
/* The same for a page of little text and no rules, which the first estimate may not trust: a
 * coarser sweep, as pixDeskew's. On a ruled register it can find an angle the first rightly
 * left alone, so it is asked only of a page without a ruled table. */
double           mrg_prepare_estimate_sparse_skew (PIX         *binary);

/* Maps a point between the page's own pixels and its deskewed frame (inverse = FALSE: page →
 * deskewed; TRUE: deskewed → page). */
void             mrg_skew_map_point          (const MrgSkewFrame *frame,
                                              gboolean            inverse,
                                              double              x,
                                              double              y,
                                              double             *out_x,
                                              double             *out_y);
/* The axis-aligned page-pixel box around a rectangle of the deskewed frame. */
void             mrg_skew_box_to_page        (const MrgSkewFrame *frame,
                                              const MrgBox       *deskewed,
                                              MrgBox             *out_page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgPreparedPage, mrg_prepared_page_free)

G_END_DECLS

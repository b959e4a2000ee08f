/* mrg-test-draw.h: drawing table pages with cairo for the grid and OCR tests (header-only)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <cairo.h>
#include <glib.h>
#include <leptonica/allheaders.h>
#include <string.h>

#include "mrg-types.h"

typedef struct
{
  int width, height;          /* page */
  int x0, y0;                 /* top-left corner of the table */
  int rows, cols;
  const int *col_widths;
  int row_height;
  int rule;                   /* line width in pixels; 0 for none */
  gboolean rule_rows;         /* FALSE: only the columns and the table's top and bottom */
  const char *title;          /* drawn above the table, or NULL */
  const char * const *texts;  /* rows × cols, '\n' for a second line; NULL entries are empty */
  double font_px;
  const char *font;
} MrgTestTable;

/* Draws the table on white; fills `boxes` (rows × cols) with each cell between its rules. */
static inline PIX *
mrg_test_draw_table (const MrgTestTable *t,
                     MrgBox             *boxes)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, t->width, t->height);
  cairo_t *cr = cairo_create (surface);
  int table_w = 0;
  PIX *pix;
  guint32 *data;
  int stride;

  for (int c = 0; c < t->cols; c++)
    table_w += t->col_widths[c];

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_select_font_face (cr, t->font != NULL ? t->font : "DejaVu Sans Mono",
                          CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, t->font_px);
  cairo_set_line_width (cr, t->rule);

  if (t->title != NULL)
    {
      cairo_move_to (cr, t->x0 + 40, t->y0 - t->font_px * 1.5);
      cairo_show_text (cr, t->title);
    }

  /* rules, unless it has none */
  for (int r = 0; t->rule > 0 && r <= t->rows; r++)
    if (t->rule_rows || r == 0 || r == t->rows || r == 1)
      {
        cairo_move_to (cr, t->x0, t->y0 + r * t->row_height);
        cairo_line_to (cr, t->x0 + table_w, t->y0 + r * t->row_height);
      }
  {
    int x = t->x0;

    for (int c = 0; t->rule > 0 && c <= t->cols; c++)
      {
        cairo_move_to (cr, x, t->y0);
        cairo_line_to (cr, x, t->y0 + t->rows * t->row_height);
        if (c < t->cols)
          x += t->col_widths[c];
      }
  }
  cairo_stroke (cr);

  for (int r = 0; r < t->rows; r++)
    {
      int x = t->x0;

      for (int c = 0; c < t->cols; c++)
        {
          const char *text = t->texts[r * t->cols + c];
          MrgBox *box = &boxes[r * t->cols + c];

          box->x1 = x;
          box->y1 = t->y0 + r * t->row_height;
          box->x2 = x + t->col_widths[c];
          box->y2 = t->y0 + (r + 1) * t->row_height;
          if (text != NULL)
            {
              char **lines = g_strsplit (text, "\n", -1);
              guint n = g_strv_length (lines);
              double line_h = t->font_px * 1.3;
              double top = box->y1 + (t->row_height - n * line_h) / 2;

              for (guint i = 0; i < n; i++)
                {
                  cairo_move_to (cr, x + t->font_px * 0.6, top + (i + 1) * line_h - t->font_px * 0.35);
                  cairo_show_text (cr, lines[i]);
                }
              g_strfreev (lines);
            }
          x += t->col_widths[c];
        }
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  pix = pixCreate (t->width, t->height, 8);
  data = (guint32 *) cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface) / 4;
  for (int y = 0; y < t->height; y++)
    for (int x = 0; x < t->width; x++)
      {
        guint32 v = data[y * stride + x];
        int grey = (((v >> 16) & 0xff) * 3 + ((v >> 8) & 0xff) * 6 + (v & 0xff)) / 10;

        pixSetPixel (pix, x, y, grey);
      }
  cairo_surface_destroy (surface);
  pixSetResolution (pix, 300, 300);
  return pix;
}

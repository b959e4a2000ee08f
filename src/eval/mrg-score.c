/* mrg-score.c: scoring a recognised table against ground truth (structure F1, CER), for the
 * tests and the benchmark
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-score"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mrg-score.h"
#include "mrg-grid.h"
#include "mrg-store-pages.h"

static void
score_cell_clear (gpointer data)
{
  MrgScoreCell *cell = data;

  g_free (cell->text);
}

GArray *
mrg_score_cells_new (void)
{
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (MrgScoreCell));

  g_array_set_clear_func (cells, score_cell_clear);
  return cells;
}

void
mrg_score_cells_add (GArray       *cells,
                     const MrgBox *box,
                     const char   *text,
                     int           row,
                     int           col)
{
  MrgScoreCell cell = { *box, g_strdup (text != NULL ? text : ""), row, col };

  g_array_append_val (cells, cell);
}

GArray *
mrg_score_load_synthetic (const char  *json_path,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) cells = mrg_score_cells_new ();
  JsonObject *root;
  JsonArray *array;

  if (!json_parser_load_from_file (parser, json_path, error))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  array = json_object_get_array_member (root, "cells");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonArray *b = json_object_get_array_member (o, "box");
      MrgBox box = { json_array_get_int_element (b, 0), json_array_get_int_element (b, 1),
                     json_array_get_int_element (b, 2), json_array_get_int_element (b, 3) };

      mrg_score_cells_add (cells, &box, json_object_get_string_member (o, "text"),
                           json_object_get_int_member (o, "row"),
                           json_object_get_int_member (o, "col"));
    }
  return g_steal_pointer (&cells);
}

static xmlNode *
child_named (xmlNode    *node,
             const char *name)
{
  for (xmlNode *c = node->children; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strcmp ((const char *) c->name, name) == 0)
      return c;
  return NULL;
}

/* The boxes and texts of every `element` under `node`; lines marked as printed or as a signature
 * are left out when `handwritten_only`. */
static void
collect_regions (xmlNode    *node,
                 const char *element,
                 gboolean    handwritten_only,
                 GArray     *cells)
{
  for (xmlNode *n = node; n != NULL; n = n->next)
    {
      if (n->type != XML_ELEMENT_NODE)
        continue;
      if (strcmp ((const char *) n->name, element) == 0)
        {
          xmlNode *coords = child_named (n, "Coords");
          xmlNode *equiv = child_named (n, "TextEquiv");
          xmlNode *unicode = equiv != NULL ? child_named (equiv, "Unicode") : NULL;
          g_autofree xmlChar *points = coords != NULL ? xmlGetProp (coords, (xmlChar *) "points") : NULL;
          g_autofree xmlChar *text = unicode != NULL ? xmlNodeGetContent (unicode) : NULL;
          MrgBox box = { G_MAXINT, G_MAXINT, G_MININT, G_MININT };
          g_auto(GStrv) pairs = NULL;

          if (points == NULL)
            continue;
          if (handwritten_only)
            {
              g_autofree xmlChar *custom = xmlGetProp (n, (xmlChar *) "custom");

              if (custom != NULL && (strstr ((const char *) custom, "printed") != NULL
                                     || strstr ((const char *) custom, "Signature") != NULL))
                continue;
            }
          pairs = g_strsplit ((const char *) points, " ", -1);
          for (guint i = 0; pairs[i] != NULL; i++)
            {
              int x, y;

              if (sscanf (pairs[i], "%d,%d", &x, &y) != 2)
                continue;
              box.x1 = MIN (box.x1, x);
              box.y1 = MIN (box.y1, y);
              box.x2 = MAX (box.x2, x);
              box.y2 = MAX (box.y2, y);
            }
          if (box.x1 < box.x2 && box.y1 < box.y2)
            mrg_score_cells_add (cells, &box, (const char *) text, -1, -1);
          continue;
        }
      collect_regions (n->children, element, handwritten_only, cells);
    }
}

static GArray *
load_page_elements (const char  *xml_path,
                    const char  *element,
                    gboolean     handwritten_only,
                    GError     **error)
{
  xmlDoc *doc = xmlReadFile (xml_path, NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING
                                             | XML_PARSE_NOERROR);
  GArray *cells;

  if (doc == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not a PAGE XML file", xml_path);
      return NULL;
    }
  cells = mrg_score_cells_new ();
  collect_regions (xmlDocGetRootElement (doc), element, handwritten_only, cells);
  xmlFreeDoc (doc);
  return cells;
}

GArray *
mrg_score_load_page_regions (const char  *xml_path,
                             GError     **error)
{
  return load_page_elements (xml_path, "TextRegion", FALSE, error);
}

GArray *
mrg_score_load_page_lines (const char  *xml_path,
                           GError     **error)
{
  return load_page_elements (xml_path, "TextLine", TRUE, error);
}

GArray *
mrg_score_load_store_cells (MrgStore  *store,
                            gint64     page_id,
                            GError   **error)
{
  g_autoptr(GArray) stored = mrg_store_get_page_cells (store, page_id, error);
  g_autoptr(GArray) cells = NULL;

  if (stored == NULL)
    return NULL;
  cells = mrg_score_cells_new ();
  for (guint i = 0; i < stored->len; i++)
    {
      MrgStorePageCell *cell = &g_array_index (stored, MrgStorePageCell, i);

      mrg_score_cells_add (cells, &cell->box, cell->text, cell->row, cell->col);
    }
  return g_steal_pointer (&cells);
}

double
mrg_score_iou (const MrgBox *a,
               const MrgBox *b)
{
  double iw = MIN (a->x2, b->x2) - MAX (a->x1, b->x1);
  double ih = MIN (a->y2, b->y2) - MAX (a->y1, b->y1);
  double inter, uni;

  if (iw <= 0 || ih <= 0)
    return 0;
  inter = iw * ih;
  uni = (double) (a->x2 - a->x1) * (a->y2 - a->y1) + (double) (b->x2 - b->x1) * (b->y2 - b->y1)
        - inter;
  return uni > 0 ? inter / uni : 0;
}

char *
mrg_score_normalise (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t\n\r\f\v", -1);
  GString *s = g_string_new (NULL);
  g_autofree char *joined = NULL;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      {
        if (s->len > 0)
          g_string_append_c (s, ' ');
        g_string_append (s, words[i]);
      }
  joined = g_string_free (s, FALSE);
  return g_utf8_normalize (joined, -1, G_NORMALIZE_NFC);
}

guint
mrg_score_levenshtein (const char *a,
                       const char *b)
{
  glong na = 0, nb = 0;
  g_autofree gunichar *ua = g_utf8_to_ucs4_fast (a, -1, &na);
  g_autofree gunichar *ub = g_utf8_to_ucs4_fast (b, -1, &nb);
  g_autofree guint *prev = g_new (guint, nb + 1);
  g_autofree guint *cur = g_new (guint, nb + 1);

  for (glong j = 0; j <= nb; j++)
    prev[j] = j;
  for (glong i = 1; i <= na; i++)
    {
      cur[0] = i;
      for (glong j = 1; j <= nb; j++)
        {
          guint sub = prev[j - 1] + (ua[i - 1] != ub[j - 1]);

          cur[j] = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), sub);
        }
      memcpy (prev, cur, (nb + 1) * sizeof (guint));
    }
  return prev[nb];
}

typedef struct
{
  double iou;
  guint t, p;
} Pair;

static int
compare_pairs (const void *a,
               const void *b)
{
  const Pair *x = a, *y = b;

  return (x->iou < y->iou) - (x->iou > y->iou);
}

void
mrg_score_match (GArray   *truth,
                 GArray   *predicted,
                 double    min_iou,
                 MrgScore *score)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autofree int *match = g_new (int, MAX (truth->len, 1));
  g_autofree gboolean *used = g_new0 (gboolean, MAX (predicted->len, 1));

  for (guint t = 0; t < truth->len; t++)
    {
      match[t] = -1;
      for (guint p = 0; p < predicted->len; p++)
        {
          double iou = mrg_score_iou (&g_array_index (truth, MrgScoreCell, t).box,
                                      &g_array_index (predicted, MrgScoreCell, p).box);

          if (iou >= min_iou)
            {
              Pair pair = { iou, t, p };

              g_array_append_val (pairs, pair);
            }
        }
    }
  qsort (pairs->data, pairs->len, sizeof (Pair), compare_pairs);
  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *pair = &g_array_index (pairs, Pair, i);

      if (match[pair->t] < 0 && !used[pair->p])
        {
          match[pair->t] = pair->p;
          used[pair->p] = TRUE;
        }
    }

  score->n_truth += truth->len;
  score->n_predicted += predicted->len;
  for (guint t = 0; t < truth->len; t++)
    {
      g_autofree char *want = mrg_score_normalise (g_array_index (truth, MrgScoreCell, t).text);
      guint n = g_utf8_strlen (want, -1);

      score->n_chars += n;
      if (match[t] < 0)
        score->char_errors += n;
      else
        {
          g_autofree char *got = mrg_score_normalise (g_array_index (predicted, MrgScoreCell,
                                                                     match[t]).text);

          score->matched++;
          score->char_errors += mrg_score_levenshtein (want, got);
        }
    }
}

double
mrg_score_centre_share (GArray *truth,
                        GArray *predicted)
{
  g_autofree int *holder = g_new (int, MAX (truth->len, 1));
  g_autofree guint *count = g_new0 (guint, MAX (predicted->len, 1));
  guint good = 0;

  if (truth->len == 0)
    return 0;
  for (guint t = 0; t < truth->len; t++)
    {
      const MrgBox *b = &g_array_index (truth, MrgScoreCell, t).box;
      int cx = (b->x1 + b->x2) / 2, cy = (b->y1 + b->y2) / 2;

      holder[t] = -1;
      for (guint p = 0; p < predicted->len; p++)
        {
          const MrgBox *c = &g_array_index (predicted, MrgScoreCell, p).box;

          if (cx >= c->x1 && cx < c->x2 && cy >= c->y1 && cy < c->y2)
            {
              holder[t] = p;
              count[p]++;
              break;
            }
        }
    }
  for (guint t = 0; t < truth->len; t++)
    if (holder[t] >= 0 && count[holder[t]] == 1)
      good++;
  return (double) good / truth->len;
}

double
mrg_score_inside_share (GArray *lines,
                        GArray *predicted)
{
  guint good = 0;

  if (lines->len == 0)
    return 0;
  for (guint t = 0; t < lines->len; t++)
    {
      const MrgBox *b = &g_array_index (lines, MrgScoreCell, t).box;
      int cx = (b->x1 + b->x2) / 2, cy = (b->y1 + b->y2) / 2;
      double area = (double) (b->x2 - b->x1) * (b->y2 - b->y1);

      for (guint p = 0; p < predicted->len; p++)
        {
          const MrgBox *c = &g_array_index (predicted, MrgScoreCell, p).box;

          if (cx >= c->x1 && cx < c->x2 && cy >= c->y1 && cy < c->y2)
            {
              double iw = MIN (b->x2, c->x2) - MAX (b->x1, c->x1);
              double ih = MIN (b->y2, c->y2) - MAX (b->y1, c->y1);

              if (area > 0 && iw > 0 && ih > 0 && iw * ih >= 0.8 * area)
                good++;
              break;
            }
        }
    }
  return (double) good / lines->len;
}

double
mrg_score_f1 (const MrgScore *score)
{
  double p = score->n_predicted > 0 ? (double) score->matched / score->n_predicted : 0;
  double r = score->n_truth > 0 ? (double) score->matched / score->n_truth : 0;

  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

double
mrg_score_cer (const MrgScore *score)
{
  return score->n_chars > 0 ? (double) score->char_errors / score->n_chars : 0;
}

GArray *
mrg_score_detect_cells (PIX      *page,
                        GString  *shape,
                        GError  **error)
{
  g_autoptr(MrgPreparedPage) prepared = mrg_prepare_page (page, NAN, error);
  g_autoptr(GPtrArray) grids = NULL;
  MrgSkewFrame frame;
  GArray *predicted;

  if (prepared == NULL)
    return NULL;
  frame = (MrgSkewFrame) { prepared->skew, prepared->width, prepared->height };
  predicted = mrg_score_cells_new ();
  grids = mrg_grid_detect_page (prepared);
  if (grids->len == 0)
    {
      g_autoptr(GArray) boxes = mrg_grid_find_word_boxes (prepared->analysis, prepared->scale,
                                                          NULL);
      MrgGrid *words_grid = mrg_grid_from_words ((MrgBox *) boxes->data, boxes->len);

      if (words_grid != NULL)
        g_ptr_array_add (grids, words_grid);
    }
  for (guint gi = 0; gi < grids->len; gi++)
    {
      MrgGrid *grid = g_ptr_array_index (grids, gi);

      if (shape != NULL)
        g_string_append_printf (shape, "%s%u×%u", gi > 0 ? "+" : "", mrg_grid_get_n_rows (grid),
                              mrg_grid_get_n_cols (grid));
      for (guint r = 0; r < mrg_grid_get_n_rows (grid); r++)
        for (guint c = 0; c < mrg_grid_get_n_cols (grid); c++)
          {
            MrgBox cell, page_box;
            l_int32 ink = 0;
            BOX *b;
            PIX *clip;

            mrg_grid_get_cell (grid, r, c, &cell);
            /* the regions cover filled cells only: count a cell that holds ink */
            b = boxCreate ((int) (cell.x1 * prepared->scale) + 3,
                           (int) (cell.y1 * prepared->scale) + 3,
                           MAX (1, (int) ((cell.x2 - cell.x1) * prepared->scale) - 6),
                           MAX (1, (int) ((cell.y2 - cell.y1) * prepared->scale) - 6));
            clip = pixClipRectangle (prepared->analysis, b, NULL);
            if (clip != NULL)
              pixCountPixels (clip, &ink, NULL);
            pixDestroy (&clip);
            boxDestroy (&b);
            mrg_skew_box_to_page (&frame, &cell, &page_box);
            if (ink > 30)
              mrg_score_cells_add (predicted, &page_box, "", r, c);
          }
    }
  return predicted;
}

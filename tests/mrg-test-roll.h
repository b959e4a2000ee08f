/* mrg-test-roll.h: a roll of prisoners of war drawn as a page no tuning has seen, typed or as
 * if written by hand, with the true box and text of each cell (header-only; for the OCR tests
 * and bench-script)
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <fontconfig/fontconfig.h>

#include "mrg-document.h"   /* g_autoptr(PIX) */
#include "mrg-prepare.h"
#include "mrg-score.h"
#include "mrg-test-draw.h"

/* What a drawn roll says: its title, header, names and places. */
typedef struct
{
  const char *title;
  const char *header[5];
  const char *const *names;
  guint n_names;
  const char *places[2];
} MrgTestRoll;

static const char *const mrg_test_cyrillic_names[] = {
  "Нуркенов Алибек", "Шаймерденов Болат", "Кудайбергенов Ержан", "Оспанов Мурат",
  "Тажибаев Кайрат", "Ахметов Дастан", "Садыков Нурлан", "Байжанов Асет", "Кенжебаев Руслан",
};

/* The same men as a camp's office wrote them down in Latin letters. */
static const char *const mrg_test_latin_names[] = {
  "Nurkenow Alibek", "Schajmerdenow Bolat", "Kudajbergenow Jerzhan", "Ospanow Murat",
  "Tazhibajew Kajrat", "Achmetow Dastan", "Sadykow Nurlan", "Bajzhanow Asset", "Kenzhebajew Ruslan",
};

static const MrgTestRoll mrg_test_cyrillic_roll = {
  "Список 9-й группы казахов. 60 человек.",
  { "№", "Фамилия, имя", "Год рожд.", "Год приз.", "Откуда" },
  mrg_test_cyrillic_names, G_N_ELEMENTS (mrg_test_cyrillic_names),
  { "Уральск", "Семипалатинск" },
};

static const MrgTestRoll mrg_test_latin_roll = {
  "Liste der Kriegsgefangenen, Gruppe 9. 60 Mann.",
  { "Nr.", "Name, Vorname", "Geb.", "Einber.", "Herkunft" },
  mrg_test_latin_names, G_N_ELEMENTS (mrg_test_latin_names),
  { "Uralsk", "Semipalatinsk" },
};

/* The handwriting fonts of tests/data/fonts (README.md there), by file and family. */
static const struct
{
  const char *file;
  const char *family;
} mrg_test_hand_fonts[] = {
  { "bad-script.ttf", "Bad Script" },
  { "caveat.ttf", "Caveat" },
  { "marck-script.ttf", "Marck Script" },
  { "neucha.ttf", "Neucha" },
};

/* Makes the fonts of the folder `dir` (tests/data/fonts) known to cairo by their family. */
static inline void
mrg_test_add_hand_fonts (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (mrg_test_hand_fonts); i++)
    {
      g_autofree char *path = g_build_filename (dir, mrg_test_hand_fonts[i].file, NULL);

      if (!FcConfigAppFontAddFile (NULL, (const FcChar8 *) path))
        g_error ("%s: not a font fontconfig can read", path);
    }
}

/* Draws the roll in `font` (a family) as a page of 12 rows of five columns of widths no tuning
 * has seen, turned by 1.5°, and writes it to `png`; its cells' true boxes and texts go to
 * `truth`. `rule` is the width of its rules in pixels; 0 draws none, as a typed list whose
 * columns are only the white space between them. */
static inline void
mrg_test_draw_roll (const MrgTestRoll *roll,
                    const char        *font,
                    int                rule,
                    const char        *png,
                    GArray            *truth)
{
  const int widths[] = { 120, 780, 290, 290, 560 };
  const int rows = 12, cols = 5;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  MrgBox boxes[12 * 5];
  MrgTestTable t = {
    .width = 2480, .height = 3508, .x0 = 220, .y0 = 520, .rows = rows, .cols = cols,
    .col_widths = widths, .row_height = 92, .rule = rule, .rule_rows = TRUE,
    .title = roll->title, .font_px = 42, .font = font,
  };
  g_autoptr(PIX) page = NULL;
  g_autoptr(PIX) rotated = NULL;
  const double skew = 1.5;

  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        char *text;

        if (r == 0)
          text = g_strdup (roll->header[c]);
        else if (c == 0)
          text = g_strdup_printf ("%d", r + 20);
        else if (c == 1)
          text = g_strdup (roll->names[(r * 5) % roll->n_names]);
        else if (c == 2)
          text = g_strdup_printf ("%d", 1898 + (r * 7) % 22);
        else if (c == 3)
          text = g_strdup_printf ("%d", 1939 + r % 4);
        else
          text = g_strdup (roll->places[r % 2]);
        g_ptr_array_add (texts, text);
      }
  t.texts = (const char * const *) texts->pdata;
  page = mrg_test_draw_table (&t, boxes);
  rotated = pixRotate (page, skew * G_PI / 180, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
  for (int i = 0; i < rows * cols; i++)
    {
      MrgBox page_box;

      mrg_skew_box_to_page (&(MrgSkewFrame) { skew, 2480, 3508 }, &boxes[i], &page_box);
      mrg_score_cells_add (truth, &page_box, g_ptr_array_index (texts, i), i / cols, i % cols);
    }
  if (pixWrite (png, rotated, IFF_PNG) != 0)
    g_error ("%s: could not be written", png);
}

/* The cells of a synthetic-typed-ru truth (mrg_score_load_synthetic) typed again without rules
 * in `font`, 40 px, in the same column widths and row height, under `title`, on a 2480 × 3508
 * page. */
static inline PIX *
mrg_test_draw_retyped (GArray     *truth,
                       const char *title,
                       const char *font)
{
  const MrgScoreCell *first = &g_array_index (truth, MrgScoreCell, 0);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autofree int *widths = NULL;
  g_autofree MrgBox *boxes = NULL;
  MrgTestTable t = { .width = 2480, .height = 3508, .rule = 0, .font_px = 40, .font = font,
                     .title = title };

  for (guint c = 0; c < truth->len; c++)
    {
      const MrgScoreCell *cell = &g_array_index (truth, MrgScoreCell, c);

      t.rows = MAX (t.rows, cell->row + 1);
      t.cols = MAX (t.cols, cell->col + 1);
      g_ptr_array_add (texts, cell->text);
    }
  widths = g_new0 (int, t.cols);
  for (guint c = 0; c < (guint) t.cols; c++)
    widths[c] = g_array_index (truth, MrgScoreCell, c).box.x2
                - g_array_index (truth, MrgScoreCell, c).box.x1;
  t.x0 = first->box.x1;
  t.y0 = first->box.y1;
  t.row_height = first->box.y2 - first->box.y1;
  t.col_widths = widths;
  t.texts = (const char * const *) texts->pdata;
  boxes = g_new (MrgBox, t.rows * t.cols);
  return mrg_test_draw_table (&t, boxes);
}

/* mrg-grid-logic.c: what the grid editor decides, as plain functions tested without a display
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-grid-logic"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "mrg-grid-logic.h"

/* Years a person on these lists can plausibly have been born or called up in. */
#define YEAR_MIN 1850
#define YEAR_MAX 1960

gboolean
mrg_grid_navigate (guint   n_rows,
                   guint   n_cols,
                   guint   row,
                   guint   col,
                   MrgNav  nav,
                   guint  *out_row,
                   guint  *out_col)
{
  guint r = row, c = col;

  if (n_rows == 0 || n_cols == 0)
    return FALSE;
  r = MIN (r, n_rows - 1);
  c = MIN (c, n_cols - 1);

  switch (nav)
    {
    case MRG_NAV_NEXT:
      if (c + 1 < n_cols)
        c++;
      else if (r + 1 < n_rows)
        {
          r++;
          c = 0;
        }
      break;
    case MRG_NAV_PREVIOUS:
      if (c > 0)
        c--;
      else if (r > 0)
        {
          r--;
          c = n_cols - 1;
        }
      break;
    case MRG_NAV_DOWN:
      if (r + 1 < n_rows)
        r++;
      break;
    case MRG_NAV_UP:
      if (r > 0)
        r--;
      break;
    case MRG_NAV_LEFT:
      if (c > 0)
        c--;
      break;
    case MRG_NAV_RIGHT:
      if (c + 1 < n_cols)
        c++;
      break;
    case MRG_NAV_FIRST:
      c = 0;
      break;
    case MRG_NAV_LAST:
      c = n_cols - 1;
      break;
    default:
      g_assert_not_reached ();
    }

  *out_row = r;
  *out_col = c;
  return r != row || c != col;
}

int
mrg_grid_next_unverified (MrgTable *table,
                          int       from)
{
  guint n = table->rows->len;

  for (guint i = 1; i <= n; i++)
    {
      guint r = (guint) ((from + (int) i) % (int) n);
      MrgTableRow *row = g_ptr_array_index (table->rows, r);

      if (!row->header && row->status != MRG_ROW_STATUS_VERIFIED)
        return r;
    }
  return -1;
}

gboolean
mrg_grid_cell_is_doubtful (const MrgTableCell *cell,
                           double              threshold)
{
  if (cell == NULL || cell->id == 0 || cell->edited)
    return FALSE;
  return cell->confidence >= 0 && cell->confidence < threshold;
}

/* A whole number, possibly with surrounding spaces; FALSE for anything else. */
static gboolean
parse_int (const char *text,
           gint64     *out)
{
  g_autofree char *s = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (*s == '\0')
    return FALSE;
  for (const char *p = s; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(p == s && *p == '-'))
      return FALSE;
  *out = g_ascii_strtoll (s, &end, 10);
  return end != NULL && *end == '\0';
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

char *
mrg_grid_cell_problem (MrgTable *table,
                       guint     row,
                       guint     col)
{
  MrgTableRow *r = mrg_table_get_row (table, row);
  MrgTableCell *cell = mrg_table_get_cell (table, row, col);
  MrgColumnType type;
  gint64 value;

  if (r == NULL || cell == NULL || cell->id == 0 || r->header || is_blank (cell->text))
    return NULL;
  type = table->columns[col].type;

  switch (type)
    {
    case MRG_COLUMN_TYPE_INTEGER:
      if (!parse_int (cell->text, &value))
        return g_strdup (_("Not a whole number"));
      break;
    case MRG_COLUMN_TYPE_YEAR:
      if (!parse_int (cell->text, &value))
        return g_strdup (_("Not a year: write four digits"));
      if (value < YEAR_MIN || value > YEAR_MAX)
        return g_strdup_printf (_("The year is outside %d–%d"), YEAR_MIN, YEAR_MAX);
      /* The first year column is the year of birth, a later one the year of call-up. */
      for (guint c = 0; c < table->n_cols; c++)
        {
          gint64 other;

          if (c == col || table->columns[c].type != MRG_COLUMN_TYPE_YEAR ||
              !parse_int (r->cells[c].text, &other))
            continue;
          if (c > col && value > other)
            return g_strdup_printf (_("Born after the year of call-up (%d)"), (int) other);
          if (c < col && other > value)
            return g_strdup_printf (_("Called up before the year of birth (%d)"), (int) other);
        }
      break;
    case MRG_COLUMN_TYPE_NAME:
      for (const char *p = cell->text; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isdigit (g_utf8_get_char (p)))
          return g_strdup (_("A name with digits in it"));
      break;
    case MRG_COLUMN_TYPE_TEXT:
    case MRG_COLUMN_TYPE_ENUM:
    default:
      break;
    }
  return NULL;
}

char *
mrg_grid_column_title (MrgTable *table,
                       guint     col)
{
  if (col < table->n_cols && table->columns[col].name != NULL && *table->columns[col].name != '\0')
    return g_strdup (table->columns[col].name);
  /* Translators: the title of a column that has no name yet; %u is its number */
  return g_strdup_printf (_("Column %u"), col + 1);
}

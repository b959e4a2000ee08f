/* mrg-schema.c: column types inferred from headers and values, and validation of cell values
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-schema"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mrg-names.h"
#include "mrg-schema.h"

static gboolean
contains_any (const char         *folded,
              const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (folded, needles[i]) != NULL)
      return TRUE;
  return FALSE;
}

static const char * const birth_words[] = {
  "рож", "род", "birth", "born", "туған", "туы", "né", "geb", NULL
};
static const char * const call_up_words[] = {
  "приз", "мобил", "call", "enlist", "шақыр", "әскер", NULL
};

MrgYearRole
mrg_schema_year_role (const char *header)
{
  g_autofree char *folded = NULL;

  if (header == NULL)
    return MRG_YEAR_ROLE_NONE;
  folded = g_utf8_strdown (header, -1);
  if (contains_any (folded, birth_words))
    return MRG_YEAR_ROLE_BIRTH;
  if (contains_any (folded, call_up_words))
    return MRG_YEAR_ROLE_CALL_UP;
  return MRG_YEAR_ROLE_NONE;
}

MrgColumnType
mrg_schema_type_from_header (const char *header,
                             gboolean   *out_known)
{
  static const char * const year_words[] = { "год", "г.г", "г. г", "year", "жыл", "jahr", "année", NULL };
  static const char * const number_words[] = { "№", "no.", "nr", "n°", "номер", "#", "число", NULL };
  static const char * const name_words[] = {
    "фамил", "имя", "и.о", "и.и", "отчеств", "ф.и", "name", "аты", "тегі", "nom", NULL
  };
  g_autofree char *folded = NULL;
  gboolean known = TRUE;
  MrgColumnType type = MRG_COLUMN_TYPE_TEXT;

  if (header == NULL || *header == '\0')
    known = FALSE;
  else
    {
      folded = g_utf8_strdown (header, -1);
      if (contains_any (folded, name_words))
        type = MRG_COLUMN_TYPE_NAME;
      else if (contains_any (folded, year_words) || mrg_schema_year_role (header) != MRG_YEAR_ROLE_NONE)
        type = MRG_COLUMN_TYPE_YEAR;
      else if (contains_any (folded, number_words) || g_strcmp0 (g_strstrip (folded), "n") == 0)
        type = MRG_COLUMN_TYPE_INTEGER;
      else
        known = FALSE;
    }
  if (out_known != NULL)
    *out_known = known;
  return type;
}

gboolean
mrg_schema_parse_integer (const char *text,
                          gint64     *out_value)
{
  gint64 value = 0;
  guint digits = 0;

  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (value > G_MAXINT64 / 10 - 10)
            return FALSE;
          value = value * 10 + (*p - '0');
          digits++;
        }
      else if (*p != ' ')
        return FALSE;
    }
  if (digits == 0)
    return FALSE;
  if (out_value != NULL)
    *out_value = value;
  return TRUE;
}

MrgColumnType
mrg_schema_infer_type (const char         *header,
                       const char * const *values,
                       guint               n_values)
{
  gboolean known;
  MrgColumnType type = mrg_schema_type_from_header (header, &known);
  guint filled = 0, integers = 0, years = 0;

  if (known)
    return type;
  for (guint i = 0; i < n_values; i++)
    {
      gint64 v;

      if (values[i] == NULL || *values[i] == '\0')
        continue;
      filled++;
      if (mrg_schema_parse_integer (values[i], &v))
        {
          integers++;
          if (strlen (values[i]) == 4 && v >= 1700 && v <= 2100)
            years++;
        }
    }
  if (filled == 0)
    return MRG_COLUMN_TYPE_TEXT;
  if (years * 5 >= filled * 4)
    return MRG_COLUMN_TYPE_YEAR;
  if (integers * 5 >= filled * 4)
    return MRG_COLUMN_TYPE_INTEGER;
  return MRG_COLUMN_TYPE_TEXT;
}

static gboolean
row_year (const MrgSchemaCell *row,
          guint                n_cols,
          MrgYearRole          role,
          gint64              *out_year)
{
  for (guint c = 0; c < n_cols; c++)
    if (row[c].type == MRG_COLUMN_TYPE_YEAR && mrg_schema_year_role (row[c].header) == role)
      return mrg_schema_parse_integer (row[c].text, out_year);
  return FALSE;
}

char *
mrg_schema_validate_cell (const MrgSchemaCell *row,
                          guint                n_cols,
                          guint                col)
{
  const MrgSchemaCell *cell;
  g_autofree char *text = NULL;
  gint64 value;

  g_return_val_if_fail (row != NULL && col < n_cols, NULL);

  cell = &row[col];
  if (cell->text == NULL)
    return NULL;
  text = g_strstrip (g_strdup (cell->text));
  if (*text == '\0')
    return NULL;

  switch (cell->type)
    {
    case MRG_COLUMN_TYPE_INTEGER:
      if (!mrg_schema_parse_integer (text, NULL))
        return g_strdup_printf (_("“%s” is not a number"), text);
      return NULL;

    case MRG_COLUMN_TYPE_YEAR:
      {
        MrgYearRole role = mrg_schema_year_role (cell->header);
        gint64 birth, call_up;

        if (!mrg_schema_parse_integer (text, &value))
          return g_strdup_printf (_("“%s” is not a year"), text);
        if (value < MRG_SCHEMA_YEAR_MIN || value > MRG_SCHEMA_YEAR_MAX)
          return g_strdup_printf (_("the year %lld is outside %d–%d"), (long long) value,
                                  MRG_SCHEMA_YEAR_MIN, MRG_SCHEMA_YEAR_MAX);
        if (role != MRG_YEAR_ROLE_NONE
            && row_year (row, n_cols, MRG_YEAR_ROLE_BIRTH, &birth)
            && row_year (row, n_cols, MRG_YEAR_ROLE_CALL_UP, &call_up)
            && birth > call_up)
          return g_strdup_printf (_("born in %lld, after the call-up in %lld"),
                                  (long long) birth, (long long) call_up);
        return NULL;
      }

    case MRG_COLUMN_TYPE_NAME:
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_isdigit (g_utf8_get_char (p)))
          return g_strdup_printf (_("a name with a digit in it: “%s”"), text);
      return NULL;

    case MRG_COLUMN_TYPE_TEXT:
    case MRG_COLUMN_TYPE_ENUM:
    default:
      return NULL;
    }
}

/* A header's letters, case folded, in Latin letters, and its digits apart: what two readings
 * share. */
static char *
header_key (const char *text,
            GString    *digits)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);
  g_autoptr(GString) letters = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c))
        g_string_append_unichar (digits, c);
      else if (g_unichar_isalpha (c))
        g_string_append_unichar (letters, c);
    }
  return mrg_names_to_latin (letters->str);
}

/* One edit in five letters: "Специальность" read "Спецкальность" and "г.г. рож." read "с.г. рож."
 * still agree (a page scanned at a third of its resolution), "г.г. рож." and "г.г. приз." do not. */
#define HEADERS_MIN_SIMILARITY 0.8
/* A header of this many letters or fewer ("№", read "Ne" or "N", "#", "п/п") says too little to
 * tell two columns apart, or to part them. */
#define HEADERS_SHORT 2

/* Whether `part` is `whole` with letters lost at its ends, as OCR drops a faint "г.г." before
 * "приз.": four letters or more, half of the whole or more. */
static gboolean
lost_letters (const char *part,
              const char *whole)
{
  gsize n_part = strlen (part);

  return n_part >= 4 && 2 * n_part >= strlen (whole) && strstr (whole, part) != NULL;
}

gboolean
mrg_schema_headers_agree (const char *a,
                          const char *b)
{
  g_autoptr(GString) digits_a = g_string_new (NULL);
  g_autoptr(GString) digits_b = g_string_new (NULL);
  g_autofree char *key_a = header_key (a, digits_a);
  g_autofree char *key_b = header_key (b, digits_b);
  gboolean short_a = g_utf8_strlen (key_a, -1) <= HEADERS_SHORT;
  gboolean short_b = g_utf8_strlen (key_b, -1) <= HEADERS_SHORT;

  /* "Column 1" and "Column 2", "1 рота" and "2 рота"; a digit on one side only is a letter
   * misread ("(1. приз." for "г.г. приз.") */
  if (digits_a->len > 0 && digits_b->len > 0 && !g_string_equal (digits_a, digits_b))
    return FALSE;
  if (g_str_equal (key_a, key_b) || (short_a && short_b))
    return TRUE;
  if (short_a || short_b)
    return FALSE;
  return mrg_names_key_similarity (key_a, key_b) >= HEADERS_MIN_SIMILARITY
         || lost_letters (key_a, key_b) || lost_letters (key_b, key_a);
}

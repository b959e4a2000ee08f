/* mrg-schema.h: column types inferred from headers and values, and validation of cell values
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "mrg-types.h"

G_BEGIN_DECLS

/* The earliest and latest plausible year in the lists Muragat is made for. */
#define MRG_SCHEMA_YEAR_MIN 1850
#define MRG_SCHEMA_YEAR_MAX 1950

typedef enum
{
  MRG_YEAR_ROLE_NONE,
  MRG_YEAR_ROLE_BIRTH,     /* "г.г. рож.", "год рождения", "born", "туған жылы" */
  MRG_YEAR_ROLE_CALL_UP,   /* "г.г. приз.", "призван", "call-up", "шақырылған" */
} MrgYearRole;

/* A column's type from its header alone; *out_known is FALSE when the header says nothing. */
MrgColumnType mrg_schema_type_from_header  (const char          *header,
                                            gboolean            *out_known);
MrgYearRole   mrg_schema_year_role         (const char          *header);
/* Header first, then the values (≥ 80 % of the filled cells must agree). */
MrgColumnType mrg_schema_infer_type        (const char          *header,
                                            const char * const  *values,
                                            guint                n_values);

typedef struct
{
  MrgColumnType type;
  const char *header;   /* may be NULL */
  const char *text;
} MrgSchemaCell;

/* Why the value of cell `col` of a row looks wrong, in words for a tooltip; NULL when it looks
 * right or is empty. Pure: looks only at the row given. */
char         *mrg_schema_validate_cell     (const MrgSchemaCell *row,
                                            guint                n_cols,
                                            guint                col);
/* Whether two header cells name the same column, as two readings of one printed header do: the
 * same letters, case, spaces and punctuation aside ("Фамилия и.и.з." and "Фамилия и,и,з."), but
 * for OCR slips (about one letter in five) or letters lost at an end ("(1. приз." for "г.г.
 * приз."), and not other digits ("Column 1", "Column 2"). Two headers of two letters or fewer
 * agree ("№" read "Ne", an empty cell): they are too short to tell columns apart. */
gboolean      mrg_schema_headers_agree     (const char          *a,
                                            const char          *b);
/* TRUE when `text` is a whole number (digits, perhaps with spaces); *out_value gets it. */
gboolean      mrg_schema_parse_integer     (const char          *text,
                                            gint64              *out_value);

G_END_DECLS

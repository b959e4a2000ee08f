/* mrg-match.h: finding the same person in other lists, fast
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "mrg-names.h"
#include "mrg-types.h"

G_BEGIN_DECLS

#define MRG_MATCH_ERROR (mrg_match_error_quark ())

typedef enum
{
  MRG_MATCH_ERROR_FILE,      /* a list cannot be read */
  MRG_MATCH_ERROR_COLUMN,    /* a list has no such column */
  MRG_MATCH_ERROR_NO_NAMES,  /* the project has no column of names */
  MRG_MATCH_ERROR_INVALID,
} MrgMatchError;

GQuark mrg_match_error_quark (void);

/* ---- the index ------------------------------------------------------------------------------
 *
 * An index over a set of candidate names answers "which K of them are most likely this person?".
 * Names with the same phonetic key are stored once. A query is scored in full
 * (mrg_name_compare()) only against a shortlist: the candidates sharing the most letter pairs of
 * a coarse consonant key (vowels left out; J/H, s/z/c, k/g, d/t, b/p, v/f merged), so that spelling
 * conventions and single OCR errors do not push the right name out of it.
 */

typedef struct _MrgMatchIndex MrgMatchIndex;

typedef struct
{
  guint candidate; /* index into the names the index was built from */
  double score;    /* mrg_name_compare(), in [0, 1] */
} MrgMatchHit;

/* names[i] is candidate i; NULL or letterless names are kept as never-matching candidates. */
MrgMatchIndex *mrg_match_index_new           (const char * const *names,
                                              guint               n_names);
void           mrg_match_index_free          (MrgMatchIndex      *index);
guint          mrg_match_index_get_size      (MrgMatchIndex      *index);
/* How many distinct names are scored in full per query (default 100); 0 scores every name
 * (exact but slow: for measuring what the shortlist loses). */
void           mrg_match_index_set_shortlist (MrgMatchIndex      *index,
                                              guint               shortlist);
/* The k best candidates for one query, best first (ties in candidate order); returns how many
 * were written to hits (fewer than k when the index holds fewer names or none scores above 0).
 * Safe to call from several threads at once. */
guint          mrg_match_index_query         (MrgMatchIndex      *index,
                                              const MrgName      *query,
                                              guint               k,
                                              MrgMatchHit        *hits);
/* Many queries on n_threads threads (0: one per processor). hits has room for n_queries × k;
 * hits[q * k …] are query q's, n_hits[q] how many. */
void           mrg_match_index_query_many    (MrgMatchIndex      *index,
                                              const char * const *queries,
                                              guint               n_queries,
                                              guint               k,
                                              guint               n_threads,
                                              MrgMatchHit        *hits,
                                              guint              *n_hits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgMatchIndex, mrg_match_index_free)

/* ---- lists in CSV files ---------------------------------------------------------------------- */

/* Reads a CSV file (RFC 4180 quoting, UTF-8 with or without BOM; the delimiter , ; or tab is
 * guessed from the header line) and returns the text of the named columns of each data row,
 * joined by a space, in file order (element i is row i + 1, the header excluded). A column is
 * found by its exact header, else case-insensitively. Errors name the file and the column. */
GPtrArray *mrg_match_read_csv_column (const char          *path,
                                      const char * const  *columns,
                                      GError             **error);
/* The same; a file that reads but is likely wrong (a quote never closed) also gives a warning
 * for a person, naming the file and the line (NULL when there is nothing to say). */
GPtrArray *mrg_match_read_csv_column_full (const char          *path,
                                           const char * const  *columns,
                                           char               **out_warning,
                                           GError             **error);

/* ---- names in a project ---------------------------------------------------------------------- */

/* One body row of a project table that holds a name. */
typedef struct
{
  gint64 row_id;
  gint64 cell_id;   /* the first cell of the name (the surname's when split) */
  char *name;       /* the name cells' text, joined by a space in column order */
  char *document;   /* the document's path */
  int page;         /* page number, from 1 */
  int table;        /* the table's index on the page */
  int row;          /* the row's index in its table, as stored (the header row is 0) */
} MrgMatchRow;

void       mrg_match_row_free (MrgMatchRow *row);

/* (The functions below that take a store use it on the calling thread only; for work off the
 * main loop open a second store on the same path.)
 *
 * The name of every body row of the project. Name columns are those of type 'name' in the
 * project's column schema, else those whose header (in the schema or in the table's header row)
 * looks like a name: Фамилия, Имя, Отчество, Ф.И.О., Name, Surname, Given name, Nom, Prénom …
 * When a row's name is split across several such columns (surname, given name, patronymic) their
 * texts are joined in column order. Rows whose name cells are all empty are left out. Fails with
 * MRG_MATCH_ERROR_NO_NAMES when no column holds names. Returns MrgMatchRow elements. */
GPtrArray *mrg_match_load_project_rows (MrgStore  *store,
                                        GError   **error);

/* ---- duplicates inside a project ------------------------------------------------------------- */

typedef struct
{
  MrgMatchRow *a;   /* owned by the array's rows, see mrg_match_find_duplicates() */
  MrgMatchRow *b;
  double score;
} MrgMatchDuplicate;

/* Pairs of rows on different pages (or documents) whose names score at least threshold: the
 * same person listed twice. Sorted best first. *out_rows receives the rows the pairs point into
 * (free it after the pairs). Returns MrgMatchDuplicate elements (g_free). */
GPtrArray *mrg_match_find_duplicates (MrgStore   *store,
                                      double      threshold,
                                      GPtrArray **out_rows,
                                      GError    **error);

/* ---- a person's decisions on candidate pairs -------------------------------------------------- */

typedef enum
{
  MRG_MATCH_DECISION_ACCEPTED,
  MRG_MATCH_DECISION_REJECTED,
} MrgMatchDecisionKind;

const char *mrg_match_decision_kind_to_string   (MrgMatchDecisionKind  kind);
gboolean    mrg_match_decision_kind_from_string (const char           *str,
                                                 MrgMatchDecisionKind *kind);

typedef struct
{
  gint64 id;
  char *list_file;          /* the external list (as given), or "" for duplicates in the project */
  int list_row;             /* its row, from 1; for duplicates the other row's id */
  char *list_name;
  gint64 row_id;            /* the project row the decision is about (0 if deleted since) */
  gint64 cell_id;           /* its name cell (0 if unknown) */
  char *candidate_name;
  double score;
  MrgMatchDecisionKind decision;
  char *who;
  char *at;                 /* ISO 8601, UTC */
} MrgMatchDecision;

void       mrg_match_decision_free    (MrgMatchDecision *decision);

/* Records that a person accepted or rejected a pair, in its own transaction (or the caller's).
 * Decisions are appended: a later decision on the same pair supersedes an earlier one, and the
 * history stays. decision->id, who and at are ignored (who is the store's user, at now).
 * Returns the new decision's id, 0 on error. */
gint64     mrg_match_record_decision  (MrgStore                *store,
                                       const MrgMatchDecision  *decision,
                                       GError                 **error);
/* The current decisions (the newest per list file, list row and project row), oldest first;
 * list_file NULL for all lists. Returns MrgMatchDecision elements. */
GPtrArray *mrg_match_get_decisions    (MrgStore              *store,
                                       const char            *list_file,
                                       GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgMatchRow, mrg_match_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgMatchDecision, mrg_match_decision_free)

G_END_DECLS

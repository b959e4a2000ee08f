/* mrg-doubt.h: which cells OCR probably read wrong, and why, from cheap signals beyond confidence
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OCR confidence alone misses the errors a person sees at a glance ("Жаманку 1OB", № 1 between
 * 10 and 12, "мт сержант"). Each signal here is one such glance: the column's type, a word mixing
 * scripts, a running number out of step, a character or spelling rare in the column, a word a
 * person never wrote in the column before. Plain GLib: the grid editor tints from it and the
 * tests and bench/bench-doubt.c check it without a display. */

#pragma once

#include <glib.h>

#include "mrg-table.h"

G_BEGIN_DECLS

typedef enum
{
  MRG_DOUBT_NONE           = 0,
  MRG_DOUBT_TYPE           = 1 << 0,  /* breaks its column's type (mrg_schema_validate_cell) */
  MRG_DOUBT_MIXED_SCRIPT   = 1 << 1,  /* Latin and Cyrillic letters, or letters and digits, in a word */
  MRG_DOUBT_SEQUENCE       = 1 << 2,  /* a running number out of step with its neighbours */
  MRG_DOUBT_ODD_CHARACTER  = 1 << 3,  /* a character never written in such a column ("|", "®") */
  MRG_DOUBT_SPELLING       = 1 << 4,  /* a capital inside a word, a word without a vowel, a
                                       * small first letter where the column has capitals */
  MRG_DOUBT_UNKNOWN_WORD   = 1 << 5,  /* not among the column's checked values, read unsurely */
} MrgDoubt;

/* Below this confidence a word that no person has written in the column is doubted; measured
 * with bench/bench-doubt on the tuning half of the synthetic pages. */
#define MRG_DOUBT_UNKNOWN_WORD_CONFIDENCE 92.0
/* The checked values a column needs before a word missing from them means anything. */
#define MRG_DOUBT_MIN_VOCABULARY 20

/* The words a person has checked in each column of the tables of one layout. */
typedef struct _MrgDoubtVocab MrgDoubtVocab;

MrgDoubtVocab *mrg_doubt_vocab_new     (void);
void           mrg_doubt_vocab_free    (MrgDoubtVocab  *vocab);
/* Learns the words of a checked `text` of column `col`, seen `count` times. */
void           mrg_doubt_vocab_add     (MrgDoubtVocab  *vocab,
                                        guint           col,
                                        const char     *text,
                                        guint           count);
/* The checked values of the tables read with the layout (mrg_store_vocab_foreach). */
MrgDoubtVocab *mrg_doubt_vocab_load    (MrgStore       *store,
                                        gint64          layout_id,
                                        GError        **error);
/* How many checked values column `col` has. */
guint          mrg_doubt_vocab_size    (MrgDoubtVocab  *vocab,
                                        guint           col);
gboolean       mrg_doubt_vocab_knows   (MrgDoubtVocab  *vocab,
                                        guint           col,
                                        const char     *word);

/* Why the cell's text is suspect; MRG_DOUBT_NONE for a header row, a verified row, a cell a
 * person typed, and an empty cell. `vocab` may be NULL. Confidence below a person's threshold is
 * not a reason here: that is the caller's (mrg_grid_cell_is_doubtful). */
MrgDoubt       mrg_doubt_cell          (MrgTable       *table,
                                        guint           row,
                                        guint           col,
                                        MrgDoubtVocab  *vocab);
/* Sets `doubt` of every cell of the table. */
void           mrg_doubt_mark_table    (MrgTable       *table,
                                        MrgDoubtVocab  *vocab);
/* Why the text of the cell does not fit its column's type, by mrg_schema_validate_cell with the
 * row's other cells (the rules export and the CLI check too); NULL when it fits. */
char          *mrg_doubt_type_problem  (MrgTable       *table,
                                        guint           row,
                                        guint           col);
/* The reasons as sentences for a tooltip, one a line; NULL for MRG_DOUBT_NONE. The type's
 * reason is mrg_schema_validate_cell's and is left to it. */
char          *mrg_doubt_describe      (MrgTable       *table,
                                        guint           row,
                                        guint           col,
                                        MrgDoubt        doubt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MrgDoubtVocab, mrg_doubt_vocab_free)

G_END_DECLS

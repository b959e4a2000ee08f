/* mrg-match-window.h: reviewing candidate pairs of a list of names against the project, and
 * likely duplicates inside it
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "mrg-match.h"
#include "mrg-window.h"

G_BEGIN_DECLS

#define MRG_TYPE_MATCH_WINDOW (mrg_match_window_get_type ())
G_DECLARE_FINAL_TYPE (MrgMatchWindow, mrg_match_window, MRG, MATCH_WINDOW, AdwWindow)

MrgMatchWindow *mrg_match_window_new            (MrgWindow      *window);
/* Reads the header of a CSV list and fills the column choice; FALSE with a message shown when
 * the file cannot be read. */
gboolean        mrg_match_window_set_list       (MrgMatchWindow *self,
                                                 const char     *path);
/* Selects the name column by its header; FALSE when the list has no such column. */
gboolean        mrg_match_window_set_column     (MrgMatchWindow *self,
                                                 const char     *column);
/* Matches the list against the project on a worker thread. */
void            mrg_match_window_run            (MrgMatchWindow *self);
/* Looks for the same person on two pages of the project, on a worker thread. */
void            mrg_match_window_find_duplicates (MrgMatchWindow *self);
/* TRUE while a match, a duplicate search or the loading of scan crops runs. */
gboolean        mrg_match_window_is_busy        (MrgMatchWindow *self);
/* Candidate pairs shown: of the list when duplicates is FALSE, else of the duplicates. */
guint           mrg_match_window_get_n_pairs    (MrgMatchWindow *self,
                                                 gboolean        duplicates);
/* The names of pair i (list or first row, candidate), for display tests. */
void            mrg_match_window_get_pair       (MrgMatchWindow *self,
                                                 gboolean        duplicates,
                                                 guint           i,
                                                 const char    **left,
                                                 const char    **right,
                                                 gint64         *row_id);
/* TRUE when the scan crop of pair i's candidate row is shown. */
gboolean        mrg_match_window_has_crop       (MrgMatchWindow *self,
                                                 gboolean        duplicates,
                                                 guint           i);
/* Shows the row of pair i in the window: its candidate, or its first row (left) for a
 * duplicate, as the "page, row" buttons do. */
gboolean        mrg_match_window_go_to          (MrgMatchWindow *self,
                                                 gboolean        duplicates,
                                                 guint           i,
                                                 gboolean        left);
/* Records a decision on pair i, as its buttons and the A and R keys do. */
gboolean        mrg_match_window_decide         (MrgMatchWindow       *self,
                                                 gboolean              duplicates,
                                                 guint                 i,
                                                 MrgMatchDecisionKind  kind);

G_END_DECLS

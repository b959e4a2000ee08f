/* mrg-search-panel.h: searching every cell of the project and going to what was found
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "mrg-search.h"
#include "mrg-window.h"

G_BEGIN_DECLS

#define MRG_TYPE_SEARCH_PANEL (mrg_search_panel_get_type ())
G_DECLARE_FINAL_TYPE (MrgSearchPanel, mrg_search_panel, MRG, SEARCH_PANEL, AdwWindow)

MrgSearchPanel *mrg_search_panel_new          (MrgWindow      *window);
/* Searches for text as if typed; the results come later ("notify::n-results"). */
void            mrg_search_panel_set_text     (MrgSearchPanel *self,
                                               const char     *text);
/* TRUE while a search runs on the worker thread. */
gboolean        mrg_search_panel_is_searching (MrgSearchPanel *self);
guint           mrg_search_panel_get_n_results (MrgSearchPanel *self);
/* Result i in the order shown, or NULL. */
const MrgSearchResult *mrg_search_panel_get_result (MrgSearchPanel *self,
                                                    guint           i);
/* Goes to result i (in the order shown), as activating its row does. */
gboolean        mrg_search_panel_activate     (MrgSearchPanel *self,
                                               guint           i);

G_END_DECLS

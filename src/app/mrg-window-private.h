/* mrg-window-private.h: the window's parts, shared by mrg-window.c, mrg-window-actions.c and
 * mrg-window-panes.c, and reached by the dialogs and the display tests
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "mrg-grid-editor.h"
#include "mrg-loupe.h"
#include "mrg-page-list.h"
#include "mrg-page-model.h"
#include "mrg-page-view.h"
#include "mrg-project.h"
#include "mrg-store.h"
#include "mrg-store-pages.h"
#include "mrg-widget-util.h"
#include "mrg-window.h"

G_BEGIN_DECLS

struct _MrgWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwHeaderBar *header_bar;
  GtkWidget *add_scans_button;
  GtkWidget *ocr_button;
  GtkWidget *ocr_progress_box;
  GtkProgressBar *ocr_progress;
  GtkWidget *menu_button;
  GtkWidget *search_button;
  GtkWidget *export_button;
  GtkStack *stack;
  AdwStatusPage *start_page;
  GtkWidget *recent_label;
  GtkListBox *recent_list;
  GtkWidget *workbench;
  MrgPageList *page_list;
  GtkDropDown *status_dropdown;
  GtkLabel *progress_label;
  GtkProgressBar *document_progress;
  GtkPaned *inner_paned;
  MrgPageView *page_view;
  GtkSpinner *page_spinner;
  GtkWidget *page_problem;      /* over the page: why its scan cannot be drawn */
  GtkLabel *page_problem_label;
  GtkLabel *zoom_label;
  MrgLoupe *loupe;
  MrgGridEditor *grid_editor;
  GtkWidget *table_bar;
  GtkLabel *table_label;
  GtkMenuButton *table_menu_button;
  GMenu *layout_section;        /* Table ▸ Layout: the project's layouts */

  GSettings *settings;
  MrgProject *project;
  MrgStore *store;              /* the project's main connection */
  MrgPageModel *model;
  GtkNativeDialog *chooser;
  GCancellable *import_cancellable;
  GCancellable *ocr_cancellable;
  gboolean ocr_grid_only;          /* the running OCR finds grids only (Find Grid Only) */
  guint save_position_id;
  guint shown_position;         /* the place of the page shown in the page list */
  gboolean restoring;
  gboolean discard_unsaved;   /* the person chose to close with typed text unsaved */
};

MrgProject    *_mrg_window_get_project     (MrgWindow *self);
MrgStore      *_mrg_window_get_store       (MrgWindow *self);
MrgPageModel  *_mrg_window_get_model       (MrgWindow *self);
MrgGridEditor *_mrg_window_get_grid_editor (MrgWindow *self);
MrgPageView   *_mrg_window_get_page_view   (MrgWindow *self);
MrgPageList   *_mrg_window_get_page_list   (MrgWindow *self);
/* Imports as the project's job; the page list follows the project's `changed`. */
void           _mrg_window_import          (MrgWindow          *self,
                                            const char * const *paths);
/* How many of the project's scans are no longer where they were imported from. */
guint          _mrg_window_count_missing_scans (MrgWindow *self);
/* Looks for them in the folder, by their content, as the project's job (Find Moved Scans). */
void           _mrg_window_relink          (MrgWindow  *self,
                                            const char *folder);
/* TRUE while an import or OCR job runs. */
gboolean       _mrg_window_is_busy         (MrgWindow *self);
/* Goes to a page and a cell of its current table (row, col as the grid editor counts them);
 * mrg_page_model_show_cell finds a cell in whichever table of the page holds it. */
gboolean       _mrg_window_go_to           (MrgWindow *self,
                                            gint64     page_id,
                                            int        row,
                                            int        col);
/* Saves the page and cell shown, so that the project reopens there. */
void           _mrg_window_save_position   (MrgWindow *self);
/* Saves it a moment later, so that a run of Tabs is one write. */
void           _mrg_window_queue_save_position (MrgWindow *self);
/* Reads the page shown, or every page of its document, as the project's job. */
void           _mrg_window_run_ocr         (MrgWindow *self,
                                            gboolean   whole_document);
/* The same with `grid_only`: the grids without their text (MrgPipelineOptions). */
void           _mrg_window_run_pipeline    (MrgWindow *self,
                                            gboolean   whole_document,
                                            gboolean   grid_only);
/* Reads these pages (gint64 ids) as one job of the project, cancellable from the header bar; the
 * pages read before a cancel stay read. With `grid_only`, their grids without the text. */
void           _mrg_window_run_ocr_pages   (MrgWindow    *self,
                                            const GArray *pages,
                                            gboolean      grid_only);
/* Shows what undo or redo changed back: its page, its table, and its cell or row. */
void           _mrg_window_show_edit       (MrgWindow  *self,
                                            const char *table,
                                            gint64      target);

/* The answers to a question before a step that loses something: the safe one (the default, and
 * what Escape gives) and the destructive one, each a response id and its label, marked N_(). */
typedef struct
{
  const char *safe_id;
  const char *safe_label;
  const char *destructive_id;
  const char *destructive_label;
} MrgWindowAnswers;

/* Asks over the window; response_cb (dialog, response, self) gets the answer. */
AdwMessageDialog *_mrg_window_ask          (MrgWindow              *self,
                                            const char             *heading,
                                            const char             *body,
                                            const MrgWindowAnswers *answers,
                                            GCallback               response_cb);

/* mrg-window-actions.c */
void           _mrg_window_class_actions_init (MrgWindowClass *klass);
/* Enables the actions that need a project, a page, a step to undo or redo, or no job. */
void           _mrg_window_update_actions  (MrgWindow *self);
void           _mrg_window_update_undo_redo (MrgWindow *self);
/* What removing the scan loses, in words, for the confirmation (tested without a display). */
char          *_mrg_window_describe_removal (const MrgStoreDocumentSummary *summary);

/* mrg-window-hand.c: grid only, drawing tables, clearing a table's text, OCR languages */
void           _mrg_window_class_hand_init (MrgWindowClass *klass);
void           _mrg_window_hand_init       (MrgWindow *self);
void           _mrg_window_update_hand_actions (MrgWindow *self);

/* mrg-window-layouts.c: Table ▸ Layout */
void           _mrg_window_layouts_init    (MrgWindow *self);
/* Which layout the menu shows chosen (the shown table's), and whether it can change now. */
void           _mrg_window_update_layouts  (MrgWindow *self);

/* mrg-window-panes.c */
void           _mrg_window_panes_init      (MrgWindow *self);
/* Gives the panes the project (or NULL); they follow its `changed`. */
/* Teaches OCR the project's verified cells (mrg_project_learn_async), shown as OCR is. */
void           _mrg_window_learn             (MrgWindow  *self);
void           _mrg_window_panes_set_project (MrgWindow  *self,
                                              MrgProject *project);
void           _mrg_window_update_progress (MrgWindow *self);
void           _mrg_window_update_table_switcher (MrgWindow *self);
/* Shows the workbench, or how to add scans when the project has none. */
void           _mrg_window_update_empty    (MrgWindow *self);

G_END_DECLS

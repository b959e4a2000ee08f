/* mrg-window-panes.c: the workbench's panes: the page list, the scan, the grid editor and the
 * loupe share one page model; the window's progress and status follow the store's `changed`
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-window-private.h"

/* The switcher between the tables of a page shows only when there is more than one. */
void
_mrg_window_update_table_switcher (MrgWindow *self)
{
  guint n = mrg_page_model_get_n_tables (self->model);
  guint i = mrg_page_model_get_table_index (self->model);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.previous", n > 1 && i > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.next", n > 1 && i + 1 < n);
  gtk_widget_set_visible (self->table_bar, n > 1);
  if (n > 1)
    {
      /* Translators: which of the tables on the page the grid shows, e.g. "Table 2 of 2" */
      g_autofree char *text = g_strdup_printf (_("Table %u of %u"), i + 1, n);

      gtk_label_set_text (self->table_label, text);
    }
}

void
_mrg_window_update_progress (MrgWindow *self)
{
  MrgStoreCounts counts;
  g_autofree char *text = NULL;
  const MrgPageRecord *page;

  if (self->store == NULL || !mrg_store_get_counts (self->store, &counts, NULL))
    return;
  if (counts.body_rows > 0)
    /* Translators: progress of the whole project */
    text = g_strdup_printf (ngettext ("%d of %d row verified", "%d of %d rows verified",
                                      counts.body_rows),
                            counts.verified_rows, counts.body_rows);
  else
    text = g_strdup_printf (ngettext ("%d page", "%d pages", counts.pages), counts.pages);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->document_progress,
                                 counts.body_rows > 0
                                   ? (double) counts.verified_rows / counts.body_rows : 0);

  page = mrg_page_model_get_page (self->model);
  if (page != NULL && gtk_drop_down_get_selected (self->status_dropdown) != page->status)
    {
      self->restoring = TRUE;
      gtk_drop_down_set_selected (self->status_dropdown, page->status);
      self->restoring = FALSE;
    }
}

/* The page's status follows the rows: all verified makes it verified, a person's edit makes a
 * new page in progress. The person can still set it by hand. */
static void
update_page_status (MrgWindow *self)
{
  const MrgPageRecord *page = mrg_page_model_get_page (self->model);
  guint n_tables = mrg_page_model_get_n_tables (self->model);
  MrgPageStatus status;
  gboolean all = TRUE, any_body = FALSE;

  if (page == NULL || n_tables == 0)
    return;
  /* The page is verified when the rows of all its tables are, not those of the one shown. */
  for (guint t = 0; t < n_tables; t++)
    {
      MrgTable *table = mrg_page_model_get_table_at (self->model, t);

      for (guint r = 0; r < table->rows->len; r++)
        {
          MrgTableRow *row = mrg_table_get_row (table, r);

          if (row->header)
            continue;
          any_body = TRUE;
          if (row->status != MRG_ROW_STATUS_VERIFIED)
            all = FALSE;
        }
    }
  status = page->status;
  if (any_body && all)
    status = MRG_PAGE_STATUS_VERIFIED;
  else if (status == MRG_PAGE_STATUS_VERIFIED || status == MRG_PAGE_STATUS_NEW ||
           status == MRG_PAGE_STATUS_OCR_DONE)
    status = MRG_PAGE_STATUS_IN_PROGRESS;
  if (status != page->status)
    {
      g_autoptr(GError) error = NULL;

      /* The page model, the page list and the progress follow the store's `changed`. */
      if (!mrg_store_set_page_status (self->store, page->id, status, &error))
        mrg_window_show_message (self, error->message);
    }
}

static void
grid_changed_cb (MrgWindow *self)
{
  update_page_status (self);
}

static void
status_selected_cb (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    MrgWindow   *self)
{
  g_autoptr(GError) error = NULL;
  const MrgPageRecord *page = mrg_page_model_get_page (self->model);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->restoring || page == NULL || selected > MRG_PAGE_STATUS_VERIFIED ||
      selected == page->status)
    return;
  if (!mrg_store_set_page_status (self->store, page->id, selected, &error))
    mrg_window_show_message (self, error->message);
}

static void
update_zoom_label (MrgWindow *self)
{
  g_autofree char *text = g_strdup_printf ("%.0f %%", mrg_page_model_get_zoom (self->model) * 100);

  gtk_label_set_text (self->zoom_label, text);
}

static void
page_selected_cb (MrgPageList *list,
                  gint64       page_id,
                  MrgWindow   *self)
{
  if (page_id == mrg_page_model_get_page_id (self->model))
    return;
  _mrg_window_go_to (self, page_id, -1, -1);
  _mrg_window_queue_save_position (self);
}

/* Where the page shown is in the list, for when its scan goes. */
static void
remember_position (MrgWindow *self)
{
  gint64 page_id = mrg_page_model_get_page_id (self->model);
  guint n = mrg_page_list_get_n_pages (self->page_list);

  for (guint i = 0; page_id != 0 && i < n; i++)
    if (mrg_page_list_get_page_at (self->page_list, i) == page_id)
      self->shown_position = i;
}

/* Why the page shown cannot be drawn is said over it, in place of the scan, for as long as it
 * is shown: a toast would linger over the next page, and a few of them queue for a minute. */
static void
show_page_problem (MrgWindow  *self,
                   const char *message)
{
  gtk_label_set_text (self->page_problem_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->page_problem, message != NULL);
}

static void
page_shown_cb (MrgWindow *self)
{
  show_page_problem (self, NULL);
  remember_position (self);
}

/* drawn at last, its scan found again (Find Moved Scans) */
static void
loading_changed_cb (MrgWindow *self)
{
  if (!mrg_page_model_get_loading (self->model) && mrg_page_model_get_texture (self->model) != NULL)
    show_page_problem (self, NULL);
}

static void
cursor_changed_cb (MrgWindow *self)
{
  _mrg_window_queue_save_position (self);
}

static void
render_failed_cb (MrgPageModel *model,
                  const char   *message,
                  MrgWindow    *self)
{
  const MrgPageRecord *page = mrg_page_model_get_page (model);

  /* a scan moved away since it was added: what to do about it */
  if (page != NULL && !g_file_test (page->path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *moved = mrg_missing_scan_message (page->path);

      show_page_problem (self, moved);
      return;
    }
  show_page_problem (self, message);
}

static void
show_error_cb (GtkWidget  *widget,
               const char *message,
               MrgWindow  *self)
{
  mrg_window_show_message (self, message);
}

static void
threshold_changed_cb (GSettings  *settings,
                      const char *key,
                      MrgWindow  *self)
{
  mrg_grid_editor_set_threshold (self->grid_editor,
                                 g_settings_get_double (settings, "confidence-threshold"));
}

static void
width_changed_cb (MrgWindow *self)
{
  int width = 0, height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  /* On a narrow screen the grid goes below the scan. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->inner_paned),
                                  width > 0 && width < 1100 ? GTK_ORIENTATION_VERTICAL
                                                            : GTK_ORIENTATION_HORIZONTAL);
}

void
_mrg_window_update_empty (MrgWindow *self)
{
  if (self->store == NULL)
    return;
  gtk_stack_set_visible_child_name (self->stack, mrg_page_list_get_n_pages (self->page_list) > 0
                                                   ? "workbench" : "empty");
}

/* The scan of the page shown was removed (here or by another program): the page that took its
 * place in the list is shown, or the last one. */
static void
replace_removed_page (MrgWindow *self,
                      guint      position)
{
  guint n = mrg_page_list_get_n_pages (self->page_list);

  if (mrg_page_model_get_page_id (self->model) != 0 || n == 0)
    return;
  _mrg_window_go_to (self, mrg_page_list_get_page_at (self->page_list, MIN (position, n - 1)),
                     -1, -1);
}

/* After the page model and the page list (connected first, in the same set_project) have read
 * what the change touched: the progress, the page's status and Undo and Redo. */
static void
project_changed_cb (MrgProject           *project,
                    const MrgStoreChange *change,
                    MrgWindow            *self)
{
  MrgStoreChangeKind kinds = mrg_store_change_get_kinds (change);

  if (project != self->project)
    return;
  if ((kinds & (MRG_STORE_CHANGE_DOCUMENTS | MRG_STORE_CHANGE_PAGES)) != 0)
    {
      _mrg_window_update_empty (self);
      replace_removed_page (self, self->shown_position);
      remember_position (self);
      _mrg_window_update_actions (self);
    }
  if ((kinds & (MRG_STORE_CHANGE_DOCUMENTS | MRG_STORE_CHANGE_PAGES | MRG_STORE_CHANGE_TABLES |
                MRG_STORE_CHANGE_ROWS)) != 0)
    _mrg_window_update_progress (self);
  if ((kinds & MRG_STORE_CHANGE_EDITS) != 0)
    _mrg_window_update_undo_redo (self);
}

void
_mrg_window_panes_set_project (MrgWindow  *self,
                               MrgProject *project)
{
  mrg_page_model_set_project (self->model, project);
  mrg_page_list_set_project (self->page_list, project);
  if (project != NULL)
    g_signal_connect_object (project, "changed", G_CALLBACK (project_changed_cb), self, 0);
}

void
_mrg_window_panes_init (MrgWindow *self)
{
  self->model = mrg_page_model_new ();
  mrg_page_view_set_model (self->page_view, self->model);
  mrg_loupe_set_model (self->loupe, self->model);
  mrg_grid_editor_set_model (self->grid_editor, self->model);
  g_signal_connect_object (self->settings, "changed::confidence-threshold",
                           G_CALLBACK (threshold_changed_cb), self, 0);
  threshold_changed_cb (self->settings, "confidence-threshold", self);
  g_signal_connect_swapped (self->model, "cursor-changed", G_CALLBACK (cursor_changed_cb), self);
  g_signal_connect_swapped (self->model, "table-changed",
                            G_CALLBACK (_mrg_window_update_table_switcher), self);
  g_signal_connect_swapped (self->model, "notify::zoom", G_CALLBACK (update_zoom_label), self);
  g_signal_connect_swapped (self->model, "notify::page-id", G_CALLBACK (page_shown_cb), self);
  g_signal_connect_swapped (self->model, "notify::loading", G_CALLBACK (loading_changed_cb),
                            self);
  g_object_bind_property (self->model, "loading", self->page_spinner, "visible",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->model, "loading", self->page_spinner, "spinning",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect (self->model, "render-failed", G_CALLBACK (render_failed_cb), self);
  g_signal_connect (self->page_list, "page-selected", G_CALLBACK (page_selected_cb), self);
  g_signal_connect (self->page_view, "show-error", G_CALLBACK (show_error_cb), self);
  g_signal_connect (self->grid_editor, "show-error", G_CALLBACK (show_error_cb), self);
  g_signal_connect_swapped (self->grid_editor, "changed", G_CALLBACK (grid_changed_cb), self);
  g_signal_connect (self->status_dropdown, "notify::selected", G_CALLBACK (status_selected_cb),
                    self);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (width_changed_cb), NULL);
  width_changed_cb (self);
  update_zoom_label (self);
  _mrg_window_hand_init (self);
  _mrg_window_layouts_init (self);
}

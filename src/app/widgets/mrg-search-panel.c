/* mrg-search-panel.c: searching every cell of the project and going to what was found
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-search-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-search.h"
#include "mrg-row-numbers.h"
#include "mrg-search-panel.h"
#include "mrg-table.h"
#include "mrg-window-private.h"

/* Enough to scroll through, few enough to build rows for at once. */
#define MAX_RESULTS 300

struct _MrgSearchPanel
{
  AdwWindow parent_instance;

  GtkSearchEntry *entry;
  GtkStack *stack;
  AdwStatusPage *status_page;
  GtkListBox *list;
  GtkLabel *count_label;

  MrgWindow *window;          /* weak */
  MrgStore *store;          /* weak: the project this window was opened for */
  GPtrArray *results;         /* MrgSearchResult, in the order shown */
  GCancellable *cancellable;  /* of the search running, if any */
  char *query;                /* the last query searched for */
  guint generation;
};

enum
{
  PROP_0,
  PROP_N_RESULTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MrgSearchPanel, mrg_search_panel, ADW_TYPE_WINDOW)

/* ---- the worker ---- */

typedef struct
{
  char *query;
  guint generation;    /* of the panel when it was asked for */
  GPtrArray *results;  /* MrgSearchResult, grouped, once found */
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->query);
  g_clear_pointer (&data->results, g_ptr_array_unref);
  g_free (data);
}

/* Keeps the results of one page together, the pages in the order of their best result, and a
 * page's results in table order, so that the list reads like the pages. */
typedef struct
{
  MrgSearchResult *result;
  guint group_rank;
} Ranked;

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const Ranked *ra = a, *rb = b;

  if (ra->group_rank != rb->group_rank)
    return ra->group_rank < rb->group_rank ? -1 : 1;
  if (ra->result->table != rb->result->table)
    return ra->result->table - rb->result->table;
  if (ra->result->row != rb->result->row)
    return ra->result->row - rb->result->row;
  return ra->result->column - rb->result->column;
}

static GPtrArray *
group_results (GPtrArray *results)
{
  g_autoptr(GHashTable) ranks = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ranked = g_array_sized_new (FALSE, FALSE, sizeof (Ranked), results->len);
  GPtrArray *grouped = g_ptr_array_new_with_free_func ((GDestroyNotify) mrg_search_result_free);

  for (guint i = 0; i < results->len; i++)
    {
      MrgSearchResult *r = g_ptr_array_index (results, i);
      gpointer rank;
      Ranked item = { r, i };

      if (g_hash_table_lookup_extended (ranks, &r->page_id, NULL, &rank))
        item.group_rank = GPOINTER_TO_UINT (rank);
      else
        g_hash_table_insert (ranks, &r->page_id, GUINT_TO_POINTER (i));
      g_array_append_val (ranked, item);
    }
  g_array_sort (ranked, compare_ranked);
  /* The results move from one array to the other. */
  g_ptr_array_set_free_func (results, NULL);
  for (guint i = 0; i < ranked->len; i++)
    g_ptr_array_add (grouped, g_array_index (ranked, Ranked, i).result);
  return grouped;
}

/* Each result's row becomes its place in its table as the grid's margin shows it (less one). */
static gboolean
number_rows_as_shown (MrgStore   *store,
                      GPtrArray  *results,
                      GError    **error)
{
  g_autoptr(MrgRowNumbers) numbers = mrg_row_numbers_new (store);

  for (guint i = 0; i < results->len; i++)
    {
      MrgSearchResult *r = g_ptr_array_index (results, i);
      g_autoptr(GError) local_error = NULL;
      int number = mrg_row_numbers_get (numbers, r->page_id, r->row_id, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (number > 0)
        r->row = number - 1;
    }
  return TRUE;
}

static gboolean
search_job_run (MrgJob        *job,
                MrgStore      *store,
                gpointer       user_data,
                GCancellable  *cancellable,
                GError       **error)
{
  SearchData *data = user_data;
  g_autoptr(GPtrArray) results = mrg_search (store, data->query, MAX_RESULTS, error);

  if (results == NULL || !number_rows_as_shown (store, results, error))
    return FALSE;
  data->results = group_results (results);
  return TRUE;
}

/* ---- the list ---- */

/* The snippet marks the words found in [brackets]; they are shown bold. */
static char *
snippet_to_markup (const char *snippet)
{
  g_autofree char *escaped = g_markup_escape_text (snippet != NULL ? snippet : "", -1);
  GString *markup = g_string_new (NULL);

  for (const char *p = escaped; *p != '\0'; p++)
    if (*p == '[')
      g_string_append (markup, "<b>");
    else if (*p == ']')
      g_string_append (markup, "</b>");
    else
      g_string_append_c (markup, *p);
  return g_string_free (markup, FALSE);
}

static GtkWidget *
create_result_row (MrgSearchResult *r)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *where, *text, *place;
  g_autofree char *markup = NULL;
  g_autofree char *row_text = NULL;
  g_autofree char *column_text = NULL;

  /* TRANSLATORS: a row of a table on a page, numbered as in the grid's margin */
  row_text = g_strdup_printf (_("Row %d"), r->row + 1);
  where = gtk_label_new (row_text);
  gtk_widget_add_css_class (where, "dim-label");
  gtk_widget_add_css_class (where, "numeric");
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_widget_set_size_request (where, 64, -1);
  gtk_widget_set_valign (where, GTK_ALIGN_START);

  if (r->variant || r->snippet == NULL || strchr (r->snippet, '[') == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (r->text != NULL ? r->text : "", -1);

      markup = g_strdup_printf ("<b>%s</b>", escaped);
    }
  else
    markup = snippet_to_markup (r->snippet);
  text = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (text), markup);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);

  if (r->column_name != NULL && *r->column_name != '\0')
    column_text = g_strdup (r->column_name);
  else
    column_text = mrg_column_number_name (r->column);
  if (r->variant)
    {
      /* TRANSLATORS: "%s" is a column name; the cell holds another spelling of the query, found
       * with the given likeness in percent */
      g_autofree char *s = g_strdup_printf (_("%s · similar spelling, %d %%"), column_text,
                                            (int) (r->score * 100 + 0.5));

      g_free (column_text);
      column_text = g_steal_pointer (&s);
    }
  place = gtk_label_new (column_text);
  gtk_label_set_xalign (GTK_LABEL (place), 0);
  gtk_label_set_ellipsize (GTK_LABEL (place), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (place, "dim-label");
  gtk_widget_add_css_class (place, "caption");

  gtk_box_append (GTK_BOX (texts), text);
  gtk_box_append (GTK_BOX (texts), place);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), where);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static MrgSearchResult *
row_result (MrgSearchPanel *self,
            GtkListBoxRow  *row)
{
  int i = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  if (self->results == NULL || i < 0 || (guint) i >= self->results->len)
    return NULL;
  return g_ptr_array_index (self->results, i);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  MrgSearchPanel *self = user_data;
  MrgSearchResult *r = row_result (self, row);
  MrgSearchResult *prev = row_result (self, before);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  GtkWidget *label;

  if (r == NULL || (prev != NULL && prev->page_id == r->page_id))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  name = g_path_get_basename (r->document != NULL ? r->document : "");
  /* TRANSLATORS: a group of search results: a document's file name and a page number */
  title = g_strdup_printf (_("%s — page %d"), name, r->page);
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, before != NULL ? 12 : 6);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_widget_set_tooltip_text (label, r->document);
  gtk_list_box_row_set_header (row, label);
}

static void
show_results (MrgSearchPanel *self,
              GPtrArray      *results)
{
  GtkWidget *child;
  g_autofree char *count = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = results;

  if (results == NULL)
    {
      adw_status_page_set_title (self->status_page, _("Search the Project"));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_label_set_text (self->count_label, "");
    }
  else if (results->len == 0)
    {
      adw_status_page_set_title (self->status_page, _("Nothing Found"));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_label_set_text (self->count_label, "");
    }
  else
    {
      for (guint i = 0; i < results->len; i++)
        gtk_list_box_append (self->list, create_result_row (g_ptr_array_index (results, i)));
      gtk_stack_set_visible_child_name (self->stack, "results");
      if (results->len >= MAX_RESULTS)
        /* TRANSLATORS: %u is the number of search results shown */
        count = g_strdup_printf (_("The first %u results; type more to narrow them down"),
                                 results->len);
      else
        count = g_strdup_printf (ngettext ("%u result", "%u results", results->len),
                                 results->len);
      gtk_label_set_text (self->count_label, count);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RESULTS]);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MrgSearchPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  SearchData *data = mrg_job_get_data (MRG_JOB (source));
  gboolean ok = mrg_job_run_finish (MRG_JOB (source), result, &error);

  /* A newer query has been typed since: its results are the ones to show. */
  if (data->generation != self->generation)
    return;
  g_clear_object (&self->cancellable);
  if (!ok)
    {
      show_results (self, NULL);
      gtk_label_set_text (self->count_label, error->message);
      return;
    }
  show_results (self, g_steal_pointer (&data->results));
}

static void
start_search (MrgSearchPanel *self,
              const char     *query)
{
  g_autoptr(MrgJob) job = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (query != NULL ? query : ""));
  MrgProject *project = self->window != NULL ? _mrg_window_get_project (self->window) : NULL;
  SearchData *data;

  /* The entry reports its text again after a delay: that is no new search. */
  if (g_strcmp0 (self->query, stripped) == 0)
    return;
  g_free (self->query);
  self->query = g_strdup (stripped);
  self->generation++;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (*stripped == '\0' || project == NULL)
    {
      show_results (self, NULL);
      return;
    }
  /* The search reads the file: a cell being typed must be in it. */
  mrg_grid_editor_commit (_mrg_window_get_grid_editor (self->window));

  self->cancellable = g_cancellable_new ();
  data = g_new0 (SearchData, 1);
  data->query = g_steal_pointer (&stripped);
  data->generation = self->generation;
  /* A connection of the job's own, read-only: not queued behind the project's OCR, which
   * WAL lets it read beside. */
  job = mrg_job_new (mrg_project_get_path (project), MRG_STORE_OPEN_READ_ONLY, search_job_run,
                     data, (GDestroyNotify) search_data_free);
  gtk_label_set_text (self->count_label, _("Searching…"));
  mrg_job_run_async (job, self->cancellable, search_done_cb, g_object_ref (self));
}

static void
search_changed_cb (MrgSearchPanel *self)
{
  start_search (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

gboolean
mrg_search_panel_activate (MrgSearchPanel *self,
                           guint           i)
{
  MrgSearchResult *r;

  g_return_val_if_fail (MRG_IS_SEARCH_PANEL (self), FALSE);

  if (self->results == NULL || i >= self->results->len || self->window == NULL)
    return FALSE;
  r = g_ptr_array_index (self->results, i);
  if (!_mrg_window_go_to (self->window, r->page_id, -1, -1))
    return FALSE;
  /* The grid finds the cell by its id: rows inserted or deleted since the search are no
   * matter. */
  /* The cell may be in any table of the page: that table becomes the one shown. */
  if (!mrg_page_model_show_cell (_mrg_window_get_model (self->window), r->cell_id))
    _mrg_window_go_to (self->window, r->page_id, r->row, r->column);
  /* The cell is outlined on the scan and ready to be corrected in the grid. */
  gtk_widget_grab_focus (GTK_WIDGET (_mrg_window_get_grid_editor (self->window)));
  return TRUE;
}

static void
row_activated_cb (GtkListBox     *list,
                  GtkListBoxRow  *row,
                  MrgSearchPanel *self)
{
  mrg_search_panel_activate (self, gtk_list_box_row_get_index (row));
}

static void
entry_activate_cb (MrgSearchPanel *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  mrg_search_panel_activate (self, row != NULL ? gtk_list_box_row_get_index (row) : 0);
}

static void
stop_search_cb (MrgSearchPanel *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
entry_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              MrgSearchPanel        *self)
{
  GtkListBoxRow *row;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  /* Down goes from the entry into the results. */
  row = gtk_list_box_get_row_at_index (self->list, 0);
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->list, row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  return TRUE;
}

void
mrg_search_panel_set_text (MrgSearchPanel *self,
                           const char     *text)
{
  g_return_if_fail (MRG_IS_SEARCH_PANEL (self));

  /* Searched at once rather than after the entry's typing delay. */
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  start_search (self, text);
}

gboolean
mrg_search_panel_is_searching (MrgSearchPanel *self)
{
  g_return_val_if_fail (MRG_IS_SEARCH_PANEL (self), FALSE);

  return self->cancellable != NULL;
}

guint
mrg_search_panel_get_n_results (MrgSearchPanel *self)
{
  g_return_val_if_fail (MRG_IS_SEARCH_PANEL (self), 0);

  return self->results != NULL ? self->results->len : 0;
}

const MrgSearchResult *
mrg_search_panel_get_result (MrgSearchPanel *self,
                             guint           i)
{
  g_return_val_if_fail (MRG_IS_SEARCH_PANEL (self), NULL);

  if (self->results == NULL || i >= self->results->len)
    return NULL;
  return g_ptr_array_index (self->results, i);
}

static void
mrg_search_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MrgSearchPanel *self = MRG_SEARCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_N_RESULTS:
      g_value_set_uint (value, mrg_search_panel_get_n_results (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mrg_search_panel_dispose (GObject *object)
{
  MrgSearchPanel *self = MRG_SEARCH_PANEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* A search still running finds a panel with no widgets: its results are stale. */
  self->generation++;
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), MRG_TYPE_SEARCH_PANEL);
  G_OBJECT_CLASS (mrg_search_panel_parent_class)->dispose (object);
}

static void
mrg_search_panel_class_init (MrgSearchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mrg_search_panel_dispose;
  object_class->get_property = mrg_search_panel_get_property;

  properties[PROP_N_RESULTS] =
    g_param_spec_uint ("n-results", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/muragat/Muragat/ui/mrg-search-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MrgSearchPanel, entry);
  gtk_widget_class_bind_template_child (widget_class, MrgSearchPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, MrgSearchPanel, status_page);
  gtk_widget_class_bind_template_child (widget_class, MrgSearchPanel, list);
  gtk_widget_class_bind_template_child (widget_class, MrgSearchPanel, count_label);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mrg_search_panel_init (MrgSearchPanel *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_header_func (self->list, header_func, self, NULL);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (stop_search_cb), self);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
  gtk_search_entry_set_key_capture_widget (self->entry, GTK_WIDGET (self));
}

/* The window shows another project now (its title follows the project): what this window
 * holds belongs to the one before, so it goes. */
static void
project_changed_cb (MrgSearchPanel *self)
{
  if (self->window == NULL || self->store == NULL ||
      _mrg_window_get_store (self->window) != self->store)
    gtk_window_destroy (GTK_WINDOW (self));
}

MrgSearchPanel *
mrg_search_panel_new (MrgWindow *window)
{
  MrgSearchPanel *self;

  g_return_val_if_fail (MRG_IS_WINDOW (window), NULL);

  self = g_object_new (MRG_TYPE_SEARCH_PANEL, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);
  g_set_weak_pointer (&self->store, _mrg_window_get_store (window));
  g_signal_connect_object (window, "notify::title", G_CALLBACK (project_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/* mrg-page-model.c: what the workbench shows: page, image, tables (one current), zoom and cell
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-page-model"

#include "config.h"

#include "mrg-page-model.h"
#include "mrg-page-render.h"

#define ZOOM_MIN 0.05
#define ZOOM_MAX 8.0

struct _MrgPageModel
{
  GObject parent_instance;

  MrgStore *store;
  GObject *changes;           /* whose `changed` the tables follow: the project, or the store */
  MrgPageRecord page;
  GdkTexture *texture;
  GPtrArray *levels;          /* GdkTexture: full size, then halved */
  GCancellable *render_cancellable;
  gboolean loading;           /* the image of the page is being decoded */
  GPtrArray *tables;          /* MrgTable *, every table of the page by idx */
  MrgTable *table;            /* the current one, owned by tables */
  guint table_index;
  GArray *cursors;            /* TableCursor: where the cursor was in each table left */
  double zoom;
  MrgFitMode fit_mode;
  int row;
  int col;
};

/* A page of a spread holds two tables; going back to one returns to its cell. */
typedef struct
{
  gint64 table_id;
  int row;
  int col;
} TableCursor;

enum
{
  PROP_0,
  PROP_PAGE_ID,
  PROP_TEXTURE,
  PROP_ZOOM,
  PROP_FIT_MODE,
  PROP_TABLE_INDEX,
  PROP_LOADING,
  N_PROPS
};

enum
{
  TABLE_CHANGED,
  CURSOR_CHANGED,
  RENDER_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MrgPageModel, mrg_page_model, G_TYPE_OBJECT)

static void
clear_page (MrgPageModel *self)
{
  mrg_store_page_clear (&self->page);
  memset (&self->page, 0, sizeof self->page);
}

static void
clear_tables (MrgPageModel *self)
{
  self->table = NULL;
  self->table_index = 0;
  g_clear_pointer (&self->tables, g_ptr_array_unref);
}

/* Reads every table of the page; the current one is the table with `keep_id` when it is still
 * there, else the first. */
static void
load_tables (MrgPageModel *self,
             gint64        keep_id)
{
  g_autoptr(GError) error = NULL;

  clear_tables (self);
  self->tables = mrg_table_load_all (self->store, self->page.id, &error);
  if (self->tables == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  for (guint i = 0; i < self->tables->len; i++)
    if (((MrgTable *) g_ptr_array_index (self->tables, i))->table_id == keep_id)
      self->table_index = i;
  if (self->tables->len > 0)
    self->table = g_ptr_array_index (self->tables, self->table_index);
}

static TableCursor *
find_saved_cursor (MrgPageModel *self,
                   gint64        table_id)
{
  for (guint i = 0; i < self->cursors->len; i++)
    if (g_array_index (self->cursors, TableCursor, i).table_id == table_id)
      return &g_array_index (self->cursors, TableCursor, i);
  return NULL;
}

/* Whether a committed change touched the page or one of its tables, rows or cells. A row or
 * cell the change lists that the tables do not hold is on another page (a deleted row coming
 * back also moves the separators of its table, which is listed). */
static gboolean
change_touches_page (MrgPageModel         *self,
                     const MrgStoreChange *change)
{
  if (mrg_store_change_has (change, MRG_STORE_CHANGE_PAGES, self->page.id) ||
      (mrg_store_change_get_kinds (change) & MRG_STORE_CHANGE_COLUMNS) != 0)
    return TRUE;
  for (guint t = 0; self->tables != NULL && t < self->tables->len; t++)
    {
      MrgTable *table = g_ptr_array_index (self->tables, t);

      if (mrg_store_change_has (change, MRG_STORE_CHANGE_TABLES, table->table_id))
        return TRUE;
      for (guint r = 0; r < table->rows->len; r++)
        {
          MrgTableRow *row = mrg_table_get_row (table, r);

          if (mrg_store_change_has (change, MRG_STORE_CHANGE_ROWS, row->id))
            return TRUE;
          if ((mrg_store_change_get_kinds (change) & MRG_STORE_CHANGE_CELLS) == 0)
            continue;
          for (guint c = 0; c < table->n_cols; c++)
            if (row->cells[c].id != 0 &&
                mrg_store_change_has (change, MRG_STORE_CHANGE_CELLS, row->cells[c].id))
              return TRUE;
        }
    }
  return FALSE;
}

static void forget_page (MrgPageModel *self);

/* Whether the page shown is still in the project (its scan may have been removed). */
static gboolean
page_exists (MrgPageModel *self)
{
  g_auto(MrgStorePage) page = { 0 };
  g_autoptr(GError) error = NULL;

  return mrg_store_get_page (self->store, self->page.id, &page, &error) ||
         !g_error_matches (error, MRG_STORE_ERROR, MRG_STORE_ERROR_NOT_FOUND);
}

static void start_render (MrgPageModel *self);

/* A scan found at a new place (relink) is drawn again from there. */
static void
follow_moved_scan (MrgPageModel         *self,
                   const MrgStoreChange *change)
{
  g_auto(MrgStorePage) page = { 0 };

  if (!mrg_store_change_has (change, MRG_STORE_CHANGE_DOCUMENTS, self->page.document_id) ||
      !mrg_store_get_page (self->store, self->page.id, &page, NULL) ||
      g_strcmp0 (page.path, self->page.path) == 0)
    return;
  g_free (self->page.path);
  self->page.path = g_steal_pointer (&page.path);
  start_render (self);
}

static void
store_changed_cb (GObject              *changes,
                  const MrgStoreChange *change,
                  MrgPageModel         *self)
{
  if (self->page.id != 0)
    follow_moved_scan (self, change);
  if (self->page.id == 0 || !change_touches_page (self, change))
    return;
  if (page_exists (self))
    mrg_page_model_reload_table (self);
  else
    forget_page (self);
}

static void
mrg_page_model_dispose (GObject *object)
{
  MrgPageModel *self = MRG_PAGE_MODEL (object);

  if (self->changes != NULL)
    g_signal_handlers_disconnect_by_data (self->changes, self);
  g_clear_object (&self->changes);
  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->levels, g_ptr_array_unref);
  g_clear_object (&self->store);
  clear_tables (self);
  g_clear_pointer (&self->cursors, g_array_unref);
  clear_page (self);
  G_OBJECT_CLASS (mrg_page_model_parent_class)->dispose (object);
}

static void
mrg_page_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MrgPageModel *self = MRG_PAGE_MODEL (object);

  switch (prop_id)
    {
    case PROP_PAGE_ID:
      g_value_set_int64 (value, self->page.id);
      break;
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_FIT_MODE:
      g_value_set_int (value, self->fit_mode);
      break;
    case PROP_TABLE_INDEX:
      g_value_set_uint (value, self->table_index);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mrg_page_model_class_init (MrgPageModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mrg_page_model_dispose;
  object_class->get_property = mrg_page_model_get_property;

  properties[PROP_PAGE_ID] =
    g_param_spec_int64 ("page-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXTURE] =
    g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIT_MODE] =
    g_param_spec_int ("fit-mode", NULL, NULL, MRG_FIT_NONE, MRG_FIT_PAGE, MRG_FIT_WIDTH,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TABLE_INDEX] =
    g_param_spec_uint ("table-index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TABLE_CHANGED] = g_signal_new ("table-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CURSOR_CHANGED] = g_signal_new ("cursor-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RENDER_FAILED] = g_signal_new ("render-failed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_STRING);
}

static void
mrg_page_model_init (MrgPageModel *self)
{
  self->zoom = 1.0;
  self->fit_mode = MRG_FIT_WIDTH;
  self->cursors = g_array_new (FALSE, FALSE, sizeof (TableCursor));
}

MrgPageModel *
mrg_page_model_new (void)
{
  return g_object_new (MRG_TYPE_PAGE_MODEL, NULL);
}

MrgStore *
mrg_page_model_get_store (MrgPageModel *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), NULL);
  return self->store;
}

static void
set_levels (MrgPageModel *self,
            GPtrArray    *levels)
{
  GdkTexture *texture = levels != NULL && levels->len > 0 ? g_ptr_array_index (levels, 0) : NULL;

  g_clear_pointer (&self->levels, g_ptr_array_unref);
  if (levels != NULL)
    self->levels = g_ptr_array_ref (levels);
  if (g_set_object (&self->texture, texture))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
}

static void
set_loading (MrgPageModel *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Shows no page: the project changed, or the page's scan was removed from it. */
static void
forget_page (MrgPageModel *self)
{
  g_cancellable_cancel (self->render_cancellable);
  clear_page (self);
  set_levels (self, NULL);
  set_loading (self, FALSE);
  clear_tables (self);
  g_array_set_size (self->cursors, 0);
  self->row = self->col = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE_INDEX]);
  g_signal_emit (self, signals[TABLE_CHANGED], 0);
  g_signal_emit (self, signals[CURSOR_CHANGED], 0);
}

/* The tables of the page follow every change that `changes` reports: a store's own commits,
 * or a project's, which adds its jobs' and other programs'. */
static void
set_source (MrgPageModel *self,
            MrgStore     *store,
            gpointer      changes)
{
  if (store == self->store && changes == (gpointer) self->changes)
    return;
  if (self->changes != NULL)
    g_signal_handlers_disconnect_by_data (self->changes, self);
  g_set_object (&self->changes, changes);
  if (changes != NULL)
    g_signal_connect (changes, "changed", G_CALLBACK (store_changed_cb), self);
  if (!g_set_object (&self->store, store))
    return;
  forget_page (self);
}

void
mrg_page_model_set_store (MrgPageModel *self,
                          MrgStore     *store)
{
  g_return_if_fail (MRG_IS_PAGE_MODEL (self));
  g_return_if_fail (store == NULL || MRG_IS_STORE (store));

  set_source (self, store, store);
}

void
mrg_page_model_set_project (MrgPageModel *self,
                            MrgProject   *project)
{
  g_return_if_fail (MRG_IS_PAGE_MODEL (self));
  g_return_if_fail (project == NULL || MRG_IS_PROJECT (project));

  set_source (self, project != NULL ? mrg_project_get_store (project) : NULL, project);
}

static void
render_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MrgPageModel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) levels = mrg_page_render_levels_finish (result, &error);

  if (levels == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_loading (self, FALSE);
          g_signal_emit (self, signals[RENDER_FAILED], 0, error->message);
        }
      return;
    }
  /* A page turned while this one was decoding is not shown. */
  if (g_task_get_cancellable (G_TASK (result)) != self->render_cancellable)
    return;
  set_levels (self, levels);
  set_loading (self, FALSE);
}

/* Decodes the page's scan, off the main loop. */
static void
start_render (MrgPageModel *self)
{
  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  set_levels (self, NULL);
  self->render_cancellable = g_cancellable_new ();
  mrg_page_render_levels_async (&(MrgPageSource) { self->page.path, self->page.kind,
                                                   self->page.number, self->page.dpi },
                                self->render_cancellable, render_done_cb, g_object_ref (self));
  set_loading (self, TRUE);
}

gboolean
mrg_page_model_set_page (MrgPageModel  *self,
                         gint64         page_id,
                         GError       **error)
{
  g_auto(MrgStorePage) stored = { 0 };
  MrgStorePage *page = &stored;

  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if (page_id == self->page.id)
    return TRUE;

  if (!mrg_store_get_page (self->store, page_id, page, error))
    return FALSE;

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  clear_page (self);
  self->page = *page;
  *page = (MrgStorePage) { 0 };

  start_render (self);

  g_array_set_size (self->cursors, 0);
  load_tables (self, 0);
  self->row = self->table != NULL ? mrg_table_first_body_row (self->table) : 0;
  self->col = 0;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE_INDEX]);
  g_signal_emit (self, signals[TABLE_CHANGED], 0);
  g_signal_emit (self, signals[CURSOR_CHANGED], 0);
  return TRUE;
}

gint64
mrg_page_model_get_page_id (MrgPageModel *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), 0);
  return self->page.id;
}

const MrgPageRecord *
mrg_page_model_get_page (MrgPageModel *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), NULL);
  return self->page.id != 0 ? &self->page : NULL;
}

GdkTexture *
mrg_page_model_get_texture (MrgPageModel *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), NULL);
  return self->texture;
}

gboolean
mrg_page_model_get_loading (MrgPageModel *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), FALSE);
  return self->loading;
}

GdkTexture *
mrg_page_model_get_texture_for_scale (MrgPageModel *self,
                                      double        scale)
{
  GdkTexture *best;

  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), NULL);

  if (self->levels == NULL || self->levels->len == 0 || self->page.width <= 0)
    return self->texture;
  best = g_ptr_array_index (self->levels, 0);
  for (guint i = 1; i < self->levels->len; i++)
    {
      GdkTexture *level = g_ptr_array_index (self->levels, i);

      if (gdk_texture_get_width (level) < scale * self->page.width)
        break;
      best = level;
    }
  return best;
}

void
mrg_page_model_reload_table (MrgPageModel *self)
{
  g_auto(MrgStorePage) page = { 0 };
  guint old_index = self->table_index;
  gint64 old_id = self->table != NULL ? self->table->table_id : 0;

  g_return_if_fail (MRG_IS_PAGE_MODEL (self));

  if (self->store == NULL || self->page.id == 0)
    return;
  /* The current table stays current while it exists (OCR may have replaced them all). */
  load_tables (self, old_id);
  if (self->table != NULL && self->table->table_id != old_id)
    {
      TableCursor *saved = find_saved_cursor (self, self->table->table_id);

      self->row = saved != NULL ? saved->row : mrg_table_first_body_row (self->table);
      self->col = saved != NULL ? saved->col : 0;
    }

  if (mrg_store_get_page (self->store, self->page.id, &page, NULL))
    self->page.status = page.status;

  if (self->table != NULL)
    {
      self->row = CLAMP (self->row, 0, MAX ((int) self->table->rows->len - 1, 0));
      self->col = CLAMP (self->col, 0, MAX ((int) self->table->n_cols - 1, 0));
    }
  if (old_index != self->table_index)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE_INDEX]);
  g_signal_emit (self, signals[TABLE_CHANGED], 0);
  g_signal_emit (self, signals[CURSOR_CHANGED], 0);
}

MrgTable *
mrg_page_model_get_table (MrgPageModel *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), NULL);
  return self->table;
}

guint
mrg_page_model_get_n_tables (MrgPageModel *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), 0);
  return self->tables != NULL ? self->tables->len : 0;
}

MrgTable *
mrg_page_model_get_table_at (MrgPageModel *self,
                             guint         index)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), NULL);
  if (self->tables == NULL || index >= self->tables->len)
    return NULL;
  return g_ptr_array_index (self->tables, index);
}

guint
mrg_page_model_get_table_index (MrgPageModel *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), 0);
  return self->table_index;
}

gboolean
mrg_page_model_set_table_index (MrgPageModel *self,
                                guint         index)
{
  TableCursor *saved;

  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), FALSE);

  if (self->tables == NULL || index >= self->tables->len)
    return FALSE;
  if (index == self->table_index)
    return TRUE;
  /* Remember where the cursor was in the table left, to come back to it. */
  if (self->table != NULL)
    {
      saved = find_saved_cursor (self, self->table->table_id);
      if (saved == NULL)
        {
          TableCursor c = { self->table->table_id, 0, 0 };

          g_array_append_val (self->cursors, c);
          saved = &g_array_index (self->cursors, TableCursor, self->cursors->len - 1);
        }
      saved->row = self->row;
      saved->col = self->col;
    }
  self->table_index = index;
  self->table = g_ptr_array_index (self->tables, index);
  saved = find_saved_cursor (self, self->table->table_id);
  if (saved != NULL)
    {
      self->row = CLAMP (saved->row, 0, MAX ((int) self->table->rows->len - 1, 0));
      self->col = CLAMP (saved->col, 0, MAX ((int) self->table->n_cols - 1, 0));
    }
  else
    {
      self->row = mrg_table_first_body_row (self->table);
      self->col = 0;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TABLE_INDEX]);
  g_signal_emit (self, signals[TABLE_CHANGED], 0);
  g_signal_emit (self, signals[CURSOR_CHANGED], 0);
  return TRUE;
}

gboolean
mrg_page_model_set_table_id (MrgPageModel *self,
                             gint64        table_id)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), FALSE);

  for (guint i = 0; self->tables != NULL && i < self->tables->len; i++)
    if (((MrgTable *) g_ptr_array_index (self->tables, i))->table_id == table_id)
      return mrg_page_model_set_table_index (self, i);
  return FALSE;
}

gboolean
mrg_page_model_show_cell (MrgPageModel *self,
                          gint64        cell_id)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), FALSE);

  for (guint i = 0; self->tables != NULL && i < self->tables->len; i++)
    {
      int row, col = 0;

      row = mrg_table_find_cell (g_ptr_array_index (self->tables, i), cell_id, &col);
      if (row >= 0)
        {
          mrg_page_model_set_table_index (self, i);
          mrg_page_model_set_cursor (self, row, col);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
mrg_page_model_show_row (MrgPageModel *self,
                         gint64        row_id,
                         int           col)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), FALSE);

  /* The column the person is in, before another table's saved cursor replaces it. */
  if (col < 0)
    col = self->col;
  for (guint i = 0; self->tables != NULL && i < self->tables->len; i++)
    {
      MrgTable *table = g_ptr_array_index (self->tables, i);
      int row = mrg_table_find_row (table, row_id);

      if (row >= 0)
        {
          mrg_page_model_set_table_index (self, i);
          mrg_page_model_set_cursor (self, row,
                                     CLAMP (col, 0, MAX ((int) table->n_cols - 1, 0)));
          return TRUE;
        }
    }
  return FALSE;
}

int
mrg_page_model_table_at_point (MrgPageModel *self,
                               double        x,
                               double        y)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), -1);

  for (guint i = 0; self->tables != NULL && i < self->tables->len; i++)
    {
      MrgTable *table = g_ptr_array_index (self->tables, i);

      if (x >= table->area.x1 && x < table->area.x2 && y >= table->area.y1 &&
          y < table->area.y2)
        return i;
    }
  return -1;
}

double
mrg_page_model_get_zoom (MrgPageModel *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), 1.0);
  return self->zoom;
}

void
mrg_page_model_set_zoom (MrgPageModel *self,
                         double        zoom)
{
  g_return_if_fail (MRG_IS_PAGE_MODEL (self));

  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (G_APPROX_VALUE (zoom, self->zoom, 1e-6))
    return;
  self->zoom = zoom;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

MrgFitMode
mrg_page_model_get_fit_mode (MrgPageModel *self)
{
  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), MRG_FIT_NONE);
  return self->fit_mode;
}

void
mrg_page_model_set_fit_mode (MrgPageModel *self,
                             MrgFitMode    mode)
{
  g_return_if_fail (MRG_IS_PAGE_MODEL (self));

  if (self->fit_mode == mode)
    return;
  self->fit_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIT_MODE]);
}

void
mrg_page_model_set_cursor (MrgPageModel *self,
                           int           row,
                           int           col)
{
  g_return_if_fail (MRG_IS_PAGE_MODEL (self));

  if (self->row == row && self->col == col)
    return;
  self->row = row;
  self->col = col;
  g_signal_emit (self, signals[CURSOR_CHANGED], 0);
}

void
mrg_page_model_get_cursor (MrgPageModel *self,
                           int          *row,
                           int          *col)
{
  g_return_if_fail (MRG_IS_PAGE_MODEL (self));
  if (row != NULL)
    *row = self->row;
  if (col != NULL)
    *col = self->col;
}

gboolean
mrg_page_model_get_cursor_box (MrgPageModel *self,
                               MrgBox       *box)
{
  MrgTableCell *cell;

  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), FALSE);

  if (self->table == NULL)
    return FALSE;
  cell = mrg_table_get_cell (self->table, self->row, self->col);
  if (cell == NULL || cell->id == 0 || cell->box.x2 <= cell->box.x1)
    return FALSE;
  *box = cell->box;
  return TRUE;
}

gboolean
mrg_page_model_get_row_box (MrgPageModel *self,
                            MrgBox       *box)
{
  MrgTableRow *row;
  gboolean found = FALSE;

  g_return_val_if_fail (MRG_IS_PAGE_MODEL (self), FALSE);

  if (self->table == NULL || (row = mrg_table_get_row (self->table, self->row)) == NULL)
    return FALSE;
  for (guint c = 0; c < self->table->n_cols; c++)
    {
      const MrgBox *b = &row->cells[c].box;

      if (row->cells[c].id == 0 || b->x2 <= b->x1)
        continue;
      if (!found)
        *box = *b;
      else
        {
          box->x1 = MIN (box->x1, b->x1);
          box->y1 = MIN (box->y1, b->y1);
          box->x2 = MAX (box->x2, b->x2);
          box->y2 = MAX (box->y2, b->y2);
        }
      found = TRUE;
    }
  if (found)
    {
      box->x1 = MIN (box->x1, self->table->area.x1);
      box->x2 = MAX (box->x2, self->table->area.x2);
    }
  return found;
}

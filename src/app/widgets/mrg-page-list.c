/* mrg-page-list.c: the pages of a project with thumbnails and status badges
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-page-list"

#include "config.h"

#include <glib/gi18n.h>

#include "mrg-document.h"
#include "mrg-page-list.h"
#include "mrg-page-render.h"
#include "mrg-store-tables.h"
#include "mrg-widget-util.h"

#define THUMB_WIDTH 112
/* Thumbnails decoded at once; the machine's other core renders the page being read. */
#define MAX_IN_FLIGHT 2

/* ---- MrgPageItem: one page in the list ---- */

#define MRG_TYPE_PAGE_ITEM (mrg_page_item_get_type ())
G_DECLARE_FINAL_TYPE (MrgPageItem, mrg_page_item, MRG, PAGE_ITEM, GObject)

struct _MrgPageItem
{
  GObject parent_instance;

  gint64 id;
  char *path;
  MrgDocumentKind kind;
  int number;
  int n_pages;
  double dpi;
  MrgPageStatus status;
  GdkTexture *thumbnail;
  gboolean loading;
  gboolean failed;
  /* why the scan cannot be shown (a damaged or missing file), NULL while it can */
  char *problem;
  gboolean missing;
};

enum
{
  ITEM_PROP_0,
  ITEM_PROP_THUMBNAIL,
  ITEM_PROP_STATUS,
  ITEM_PROP_PROBLEM,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

G_DEFINE_FINAL_TYPE (MrgPageItem, mrg_page_item, G_TYPE_OBJECT)

static void
mrg_page_item_finalize (GObject *object)
{
  MrgPageItem *self = MRG_PAGE_ITEM (object);

  g_free (self->path);
  g_free (self->problem);
  g_clear_object (&self->thumbnail);
  G_OBJECT_CLASS (mrg_page_item_parent_class)->finalize (object);
}

static void
mrg_page_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MrgPageItem *self = MRG_PAGE_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_THUMBNAIL:
      g_value_set_object (value, self->thumbnail);
      break;
    case ITEM_PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case ITEM_PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mrg_page_item_class_init (MrgPageItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mrg_page_item_finalize;
  object_class->get_property = mrg_page_item_get_property;
  item_properties[ITEM_PROP_THUMBNAIL] =
    g_param_spec_object ("thumbnail", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, 0, MRG_PAGE_STATUS_VERIFIED, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  item_properties[ITEM_PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
mrg_page_item_init (MrgPageItem *self)
{
}

/* ---- MrgPageList ---- */

struct _MrgPageList
{
  GtkWidget parent_instance;

  MrgStore *store;
  GObject *changes;         /* whose `changed` the list follows: the project, or the store */
  GListStore *items;
  GtkMultiSelection *selection;  /* the pages chosen, for OCR; one of them is shown */
  gint64 shown;                  /* the page the list last selected or announced */
  GtkWidget *scrolled;
  GtkListView *view;
  GQueue pending;           /* MrgPageItem * waiting for a thumbnail */
  guint in_flight;
  guint n_thumbnails;
  GCancellable *cancellable;
};

enum
{
  PAGE_SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MrgPageList, mrg_page_list, GTK_TYPE_WIDGET)

const char *
mrg_page_status_label (MrgPageStatus status)
{
  switch (status)
    {
    case MRG_PAGE_STATUS_NEW:
      return C_("page status", "New");
    case MRG_PAGE_STATUS_OCR_DONE:
      return C_("page status", "OCR done");
    case MRG_PAGE_STATUS_IN_PROGRESS:
      return C_("page status", "In progress");
    case MRG_PAGE_STATUS_VERIFIED:
      return C_("page status", "Verified");
    default:
      return "";
    }
}

static void pump (MrgPageList *self);

static void
thumbnail_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MrgPageItem) item = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = mrg_page_render_finish (result, &error);
  MrgPageList *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The list outlives its items' tasks only while not cancelled. */
  self = g_object_get_data (G_OBJECT (item), "mrg-page-list");
  item->loading = FALSE;
  if (texture == NULL)
    {
      item->failed = TRUE;
      item->missing = g_error_matches (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_NOT_FOUND);
      g_free (item->problem);
      item->problem = g_strdup (error->message);
      g_object_notify_by_pspec (G_OBJECT (item), item_properties[ITEM_PROP_PROBLEM]);
    }
  else
    {
      g_set_object (&item->thumbnail, texture);
      g_object_notify_by_pspec (G_OBJECT (item), item_properties[ITEM_PROP_THUMBNAIL]);
    }
  if (self != NULL)
    {
      self->in_flight--;
      if (texture != NULL)
        self->n_thumbnails++;
      pump (self);
    }
}

static void
pump (MrgPageList *self)
{
  while (self->in_flight < MAX_IN_FLIGHT && !g_queue_is_empty (&self->pending))
    {
      g_autoptr(MrgPageItem) item = g_queue_pop_head (&self->pending);
      /* A PDF page is rendered small to begin with rather than at its full 300 dpi. */
      MrgPageSource source = { item->path, item->kind, item->number,
                               item->kind == MRG_DOCUMENT_KIND_PDF ? 40 : item->dpi };

      self->in_flight++;
      mrg_page_render_async (&source, THUMB_WIDTH, self->cancellable, thumbnail_done_cb,
                             g_object_ref (item));
    }
}

static void
request_thumbnail (MrgPageList *self,
                   MrgPageItem *item)
{
  if (item->thumbnail != NULL || item->loading || item->failed)
    return;
  item->loading = TRUE;
  g_object_set_data (G_OBJECT (item), "mrg-page-list", self);
  g_queue_push_tail (&self->pending, g_object_ref (item));
  pump (self);
}

static void
forget_thumbnail_request (MrgPageList *self,
                          MrgPageItem *item)
{
  GList *link = g_queue_find (&self->pending, item);

  /* Scrolled past before its turn came: do not decode it. */
  if (link != NULL)
    {
      g_queue_delete_link (&self->pending, link);
      item->loading = FALSE;
      g_object_unref (item);
    }
}

static void
update_badge (GtkWidget   *badge,
              MrgPageItem *item)
{
  static const char *classes[] = { "new", "ocr-done", "in-progress", "verified" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (badge, classes[i]);
  gtk_widget_add_css_class (badge, classes[item->status]);
  gtk_label_set_text (GTK_LABEL (badge), mrg_page_status_label (item->status));
}

/* A scan that cannot be shown says so on its tile, and why in the tooltip: a blank page would
 * pass for an empty one. */
static void
update_notice (GtkWidget   *notice,
               MrgPageItem *item)
{
  gtk_widget_set_visible (notice, item->problem != NULL);
  if (item->problem == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (notice), item->missing ? _("Scan missing")
                                                        : _("Scan cannot be read"));
  if (item->missing)
    {
      g_autofree char *tip = mrg_missing_scan_message (item->path);

      gtk_widget_set_tooltip_text (notice, tip);
    }
  else
    gtk_widget_set_tooltip_text (notice, item->problem);
}

static void
item_problem_cb (MrgPageItem *item,
                 GParamSpec  *pspec,
                 GtkWidget   *notice)
{
  update_notice (notice, item);
}

static void
item_status_cb (MrgPageItem *item,
                GParamSpec  *pspec,
                GtkWidget   *badge)
{
  update_badge (badge, item);
}

/* ---- dragging a page onto another moves its scan there ---- */

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListItem   *list_item)
{
  MrgPageItem *item = gtk_list_item_get_item (list_item);

  if (item == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_INT64, item->id);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkListItem   *list_item)
{
  MrgPageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  gint64 dragged = g_value_get_int64 (value);

  if (item == NULL || dragged == item->id)
    return FALSE;
  /* the window's action moves the scan; the list follows the project's `changed` */
  return gtk_widget_activate_action (widget, "document.move-to", "(xx)", dragged, item->id);
}

static void
add_drag_and_drop (GtkWidget   *widget,
                   GtkListItem *list_item)
{
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), list_item);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), list_item);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
}

/* The widgets of a page's tile in the list, kept on its GtkListItem, and the binding of its
 * picture to the page bound to it. */
typedef struct
{
  GtkWidget *picture;
  GtkWidget *badge;
  GtkWidget *notice;
  GtkWidget *label;
  GBinding *binding;
} PageTile;

static PageTile *
get_tile (GtkListItem *list_item)
{
  return g_object_get_data (G_OBJECT (list_item), "tile");
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          MrgPageList              *self)
{
  PageTile *tile = g_new0 (PageTile, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *badge = gtk_label_new (NULL);
  GtkWidget *notice = gtk_label_new (NULL);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_size_request (picture, THUMB_WIDTH, THUMB_WIDTH * 1414 / 1000);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_add_css_class (picture, "page-thumbnail");
  gtk_widget_set_halign (overlay, GTK_ALIGN_CENTER);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);
  gtk_widget_add_css_class (badge, "status-badge");
  gtk_widget_set_halign (badge, GTK_ALIGN_END);
  gtk_widget_set_valign (badge, GTK_ALIGN_START);
  gtk_widget_set_margin_top (badge, 4);
  gtk_widget_set_margin_end (badge, 4);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), badge);
  gtk_label_set_wrap (GTK_LABEL (notice), TRUE);
  gtk_label_set_justify (GTK_LABEL (notice), GTK_JUSTIFY_CENTER);
  gtk_label_set_max_width_chars (GTK_LABEL (notice), 10);
  gtk_widget_add_css_class (notice, "scan-problem");
  gtk_widget_set_halign (notice, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (notice, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (notice, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), notice);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), overlay);
  gtk_box_append (GTK_BOX (box), label);
  add_drag_and_drop (box, list_item);
  gtk_list_item_set_child (list_item, box);
  tile->picture = picture;
  tile->badge = badge;
  tile->notice = notice;
  tile->label = label;
  g_object_set_data_full (G_OBJECT (list_item), "tile", tile, g_free);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         MrgPageList              *self)
{
  MrgPageItem *item = gtk_list_item_get_item (list_item);
  PageTile *tile = get_tile (list_item);
  g_autofree char *base = g_path_get_basename (item->path);
  g_autofree char *text = NULL;

  if (item->n_pages > 1)
    /* Translators: a file name and a page number in the page list */
    text = g_strdup_printf (_("%s, p. %d"), base, item->number);
  else
    text = g_strdup (base);
  gtk_label_set_text (GTK_LABEL (tile->label), text);
  gtk_widget_set_tooltip_text (tile->label, item->path);
  tile->binding = g_object_bind_property (item, "thumbnail", tile->picture, "paintable",
                                          G_BINDING_SYNC_CREATE);
  update_badge (tile->badge, item);
  g_signal_connect_object (item, "notify::status", G_CALLBACK (item_status_cb), tile->badge, 0);
  update_notice (tile->notice, item);
  g_signal_connect_object (item, "notify::problem", G_CALLBACK (item_problem_cb), tile->notice,
                           0);
  request_thumbnail (self, item);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           MrgPageList              *self)
{
  MrgPageItem *item = gtk_list_item_get_item (list_item);
  PageTile *tile = get_tile (list_item);

  if (tile->binding != NULL)
    g_binding_unbind (tile->binding);
  tile->binding = NULL;
  g_signal_handlers_disconnect_by_func (item, item_status_cb, tile->badge);
  g_signal_handlers_disconnect_by_func (item, item_problem_cb, tile->notice);
  forget_thumbnail_request (self, item);
}

/* A page chosen alone is shown; Ctrl or Shift and a click add pages to the selection without
 * turning the page (the last one added is shown, as a person looks at what they pick). */
static void
selection_changed_cb (GtkSelectionModel *selection,
                      guint              position,
                      guint              n_items,
                      MrgPageList       *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (selection);
  gint64 page_id = 0;

  for (guint i = position; i < position + n_items; i++)
    if (gtk_bitset_contains (selected, i))
      {
        g_autoptr(MrgPageItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

        if (item->id == self->shown)
          return;
        page_id = item->id;
      }
  if (page_id == 0)
    return;
  self->shown = page_id;
  g_signal_emit (self, signals[PAGE_SELECTED], 0, page_id);
}

static void
clear_pending (MrgPageList *self)
{
  MrgPageItem *item;

  while ((item = g_queue_pop_head (&self->pending)) != NULL)
    {
      item->loading = FALSE;
      g_object_unref (item);
    }
}

/* The project's pages, NULL without a project or when they cannot be read. */
static GPtrArray *
list_page_records (MrgPageList *self)
{
  if (self->store == NULL)
    return NULL;
  return mrg_store_list_page_records (self->store, NULL);
}

static gboolean
item_is_at (MrgPageList *self,
            guint        position,
            MrgPageItem *item)
{
  g_autoptr(MrgPageItem) there = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  return there == item;
}

/* A scan found at a new place (relink) is drawn again from there. */
static void
item_relinked (MrgPageList *self,
               MrgPageItem *item,
               char        *path)
{
  g_free (item->path);
  item->path = path;
  if (!item->failed)
    return;
  item->failed = FALSE;
  g_clear_pointer (&item->problem, g_free);
  g_object_notify_by_pspec (G_OBJECT (item), item_properties[ITEM_PROP_PROBLEM]);
  request_thumbnail (self, item);
}

static gboolean find_page (MrgPageList *self,
                           gint64       page_id,
                           guint       *position);

void
mrg_page_list_reload (MrgPageList *self)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) old_items = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) selected = mrg_page_list_get_selected_pages (self);
  gint64 shown = self->shown;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  guint keep = 0;

  pages = list_page_records (self);
  if (pages == NULL)
    return;
  for (guint i = 0; i < n_old; i++)
    {
      MrgPageItem *old = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      g_hash_table_insert (old_items, &old->id, old);
      g_object_unref (old);   /* the list holds it */
    }
  for (guint i = 0; i < pages->len; i++)
    {
      MrgStorePage *page = g_ptr_array_index (pages, i);
      MrgPageItem *item = g_hash_table_lookup (old_items, &page->id);

      /* Pages already listed keep their item and thumbnail, in their new place. */
      if (item != NULL)
        {
          gboolean relinked = g_strcmp0 (item->path, page->path) != 0;

          if (relinked)
            item_relinked (self, item, g_steal_pointer (&page->path));
          /* a relinked page is put in again, so that its tile shows the file's new name */
          if (keep == i && !relinked && item_is_at (self, i, item))
            keep++;
          g_ptr_array_add (items, g_object_ref (item));
          continue;
        }
      item = g_object_new (MRG_TYPE_PAGE_ITEM, NULL);
      item->id = page->id;
      item->path = g_steal_pointer (&page->path);
      item->kind = page->kind;
      item->number = page->number;
      item->n_pages = page->page_count;
      item->dpi = page->dpi;
      item->status = page->status;
      g_ptr_array_add (items, item);
    }

  g_signal_handlers_block_by_func (self->selection, selection_changed_cb, self);
  g_list_store_splice (self->items, keep, n_old - keep, items->pdata + keep, items->len - keep);
  for (guint i = 0; i < selected->len; i++)
    {
      guint position;

      if (find_page (self, g_array_index (selected, gint64, i), &position))
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, FALSE);
    }
  g_signal_handlers_unblock_by_func (self->selection, selection_changed_cb, self);
  if (shown != 0)
    mrg_page_list_select_page (self, shown);
}

static gboolean
find_page (MrgPageList *self,
           gint64       page_id,
           guint       *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MrgPageItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (item->id == page_id)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* New pages join the list; a page whose status changed gets its new badge. */
static void
store_changed_cb (GObject              *changes,
                  const MrgStoreChange *change,
                  MrgPageList          *self)
{
  MrgStoreChangeKind kinds = mrg_store_change_get_kinds (change);
  const gint64 *ids;
  gboolean added = (kinds & MRG_STORE_CHANGE_DOCUMENTS) != 0;
  guint n_ids = 0, position;

  if ((kinds & (MRG_STORE_CHANGE_PAGES | MRG_STORE_CHANGE_DOCUMENTS)) == 0)
    return;
  ids = mrg_store_change_get_ids (change, MRG_STORE_CHANGE_PAGES, &n_ids);
  if ((kinds & MRG_STORE_CHANGE_PAGES) != 0 && ids == NULL)
    added = TRUE;
  for (guint i = 0; !added && i < n_ids; i++)
    added = !find_page (self, ids[i], &position);
  if (added)
    mrg_page_list_reload (self);
  mrg_page_list_update_status (self);
}

static void
set_source (MrgPageList *self,
            MrgStore    *store,
            gpointer     changes)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  clear_pending (self);
  self->in_flight = 0;
  self->n_thumbnails = 0;
  if (self->changes != NULL)
    g_signal_handlers_disconnect_by_data (self->changes, self);
  g_set_object (&self->changes, changes);
  if (changes != NULL)
    g_signal_connect (changes, "changed", G_CALLBACK (store_changed_cb), self);
  g_set_object (&self->store, store);
  g_signal_handlers_block_by_func (self->selection, selection_changed_cb, self);
  g_list_store_remove_all (self->items);
  g_signal_handlers_unblock_by_func (self->selection, selection_changed_cb, self);
  mrg_page_list_reload (self);
}

void
mrg_page_list_set_store (MrgPageList *self,
                         MrgStore    *store)
{
  g_return_if_fail (MRG_IS_PAGE_LIST (self));
  g_return_if_fail (store == NULL || MRG_IS_STORE (store));

  set_source (self, store, store);
}

void
mrg_page_list_set_project (MrgPageList *self,
                           MrgProject  *project)
{
  g_return_if_fail (MRG_IS_PAGE_LIST (self));
  g_return_if_fail (project == NULL || MRG_IS_PROJECT (project));

  set_source (self, project != NULL ? mrg_project_get_store (project) : NULL, project);
}

void
mrg_page_list_update_status (MrgPageList *self)
{
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GHashTable) status = g_hash_table_new (g_int64_hash, g_int64_equal);
  guint n;

  pages = list_page_records (self);
  if (pages == NULL)
    return;
  for (guint i = 0; i < pages->len; i++)
    {
      MrgStorePage *page = g_ptr_array_index (pages, i);

      g_hash_table_insert (status, &page->id, GINT_TO_POINTER (page->status + 1));
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MrgPageItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);
      int s = GPOINTER_TO_INT (g_hash_table_lookup (status, &item->id)) - 1;

      if (s >= 0 && (MrgPageStatus) s != item->status)
        {
          item->status = s;
          g_object_notify_by_pspec (G_OBJECT (item), item_properties[ITEM_PROP_STATUS]);
        }
    }
}

gboolean
mrg_page_list_select_page (MrgPageList *self,
                           gint64       page_id)
{
  guint i;

  if (!find_page (self, page_id, &i))
    return FALSE;
  /* the page shown is the one selected, unless the person has chosen it among others */
  g_signal_handlers_block_by_func (self->selection, selection_changed_cb, self);
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), i))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
  g_signal_handlers_unblock_by_func (self->selection, selection_changed_cb, self);
  gtk_widget_activate_action (GTK_WIDGET (self->view), "list.scroll-to-item", "u", i);
  if (self->shown != page_id)
    {
      self->shown = page_id;
      g_signal_emit (self, signals[PAGE_SELECTED], 0, page_id);
    }
  return TRUE;
}

gint64
mrg_page_list_get_selected (MrgPageList *self)
{
  guint position;

  return find_page (self, self->shown, &position) ? self->shown : 0;
}

GArray *
mrg_page_list_get_selected_pages (MrgPageList *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GtkBitsetIter iter;
  guint i;

  g_return_val_if_fail (MRG_IS_PAGE_LIST (self), ids);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &i); more;
       more = gtk_bitset_iter_next (&iter, &i))
    {
      g_autoptr(MrgPageItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      if (item != NULL)
        g_array_append_val (ids, item->id);
    }
  return ids;
}

guint
mrg_page_list_get_n_pages (MrgPageList *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->items));
}

gint64
mrg_page_list_get_page_at (MrgPageList *self,
                           guint        position)
{
  g_autoptr(MrgPageItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), position);

  return item != NULL ? item->id : 0;
}

guint
mrg_page_list_get_n_thumbnails (MrgPageList *self)
{
  return self->n_thumbnails;
}

static void
mrg_page_list_dispose (GObject *object)
{
  MrgPageList *self = MRG_PAGE_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_pending (self);
  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->selection);
  if (self->changes != NULL)
    g_signal_handlers_disconnect_by_data (self->changes, self);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (mrg_page_list_parent_class)->dispose (object);
}

/* The list takes the focus into its pages, where its keys work. */
static gboolean
mrg_page_list_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (MRG_PAGE_LIST (widget)->view));
}

static void
mrg_page_list_class_init (MrgPageListClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mrg_page_list_dispose;
  widget_class->grab_focus = mrg_page_list_grab_focus;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  signals[PAGE_SELECTED] = g_signal_new ("page-selected", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         G_TYPE_INT64);
}

/* The keys that act on the scan of the page shown, while the list has the focus: the window's
 * actions (mrg-window-actions.c) do the work. */
static void
add_shortcuts (GtkWidget *view)
{
  static const struct
  {
    guint keyval;
    GdkModifierType modifiers;
    const char *action;
  } keys[] = {
    { GDK_KEY_Delete, 0, "document.remove" },
    { GDK_KEY_KP_Delete, 0, "document.remove" },
    { GDK_KEY_Up, GDK_ALT_MASK, "document.move-up" },
    { GDK_KEY_Down, GDK_ALT_MASK, "document.move-down" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval,
                                                                                    keys[i].modifiers),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (view, controller);
}

static void
mrg_page_list_init (MrgPageList *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->cancellable = g_cancellable_new ();
  self->items = g_list_store_new (MRG_TYPE_PAGE_ITEM);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->items));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);

  self->view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)),
                                                 factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "navigation-sidebar");
  add_shortcuts (GTK_WIDGET (self->view));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pages"), -1);
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
mrg_page_list_new (void)
{
  return g_object_new (MRG_TYPE_PAGE_LIST, NULL);
}

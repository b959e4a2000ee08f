/* mrg-loupe.c: a strip above the grid editor showing the current row of the scan, magnified
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-loupe"

#include "config.h"

#include "mrg-loupe.h"
#include "mrg-widget-util.h"

struct _MrgLoupe
{
  GtkWidget parent_instance;

  MrgPageModel *model;
};

G_DEFINE_FINAL_TYPE (MrgLoupe, mrg_loupe, GTK_TYPE_WIDGET)

static void
mrg_loupe_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  MrgLoupe *self = MRG_LOUPE (widget);
  GdkTexture *texture = self->model != NULL ? mrg_page_model_get_texture (self->model) : NULL;
  const MrgPageRecord *page = self->model != NULL ? mrg_page_model_get_page (self->model) : NULL;
  double w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  MrgBox row, cell;
  double scale, ox, oy;
  GdkRGBA cursor = { 0.90, 0.38, 0.0, 1.0 };

  if (texture == NULL || page == NULL || !mrg_page_model_get_row_box (self->model, &row))
    return;

  /* The row fills the strip's width unless that would make it taller than the strip. */
  scale = w / MAX (row.x2 - row.x1, 1);
  scale = MIN (scale, h / MAX (row.y2 - row.y1, 1));
  texture = mrg_page_model_get_texture_for_scale (self->model, scale);
  ox = (w - (row.x2 - row.x1) * scale) / 2 - row.x1 * scale;
  oy = (h - (row.y2 - row.y1) * scale) / 2 - row.y1 * scale;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gtk_snapshot_append_texture (snapshot, texture,
                               &GRAPHENE_RECT_INIT (ox, oy, page->width * scale,
                                                    page->height * scale));
  if (mrg_page_model_get_cursor_box (self->model, &cell))
    mrg_snapshot_append_outline (snapshot,
                                 &GRAPHENE_RECT_INIT (ox + cell.x1 * scale, oy + cell.y1 * scale,
                                                      (cell.x2 - cell.x1) * scale,
                                                      (cell.y2 - cell.y1) * scale),
                                 2, &cursor);
  gtk_snapshot_pop (snapshot);
}

static void
mrg_loupe_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 100 : 72;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 400 : 72;
}

static void
changed_cb (MrgLoupe *self)
{
  MrgBox row;

  /* Without a table there is no row to magnify: give the room to the grid editor's message. */
  gtk_widget_set_visible (GTK_WIDGET (self), self->model != NULL &&
                                               mrg_page_model_get_row_box (self->model, &row));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mrg_loupe_set_model (MrgLoupe     *self,
                     MrgPageModel *model)
{
  static const MrgModelHandler handlers[] = {
    { "notify::texture", G_CALLBACK (changed_cb) },
    { "table-changed", G_CALLBACK (changed_cb) },
    { "cursor-changed", G_CALLBACK (changed_cb) },
    { NULL, NULL },
  };

  g_return_if_fail (MRG_IS_LOUPE (self));

  if (!mrg_widget_set_model (self, &self->model, model, handlers))
    return;
  changed_cb (self);
}

static void
mrg_loupe_dispose (GObject *object)
{
  MrgLoupe *self = MRG_LOUPE (object);

  mrg_widget_clear_model (self, &self->model);
  G_OBJECT_CLASS (mrg_loupe_parent_class)->dispose (object);
}

static void
mrg_loupe_class_init (MrgLoupeClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mrg_loupe_dispose;
  widget_class->snapshot = mrg_loupe_snapshot;
  widget_class->measure = mrg_loupe_measure;
  gtk_widget_class_set_css_name (widget_class, "loupe");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mrg_loupe_init (MrgLoupe *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "loupe");
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
mrg_loupe_new (void)
{
  return g_object_new (MRG_TYPE_LOUPE, NULL);
}

/* mrg-widget-util.h: what the app's widgets share: GtkScrollable properties, model signals,
 * outlines, file choosers, what a page whose scan moved away says
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "mrg-page-model.h"

G_BEGIN_DECLS

/* What a widget that implements GtkScrollable itself keeps for the interface's four properties. */
typedef struct
{
  GtkAdjustment *hadj;
  GtkAdjustment *vadj;
  guint hscroll_policy : 1;
  guint vscroll_policy : 1;
  /*< private >*/
  GtkWidget *widget;
  GCallback changed_cb;
} MrgScrollable;

/* Overrides hadjustment, vadjustment, hscroll-policy and vscroll-policy, as first_id to
 * first_id + 3 in that order. */
void      mrg_scrollable_override_properties (GObjectClass        *klass,
                                              guint                first_id);
/* Gives the widget two empty adjustments; changed_cb (widget) runs on every value-changed. */
void      mrg_scrollable_init                (MrgScrollable       *scrollable,
                                              GtkWidget           *widget,
                                              GCallback            changed_cb);
/* index: the property id minus first_id; FALSE (nothing done) for any other property. Setting an
 * adjustment (NULL: an empty one) moves changed_cb to it and queues a resize. */
gboolean  mrg_scrollable_get_property        (MrgScrollable       *scrollable,
                                              guint                index,
                                              GValue              *value);
gboolean  mrg_scrollable_set_property        (MrgScrollable       *scrollable,
                                              guint                index,
                                              const GValue        *value);
void      mrg_scrollable_dispose             (MrgScrollable       *scrollable);

/* A signal of the page model and the widget's handler for it (connected swapped). */
typedef struct
{
  const char *signal;
  GCallback callback;
} MrgModelHandler;

/* Points *slot at model: the widget's handlers on the old model are disconnected, handlers (up
 * to one with a NULL signal) are connected on the new one. FALSE when *slot was model already
 * (its handlers are then disconnected all the same, as each widget did before). */
gboolean  mrg_widget_set_model               (gpointer              widget,
                                              MrgPageModel        **slot,
                                              MrgPageModel         *model,
                                              const MrgModelHandler *handlers);
/* For dispose: disconnects the widget's handlers from *slot and clears it. */
void      mrg_widget_clear_model             (gpointer              widget,
                                              MrgPageModel        **slot);

/* A square-cornered outline of width pixels drawn inside rect (a table's area, the cursor). */
void      mrg_snapshot_append_outline        (GtkSnapshot           *snapshot,
                                              const graphene_rect_t *rect,
                                              double                 width,
                                              const GdkRGBA         *color);

/* What the person chose in a file chooser: the local paths of the files or the folder (empty
 * when none is on this computer). */
typedef void (*MrgChosenFunc) (gpointer            data,
                               const char * const *paths);

/* Shows chooser (taking it) modal, as the one chooser kept in *slot: chosen (data, paths) runs
 * when the person accepts; *slot is cleared when the chooser answers. */
void      mrg_chooser_show                   (GtkNativeDialog     **slot,
                                              GtkFileChooserNative *chooser,
                                              MrgChosenFunc         chosen,
                                              gpointer              data);
/* Destroys the chooser in *slot, if any, and clears it: in dispose. */
void      mrg_chooser_clear                  (GtkNativeDialog     **slot);

/* What is said of a page whose scan is no longer at `path`, and what to do about it. */
char     *mrg_missing_scan_message           (const char          *path);

G_END_DECLS

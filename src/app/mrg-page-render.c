/* mrg-page-render.c: decoding a scan page into a texture on a worker thread
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-page-render"

#include "config.h"

#include "mrg-document.h"
#include "mrg-page-render.h"

GdkTexture *
mrg_texture_from_pix (PIX *pix)
{
  g_autoptr(PIX) converted = NULL;
  g_autoptr(GBytes) bytes = NULL;
  l_int32 w, h, d, wpl;
  l_uint32 *data;
  guint8 *rgb;
  gsize stride;

  g_return_val_if_fail (pix != NULL, NULL);

  d = pixGetDepth (pix);
  if ((d != 8 && d != 32) || pixGetColormap (pix) != NULL)
    {
      converted = d < 8 || pixGetColormap (pix) != NULL ? pixConvertTo8 (pix, FALSE)
                                                          : pixConvertTo32 (pix);
      if (converted == NULL)
        return NULL;
      pix = converted;
      d = pixGetDepth (pix);
    }

  pixGetDimensions (pix, &w, &h, NULL);
  wpl = pixGetWpl (pix);
  data = pixGetData (pix);
  stride = (gsize) w * 3;
  rgb = g_malloc (stride * h);

  for (l_int32 y = 0; y < h; y++)
    {
      const l_uint32 *line = data + (gsize) y * wpl;
      guint8 *out = rgb + stride * y;

      if (d == 8)
        for (l_int32 x = 0; x < w; x++)
          {
            guint8 v = GET_DATA_BYTE (line, x);

            out[0] = out[1] = out[2] = v;
            out += 3;
          }
      else
        for (l_int32 x = 0; x < w; x++)
          {
            l_uint32 v = line[x];

            out[0] = v >> L_RED_SHIFT;
            out[1] = v >> L_GREEN_SHIFT;
            out[2] = v >> L_BLUE_SHIFT;
            out += 3;
          }
    }

  bytes = g_bytes_new_take (rgb, stride * h);
  return gdk_memory_texture_new (w, h, GDK_MEMORY_R8G8B8, bytes, stride);
}

/* Leptonica scales 8-bit grey and 32-bit colour pages smoothly: a page of fewer bits or a
 * colour map becomes grey first. */
static void
make_scalable (PIX **pix)
{
  PIX *grey;

  if (pixGetDepth (*pix) >= 8 && pixGetColormap (*pix) == NULL)
    return;
  grey = pixConvertTo8 (*pix, FALSE);
  pixDestroy (pix);
  *pix = grey;
}

GdkTexture *
mrg_page_render (const MrgPageSource  *source,
                 int                   max_width,
                 GError              **error)
{
  g_autoptr(PIX) pix = NULL;
  GdkTexture *texture;

  pix = mrg_document_load_page (source->path, source->kind, source->number, source->dpi, error);
  if (pix == NULL)
    return NULL;

  if (max_width > 0 && pixGetWidth (pix) > max_width)
    {
      PIX *small;

      make_scalable (&pix);
      small = pixScaleToSize (pix, max_width, 0);
      if (small != NULL)
        {
          pixDestroy (&pix);
          pix = small;
        }
    }

  texture = mrg_texture_from_pix (pix);
  if (texture == NULL)
    g_set_error (error, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_FAILED,
                 "%s: page %d could not be converted for display", source->path, source->number);
  return texture;
}

/* A task's copy of what to render; source.path is its own. */
typedef struct
{
  MrgPageSource source;
  int max_width;
} RenderData;

static void
render_data_free (RenderData *data)
{
  g_free ((char *) data->source.path);
  g_free (data);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderData *data = task_data;
  GError *error = NULL;
  GdkTexture *texture;

  if (g_task_return_error_if_cancelled (task))
    return;
  texture = mrg_page_render (&data->source, data->max_width, &error);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

/* Both async renderings: a copy of what to render, handed to func in a thread. */
static void
run_render_task (const MrgPageSource *source,
                 int                  max_width,
                 gpointer             source_tag,
                 GTaskThreadFunc      func,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *data = g_new0 (RenderData, 1);

  data->source = *source;
  data->source.path = g_strdup (source->path);
  data->max_width = max_width;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, func);
}

void
mrg_page_render_async (const MrgPageSource *source,
                       int                  max_width,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  run_render_task (source, max_width, mrg_page_render_async, render_thread, cancellable,
                   callback, user_data);
}

GdkTexture *
mrg_page_render_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

#define N_LEVELS 4

static void
render_levels_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  RenderData *data = task_data;
  GError *error = NULL;
  g_autoptr(PIX) pix = NULL;
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func (g_object_unref);

  if (g_task_return_error_if_cancelled (task))
    return;
  pix = mrg_document_load_page (data->source.path, data->source.kind, data->source.number,
                                data->source.dpi, &error);
  if (pix == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  make_scalable (&pix);
  for (int i = 0; i < N_LEVELS && pix != NULL; i++)
    {
      GdkTexture *texture = mrg_texture_from_pix (pix);
      PIX *half;

      if (texture == NULL)
        break;
      g_ptr_array_add (levels, texture);
      if (pixGetWidth (pix) < 256 || g_cancellable_is_cancelled (cancellable))
        break;
      half = pixScaleAreaMap2 (pix);
      pixDestroy (&pix);
      pix = half;
    }
  if (levels->len == 0)
    g_task_return_new_error (task, MRG_DOCUMENT_ERROR, MRG_DOCUMENT_ERROR_FAILED,
                             "%s: page %d could not be converted for display",
                             data->source.path, data->source.number);
  else
    g_task_return_pointer (task, g_steal_pointer (&levels), (GDestroyNotify) g_ptr_array_unref);
}

void
mrg_page_render_levels_async (const MrgPageSource *source,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  /* No max_width: the levels start at full size. */
  run_render_task (source, 0, mrg_page_render_levels_async, render_levels_thread, cancellable,
                   callback, user_data);
}

GPtrArray *
mrg_page_render_levels_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

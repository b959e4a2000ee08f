/* mrg-match-window.c: reviewing candidate pairs of a list of names against the project, and
 * likely duplicates inside it
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-match-window"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "mrg-document.h"
#include "mrg-match-window.h"
#include "mrg-row-numbers.h"
#include "mrg-shortcut-keys.h"
#include "mrg-table.h"
#include "mrg-window-private.h"

/* Candidates per name of the list, and the likeness below which a candidate is not worth a
 * person's time. */
#define CANDIDATES 3
#define MIN_SCORE 0.6
#define DUPLICATE_SCORE 0.88
/* More pairs than a person reviews in one sitting; the rest wait for a narrower list. */
#define MAX_PAIRS 1000
/* The crop of a row is scaled down to at most this width, in pixels. */
#define CROP_WIDTH 900
/* Crops are loaded for the first pairs, then for those a person moves to: a long list would
 * otherwise hold every row's image at once. */
#define CROPS_AHEAD 40

/* One candidate pair. Left is a name of the list, or the first row of a duplicate pair; right
 * is always a row of the project. */
typedef struct
{
  char *left_name;
  char *left_where;
  int list_row;          /* list: the row in the file, from 1; duplicates: left's row id */
  gint64 left_row_id;    /* duplicates only */
  gint64 left_page_id;
  int left_row;
  int left_col;

  char *right_name;
  char *right_where;
  gint64 row_id;
  gint64 cell_id;
  gint64 page_id;
  int row;               /* the row's idx in its table, as the grid counts rows */
  int col;               /* the column of its name cell */

  double score;
  int decision;          /* -1 undecided, else an MrgMatchDecisionKind */
  gboolean crop_asked;   /* its crops are loaded or being loaded */

  /* On the main thread, once shown. */
  GtkLabel *state;
  GtkPicture *pictures[2];
} Pair;

static void
pair_free (Pair *pair)
{
  g_free (pair->left_name);
  g_free (pair->left_where);
  g_free (pair->right_name);
  g_free (pair->right_where);
  g_free (pair);
}

struct _MrgMatchWindow
{
  AdwWindow parent_instance;

  AdwViewStack *view_stack;
  GtkButton *choose_button;
  GtkLabel *list_label;
  GtkDropDown *column_dropdown;
  GtkStringList *columns;
  GtkButton *match_button;
  GtkStack *list_stack;
  AdwStatusPage *list_status;
  GtkListBox *list_box;
  GtkStack *dup_stack;
  AdwStatusPage *dup_status;
  GtkButton *dup_button;
  GtkListBox *dup_box;
  GtkLabel *status_label;

  MrgWindow *window;        /* weak */
  MrgStore *store;          /* weak: the project this window was opened for */
  char *list_path;
  GPtrArray *pairs;         /* Pair, of the list */
  GPtrArray *dup_pairs;     /* Pair, of the duplicates */
  GtkNativeDialog *chooser;
  GCancellable *cancellable;  /* of every job of this window */
  guint generation[2];        /* of the pairs shown, per side: stale crops are dropped */
  int jobs;                   /* matches and duplicate searches running */
  int crop_jobs;              /* crop loads running */
};

G_DEFINE_FINAL_TYPE (MrgMatchWindow, mrg_match_window, ADW_TYPE_WINDOW)

/* ---- reading a list's header ---- */

/* The fields of a CSV line (RFC 4180 quotes), the delimiter guessed as the core guesses it. */
static GStrv
split_header (const char *line)
{
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  GString *field = g_string_new (NULL);
  int counts[3] = { 0, 0, 0 };
  const char delims[3] = { ',', ';', '\t' };
  char delim = ',';
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    if (*p == '"')
      quoted = !quoted;
    else if (!quoted)
      for (int i = 0; i < 3; i++)
        if (*p == delims[i])
          counts[i]++;
  for (int i = 1, best = counts[0]; i < 3; i++)
    if (counts[i] > best)
      {
        best = counts[i];
        delim = delims[i];
      }

  quoted = FALSE;
  for (const char *p = line;; p++)
    {
      if (*p == '\0' || (!quoted && *p == delim))
        {
          g_strv_builder_add (fields, g_strstrip (field->str));
          g_string_truncate (field, 0);
          if (*p == '\0')
            break;
        }
      else if (*p == '"' && quoted && p[1] == '"')
        {
          g_string_append_c (field, '"');
          p++;
        }
      else if (*p == '"')
        quoted = !quoted;
      else
        g_string_append_c (field, *p);
    }
  g_string_free (field, TRUE);
  return g_strv_builder_end (fields);
}

static GStrv
read_header (const char  *path,
             GError     **error)
{
  /* Only the first line is needed: a list of a million names is not read here. */
  char buf[65536];
  FILE *f = fopen (path, "rb");
  size_t n;
  char *line = buf;
  char *end;

  if (f == NULL)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  n = fread (buf, 1, sizeof buf - 1, f);
  fclose (f);
  buf[n] = '\0';
  if (n >= 3 && memcmp (buf, "\xef\xbb\xbf", 3) == 0)
    line += 3;
  end = strpbrk (line, "\r\n");
  if (end != NULL)
    *end = '\0';
  if (!g_utf8_validate (line, -1, NULL) || *line == '\0')
    {
      g_set_error (error, MRG_MATCH_ERROR, MRG_MATCH_ERROR_FILE,
                   _("%s: the first line is not a header of UTF-8 column names"), path);
      return NULL;
    }
  return split_header (line);
}

/* ---- where a row is ---- */

static char *
describe_row (const char *document,
              int         page,
              int         row)
{
  g_autofree char *name = g_path_get_basename (document != NULL ? document : "");

  /* TRANSLATORS: where a row is: file name, page number, row number as in the grid's margin */
  return g_strdup_printf (_("%s — page %d, row %d"), name, page, row + 1);
}

/* The page, row (as the grid counts rows: its margin's number less one) and name column of a
 * project row, read on a worker's connection. */
static void
locate_row (MrgStore      *store,
            MrgRowNumbers *numbers,
            gint64         row_id,
            gint64         cell_id,
            gint64        *page_id,
            int           *row,
            int           *col)
{
  g_autoptr(MrgStoreRowPlace) place = mrg_store_locate_row (store, row_id, NULL);

  *page_id = 0;
  *row = *col = -1;
  if (place == NULL)
    return;
  *page_id = place->page.id;
  *row = mrg_row_numbers_get (numbers, place->page.id, row_id, NULL) - 1;
  if (*row < 0)
    *row = place->idx;
  *col = MAX (mrg_store_get_cell_col (store, cell_id), 0);
}

/* ---- the match, on a worker ---- */

typedef struct
{
  char *list;
  char *column;
  gboolean duplicates;
  gboolean truncated;
  GPtrArray *pairs;   /* Pair, once found */
} MatchData;

static void
match_data_free (MatchData *data)
{
  g_clear_pointer (&data->pairs, g_ptr_array_unref);
  g_free (data->list);
  g_free (data->column);
  g_free (data);
}

static char *
pair_key (int    list_row,
          gint64 row_id)
{
  return g_strdup_printf ("%d:%" G_GINT64_FORMAT, list_row, row_id);
}

/* The decisions already recorded, so that a list reviewed before shows what was decided. */
static void
apply_decisions (MrgStore   *store,
                 const char *list_file,
                 GPtrArray  *pairs)
{
  g_autoptr(GPtrArray) decisions = mrg_match_get_decisions (store, list_file, NULL);
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (decisions == NULL)
    return;
  for (guint i = 0; i < decisions->len; i++)
    {
      MrgMatchDecision *d = g_ptr_array_index (decisions, i);

      g_hash_table_insert (known, pair_key (d->list_row, d->row_id),
                           GINT_TO_POINTER (d->decision + 1));
    }
  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (pairs, i);
      g_autofree char *key = pair_key (pair->list_row, pair->row_id);
      int found = GPOINTER_TO_INT (g_hash_table_lookup (known, key));

      if (found > 0)
        pair->decision = found - 1;
    }
}

static GPtrArray *
match_list (MrgStore      *store,
            MatchData     *data,
            GCancellable  *cancellable,
            GError       **error)
{
  const char *columns[] = { data->column, NULL };
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(MrgMatchIndex) index = NULL;
  g_autofree MrgMatchHit *hits = NULL;
  g_autofree guint *n_hits = NULL;
  g_autofree const char **candidates = NULL;
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  g_autoptr(MrgRowNumbers) numbers = mrg_row_numbers_new (store);

  names = mrg_match_read_csv_column (data->list, columns, error);
  if (names == NULL)
    return NULL;
  rows = mrg_match_load_project_rows (store, error);
  if (rows == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  candidates = g_new0 (const char *, rows->len + 1);
  for (guint i = 0; i < rows->len; i++)
    candidates[i] = ((MrgMatchRow *) g_ptr_array_index (rows, i))->name;
  index = mrg_match_index_new (candidates, rows->len);
  hits = g_new0 (MrgMatchHit, (gsize) names->len * CANDIDATES + 1);
  n_hits = g_new0 (guint, names->len + 1);
  /* One thread: the machine is shared with the window's own work (thumbnails, OCR). */
  mrg_match_index_query_many (index, (const char * const *) names->pdata, names->len,
                              CANDIDATES, 1, hits, n_hits);

  for (guint q = 0; q < names->len; q++)
    for (guint k = 0; k < n_hits[q]; k++)
      {
        MrgMatchHit *hit = &hits[q * CANDIDATES + k];
        MrgMatchRow *row = g_ptr_array_index (rows, hit->candidate);
        Pair *pair;

        if (hit->score < MIN_SCORE)
          continue;
        if (pairs->len >= MAX_PAIRS)
          {
            data->truncated = TRUE;
            break;
          }
        pair = g_new0 (Pair, 1);
        pair->left_name = g_strdup (g_ptr_array_index (names, q));
        pair->list_row = (int) q + 1;
        /* TRANSLATORS: a row of the list of names being matched, counted from 1 */
        pair->left_where = g_strdup_printf (_("List row %d"), pair->list_row);
        pair->right_name = g_strdup (row->name);
        pair->row_id = row->row_id;
        pair->cell_id = row->cell_id;
        pair->score = hit->score;
        pair->decision = -1;
        locate_row (store, numbers, row->row_id, row->cell_id, &pair->page_id, &pair->row, &pair->col);
        pair->right_where = describe_row (row->document, row->page, pair->row);
        g_ptr_array_add (pairs, pair);
      }
  apply_decisions (store, data->list, pairs);
  return g_steal_pointer (&pairs);
}

static GPtrArray *
match_duplicates (MrgStore      *store,
                  MatchData     *data,
                  GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) dups = NULL;
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) pair_free);
  g_autoptr(MrgRowNumbers) numbers = mrg_row_numbers_new (store);

  dups = mrg_match_find_duplicates (store, DUPLICATE_SCORE, &rows, error);
  if (dups == NULL)
    return NULL;
  for (guint i = 0; i < dups->len && pairs->len < MAX_PAIRS; i++)
    {
      MrgMatchDuplicate *dup = g_ptr_array_index (dups, i);
      Pair *pair = g_new0 (Pair, 1);

      pair->left_name = g_strdup (dup->a->name);
      pair->left_row_id = dup->a->row_id;
      pair->list_row = (int) dup->a->row_id;
      locate_row (store, numbers, dup->a->row_id, dup->a->cell_id, &pair->left_page_id, &pair->left_row,
                  &pair->left_col);
      pair->left_where = describe_row (dup->a->document, dup->a->page, pair->left_row);
      pair->right_name = g_strdup (dup->b->name);
      pair->row_id = dup->b->row_id;
      pair->cell_id = dup->b->cell_id;
      locate_row (store, numbers, dup->b->row_id, dup->b->cell_id, &pair->page_id, &pair->row, &pair->col);
      pair->right_where = describe_row (dup->b->document, dup->b->page, pair->row);
      pair->score = dup->score;
      pair->decision = -1;
      g_ptr_array_add (pairs, pair);
    }
  data->truncated = dups->len > pairs->len;
  /* The pairs point into rows: free them first. */
  g_clear_pointer (&dups, g_ptr_array_unref);
  apply_decisions (store, "", pairs);
  return g_steal_pointer (&pairs);
}

static gboolean
match_job_run (MrgJob        *job,
               MrgStore      *store,
               gpointer       user_data,
               GCancellable  *cancellable,
               GError       **error)
{
  MatchData *data = user_data;

  data->pairs = data->duplicates ? match_duplicates (store, data, error)
                                 : match_list (store, data, cancellable, error);
  return data->pairs != NULL;
}

/* ---- crops of the scan, on a worker ---- */

typedef struct
{
  guint pair;
  int slot;
  gint64 row_id;
  GBytes *bytes;
  int width;
  int height;
} Crop;

typedef struct
{
  GWeakRef self;
  gboolean duplicates;
  guint generation;
  GArray *crops;   /* Crop */
} CropJob;

/* Shared by the worker and each crop it hands to the main loop (g_atomic_rc_box), so that the
 * window is only ever looked at, through the weak ref, on the main thread. */
static void
crop_job_clear (CropJob *job)
{
  g_weak_ref_clear (&job->self);
  g_array_unref (job->crops);
}

static void
crop_job_release (CropJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) crop_job_clear);
}

typedef struct
{
  CropJob *job;
  Crop crop;
} CropDone;

static void show_crop (MrgMatchWindow *self, gboolean duplicates, Crop *crop);

static gboolean
crop_done_cb (gpointer user_data)
{
  CropDone *done = user_data;
  g_autoptr(MrgMatchWindow) self = g_weak_ref_get (&done->job->self);

  if (self != NULL && done->job->generation == self->generation[done->job->duplicates])
    show_crop (self, done->job->duplicates, &done->crop);
  crop_job_release (done->job);
  g_clear_pointer (&done->crop.bytes, g_bytes_unref);
  g_free (done);
  return G_SOURCE_REMOVE;
}

/* The row's box on its page (the union of its cells' boxes), scaled to the page as decoded. */
static GBytes *
crop_row (MrgStore   *store,
          gint64      row_id,
          gint64     *cached_page,
          PIX       **cached_pix,
          int        *width,
          int        *height)
{
  g_autoptr(MrgStoreRowPlace) place = mrg_store_locate_row (store, row_id, NULL);
  g_autoptr(PIX) clip = NULL;
  g_autoptr(PIX) scaled = NULL;
  g_autoptr(PIX) rgb = NULL;
  BOX *box;
  double scale;
  int x1, y1, x2, y2, pad;
  guint8 *out;

  if (place == NULL || !place->has_box)
    return NULL;
  if (*cached_page != place->page.id || *cached_pix == NULL)
    {
      g_clear_pointer (cached_pix, pixDestroy_ptr_);
      *cached_page = place->page.id;
      *cached_pix = mrg_document_load_page (place->page.path, place->page.kind,
                                            place->page.number, place->page.dpi, NULL);
      if (*cached_pix == NULL)
        return NULL;
    }
  scale = place->page.width > 0 ? (double) pixGetWidth (*cached_pix) / place->page.width : 1.0;
  x1 = (int) (place->box.x1 * scale);
  y1 = (int) (place->box.y1 * scale);
  x2 = (int) (place->box.x2 * scale);
  y2 = (int) (place->box.y2 * scale);
  /* A little of the rows above and below, so that a cut-off letter can still be read. */
  pad = (y2 - y1) / 6;
  x1 = MAX (0, x1 - pad);
  y1 = MAX (0, y1 - pad);
  x2 = MIN ((int) pixGetWidth (*cached_pix), x2 + pad);
  y2 = MIN ((int) pixGetHeight (*cached_pix), y2 + pad);
  if (x2 - x1 < 2 || y2 - y1 < 2)
    return NULL;
  box = boxCreate (x1, y1, x2 - x1, y2 - y1);
  clip = pixClipRectangle (*cached_pix, box, NULL);
  boxDestroy (&box);
  if (clip == NULL)
    return NULL;
  if (pixGetWidth (clip) > CROP_WIDTH)
    scaled = pixScale (clip, (float) CROP_WIDTH / pixGetWidth (clip),
                       (float) CROP_WIDTH / pixGetWidth (clip));
  else
    scaled = pixClone (clip);
  rgb = pixConvertTo32 (scaled);
  if (rgb == NULL)
    return NULL;

  *width = pixGetWidth (rgb);
  *height = pixGetHeight (rgb);
  out = g_malloc ((gsize) *width * *height * 3);
  for (int y = 0; y < *height; y++)
    {
      const l_uint32 *line = pixGetData (rgb) + (gsize) y * pixGetWpl (rgb);

      for (int x = 0; x < *width; x++)
        {
          guint8 *px = out + ((gsize) y * *width + x) * 3;

          px[0] = (line[x] >> L_RED_SHIFT) & 0xff;
          px[1] = (line[x] >> L_GREEN_SHIFT) & 0xff;
          px[2] = (line[x] >> L_BLUE_SHIFT) & 0xff;
        }
    }
  return g_bytes_new_take (out, (gsize) *width * *height * 3);
}

static int
compare_crop_rows (gconstpointer a,
                   gconstpointer b)
{
  const Crop *ca = a, *cb = b;

  /* Rows of a page are next to each other in id order, so each page is decoded once. */
  return ca->row_id < cb->row_id ? -1 : ca->row_id > cb->row_id;
}

static gboolean
crop_job_run (MrgJob        *worker,
              MrgStore      *store,
              gpointer       user_data,
              GCancellable  *cancellable,
              GError       **error)
{
  CropJob *job = user_data;
  g_autoptr(GArray) order = NULL;
  PIX *pix = NULL;
  gint64 page = 0;

  order = g_array_copy (job->crops);
  g_array_sort (order, compare_crop_rows);
  for (guint i = 0; i < order->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      Crop *crop = &g_array_index (order, Crop, i);
      CropDone *done;
      GBytes *bytes = crop_row (store, crop->row_id, &page, &pix, &crop->width, &crop->height);

      if (bytes == NULL)
        continue;
      done = g_new0 (CropDone, 1);
      done->job = g_atomic_rc_box_acquire (job);
      done->crop = *crop;
      done->crop.bytes = bytes;
      /* At the priority of the job's own result, which is queued after it. */
      g_idle_add_full (G_PRIORITY_DEFAULT, crop_done_cb, done, NULL);
    }
  g_clear_pointer (&pix, pixDestroy_ptr_);
  return TRUE;
}

static void
update_status (MrgMatchWindow *self)
{
  gboolean busy = self->jobs > 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->match_button),
                            !busy && self->list_path != NULL &&
                            g_list_model_get_n_items (G_LIST_MODEL (self->columns)) > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dup_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), !busy);
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MrgMatchWindow) self = user_data;

  self->crop_jobs--;
}

static void
load_crops (MrgMatchWindow *self,
            gboolean        duplicates,
            guint           from)
{
  GPtrArray *pairs = duplicates ? self->dup_pairs : self->pairs;
  g_autoptr(MrgJob) worker = NULL;
  MrgProject *project = self->window != NULL ? _mrg_window_get_project (self->window) : NULL;
  CropJob *job;

  if (pairs == NULL || pairs->len == 0 || project == NULL)
    return;
  job = g_atomic_rc_box_new0 (CropJob);
  g_weak_ref_init (&job->self, self);
  job->duplicates = duplicates;
  job->generation = self->generation[duplicates];
  job->crops = g_array_new (FALSE, TRUE, sizeof (Crop));
  for (guint i = from; i < pairs->len && i < from + CROPS_AHEAD; i++)
    {
      Pair *pair = g_ptr_array_index (pairs, i);
      Crop crop = { i, 0, pair->row_id, NULL, 0, 0 };

      if (pair->crop_asked)
        continue;
      pair->crop_asked = TRUE;
      g_array_append_val (job->crops, crop);
      if (duplicates)
        {
          Crop left = { i, 1, pair->left_row_id, NULL, 0, 0 };

          g_array_append_val (job->crops, left);
        }
    }
  if (job->crops->len == 0)
    {
      crop_job_release (job);
      return;
    }
  worker = mrg_job_new (mrg_project_get_path (project), MRG_STORE_OPEN_READ_ONLY, crop_job_run,
                        job, (GDestroyNotify) crop_job_release);
  self->crop_jobs++;
  mrg_job_run_async (worker, self->cancellable, job_done_cb, g_object_ref (self));
}

static void
show_crop (MrgMatchWindow *self,
           gboolean        duplicates,
           Crop           *crop)
{
  GPtrArray *pairs = duplicates ? self->dup_pairs : self->pairs;
  g_autoptr(GdkTexture) texture = NULL;
  Pair *pair;

  if (pairs == NULL || crop->pair >= pairs->len)
    return;
  pair = g_ptr_array_index (pairs, crop->pair);
  if (pair->pictures[crop->slot] == NULL)
    return;
  texture = gdk_memory_texture_new (crop->width, crop->height, GDK_MEMORY_R8G8B8, crop->bytes,
                                    (gsize) crop->width * 3);
  gtk_picture_set_paintable (pair->pictures[crop->slot], GDK_PAINTABLE (texture));
}

/* ---- the pairs ---- */

static GPtrArray *
side_pairs (MrgMatchWindow *self,
            gboolean        duplicates)
{
  return duplicates ? self->dup_pairs : self->pairs;
}

static void
show_decision (Pair *pair)
{
  if (pair->state == NULL)
    return;
  gtk_widget_remove_css_class (GTK_WIDGET (pair->state), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (pair->state), "error");
  if (pair->decision == MRG_MATCH_DECISION_ACCEPTED)
    {
      gtk_label_set_text (pair->state, _("Same person"));
      gtk_widget_add_css_class (GTK_WIDGET (pair->state), "success");
    }
  else if (pair->decision == MRG_MATCH_DECISION_REJECTED)
    {
      gtk_label_set_text (pair->state, _("Not the same"));
      gtk_widget_add_css_class (GTK_WIDGET (pair->state), "error");
    }
  else
    gtk_label_set_text (pair->state, "");
}

gboolean
mrg_match_window_decide (MrgMatchWindow       *self,
                         gboolean              duplicates,
                         guint                 i,
                         MrgMatchDecisionKind  kind)
{
  GPtrArray *pairs;
  MrgStore *store;
  Pair *pair;
  MrgMatchDecision decision = { 0 };
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MRG_IS_MATCH_WINDOW (self), FALSE);

  pairs = side_pairs (self, duplicates);
  store = self->window != NULL ? _mrg_window_get_store (self->window) : NULL;
  if (pairs == NULL || i >= pairs->len || store == NULL)
    return FALSE;
  pair = g_ptr_array_index (pairs, i);
  decision.list_file = duplicates ? "" : self->list_path;
  decision.list_row = pair->list_row;
  decision.list_name = pair->left_name;
  decision.row_id = pair->row_id;
  decision.cell_id = pair->cell_id;
  decision.candidate_name = pair->right_name;
  decision.score = pair->score;
  decision.decision = kind;
  if (mrg_match_record_decision (store, &decision, &error) == 0)
    {
      mrg_window_show_message (self->window, error->message);
      gtk_label_set_text (self->status_label, error->message);
      return FALSE;
    }
  pair->decision = kind;
  show_decision (pair);
  return TRUE;
}

/* Decides on the selected pair and moves to the next, so that a list is reviewed with A and R. */
static void
decide_selected (MrgMatchWindow       *self,
                 GtkListBox           *box,
                 MrgMatchDecisionKind  kind)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (box);
  GtkListBoxRow *next;
  int i;

  if (row == NULL)
    return;
  i = gtk_list_box_row_get_index (row);
  if (!mrg_match_window_decide (self, box == self->dup_box, i, kind))
    return;
  next = gtk_list_box_get_row_at_index (box, i + 1);
  if (next != NULL)
    {
      gtk_list_box_select_row (box, next);
      gtk_widget_grab_focus (GTK_WIDGET (next));
    }
}

static void
row_selected_cb (GtkListBox     *box,
                 GtkListBoxRow  *row,
                 MrgMatchWindow *self)
{
  gboolean duplicates = box == self->dup_box;
  GPtrArray *pairs = side_pairs (self, duplicates);
  int i = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  /* The pairs ahead of the one looked at get their crops before the person reaches them. */
  if (pairs != NULL && i >= 0 && (guint) i < pairs->len)
    {
      guint ahead = MIN ((guint) i + CROPS_AHEAD / 2, pairs->len - 1);

      if (!((Pair *) g_ptr_array_index (pairs, i))->crop_asked ||
          !((Pair *) g_ptr_array_index (pairs, ahead))->crop_asked)
        load_crops (self, duplicates, i);
    }
}

static gboolean
box_key_cb (GtkEventControllerKey *controller,
            guint                  keyval,
            guint                  keycode,
            GdkModifierType        state,
            MrgMatchWindow        *self)
{
  GtkListBox *box = GTK_LIST_BOX (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  /* A and R are keys: under a Russian layout they give Ф and К. */
  keyval = mrg_shortcut_keyval (gtk_widget_get_display (GTK_WIDGET (box)), keyval, keycode, state);
  switch (gdk_keyval_to_lower (keyval))
    {
    case GDK_KEY_a:
      decide_selected (self, box, MRG_MATCH_DECISION_ACCEPTED);
      return TRUE;
    case GDK_KEY_r:
      decide_selected (self, box, MRG_MATCH_DECISION_REJECTED);
      return TRUE;
    default:
      return FALSE;
    }
}

/* The row of the list box that holds a widget. */
static int
widget_row_index (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
}

static void
decision_clicked_cb (GtkButton      *button,
                     MrgMatchWindow *self)
{
  GtkWidget *box = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX);
  int i = widget_row_index (GTK_WIDGET (button));
  MrgMatchDecisionKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kind"));

  if (i >= 0)
    {
      gtk_list_box_select_row (GTK_LIST_BOX (box),
                               gtk_list_box_get_row_at_index (GTK_LIST_BOX (box), i));
      mrg_match_window_decide (self, GTK_LIST_BOX (box) == self->dup_box, i, kind);
    }
}

gboolean
mrg_match_window_go_to (MrgMatchWindow *self,
                        gboolean        duplicates,
                        guint           i,
                        gboolean        left)
{
  GPtrArray *pairs;
  Pair *pair;
  gint64 page_id, row_id;
  int row, col;

  g_return_val_if_fail (MRG_IS_MATCH_WINDOW (self), FALSE);

  pairs = side_pairs (self, duplicates);
  if (pairs == NULL || i >= pairs->len || self->window == NULL)
    return FALSE;
  pair = g_ptr_array_index (pairs, i);
  page_id = left ? pair->left_page_id : pair->page_id;
  row_id = left ? pair->left_row_id : pair->row_id;
  col = left ? pair->left_col : pair->col;
  if (page_id == 0 || !_mrg_window_go_to (self->window, page_id, -1, -1))
    return FALSE;
  /* Found again by id, in whichever table of the page holds it: rows may have been inserted
   * or deleted since the match. */
  if (!mrg_page_model_show_row (_mrg_window_get_model (self->window), row_id, col))
    {
      row = left ? pair->left_row : pair->row;
      if (!_mrg_window_go_to (self->window, page_id, row, col))
        return FALSE;
    }
  gtk_widget_grab_focus (GTK_WIDGET (_mrg_window_get_grid_editor (self->window)));
  return TRUE;
}

static void
go_to_clicked_cb (GtkButton      *button,
                  MrgMatchWindow *self)
{
  GtkWidget *box = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX);
  int i = widget_row_index (GTK_WIDGET (button));
  gboolean left = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "left"));

  if (i >= 0)
    mrg_match_window_go_to (self, GTK_LIST_BOX (box) == self->dup_box, i, left);
}

static GtkWidget *
create_side (MrgMatchWindow *self,
             const char     *name,
             const char     *where,
             gboolean        go_to,
             gboolean        left)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *place;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  if (go_to)
    {
      place = gtk_button_new_with_label (where);
      gtk_label_set_ellipsize (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (place))),
                               PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (place, "flat");
      gtk_widget_add_css_class (place, "caption");
      gtk_widget_set_halign (place, GTK_ALIGN_START);
      /* TRANSLATORS: tooltip of a button that shows a row of the project in the main window */
      gtk_widget_set_tooltip_text (place, _("Show this row in the project"));
      g_object_set_data (G_OBJECT (place), "left", GINT_TO_POINTER (left));
      g_signal_connect (place, "clicked", G_CALLBACK (go_to_clicked_cb), self);
    }
  else
    {
      place = gtk_label_new (where);
      gtk_label_set_xalign (GTK_LABEL (place), 0);
      gtk_widget_add_css_class (place, "dim-label");
      gtk_widget_add_css_class (place, "caption");
    }
  gtk_box_append (GTK_BOX (box), place);
  return box;
}

static GtkWidget *
create_picture (void)
{
  GtkWidget *picture = gtk_picture_new ();

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (picture, -1, 40);
  gtk_widget_set_hexpand (picture, TRUE);
  gtk_widget_set_halign (picture, GTK_ALIGN_FILL);
  return picture;
}

static GtkWidget *
create_pair_row (MrgMatchWindow *self,
                 Pair           *pair,
                 Pair           *previous,
                 gboolean        duplicates)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *crops = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *left = create_side (self, pair->left_name, pair->left_where, duplicates, TRUE);
  GtkWidget *right = create_side (self, pair->right_name, pair->right_where, TRUE, FALSE);
  GtkWidget *score, *state, *accept, *reject, *arrow;
  g_autofree char *score_text = g_strdup_printf ("%d %%", (int) (pair->score * 100 + 0.5));

  gtk_widget_set_size_request (left, 300, -1);
  /* The next candidates of the same name of the list: the eye goes to the candidates. */
  if (!duplicates && previous != NULL && previous->list_row == pair->list_row)
    gtk_widget_add_css_class (left, "dim-label");
  gtk_widget_set_hexpand (right, TRUE);
  arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_widget_add_css_class (arrow, "dim-label");
  score = gtk_label_new (score_text);
  gtk_widget_add_css_class (score, "numeric");
  /* TRANSLATORS: tooltip of the likeness of two names, in percent */
  gtk_widget_set_tooltip_text (score, _("How alike the two names are"));
  state = gtk_label_new (NULL);
  gtk_widget_set_size_request (state, 110, -1);
  pair->state = GTK_LABEL (state);
  accept = gtk_button_new_with_mnemonic (_("_Accept"));
  gtk_widget_set_tooltip_text (accept, _("The same person (A)"));
  g_object_set_data (G_OBJECT (accept), "kind", GINT_TO_POINTER (MRG_MATCH_DECISION_ACCEPTED));
  g_signal_connect (accept, "clicked", G_CALLBACK (decision_clicked_cb), self);
  reject = gtk_button_new_with_mnemonic (_("_Reject"));
  gtk_widget_set_tooltip_text (reject, _("Not the same person (R)"));
  g_object_set_data (G_OBJECT (reject), "kind", GINT_TO_POINTER (MRG_MATCH_DECISION_REJECTED));
  g_signal_connect (reject, "clicked", G_CALLBACK (decision_clicked_cb), self);
  for (GtkWidget *w = score; w != NULL; w = w == score ? accept : w == accept ? reject : NULL)
    gtk_widget_set_valign (w, GTK_ALIGN_CENTER);
  /* Buttons are for the mouse; the keyboard goes through the rows (A, R, arrows). */
  gtk_widget_set_focusable (accept, FALSE);
  gtk_widget_set_focusable (reject, FALSE);

  gtk_box_append (GTK_BOX (line), left);
  gtk_box_append (GTK_BOX (line), arrow);
  gtk_box_append (GTK_BOX (line), right);
  gtk_box_append (GTK_BOX (line), score);
  gtk_box_append (GTK_BOX (line), state);
  gtk_box_append (GTK_BOX (line), accept);
  gtk_box_append (GTK_BOX (line), reject);

  if (duplicates)
    {
      GtkWidget *picture = create_picture ();

      pair->pictures[1] = GTK_PICTURE (picture);
      gtk_box_append (GTK_BOX (crops), picture);
      gtk_box_set_homogeneous (GTK_BOX (crops), TRUE);
    }
  pair->pictures[0] = GTK_PICTURE (create_picture ());
  gtk_box_append (GTK_BOX (crops), GTK_WIDGET (pair->pictures[0]));

  gtk_box_append (GTK_BOX (vbox), line);
  gtk_box_append (GTK_BOX (vbox), crops);
  gtk_widget_set_margin_top (vbox, 6);
  gtk_widget_set_margin_bottom (vbox, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), vbox);
  show_decision (pair);
  return row;
}

static void
show_pairs (MrgMatchWindow *self,
            gboolean        duplicates,
            GPtrArray      *pairs,
            gboolean        truncated)
{
  GtkListBox *box = duplicates ? self->dup_box : self->list_box;
  GtkStack *stack = duplicates ? self->dup_stack : self->list_stack;
  GtkWidget *child;
  g_autofree char *status = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_list_box_remove (box, child);
  if (duplicates)
    {
      g_clear_pointer (&self->dup_pairs, g_ptr_array_unref);
      self->dup_pairs = pairs;
    }
  else
    {
      g_clear_pointer (&self->pairs, g_ptr_array_unref);
      self->pairs = pairs;
    }
  self->generation[duplicates]++;

  if (pairs->len == 0)
    {
      AdwStatusPage *page = duplicates ? self->dup_status : self->list_status;

      adw_status_page_set_title (page, duplicates ? _("No Duplicates Found")
                                                  : _("No Candidates Found"));
      adw_status_page_set_description (page, duplicates
                                       ? _("No two rows on different pages have names this alike.")
                                       : _("No name of the project is like a name of this list."));
      gtk_stack_set_visible_child_name (stack, "empty");
      return;
    }
  for (guint i = 0; i < pairs->len; i++)
    gtk_list_box_append (box, create_pair_row (self, g_ptr_array_index (pairs, i),
                                               i > 0 ? g_ptr_array_index (pairs, i - 1) : NULL,
                                               duplicates));
  gtk_list_box_select_row (box, gtk_list_box_get_row_at_index (box, 0));
  gtk_stack_set_visible_child_name (stack, "pairs");
  if (truncated)
    /* TRANSLATORS: %u is a number of candidate pairs */
    status = g_strdup_printf (_("The first %u pairs. A accepts, R rejects, ↑ and ↓ move"),
                              pairs->len);
  else
    /* TRANSLATORS: %u is a number of candidate pairs */
    status = g_strdup_printf (ngettext ("%u pair. A accepts, R rejects, ↑ and ↓ move",
                                        "%u pairs. A accepts, R rejects, ↑ and ↓ move",
                                        pairs->len),
                              pairs->len);
  gtk_label_set_text (self->status_label, status);
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (box, 0)));
  load_crops (self, duplicates, 0);
}

static void
match_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MrgMatchWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  MatchData *data = mrg_job_get_data (MRG_JOB (source));
  gboolean ok = mrg_job_run_finish (MRG_JOB (source), result, &error);

  self->jobs--;
  /* Closed meanwhile: its widgets are gone. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (ok)
    show_pairs (self, data->duplicates, g_steal_pointer (&data->pairs), data->truncated);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      AdwStatusPage *page = data->duplicates ? self->dup_status : self->list_status;

      gtk_stack_set_visible_child_name (data->duplicates ? self->dup_stack : self->list_stack,
                                        "empty");
      adw_status_page_set_title (page, _("Could Not Match"));
      adw_status_page_set_description (page, error->message);
      gtk_label_set_text (self->status_label, error->message);
    }
  update_status (self);
}

static void
start_match (MrgMatchWindow *self,
             gboolean        duplicates)
{
  MrgProject *project = self->window != NULL ? _mrg_window_get_project (self->window) : NULL;
  g_autoptr(MrgJob) job = NULL;
  MatchData *data;
  GtkStringObject *column = gtk_drop_down_get_selected_item (self->column_dropdown);

  if (project == NULL || self->jobs > 0 || (!duplicates && (self->list_path == NULL ||
                                                          column == NULL)))
    return;
  /* The worker reads the file: a cell being typed must be in it. */
  mrg_grid_editor_commit (_mrg_window_get_grid_editor (self->window));
  data = g_new0 (MatchData, 1);
  data->duplicates = duplicates;
  if (!duplicates)
    {
      data->list = g_strdup (self->list_path);
      data->column = g_strdup (gtk_string_object_get_string (column));
    }
  /* A connection of the job's own, read-only, beside (not behind) the project's OCR. */
  job = mrg_job_new (mrg_project_get_path (project), MRG_STORE_OPEN_READ_ONLY, match_job_run, data,
                     (GDestroyNotify) match_data_free);
  self->jobs++;
  gtk_stack_set_visible_child_name (duplicates ? self->dup_stack : self->list_stack, "busy");
  gtk_label_set_text (self->status_label, duplicates ? _("Looking for duplicates…")
                                                     : _("Matching…"));
  update_status (self);
  mrg_job_run_async (job, self->cancellable, match_done_cb, g_object_ref (self));
}

void
mrg_match_window_run (MrgMatchWindow *self)
{
  g_return_if_fail (MRG_IS_MATCH_WINDOW (self));

  start_match (self, FALSE);
}

void
mrg_match_window_find_duplicates (MrgMatchWindow *self)
{
  g_return_if_fail (MRG_IS_MATCH_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, "duplicates");
  start_match (self, TRUE);
}

gboolean
mrg_match_window_is_busy (MrgMatchWindow *self)
{
  g_return_val_if_fail (MRG_IS_MATCH_WINDOW (self), FALSE);

  return self->jobs > 0 || self->crop_jobs > 0;
}

guint
mrg_match_window_get_n_pairs (MrgMatchWindow *self,
                              gboolean        duplicates)
{
  GPtrArray *pairs;

  g_return_val_if_fail (MRG_IS_MATCH_WINDOW (self), 0);

  pairs = side_pairs (self, duplicates);
  return pairs != NULL ? pairs->len : 0;
}

void
mrg_match_window_get_pair (MrgMatchWindow  *self,
                           gboolean         duplicates,
                           guint            i,
                           const char     **left,
                           const char     **right,
                           gint64          *row_id)
{
  GPtrArray *pairs;
  Pair *pair;

  g_return_if_fail (MRG_IS_MATCH_WINDOW (self));
  pairs = side_pairs (self, duplicates);
  g_return_if_fail (pairs != NULL && i < pairs->len);

  pair = g_ptr_array_index (pairs, i);
  if (left != NULL)
    *left = pair->left_name;
  if (right != NULL)
    *right = pair->right_name;
  if (row_id != NULL)
    *row_id = pair->row_id;
}

gboolean
mrg_match_window_has_crop (MrgMatchWindow *self,
                           gboolean        duplicates,
                           guint           i)
{
  GPtrArray *pairs;
  Pair *pair;

  g_return_val_if_fail (MRG_IS_MATCH_WINDOW (self), FALSE);

  pairs = side_pairs (self, duplicates);
  if (pairs == NULL || i >= pairs->len)
    return FALSE;
  pair = g_ptr_array_index (pairs, i);
  return pair->pictures[0] != NULL && gtk_picture_get_paintable (pair->pictures[0]) != NULL;
}

/* ---- choosing a list ---- */

static gboolean
looks_like_name_column (const char *header)
{
  g_autofree char *folded = g_utf8_casefold (header, -1);
  static const char *words[] = { "name", "фами", "фио", "ф.и.о", "имя", "nom", "navn", "аты",
                                 "тег" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strstr (folded, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

gboolean
mrg_match_window_set_list (MrgMatchWindow *self,
                           const char     *path)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) header = NULL;
  guint n_old;
  int guess = -1;

  g_return_val_if_fail (MRG_IS_MATCH_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  header = read_header (path, &error);
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->columns));
  if (header == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      if (self->window != NULL)
        mrg_window_show_message (self->window, error->message);
      return FALSE;
    }
  g_free (self->list_path);
  self->list_path = g_strdup (path);
  gtk_label_set_text (self->list_label, path);
  gtk_widget_remove_css_class (GTK_WIDGET (self->list_label), "dim-label");
  gtk_string_list_splice (self->columns, 0, n_old, (const char * const *) header);
  for (guint i = 0; header[i] != NULL && guess < 0; i++)
    if (looks_like_name_column (header[i]))
      guess = (int) i;
  gtk_drop_down_set_selected (self->column_dropdown, guess >= 0 ? (guint) guess : 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->column_dropdown), TRUE);
  update_status (self);
  return TRUE;
}

gboolean
mrg_match_window_set_column (MrgMatchWindow *self,
                             const char     *column)
{
  GListModel *model;

  g_return_val_if_fail (MRG_IS_MATCH_WINDOW (self), FALSE);

  model = G_LIST_MODEL (self->columns);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->columns, i), column) == 0)
      {
        gtk_drop_down_set_selected (self->column_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

static void
list_chosen (gpointer            data,
             const char * const *paths)
{
  if (paths[0] != NULL)
    mrg_match_window_set_list (data, paths[0]);
}

static void
choose_clicked_cb (MrgMatchWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) lists = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Choose a List of Names"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (lists, _("Lists (CSV, TSV)"));
  gtk_file_filter_add_suffix (lists, "csv");
  gtk_file_filter_add_suffix (lists, "tsv");
  gtk_file_filter_add_suffix (lists, "txt");
  gtk_file_filter_add_mime_type (lists, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), lists);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  mrg_chooser_show (&self->chooser, chooser, list_chosen, self);
}

static void
match_clicked_cb (MrgMatchWindow *self)
{
  mrg_match_window_run (self);
}

static void
dup_clicked_cb (MrgMatchWindow *self)
{
  mrg_match_window_find_duplicates (self);
}

/* ---- the object ---- */

static void
mrg_match_window_dispose (GObject *object)
{
  MrgMatchWindow *self = MRG_MATCH_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  mrg_chooser_clear (&self->chooser);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), MRG_TYPE_MATCH_WINDOW);
  /* The pairs point at widgets: drop them with the widgets. */
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_pointer (&self->dup_pairs, g_ptr_array_unref);
  G_OBJECT_CLASS (mrg_match_window_parent_class)->dispose (object);
}

static void
mrg_match_window_finalize (GObject *object)
{
  MrgMatchWindow *self = MRG_MATCH_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_free (self->list_path);
  G_OBJECT_CLASS (mrg_match_window_parent_class)->finalize (object);
}

static void
mrg_match_window_class_init (MrgMatchWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mrg_match_window_dispose;
  object_class->finalize = mrg_match_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/muragat/Muragat/ui/mrg-match-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, list_label);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, column_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, columns);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, match_button);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, list_status);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, list_box);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, dup_stack);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, dup_status);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, dup_button);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, dup_box);
  gtk_widget_class_bind_template_child (widget_class, MrgMatchWindow, status_label);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
mrg_match_window_init (MrgMatchWindow *self)
{
  GtkListBox *boxes[2];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  mrg_shortcut_keys_attach (GTK_WIDGET (self));

  boxes[0] = self->list_box;
  boxes[1] = self->dup_box;
  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      g_signal_connect (keys, "key-pressed", G_CALLBACK (box_key_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (boxes[i]), keys);
      g_signal_connect (boxes[i], "row-selected", G_CALLBACK (row_selected_cb), self);
    }
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (choose_clicked_cb), self);
  g_signal_connect_swapped (self->match_button, "clicked", G_CALLBACK (match_clicked_cb), self);
  g_signal_connect_swapped (self->dup_button, "clicked", G_CALLBACK (dup_clicked_cb), self);
}

/* The window shows another project now (its title follows the project): what this window
 * holds belongs to the one before, so it goes. */
static void
project_changed_cb (MrgMatchWindow *self)
{
  if (self->window == NULL || self->store == NULL ||
      _mrg_window_get_store (self->window) != self->store)
    gtk_window_destroy (GTK_WINDOW (self));
}

MrgMatchWindow *
mrg_match_window_new (MrgWindow *window)
{
  MrgMatchWindow *self;

  g_return_val_if_fail (MRG_IS_WINDOW (window), NULL);

  self = g_object_new (MRG_TYPE_MATCH_WINDOW, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);
  g_set_weak_pointer (&self->store, _mrg_window_get_store (window));
  g_signal_connect_object (window, "notify::title", G_CALLBACK (project_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

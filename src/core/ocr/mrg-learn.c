/* mrg-learn.c: one round of teaching the OCR model the archivist's verified cells
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-learn"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include "mrg-learn.h"
#include "mrg-ocr.h"
#include "mrg-traineddata.h"

/* The start model's stored learning rates are those of its last steps of training, too small
 * to learn a new font in a round: reset to this. bench-learn, pages never tuned on, 600
 * iterations: stored rates −31 %, 0.0005 −36 %, 0.002 −39 … −55 % (runs vary), 0.004 −40 %;
 * but 0.002 made test-learn's 100 iterations on 24 cells diverge (CER 32 % → 78 %). */
#define LEARNING_RATE "0.001"

/* Training runs behind everything the person does. */
#define CHILD_NICENESS 19

/* Where tesseract keeps lstm.train, the config that makes it write a line's training file. */
static const char *const config_dirs[] = {
  "/usr/share/tesseract-ocr/5/tessdata/configs",
  "/usr/share/tesseract-ocr/4.00/tessdata/configs",
  "/usr/share/tessdata/configs",
  "/usr/local/share/tessdata/configs",
};

typedef struct
{
  PIX *image;
  char *text;
  gboolean held_out;
} Sample;

struct _MrgLearnRound
{
  GObject parent_instance;

  char *start_model;
  char *output_model;
  guint iterations;
  GArray *samples;
  gboolean explicit_held_out;

  double cer_before;
  double cer_after;
  gboolean adopted;

  MrgLearnProgressFunc progress;
  gpointer progress_data;

  /* Where a run works, and the folder its tools run in: they are given the names of its files,
   * not their paths, since tesseract shuffles the lines of a training file by the file's name.
   * So the same cells make the same training files, and the same model, in any folder. */
  char *work_dir;
};

G_DEFINE_FINAL_TYPE (MrgLearnRound, mrg_learn_round, G_TYPE_OBJECT)

static void
sample_clear (Sample *sample)
{
  pixDestroy (&sample->image);
  g_free (sample->text);
}

static void
mrg_learn_round_finalize (GObject *object)
{
  MrgLearnRound *self = MRG_LEARN_ROUND (object);

  g_free (self->start_model);
  g_free (self->output_model);
  g_array_unref (self->samples);

  G_OBJECT_CLASS (mrg_learn_round_parent_class)->finalize (object);
}

static void
mrg_learn_round_class_init (MrgLearnRoundClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mrg_learn_round_finalize;
}

static void
mrg_learn_round_init (MrgLearnRound *self)
{
  self->iterations = MRG_LEARN_DEFAULT_ITERATIONS;
  self->samples = g_array_new (FALSE, TRUE, sizeof (Sample));
  g_array_set_clear_func (self->samples, (GDestroyNotify) sample_clear);
  self->cer_before = self->cer_after = NAN;
}

MrgLearnRound *
mrg_learn_round_new (const char *start_model,
                     const char *output_model)
{
  MrgLearnRound *self;

  g_return_val_if_fail (start_model != NULL, NULL);
  g_return_val_if_fail (output_model != NULL, NULL);

  self = g_object_new (MRG_TYPE_LEARN_ROUND, NULL);
  self->start_model = g_strdup (start_model);
  self->output_model = g_strdup (output_model);
  return self;
}

void
mrg_learn_round_set_progress (MrgLearnRound        *self,
                              MrgLearnProgressFunc  progress,
                              gpointer              user_data)
{
  g_return_if_fail (MRG_IS_LEARN_ROUND (self));

  self->progress = progress;
  self->progress_data = user_data;
}

static void
report (MrgLearnRound *self,
        MrgLearnStage  stage,
        guint          done,
        guint          total)
{
  if (self->progress != NULL)
    self->progress (stage, done, total, self->progress_data);
}

void
mrg_learn_round_set_iterations (MrgLearnRound *self,
                                guint          iterations)
{
  g_return_if_fail (MRG_IS_LEARN_ROUND (self));
  g_return_if_fail (iterations > 0);

  self->iterations = iterations;
}

static void
add_sample (MrgLearnRound *self,
            PIX           *image,
            const char    *text,
            gboolean       held_out)
{
  Sample sample = { pixClone (image), g_strdup (text), held_out };

  /* a training line is one line */
  g_strdelimit (sample.text, "\n\r\t", ' ');
  g_strstrip (sample.text);
  if (*sample.text == '\0')
    {
      /* nothing to learn from an empty cell: lstmtraining needs text to align */
      sample_clear (&sample);
      return;
    }
  g_array_append_val (self->samples, sample);
}

void
mrg_learn_round_add_sample (MrgLearnRound *self,
                            PIX           *image,
                            const char    *text)
{
  g_return_if_fail (MRG_IS_LEARN_ROUND (self));
  g_return_if_fail (image != NULL);
  g_return_if_fail (text != NULL);

  add_sample (self, image, text, FALSE);
}

void
mrg_learn_round_add_held_out (MrgLearnRound *self,
                              PIX           *image,
                              const char    *text)
{
  g_return_if_fail (MRG_IS_LEARN_ROUND (self));
  g_return_if_fail (image != NULL);
  g_return_if_fail (text != NULL);

  add_sample (self, image, text, TRUE);
  self->explicit_held_out = TRUE;
}

double
mrg_learn_round_get_cer_before (MrgLearnRound *self)
{
  g_return_val_if_fail (MRG_IS_LEARN_ROUND (self), NAN);
  return self->cer_before;
}

double
mrg_learn_round_get_cer_after (MrgLearnRound *self)
{
  g_return_val_if_fail (MRG_IS_LEARN_ROUND (self), NAN);
  return self->cer_after;
}

gboolean
mrg_learn_round_get_adopted (MrgLearnRound *self)
{
  g_return_val_if_fail (MRG_IS_LEARN_ROUND (self), FALSE);
  return self->adopted;
}

/* Runs in the child between fork and exec. */
static void
lower_priority (G_GNUC_UNUSED gpointer user_data)
{
  /* a child left at normal priority still trains; nothing to report from here */
  (void) !setpriority (PRIO_PROCESS, 0, CHILD_NICENESS);
}

/* Each line a tool prints, as it prints it. */
typedef void (*LineFunc) (MrgLearnRound *self,
                          const char    *line);

/* Runs a tesseract tool in the run's folder on one thread at the lowest priority; returns what it
 * printed, each line also given to `on_line` (may be NULL) as it comes. */
static char *
run_tool_lines (MrgLearnRound      *self,
                const char *const  *argv,
                LineFunc            on_line,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  g_autofree char *text = NULL;
  char *line;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_setenv (launcher, "OMP_THREAD_LIMIT", "1", TRUE);
  g_subprocess_launcher_set_cwd (launcher, self->work_dir);
  g_subprocess_launcher_set_child_setup (launcher, lower_priority, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &local_error);
  if (process == NULL)
    {
      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED,
                   _("%s could not be started (install tesseract-ocr): %s"), argv[0],
                   local_error->message);
      return NULL;
    }
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line (lines, NULL, cancellable, &local_error)) != NULL)
    {
      if (on_line != NULL)
        on_line (self, line);
      g_string_append (output, line);
      g_string_append_c (output, '\n');
      g_free (line);
    }
  if (local_error != NULL
      || !g_subprocess_wait (process, cancellable, &local_error))
    {
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  text = g_utf8_make_valid (output->str, output->len);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      g_auto(GStrv) split = g_strsplit (g_strstrip (text), "\n", -1);
      guint n = g_strv_length (split);

      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED, _("%s failed: %s"), argv[0],
                   n > 0 ? split[n - 1] : "");
      return NULL;
    }
  return g_steal_pointer (&text);
}

static char *
run_tool (MrgLearnRound      *self,
          const char *const  *argv,
          GCancellable       *cancellable,
          GError            **error)
{
  return run_tool_lines (self, argv, NULL, cancellable, error);
}

/* lstmtraining says "At iteration 100/100/100, …" as it goes. */
static void
training_line_cb (MrgLearnRound *self,
                  const char    *line)
{
  const char *at = strstr (line, "At iteration ");
  guint64 done;

  if (at == NULL)
    return;
  done = g_ascii_strtoull (at + strlen ("At iteration "), NULL, 10);
  report (self, MRG_LEARN_STAGE_TRAINING, MIN ((guint) done, self->iterations), self->iterations);
}

static char *
find_line_config (GError **error)
{
  const char *prefix = g_getenv ("TESSDATA_PREFIX");

  if (prefix != NULL)
    {
      g_autofree char *path = g_build_filename (prefix, "configs", "lstm.train", NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  for (guint i = 0; i < G_N_ELEMENTS (config_dirs); i++)
    {
      g_autofree char *path = g_build_filename (config_dirs[i], "lstm.train", NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED,
               _("tesseract's training config lstm.train was not found (install tesseract-ocr)"));
  return NULL;
}

/* Appends to a box file that page `page` is one line of `text`: every character boxed by the
 * whole image, then the end-of-line tab, as tesstrain writes them for line images. */
static void
append_line_box (GString    *box,
                 const char *text,
                 int         width,
                 int         height,
                 guint       page)
{
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    g_string_append_printf (box, "%.*s 0 0 %d %d %u\n", (int) (g_utf8_next_char (c) - c), c,
                            width, height, page);
  g_string_append_printf (box, "\t 0 0 %d %d %u\n", width, height, page);
}

/* White kept round the ink of a training line, in pixels: about what tesseract keeps round a
 * line it reads. On bench-learn's held-out pages 3 px gave −31 % CER where 6 px gave −26 %. */
#define LINE_MARGIN 3

/* The sample cut close round its ink. OCR gives tesseract a cell with a wide margin of white and
 * lets it find the line (page segmentation); a training line is read as it is, its whole height
 * scaled to the network's input, so that the same margin shrinks the letters to a few pixels:
 * measured on worn-ribbon cells, lstmeval read them with 19.7 % CER padded, 3.9 % cut close. */
static PIX *
crop_to_ink (PIX *image)
{
  PIX *grey = pixConvertTo8 (image, FALSE);
  PIX *binary = grey != NULL ? pixThresholdToBinary (grey, 160) : NULL;
  BOX *box = NULL;
  PIX *line = NULL;

  if (binary != NULL && pixClipToForeground (binary, NULL, &box) == 0 && box != NULL)
    {
      l_int32 x, y, w, h;
      BOX *wide;

      boxGetGeometry (box, &x, &y, &w, &h);
      wide = boxCreate (MAX (0, x - LINE_MARGIN), MAX (0, y - LINE_MARGIN),
                        w + 2 * LINE_MARGIN, h + 2 * LINE_MARGIN);
      line = pixClipRectangle (image, wide, NULL);
      boxDestroy (&wide);
      boxDestroy (&box);
    }
  pixDestroy (&binary);
  pixDestroy (&grey);
  return line != NULL ? line : pixClone (image);
}

/* One set of training lines being written: a page of a multi-page TIFF and its lines in the
 * box file a sample, so that one tesseract run makes the .lstmf of them all (a run a line spent
 * most of a round's CPU loading the model). */
typedef struct
{
  const char *name;     /* in the run's folder */
  char *base;
  char *image;
  GString *box;
  guint n_lines;
} LineSet;

static void
line_set_init (LineSet    *set,
               const char *dir,
               const char *name)
{
  set->name = name;
  set->base = g_build_filename (dir, name, NULL);
  set->image = g_strconcat (set->base, ".tif", NULL);
  set->box = g_string_new (NULL);
  set->n_lines = 0;
}

static void
line_set_clear (LineSet *set)
{
  g_free (set->base);
  g_free (set->image);
  g_string_free (set->box, TRUE);
}

static gboolean
line_set_add (LineSet      *set,
              const Sample *sample,
              GError      **error)
{
  PIX *line = crop_to_ink (sample->image);
  gboolean written;

  written = pixWriteTiff (set->image, line, IFF_TIFF_ZIP, set->n_lines == 0 ? "w" : "a") == 0;
  if (written)
    append_line_box (set->box, sample->text, pixGetWidth (line), pixGetHeight (line),
                     set->n_lines++);
  pixDestroy (&line);
  if (!written)
    g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_IMAGE,
                 _("A cell image could not be written to %s"), set->image);
  return written;
}

/* Makes the set's .lstmf; returns its name in the run's folder. */
static char *
line_set_finish (MrgLearnRound *self,
                 LineSet       *set,
                 const char    *lang,
                 const char    *config,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *box = g_strconcat (set->base, ".box", NULL);
  g_autofree char *lstmf = g_strconcat (set->base, ".lstmf", NULL);
  g_autofree char *image = g_strconcat (set->name, ".tif", NULL);
  g_autofree char *output = NULL;
  const char *argv[] = {
    "tesseract", image, set->name, "--tessdata-dir", ".", "-l", lang, "--psm", "13", config,
    NULL,
  };

  if (!g_file_set_contents (box, set->box->str, -1, error))
    return NULL;
  output = run_tool (self, argv, cancellable, error);
  if (output == NULL)
    return NULL;
  if (!g_file_test (lstmf, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED,
                   _("tesseract made no training lines of the verified cells"));
      return NULL;
    }
  return g_strconcat (set->name, ".lstmf", NULL);
}

/* The character error rate (percent) lstmeval measures for `model` on the listed lines. */
static gboolean
evaluate (MrgLearnRound *self,
          const char    *model,
          const char    *list,
          double        *cer,
          GCancellable  *cancellable,
          GError       **error)
{
  const char *argv[] = { "lstmeval", "--model", model, "--eval_listfile", list, NULL };
  g_autofree char *output = run_tool (self, argv, cancellable, error);
  const char *found;

  if (output == NULL)
    return FALSE;
  /* tesseract 5 prints "BCER eval=…", tesseract 4 "Eval Char error rate=…" */
  found = g_strrstr (output, "BCER eval=");
  if (found == NULL)
    found = g_strrstr (output, "Char error rate=");
  if (found == NULL)
    {
      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED,
                   _("lstmeval gave no error rate for %s"), model);
      return FALSE;
    }
  *cer = g_ascii_strtod (strchr (found, '=') + 1, NULL);
  return TRUE;
}

/* Which samples judge the new model: those held out explicitly, else an evenly spread share. */
static void
choose_held_out (MrgLearnRound *self)
{
  guint n = self->samples->len;
  guint n_held;

  if (self->explicit_held_out || n == 0)
    return;
  n_held = MAX (1, (guint) round (n * MRG_LEARN_HELD_OUT_SHARE));
  for (guint i = 0; i < n; i++)
    g_array_index (self->samples, Sample, i).held_out =
      (i + 1) * n_held / n != i * n_held / n;
}

/* The files of a run in its folder, besides the training lines and the start model. */
#define START_LSTM "start.lstm"
#define TRAIN_LIST "train.txt"
#define HELD_LIST "held-out.txt"
#define TRAINED "trained.traineddata"

static gboolean
run_in (MrgLearnRound *self,
        const char    *dir,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autofree char *file = g_path_get_basename (self->start_model);
  g_autofree char *lang = g_strndup (file, strcspn (file, "."));
  g_autofree char *start_name = g_strconcat (lang, ".traineddata", NULL);
  g_autofree char *start = g_build_filename (dir, start_name, NULL);
  g_autofree char *start_lstm = g_build_filename (dir, START_LSTM, NULL);
  g_autofree char *trained = g_build_filename (dir, TRAINED, NULL);
  g_autofree char *train_list = g_build_filename (dir, TRAIN_LIST, NULL);
  g_autofree char *held_list = g_build_filename (dir, HELD_LIST, NULL);
  /* the model OCR reads with now, as the tools find it from the run's folder */
  g_autofree char *in_use = g_canonicalize_filename (self->output_model, NULL);
  g_autofree char *iterations = g_strdup_printf ("%u", self->iterations);
  g_autofree char *config = NULL;
  g_autofree char *part = NULL;
  g_autofree char *output = NULL;
  g_autofree char *train_lstmf = NULL;
  g_autofree char *held_lstmf = NULL;
  g_autofree char *list_text = NULL;
  LineSet train_set, held_set;
  gboolean ok = TRUE;
  /* in the run's folder, by name */
  const char *train_argv[] = {
    "lstmtraining", "--continue_from", START_LSTM, "--traineddata", start_name,
    "--model_output", "round", "--train_listfile", TRAIN_LIST,
    "--max_iterations", iterations, "--learning_rate", LEARNING_RATE, "--reset_learning_rate",
    NULL,
  };
  const char *stop_argv[] = {
    "lstmtraining", "--stop_training", "--continue_from", "round_checkpoint",
    "--traineddata", start_name, "--model_output", TRAINED, NULL,
  };
  g_autoptr(GFile) trained_file = g_file_new_for_path (trained);
  g_autoptr(GFile) part_file = NULL;

  config = find_line_config (error);
  if (config == NULL)
    return FALSE;
  if (!mrg_traineddata_convert_to_float (self->start_model, start, error)
      || !mrg_traineddata_extract (start, MRG_TRAINEDDATA_LSTM, start_lstm, error))
    return FALSE;

  choose_held_out (self);
  line_set_init (&train_set, dir, "train");
  line_set_init (&held_set, dir, "held-out");
  for (guint i = 0; i < self->samples->len && ok; i++)
    {
      const Sample *sample = &g_array_index (self->samples, Sample, i);

      report (self, MRG_LEARN_STAGE_LINES, i, self->samples->len);
      ok = line_set_add (sample->held_out ? &held_set : &train_set, sample, error);
    }
  if (ok && (train_set.n_lines == 0 || held_set.n_lines == 0))
    {
      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED,
                   _("Learning needs verified cells both to learn from and to check on"));
      ok = FALSE;
    }
  if (ok)
    train_lstmf = line_set_finish (self, &train_set, lang, config, cancellable, error);
  if (train_lstmf != NULL)
    held_lstmf = line_set_finish (self, &held_set, lang, config, cancellable, error);
  line_set_clear (&train_set);
  line_set_clear (&held_set);
  if (held_lstmf == NULL)
    return FALSE;
  report (self, MRG_LEARN_STAGE_LINES, self->samples->len, self->samples->len);
  list_text = g_strconcat (train_lstmf, "\n", NULL);
  if (!g_file_set_contents (train_list, list_text, -1, error))
    return FALSE;
  g_free (list_text);
  list_text = g_strconcat (held_lstmf, "\n", NULL);
  if (!g_file_set_contents (held_list, list_text, -1, error))
    return FALSE;

  /* judged against the model OCR reads with now: one an earlier round kept, else the start */
  report (self, MRG_LEARN_STAGE_CHECKING, 0, 2);
  if (!evaluate (self, g_file_test (in_use, G_FILE_TEST_IS_REGULAR) ? in_use : start_name,
                 HELD_LIST, &self->cer_before, cancellable, error))
    return FALSE;
  report (self, MRG_LEARN_STAGE_TRAINING, 0, self->iterations);
  output = run_tool_lines (self, train_argv, training_line_cb, cancellable, error);
  if (output == NULL)
    return FALSE;
  g_clear_pointer (&output, g_free);
  output = run_tool (self, stop_argv, cancellable, error);
  if (output == NULL)
    return FALSE;
  report (self, MRG_LEARN_STAGE_CHECKING, 1, 2);
  if (!evaluate (self, TRAINED, HELD_LIST, &self->cer_after, cancellable, error))
    return FALSE;

  g_debug ("held-out CER %.2f %% before, %.2f %% after %u iterations on %u cells",
           self->cer_before, self->cer_after, self->iterations, self->samples->len);
  if (!(self->cer_after < self->cer_before))
    return TRUE;

  /* beside the output first, so that a model in use is replaced whole or not at all */
  part = g_strconcat (self->output_model, ".part", NULL);
  part_file = g_file_new_for_path (part);
  if (!g_file_copy (trained_file, part_file, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL,
                    error))
    return FALSE;
  if (g_rename (part, self->output_model) != 0)
    {
      int saved_errno = errno;

      g_unlink (part);
      g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED,
                   _("The learned model could not be saved as %s: %s"), self->output_model,
                   g_strerror (saved_errno));
      return FALSE;
    }
  self->adopted = TRUE;
  return TRUE;
}

gboolean
mrg_learn_round_run (MrgLearnRound *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autofree char *dir = NULL;
  gboolean ok;

  g_return_val_if_fail (MRG_IS_LEARN_ROUND (self), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->adopted = FALSE;
  self->cer_before = self->cer_after = NAN;
  dir = g_dir_make_tmp ("muragat-learn-XXXXXX", error);
  if (dir == NULL)
    return FALSE;
  self->work_dir = dir;
  ok = run_in (self, dir, cancellable, error);
  self->work_dir = NULL;
  mrg_remove_dir_of_files (dir);
  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (mrg_learn_round_run (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
mrg_learn_round_run_async (MrgLearnRound      *self,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MRG_IS_LEARN_ROUND (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mrg_learn_round_run_async);
  g_task_run_in_thread (task, run_thread);
}

gboolean
mrg_learn_round_run_finish (MrgLearnRound *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (MRG_IS_LEARN_ROUND (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

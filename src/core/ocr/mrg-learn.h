/* mrg-learn.h: one round of teaching the OCR model the archivist's verified cells
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <leptonica/allheaders.h>

G_BEGIN_DECLS

/* Iterations of a round. bench-learn (100 cells, learning rate 0.001): 600 −36 %, 800 −42 %,
 * 1000 −40 % on the other pages; 800 took 25 s of CPU. */
#define MRG_LEARN_DEFAULT_ITERATIONS 800
/* Share of the cells kept back to judge the new model, when none are kept back explicitly. */
#define MRG_LEARN_HELD_OUT_SHARE 0.15

#define MRG_TYPE_LEARN_ROUND (mrg_learn_round_get_type ())
G_DECLARE_FINAL_TYPE (MrgLearnRound, mrg_learn_round, MRG, LEARN_ROUND, GObject)

/* A round fine-tunes `start_model` (a .traineddata, int or float; its file name gives the
 * language) on the samples added, and writes the new model to `output_model` only when it
 * reads the held-out samples with a lower character error rate than the model in use: the one
 * already at `output_model` (an earlier round's), else the start model. */
MrgLearnRound *mrg_learn_round_new            (const char     *start_model,
                                               const char     *output_model);
void           mrg_learn_round_set_iterations (MrgLearnRound  *self,
                                               guint           iterations);
/* `image` is the cell exactly as OCR read it (grey or 1 bpp), `text` what it says. */
void           mrg_learn_round_add_sample     (MrgLearnRound  *self,
                                               PIX            *image,
                                               const char     *text);
/* A sample only used to judge the new model. Without any, every sixth or so sample added is
 * held out (MRG_LEARN_HELD_OUT_SHARE). */
void           mrg_learn_round_add_held_out   (MrgLearnRound  *self,
                                               PIX            *image,
                                               const char     *text);

/* What a round is doing, for its progress. */
typedef enum
{
  MRG_LEARN_STAGE_LINES,      /* making a training line of each sample: done of total samples */
  MRG_LEARN_STAGE_TRAINING,   /* lstmtraining: done of total iterations */
  MRG_LEARN_STAGE_CHECKING,   /* reading the held-out samples: done of 2 models */
} MrgLearnStage;

typedef void (*MrgLearnProgressFunc) (MrgLearnStage stage,
                                      guint         done,
                                      guint         total,
                                      gpointer      user_data);

/* Called on the thread that runs the round. */
void           mrg_learn_round_set_progress   (MrgLearnRound  *self,
                                               MrgLearnProgressFunc progress,
                                               gpointer        user_data);

/* Runs the round: lstmf files made by tesseract, lstmtraining and lstmeval as subprocesses at
 * the lowest priority on one thread each. Blocks; FALSE with G_IO_ERROR_CANCELLED when
 * cancelled (the subprocess is killed), else an MRG_OCR_ERROR. Not adopting the new model is
 * no error. */
gboolean       mrg_learn_round_run            (MrgLearnRound  *self,
                                               GCancellable   *cancellable,
                                               GError        **error);
void           mrg_learn_round_run_async      (MrgLearnRound  *self,
                                               GCancellable   *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer        user_data);
gboolean       mrg_learn_round_run_finish     (MrgLearnRound  *self,
                                               GAsyncResult   *result,
                                               GError        **error);

/* After a run: character error rates (percent, as lstmeval measures them on the held-out
 * samples) of the model in use and the new model, and whether the new one was written. */
double         mrg_learn_round_get_cer_before (MrgLearnRound  *self);
double         mrg_learn_round_get_cer_after  (MrgLearnRound  *self);
gboolean       mrg_learn_round_get_adopted    (MrgLearnRound  *self);

G_END_DECLS

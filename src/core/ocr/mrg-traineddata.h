/* mrg-traineddata.h: tesseract .traineddata files, and turning a "fast" (int8) model into one
 * lstmtraining can start from
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Components of a .traineddata container that Muragat touches (tesseract's TessdataType). */
#define MRG_TRAINEDDATA_LSTM 17
#define MRG_TRAINEDDATA_LSTM_UNICHARSET 21
#define MRG_TRAINEDDATA_LSTM_RECODER 22

/* Writes `dest`, the model of `source` with every int8 weight matrix of its LSTM network turned
 * back into doubles (weight × its row's scale) and the int mode cleared, every other component
 * copied as it is. A model that is already float comes out unchanged. tesseract reads the
 * result within rounding of the int model, and lstmtraining accepts it as a start model, which
 * it refuses for the int model. Errors are in MRG_OCR_ERROR (MRG_OCR_ERROR_FAILED). */
gboolean mrg_traineddata_convert_to_float (const char  *source,
                                           const char  *dest,
                                           GError     **error);

/* Whether the LSTM network of `path` stores its weights as int8 ("fast" models). */
gboolean mrg_traineddata_is_int           (const char  *path,
                                           gboolean    *is_int,
                                           GError     **error);

/* Writes component `type` (MRG_TRAINEDDATA_LSTM, …) of `source` to `dest` on its own, as
 * `combine_tessdata -e` does: lstmtraining --continue_from wants the bare LSTM component. */
gboolean mrg_traineddata_extract          (const char  *source,
                                           guint        type,
                                           const char  *dest,
                                           GError     **error);

G_END_DECLS

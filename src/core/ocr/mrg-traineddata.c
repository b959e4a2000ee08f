/* mrg-traineddata.c: tesseract .traineddata files, and turning a "fast" (int8) model into one
 * lstmtraining can start from
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "mrg-traineddata"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mrg-ocr.h"
#include "mrg-traineddata.h"

/* The formats below are tesseract 4/5's (TessdataManager, Network::Serialize and the layers',
 * WeightMatrix::Serialize, LSTMRecognizer::Serialize), all little-endian as Debian ships them.
 *
 * Container: uint32 count, int64 offset[count] (-1: absent), then the components in order;
 * a component ends where the next present one starts, the last at the end of the file. */
#define MAX_COMPONENTS 1000

/* WeightMatrix mode bits */
#define MATRIX_INT8 1
#define MATRIX_ADAM 4
#define MATRIX_DOUBLE 128
/* tesseract refuses larger matrices as damaged */
#define MATRIX_MAX_SIDE 65535

/* Network::training_: TS_ENABLED is the one value that makes matrices carry training state */
#define TRAINING_ENABLED 1
/* Network flag: a Series or Parallel stores a learning rate per layer after its layers */
#define NETWORK_LAYER_SPECIFIC_LR 64
/* LSTMRecognizer::training_flags_ */
#define RECOGNIZER_INT_MODE 1

typedef struct
{
  GBytes *bytes;
  guint n_components;
  gint64 *offsets;
} Container;

static void
container_clear (Container *container)
{
  g_clear_pointer (&container->bytes, g_bytes_unref);
  g_clear_pointer (&container->offsets, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Container, container_clear)

static gboolean
set_damaged (GError    **error,
             const char *path,
             const char *problem)
{
  g_autofree char *name = g_path_get_basename (path);

  g_set_error (error, MRG_OCR_ERROR, MRG_OCR_ERROR_FAILED,
               _("The OCR model “%s” could not be read: %s"), name, problem);
  return FALSE;
}

static gboolean
container_load (Container  *container,
                const char *path,
                GError    **error)
{
  g_autoptr(GMappedFile) file = NULL;
  const guint8 *data;
  gsize len;
  guint32 count;

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return FALSE;
  container->bytes = g_mapped_file_get_bytes (file);
  data = g_bytes_get_data (container->bytes, &len);

  if (len < sizeof count)
    return set_damaged (error, path, _("it is not a tesseract model"));
  memcpy (&count, data, sizeof count);
  count = GUINT32_FROM_LE (count);
  if (count == 0 || count > MAX_COMPONENTS || len < sizeof count + count * sizeof (gint64))
    return set_damaged (error, path, _("it is not a tesseract model"));

  container->n_components = count;
  container->offsets = g_new (gint64, count);
  for (guint i = 0; i < count; i++)
    {
      gint64 offset;

      memcpy (&offset, data + sizeof count + i * sizeof offset, sizeof offset);
      offset = GINT64_FROM_LE (offset);
      if (offset >= (gint64) len || offset < -1)
        return set_damaged (error, path, _("its table of contents points outside the file"));
      container->offsets[i] = offset;
    }
  return TRUE;
}

/* The component `type`, or NULL when the model has none. */
static GBytes *
container_get (Container *container,
               guint      type)
{
  gsize len = g_bytes_get_size (container->bytes);
  gint64 start, end;

  if (type >= container->n_components || container->offsets[type] < 0)
    return NULL;
  start = container->offsets[type];
  end = len;
  for (guint next = type + 1; next < container->n_components; next++)
    if (container->offsets[next] >= 0)
      {
        end = container->offsets[next];
        break;
      }
  if (end < start)
    return NULL;
  return g_bytes_new_from_bytes (container->bytes, start, end - start);
}

/* Writes the container with component `type` replaced by `replacement`. */
static gboolean
container_save (Container  *container,
                guint       type,
                GBytes     *replacement,
                const char *path,
                GError    **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint32 count = GUINT32_TO_LE (container->n_components);
  gint64 offset = sizeof count + container->n_components * sizeof (gint64);

  g_byte_array_append (out, (const guint8 *) &count, sizeof count);
  for (guint i = 0; i < container->n_components; i++)
    {
      g_autoptr(GBytes) component = i == type ? g_bytes_ref (replacement)
                                              : container_get (container, i);
      gint64 le = GINT64_TO_LE (component != NULL ? offset : -1);

      g_byte_array_append (out, (const guint8 *) &le, sizeof le);
      if (component != NULL)
        offset += g_bytes_get_size (component);
    }
  for (guint i = 0; i < container->n_components; i++)
    {
      g_autoptr(GBytes) component = i == type ? g_bytes_ref (replacement)
                                              : container_get (container, i);
      if (component != NULL)
        g_byte_array_append (out, g_bytes_get_data (component, NULL),
                             g_bytes_get_size (component));
    }
  return g_file_set_contents (path, (const char *) out->data, out->len, error);
}

/* Reading one serialized network while writing its float twin. `problem` says where reading
 * stopped. */
typedef struct
{
  const guint8 *data;
  gsize len;
  gsize pos;
  GByteArray *out;
  gboolean saw_int;
  const char *problem;
} Net;

static gboolean
net_take (Net           *net,
          gsize          count,
          const guint8 **bytes)
{
  if (count > net->len - net->pos)
    {
      net->problem = _("it ends inside its LSTM network");
      return FALSE;
    }
  *bytes = net->data + net->pos;
  net->pos += count;
  return TRUE;
}

static gboolean
net_copy (Net  *net,
          gsize count)
{
  const guint8 *bytes;

  if (!net_take (net, count, &bytes))
    return FALSE;
  g_byte_array_append (net->out, bytes, count);
  return TRUE;
}

static gboolean
net_copy_u8 (Net    *net,
             guint8 *value)
{
  const guint8 *bytes;

  if (!net_take (net, 1, &bytes))
    return FALSE;
  *value = bytes[0];
  g_byte_array_append (net->out, bytes, 1);
  return TRUE;
}

static gboolean
net_read_u32 (Net     *net,
              guint32 *value)
{
  const guint8 *bytes;

  if (!net_take (net, sizeof *value, &bytes))
    return FALSE;
  memcpy (value, bytes, sizeof *value);
  *value = GUINT32_FROM_LE (*value);
  return TRUE;
}

static void
net_write_u32 (Net    *net,
               guint32 value)
{
  value = GUINT32_TO_LE (value);
  g_byte_array_append (net->out, (const guint8 *) &value, sizeof value);
}

static gboolean
net_copy_u32 (Net     *net,
              guint32 *value)
{
  if (!net_read_u32 (net, value))
    return FALSE;
  net_write_u32 (net, *value);
  return TRUE;
}

static double
net_read_f64_at (const guint8 *bytes)
{
  guint64 bits;
  double value;

  memcpy (&bits, bytes, sizeof bits);
  bits = GUINT64_FROM_LE (bits);
  memcpy (&value, &bits, sizeof value);
  return value;
}

static void
net_write_f64 (Net   *net,
               double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  bits = GUINT64_TO_LE (bits);
  g_byte_array_append (net->out, (const guint8 *) &bits, sizeof bits);
}

/* A length-prefixed string (std::string / STRING serialization), copied. */
static gboolean
net_copy_string (Net   *net,
                 char **value)
{
  guint32 len;
  const guint8 *bytes;

  if (!net_copy_u32 (net, &len) || !net_take (net, len, &bytes))
    return FALSE;
  g_byte_array_append (net->out, bytes, len);
  if (value != NULL)
    *value = g_strndup ((const char *) bytes, len);
  return TRUE;
}

static gboolean
net_read_dims (Net     *net,
               guint32 *dim1,
               guint32 *dim2)
{
  if (!net_read_u32 (net, dim1) || !net_read_u32 (net, dim2))
    return FALSE;
  if (*dim1 > MATRIX_MAX_SIDE || *dim2 > MATRIX_MAX_SIDE)
    {
      net->problem = _("a weight matrix is damaged");
      return FALSE;
    }
  return TRUE;
}

/* A GENERIC_2D_ARRAY<double>: dims, the "empty" value, the values. */
static gboolean
net_copy_double_array (Net *net)
{
  guint32 dim1, dim2;

  if (!net_read_dims (net, &dim1, &dim2))
    return FALSE;
  net_write_u32 (net, dim1);
  net_write_u32 (net, dim2);
  return net_copy (net, sizeof (double) * (1 + (gsize) dim1 * dim2));
}

/* One WeightMatrix. An int8 one becomes doubles: tesseract stores for each output row the scale
 * max|w| / 127 that turns its int8 weights back into the trained values. `training` is whether
 * the layer carries training state (a float matrix then has its updates after it). Sets
 * `*outputs` to the matrix's first dimension. `training_at` is where the layer's training byte
 * was written: an int matrix never has training state, so its float twin is written without. */
static gboolean
net_convert_matrix (Net     *net,
                    gboolean training,
                    gsize    training_at,
                    guint32 *outputs)
{
  guint8 mode;
  guint32 dim1, dim2, n_scales;
  const guint8 *weights, *empty, *scales;

  if (!net_copy_u8 (net, &mode))
    return FALSE;
  if ((mode & MATRIX_DOUBLE) == 0)
    {
      net->problem = _("its network is in the format of tesseract 4.0 alphas, not supported");
      return FALSE;
    }
  if ((mode & MATRIX_INT8) == 0)
    {
      guint32 dims[2] = { 0, 0 };

      /* peek at the first dimension, then copy the arrays whole */
      if (net->len - net->pos >= sizeof dims)
        memcpy (dims, net->data + net->pos, sizeof dims);
      *outputs = GUINT32_FROM_LE (dims[0]);
      if (!net_copy_double_array (net))
        return FALSE;
      if (training && !net_copy_double_array (net))
        return FALSE;
      if (training && (mode & MATRIX_ADAM) != 0 && !net_copy_double_array (net))
        return FALSE;
      return TRUE;
    }

  net->saw_int = TRUE;
  net->out->data[net->out->len - 1] = mode & ~MATRIX_INT8;
  net->out->data[training_at] = 0;
  if (!net_read_dims (net, &dim1, &dim2)
      || !net_take (net, 1, &empty)
      || !net_take (net, (gsize) dim1 * dim2, &weights)
      || !net_read_u32 (net, &n_scales)
      || !net_take (net, (gsize) n_scales * sizeof (double), &scales))
    return FALSE;
  /* tesseract may pad the scales to its SIMD width, never shorten them */
  if (n_scales < dim1)
    {
      net->problem = _("a weight matrix is damaged");
      return FALSE;
    }

  net_write_u32 (net, dim1);
  net_write_u32 (net, dim2);
  net_write_f64 (net, 0.0);
  for (guint32 row = 0; row < dim1; row++)
    {
      double scale = net_read_f64_at (scales + row * sizeof (double));
      const gint8 *line = (const gint8 *) weights + (gsize) row * dim2;

      for (guint32 col = 0; col < dim2; col++)
        net_write_f64 (net, line[col] * scale);
    }
  *outputs = dim1;
  return TRUE;
}

/* NetworkType names, in the order of tesseract's enum: an old model writes the number. */
static const char *const type_names[] = {
  "Invalid", "Input", "Convolve", "Maxpool", "Parallel", "Replicated", "ParBidiLSTM",
  "DepParUDLSTM", "Par2dLSTM", "Series", "Reconfig", "RTLReversed", "TTBReversed",
  "XYTranspose", "LSTM", "SummLSTM", "Logistic", "LinLogistic", "LinTanh", "Tanh", "Relu",
  "Linear", "Softmax", "SoftmaxNoCTC", "LSTMSoftmax", "LSTMBinarySoftmax",
};

static gboolean
name_is_one_of (const char        *name,
                const char *const *names)
{
  for (; *names != NULL; names++)
    if (g_str_equal (name, *names))
      return TRUE;
  return FALSE;
}

static int
ceil_log2 (guint32 n)
{
  int bits = 0;

  while (((guint64) 1 << bits) < n)
    bits++;
  return bits;
}

static gboolean net_convert_layer (Net *net);

/* LSTM gates in the order they are stored: CI, GI, GF1, GO, and GFS for a 2-D LSTM only. The
 * LSTM is 2-D when its input width na is the input, twice the state and the fed-back softmax. */
static gboolean
net_convert_lstm (Net        *net,
                  const char *type,
                  guint32     ni,
                  guint32     no,
                  gboolean    training,
                  gsize       training_at)
{
  guint32 na, ns = 0, nf = 0;
  gboolean softmax = g_str_equal (type, "LSTMSoftmax");
  gboolean binary_softmax = g_str_equal (type, "LSTMBinarySoftmax");

  if (softmax)
    nf = no;
  else if (binary_softmax)
    nf = ceil_log2 (no);

  if (!net_copy_u32 (net, &na))
    return FALSE;
  for (int gate = 0; gate < 5; gate++)
    {
      guint32 outputs;

      if (gate == 4 && (gint64) na - nf != (gint64) ni + 2 * (gint64) ns)
        break;
      if (!net_convert_matrix (net, training, training_at, &outputs))
        return FALSE;
      if (gate == 0)
        ns = outputs;
    }
  if (softmax || binary_softmax)
    return net_convert_layer (net);
  return TRUE;
}

/* One layer and, for a Series or Parallel, everything inside it. */
static gboolean
net_convert_layer (Net *net)
{
  static const char *const plumbing[] = {
    "Parallel", "Replicated", "ParBidiLSTM", "DepParUDLSTM", "Par2dLSTM", "Series",
    "RTLReversed", "TTBReversed", "XYTranspose", NULL,
  };
  static const char *const lstm[] = {
    "LSTM", "SummLSTM", "LSTMSoftmax", "LSTMBinarySoftmax", NULL,
  };
  static const char *const fully_connected[] = {
    "Logistic", "LinLogistic", "LinTanh", "Tanh", "Relu", "Linear", "Softmax", "SoftmaxNoCTC",
    NULL,
  };
  static const char *const two_ints[] = { "Convolve", "Maxpool", "Reconfig", NULL };
  g_autofree char *type = NULL;
  guint8 legacy_type, training;
  guint32 flags, ni, no, n_weights;
  gsize training_at;

  if (!net_copy_u8 (net, &legacy_type))
    return FALSE;
  if (legacy_type != 0)
    {
      if (legacy_type >= G_N_ELEMENTS (type_names))
        {
          net->problem = _("its network has a layer of an unknown kind");
          return FALSE;
        }
      type = g_strdup (type_names[legacy_type]);
    }
  else if (!net_copy_string (net, &type))
    return FALSE;

  training_at = net->out->len;
  if (!net_copy_u8 (net, &training)
      || !net_copy (net, 1) /* needs_to_backprop */
      || !net_copy_u32 (net, &flags)
      || !net_copy_u32 (net, &ni)
      || !net_copy_u32 (net, &no)
      || !net_copy_u32 (net, &n_weights)
      || !net_copy_string (net, NULL))
    return FALSE;

  if (g_str_equal (type, "Input"))
    return net_copy (net, 5 * sizeof (gint32)); /* batch, height, width, depth, loss type */
  if (name_is_one_of (type, two_ints))
    return net_copy (net, 2 * sizeof (gint32)); /* x and y half-width or scale */
  if (name_is_one_of (type, lstm))
    return net_convert_lstm (net, type, ni, no, training == TRAINING_ENABLED, training_at);
  if (name_is_one_of (type, fully_connected))
    {
      guint32 outputs;

      return net_convert_matrix (net, training == TRAINING_ENABLED, training_at, &outputs);
    }
  if (name_is_one_of (type, plumbing))
    {
      guint32 n_layers;

      if (!net_copy_u32 (net, &n_layers))
        return FALSE;
      for (guint32 i = 0; i < n_layers; i++)
        if (!net_convert_layer (net))
          return FALSE;
      if ((flags & NETWORK_LAYER_SPECIFIC_LR) != 0)
        {
          guint32 n_rates;

          if (!net_copy_u32 (net, &n_rates))
            return FALSE;
          return net_copy (net, (gsize) n_rates * sizeof (float));
        }
      return TRUE;
    }
  net->problem = _("its network has a layer of an unknown kind");
  return FALSE;
}

/* Converts the LSTM component. After the network comes the recognizer's trailer: the spec
 * string, the training flags (whose int bit is cleared) and a few numbers, copied. When the
 * character set is not a component of its own the trailer starts with it instead, a layout only
 * very old models have. */
static GBytes *
convert_lstm_component (Container  *container,
                        GBytes     *lstm,
                        gboolean   *was_int,
                        const char *path,
                        GError    **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  Net net = { 0 };
  guint32 flags;

  net.data = g_bytes_get_data (lstm, &net.len);
  net.out = out;

  if (!net_convert_layer (&net))
    {
      set_damaged (error, path, net.problem);
      return NULL;
    }
  if (container->n_components <= MRG_TRAINEDDATA_LSTM_RECODER
      || container->offsets[MRG_TRAINEDDATA_LSTM_UNICHARSET] < 0
      || container->offsets[MRG_TRAINEDDATA_LSTM_RECODER] < 0)
    {
      set_damaged (error, path, _("its character set is inside the network, not supported"));
      return NULL;
    }
  if (!net_copy_string (&net, NULL) || !net_read_u32 (&net, &flags))
    {
      set_damaged (error, path, net.problem);
      return NULL;
    }
  *was_int = net.saw_int || (flags & RECOGNIZER_INT_MODE) != 0;
  net_write_u32 (&net, flags & ~RECOGNIZER_INT_MODE);
  net_copy (&net, net.len - net.pos);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
load_with_lstm (Container  *container,
                GBytes    **lstm,
                const char *path,
                GError    **error)
{
  if (!container_load (container, path, error))
    return FALSE;
  *lstm = container_get (container, MRG_TRAINEDDATA_LSTM);
  if (*lstm == NULL)
    return set_damaged (error, path, _("it has no LSTM network (a legacy-only model)"));
  return TRUE;
}

gboolean
mrg_traineddata_convert_to_float (const char *source,
                                  const char *dest,
                                  GError    **error)
{
  g_auto(Container) container = { 0 };
  g_autoptr(GBytes) lstm = NULL;
  g_autoptr(GBytes) converted = NULL;
  gboolean was_int;

  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!load_with_lstm (&container, &lstm, source, error))
    return FALSE;
  converted = convert_lstm_component (&container, lstm, &was_int, source, error);
  if (converted == NULL)
    return FALSE;
  return container_save (&container, MRG_TRAINEDDATA_LSTM, converted, dest, error);
}

gboolean
mrg_traineddata_is_int (const char *path,
                        gboolean   *is_int,
                        GError    **error)
{
  g_auto(Container) container = { 0 };
  g_autoptr(GBytes) lstm = NULL;
  g_autoptr(GBytes) converted = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (is_int != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!load_with_lstm (&container, &lstm, path, error))
    return FALSE;
  converted = convert_lstm_component (&container, lstm, is_int, path, error);
  return converted != NULL;
}

gboolean
mrg_traineddata_extract (const char *source,
                         guint       type,
                         const char *dest,
                         GError    **error)
{
  g_auto(Container) container = { 0 };
  g_autoptr(GBytes) component = NULL;

  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (dest != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!container_load (&container, source, error))
    return FALSE;
  component = container_get (&container, type);
  if (component == NULL)
    return set_damaged (error, source, _("it lacks the part asked for"));
  return g_file_set_contents (dest, g_bytes_get_data (component, NULL),
                              g_bytes_get_size (component), error);
}

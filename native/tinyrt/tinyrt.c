/*
 * tinyrt: TTM1 validation and int8 dense inference. See tinyrt.h.
 *
 * Arithmetic is TensorFlow Lite's reference int8 fully-connected kernel with gemmlowp's double rounding.
 * Where that C++ relies on undefined or implementation-defined behaviour (int32 overflow in the
 * accumulator, the left shift and the zero-point add; right shifts of negative numbers), this code
 * spells out the two's-complement result portably, so every compiler gives the same bits.
 */
#include "tinyrt.h"

#include <stdio.h>

/* ---- little-endian byte loads (any alignment, any host endianness) ---- */

static uint16_t rd_u16(const uint8_t *p) { return (uint16_t)(p[0] | (p[1] << 8)); }

static uint32_t rd_u32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* uint32 -> int32 modulo 2^32, without implementation-defined conversion. */
static int32_t to_i32(uint32_t u) {
  return u <= (uint32_t)INT32_MAX ? (int32_t)u : (int32_t)(u - 0x80000000u) - INT32_MAX - 1;
}

static int32_t rd_i32(const uint8_t *p) { return to_i32(rd_u32(p)); }

/* ---- CRC-32 (zlib), four bits at a time: a 64-byte table suits a microcontroller ---- */

static const uint32_t crc_nibble[16] = {0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
                                        0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
                                        0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu};

uint32_t ttm_crc32(uint32_t crc, const uint8_t *p, size_t n) {
  crc = ~crc;
  while (n--) {
    crc ^= *p++;
    crc = (crc >> 4) ^ crc_nibble[crc & 15u];
    crc = (crc >> 4) ^ crc_nibble[crc & 15u];
  }
  return ~crc;
}

/* ---- fixed point ---- */

int32_t ttm_srdhm(int32_t a, int32_t b) {
  int64_t ab;
  int64_t nudge;
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  ab = (int64_t)a * (int64_t)b;
  nudge = ab >= 0 ? ((int64_t)1 << 30) : (1 - ((int64_t)1 << 30));
  /* C99 division truncates toward zero, as gemmlowp expects. */
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}

/* floor(x / 2^e) for 0 <= e <= 31, without right-shifting a negative number. */
static int32_t floor_shift(int32_t x, int e) { return x >= 0 ? (x >> e) : ~((~x) >> e); }

int32_t ttm_rounding_divide_by_pot(int32_t x, int exponent) {
  const int32_t mask = (int32_t)(((uint32_t)1 << exponent) - 1u);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return floor_shift(x, exponent) + (remainder > threshold ? 1 : 0);
}

int32_t ttm_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  const int32_t shifted = to_i32((uint32_t)x << left);
  return ttm_rounding_divide_by_pot(ttm_srdhm(shifted, multiplier), right);
}

/* ---- validation ---- */

static int fail(ttm_error *err, const char *field, const char *message) {
  if (err) {
    snprintf(err->field, sizeof err->field, "%s", field);
    snprintf(err->message, sizeof err->message, "%s", message);
  }
  return -1;
}

static int fail_layer(ttm_error *err, unsigned layer, const char *name, const char *message) {
  char field[40];
  snprintf(field, sizeof field, "layers[%u].%s", layer, name);
  return fail(err, field, message);
}

/* An f32 in (0, inf): sign clear, exponent not all ones, not zero. Read from its bits: no floating point. */
static int positive_finite_f32(uint32_t bits) { return (bits >> 31) == 0 && ((bits >> 23) & 0xFFu) != 0xFFu && bits != 0; }

static int in_int8(int32_t v) { return v >= -128 && v <= 127; }

static size_t align4(size_t n) { return (n + 3u) & ~(size_t)3u; }

int ttm_load(const uint8_t *data, size_t len, ttm_model *model, ttm_error *err) {
  char msg[160];
  size_t end;
  size_t at;
  uint32_t prev_out;
  int32_t prev_zero;
  uint32_t stored;
  uint32_t computed;
  unsigned l;

  if (len < TTM_HEADER_BYTES + 4) {
    snprintf(msg, sizeof msg, "the file is %lu bytes, shorter than its 24-byte header and 4-byte checksum", (unsigned long)len);
    return fail(err, "length", msg);
  }
  if (data[0] != 'T' || data[1] != 'T' || data[2] != 'M' || data[3] != '1')
    return fail(err, "magic", "the file does not start with \"TTM1\": it is not a TTM model");
  if (rd_u16(data + 4) != 1) {
    snprintf(msg, sizeof msg, "version %u is not supported (this runtime reads version 1)", (unsigned)rd_u16(data + 4));
    return fail(err, "version", msg);
  }
  end = len - 4;
  stored = rd_u32(data + end);
  computed = ttm_crc32(0, data, end);
  if (stored != computed) {
    snprintf(msg, sizeof msg, "the CRC-32 stored in the file (0x%08lx) does not match its contents (0x%08lx): the file is damaged or incomplete",
             (unsigned long)stored, (unsigned long)computed);
    return fail(err, "checksum", msg);
  }
  model->layer_count = rd_u16(data + 6);
  if (model->layer_count < 1 || model->layer_count > TTM_MAX_LAYERS) {
    snprintf(msg, sizeof msg, "%u layers; a model has 1 to %d", (unsigned)model->layer_count, TTM_MAX_LAYERS);
    return fail(err, "layerCount", msg);
  }
  model->input_size = rd_u32(data + 8);
  if (model->input_size < 1) return fail(err, "inputSize", "must be at least 1");
  model->output_size = rd_u32(data + 12);
  if (model->output_size < 1) return fail(err, "outputSize", "must be at least 1");
  model->input_scale_bits = rd_u32(data + 16);
  if (!positive_finite_f32(model->input_scale_bits)) return fail(err, "inputScale", "is not a positive finite scale");
  model->input_zero_point = rd_i32(data + 20);
  if (!in_int8(model->input_zero_point)) return fail(err, "inputZeroPoint", "is outside the int8 range -128...127");

  at = TTM_HEADER_BYTES;
  prev_out = model->input_size;
  prev_zero = model->input_zero_point;
  for (l = 0; l < model->layer_count; l++) {
    ttm_layer *layer = &model->layers[l];
    const uint8_t *h;
    uint64_t weight_count;
    size_t weights_at;
    size_t pad_at;
    size_t bias_at;
    size_t p;
    if (end - at < TTM_LAYER_HEADER_BYTES) {
      snprintf(msg, sizeof msg, "the file ends inside layer %u's header", l);
      return fail(err, "length", msg);
    }
    h = data + at;
    if (h[0] != 1) return fail_layer(err, l, "kind", "the kind is unknown (1 = dense)");
    if (h[1] > 1) return fail_layer(err, l, "activation", "the activation is unknown (0 = none, 1 = relu)");
    if (rd_u16(h + 2) != 0) return fail_layer(err, l, "reserved", "must be 0");
    layer->relu = h[1];
    layer->in_size = rd_u32(h + 4);
    layer->out_size = rd_u32(h + 8);
    if (layer->in_size != prev_out) {
      snprintf(msg, sizeof msg, "%lu does not match %s %lu", (unsigned long)layer->in_size,
               l == 0 ? "the header's inputSize" : "the previous layer's outSize", (unsigned long)prev_out);
      return fail_layer(err, l, "inSize", msg);
    }
    if (layer->out_size < 1) return fail_layer(err, l, "outSize", "must be at least 1");
    layer->input_zero_point = rd_i32(h + 12);
    if (layer->input_zero_point != prev_zero) {
      snprintf(msg, sizeof msg, "%ld does not match %s %ld", (long)layer->input_zero_point,
               l == 0 ? "the header's inputZeroPoint" : "the previous layer's outputZeroPoint", (long)prev_zero);
      return fail_layer(err, l, "inputZeroPoint", msg);
    }
    layer->output_zero_point = rd_i32(h + 16);
    if (!in_int8(layer->output_zero_point)) return fail_layer(err, l, "outputZeroPoint", "is outside the int8 range -128...127");
    if (!positive_finite_f32(rd_u32(h + 20))) return fail_layer(err, l, "outputScale", "is not a positive finite scale");
    layer->multiplier = rd_i32(h + 24);
    if (layer->multiplier < 0) return fail_layer(err, l, "multiplier", "is negative");
    layer->shift = rd_i32(h + 28);
    if (layer->shift < -31 || layer->shift > 30) return fail_layer(err, l, "shift", "is outside -31...30");
    weights_at = at + TTM_LAYER_HEADER_BYTES;
    weight_count = (uint64_t)layer->in_size * layer->out_size;
    if (weight_count > (uint64_t)(end - weights_at)) {
      snprintf(msg, sizeof msg, "the file ends inside layer %u's weights", l);
      return fail(err, "length", msg);
    }
    pad_at = weights_at + (size_t)weight_count;
    bias_at = align4(pad_at);
    if ((uint64_t)bias_at + 4u * (uint64_t)layer->out_size > (uint64_t)end) {
      snprintf(msg, sizeof msg, "the file ends inside layer %u's bias", l);
      return fail(err, "length", msg);
    }
    for (p = pad_at; p < bias_at; p++)
      if (data[p] != 0) return fail_layer(err, l, "padding", "the bytes between weights and bias must be 0");
    layer->weights = (const int8_t *)(data + weights_at);
    layer->bias = data + bias_at;
    prev_out = layer->out_size;
    prev_zero = layer->output_zero_point;
    at = bias_at + 4u * (size_t)layer->out_size;
  }
  if (prev_out != model->output_size) {
    snprintf(msg, sizeof msg, "%lu does not match the header's outputSize %lu", (unsigned long)prev_out, (unsigned long)model->output_size);
    return fail_layer(err, model->layer_count - 1u, "outSize", msg);
  }
  if (at != end) {
    snprintf(msg, sizeof msg, "%lu unexpected bytes after the last layer", (unsigned long)(end - at));
    return fail(err, "length", msg);
  }
  return 0;
}

/* ---- inference ---- */

uint32_t ttm_arena_bytes(const ttm_model *model) {
  uint32_t need = 0;
  unsigned l;
  for (l = 0; l < model->layer_count; l++) {
    uint32_t n = model->layers[l].in_size + model->layers[l].out_size;
    if (n > need) need = n;
  }
  return need;
}

uint64_t ttm_mac_count(const ttm_model *model) {
  uint64_t macs = 0;
  unsigned l;
  for (l = 0; l < model->layer_count; l++) macs += (uint64_t)model->layers[l].in_size * model->layers[l].out_size;
  return macs;
}

static void dense(const ttm_layer *layer, const int8_t *x, int8_t *y) {
  const int32_t zero_in = layer->input_zero_point;
  const int32_t low = layer->relu && layer->output_zero_point > -128 ? layer->output_zero_point : -128;
  uint32_t o;
  for (o = 0; o < layer->out_size; o++) {
    const int8_t *w = layer->weights + (size_t)o * layer->in_size;
    /* int32 accumulation that wraps modulo 2^32, done in uint32 (signed overflow would be undefined). */
    uint32_t acc = (uint32_t)rd_i32(layer->bias + 4u * o);
    int32_t v;
    uint32_t i;
    for (i = 0; i < layer->in_size; i++) acc += (uint32_t)((int32_t)w[i] * ((int32_t)x[i] - zero_in));
    v = ttm_multiply_by_quantized_multiplier(to_i32(acc), layer->multiplier, (int)layer->shift);
    v = to_i32((uint32_t)v + (uint32_t)layer->output_zero_point);
    if (v < low) v = low;
    if (v > 127) v = 127;
    y[o] = (int8_t)v;
  }
}

int ttm_run(const ttm_model *model, const int8_t *input, int8_t *output, uint8_t *arena, size_t arena_len) {
  const uint32_t need = ttm_arena_bytes(model);
  int8_t *a = (int8_t *)arena;
  const int8_t *cur = a;
  int at_start = 1;
  uint32_t i;
  unsigned l;
  if (arena_len < need) return -1;
  for (i = 0; i < model->input_size; i++) a[i] = input[i];
  /* A layer reads from one end of the arena and writes at the other: need >= in_size + out_size. */
  for (l = 0; l < model->layer_count; l++) {
    int8_t *out = at_start ? a + (need - model->layers[l].out_size) : a;
    dense(&model->layers[l], cur, out);
    cur = out;
    at_start = !at_start;
  }
  for (i = 0; i < model->output_size; i++) output[i] = cur[i];
  return 0;
}

/*
 * tinyrt: a C99 runtime for TTM1 int8 models (see docs/architecture.md, "Devices").
 *
 * No allocation, no floating point, no library calls in the inference path; the model is read in place
 * from the bytes it was delivered in (byte loads, so any alignment and any endianness work). Usable on
 * a Cortex-M as on the host. The TypeScript interpreter in src-main/devices agrees bit for bit.
 */
#ifndef TINYRT_H
#define TINYRT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TTM_MAX_LAYERS 64
#define TTM_HEADER_BYTES 24
#define TTM_LAYER_HEADER_BYTES 32

typedef struct {
  uint8_t relu;
  uint32_t in_size;
  uint32_t out_size;
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t multiplier;
  int32_t shift;
  const int8_t *weights; /* out_size x in_size, row-major */
  const uint8_t *bias;   /* out_size little-endian int32 */
} ttm_layer;

typedef struct {
  uint32_t input_size;
  uint32_t output_size;
  int32_t input_zero_point;
  uint32_t input_scale_bits; /* the f32 scale's bits: the host quantises inputs with it */
  uint16_t layer_count;
  ttm_layer layers[TTM_MAX_LAYERS];
} ttm_model;

/* Why a file was refused: the field at fault ("checksum", "layers[2].inSize", ...) and a sentence. */
typedef struct {
  char field[40];
  char message[160];
} ttm_error;

/* CRC-32, zlib polynomial: ttm_crc32(0, p, n) equals zlib's crc32(0, p, n); pass a result back to continue. */
uint32_t ttm_crc32(uint32_t crc, const uint8_t *p, size_t n);

/* Validates `len` bytes as a TTM1 file and fills `model` with pointers into them. 0 on success; on
 * failure -1, with `err` (if not NULL) naming the field. The bytes must outlive the model. */
int ttm_load(const uint8_t *data, size_t len, ttm_model *model, ttm_error *err);

/* Activation memory one inference needs: the largest in_size + out_size of any layer. */
uint32_t ttm_arena_bytes(const ttm_model *model);

/* Multiply-accumulates of one inference. */
uint64_t ttm_mac_count(const ttm_model *model);

/* Runs one inference: input_size int8 values in, output_size out. `arena` must hold at least
 * ttm_arena_bytes(model) bytes. Returns 0, or -1 when the arena is too small. */
int ttm_run(const ttm_model *model, const int8_t *input, int8_t *output, uint8_t *arena, size_t arena_len);

/* The fixed-point primitives, exposed for the shared test vectors. */
int32_t ttm_srdhm(int32_t a, int32_t b);
int32_t ttm_rounding_divide_by_pot(int32_t x, int exponent);
int32_t ttm_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift);

#ifdef __cplusplus
}
#endif

#endif

/*
 * ttm-run <model.ttm> <input.bin>: validates a TTM1 model, runs it on one input (raw int8 bytes) and
 * prints the int8 outputs space-separated on one line.
 * Exit codes: 0 success, 1 invalid model ("invalid model: <field>: <why>" on stderr), 2 usage or a file
 * that cannot be read, 3 an input of the wrong size.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../tinyrt.h"

static uint8_t *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  uint8_t *buf = NULL;
  size_t cap = 0;
  size_t n = 0;
  if (!f) return NULL;
  for (;;) {
    size_t got;
    if (n == cap) {
      uint8_t *grown;
      cap = cap ? cap * 2 : 4096;
      grown = (uint8_t *)realloc(buf, cap);
      if (!grown) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = grown;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    free(buf);
    fclose(f);
    return NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  static ttm_model model;
  ttm_error err;
  uint8_t *bytes;
  uint8_t *input;
  uint8_t *arena;
  int8_t *output;
  size_t len;
  size_t input_len;
  uint32_t i;

  if (argc != 3) {
    fprintf(stderr, "usage: ttm-run <model.ttm> <input.bin>\n");
    return 2;
  }
  bytes = read_file(argv[1], &len);
  if (!bytes) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  if (ttm_load(bytes, len, &model, &err) != 0) {
    fprintf(stderr, "invalid model: %s: %s\n", err.field, err.message);
    free(bytes);
    return 1;
  }
  input = read_file(argv[2], &input_len);
  if (!input) {
    fprintf(stderr, "cannot read %s\n", argv[2]);
    free(bytes);
    return 2;
  }
  if (input_len != model.input_size) {
    fprintf(stderr, "input: the model takes %lu int8 values, %s holds %lu bytes\n", (unsigned long)model.input_size, argv[2],
            (unsigned long)input_len);
    free(input);
    free(bytes);
    return 3;
  }
  arena = (uint8_t *)malloc(ttm_arena_bytes(&model));
  output = (int8_t *)malloc(model.output_size);
  if (!arena || !output || ttm_run(&model, (const int8_t *)input, output, arena, ttm_arena_bytes(&model)) != 0) {
    fprintf(stderr, "out of memory\n");
    return 2;
  }
  for (i = 0; i < model.output_size; i++) printf(i ? " %d" : "%d", (int)output[i]);
  printf("\n");
  free(output);
  free(arena);
  free(input);
  free(bytes);
  return 0;
}

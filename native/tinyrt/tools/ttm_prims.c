/*
 * ttm-prims: the runtime's fixed-point primitives on stdin, one per line, for the shared test vectors:
 *   srdhm <a> <b> | rdbpot <x> <exponent> | mbqm <x> <multiplier> <shift> | crc <hex bytes>
 * Prints one result per line (crc in decimal).
 */
#include <stdio.h>
#include <string.h>

#include "../tinyrt.h"

int main(void) {
  char line[8192];
  while (fgets(line, sizeof line, stdin)) {
    long a;
    long b;
    long c;
    if (sscanf(line, "srdhm %ld %ld", &a, &b) == 2) {
      printf("%ld\n", (long)ttm_srdhm((int32_t)a, (int32_t)b));
    } else if (sscanf(line, "rdbpot %ld %ld", &a, &b) == 2) {
      printf("%ld\n", (long)ttm_rounding_divide_by_pot((int32_t)a, (int)b));
    } else if (sscanf(line, "mbqm %ld %ld %ld", &a, &b, &c) == 3) {
      printf("%ld\n", (long)ttm_multiply_by_quantized_multiplier((int32_t)a, (int32_t)b, (int)c));
    } else if (strncmp(line, "crc ", 4) == 0) {
      uint8_t bytes[4096];
      size_t n = 0;
      const char *p = line + 4;
      unsigned v;
      while (n < sizeof bytes && sscanf(p, "%2x", &v) == 1) {
        bytes[n++] = (uint8_t)v;
        p += 2;
      }
      printf("%lu\n", (unsigned long)ttm_crc32(0, bytes, n));
    } else {
      fprintf(stderr, "ttm-prims: cannot read: %s", line);
      return 2;
    }
  }
  return 0;
}

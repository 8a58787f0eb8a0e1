/*
 * The mlsys agent: the board side of the deploy protocol, version 1, in C (see docs/architecture.md,
 * "Devices"). It frames, checks and answers HELLO, BEGIN, CHUNK, END, INFER and STATUS, keeps an
 * unfinished transfer so a deploy can resume, and runs the active model with tinyrt.
 *
 * No allocation: the caller provides the model buffer and the activation arena, and a function that
 * writes bytes to the host. The Arduino sketch (mlsys-agent.ino) and the POSIX shim (host/) both drive it
 * with agent_feed() and nothing else.
 */
#ifndef MLSYS_AGENT_H
#define MLSYS_AGENT_H

#include <stddef.h>
#include <stdint.h>

#include "tinyrt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest CHUNK payload; also bounds an INFER input (AGENT_MAX_CHUNK + 4 bytes) and a RESULT output. */
#ifndef AGENT_MAX_CHUNK
#define AGENT_MAX_CHUNK 1024
#endif

#define AGENT_MAX_FRAME (7 + 4 + AGENT_MAX_CHUNK)
#define AGENT_MAX_ENCODED (AGENT_MAX_FRAME + AGENT_MAX_FRAME / 254 + 2)
/* Model names up to 64 bytes (the app's limit) are kept whole. */
#define AGENT_NAME_BYTES 72

typedef struct {
  const char *board;    /* board profile id, e.g. "xiao-esp32s3" */
  const char *firmware; /* e.g. "mlsys-agent 1.0.0" */
  uint8_t *model_buffer;
  uint32_t model_capacity; /* reported as flashBytes: the largest model this agent takes */
  uint8_t *arena;
  uint32_t arena_bytes; /* reported as ramBytes: the activation memory a model may use */
  uint32_t (*micros)(void);
  void (*write)(const uint8_t *bytes, size_t n, void *context);
  void *context;
} agent_config;

typedef struct {
  agent_config config;
  uint8_t rx[AGENT_MAX_ENCODED];
  size_t rx_len;
  int rx_overflow;
  uint8_t frame[AGENT_MAX_FRAME];
  uint8_t reply[AGENT_MAX_FRAME];
  uint8_t wire[AGENT_MAX_ENCODED];
  int8_t output[AGENT_MAX_CHUNK];
  /* the transfer in progress, if any */
  int transferring;
  uint32_t total;
  uint32_t crc;
  uint32_t received;
  char name[AGENT_NAME_BYTES];
  /* the active model, if any (it lives in model_buffer) */
  int active;
  uint32_t active_total;
  ttm_model model;
} agent_t;

void agent_init(agent_t *agent, const agent_config *config);

/* Feeds bytes received from the host; replies go out through config->write. */
void agent_feed(agent_t *agent, const uint8_t *bytes, size_t n);

#ifdef __cplusplus
}
#endif

#endif

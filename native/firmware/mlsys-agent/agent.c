/*
 * The mlsys agent: deploy protocol version 1, board side. Same rules as src-main/devices/board.ts:
 *   BEGIN with the total and CRC of an unfinished transfer resumes it (ACK = bytes already received);
 *   any other BEGIN starts over (the active model is dropped: it shares the buffer). A CHUNK at the
 *   expected offset is stored; one that lies within what is stored is acknowledged again; any other
 *   offset gets NAK 2. END activates the model when every byte arrived, the CRC matches and tinyrt
 *   validates it (NAK 4 otherwise); a repeated END after success is acknowledged again.
 *   A frame that fails COBS, its CRC, or is shorter than 7 bytes gets NAK 1 with seq 0xFFFF.
 */
#include "agent.h"

#include <stdio.h>
#include <string.h>

enum {
  MSG_HELLO = 0x01,
  MSG_BEGIN = 0x02,
  MSG_CHUNK = 0x03,
  MSG_END = 0x04,
  MSG_INFER = 0x05,
  MSG_STATUS = 0x06,
  MSG_INFO = 0x81,
  MSG_ACK = 0x82,
  MSG_NAK = 0x83,
  MSG_RESULT = 0x84,
  MSG_STATUS_REPLY = 0x85
};

enum { NAK_BAD_FRAME = 1, NAK_BAD_OFFSET = 2, NAK_TOO_LARGE = 3, NAK_BAD_MODEL = 4, NAK_NO_MODEL = 5, NAK_UNKNOWN_TYPE = 6, NAK_BAD_INPUT = 7 };

#define UNKNOWN_SEQ 0xFFFFu

static uint32_t rd_u32(const uint8_t *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void wr_u32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

void agent_init(agent_t *agent, const agent_config *config) {
  memset(agent, 0, sizeof *agent);
  agent->config = *config;
}

/* ---- replies ---- */

static size_t cobs_encode(const uint8_t *in, size_t n, uint8_t *out) {
  size_t code_at = 0;
  size_t o = 1;
  uint8_t code = 1;
  size_t i;
  int open = 1;
  for (i = 0; i < n; i++) {
    if (in[i] == 0) {
      out[code_at] = code;
      code_at = o++;
      code = 1;
      continue;
    }
    out[o++] = in[i];
    code++;
    if (code == 0xFF) {
      out[code_at] = code;
      code = 1;
      if (i + 1 < n) {
        code_at = o++;
      } else {
        open = 0;
      }
    }
  }
  if (open) out[code_at] = code;
  return o;
}

/* Sends reply[0 .. 3 + body_len) (type and seq already written), adding the CRC, COBS and the delimiter. */
static void send_reply(agent_t *agent, uint8_t type, uint16_t seq, size_t body_len) {
  size_t n = 3 + body_len;
  size_t encoded;
  agent->reply[0] = type;
  agent->reply[1] = (uint8_t)seq;
  agent->reply[2] = (uint8_t)(seq >> 8);
  wr_u32(agent->reply + n, ttm_crc32(0, agent->reply, n));
  encoded = cobs_encode(agent->reply, n + 4, agent->wire);
  agent->wire[encoded] = 0;
  agent->config.write(agent->wire, encoded + 1, agent->config.context);
}

static void send_ack(agent_t *agent, uint16_t seq, uint32_t value) {
  wr_u32(agent->reply + 3, value);
  send_reply(agent, MSG_ACK, seq, 4);
}

static void send_nak(agent_t *agent, uint16_t seq, uint8_t code, uint32_t expected, const char *reason) {
  size_t len = strlen(reason);
  if (len > AGENT_MAX_FRAME - 7 - 5) len = AGENT_MAX_FRAME - 7 - 5;
  agent->reply[3] = code;
  wr_u32(agent->reply + 4, expected);
  memcpy(agent->reply + 8, reason, len);
  send_reply(agent, MSG_NAK, seq, 5 + len);
}

/* Appends text to the reply body at *at; JSON-escapes it when `escape` is set. Stops at the buffer's end. */
static void put(agent_t *agent, size_t *at, const char *text, size_t len, int escape) {
  const size_t limit = AGENT_MAX_FRAME - 4;
  size_t i;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    char esc[8];
    size_t k;
    size_t m = 1;
    esc[0] = (char)c;
    if (escape && (c == '"' || c == '\\')) {
      esc[0] = '\\';
      esc[1] = (char)c;
      m = 2;
    } else if (escape && c < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
      m = 6;
    }
    if (*at + m > limit) return;
    for (k = 0; k < m; k++) agent->reply[(*at)++] = (uint8_t)esc[k];
  }
}

static void puts_raw(agent_t *agent, size_t *at, const char *text) { put(agent, at, text, strlen(text), 0); }

static void send_info(agent_t *agent, uint16_t seq) {
  char numbers[96];
  size_t at = 3;
  puts_raw(agent, &at, "{\"protocol\":1,\"board\":\"");
  put(agent, &at, agent->config.board, strlen(agent->config.board), 1);
  puts_raw(agent, &at, "\",\"firmware\":\"");
  put(agent, &at, agent->config.firmware, strlen(agent->config.firmware), 1);
  snprintf(numbers, sizeof numbers, "\",\"maxChunk\":%lu,\"ramBytes\":%lu,\"flashBytes\":%lu}", (unsigned long)AGENT_MAX_CHUNK,
           (unsigned long)agent->config.arena_bytes, (unsigned long)agent->config.model_capacity);
  puts_raw(agent, &at, numbers);
  send_reply(agent, MSG_INFO, seq, at - 3);
}

static void send_status(agent_t *agent, uint16_t seq) {
  char numbers[96];
  size_t at = 3;
  uint32_t received = agent->transferring ? agent->received : agent->active ? agent->active_total : 0;
  uint32_t total = agent->transferring ? agent->total : agent->active ? agent->active_total : 0;
  if (agent->transferring || agent->active) {
    puts_raw(agent, &at, "{\"model\":\"");
    put(agent, &at, agent->name, strlen(agent->name), 1);
    puts_raw(agent, &at, "\"");
  } else {
    puts_raw(agent, &at, "{\"model\":null");
  }
  snprintf(numbers, sizeof numbers, ",\"received\":%lu,\"total\":%lu,\"active\":%s}", (unsigned long)received, (unsigned long)total,
           agent->active && !agent->transferring ? "true" : "false");
  puts_raw(agent, &at, numbers);
  send_reply(agent, MSG_STATUS_REPLY, seq, at - 3);
}

/* ---- requests ---- */

static void on_begin(agent_t *agent, uint16_t seq, const uint8_t *body, size_t len) {
  char reason[96];
  uint32_t total;
  uint32_t crc;
  size_t name_len;
  if (len < 8) {
    send_nak(agent, seq, NAK_BAD_FRAME, 0, "a BEGIN body is u32 total, u32 crc, then the name");
    return;
  }
  total = rd_u32(body);
  crc = rd_u32(body + 4);
  if (agent->transferring && agent->total == total && agent->crc == crc) {
    send_ack(agent, seq, agent->received);
    return;
  }
  if (total > agent->config.model_capacity) {
    snprintf(reason, sizeof reason, "the model is %lu bytes; this board holds at most %lu", (unsigned long)total,
             (unsigned long)agent->config.model_capacity);
    send_nak(agent, seq, NAK_TOO_LARGE, 0, reason);
    return;
  }
  agent->active = 0;
  agent->transferring = 1;
  agent->total = total;
  agent->crc = crc;
  agent->received = 0;
  name_len = len - 8 < AGENT_NAME_BYTES - 1 ? len - 8 : AGENT_NAME_BYTES - 1;
  memcpy(agent->name, body + 8, name_len);
  agent->name[name_len] = 0;
  send_ack(agent, seq, 0);
}

static void on_chunk(agent_t *agent, uint16_t seq, const uint8_t *body, size_t len) {
  char reason[96];
  uint32_t offset;
  uint32_t n;
  uint64_t end;
  if (len < 4) {
    send_nak(agent, seq, NAK_BAD_FRAME, 0, "a CHUNK body is u32 offset, then the bytes");
    return;
  }
  if (!agent->transferring) {
    send_nak(agent, seq, NAK_BAD_OFFSET, 0, "no transfer in progress: send BEGIN first");
    return;
  }
  offset = rd_u32(body);
  n = (uint32_t)(len - 4);
  if (n > AGENT_MAX_CHUNK) {
    snprintf(reason, sizeof reason, "a chunk holds at most %lu bytes", (unsigned long)AGENT_MAX_CHUNK);
    send_nak(agent, seq, NAK_TOO_LARGE, agent->received, reason);
    return;
  }
  end = (uint64_t)offset + n;
  if (end > agent->total) {
    snprintf(reason, sizeof reason, "the chunk ends at %llu, past the model's %lu bytes", (unsigned long long)end, (unsigned long)agent->total);
    send_nak(agent, seq, NAK_BAD_OFFSET, agent->received, reason);
    return;
  }
  if (offset == agent->received) {
    memcpy(agent->config.model_buffer + offset, body + 4, n);
    agent->received = (uint32_t)end;
  } else if (end > agent->received) {
    snprintf(reason, sizeof reason, "expected offset %lu, got %lu", (unsigned long)agent->received, (unsigned long)offset);
    send_nak(agent, seq, NAK_BAD_OFFSET, agent->received, reason);
    return;
  }
  send_ack(agent, seq, agent->received);
}

static void on_end(agent_t *agent, uint16_t seq) {
  char reason[sizeof(ttm_error) + 4];
  ttm_error err;
  uint32_t crc;
  if (!agent->transferring) {
    if (agent->active)
      send_ack(agent, seq, agent->active_total);
    else
      send_nak(agent, seq, NAK_BAD_MODEL, 0, "no transfer in progress: send BEGIN first");
    return;
  }
  if (agent->received < agent->total) {
    snprintf(reason, sizeof reason, "only %lu of %lu bytes arrived", (unsigned long)agent->received, (unsigned long)agent->total);
    send_nak(agent, seq, NAK_BAD_MODEL, agent->received, reason);
    return;
  }
  crc = ttm_crc32(0, agent->config.model_buffer, agent->total);
  agent->transferring = 0;
  if (crc != agent->crc) {
    snprintf(reason, sizeof reason, "the received bytes have CRC-32 0x%08lx, BEGIN announced 0x%08lx", (unsigned long)crc, (unsigned long)agent->crc);
    send_nak(agent, seq, NAK_BAD_MODEL, 0, reason);
    return;
  }
  if (ttm_load(agent->config.model_buffer, agent->total, &agent->model, &err) != 0) {
    snprintf(reason, sizeof reason, "%s: %s", err.field, err.message);
    send_nak(agent, seq, NAK_BAD_MODEL, 0, reason);
    return;
  }
  if (ttm_arena_bytes(&agent->model) > agent->config.arena_bytes) {
    snprintf(reason, sizeof reason, "the model needs %lu bytes of activation memory; this agent has %lu",
             (unsigned long)ttm_arena_bytes(&agent->model), (unsigned long)agent->config.arena_bytes);
    send_nak(agent, seq, NAK_TOO_LARGE, 0, reason);
    return;
  }
  if (agent->model.input_size > AGENT_MAX_CHUNK + 4 || agent->model.output_size > AGENT_MAX_CHUNK) {
    snprintf(reason, sizeof reason, "inputs and outputs must fit one frame (at most %lu inputs and %lu outputs)",
             (unsigned long)(AGENT_MAX_CHUNK + 4), (unsigned long)AGENT_MAX_CHUNK);
    send_nak(agent, seq, NAK_TOO_LARGE, 0, reason);
    return;
  }
  agent->active = 1;
  agent->active_total = agent->total;
  send_ack(agent, seq, agent->total);
}

static void on_infer(agent_t *agent, uint16_t seq, const uint8_t *body, size_t len) {
  char reason[96];
  uint32_t started;
  uint32_t micros;
  if (!agent->active) {
    send_nak(agent, seq, NAK_NO_MODEL, 0, "no model is active: deploy one first");
    return;
  }
  if (len != agent->model.input_size) {
    snprintf(reason, sizeof reason, "the model takes %lu int8 inputs, got %lu", (unsigned long)agent->model.input_size, (unsigned long)len);
    send_nak(agent, seq, NAK_BAD_INPUT, 0, reason);
    return;
  }
  started = agent->config.micros();
  ttm_run(&agent->model, (const int8_t *)body, agent->output, agent->config.arena, agent->config.arena_bytes);
  micros = agent->config.micros() - started;
  wr_u32(agent->reply + 3, micros);
  memcpy(agent->reply + 7, agent->output, agent->model.output_size);
  send_reply(agent, MSG_RESULT, seq, 4 + agent->model.output_size);
}

static void on_frame(agent_t *agent, size_t len) {
  const uint8_t *f = agent->frame;
  uint16_t seq;
  size_t body_len;
  char reason[48];
  if (len < 7) {
    send_nak(agent, UNKNOWN_SEQ, NAK_BAD_FRAME, 0, "the frame is shorter than 7 bytes");
    return;
  }
  if (rd_u32(f + len - 4) != ttm_crc32(0, f, len - 4)) {
    send_nak(agent, UNKNOWN_SEQ, NAK_BAD_FRAME, 0, "the frame failed its CRC check");
    return;
  }
  seq = (uint16_t)(f[1] | (f[2] << 8));
  body_len = len - 7;
  switch (f[0]) {
    case MSG_HELLO:
      send_info(agent, seq);
      break;
    case MSG_STATUS:
      send_status(agent, seq);
      break;
    case MSG_BEGIN:
      on_begin(agent, seq, f + 3, body_len);
      break;
    case MSG_CHUNK:
      on_chunk(agent, seq, f + 3, body_len);
      break;
    case MSG_END:
      on_end(agent, seq);
      break;
    case MSG_INFER:
      on_infer(agent, seq, f + 3, body_len);
      break;
    default:
      snprintf(reason, sizeof reason, "unknown message type 0x%02x", (unsigned)f[0]);
      send_nak(agent, seq, NAK_UNKNOWN_TYPE, 0, reason);
  }
}

/* Decodes the COBS bytes in rx into frame; returns the length, or -1 when invalid or too long. */
static long cobs_decode(agent_t *agent) {
  size_t i = 0;
  size_t o = 0;
  while (i < agent->rx_len) {
    uint8_t code = agent->rx[i++];
    uint8_t k;
    for (k = 1; k < code; k++) {
      if (i >= agent->rx_len || o >= AGENT_MAX_FRAME) return -1;
      agent->frame[o++] = agent->rx[i++];
    }
    if (code != 0xFF && i < agent->rx_len) {
      if (o >= AGENT_MAX_FRAME) return -1;
      agent->frame[o++] = 0;
    }
  }
  return (long)o;
}

void agent_feed(agent_t *agent, const uint8_t *bytes, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    const uint8_t b = bytes[i];
    long len;
    if (b != 0) {
      if (agent->rx_len < sizeof agent->rx)
        agent->rx[agent->rx_len++] = b;
      else
        agent->rx_overflow = 1;
      continue;
    }
    if (agent->rx_overflow) {
      send_nak(agent, UNKNOWN_SEQ, NAK_BAD_FRAME, 0, "the frame is longer than this board accepts");
    } else if (agent->rx_len > 0) {
      len = cobs_decode(agent);
      if (len < 0)
        send_nak(agent, UNKNOWN_SEQ, NAK_BAD_FRAME, 0, "the frame is not valid COBS");
      else
        on_frame(agent, (size_t)len);
    }
    agent->rx_len = 0;
    agent->rx_overflow = 0;
  }
}

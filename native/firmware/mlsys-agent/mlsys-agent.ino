// mlsys-agent: lets MLSys Workstation deploy TTM1 int8 models to this board over USB serial and run them.
// It speaks the deploy protocol (version 1) and nothing else on Serial: print from a different sketch.
// Flashing steps: README.md in this folder. The protocol logic is agent.c, shared with the host build.
#include <Arduino.h>
#include <tinyrt.h>

#include "agent.h"

// Per-board figures: the largest model the agent takes (reported as flashBytes) and the activation
// arena (reported as ramBytes). The model lives in RAM: deploy again after a reset.
#if defined(ARDUINO_XIAO_ESP32S3)
#define MLSYS_BOARD_ID "xiao-esp32s3"
#define MLSYS_MODEL_CAPACITY (128u * 1024u)
#define MLSYS_ARENA_BYTES (32u * 1024u)
#elif defined(ARDUINO_ARDUINO_NANO33BLE)
#define MLSYS_BOARD_ID "nano33ble"
#define MLSYS_MODEL_CAPACITY (96u * 1024u)
#define MLSYS_ARENA_BYTES (16u * 1024u)
#elif defined(ARDUINO_NICLA_VISION)
#define MLSYS_BOARD_ID "nicla-vision"
#define MLSYS_MODEL_CAPACITY (256u * 1024u)
#define MLSYS_ARENA_BYTES (64u * 1024u)
#else
#define MLSYS_BOARD_ID "arduino"
#define MLSYS_MODEL_CAPACITY (32u * 1024u)
#define MLSYS_ARENA_BYTES (4u * 1024u)
#endif

#define MLSYS_BAUD 115200

static uint8_t model_buffer[MLSYS_MODEL_CAPACITY] __attribute__((aligned(4)));
static uint8_t arena[MLSYS_ARENA_BYTES] __attribute__((aligned(4)));
static agent_t agent;

static uint32_t board_micros(void) { return (uint32_t)micros(); }

static void serial_write(const uint8_t *bytes, size_t n, void *context) {
  (void)context;
  Serial.write(bytes, n);
}

void setup() {
  Serial.begin(MLSYS_BAUD);
  agent_config config;
  config.board = MLSYS_BOARD_ID;
  config.firmware = "mlsys-agent 1.0.0";
  config.model_buffer = model_buffer;
  config.model_capacity = MLSYS_MODEL_CAPACITY;
  config.arena = arena;
  config.arena_bytes = MLSYS_ARENA_BYTES;
  config.micros = board_micros;
  config.write = serial_write;
  config.context = nullptr;
  agent_init(&agent, &config);
}

void loop() {
  uint8_t buf[64];
  int available = Serial.available();
  if (available <= 0) return;
  size_t n = Serial.readBytes(buf, available < (int)sizeof buf ? (size_t)available : sizeof buf);
  agent_feed(&agent, buf, n);
}

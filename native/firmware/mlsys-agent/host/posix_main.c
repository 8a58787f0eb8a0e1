/*
 * The agent on a computer: a POSIX serial shim around agent.c, so tests deploy to the real C code over a
 * pseudo-terminal (socat) exactly as the app deploys to a board.
 *
 *   mlsys-agent-host <serial device> [--board <id>] [--capacity <bytes>] [--arena <bytes>]
 *
 * Prints "ready" on stderr once the device is open; exits 0 when the other end closes.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../agent.h"

#define MAX_CAPACITY (16u * 1024u * 1024u)

static int fd = -1;

static uint32_t host_micros(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint32_t)((uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u);
}

static void host_write(const uint8_t *bytes, size_t n, void *context) {
  (void)context;
  while (n > 0) {
    ssize_t w = write(fd, bytes, n);
    if (w < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return;
    }
    bytes += w;
    n -= (size_t)w;
  }
}

static int raw_mode(int serial) {
  struct termios t;
  if (tcgetattr(serial, &t) != 0) return -1;
  t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF);
  t.c_oflag &= ~(tcflag_t)OPOST;
  t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
  t.c_cflag |= CS8 | CLOCAL | CREAD;
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  cfsetispeed(&t, B115200);
  cfsetospeed(&t, B115200);
  return tcsetattr(serial, TCSANOW, &t);
}

static unsigned long number(const char *flag, const char *value, unsigned long max) {
  char *end;
  unsigned long v;
  if (!value) {
    fprintf(stderr, "%s needs a value\n", flag);
    exit(2);
  }
  v = strtoul(value, &end, 10);
  if (*end || v == 0 || v > max) {
    fprintf(stderr, "%s must be a whole number from 1 to %lu\n", flag, max);
    exit(2);
  }
  return v;
}

int main(int argc, char **argv) {
  static agent_t agent;
  agent_config config;
  const char *board = "host-agent";
  unsigned long capacity = 256u * 1024u;
  unsigned long arena_bytes = 64u * 1024u;
  uint8_t buf[4096];
  int i;

  if (argc < 2) {
    fprintf(stderr, "usage: mlsys-agent-host <serial device> [--board <id>] [--capacity <bytes>] [--arena <bytes>]\n");
    return 2;
  }
  for (i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--board") == 0 && i + 1 < argc)
      board = argv[++i];
    else if (strcmp(argv[i], "--capacity") == 0)
      capacity = number("--capacity", argv[++i], MAX_CAPACITY);
    else if (strcmp(argv[i], "--arena") == 0)
      arena_bytes = number("--arena", argv[++i], MAX_CAPACITY);
    else {
      fprintf(stderr, "unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  fd = open(argv[1], O_RDWR | O_NOCTTY);
  if (fd < 0) {
    fprintf(stderr, "cannot open %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  if (raw_mode(fd) != 0) {
    fprintf(stderr, "cannot set %s to raw mode: %s\n", argv[1], strerror(errno));
    return 1;
  }
  config.board = board;
  config.firmware = "mlsys-agent 1.0.0 (posix)";
  config.model_buffer = (uint8_t *)malloc(capacity);
  config.model_capacity = (uint32_t)capacity;
  config.arena = (uint8_t *)malloc(arena_bytes);
  config.arena_bytes = (uint32_t)arena_bytes;
  config.micros = host_micros;
  config.write = host_write;
  config.context = NULL;
  if (!config.model_buffer || !config.arena) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  agent_init(&agent, &config);
  fprintf(stderr, "ready\n");
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
      agent_feed(&agent, buf, (size_t)n);
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
      fprintf(stderr, "the serial device closed\n");
      return 0;
    }
  }
}

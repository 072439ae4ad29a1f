/*
 * The system-call floor of a PBKDF2 iteration on AF_ALG: one keyed hmac(...) operation
 * socket, then per iteration one send() of the previous digest and one read() of the new
 * one, XOR-accumulated. Exactly the calls native/pbkdf2.cc makes.
 *
 * Usage: pbkdf2-loop ALGORITHM ITERATIONS   (prints "<nanoseconds> <hex result>")
 * Password "password", seed "salt" || [1]32: the result equals PBKDF2 block 1.
 */
#include <errno.h>
#include <linux/if_alg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

static void die(const char *what) {
  fprintf(stderr, "pbkdf2-loop: %s: %s\n", what, strerror(errno));
  exit(1);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s ALGORITHM ITERATIONS\n", argv[0]);
    return 2;
  }
  unsigned long iterations = strtoul(argv[2], NULL, 10);
  struct sockaddr_alg sa = {.salg_family = AF_ALG, .salg_type = "hash"};
  strncpy((char *)sa.salg_name, argv[1], sizeof(sa.salg_name) - 1);

  int tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
  if (tfm < 0) die("socket");
  if (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0) die("bind");
  if (setsockopt(tfm, SOL_ALG, ALG_SET_KEY, "password", 8) < 0) die("setsockopt");
  int op = accept(tfm, NULL, 0);
  if (op < 0) die("accept");

  const uint8_t seed[] = {'s', 'a', 'l', 't', 0, 0, 0, 1};
  uint8_t u[64], sum[64] = {0};
  const uint8_t *input = seed;
  size_t input_length = sizeof(seed);
  ssize_t h = 0;

  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (unsigned long j = 0; j < iterations; j++) {
    if (send(op, input, input_length, 0) < 0) die("send");
    h = read(op, u, sizeof(u));
    if (h <= 0) die("read");
    for (ssize_t k = 0; k < h; k++) sum[k] ^= u[k];
    input = u;
    input_length = (size_t)h;
  }
  clock_gettime(CLOCK_MONOTONIC, &end);

  long long ns = (end.tv_sec - start.tv_sec) * 1000000000LL + (end.tv_nsec - start.tv_nsec);
  printf("%lld ", ns);
  for (ssize_t k = 0; k < h; k++) printf("%02x", sum[k]);
  printf("\n");
  close(op);
  close(tfm);
  return 0;
}

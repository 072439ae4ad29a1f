/*
 * Minimal C program making the system calls of one kcapi AIO batch (docs/reference-cli.md §6): one sendmsg
 * with the operation, the IV and all inputs, one IOCB_CMD_PREAD per request (eventfd
 * attached), one io_submit, io_getevents until all complete. scripts/bench-modes.mjs
 * compiles it at bench time and compares its batches per second with the addon's.
 *
 *   bench-modes-aio ALG KEYHEX IVHEX REQUEST_BYTES REQUESTS_PER_BATCH SECONDS [INPUTHEX]
 *
 * Prints one JSON line: batches, elapsed ns, requests in flight when io_submit returned,
 * failed requests. With INPUTHEX (one request's input, repeated), runs one batch and also
 * prints each request's result and the output hex.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/aio_abi.h>
#include <linux/if_alg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef SOL_ALG
#define SOL_ALG 279
#endif

static long io_setup(unsigned nr, aio_context_t *ctx) { return syscall(SYS_io_setup, nr, ctx); }
static long io_submit(aio_context_t ctx, long nr, struct iocb **iocbs) { return syscall(SYS_io_submit, ctx, nr, iocbs); }
static long io_getevents(aio_context_t ctx, long min, long nr, struct io_event *ev, struct timespec *t) {
  return syscall(SYS_io_getevents, ctx, min, nr, ev, t);
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static size_t unhex(const char *text, uint8_t *out, size_t max) {
  size_t n = strlen(text) / 2;
  if (n > max) n = max;
  for (size_t i = 0; i < n; i++) sscanf(text + 2 * i, "%2hhx", &out[i]);
  return n;
}

static void die(const char *what) {
  printf("{\"error\":\"%s\",\"errno\":%d,\"code\":\"%s\"}\n", what, errno, strerrorname_np(errno));
  exit(1);
}

int main(int argc, char **argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: %s ALG KEYHEX IVHEX REQUEST_BYTES REQUESTS_PER_BATCH SECONDS [print]\n", argv[0]);
    return 2;
  }
  uint8_t key[64], iv[32];
  size_t keylen = unhex(argv[2], key, sizeof key), ivlen = unhex(argv[3], iv, sizeof iv);
  size_t reqlen = strtoul(argv[4], NULL, 10);
  int n = atoi(argv[5]);
  double seconds = atof(argv[6]);
  int print = argc > 7;
  if (n < 1 || n > 64 || reqlen == 0) return 2;

  int tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
  if (tfm < 0) die("socket");
  struct sockaddr_alg sa = {.salg_family = AF_ALG};
  strcpy((char *)sa.salg_type, "skcipher");
  strncpy((char *)sa.salg_name, argv[1], sizeof sa.salg_name - 1);
  if (bind(tfm, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind");
  if (setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, keylen) < 0) die("setsockopt");
  int op = accept(tfm, NULL, 0);
  if (op < 0) die("accept");
  int efd = eventfd(0, EFD_CLOEXEC);
  aio_context_t ctx = 0;
  if (io_setup(64, &ctx) < 0) die("io_setup");

  uint8_t *in = calloc(n, reqlen), *out = calloc(n, reqlen);
  for (size_t i = 0; i < n * reqlen; i++) in[i] = (uint8_t)(i * 7 + 1);
  for (int i = 0; print && i < n; i++) unhex(argv[7], in + i * reqlen, reqlen);
  long results[64];
  char cbuf[CMSG_SPACE(sizeof(uint32_t)) + CMSG_SPACE(sizeof(struct af_alg_iv) + 32)];
  struct iocb cbs[64], *cbp[64];
  struct io_event events[64];

  uint64_t batches = 0, inflight = 0, errors = 0, start = now_ns(), deadline = start + (uint64_t)(seconds * 1e9);
  do {
    memset(cbuf, 0, sizeof cbuf);
    struct iovec iov = {.iov_base = in, .iov_len = n * reqlen};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_ALG;
    c->cmsg_type = ALG_SET_OP;
    c->cmsg_len = CMSG_LEN(sizeof(uint32_t));
    *(uint32_t *)CMSG_DATA(c) = ALG_OP_ENCRYPT;
    c = CMSG_NXTHDR(&msg, c);
    c->cmsg_level = SOL_ALG;
    c->cmsg_type = ALG_SET_IV;
    c->cmsg_len = CMSG_LEN(sizeof(struct af_alg_iv) + ivlen);
    struct af_alg_iv *alg_iv = (struct af_alg_iv *)CMSG_DATA(c);
    alg_iv->ivlen = ivlen;
    memcpy(alg_iv->iv, iv, ivlen);
    msg.msg_controllen = CMSG_SPACE(sizeof(uint32_t)) + CMSG_SPACE(sizeof(struct af_alg_iv) + ivlen);
    if (sendmsg(op, &msg, 0) != (ssize_t)(n * reqlen)) die("sendmsg");

    for (int i = 0; i < n; i++) {
      memset(&cbs[i], 0, sizeof cbs[i]);
      cbs[i].aio_fildes = op;
      cbs[i].aio_lio_opcode = IOCB_CMD_PREAD;
      cbs[i].aio_buf = (uint64_t)(uintptr_t)(out + i * reqlen);
      cbs[i].aio_nbytes = reqlen;
      cbs[i].aio_flags = IOCB_FLAG_RESFD;
      cbs[i].aio_resfd = efd;
      cbs[i].aio_data = i;
      cbp[i] = &cbs[i];
    }
    if (io_submit(ctx, n, cbp) != n) die("io_submit");
    struct timespec zero = {0, 0};
    long done = io_getevents(ctx, 0, n, events, &zero);
    if (done < 0) die("io_getevents");
    inflight += n - done;
    for (long i = 0; i < done; i++) errors += events[i].res < 0, results[events[i].data] = events[i].res;
    while (done < n) {
      long got = io_getevents(ctx, n - done, n - done, events, NULL);
      if (got < 0) die("io_getevents");
      for (long i = 0; i < got; i++) errors += events[i].res < 0, results[events[i].data] = events[i].res;
      done += got;
    }
    uint64_t counter;
    if (read(efd, &counter, sizeof counter) < 0) die("read");
    batches++;
    if (print) {
      printf("{\"inFlightAtSubmit\":%llu,\"results\":[", (unsigned long long)inflight);
      for (int i = 0; i < n; i++) printf("%s%ld", i ? "," : "", results[i]);
      printf("],\"output\":\"");
      for (size_t i = 0; i < n * reqlen; i++) printf("%02x", out[i]);
      printf("\"}\n");
      return 0;
    }
  } while (now_ns() < deadline);
  printf("{\"batches\":%llu,\"elapsedNs\":%llu,\"inFlightAtSubmit\":%llu,\"errors\":%llu}\n",
         (unsigned long long)batches, (unsigned long long)(now_ns() - start),
         (unsigned long long)inflight, (unsigned long long)errors);
  return 0;
}

/*
 * The system-call floor of kcapi's one-shot skcipher loop (-x 1 -d N): one cbc(aes) operation
 * socket, then per operation one sendmsg (ALG_SET_OP + ALG_SET_IV control messages, the data)
 * and one read of the result. Data larger than PIECE goes in PIECE-sized sendmsg calls with
 * MSG_MORE, each followed by the read of its output: the calls src/kernel's Skcipher makes.
 *
 * Usage: skcipher-loop LENGTH COUNT   (prints "<nanoseconds per operation> <hex of the last output's first 16 bytes>")
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
#define PIECE (64 * 1024)

static void die(const char *what) {
  fprintf(stderr, "skcipher-loop: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void send_piece(int op, const uint8_t *data, size_t length, const uint8_t *iv, int more) {
  char control[CMSG_SPACE(sizeof(uint32_t)) + CMSG_SPACE(sizeof(struct af_alg_iv) + 16)] = {0};
  struct iovec io = {.iov_base = (void *)data, .iov_len = length};
  struct msghdr msg = {.msg_iov = &io, .msg_iovlen = 1};
  if (iv) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_ALG;
    c->cmsg_type = ALG_SET_OP;
    c->cmsg_len = CMSG_LEN(sizeof(uint32_t));
    *(uint32_t *)CMSG_DATA(c) = ALG_OP_ENCRYPT;
    c = CMSG_NXTHDR(&msg, c);
    c->cmsg_level = SOL_ALG;
    c->cmsg_type = ALG_SET_IV;
    c->cmsg_len = CMSG_LEN(sizeof(struct af_alg_iv) + 16);
    struct af_alg_iv *alg_iv = (struct af_alg_iv *)CMSG_DATA(c);
    alg_iv->ivlen = 16;
    memcpy(alg_iv->iv, iv, 16);
  }
  if (sendmsg(op, &msg, more ? MSG_MORE : 0) != (ssize_t)length) die("sendmsg");
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s LENGTH COUNT\n", argv[0]);
    return 2;
  }
  size_t length = strtoul(argv[1], NULL, 10);
  unsigned long count = strtoul(argv[2], NULL, 10);
  struct sockaddr_alg sa = {.salg_family = AF_ALG, .salg_type = "skcipher", .salg_name = "cbc(aes)"};
  const uint8_t key[32] = {1, 2, 3}, iv[16] = {4, 5, 6};
  uint8_t *in = calloc(1, length + 1), *out = malloc(length + 1);

  int tfm = socket(AF_ALG, SOCK_SEQPACKET, 0);
  if (tfm < 0) die("socket");
  if (bind(tfm, (struct sockaddr *)&sa, sizeof(sa)) < 0) die("bind");
  if (setsockopt(tfm, SOL_ALG, ALG_SET_KEY, key, sizeof(key)) < 0) die("setsockopt");
  int op = accept(tfm, NULL, 0);
  if (op < 0) die("accept");

  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (unsigned long n = 0; n < count; n++) {
    size_t piece = length <= PIECE ? length : PIECE;
    for (size_t offset = 0; offset < length; offset += piece) {
      size_t this_piece = length - offset < piece ? length - offset : piece;
      send_piece(op, in + offset, this_piece, offset == 0 ? iv : NULL, offset + this_piece < length);
      if (read(op, out + offset, this_piece) != (ssize_t)this_piece) die("read");
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  double ns = (end.tv_sec - start.tv_sec) * 1e9 + (end.tv_nsec - start.tv_nsec);
  printf("%.0f ", ns / count);
  for (int i = 0; i < 16 && (size_t)i < length; i++) printf("%02x", out[i]);
  printf("\n");
  return 0;
}

#pragma once
// Thin wrappers over the AF_ALG system calls. No policy: each returns the kernel's result,
// or -errno on failure, and retries only on EINTR before anything was transferred.
// They touch no JS state, so both the synchronous methods and the async workers use them.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace kcapi {

constexpr int kAfAlg = 38;
constexpr int kSolAlg = 279;

int AlgSocket();
int AlgBind(int fd, const std::string& type, const std::string& name, uint32_t feat, uint32_t mask);
int AlgSetKey(int fd, const uint8_t* key, size_t length);
int AlgSetAuthSize(int fd, unsigned int tagLength);
int AlgAccept(int fd);

// One sendmsg: optional data plus control messages ALG_SET_OP (op >= 0), ALG_SET_IV
// (iv != nullptr), ALG_SET_AEAD_ASSOCLEN (assocLen >= 0), MSG_MORE when more is set.
struct SendRequest {
  const uint8_t* data = nullptr;
  size_t length = 0;
  int op = -1;
  const uint8_t* iv = nullptr;
  size_t ivLength = 0;
  int64_t assocLen = -1;
  bool more = false;
};
ssize_t AlgSend(int fd, const SendRequest& request);

// The pipe that carries vmsplice'd user pages to the socket. Created on first use.
struct SplicePipe {
  int readEnd = -1;
  int writeEnd = -1;
  size_t capacity = 0;
  int Open();  // 0 or -errno
  void Close();
  bool IsOpen() const { return readEnd >= 0; }
};

// Control messages through sendmsg without data (when there are any, or when no data follows),
// then the data in pipe-sized chunks: vmsplice into the pipe, splice into the socket with
// SPLICE_F_MORE while more data follows or request.more is set. On failure the pipe may hold
// stale data: the caller closes it.
ssize_t AlgSendSpliced(int fd, SplicePipe& pipe, const SendRequest& request);

// One read(2).
ssize_t AlgRead(int fd, uint8_t* buffer, size_t length);

int GetSocketIntOption(int fd, int level, int name, int* value);
int SetSocketIntOption(int fd, int level, int name, int value);

void CloseDescriptor(int fd);

}  // namespace kcapi

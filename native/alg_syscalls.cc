#include "alg_syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_alg.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace kcapi {

namespace {

constexpr size_t kAlgNameFieldSize = sizeof(sockaddr_alg::salg_name);

template <typename Call>
auto RetryOnInterrupt(Call call) -> decltype(call()) {
  decltype(call()) result;
  do {
    result = call();
  } while (result < 0 && errno == EINTR);
  return result < 0 ? -errno : result;
}

// Control messages for one request, built on the stack unless an unusually long IV needs more.
class ControlMessages {
 public:
  explicit ControlMessages(const SendRequest& request) {
    size_t size = 0;
    if (request.op >= 0) size += CMSG_SPACE(sizeof(uint32_t));
    if (request.iv != nullptr) size += CMSG_SPACE(sizeof(af_alg_iv) + request.ivLength);
    if (request.assocLen >= 0) size += CMSG_SPACE(sizeof(uint32_t));
    size_ = size;
    if (size == 0) return;
    if (size > sizeof(inline_)) {
      heap_.resize(size);
      buffer_ = heap_.data();
    }
    std::memset(buffer_, 0, size);

    msghdr header{};
    header.msg_control = buffer_;
    header.msg_controllen = size;
    cmsghdr* message = CMSG_FIRSTHDR(&header);
    if (request.op >= 0) {
      message = Put(message, ALG_SET_OP, sizeof(uint32_t));
      uint32_t op = static_cast<uint32_t>(request.op);
      std::memcpy(CMSG_DATA(message), &op, sizeof(op));
      message = CMSG_NXTHDR(&header, message);
    }
    if (request.iv != nullptr) {
      message = Put(message, ALG_SET_IV, sizeof(af_alg_iv) + request.ivLength);
      uint32_t ivLength = static_cast<uint32_t>(request.ivLength);
      std::memcpy(CMSG_DATA(message), &ivLength, sizeof(ivLength));
      if (request.ivLength > 0) std::memcpy(CMSG_DATA(message) + sizeof(af_alg_iv), request.iv, request.ivLength);
      message = CMSG_NXTHDR(&header, message);
    }
    if (request.assocLen >= 0) {
      message = Put(message, ALG_SET_AEAD_ASSOCLEN, sizeof(uint32_t));
      uint32_t assocLen = static_cast<uint32_t>(request.assocLen);
      std::memcpy(CMSG_DATA(message), &assocLen, sizeof(assocLen));
    }
  }

  void* data() { return size_ ? buffer_ : nullptr; }
  size_t size() const { return size_; }

 private:
  static cmsghdr* Put(cmsghdr* message, int type, size_t length) {
    message->cmsg_level = kSolAlg;
    message->cmsg_type = type;
    message->cmsg_len = CMSG_LEN(length);
    return message;
  }

  alignas(cmsghdr) unsigned char inline_[256];
  unsigned char* buffer_ = inline_;
  std::vector<unsigned char> heap_;
  size_t size_ = 0;
};

ssize_t SendMessage(int fd, const uint8_t* data, size_t length, ControlMessages& control, bool more) {
  iovec io{const_cast<uint8_t*>(data), length};
  msghdr header{};
  if (data != nullptr) {
    header.msg_iov = &io;
    header.msg_iovlen = 1;
  }
  header.msg_control = control.data();
  header.msg_controllen = control.size();
  const int flags = more ? MSG_MORE : 0;
  return RetryOnInterrupt([&] { return sendmsg(fd, &header, flags); });
}

}  // namespace

int AlgSocket() {
  return RetryOnInterrupt([] { return socket(kAfAlg, SOCK_SEQPACKET | SOCK_CLOEXEC, 0); });
}

int AlgBind(int fd, const std::string& type, const std::string& name, uint32_t feat, uint32_t mask) {
  if (type.size() >= sizeof(sockaddr_alg::salg_type)) return -ENAMETOOLONG;
  // Names of 64 bytes and more need the variable-length form (Linux 4.12+).
  const size_t nameField = std::max(kAlgNameFieldSize, name.size() + 1);
  std::vector<unsigned char> storage(offsetof(sockaddr_alg_new, salg_name) + nameField, 0);
  auto* address = reinterpret_cast<sockaddr_alg_new*>(storage.data());
  address->salg_family = kAfAlg;
  std::memcpy(address->salg_type, type.data(), type.size());
  address->salg_feat = feat;
  address->salg_mask = mask;
  std::memcpy(address->salg_name, name.data(), name.size());
  return RetryOnInterrupt(
      [&] { return bind(fd, reinterpret_cast<sockaddr*>(storage.data()), static_cast<socklen_t>(storage.size())); });
}

int AlgSetKey(int fd, const uint8_t* key, size_t length) {
  return RetryOnInterrupt(
      [&] { return setsockopt(fd, kSolAlg, ALG_SET_KEY, key, static_cast<socklen_t>(length)); });
}

int AlgSetAuthSize(int fd, unsigned int tagLength) {
  return RetryOnInterrupt([&] { return setsockopt(fd, kSolAlg, ALG_SET_AEAD_AUTHSIZE, nullptr, tagLength); });
}

int AlgAccept(int fd) {
  return RetryOnInterrupt([&] { return accept4(fd, nullptr, nullptr, SOCK_CLOEXEC); });
}

ssize_t AlgSend(int fd, const SendRequest& request) {
  ControlMessages control(request);
  return SendMessage(fd, request.data, request.length, control, request.more);
}

int SplicePipe::Open() {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) < 0) return -errno;
  readEnd = ends[0];
  writeEnd = ends[1];
  const int size = fcntl(readEnd, F_GETPIPE_SZ);
  capacity = size > 0 ? static_cast<size_t>(size) : 65536;
  return 0;
}

void SplicePipe::Close() {
  CloseDescriptor(readEnd);
  CloseDescriptor(writeEnd);
  readEnd = writeEnd = -1;
}

ssize_t AlgSendSpliced(int fd, SplicePipe& pipe, const SendRequest& request) {
  ControlMessages control(request);
  const bool dataFollows = request.length > 0;
  if (control.size() > 0 || !dataFollows) {
    const ssize_t result = SendMessage(fd, nullptr, 0, control, dataFollows || request.more);
    if (result < 0 || !dataFollows) return result;
  }
  static const size_t pageSize = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  size_t sent = 0;
  while (sent < request.length) {
    // The pipe holds `capacity / pageSize` pages, and vmsplice fills one slot per page the range
    // touches: end the range where it would need more slots, or vmsplice would wait forever.
    const uintptr_t address = reinterpret_cast<uintptr_t>(request.data) + sent;
    const size_t chunk = std::min(request.length - sent, pipe.capacity - address % pageSize);
    iovec io{reinterpret_cast<void*>(address), chunk};
    const ssize_t queued = RetryOnInterrupt([&] { return vmsplice(pipe.writeEnd, &io, 1, 0); });
    if (queued < 0) return queued;
    size_t inPipe = static_cast<size_t>(queued);
    const unsigned int flags = (sent + inPipe < request.length || request.more) ? SPLICE_F_MORE : 0;
    while (inPipe > 0) {
      const ssize_t moved = RetryOnInterrupt([&] { return splice(pipe.readEnd, nullptr, fd, nullptr, inPipe, flags); });
      if (moved < 0) return moved;
      if (moved == 0) return -EPIPE;
      inPipe -= static_cast<size_t>(moved);
      sent += static_cast<size_t>(moved);
    }
  }
  return static_cast<ssize_t>(sent);
}

ssize_t AlgRead(int fd, uint8_t* buffer, size_t length) {
  return RetryOnInterrupt([&] { return read(fd, buffer, length); });
}

int GetSocketIntOption(int fd, int level, int name, int* value) {
  socklen_t length = sizeof(*value);
  return getsockopt(fd, level, name, value, &length) < 0 ? -errno : 0;
}

int SetSocketIntOption(int fd, int level, int name, int value) {
  return setsockopt(fd, level, name, &value, sizeof(value)) < 0 ? -errno : 0;
}

void CloseDescriptor(int fd) {
  // close(2) must not be retried on Linux: the descriptor is released even when it reports EINTR.
  if (fd >= 0) close(fd);
}

}  // namespace kcapi

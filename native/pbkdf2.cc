// PBKDF2's inner loop on one keyed hash operation socket (hmac(...) or cmac(...)):
//   U1 = PRF(seed), Uj = PRF(Uj-1), result = U1 ^ ... ^ Uc.
// It lives in C++ because the loop is pure system calls (one send and one read per
// iteration): crossing into JavaScript per iteration would dominate (see
// scripts/bench-pbkdf2.mjs). No policy here: the caller supplies the socket and checks.

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>

#include "addon_data.h"
#include "arguments.h"
#include "operation_socket.h"
#include "system_error.h"

namespace kcapi {

namespace {

constexpr size_t kMaxDigestLength = 64;

// Wipes through a volatile pointer so that the compiler cannot drop it.
void Wipe(uint8_t* buffer, size_t length) {
  volatile uint8_t* p = buffer;
  while (length-- > 0) *p++ = 0;
}

ssize_t SendAll(int fd, const uint8_t* data, size_t length) {
  ssize_t sent;
  do {
    sent = send(fd, data, length, 0);
  } while (sent < 0 && errno == EINTR);
  return sent;
}

ssize_t ReadOnce(int fd, uint8_t* buffer, size_t length) {
  ssize_t got;
  do {
    got = read(fd, buffer, length);
  } while (got < 0 && errno == EINTR);
  return got;
}

// Returns 0, or -errno with *syscall naming the failed call; -EMSGSIZE for a short digest.
int XorChain(int fd, const uint8_t* seed, size_t seedLength, size_t h, uint64_t iterations, uint8_t* sum,
             const char** syscall) {
  alignas(8) uint8_t u[kMaxDigestLength];
  const uint8_t* input = seed;
  size_t inputLength = seedLength;
  int result = 0;
  std::memset(sum, 0, h);
  for (uint64_t j = 0; j < iterations; j++) {
    if (SendAll(fd, input, inputLength) < 0) {
      result = -errno;
      *syscall = "send";
      break;
    }
    ssize_t got = ReadOnce(fd, u, h);
    if (got < 0) {
      result = -errno;
      *syscall = "read";
      break;
    }
    if (static_cast<size_t>(got) != h) {
      result = -EMSGSIZE;
      *syscall = "read";
      break;
    }
    for (size_t k = 0; k < h; k++) sum[k] ^= u[k];
    input = u;
    inputLength = h;
  }
  Wipe(u, sizeof(u));
  return result;
}

Napi::Value Pbkdf2XorChain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::FunctionReference& operationClass = GetAddonData(env).operationSocket;
  if (!info[0].IsObject() || operationClass.IsEmpty() ||
      !info[0].As<Napi::Object>().InstanceOf(operationClass.Value())) {
    ThrowTypeError(env, "operation must be an OperationSocket");
    return env.Undefined();
  }
  OperationSocket* operation = Napi::ObjectWrap<OperationSocket>::Unwrap(info[0].As<Napi::Object>());
  if (operation->closed()) {
    ThrowSystemError(env, EBADF, "send");
    return env.Undefined();
  }
  int64_t digestLength = 0, iterations = 0;
  ByteView seed;
  if (!GetBytes(env, info[1], "seed", &seed) ||
      !GetInt(env, info[2], "digestLength", 1, kMaxDigestLength, &digestLength) ||
      !GetInt(env, info[3], "iterations", 1, UINT32_MAX, &iterations)) {
    return env.Undefined();
  }
  Napi::Buffer<uint8_t> sum = Napi::Buffer<uint8_t>::New(env, static_cast<size_t>(digestLength));
  const char* syscall = "";
  int result = XorChain(operation->fd(), seed.data, seed.length, static_cast<size_t>(digestLength),
                        static_cast<uint64_t>(iterations), sum.Data(), &syscall);
  if (result < 0) {
    Wipe(sum.Data(), sum.Length());
    ThrowSystemError(env, -result, syscall);
    return env.Undefined();
  }
  return sum;
}

}  // namespace

// pbkdf2XorChain(operationSocket, seed, digestLength, iterations) → Buffer: the XOR of the PRF
// chain on a keyed hash operation socket; throws Node-style system errors.
void InitPbkdf2(Napi::Env env, Napi::Object exports) {
  exports.Set("pbkdf2XorChain", Napi::Function::New(env, Pbkdf2XorChain, "pbkdf2XorChain"));
}

}  // namespace kcapi

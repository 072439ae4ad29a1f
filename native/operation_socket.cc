#include "operation_socket.h"

#include <errno.h>
#include <time.h>

#include "addon_data.h"
#include "arguments.h"
#include "syscall_worker.h"
#include "system_error.h"
#include "transform_socket.h"

namespace kcapi {

namespace {

struct AcceptedSocket {
  int fd;
  TransformSocket* transform;
  napi_value transformObject;
};

}  // namespace

void OperationSocket::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function constructor = DefineClass(
      env, "OperationSocket",
      {
          InstanceMethod<&OperationSocket::Send>("send"),
          InstanceMethod<&OperationSocket::SendAsync>("sendAsync"),
          InstanceMethod<&OperationSocket::SendSpliced>("sendSpliced"),
          InstanceMethod<&OperationSocket::SendSplicedAsync>("sendSplicedAsync"),
          InstanceMethod<&OperationSocket::Read>("read"),
          InstanceMethod<&OperationSocket::ReadAsync>("readAsync"),
          InstanceMethod<&OperationSocket::Repeat>("repeat"),
          InstanceMethod<&OperationSocket::Accept>("accept"),
          InstanceMethod<&OperationSocket::GetSocketOption>("getSocketOption"),
          InstanceMethod<&OperationSocket::SetSocketOption>("setSocketOption"),
          InstanceMethod<&OperationSocket::Close>("close"),
          InstanceAccessor<&OperationSocket::GetFd>("fd"),
          InstanceAccessor<&OperationSocket::GetClosed>("closed"),
      });
  GetAddonData(env).operationSocket = Napi::Persistent(constructor);
  exports.Set("OperationSocket", constructor);
}

Napi::Value OperationSocket::NewInstance(Napi::Env env, int fd, TransformSocket* transform,
                                         Napi::Object transformObject) {
  AcceptedSocket accepted{fd, transform, transformObject};
  Napi::Object instance =
      GetAddonData(env).operationSocket.New({Napi::External<AcceptedSocket>::New(env, &accepted)});
  if (env.IsExceptionPending()) {
    CloseDescriptor(fd);
    return env.Undefined();
  }
  return instance;
}

OperationSocket::OperationSocket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<OperationSocket>(info) {
  if (info.Length() != 1 || !info[0].IsExternal()) {
    ThrowTypeError(info.Env(), "OperationSocket objects are created by accept()");
    closed_ = true;
    return;
  }
  const AcceptedSocket* accepted = info[0].As<Napi::External<AcceptedSocket>>().Data();
  fd_ = accepted->fd;
  transform_ = accepted->transform;
  transformObject_ = Napi::Persistent(Napi::Object(info.Env(), accepted->transformObject));
  transform_->Register(this);
}

OperationSocket::~OperationSocket() {
  // A finalized object has no pending calls (they keep it referenced).
  uses_ = 0;
  CloseSocket();
}

void OperationSocket::EndUse() {
  if (--uses_ == 0 && closed_) ReleaseDescriptor();
}

void OperationSocket::DetachFromTransform() {
  transform_ = nullptr;
  CloseSocket();
}

void OperationSocket::CloseSocket() {
  if (transform_ != nullptr) {
    transform_->Unregister(this);
    transform_ = nullptr;
  }
  closed_ = true;
  if (uses_ == 0) ReleaseDescriptor();
}

void OperationSocket::ReleaseDescriptor() {
  pipe_.Close();
  CloseDescriptor(fd_);
  fd_ = -1;
  transformObject_.Reset();
}

bool OperationSocket::CheckOpen(Napi::Env env, const char* syscall) {
  if (!closed_) return true;
  ThrowSystemError(env, EBADF, syscall);
  return false;
}

// Arguments: (data: Uint8Array | null, op: -1 | 0 | 1, iv: Uint8Array | null, assocLen: -1 | u32, more: boolean)
bool OperationSocket::ParseSend(const Napi::CallbackInfo& info, SendRequest* request) {
  Napi::Env env = info.Env();
  ByteView data;
  ByteView iv;
  int64_t op = -1;
  int64_t assocLen = -1;
  if (!GetOptionalBytes(env, info[0], "data", &data)) return false;
  if (!GetInt(env, info[1], "op", -1, UINT32_MAX, &op)) return false;
  if (!GetOptionalBytes(env, info[2], "iv", &iv)) return false;
  if (!GetInt(env, info[3], "assocLen", -1, UINT32_MAX, &assocLen)) return false;
  request->data = data.present ? (data.data != nullptr ? data.data : reinterpret_cast<const uint8_t*>("")) : nullptr;
  request->length = data.length;
  request->op = static_cast<int>(op);
  request->iv = iv.present ? (iv.data != nullptr ? iv.data : reinterpret_cast<const uint8_t*>("")) : nullptr;
  request->ivLength = iv.length;
  request->assocLen = assocLen;
  request->more = info[4].ToBoolean().Value();
  return true;
}

Napi::Value OperationSocket::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SendRequest request;
  if (!ParseSend(info, &request) || !CheckOpen(env, "sendmsg")) return env.Undefined();
  const ssize_t sent = AlgSend(fd_, request);
  if (sent < 0) {
    ThrowSystemError(env, static_cast<int>(-sent), "sendmsg");
    return env.Undefined();
  }
  return Napi::Number::New(env, static_cast<double>(sent));
}

Napi::Value OperationSocket::SendSpliced(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SendRequest request;
  if (!ParseSend(info, &request) || !CheckOpen(env, "splice")) return env.Undefined();
  if (!pipe_.IsOpen()) {
    const int opened = pipe_.Open();
    if (opened < 0) {
      ThrowSystemError(env, -opened, "pipe");
      return env.Undefined();
    }
  }
  const ssize_t sent = AlgSendSpliced(fd_, pipe_, request);
  if (sent < 0) {
    pipe_.Close();  // it may hold pages that never reached the socket
    ThrowSystemError(env, static_cast<int>(-sent), "splice");
    return env.Undefined();
  }
  return Napi::Number::New(env, static_cast<double>(sent));
}

Napi::Value OperationSocket::QueueSend(const Napi::CallbackInfo& info, bool spliced) {
  Napi::Env env = info.Env();
  SendRequest request;
  const char* syscall = spliced ? "splice" : "sendmsg";
  if (!ParseSend(info, &request) || !CheckOpen(env, syscall)) return env.Undefined();
  // The IV must outlive this call: control messages are built on the worker thread.
  const int fd = fd_;
  SyscallWorker::Work work;
  if (spliced) {
    // A pipe of its own: a concurrent synchronous call may be using this socket's pipe.
    work = [fd, request]() -> ssize_t {
      SplicePipe pipe;
      const int opened = pipe.Open();
      if (opened < 0) return opened;
      const ssize_t sent = AlgSendSpliced(fd, pipe, request);
      pipe.Close();
      return sent;
    };
  } else {
    work = [fd, request]() -> ssize_t { return AlgSend(fd, request); };
  }
  BeginUse();
  auto* worker = new SyscallWorker(env, syscall, std::move(work), [this] { EndUse(); });
  worker->Keep(info.This());
  if (request.data != nullptr) worker->Keep(info[0]);
  if (request.iv != nullptr) worker->Keep(info[2]);
  return worker->Queue();
}

Napi::Value OperationSocket::SendAsync(const Napi::CallbackInfo& info) { return QueueSend(info, false); }

Napi::Value OperationSocket::SendSplicedAsync(const Napi::CallbackInfo& info) { return QueueSend(info, true); }

Napi::Value OperationSocket::Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ByteView target;
  if (!GetBytes(env, info[0], "target", &target) || !CheckOpen(env, "read")) return env.Undefined();
  const ssize_t received = AlgRead(fd_, target.data, target.length);
  if (received < 0) {
    ThrowSystemError(env, static_cast<int>(-received), "read");
    return env.Undefined();
  }
  return Napi::Number::New(env, static_cast<double>(received));
}

namespace {

int64_t MonotonicNanoseconds() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

// Reads exactly `length` bytes (several reads if the kernel returns less); -errno on failure,
// -EIO if the kernel has nothing more to give.
ssize_t ReadExactly(int fd, uint8_t* buffer, size_t length) {
  size_t filled = 0;
  while (filled < length) {
    const ssize_t received = AlgRead(fd, buffer + filled, length - filled);
    if (received < 0) return received;
    if (received == 0) return -EIO;
    filled += static_cast<size_t>(received);
  }
  return static_cast<ssize_t>(filled);
}

}  // namespace

// Arguments: the five of send(), then (target: Uint8Array, loops: u32, spliced: boolean).
// The same request `loops` times, each result read into its slot of target (target.length /
// loops bytes): the CLI's -d loop without a JavaScript round trip per request. Stops at the
// first failure. Returns { completed, nanoseconds, error? }: nanoseconds spent in the
// completed requests' system calls, error a system error for the request that failed.
Napi::Value OperationSocket::Repeat(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SendRequest request;
  ByteView target;
  int64_t loops = 0;
  if (!ParseSend(info, &request) || !GetBytes(env, info[5], "target", &target) || !GetInt(env, info[6], "loops", 1, UINT32_MAX, &loops)) {
    return env.Undefined();
  }
  const bool spliced = info[7].ToBoolean().Value();
  if (target.length % static_cast<size_t>(loops) != 0 || target.length == 0) {
    Napi::RangeError::New(env, "repeat: the target must hold loops results of one nonzero length").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const char* sendCall = spliced ? "splice" : "sendmsg";
  if (!CheckOpen(env, sendCall)) return env.Undefined();
  if (spliced && !pipe_.IsOpen()) {
    const int opened = pipe_.Open();
    if (opened < 0) {
      ThrowSystemError(env, -opened, "pipe");
      return env.Undefined();
    }
  }
  const size_t length = target.length / static_cast<size_t>(loops);
  int64_t nanoseconds = 0;
  int64_t completed = 0;
  int failure = 0;
  const char* failedCall = nullptr;
  for (; completed < loops; ++completed) {
    const int64_t started = MonotonicNanoseconds();
    const ssize_t sent = spliced ? AlgSendSpliced(fd_, pipe_, request) : AlgSend(fd_, request);
    if (sent < 0) {
      if (spliced) pipe_.Close();
      failure = static_cast<int>(-sent);
      failedCall = sendCall;
      break;
    }
    const ssize_t received = ReadExactly(fd_, target.data + static_cast<size_t>(completed) * length, length);
    if (received < 0) {
      failure = static_cast<int>(-received);
      failedCall = "read";
      break;
    }
    nanoseconds += MonotonicNanoseconds() - started;
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("completed", Napi::Number::New(env, static_cast<double>(completed)));
  result.Set("nanoseconds", Napi::Number::New(env, static_cast<double>(nanoseconds)));
  if (failedCall != nullptr) result.Set("error", SystemError(env, failure, failedCall));
  return result;
}

Napi::Value OperationSocket::ReadAsync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ByteView target;
  if (!GetBytes(env, info[0], "target", &target) || !CheckOpen(env, "read")) return env.Undefined();
  const int fd = fd_;
  BeginUse();
  auto* worker = new SyscallWorker(
      env, "read", [fd, target]() -> ssize_t { return AlgRead(fd, target.data, target.length); },
      [this] { EndUse(); });
  worker->Keep(info.This());
  worker->Keep(info[0]);
  return worker->Queue();
}

Napi::Value OperationSocket::Accept(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env, "accept")) return env.Undefined();
  const int fd = AlgAccept(fd_);
  if (fd < 0) {
    ThrowSystemError(env, -fd, "accept");
    return env.Undefined();
  }
  return NewInstance(env, fd, transform_, transformObject_.Value());
}

// Integer SOL_SOCKET-style options (SO_SNDBUF, SO_RCVBUF, ...): (level, name[, value]).
Napi::Value OperationSocket::GetSocketOption(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t level = 0;
  int64_t name = 0;
  if (!GetInt(env, info[0], "level", 0, INT32_MAX, &level) || !GetInt(env, info[1], "name", 0, INT32_MAX, &name) ||
      !CheckOpen(env, "getsockopt"))
    return env.Undefined();
  int value = 0;
  const int result = GetSocketIntOption(fd_, static_cast<int>(level), static_cast<int>(name), &value);
  if (result < 0) {
    ThrowSystemError(env, -result, "getsockopt");
    return env.Undefined();
  }
  return Napi::Number::New(env, value);
}

Napi::Value OperationSocket::SetSocketOption(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t level = 0;
  int64_t name = 0;
  int64_t value = 0;
  if (!GetInt(env, info[0], "level", 0, INT32_MAX, &level) || !GetInt(env, info[1], "name", 0, INT32_MAX, &name) ||
      !GetInt(env, info[2], "value", INT32_MIN, INT32_MAX, &value) || !CheckOpen(env, "setsockopt"))
    return env.Undefined();
  const int result =
      SetSocketIntOption(fd_, static_cast<int>(level), static_cast<int>(name), static_cast<int>(value));
  if (result < 0) ThrowSystemError(env, -result, "setsockopt");
  return env.Undefined();
}

Napi::Value OperationSocket::Close(const Napi::CallbackInfo& info) {
  CloseSocket();
  return info.Env().Undefined();
}

Napi::Value OperationSocket::GetFd(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), closed_ ? -1 : fd_);
}

Napi::Value OperationSocket::GetClosed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), closed_);
}

void InitOperationSocket(Napi::Env env, Napi::Object exports) { OperationSocket::Init(env, exports); }

}  // namespace kcapi

#include "transform_socket.h"

#include <errno.h>

#include <algorithm>

#include "addon_data.h"
#include "alg_syscalls.h"
#include "arguments.h"
#include "operation_socket.h"
#include "system_error.h"

namespace kcapi {

void TransformSocket::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function constructor = DefineClass(
      env, "TransformSocket",
      {
          InstanceMethod<&TransformSocket::Bind>("bind"),
          InstanceMethod<&TransformSocket::SetKey>("setKey"),
          InstanceMethod<&TransformSocket::SetAuthSize>("setAuthSize"),
          InstanceMethod<&TransformSocket::Accept>("accept"),
          InstanceMethod<&TransformSocket::Close>("close"),
          InstanceAccessor<&TransformSocket::GetFd>("fd"),
          InstanceAccessor<&TransformSocket::GetClosed>("closed"),
      });
  GetAddonData(env).transformSocket = Napi::Persistent(constructor);
  exports.Set("TransformSocket", constructor);
}

TransformSocket::TransformSocket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TransformSocket>(info) {
  const int fd = AlgSocket();
  if (fd < 0) {
    ThrowSystemError(info.Env(), -fd, "socket");
    return;
  }
  fd_ = fd;
}

TransformSocket::~TransformSocket() { CloseAll(); }

void TransformSocket::Register(OperationSocket* operation) { operations_.push_back(operation); }

void TransformSocket::Unregister(OperationSocket* operation) {
  auto found = std::find(operations_.begin(), operations_.end(), operation);
  if (found == operations_.end()) return;
  *found = operations_.back();
  operations_.pop_back();
}

void TransformSocket::CloseAll() {
  std::vector<OperationSocket*> operations;
  operations.swap(operations_);
  for (OperationSocket* operation : operations) operation->DetachFromTransform();
  CloseDescriptor(fd_);
  fd_ = -1;
}

Napi::Value TransformSocket::Bind(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string type;
  std::string name;
  int64_t feat = 0;
  int64_t mask = 0;
  if (!GetString(env, info[0], "type", 13, &type) || !GetString(env, info[1], "name", 4096, &name)) return env.Undefined();
  if (info.Length() > 2 && !info[2].IsUndefined() && !GetInt(env, info[2], "feat", 0, UINT32_MAX, &feat)) return env.Undefined();
  if (info.Length() > 3 && !info[3].IsUndefined() && !GetInt(env, info[3], "mask", 0, UINT32_MAX, &mask)) return env.Undefined();
  if (fd_ < 0) {
    ThrowSystemError(env, EBADF, "bind");
    return env.Undefined();
  }
  const int result = AlgBind(fd_, type, name, static_cast<uint32_t>(feat), static_cast<uint32_t>(mask));
  if (result < 0) ThrowSystemError(env, -result, "bind");
  return env.Undefined();
}

Napi::Value TransformSocket::SetKey(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ByteView key;
  if (!GetBytes(env, info[0], "key", &key)) return env.Undefined();
  if (fd_ < 0) {
    ThrowSystemError(env, EBADF, "setsockopt");
    return env.Undefined();
  }
  // The key goes straight from the caller's memory to the kernel: no copy is made here.
  const int result = AlgSetKey(fd_, key.data, key.length);
  if (result < 0) ThrowSystemError(env, -result, "setsockopt");
  return env.Undefined();
}

Napi::Value TransformSocket::SetAuthSize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t tagLength = 0;
  if (!GetInt(env, info[0], "tagLength", 0, UINT32_MAX, &tagLength)) return env.Undefined();
  if (fd_ < 0) {
    ThrowSystemError(env, EBADF, "setsockopt");
    return env.Undefined();
  }
  const int result = AlgSetAuthSize(fd_, static_cast<unsigned int>(tagLength));
  if (result < 0) ThrowSystemError(env, -result, "setsockopt");
  return env.Undefined();
}

Napi::Value TransformSocket::Accept(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (fd_ < 0) {
    ThrowSystemError(env, EBADF, "accept");
    return env.Undefined();
  }
  const int fd = AlgAccept(fd_);
  if (fd < 0) {
    ThrowSystemError(env, -fd, "accept");
    return env.Undefined();
  }
  return OperationSocket::NewInstance(env, fd, this, info.This().As<Napi::Object>());
}

Napi::Value TransformSocket::Close(const Napi::CallbackInfo& info) {
  CloseAll();
  return info.Env().Undefined();
}

Napi::Value TransformSocket::GetFd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), fd_); }

Napi::Value TransformSocket::GetClosed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), fd_ < 0);
}

void InitTransformSocket(Napi::Env env, Napi::Object exports) { TransformSocket::Init(env, exports); }

}  // namespace kcapi

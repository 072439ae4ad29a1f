#pragma once
#include <napi.h>

#include "alg_syscalls.h"

namespace kcapi {

class TransformSocket;

// An accepted AF_ALG socket: one request stream with its own IV, operation and queued data.
class OperationSocket : public Napi::ObjectWrap<OperationSocket> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  // Wraps an accepted descriptor; on failure closes it and leaves an exception pending.
  static Napi::Value NewInstance(Napi::Env env, int fd, TransformSocket* transform, Napi::Object transformObject);

  explicit OperationSocket(const Napi::CallbackInfo& info);
  ~OperationSocket() override;

  int fd() const { return fd_; }
  bool closed() const { return closed_; }

  // Other native components (AIO) that keep using the descriptor after a call returns bracket
  // that use with these: close() while in use only marks the socket closed, and the
  // descriptor is released by the last EndUse(), so it cannot be reused under a pending call.
  void BeginUse() { ++uses_; }
  void EndUse();

  // Called by the owning transform when it closes.
  void DetachFromTransform();

 private:
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value SendAsync(const Napi::CallbackInfo& info);
  Napi::Value SendSpliced(const Napi::CallbackInfo& info);
  Napi::Value SendSplicedAsync(const Napi::CallbackInfo& info);
  Napi::Value Read(const Napi::CallbackInfo& info);
  Napi::Value ReadAsync(const Napi::CallbackInfo& info);
  Napi::Value Repeat(const Napi::CallbackInfo& info);
  Napi::Value Accept(const Napi::CallbackInfo& info);
  Napi::Value GetSocketOption(const Napi::CallbackInfo& info);
  Napi::Value SetSocketOption(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value GetFd(const Napi::CallbackInfo& info);
  Napi::Value GetClosed(const Napi::CallbackInfo& info);

  bool CheckOpen(Napi::Env env, const char* syscall);
  bool ParseSend(const Napi::CallbackInfo& info, SendRequest* request);
  Napi::Value QueueSend(const Napi::CallbackInfo& info, bool spliced);
  void CloseSocket();
  void ReleaseDescriptor();

  int fd_ = -1;
  bool closed_ = false;
  int uses_ = 0;
  SplicePipe pipe_;
  TransformSocket* transform_ = nullptr;
  Napi::ObjectReference transformObject_;  // keeps the transform alive while this socket is
};

}  // namespace kcapi

#pragma once
#include <napi.h>

#include <vector>

namespace kcapi {

class OperationSocket;

// A bound AF_ALG socket: the kernel's transform (tfm). Owns the operation sockets accepted from
// it (directly or through an operation socket's accept) and closes them when it closes.
class TransformSocket : public Napi::ObjectWrap<TransformSocket> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);

  explicit TransformSocket(const Napi::CallbackInfo& info);
  ~TransformSocket() override;

  int fd() const { return fd_; }
  void Register(OperationSocket* operation);
  void Unregister(OperationSocket* operation);

 private:
  Napi::Value Bind(const Napi::CallbackInfo& info);
  Napi::Value SetKey(const Napi::CallbackInfo& info);
  Napi::Value SetAuthSize(const Napi::CallbackInfo& info);
  Napi::Value Accept(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value GetFd(const Napi::CallbackInfo& info);
  Napi::Value GetClosed(const Napi::CallbackInfo& info);

  void CloseAll();

  int fd_ = -1;
  std::vector<OperationSocket*> operations_;
};

}  // namespace kcapi

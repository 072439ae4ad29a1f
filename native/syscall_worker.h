#pragma once
#include <napi.h>
#include <sys/types.h>

#include <functional>
#include <vector>

namespace kcapi {

// Runs one blocking system call on the libuv thread pool and settles a promise: resolved with
// the call's non-negative result, rejected with a system error built on the main thread from
// the errno captured in Execute(). Values passed to Keep() (the socket object, the buffers the
// call reads or writes) stay referenced until the promise settles.
class SyscallWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<ssize_t()>;       // returns the result or -errno
  using Done = std::function<void()>;          // runs on the main thread after the call

  SyscallWorker(Napi::Env env, const char* syscall, Work work, Done done);

  void Keep(Napi::Value value);
  Napi::Promise Queue();

 protected:
  void Execute() override;
  void OnOK() override;
  void OnError(const Napi::Error& error) override;

 private:
  const char* syscall_;
  Work work_;
  Done done_;
  ssize_t result_ = 0;
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::Reference<Napi::Value>> kept_;
};

}  // namespace kcapi

#include "syscall_worker.h"

#include "system_error.h"

namespace kcapi {

SyscallWorker::SyscallWorker(Napi::Env env, const char* syscall, Work work, Done done)
    : Napi::AsyncWorker(env, syscall),
      syscall_(syscall),
      work_(std::move(work)),
      done_(std::move(done)),
      deferred_(Napi::Promise::Deferred::New(env)) {}

void SyscallWorker::Keep(Napi::Value value) { kept_.push_back(Napi::Persistent(value)); }

Napi::Promise SyscallWorker::Queue() {
  Napi::Promise promise = deferred_.Promise();
  Napi::AsyncWorker::Queue();
  return promise;
}

void SyscallWorker::Execute() { result_ = work_(); }

void SyscallWorker::OnOK() {
  if (done_) done_();
  if (result_ < 0) {
    deferred_.Reject(SystemError(Env(), static_cast<int>(-result_), syscall_));
  } else {
    deferred_.Resolve(Napi::Number::New(Env(), static_cast<double>(result_)));
  }
}

// Execute() never calls SetError; this only runs if node-addon-api reports a failure itself.
void SyscallWorker::OnError(const Napi::Error& error) {
  if (done_) done_();
  deferred_.Reject(error.Value());
}

}  // namespace kcapi

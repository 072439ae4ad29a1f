// Linux AIO context (io_setup/io_submit/io_getevents through raw system calls) that reads
// results from AF_ALG operation sockets with IOCB_CMD_PREAD. No policy: batching, retries
// and interpretation of the per-request results live in TypeScript (src/modes).
#pragma once

#include <napi.h>
#include <uv.h>
#include <linux/aio_abi.h>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace kcapi {

class OperationSocket;

// One io_submit's worth of PREAD requests on one file descriptor.
struct AioBatch {
  OperationSocket* socket = nullptr;  // BeginUse() while the kernel may use its descriptor
  std::vector<struct iocb> iocbs;
  std::vector<int64_t> results;       // io_event.res: bytes read, or -errno
  std::vector<uint8_t> inFlightAtSubmit;
  std::vector<uint8_t> completed;
  size_t submitted = 0;
  int submitErrno = 0;                // why the requests after `submitted` were not accepted
  size_t remaining = 0;               // submitted but not yet completed
  double submitNs = 0;                // time spent inside io_submit
  double totalNs = 0;                 // io_submit start to last completion observed
  uint64_t startNs = 0;
};

class AioContext : public Napi::ObjectWrap<AioContext> {
 public:
  static constexpr uint32_t kMaxBatch = 64;

  static void Register(Napi::Env env, Napi::Object exports);
  explicit AioContext(const Napi::CallbackInfo& info);
  ~AioContext() override;

 private:
  struct PendingBatch;
  class ThreadWorker;

  Napi::Value SubmitSync(const Napi::CallbackInfo& info);
  Napi::Value Submit(const Napi::CallbackInfo& info);
  Napi::Value SubmitInThread(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value GetClosed(const Napi::CallbackInfo& info);
  Napi::Value GetCapacity(const Napi::CallbackInfo& info);
  Napi::Value GetPending(const Napi::CallbackInfo& info);

  bool CheckUsable(Napi::Env env);
  std::shared_ptr<AioBatch> PrepareBatch(const Napi::CallbackInfo& info,
                                         std::vector<Napi::Reference<Napi::Value>>* keepAlive);
  void StartPolling();
  void StopPollingIfIdle();
  void OnEventFdReadable();
  void SettleCompleted(Napi::Env env);
  void DrainPendingBlocking();
  void OnThreadBatchDone();
  void Destroy();

  static void PollCallback(uv_poll_t* handle, int status, int events);

  aio_context_t ctx_ = 0;
  int eventFd_ = -1;
  uint32_t capacity_ = kMaxBatch;
  bool closed_ = false;
  bool threadBusy_ = false;           // a batch runs on a worker thread: the context is its own
  bool closeRequested_ = false;       // close() while a worker thread owns the context
  uv_poll_t* poll_ = nullptr;         // freed in its close callback
  bool polling_ = false;
  bool referenced_ = false;           // Ref() held while event-loop batches are pending
  uint64_t nextBatchId_ = 1;
  std::unordered_map<uint64_t, std::unique_ptr<PendingBatch>> pending_;
  std::unique_ptr<Napi::AsyncContext> asyncContext_;
};

}  // namespace kcapi

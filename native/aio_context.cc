#include "aio_context.h"

#include "addon_data.h"
#include "arguments.h"
#include "operation_socket.h"
#include "system_error.h"

#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace kcapi {
namespace {

// Raw system calls: the kernel ABI of <linux/aio_abi.h>, no libaio.
long IoSetup(unsigned nr, aio_context_t* ctx) { return syscall(SYS_io_setup, nr, ctx); }
long IoDestroy(aio_context_t ctx) { return syscall(SYS_io_destroy, ctx); }
long IoSubmit(aio_context_t ctx, long nr, struct iocb** iocbs) {
  return syscall(SYS_io_submit, ctx, nr, iocbs);
}
long IoGetEvents(aio_context_t ctx, long minNr, long nr, struct io_event* events,
                 struct timespec* timeout) {
  return syscall(SYS_io_getevents, ctx, minNr, nr, events, timeout);
}

uint64_t NowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

// aio_data carries the batch id and the request's index within it (a batch has at most 64).
constexpr unsigned kIndexBits = 8;
uint64_t Tag(uint64_t batchId, size_t index) { return (batchId << kIndexBits) | index; }
uint64_t TagBatch(uint64_t tag) { return tag >> kIndexBits; }
size_t TagIndex(uint64_t tag) { return static_cast<size_t>(tag & ((1u << kIndexBits) - 1)); }

// Main thread only: gives the operation socket its descriptor back (a close() meanwhile
// takes effect now).
void ReleaseSocket(AioBatch& batch) {
  if (batch.socket != nullptr) {
    batch.socket->EndUse();
    batch.socket = nullptr;
  }
}

void Complete(AioBatch& batch, size_t index, int64_t res) {
  if (index >= batch.results.size() || batch.completed[index]) return;
  batch.results[index] = res;
  batch.completed[index] = 1;
  batch.remaining--;
  if (batch.remaining == 0) batch.totalNs = static_cast<double>(NowNs() - batch.startNs);
}

// Reaps completion events, handing each to `dispatch(tag, res)`. Returns the number reaped or -errno.
template <typename Dispatch>
long Reap(aio_context_t ctx, long minNr, long maxNr, struct timespec* timeout, Dispatch dispatch) {
  struct io_event events[AioContext::kMaxBatch];
  if (maxNr > static_cast<long>(AioContext::kMaxBatch)) maxNr = AioContext::kMaxBatch;
  if (minNr > maxNr) minNr = maxNr;
  long got;
  do {
    got = IoGetEvents(ctx, minNr, maxNr, events, timeout);
  } while (got < 0 && errno == EINTR);
  if (got < 0) return -errno;
  for (long i = 0; i < got; i++) dispatch(events[i].data, static_cast<int64_t>(events[i].res));
  return got;
}

// Submits every iocb of the batch (io_submit may accept a prefix only; the rest is retried once
// so that the reason for refusing it is known).
void SubmitAll(aio_context_t ctx, AioBatch& batch) {
  const size_t n = batch.iocbs.size();
  std::vector<struct iocb*> pointers(n);
  for (size_t i = 0; i < n; i++) pointers[i] = &batch.iocbs[i];
  batch.startNs = NowNs();
  size_t accepted = 0;
  while (accepted < n) {
    long r = IoSubmit(ctx, static_cast<long>(n - accepted), pointers.data() + accepted);
    if (r < 0) {
      if (errno == EINTR) continue;
      batch.submitErrno = errno;
      break;
    }
    if (r == 0) {
      batch.submitErrno = EAGAIN;
      break;
    }
    accepted += static_cast<size_t>(r);
  }
  batch.submitNs = static_cast<double>(NowNs() - batch.startNs);
  batch.submitted = accepted;
  batch.remaining = accepted;
  for (size_t i = accepted; i < n; i++) {
    batch.results[i] = -batch.submitErrno;
    batch.completed[i] = 1;
  }
}

// Which requests were still in flight when io_submit returned: whatever has no completion event
// yet when looked at right after it (a request reported complete may, rarely, have finished in
// the few instructions between the two calls).
template <typename Dispatch>
void RecordInFlight(aio_context_t ctx, AioBatch& batch, Dispatch dispatch) {
  struct timespec zero = {0, 0};
  while (Reap(ctx, 0, AioContext::kMaxBatch, &zero, dispatch) == static_cast<long>(AioContext::kMaxBatch)) {
  }
  for (size_t i = 0; i < batch.submitted; i++) batch.inFlightAtSubmit[i] = !batch.completed[i];
}

// Submit and wait on the calling thread; the context must hold no other batch.
int RunExclusive(aio_context_t ctx, AioBatch& batch) {
  SubmitAll(ctx, batch);
  if (batch.submitted == 0) return batch.submitErrno;
  auto dispatch = [&batch](uint64_t tag, int64_t res) { Complete(batch, TagIndex(tag), res); };
  RecordInFlight(ctx, batch, dispatch);
  while (batch.remaining > 0) {
    long r = Reap(ctx, static_cast<long>(batch.remaining), static_cast<long>(batch.remaining),
                  nullptr, dispatch);
    if (r < 0) return static_cast<int>(-r);
  }
  return 0;
}

// Typed arrays filled in place: one JS value per request would cost a call into the engine each.
Napi::Object BatchResult(Napi::Env env, const AioBatch& batch) {
  const size_t n = batch.results.size();
  Napi::Int32Array results = Napi::Int32Array::New(env, n);
  Napi::Uint8Array inFlight = Napi::Uint8Array::New(env, n);
  for (size_t i = 0; i < n; i++) {
    results[i] = static_cast<int32_t>(batch.results[i]);
    inFlight[i] = batch.inFlightAtSubmit[i] != 0 ? 1 : 0;
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("results", results);
  out.Set("inFlightAtSubmit", inFlight);
  out.Set("submitted", Napi::Number::New(env, static_cast<double>(batch.submitted)));
  out.Set("submitErrno", Napi::Number::New(env, batch.submitErrno));
  out.Set("submitNs", Napi::Number::New(env, batch.submitNs));
  out.Set("totalNs", Napi::Number::New(env, batch.totalNs));
  return out;
}

}  // namespace

struct AioContext::PendingBatch {
  PendingBatch(Napi::Env env) : deferred(env) {}
  std::shared_ptr<AioBatch> batch;
  Napi::Promise::Deferred deferred;
  std::vector<Napi::Reference<Napi::Value>> keepAlive;
};

// Runs submit + wait on a libuv pool thread, so that several handles keep several kernel
// threads busy even when the kernel completes the requests inside io_submit.
class AioContext::ThreadWorker : public Napi::AsyncWorker {
 public:
  ThreadWorker(Napi::Env env, AioContext* owner, std::shared_ptr<AioBatch> batch,
               std::vector<Napi::Reference<Napi::Value>> keepAlive)
      : Napi::AsyncWorker(env, "KcapiAioSubmit"),
        deferred_(env),
        owner_(owner),
        ctx_(owner->ctx_),
        batch_(std::move(batch)),
        keepAlive_(std::move(keepAlive)) {
    ownerRef_ = Napi::Persistent(owner->Value());
  }

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override { err_ = RunExclusive(ctx_, *batch_); }

  void OnOK() override {
    ReleaseSocket(*batch_);
    owner_->OnThreadBatchDone();
    if (batch_->submitted == 0 || err_ != 0) {
      deferred_.Reject(SystemError(Env(), err_, batch_->submitted == 0 ? "io_submit" : "io_getevents"));
    } else {
      deferred_.Resolve(BatchResult(Env(), *batch_));
    }
  }

 private:
  Napi::Promise::Deferred deferred_;
  AioContext* owner_;
  aio_context_t ctx_;
  std::shared_ptr<AioBatch> batch_;
  std::vector<Napi::Reference<Napi::Value>> keepAlive_;
  Napi::ObjectReference ownerRef_;
  int err_ = 0;
};

void AioContext::Register(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(
      env, "AioContext",
      {
          InstanceMethod<&AioContext::SubmitSync>("submitSync"),
          InstanceMethod<&AioContext::Submit>("submit"),
          InstanceMethod<&AioContext::SubmitInThread>("submitInThread"),
          InstanceMethod<&AioContext::Close>("close"),
          InstanceAccessor<&AioContext::GetClosed>("closed"),
          InstanceAccessor<&AioContext::GetCapacity>("capacity"),
          InstanceAccessor<&AioContext::GetPending>("pending"),
          StaticValue("maxBatch", Napi::Number::New(env, kMaxBatch)),
      });
  exports.Set("AioContext", ctor);
}

AioContext::AioContext(const Napi::CallbackInfo& info) : Napi::ObjectWrap<AioContext>(info) {
  Napi::Env env = info.Env();
  if (info.Length() > 0 && !info[0].IsUndefined()) {
    if (!info[0].IsNumber()) {
      Napi::TypeError::New(env, "capacity must be a number").ThrowAsJavaScriptException();
      return;
    }
    double requested = info[0].As<Napi::Number>().DoubleValue();
    if (!(requested >= 1 && requested <= 4096) || requested != static_cast<uint32_t>(requested)) {
      Napi::RangeError::New(env, "capacity must be an integer from 1 to 4096").ThrowAsJavaScriptException();
      return;
    }
    capacity_ = static_cast<uint32_t>(requested);
  }
  eventFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (eventFd_ < 0) {
    ThrowSystemError(env, errno, "eventfd");
    return;
  }
  if (IoSetup(capacity_, &ctx_) < 0) {
    int err = errno;
    ctx_ = 0;
    close(eventFd_);
    eventFd_ = -1;
    ThrowSystemError(env, err, "io_setup");
    return;
  }
  asyncContext_ = std::make_unique<Napi::AsyncContext>(env, "KcapiAioContext");
}

AioContext::~AioContext() {
  // Teardown without JavaScript: wait for the kernel to finish with every buffer first.
  if (!threadBusy_) DrainPendingBlocking();
  Destroy();
  pending_.clear();
}

bool AioContext::CheckUsable(Napi::Env env) {
  if (closed_ || ctx_ == 0) {
    ThrowSystemError(env, EBADF, "io_submit");
    return false;
  }
  if (threadBusy_) {
    ThrowSystemError(env, EBUSY, "io_submit");
    return false;
  }
  return true;
}

// Arguments (operation: OperationSocket, buffers[]): one PREAD at offset 0 per buffer, each
// signalling the eventfd. The socket's descriptor stays reserved until ReleaseSocket().
std::shared_ptr<AioBatch> AioContext::PrepareBatch(const Napi::CallbackInfo& info,
                                                   std::vector<Napi::Reference<Napi::Value>>* keepAlive) {
  Napi::Env env = info.Env();
  if (!CheckUsable(env)) return nullptr;
  Napi::FunctionReference& operationClass = GetAddonData(env).operationSocket;
  if (info.Length() < 2 || !info[0].IsObject() || operationClass.IsEmpty() ||
      !info[0].As<Napi::Object>().InstanceOf(operationClass.Value()) || !info[1].IsArray()) {
    ThrowTypeError(env, "expected (operation: OperationSocket, buffers: Uint8Array[])");
    return nullptr;
  }
  OperationSocket* socket = Napi::ObjectWrap<OperationSocket>::Unwrap(info[0].As<Napi::Object>());
  if (socket->closed()) {
    ThrowSystemError(env, EBADF, "io_submit");
    return nullptr;
  }
  const int fd = socket->fd();
  Napi::Array buffers = info[1].As<Napi::Array>();
  const uint32_t n = buffers.Length();
  const uint32_t limit = capacity_ < kMaxBatch ? capacity_ : kMaxBatch;
  if (n < 1 || n > limit) {
    ThrowRangeError(env, "a batch holds 1 to " + std::to_string(limit) + " requests");
    return nullptr;
  }
  auto batch = std::make_shared<AioBatch>();
  batch->iocbs.resize(n);
  batch->results.assign(n, 0);
  batch->inFlightAtSubmit.assign(n, 0);
  batch->completed.assign(n, 0);
  for (uint32_t i = 0; i < n; i++) {
    Napi::Value value = buffers.Get(i);
    ByteView buffer;
    if (!GetBytes(env, value, "buffers[i]", &buffer)) return nullptr;
    struct iocb& cb = batch->iocbs[i];
    std::memset(&cb, 0, sizeof cb);
    cb.aio_fildes = static_cast<uint32_t>(fd);
    cb.aio_lio_opcode = IOCB_CMD_PREAD;
    cb.aio_buf = reinterpret_cast<uint64_t>(buffer.data);
    cb.aio_nbytes = buffer.length;
    cb.aio_offset = 0;
    cb.aio_flags = IOCB_FLAG_RESFD;
    cb.aio_resfd = static_cast<uint32_t>(eventFd_);
    if (keepAlive != nullptr) keepAlive->push_back(Napi::Persistent(value));
  }
  if (keepAlive != nullptr) keepAlive->push_back(Napi::Persistent(info[0]));
  socket->BeginUse();
  batch->socket = socket;
  return batch;
}

Napi::Value AioContext::SubmitSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckUsable(env)) return env.Undefined();
  if (!pending_.empty()) {  // this path waits for every event of the context: it must own it
    ThrowSystemError(env, EBUSY, "io_submit");
    return env.Undefined();
  }
  // Nothing to keep alive: the call returns only when every request has completed.
  std::shared_ptr<AioBatch> batch = PrepareBatch(info, nullptr);
  if (!batch) return env.Undefined();
  for (size_t i = 0; i < batch->iocbs.size(); i++) batch->iocbs[i].aio_data = Tag(0, i);
  int err = RunExclusive(ctx_, *batch);
  ReleaseSocket(*batch);
  if (batch->submitted == 0) {
    ThrowSystemError(env, err, "io_submit");
    return env.Undefined();
  }
  if (err != 0) {
    ThrowSystemError(env, err, "io_getevents");
    return env.Undefined();
  }
  return BatchResult(env, *batch);
}

Napi::Value AioContext::SubmitInThread(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckUsable(env)) return env.Undefined();
  if (!pending_.empty()) {  // this path waits for every event of the context: it must own it
    ThrowSystemError(env, EBUSY, "io_submit");
    return env.Undefined();
  }
  std::vector<Napi::Reference<Napi::Value>> keepAlive;
  std::shared_ptr<AioBatch> batch = PrepareBatch(info, &keepAlive);
  if (!batch) return env.Undefined();
  for (size_t i = 0; i < batch->iocbs.size(); i++) batch->iocbs[i].aio_data = Tag(0, i);
  auto* worker = new ThreadWorker(env, this, batch, std::move(keepAlive));
  threadBusy_ = true;
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

void AioContext::OnThreadBatchDone() {
  threadBusy_ = false;
  if (closeRequested_) Destroy();
}

Napi::Value AioContext::Submit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto pendingBatch = std::make_unique<PendingBatch>(env);
  pendingBatch->batch = PrepareBatch(info, &pendingBatch->keepAlive);
  if (!pendingBatch->batch) return env.Undefined();
  AioBatch& batch = *pendingBatch->batch;
  const uint64_t id = nextBatchId_++;
  for (size_t i = 0; i < batch.iocbs.size(); i++) batch.iocbs[i].aio_data = Tag(id, i);
  Napi::Promise promise = pendingBatch->deferred.Promise();

  SubmitAll(ctx_, batch);
  if (batch.submitted == 0) {
    ReleaseSocket(batch);
    pendingBatch->deferred.Reject(SystemError(env, batch.submitErrno, "io_submit"));
    return promise;
  }
  pending_.emplace(id, std::move(pendingBatch));
  if (!referenced_) {  // keep this object (and so the buffers) alive while requests are pending
    Ref();
    referenced_ = true;
  }
  auto dispatch = [this](uint64_t tag, int64_t res) {
    auto it = pending_.find(TagBatch(tag));
    if (it != pending_.end()) Complete(*it->second->batch, TagIndex(tag), res);
  };
  RecordInFlight(ctx_, batch, dispatch);
  SettleCompleted(env);
  if (!pending_.empty()) StartPolling();
  return promise;
}

// Resolves every batch whose requests have all completed. Caller provides the scopes.
void AioContext::SettleCompleted(Napi::Env env) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second->batch->remaining == 0) {
      ReleaseSocket(*it->second->batch);
      it->second->deferred.Resolve(BatchResult(env, *it->second->batch));
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
  if (pending_.empty()) {
    StopPollingIfIdle();
    if (referenced_) {
      referenced_ = false;
      Unref();
    }
  }
}

void AioContext::StartPolling() {
  if (polling_) return;
  if (!poll_) {
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(Env(), &loop);
    poll_ = new uv_poll_t;
    uv_poll_init(loop, poll_, eventFd_);
    poll_->data = this;
  }
  uv_poll_start(poll_, UV_READABLE, PollCallback);
  polling_ = true;
}

void AioContext::StopPollingIfIdle() {
  if (polling_ && pending_.empty()) {
    uv_poll_stop(poll_);
    polling_ = false;
  }
}

void AioContext::PollCallback(uv_poll_t* handle, int status, int) {
  auto* self = static_cast<AioContext*>(handle->data);
  if (self && status >= 0) self->OnEventFdReadable();
}

void AioContext::OnEventFdReadable() {
  uint64_t counter;
  while (read(eventFd_, &counter, sizeof counter) < 0 && errno == EINTR) {
  }
  struct timespec zero = {0, 0};
  auto dispatch = [this](uint64_t tag, int64_t res) {
    auto it = pending_.find(TagBatch(tag));
    if (it != pending_.end()) Complete(*it->second->batch, TagIndex(tag), res);
  };
  while (Reap(ctx_, 0, kMaxBatch, &zero, dispatch) == static_cast<long>(kMaxBatch)) {
  }
  Napi::Env env = Env();
  Napi::HandleScope handleScope(env);
  Napi::CallbackScope callbackScope(env, *asyncContext_);
  if (!pending_.empty()) SettleCompleted(env);
}

// Waits (without JavaScript) until every submitted request of every pending batch completed.
void AioContext::DrainPendingBlocking() {
  if (ctx_ == 0) return;
  auto outstanding = [this]() {
    size_t total = 0;
    for (auto& entry : pending_) total += entry.second->batch->remaining;
    return total;
  };
  auto dispatch = [this](uint64_t tag, int64_t res) {
    auto it = pending_.find(TagBatch(tag));
    if (it != pending_.end()) Complete(*it->second->batch, TagIndex(tag), res);
  };
  while (outstanding() > 0) {
    long want = static_cast<long>(outstanding());
    if (want > static_cast<long>(kMaxBatch)) want = kMaxBatch;
    if (Reap(ctx_, want, kMaxBatch, nullptr, dispatch) < 0) break;
  }
}

void AioContext::Destroy() {
  if (poll_) {
    if (polling_) uv_poll_stop(poll_);
    polling_ = false;
    poll_->data = nullptr;
    uv_close(reinterpret_cast<uv_handle_t*>(poll_),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); });
    poll_ = nullptr;
  }
  if (ctx_ != 0) {
    IoDestroy(ctx_);  // waits for the kernel to finish every request still in flight
    ctx_ = 0;
  }
  if (eventFd_ >= 0) {
    close(eventFd_);
    eventFd_ = -1;
  }
  closed_ = true;
}

Napi::Value AioContext::Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (closeRequested_ || (closed_ && ctx_ == 0)) return env.Undefined();
  closed_ = true;
  if (threadBusy_) {
    closeRequested_ = true;  // the worker thread owns the context until it finishes
    return env.Undefined();
  }
  DrainPendingBlocking();
  SettleCompleted(env);
  // Only if reaping failed: the kernel finishes these inside io_destroy, their results are lost.
  for (auto& entry : pending_) {
    ReleaseSocket(*entry.second->batch);
    entry.second->deferred.Reject(SystemError(env, ECANCELED, "io_getevents"));
  }
  pending_.clear();
  if (referenced_) {
    referenced_ = false;
    Unref();
  }
  Destroy();
  return env.Undefined();
}

Napi::Value AioContext::GetClosed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), closed_);
}

Napi::Value AioContext::GetCapacity(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), capacity_);
}

Napi::Value AioContext::GetPending(const Napi::CallbackInfo& info) {
  size_t total = threadBusy_ ? 1 : 0;
  for (auto& entry : pending_) total += entry.second->batch->remaining;
  return Napi::Number::New(info.Env(), static_cast<double>(total));
}

void InitAioContext(Napi::Env env, Napi::Object exports) { AioContext::Register(env, exports); }

}  // namespace kcapi

// Page-aligned buffers for callers that want the kernel to see whole, aligned pages (-m).
#include <napi.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "arguments.h"

namespace kcapi {

namespace {

size_t PageSize() {
  static const size_t pageSize = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return pageSize;
}

Napi::Value AllocAligned(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t length = 0;
  if (!GetInt(env, info[0], "length", 0, INT32_MAX, &length)) return env.Undefined();
  void* memory = nullptr;
  const size_t size = length > 0 ? static_cast<size_t>(length) : 1;
  if (posix_memalign(&memory, PageSize(), size) != 0) {
    Napi::Error::New(env, "allocAligned: out of memory").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  std::memset(memory, 0, size);
  Napi::MemoryManagement::AdjustExternalMemory(env, static_cast<int64_t>(size));
  return Napi::Buffer<uint8_t>::New(
      env, static_cast<uint8_t*>(memory), static_cast<size_t>(length),
      [size](Napi::Env finalizeEnv, uint8_t* data) {
        Napi::MemoryManagement::AdjustExternalMemory(finalizeEnv, -static_cast<int64_t>(size));
        explicit_bzero(data, size);  // callers may have kept keys or plaintext here
        std::free(data);
      });
}

// Offset of a view's first byte from the previous page boundary (0 = page-aligned).
Napi::Value PageOffset(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ByteView view;
  if (!GetBytes(env, info[0], "view", &view)) return env.Undefined();
  return Napi::Number::New(env, static_cast<double>(reinterpret_cast<uintptr_t>(view.data) % PageSize()));
}

}  // namespace

void InitMemory(Napi::Env env, Napi::Object exports) {
  exports.Set("allocAligned", Napi::Function::New(env, AllocAligned, "allocAligned"));
  exports.Set("pageOffset", Napi::Function::New(env, PageOffset, "pageOffset"));
  exports.Set("pageSize", Napi::Number::New(env, static_cast<double>(PageSize())));
}

}  // namespace kcapi

// Whether this kernel offers AF_ALG at all.
#include <napi.h>

#include "alg_syscalls.h"

namespace kcapi {

namespace {

// 0 when socket(AF_ALG) succeeds, otherwise its errno (e.g. EAFNOSUPPORT).
Napi::Value ProbeAfAlg(const Napi::CallbackInfo& info) {
  const int fd = AlgSocket();
  if (fd < 0) return Napi::Number::New(info.Env(), -fd);
  CloseDescriptor(fd);
  return Napi::Number::New(info.Env(), 0);
}

}  // namespace

void InitProbe(Napi::Env env, Napi::Object exports) {
  exports.Set("probeAfAlg", Napi::Function::New(env, ProbeAfAlg, "probeAfAlg"));
}

}  // namespace kcapi

#include <napi.h>

#include "addon_data.h"

// Every native component registers itself here: one line in KCAPI_COMPONENTS (and its source
// in binding.gyp). Each defines `void kcapi::Init<Name>(Napi::Env, Napi::Object exports)`.
#define KCAPI_COMPONENTS(X) \
  X(SystemError)            \
  X(TransformSocket)        \
  X(OperationSocket)        \
  X(AioContext)             \
  X(Pbkdf2)                 \
  X(Memory)                 \
  X(Probe)                  \
  X(NetlinkCrypto)

namespace kcapi {

#define KCAPI_DECLARE(name) void Init##name(Napi::Env env, Napi::Object exports);
KCAPI_COMPONENTS(KCAPI_DECLARE)
#undef KCAPI_DECLARE

}  // namespace kcapi

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData(new kcapi::AddonData());
#define KCAPI_INIT(name) kcapi::Init##name(env, exports);
  KCAPI_COMPONENTS(KCAPI_INIT)
#undef KCAPI_INIT
  return exports;
}

NODE_API_MODULE(kcapi_native, Init)

#pragma once
#include <napi.h>

namespace kcapi {

// Per-environment state (worker threads each get their own). Classes that need a
// constructor or a JS-side hook at run time keep its reference here.
struct AddonData {
  Napi::FunctionReference transformSocket;
  Napi::FunctionReference operationSocket;
  Napi::FunctionReference errorClass;  // set from JS; SystemError falls back to Error without it
};

inline AddonData& GetAddonData(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

}  // namespace kcapi

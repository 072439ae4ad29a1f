#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>

namespace kcapi {

// A view of the bytes behind a TypedArray or DataView, valid for the duration of the call
// (backing stores do not move; async callers keep the value referenced).
struct ByteView {
  uint8_t* data = nullptr;
  size_t length = 0;
  bool present = false;
};

// Each returns false with a TypeError pending when the value has the wrong type.
bool GetBytes(Napi::Env env, napi_value value, const char* what, ByteView* out);
bool GetOptionalBytes(Napi::Env env, napi_value value, const char* what, ByteView* out);
bool GetInt(Napi::Env env, napi_value value, const char* what, int64_t min, int64_t max, int64_t* out);
bool GetString(Napi::Env env, napi_value value, const char* what, size_t maxLength, std::string* out);

void ThrowTypeError(Napi::Env env, const std::string& message);
void ThrowRangeError(Napi::Env env, const std::string& message);

}  // namespace kcapi

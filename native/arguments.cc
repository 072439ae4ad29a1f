#include "arguments.h"

#include <cmath>
#include <string>

namespace kcapi {

void ThrowTypeError(Napi::Env env, const std::string& message) {
  Napi::TypeError::New(env, message).ThrowAsJavaScriptException();
}

void ThrowRangeError(Napi::Env env, const std::string& message) {
  Napi::RangeError::New(env, message).ThrowAsJavaScriptException();
}

static size_t ElementSize(napi_typedarray_type type) {
  switch (type) {
    case napi_int16_array:
    case napi_uint16_array:
      return 2;
    case napi_int32_array:
    case napi_uint32_array:
    case napi_float32_array:
      return 4;
    case napi_float64_array:
    case napi_bigint64_array:
    case napi_biguint64_array:
      return 8;
    default:
      return 1;
  }
}

bool GetBytes(Napi::Env env, napi_value value, const char* what, ByteView* out) {
  napi_typedarray_type type;
  size_t elements = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &type, &elements, &data, nullptr, nullptr) == napi_ok) {
    out->data = static_cast<uint8_t*>(data);
    out->length = elements * ElementSize(type);
    out->present = true;
    return true;
  }
  size_t length = 0;
  if (napi_get_dataview_info(env, value, &length, &data, nullptr, nullptr) == napi_ok) {
    out->data = static_cast<uint8_t*>(data);
    out->length = length;
    out->present = true;
    return true;
  }
  ThrowTypeError(env, std::string(what) + " must be a Uint8Array");
  return false;
}

bool GetOptionalBytes(Napi::Env env, napi_value value, const char* what, ByteView* out) {
  napi_valuetype type;
  if (value == nullptr || (napi_typeof(env, value, &type) == napi_ok && (type == napi_undefined || type == napi_null))) {
    *out = ByteView{};
    return true;
  }
  return GetBytes(env, value, what, out);
}

bool GetInt(Napi::Env env, napi_value value, const char* what, int64_t min, int64_t max, int64_t* out) {
  double number = 0;
  if (value == nullptr || napi_get_value_double(env, value, &number) != napi_ok) {
    ThrowTypeError(env, std::string(what) + " must be a number");
    return false;
  }
  if (!std::isfinite(number) || std::floor(number) != number || number < static_cast<double>(min) ||
      number > static_cast<double>(max)) {
    ThrowRangeError(env, std::string(what) + " must be an integer from " + std::to_string(min) + " to " +
                             std::to_string(max));
    return false;
  }
  *out = static_cast<int64_t>(number);
  return true;
}

bool GetString(Napi::Env env, napi_value value, const char* what, size_t maxLength, std::string* out) {
  size_t length = 0;
  if (value == nullptr || napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) {
    ThrowTypeError(env, std::string(what) + " must be a string");
    return false;
  }
  if (length > maxLength) {
    ThrowRangeError(env, std::string(what) + " is longer than " + std::to_string(maxLength) + " bytes");
    return false;
  }
  out->resize(length);
  napi_get_value_string_utf8(env, value, out->data(), length + 1, &length);
  return true;
}

}  // namespace kcapi

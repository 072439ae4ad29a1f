#include "system_error.h"

#include <cstring>
#include <string>

#include "addon_data.h"

namespace kcapi {

std::string ErrnoName(int errnum) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  if (const char* name = strerrorname_np(errnum)) return name;
#endif
  return "Unknown system error " + std::to_string(errnum);
}

Napi::Value SystemError(Napi::Env env, int errnum, const char* syscall) {
  std::string code = ErrnoName(errnum);
  AddonData& data = GetAddonData(env);
  Napi::String syscallValue = Napi::String::New(env, syscall);
  Napi::String codeValue = Napi::String::New(env, code);
  Napi::Number errnoValue = Napi::Number::New(env, -errnum);
  if (!data.errorClass.IsEmpty()) {
    Napi::Value error = data.errorClass.New({syscallValue, codeValue, errnoValue});
    if (env.IsExceptionPending()) return env.GetAndClearPendingException().Value();
    return error;
  }
  Napi::Error error = Napi::Error::New(env, std::string(syscall) + " " + code);
  error.Set("code", codeValue);
  error.Set("errno", errnoValue);
  error.Set("syscall", syscallValue);
  return error.Value();
}

void ThrowSystemError(Napi::Env env, int errnum, const char* syscall) {
  napi_throw(env, SystemError(env, errnum, syscall));
}

static Napi::Value SetErrorClass(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) {
    Napi::TypeError::New(info.Env(), "setErrorClass: expected a constructor").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  GetAddonData(info.Env()).errorClass = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

static Napi::Value ErrnoNameOf(const Napi::CallbackInfo& info) {
  if (!info[0].IsNumber()) {
    Napi::TypeError::New(info.Env(), "errnoName: expected a number").ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  int errnum = info[0].As<Napi::Number>().Int32Value();
  return Napi::String::New(info.Env(), ErrnoName(errnum < 0 ? -errnum : errnum));
}

void InitSystemError(Napi::Env env, Napi::Object exports) {
  exports.Set("setErrorClass", Napi::Function::New(env, SetErrorClass, "setErrorClass"));
  exports.Set("errnoName", Napi::Function::New(env, ErrnoNameOf, "errnoName"));
}

}  // namespace kcapi

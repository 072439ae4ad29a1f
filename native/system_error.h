#pragma once
#include <napi.h>

namespace kcapi {

// Symbolic name of an errno value ("ENOENT"), or "Unknown system error N".
std::string ErrnoName(int errnum);

// A Node-style system error: code ("ENOENT"), errno (negative, as libuv/Node use), syscall,
// message "<syscall> <code>". Built through the class registered by setErrorClass when present.
Napi::Value SystemError(Napi::Env env, int errnum, const char* syscall);
void ThrowSystemError(Napi::Env env, int errnum, const char* syscall);

void InitSystemError(Napi::Env env, Napi::Object exports);

}  // namespace kcapi

{
  "targets": [
    {
      "target_name": "kcapi_native",
      "sources": [
        "native/addon.cc",
        "native/aio_context.cc",
        "native/alg_syscalls.cc",
        "native/arguments.cc",
        "native/memory.cc",
        "native/netlink_crypto.cc",
        "native/operation_socket.cc",
        "native/pbkdf2.cc",
        "native/probe.cc",
        "native/syscall_worker.cc",
        "native/system_error.cc",
        "native/transform_socket.cc"
      ],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS", "_GNU_SOURCE"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"]
    }
  ]
}

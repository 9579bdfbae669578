{
  "targets": [
    {
      "target_name": "odbc_bulk",
      "sources": ["native/odbc-bulk.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-O2"],
      "libraries": ["-lodbc"]
    }
  ]
}

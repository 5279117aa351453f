#!/bin/sh
# Rebuilds the test probe (src/__fixtures__/probe.{cjs,wasm}) with Debian's emscripten 3.1.6
# patched for 64-bit time_t (../emscripten/time64), linked exactly like the real tools. The fixture is committed so tests need no emscripten.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$here/../src/__fixtures__
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
DISKIMAGE_TIME64_PATCH=$here/../emscripten/time64/emscripten-3.1.6-time64.patch
. "$here/../emscripten/time64/setup-toolchain.sh"
cd "$here"
emcc -O2 probe.c -o "$out/probe.cjs" \
  -s NODERAWFS=1 -s WASM_ASYNC_COMPILATION=0 -s ALLOW_MEMORY_GROWTH=1 -s EXIT_RUNTIME=1 \
  --js-library ../emscripten/node-syscalls.js --pre-js ../emscripten/pre.js

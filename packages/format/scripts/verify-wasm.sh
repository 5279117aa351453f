#!/bin/sh
# Proves the committed compressors (wasm/libdeflate.wasm, wasm/zlib-deflate.wasm, wasm/zstd.wasm) and
# the content digest (wasm/xxh3.wasm) are what the build scripts make from Debian's pinned sources:
# rebuilds them into a scratch directory and compares the bytes. Needs deb-src in apt sources, dpkg-dev and emscripten, as the build scripts do.
# Exit 1 on any difference.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
wasm=$(dirname "$here")/wasm
started=$(date +%s)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/format-wasm-verify.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
bash "$wasm/build-libdeflate.sh" "$scratch" >/dev/null
bash "$wasm/build.sh" "$scratch" >/dev/null
bash "$wasm/build-zstd.sh" "$scratch" >/dev/null
bash "$wasm/build-xxhash.sh" "$scratch" >/dev/null
status=0
for file in libdeflate.wasm zlib-deflate.wasm zstd.wasm xxh3.wasm; do
  if cmp "$wasm/$file" "$scratch/$file"; then
    echo "verify-wasm: $file identical to a rebuild"
  else
    echo "verify-wasm: MISMATCH: the committed $file differs from a rebuild from the pinned sources (emcc: $(emcc --version | head -1))" >&2
    status=1
  fi
done
echo "verify-wasm: done in $(($(date +%s) - started)) s"
exit $status

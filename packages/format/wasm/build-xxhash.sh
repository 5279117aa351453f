#!/usr/bin/env bash
# Rebuilds xxh3.wasm: Debian bookworm's xxHash 0.8.1 (header-only, inlined) with xxh3-block.c, compiled
# with emscripten; -msse2 -msimd128 turns xxHash's SSE2 path into WebAssembly SIMD (the digest is the
# algorithm's: the same as the scalar build and as `xxhsum -H2`). Needs deb-src in apt sources,
# dpkg-dev and emscripten. The result is committed; scripts/verify-wasm.sh rebuilds it to compare.
source "$(dirname "$0")/build-setup.sh" "$@"
apt-get source --download-only xxhash=0.8.1-1 >/dev/null
dpkg-source -x --no-check xxhash_0.8.1-1.dsc src >/dev/null
emcc -O3 -msse2 -msimd128 -Isrc "$here/xxh3-block.c" \
  -o "$out/xxh3.wasm" --no-entry -sSTANDALONE_WASM -sFILESYSTEM=0 \
  -sEXPORTED_FUNCTIONS=_xxh3_reset,_xxh3_update,_xxh3_digest,_block_alloc -sINITIAL_MEMORY=16777216 -sTOTAL_STACK=65536 -sALLOW_MEMORY_GROWTH=1
sha256sum "$out/xxh3.wasm"

#!/usr/bin/env bash
# Rebuilds zstd.wasm: Debian bookworm's libzstd 1.5.4 (the one qemu-img 7.2 links, Debian's patches
# applied: one of them changes the block splitter, so the compressed bytes) compiled with emscripten,
# plus zstd-block.c. Single-threaded, no assembly (WASM has neither), no legacy formats or dictionary
# builder. Needs deb-src in apt sources, dpkg-dev and emscripten. The result is committed; nothing
# builds it at install or test time (scripts/verify-wasm.sh rebuilds it to compare).
source "$(dirname "$0")/build-setup.sh" "$@"
apt-get source --download-only libzstd=1.5.4+dfsg2-5 >/dev/null
dpkg-source -x --no-check libzstd_1.5.4+dfsg2-5.dsc src >/dev/null
cd src/lib
emcc -O3 -DZSTD_DISABLE_ASM -DZSTD_LEGACY_SUPPORT=0 -DDEBUGLEVEL=0 -I. -Icommon \
  common/*.c compress/*.c decompress/*.c "$here/zstd-block.c" \
  -o "$out/zstd.wasm" --no-entry -sSTANDALONE_WASM -sFILESYSTEM=0 \
  -sEXPORTED_FUNCTIONS=_zstd_compress_block,_zstd_decompress_block,_block_alloc -sINITIAL_MEMORY=16777216 -sTOTAL_STACK=65536 -sALLOW_MEMORY_GROWTH=1
sha256sum "$out/zstd.wasm"

#!/usr/bin/env bash
# Rebuilds zlib-deflate.wasm: Debian bookworm's zlib 1.2.13 (the zlib qemu-img 7.2 links) compiled with
# emscripten, plus deflate-block.c. Needs deb-src in apt sources and emscripten (apt: emscripten).
# The result is committed; nothing builds it at install or test time.
source "$(dirname "$0")/build-setup.sh" "$@"
apt-get source --download-only zlib=1:1.2.13.dfsg-1 >/dev/null
tar xjf zlib_1.2.13.dfsg.orig.tar.bz2
cd zlib-1.2.13.dfsg
emcc -O3 -DNO_GZIP deflate.c trees.c adler32.c crc32.c zutil.c "$here/deflate-block.c" -I. \
  -o "$out/zlib-deflate.wasm" --no-entry -sSTANDALONE_WASM -sFILESYSTEM=0 \
  -sEXPORTED_FUNCTIONS=_deflate_block,_block_alloc -sINITIAL_MEMORY=16777216 -sTOTAL_STACK=65536 -sALLOW_MEMORY_GROWTH=1
sha256sum "$out/zlib-deflate.wasm"

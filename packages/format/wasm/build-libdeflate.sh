#!/usr/bin/env bash
# Rebuilds libdeflate.wasm: Debian bookworm's libdeflate 1.14 compiled with emscripten, plus
# libdeflate-block.c, with one change: the match finders' cutoff (how far back a match may start) is
# `deflate_block_max_distance` instead of the 32 KiB window, so that qcow2 clusters keep within the
# 4 KiB window qemu inflates them with. Needs deb-src in apt sources and emscripten (apt: emscripten).
# The result is committed; nothing builds it at install or test time. WASM has no CPU-feature dispatch,
# so the compressed bytes are the same on every machine.
source "$(dirname "$0")/build-setup.sh" "$@"
apt-get source --download-only libdeflate=1.14-1 >/dev/null
tar xzf libdeflate_1.14.orig.tar.gz
cd libdeflate-1.14
sed -i 's/cutoff = cur_pos - MATCHFINDER_WINDOW_SIZE;/cutoff = cur_pos - deflate_block_max_distance;/' lib/hc_matchfinder.h lib/ht_matchfinder.h lib/bt_matchfinder.h
# All three match finders must have been patched, or a qcow2 cluster could hold a match qemu cannot follow.
test "$(grep -l 'cur_pos - deflate_block_max_distance' lib/hc_matchfinder.h lib/ht_matchfinder.h lib/bt_matchfinder.h | wc -l)" = 3
sed -i '1i extern int deflate_block_max_distance;' lib/matchfinder_common.h
emcc -O3 -I. lib/deflate_compress.c lib/zlib_compress.c lib/adler32.c lib/utils.c "$here/libdeflate-block.c" \
  -o "$out/libdeflate.wasm" --no-entry -sSTANDALONE_WASM -sFILESYSTEM=0 \
  -sEXPORTED_FUNCTIONS=_deflate_block,_block_alloc -sINITIAL_MEMORY=16777216 -sTOTAL_STACK=65536 -sALLOW_MEMORY_GROWTH=1
sha256sum "$out/libdeflate.wasm"

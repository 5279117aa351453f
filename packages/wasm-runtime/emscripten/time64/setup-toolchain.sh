# Sourced (`. setup-toolchain.sh`) by the WASM build scripts: makes Debian bookworm's
# emscripten 3.1.6 use a 64-bit time_t, and puts that toolchain first on PATH.
#
# Why a private copy and not trixie's emscripten 3.1.69 (which has 64-bit time_t): 3.1.69
# needs trixie's clang-19/lld-19/binaryen/nodejs, i.e. half a release upgrade on a bookworm
# machine; one small patch to 3.1.6 keeps the toolchain that made every committed binary.
# See ../../README.md ("64-bit time") and docs/wasm-tools.md.
#
# What it does, once per patch version (a stamp file remembers):
#   1. copies /usr/share/emscripten (without its 750 MB prebuilt cache, tests, docs) to the
#      FIXED directory $DISKIMAGE_EMSCRIPTEN (paths must not depend on the checkout);
#   2. applies emscripten-3.1.6-time64.patch (musl's time_t + the JS time/stat functions);
#   3. gives the copy its own config: a private, writable cache, so emcc rebuilds libc and
#      regenerates struct_info.json (the struct offsets the JS side uses) from the patched
#      headers on first use;
#   4. builds those system libraries now, once, by linking a tiny program the way the tools
#      are linked (so parallel makes do not queue on the cache lock), and checks that the
#      program sees an 8-byte time_t.
# Needs: emscripten 3.1.6 (Debian), patch. Costs ~2 CPU-minutes the first time.

# A sourced script cannot find its own folder: the caller names the patch beside it.
time64_patch=${DISKIMAGE_TIME64_PATCH:?set DISKIMAGE_TIME64_PATCH to emscripten/time64/emscripten-3.1.6-time64.patch}
DISKIMAGE_EMSCRIPTEN=/tmp/diskimage-wasm-build/emscripten-3.1.6-time64
time64_stamp="$(sha256sum <"$time64_patch" | cut -d' ' -f1) $(dpkg-query -W -f '${Version}' emscripten)"

if [ "$(cat "$DISKIMAGE_EMSCRIPTEN/.diskimage-stamp" 2>/dev/null)" != "$time64_stamp" ]; then
  echo "time64: making the patched emscripten in $DISKIMAGE_EMSCRIPTEN"
  # The built libraries depend only on the C side (system/): keep them when only the JS
  # part of the patch changed, they take ~8 CPU-minutes to rebuild.
  [ -d "$DISKIMAGE_EMSCRIPTEN/cache" ] && mv "$DISKIMAGE_EMSCRIPTEN/cache" "$DISKIMAGE_EMSCRIPTEN.cache"
  rm -rf "$DISKIMAGE_EMSCRIPTEN"
  mkdir -p "$DISKIMAGE_EMSCRIPTEN/bin"
  tar -C /usr/share/emscripten --exclude=./cache --exclude=./tests --exclude=./docs \
    --exclude=__pycache__ -cf - . | tar -C "$DISKIMAGE_EMSCRIPTEN" -xf -
  patch -s -d "$DISKIMAGE_EMSCRIPTEN" -p1 <"$time64_patch"
  time64_system=$(cd "$DISKIMAGE_EMSCRIPTEN" && find system -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$DISKIMAGE_EMSCRIPTEN.cache/.diskimage-system" 2>/dev/null)" = "$time64_system" ]; then
    mv "$DISKIMAGE_EMSCRIPTEN.cache" "$DISKIMAGE_EMSCRIPTEN/cache"
  fi
  rm -rf "$DISKIMAGE_EMSCRIPTEN.cache"
  # Debian's config freezes the cache (the prebuilt one in /usr/share): unfreeze, make private.
  sed -e 's/^FROZEN_CACHE = True/FROZEN_CACHE = False/' /usr/share/emscripten/.emscripten \
    >"$DISKIMAGE_EMSCRIPTEN/.emscripten"
  printf "\nCACHE = '%s/cache'\n" "$DISKIMAGE_EMSCRIPTEN" >>"$DISKIMAGE_EMSCRIPTEN/.emscripten"
  for tool in emcc em++ emar emranlib emconfigure emmake; do
    printf '#!/bin/sh\nexec python3 %s/%s.py "$@"\n' "$DISKIMAGE_EMSCRIPTEN" "$tool" >"$DISKIMAGE_EMSCRIPTEN/bin/$tool"
    chmod +x "$DISKIMAGE_EMSCRIPTEN/bin/$tool"
  done
  # 4. Build the system libraries (libc with the new time_t, struct_info.json) now.
  printf '#include <time.h>\n#include <sys/stat.h>\nint main(void){struct stat s;return (int)(sizeof(time_t)+stat(".",&s)+time(0)*0)-8;}\n' \
    >"$DISKIMAGE_EMSCRIPTEN/probe.c"
  (cd "$DISKIMAGE_EMSCRIPTEN" && env -u EM_CONFIG -u EM_CACHE NODE_PATH=/usr/share/nodejs ./bin/emcc -O2 probe.c -o probe.cjs \
    -s NODERAWFS=1 -s WASM_ASYNC_COMPILATION=0 -s ALLOW_MEMORY_GROWTH=1 -s EXIT_RUNTIME=1 >/dev/null) || {
    echo "time64: building the patched system libraries failed"; return 1 2>/dev/null || exit 1; }
  node "$DISKIMAGE_EMSCRIPTEN/probe.cjs" || {
    echo "time64: the patched toolchain does not give an 8-byte time_t"; return 1 2>/dev/null || exit 1; }
  echo "$time64_system" >"$DISKIMAGE_EMSCRIPTEN/cache/.diskimage-system"
  echo "$time64_stamp" >"$DISKIMAGE_EMSCRIPTEN/.diskimage-stamp"
fi
unset EM_CONFIG EM_CACHE time64_system
PATH=$DISKIMAGE_EMSCRIPTEN/bin:$PATH
export PATH

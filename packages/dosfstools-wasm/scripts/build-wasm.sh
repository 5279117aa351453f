#!/bin/sh
# Builds dosfstools (mkfs.fat, fsck.fat, fatlabel) and mtools (one binary, dispatching on
# argv[0]) to WebAssembly from Debian bookworm's source packages, with Debian's emscripten.
#
#   build-wasm.sh [OUTDIR]      default OUTDIR: ../wasm (the committed binaries)
#
# Writes OUTDIR/<tool>.cjs + OUTDIR/<tool>.wasm, OUTDIR/TOOLCHAIN (the exact Debian package
# versions that compiled them) and OUTDIR/SHA256SUMS. Everything is staged beside OUTDIR
# and renamed into place at the end, so a failed build leaves the old OUTDIR untouched.
#
# Needs: a `Types: deb-src` apt source for bookworm (apt-get source), and the Debian
# packages emscripten (3.1.6) and binaryen. See ../README.md.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
pkg=$(dirname "$here")
out=$(realpath -m "${1:-$pkg/wasm}")
# A FIXED build directory: source paths end up in the compiler's view of the world, and the
# outputs must not depend on where the checkout happens to live.
work=/tmp/diskimage-wasm-build/dosfstools

EMSCRIPTEN_VERSION=3.1.6

export NODE_PATH=/usr/share/nodejs     # Debian's emcc finds acorn there
export LC_ALL=C TZ=UTC
jobs=$(nproc 2>/dev/null || echo 2)

fail() { echo "build-wasm: $*" >&2; exit 1; }

command -v emcc >/dev/null || fail "emcc not found: apt-get install emscripten binaryen"
# 64-bit time_t (mtimes from 2038 on, FAT dates up to 2107): a patched private copy of
# emscripten 3.1.6, made and put first on PATH by wasm-runtime (its README, "64-bit time").
DISKIMAGE_TIME64_PATCH=$pkg/../wasm-runtime/emscripten/time64/emscripten-3.1.6-time64.patch
. "$pkg/../wasm-runtime/emscripten/time64/setup-toolchain.sh"
# sed, not head: emcc dies of a broken pipe when its reader stops early.
emcc_version=$(emcc --version | sed -n 1p)
case "$emcc_version" in
  *" $EMSCRIPTEN_VERSION "*) ;;
  *) fail "need emscripten $EMSCRIPTEN_VERSION (Debian bookworm), found: $emcc_version" ;;
esac

staging=$(mktemp -d "$(dirname "$out")/.$(basename "$out").staging.XXXXXX")
trap 'rm -rf "$staging"' EXIT INT TERM

# --- sources: Debian source packages, versions pinned, sha256 checked -----------------
download=$(sh "$here/fetch-sources.sh")

# unpack SRC_TARBALL DIR PATCHDIR: a fresh tree with our patches applied (tar keeps the
# upstream mtimes, so make does not try to rerun autotools).
unpack() {
  rm -rf "$2" && mkdir -p "$2"
  tar -xf "$download/$1" -C "$2" --strip-components=1
  for patch in "$3"/*.patch; do patch -s -d "$2" -p1 <"$patch" || fail "patch $patch does not apply"; done
}

# The runtime's link files are copied to the fixed directory so no checkout path reaches emcc.
mkdir -p "$work/emscripten"
cp "$pkg/../wasm-runtime/emscripten/node-syscalls.js" "$pkg/../wasm-runtime/emscripten/pre.js" "$work/emscripten/"

# NODERAWFS: the tools see the host file system. WASM_ASYNC_COMPILATION=0: 3.1.6 would
# fetch() the .wasm under Node >= 18. EXIT_RUNTIME: exit codes and flushed stdio matter.
# node-syscalls.js: 64-bit pread/pwrite/ftruncate, unknown ioctl -> ENOTTY, real environ.
# pre.js: tty flags of fds 0-2 from the host.
LINK_FLAGS="-O2 -s NODERAWFS=1 -s WASM_ASYNC_COMPILATION=0 -s ALLOW_MEMORY_GROWTH=1 -s EXIT_RUNTIME=1 \
--js-library $work/emscripten/node-syscalls.js --pre-js $work/emscripten/pre.js"
CONFIGURE_HOST=--host=wasm32-unknown-emscripten

# --- dosfstools 4.2 ---------------------------------------------------------------------
unpack dosfstools_4.2.orig.tar.gz "$work/dosfstools-4.2" "$here/patches/dosfstools"
cd "$work/dosfstools-4.2"
emconfigure ./configure $CONFIGURE_HOST CFLAGS=-O2 >"$work/dosfstools-configure.log" 2>&1 ||
  fail "dosfstools configure failed, see $work/dosfstools-configure.log"
# EXEEXT=.cjs: the glue must be .cjs (the package is "type": "module"); emcc then names the
# module mkfs.fat.wasm, beside it.
emmake make -C src -j"$jobs" EXEEXT=.cjs LDFLAGS="$LINK_FLAGS" mkfs.fat.cjs fsck.fat.cjs fatlabel.cjs \
  >"$work/dosfstools-make.log" 2>&1 || fail "dosfstools build failed, see $work/dosfstools-make.log"
for tool in mkfs.fat fsck.fat fatlabel; do
  cp "src/$tool.cjs" "src/$tool.wasm" "$staging/"
done

# --- mtools 4.0.32 ----------------------------------------------------------------------
unpack mtools_4.0.33-1+really4.0.32.orig.tar.bz2 "$work/mtools-4.0.32" "$here/patches/mtools"
cd "$work/mtools-4.0.32"
# ac_cv_func_fchdir=no: `mcopy -s` otherwise walks directories with open(".")+fchdir, and
# emscripten cannot open a directory as a file descriptor; without fchdir it uses full paths.
emconfigure ./configure $CONFIGURE_HOST --without-x --disable-floppyd ac_cv_func_fchdir=no CFLAGS=-O2 \
  >"$work/mtools-configure.log" 2>&1 || fail "mtools configure failed, see $work/mtools-configure.log"
emmake make -j"$jobs" LDFLAGS="$LINK_FLAGS" mtools >"$work/mtools-make.log" 2>&1 ||
  fail "mtools build failed, see $work/mtools-make.log"
cp mtools "$staging/mtools.cjs"
cp mtools.wasm "$staging/mtools.wasm"

# --- manifest ---------------------------------------------------------------------------
cd "$staging"
# Which compiler made these bytes: verify-wasm.sh prints both lists when the hashes differ.
{ echo "$emcc_version + $(basename "$DISKIMAGE_TIME64_PATCH") $(sha256sum <"$DISKIMAGE_TIME64_PATCH" | cut -c1-16)"; dpkg-query -W -f '${Package} ${Version}\n' emscripten binaryen clang-14 lld-14 llvm-14 nodejs; } >TOOLCHAIN
sha256sum -- *.cjs *.wasm >SHA256SUMS
chmod 644 -- *
chmod 755 .
rm -rf "$out"
mv "$staging" "$out"
trap - EXIT INT TERM
echo "build-wasm: wrote $(wc -l <"$out/SHA256SUMS") files to $out"

#!/bin/sh
# Builds mke2fs, tune2fs, e2fsck and debugfs to WebAssembly from Debian's e2fsprogs source
# package, with Debian's emscripten (3.1.6, patched for 64-bit time_t), and writes <tool>.cjs + <tool>.wasm and a
# SHA256SUMS manifest into OUT (default: this package's wasm/ folder).
#
#   sh scripts/build-wasm.sh [OUT]        (npm run build:wasm -w packages/ext2fs-wasm)
#
# Needs: Debian with apt (deb.debian.org reachable), emscripten, binaryen, dpkg-dev, patch.
# Why each choice is made is in ../README.md ("Building").
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
runtime=$(cd "$here/../wasm-runtime" && pwd)
out=${1:-$here/wasm}
mkdir -p "$out"
out=$(cd "$out" && pwd)

# A FIXED build directory: paths can end up in the outputs, so they must not depend on
# where the checkout is.
top=/tmp/diskimage-wasm-build
work=$top/e2fsprogs
mkdir -p "$top"

# 1. Sources: trixie's source package e2fsprogs 1.47.2-3, sha256 pinned (fetch-sources.sh).
dsc=$(sh "$here/scripts/fetch-sources.sh")

# 2. Unpack with Debian's patches applied (dpkg-source), then ours, in order.
rm -rf "$work"
dpkg-source --no-check -x "$dsc" "$work" >/dev/null
cd "$work"
for p in "$here"/patches/*.patch; do
  echo "applying $(basename "$p")"
  patch -p1 --quiet < "$p"
done

# 3. Configure and build. Reproducibility: fixed paths, fixed time stamps, C locale.
export NODE_PATH=/usr/share/nodejs     # emcc finds acorn there on Debian
export SOURCE_DATE_EPOCH=$(dpkg-parsechangelog -l debian/changelog -S Timestamp)
export LC_ALL=C TZ=UTC
# 64-bit time_t (dates from 2038 on): a patched private copy of emscripten 3.1.6, made and
# put first on PATH by wasm-runtime (see its README, "64-bit time").
DISKIMAGE_TIME64_PATCH=$runtime/emscripten/time64/emscripten-3.1.6-time64.patch
. "$runtime/emscripten/time64/setup-toolchain.sh"
# dlopen (libmagic, readline), getrusage (timing stats) and daemon() do not exist under
# emscripten: tell configure so instead of letting it find stubs. strptime: emscripten's
# (JS) reads "%Y%m%d" greedily (tune2fs -T 20200102 fails); the sscanf fallback is right.
# llistxattr/lgetxattr: provided by wasm-runtime's node-syscalls.js (xattrs from the
# virtual tree), which configure's plain C link test cannot see.
ac_cv_func_dlopen=no ac_cv_lib_dl_dlopen=no ac_cv_func_getrusage=no ac_cv_func_daemon=no \
ac_cv_func_strptime=no ac_cv_func_llistxattr=yes \
emconfigure ./configure --host=wasm32-unknown-emscripten --build=x86_64-linux-gnu \
  --disable-nls --disable-elf-shlibs --disable-fuse2fs --disable-uuidd --disable-mmp \
  --disable-tdb --disable-imager --disable-resizer --disable-defrag --disable-tls \
  --disable-backtrace --disable-fsck --disable-e2initrd-helper --disable-bmap-stats \
  --disable-rpath --without-pthread --without-libarchive --enable-libuuid --enable-libblkid \
  CFLAGS=-O2 > "$top/e2fsprogs-configure.log" 2>&1 || { tail -40 "$top/e2fsprogs-configure.log"; exit 1; }

# The shared emscripten fixes (64-bit offsets, ioctl, environ, tty) from wasm-runtime,
# copied to the fixed directory so the checkout's path cannot reach the outputs.
mkdir -p "$top/emscripten"
cp "$runtime/emscripten/node-syscalls.js" "$runtime/emscripten/pre.js" "$top/emscripten/"
link="-O2 -s NODERAWFS=1 -s WASM_ASYNC_COMPILATION=0 -s ALLOW_MEMORY_GROWTH=1 -s EXIT_RUNTIME=1"
link="$link --js-library $top/emscripten/node-syscalls.js --pre-js $top/emscripten/pre.js"
jobs=$(nproc)
emmake make -j"$jobs" libs LDFLAGS="$link"
emmake make -j"$jobs" -C misc mke2fs tune2fs LDFLAGS="$link"
emmake make -j"$jobs" -C e2fsck e2fsck LDFLAGS="$link"
emmake make -j"$jobs" -C debugfs debugfs LDFLAGS="$link"

# 4. Outputs: the glue is named .cjs (the package is "type": "module"); it loads
#    <tool>.wasm from its own directory.
cd "$work"
for tool in misc/mke2fs misc/tune2fs e2fsck/e2fsck debugfs/debugfs; do
  name=$(basename "$tool")
  cp "$tool" "$out/$name.cjs.tmp" && mv "$out/$name.cjs.tmp" "$out/$name.cjs"
  cp "$tool.wasm" "$out/$name.wasm.tmp" && mv "$out/$name.wasm.tmp" "$out/$name.wasm"
done
cd "$out"
sha256sum debugfs.cjs debugfs.wasm e2fsck.cjs e2fsck.wasm mke2fs.cjs mke2fs.wasm tune2fs.cjs tune2fs.wasm > SHA256SUMS.tmp
mv SHA256SUMS.tmp SHA256SUMS
echo "built $(basename "$dsc" .dsc) into $out"
cat SHA256SUMS

#!/bin/sh
# Holds the WASM tools to e2fsprogs' own regression suite: builds the same source package
# natively, runs `make -C tests check` with the native tools, then again with mke2fs,
# tune2fs, e2fsck and debugfs replaced by wrappers that run this package's wasm/ files
# (every other helper stays native), and prints the tests whose result differs.
#
#   sh scripts/upstream-tests.sh        (after build-wasm.sh has fetched the sources)
# Takes ~10 minutes on 2 cores. Needs acl and attr installed (else xattr tests are skipped).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
bootstrap=$(cd "$here/../wasm-runtime/child" && pwd)/bootstrap.cjs
top=/tmp/diskimage-wasm-build
src=$top/e2fsprogs-native
dsc=$top/downloads/e2fsprogs_1.47.2-3.dsc
[ -f "$dsc" ] || { echo "run scripts/build-wasm.sh first (it fetches $dsc)"; exit 1; }

if [ ! -x "$src/e2fsck/e2fsck.native" ]; then
  rm -rf "$src"
  dpkg-source --no-check -x "$dsc" "$src" >/dev/null
  (cd "$src" && ./configure --disable-nls --disable-fuse2fs --disable-uuidd >/dev/null && make -j"$(nproc)" >/dev/null)
  for tool in e2fsck/e2fsck misc/mke2fs misc/tune2fs debugfs/debugfs; do cp "$src/$tool" "$src/$tool.native"; done
fi

run_suite() { # $1 = label; leaves $top/upstream-$1.failed
  (cd "$src/tests" && rm -rf *.failed *.ok *.log && make -k check >"$top/upstream-$1.log" 2>&1 || true)
  (cd "$src/tests" && ls *.failed 2>/dev/null | sed 's/\.failed$//' | sort) > "$top/upstream-$1.failed"
  echo "$1: $(grep -c . "$top/upstream-$1.failed" || true) failed; $(grep -E '^[0-9]+ tests succeeded' "$top/upstream-$1.log" || true)"
}

use_tools() { # $1 = native | wasm
  for tool in e2fsck/e2fsck misc/mke2fs misc/tune2fs debugfs/debugfs; do
    name=$(basename "$tool")
    if [ "$1" = native ]; then
      cp "$src/$tool.native" "$src/$tool"
    else
      # argv[0] = the path the suite used, as for the native program (messages name it).
      printf '#!/bin/sh\nexec node %s %s %s %s "$@"\n' "$bootstrap" "$here/wasm/$name.cjs" '"$0"' "$here/wasm/$name.wasm" > "$src/$tool"
      chmod +x "$src/$tool"
    fi
    touch -d '+1 day' "$src/$tool" # newer than its objects: make must not relink it
  done
}

use_tools native
run_suite native
use_tools wasm
run_suite wasm
use_tools native
echo "--- tests failing only with WASM:"
comm -13 "$top/upstream-native.failed" "$top/upstream-wasm.failed"
echo "--- tests failing only natively:"
comm -23 "$top/upstream-native.failed" "$top/upstream-wasm.failed"

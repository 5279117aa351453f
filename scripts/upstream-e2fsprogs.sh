#!/bin/sh
# e2fsprogs' own regression suite (tests/, ~390 cases) against our WASM tools: builds the
# same pinned Debian source package natively (1.47.2-3), runs `make check` with the native
# tools, then again with mke2fs, tune2fs, e2fsck and debugfs replaced by wrappers around
# packages/ext2fs-wasm/wasm/ (every other helper stays native), and compares per test.
# Exit 1 when a test that passes natively fails under WASM and is not in
# packages/ext2fs-wasm/upstream-allowlist.txt.
#
#   sh scripts/upstream-e2fsprogs.sh        (part of `npm run test:upstream`)
# Needs: gcc/make (build-essential), acl + attr (else the xattr tests are skipped), apt.
set -eu
. "$(dirname "$0")/upstream-lib.sh"
wasm=$repo/packages/ext2fs-wasm/wasm
tools="e2fsck/e2fsck misc/mke2fs misc/tune2fs debugfs/debugfs"

dsc=$(sh "$repo/packages/ext2fs-wasm/scripts/fetch-sources.sh")
src=$top/e2fsprogs-native
stamp=$(sha256sum <"$dsc" | cut -d' ' -f1)
if [ "$(cat "$src/.diskimage-stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "e2fsprogs: building natively in $src"
  rm -rf "$src"
  dpkg-source --no-check -x "$dsc" "$src" >/dev/null
  (cd "$src" && ./configure --disable-nls --disable-fuse2fs --disable-uuidd >"$top/native-configure.log" 2>&1 &&
    make -j"$(nproc)" >"$top/native-make.log" 2>&1) || { tail -30 "$top/native-make.log"; exit 1; }
  for tool in $tools; do cp "$src/$tool" "$src/$tool.native"; done
  echo "$stamp" >"$src/.diskimage-stamp"
fi

# run_suite LABEL: one full `make check`; per test: ok, failed, or skipped (neither file).
run_suite() {
  started=$(date +%s)
  (cd "$src/tests" && rm -f ./*.failed ./*.ok ./*.log && make -k -j"$(nproc)" check >"$top/upstream-e2fsprogs-$1.log" 2>&1 || true)
  (cd "$src/tests" && for t in [a-z]_*; do
    [ -d "$t" ] || continue
    if [ -f "$t.ok" ]; then echo "$t ok"; elif [ -f "$t.failed" ]; then echo "$t failed"; else echo "$t skipped"; fi
  done) >"$results/e2fsprogs-$1"
  echo "e2fsprogs $1: $(grep -c ' ok$' "$results/e2fsprogs-$1") ok, $(grep -c ' failed$' "$results/e2fsprogs-$1") failed, $(grep -c ' skipped$' "$results/e2fsprogs-$1") skipped ($(( $(date +%s) - started )) s)"
}

for tool in $tools; do cp "$src/$tool.native" "$src/$tool"; touch -d '+1 day' "$src/$tool"; done
run_suite native
for tool in $tools; do wasm_wrapper "$src/$tool" "$wasm/$(basename "$tool").cjs"; done
run_suite wasm
still_wrapped $(for tool in $tools; do echo "$src/$tool"; done)
for tool in $tools; do cp "$src/$tool.native" "$src/$tool"; touch -d '+1 day' "$src/$tool"; done
report e2fsprogs "$repo/packages/ext2fs-wasm/upstream-allowlist.txt"

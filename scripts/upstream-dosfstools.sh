#!/bin/sh
# dosfstools' own regression suite (tests/, 40 cases: mkfs against reference images, fsck
# repairs, labels) against our WASM tools: builds the same pinned Debian source (4.2-1, no
# Debian patches) natively, runs `make check` with the native tools, then again with
# mkfs.fat, fsck.fat and fatlabel replaced by wrappers around packages/dosfstools-wasm/wasm/,
# and compares per test. Exit 1 when a test that passes natively fails under WASM and is not
# in packages/dosfstools-wasm/upstream-allowlist.txt.
#
#   sh scripts/upstream-dosfstools.sh       (part of `npm run test:upstream`)
# Needs: gcc/make (build-essential), xxd (the suite compares against xxd dumps), apt.
set -eu
. "$(dirname "$0")/upstream-lib.sh"
wasm=$repo/packages/dosfstools-wasm/wasm
tools="mkfs.fat fsck.fat fatlabel"

download=$(sh "$repo/packages/dosfstools-wasm/scripts/fetch-sources.sh")
tarball=$download/dosfstools_4.2.orig.tar.gz
src=$top/dosfstools-native
stamp=$(sha256sum <"$tarball" | cut -d' ' -f1)
if [ "$(cat "$src/.diskimage-stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "dosfstools: building natively in $src"
  rm -rf "$src" && mkdir -p "$src"
  tar -xf "$tarball" -C "$src" --strip-components=1
  (cd "$src" && ./configure >"$top/dosfstools-native-configure.log" 2>&1 &&
    make -j"$(nproc)" >"$top/dosfstools-native-make.log" 2>&1) || { tail -30 "$top/dosfstools-native-make.log"; exit 1; }
  for tool in $tools; do cp "$src/src/$tool" "$src/src/$tool.native"; done
  echo "$stamp" >"$src/.diskimage-stamp"
fi

# run_suite LABEL: one `make check` of tests/; per test from automake's .trs files: ok (PASS,
# or XFAIL: check-huge is expected to fail), failed (FAIL, XPASS, ERROR) or skipped (SKIP).
run_suite() {
  started=$(date +%s)
  (cd "$src/tests" && rm -f ./*.log ./*.trs && make -k -j"$(nproc)" check >"$top/upstream-dosfstools-$1.log" 2>&1 || true)
  (cd "$src/tests" && for trs in ./*.trs; do
    case $(sed -n 's/^:test-result: //p' "$trs") in
      PASS|XFAIL) status=ok ;; SKIP) status=skipped ;; *) status=failed ;;
    esac
    echo "$(basename "$trs" .trs) $status"
  done) >"$results/dosfstools-$1"
  echo "dosfstools $1: $(grep -c ' ok$' "$results/dosfstools-$1") ok, $(grep -c ' failed$' "$results/dosfstools-$1") failed, $(grep -c ' skipped$' "$results/dosfstools-$1") skipped ($(( $(date +%s) - started )) s)"
}

for tool in $tools; do cp "$src/src/$tool.native" "$src/src/$tool"; touch -d '+1 day' "$src/src/$tool"; done
run_suite native
for tool in $tools; do wasm_wrapper "$src/src/$tool" "$wasm/$tool.cjs"; done
run_suite wasm
still_wrapped $(for tool in $tools; do echo "$src/src/$tool"; done)
for tool in $tools; do cp "$src/src/$tool.native" "$src/src/$tool"; touch -d '+1 day' "$src/src/$tool"; done
report dosfstools "$repo/packages/dosfstools-wasm/upstream-allowlist.txt"

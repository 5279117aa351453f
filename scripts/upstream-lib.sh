# Sourced by scripts/upstream-e2fsprogs.sh and scripts/upstream-dosfstools.sh: what both
# parity runs share.

repo=$(cd "$(dirname "$0")/.." && pwd)
bootstrap=$repo/packages/wasm-runtime/child/bootstrap.cjs
# Native builds and results live beside the WASM builds (same sources, fetched once).
top=/tmp/diskimage-wasm-build
results=$top/upstream-results
mkdir -p "$results"

# wasm_wrapper PATH GLUE: replaces the program at PATH by a thin wrapper that runs our
# packaged WASM tool (GLUE, with its .wasm beside it) through wasm-runtime's bootstrap,
# exactly as runWasmTool does; argv[0] is the path the suite used, as for the native program.
wasm_wrapper() {
  printf '#!/bin/sh\nexec node '"'%s' '%s'"' "$0" '"'%s'"' "$@"\n' "$bootstrap" "$2" "${2%.cjs}.wasm" >"$1.tmp"
  chmod +x "$1.tmp"
  mv "$1.tmp" "$1"
  touch -d '+1 day' "$1" # newer than its objects: make check must not rebuild the native one
}

# still_wrapped PATH...: fails when make replaced a wrapper by a native build during the run
# (the WASM results would then be native ones).
still_wrapped() {
  for path in "$@"; do
    grep -q bootstrap.cjs "$path" || { echo "$path is no longer the WASM wrapper: the WASM run is void"; exit 1; }
  done
}

# report SUITE ALLOWLIST: compares $results/SUITE-native and $results/SUITE-wasm (lines
# "test status"), prints the table, fails on a natively passing test that fails under WASM
# unless ALLOWLIST names it.
report() {
  node "$repo/scripts/upstream-report.mjs" "$1" "$results/$1-native" "$results/$1-wasm" "$2"
}

#!/bin/sh
# Proves the committed binaries are what build-wasm.sh makes from the pinned sources:
# rebuilds into a temporary directory and compares the sha256 of every output with the
# committed wasm/SHA256SUMS (and the committed files with that manifest).
# Exit 0 when all match, 1 on any mismatch (with both toolchain lists, the usual cause).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
committed=$(dirname "$here")/wasm
started=$(date +%s)

(cd "$committed" && sha256sum --quiet -c SHA256SUMS) || {
  echo "verify-wasm: the committed files in $committed do not match their own SHA256SUMS" >&2
  exit 1
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/dosfstools-wasm-verify.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
sh "$here/build-wasm.sh" "$scratch/wasm"

if ! diff -u "$committed/SHA256SUMS" "$scratch/wasm/SHA256SUMS"; then
  echo "verify-wasm: MISMATCH between the committed binaries and a rebuild from the pinned sources." >&2
  echo "Toolchain that made the committed ones / this rebuild:" >&2
  diff -u "$committed/TOOLCHAIN" "$scratch/wasm/TOOLCHAIN" >&2 || true
  exit 1
fi
echo "verify-wasm: OK, $(wc -l <"$committed/SHA256SUMS") files identical to a rebuild ($(($(date +%s) - started)) s)"

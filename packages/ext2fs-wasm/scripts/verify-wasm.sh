#!/bin/sh
# Proves the committed binaries are what build-wasm.sh makes from the pinned sources:
# rebuilds into a scratch folder and compares every sha256 with wasm/SHA256SUMS.
# Exit 0 when all match, 1 on any mismatch.   (npm run verify:wasm -w packages/ext2fs-wasm)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/ext2fs-wasm-verify.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
sh "$here/scripts/build-wasm.sh" "$scratch"
if diff -u "$here/wasm/SHA256SUMS" "$scratch/SHA256SUMS"; then
  (cd "$here/wasm" && sha256sum -c --quiet SHA256SUMS) || { echo "committed files do not match wasm/SHA256SUMS"; exit 1; }
  echo "verify:wasm OK: the committed binaries are reproduced from the pinned sources"
else
  echo "verify:wasm FAILED: rebuilt binaries differ from wasm/SHA256SUMS (diff above)"
  exit 1
fi

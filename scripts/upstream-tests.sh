#!/bin/sh
# `npm run test:upstream`: the WASM tools under their upstreams' own regression suites,
# native vs WASM per test (scripts/upstream-e2fsprogs.sh, scripts/upstream-dosfstools.sh).
# Runs both even when the first fails; exit 1 if either found an unlisted WASM-only failure.
# Takes ~15 min on 2 idle cores (the first run also builds both projects natively).
here=$(cd "$(dirname "$0")" && pwd)
status=0
sh "$here/upstream-dosfstools.sh" || status=1
sh "$here/upstream-e2fsprogs.sh" || status=1
[ "$status" -eq 0 ] && echo "test:upstream OK" || echo "test:upstream FAILED"
exit "$status"

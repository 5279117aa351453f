# Sourced by the build scripts here: sets `here` (this directory, where the C glue lives), `out` (the
# output directory: the script's first argument, as scripts/verify-wasm.sh passes a scratch one, else
# here) and `work` (a scratch directory removed on exit, made the current one).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(mkdir -p "${1:-$here}" && cd "${1:-$here}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

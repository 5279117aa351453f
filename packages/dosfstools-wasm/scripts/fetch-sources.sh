#!/bin/sh
# Fetches Debian bookworm's dosfstools 4.2-1 and mtools 4.0.32 source packages into
# /tmp/diskimage-wasm-build/dosfstools/download, checks them against sources.sha256 and that
# Debian adds no patches, and prints that directory on its last line. Used by build-wasm.sh
# and by the upstream parity run (scripts/upstream-dosfstools.sh at the repository root).
# Needs: a `Types: deb-src` apt source for bookworm (see ../README.md).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
download=/tmp/diskimage-wasm-build/dosfstools/download
DOSFSTOOLS=dosfstools=4.2-1
MTOOLS=mtools=4.0.33-1+really4.0.32-1

fail() { echo "fetch-sources: $*" >&2; exit 1; }

mkdir -p "$download"
cd "$download"
if ! sha256sum --status -c "$here/sources.sha256" 2>/dev/null; then
  apt-get source --download-only -q "$DOSFSTOOLS" "$MTOOLS" >/dev/null 2>"$download/../apt-get-source.log" ||
    fail "apt-get source failed (see $download/../apt-get-source.log). Add a deb-src entry for bookworm, e.g.
  /etc/apt/sources.list.d/debian-src.sources:  Types: deb-src / URIs: http://deb.debian.org/debian /
  Suites: bookworm / Components: main / Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
then apt-get update."
fi
sha256sum --quiet -c "$here/sources.sha256" >&2 || fail "source tarball checksum mismatch (see above)"

# Debian's packaging of both carries no patches (checked here, so a new revision that adds
# some cannot slip in unnoticed): the upstream tarball plus patches is the source.
for debian in dosfstools_4.2-1.debian.tar.xz mtools_4.0.33-1+really4.0.32-1.debian.tar.xz; do
  if tar -tJf "$debian" | grep -q '^debian/patches/.'; then fail "$debian now has patches: apply them here"; fi
done
echo "$download"

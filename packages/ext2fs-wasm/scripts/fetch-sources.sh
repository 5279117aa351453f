#!/bin/sh
# Fetches Debian's e2fsprogs 1.47.2-3 source package (trixie's) into
# /tmp/diskimage-wasm-build/downloads, checks the pinned sha256 of every file, and prints
# the .dsc path on its last line. Used by build-wasm.sh and by the upstream parity run
# (scripts/upstream-e2fsprogs.sh at the repository root), so the sources are fetched once.
# Needs: apt (deb.debian.org reachable), debian-archive-keyring.
set -eu

PACKAGE=e2fsprogs
VERSION=1.47.2-3
UPSTREAM=1.47.2
# sha256 of the source package files, from trixie's Sources index when this was pinned.
SHA_DSC=860abb653ecbe01a11bb7e41c9e09a45e83847bffa585f7a3d3c0f9401c9d4bb
SHA_ORIG=6dcd67ff9d8b13274ba3f088e4318be4f5b71412cd863524423fc49d39a6371f
SHA_DEBIAN=5517aae5ce5196e49fa314492f0639ad7a1692c9521d703b6c81acff77a1564e

top=/tmp/diskimage-wasm-build
# Through apt with a private sources list and lists directory, so the machine itself stays
# on its own release.
apt_dir=$top/apt-trixie
mkdir -p "$apt_dir/lists/partial" "$top/downloads"
cat > "$apt_dir/trixie-src.sources" <<SOURCES
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt_opts="-o Dir::Etc::sourcelist=$apt_dir/trixie-src.sources -o Dir::Etc::sourceparts=- -o Dir::State::Lists=$apt_dir/lists"
cd "$top/downloads"
sha_ok() { [ -f "$1" ] && echo "$2  $1" | sha256sum -c --quiet - 2>/dev/null; }
if ! sha_ok ${PACKAGE}_$VERSION.dsc $SHA_DSC || ! sha_ok ${PACKAGE}_$UPSTREAM.orig.tar.gz $SHA_ORIG ||
   ! sha_ok ${PACKAGE}_$VERSION.debian.tar.xz $SHA_DEBIAN; then
  apt-get $apt_opts update -q >&2
  # The mirror has no .orig.tar.gz.asc for this version (apt then exits non-zero): the
  # sha256 checks below are what we trust, so tolerate that and check every file we use.
  apt-get $apt_opts source --download-only -q "$PACKAGE=$VERSION" >&2 || true
fi
echo "$SHA_DSC  ${PACKAGE}_$VERSION.dsc" | sha256sum -c - >&2
echo "$SHA_ORIG  ${PACKAGE}_$UPSTREAM.orig.tar.gz" | sha256sum -c - >&2
echo "$SHA_DEBIAN  ${PACKAGE}_$VERSION.debian.tar.xz" | sha256sum -c - >&2
echo "$top/downloads/${PACKAGE}_$VERSION.dsc"

#!/usr/bin/env bash
# The native side of `npm run bench`: the steps of nixpkgs' make-disk-image.nix (prepareImage, the
# in-VM formatting, moveOrConvertImage) run with the host's tools, without Nix and without the VM:
#
#   native.sh prepare TREE LAYOUT RAW    size scan, truncate, parted, sgdisk, partx, mkfs.ext4 -d,
#                                        mkfs.vfat (ESP), tune2fs — a finished raw image at RAW
#   native.sh convert RAW FORMAT OUT     qemu-img convert (FORMAT qcow2-compressed = qcow2 -c)
#
# Deviations from the reference, all in its favour or neutral: `mkfs.ext4 -d TREE` stands in for LKL's
# cptofs (which copies file by file through a user-space kernel and is slower); the tree is used in
# place (the reference first copies the closure into a staging root with nixos-install, which our
# pipeline does not need either); the size scan runs in the tree (the reference's `find .` runs in its
# build directory, a bug); the VM's mkfs.vfat on /dev/vda1 becomes mkfs.vfat --offset on the image and
# its tune2fs uses `image?offset=`. Options are the reference's defaults: bootSize 256M,
# additionalSpace 512M, label nixos, deterministic with the default rootGPUID/rootFSUID.
#
# Prints "@@phase NAME SECONDS" on stderr as each step starts (bash's $EPOCHREALTIME), so the bench can
# profile the native pipeline the same way as ours.
set -euo pipefail
export LC_ALL=C

mark() { echo "@@phase $1 $EPOCHREALTIME" >&2; }

bootSizeOption=${BENCH_BOOT_SIZE:-256M}
additionalSpaceOption=${BENCH_ADDITIONAL_SPACE:-512M}
label=nixos
blockSize=4096
rootGPUID=F222513B-DED1-49FA-B591-20CE86A2FE7F
rootFSUID=$rootGPUID

# --- helpers copied from prepareImage ---
sectorsToKilobytes() { echo $(( ( "$1" * 512 ) / 1024 )); }
sectorsToBytes() { echo $(( "$1" * 512 )); }
sum_lines() {
  local acc=0
  while read -r number; do
    acc=$((acc+number))
  done
  echo "$acc"
}
mebibyte=$(( 1024 * 1024 ))
compute_fudge() { echo $(( $1 * 52 / 1000 )); }
round_to_nearest() { echo $(( ( $1 / $2 + 1) * $2 )); }

prepare() {
  local tree=$1 layout=$2 diskImage=$3 rootPartition reservedSpace gptSpace
  case $layout in
    legacy) rootPartition=1 ;;
    efi) rootPartition=2 ;;
    *) echo "native.sh: layout $layout is not benchmarked (use legacy or efi)" >&2; exit 2 ;;
  esac

  mark size
  bootSize=$(round_to_nearest $(numfmt --from=iec "$bootSizeOption") $mebibyte)
  bootSizeMiB=$(( bootSize / 1024 / 1024 ))MiB
  if [ "$layout" = efi ]; then
    gptSpace=$(( 512 * 34 * 1 ))
    reservedSpace=$(( gptSpace + bootSize ))
  else
    reservedSpace=$(( mebibyte ))
  fi
  additionalSpace=$(( $(numfmt --from=iec "$additionalSpaceOption") + reservedSpace ))
  diskUsage=$(cd "$tree" && find . ! -type d -print0 | du --files0-from=- --apparent-size --count-links --block-size "$blockSize" | cut -f1 | sum_lines)
  numInodes=$(cd "$tree" && find . | wc -l)
  diskUsage=$(( (diskUsage + 2 * numInodes) * blockSize ))
  fudge=$(compute_fudge $diskUsage)
  requiredFilesystemSpace=$(( diskUsage + fudge ))
  requiredFilesystemSpace=$(round_to_nearest $requiredFilesystemSpace $blockSize)
  diskSize=$(( requiredFilesystemSpace + additionalSpace ))
  diskSize=$(round_to_nearest $diskSize $mebibyte)

  mark partition
  truncate -s "$diskSize" "$diskImage"
  if [ "$layout" = efi ]; then
    parted --script "$diskImage" -- \
      mklabel gpt \
      mkpart ESP fat32 8MiB $bootSizeMiB \
      set 1 boot on \
      align-check optimal 1 \
      mkpart primary ext4 $bootSizeMiB 100% \
      align-check optimal 2 \
      print >/dev/null
    sgdisk \
      --disk-guid=97FD5997-D90B-4AA3-8D16-C1723AEA73C \
      --partition-guid=1:1C06F03B-704E-4657-B9CD-681A087A2FDC \
      --partition-guid=2:$rootGPUID \
      "$diskImage" >/dev/null
  else
    parted --script "$diskImage" -- \
      mklabel msdos \
      mkpart primary ext4 1MiB 100% \
      print >/dev/null
  fi

  mark rootfs
  eval "$(partx "$diskImage" -o START,SECTORS --nr $rootPartition --pairs)"
  rootOffset=$(sectorsToBytes $START)
  mkfs.ext4 -q -b $blockSize -F -L $label -d "$tree" "$diskImage" -E offset=$rootOffset $(sectorsToKilobytes $SECTORS)K

  if [ "$layout" = efi ]; then
    mark bootfs
    eval "$(partx "$diskImage" -o START,SECTORS --nr 1 --pairs)"
    # In the VM mkfs.vfat sees /dev/vda1, a partition-sized device. `mkfs.vfat --offset` on the whole
    # image picks FAT32 from the image's size (dosfstools 4.2), so format a partition-sized file like
    # the VM does and copy its written blocks in (the image's region is a hole: skipping zeros is exact).
    esp="$diskImage.esp"
    truncate -s $(sectorsToBytes $SECTORS) "$esp"
    mkfs.vfat -n ESP "$esp" >/dev/null
    dd if="$esp" of="$diskImage" bs=1M seek=$(sectorsToBytes $START) oflag=seek_bytes conv=notrunc,sparse status=none
    rm "$esp"
  fi

  mark tune2fs
  tune2fs -T now -U $rootFSUID -c 0 -i 0 "$diskImage?offset=$rootOffset" >/dev/null
  tune2fs -f -T 19700101 "$diskImage?offset=$rootOffset" >/dev/null
  mark end
}

convert() {
  local diskImage=$1 format=$2 out=$3 compress=()
  mark convert
  if [ "$format" = qcow2-compressed ]; then format=qcow2; compress=(-c); fi
  if [ "$format" = raw ]; then
    mv "$diskImage" "$out" # as the reference; the bench converts to raw last
  else
    qemu-img convert -f raw -O "$format" "${compress[@]}" "$diskImage" "$out"
  fi
  mark end
}

case ${1:-} in
  prepare) shift; prepare "$@" ;;
  convert) shift; convert "$@" ;;
  *) echo "usage: native.sh prepare TREE LAYOUT RAW | convert RAW FORMAT OUT" >&2; exit 2 ;;
esac

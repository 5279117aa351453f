#!/usr/bin/env bash
# The automatic disk size of nixpkgs' make-disk-image.nix (prepareImage, diskSize
# == "auto"), copied from the reference with its Nix interpolations replaced by
# environment variables: LAYOUT (partitionTableType), BOOT (bootSize), ADDITIONAL
# (additionalSpace). Run it IN the tree to size. Prints:
#   diskUsage fudge requiredFilesystemSpace additionalSpace diskSize
#
# COUNT=reference (default) counts exactly as the reference does. COUNT=nul
# counts the same things over NUL-separated records instead, because the
# reference's `du | cut -f1` and `find . | wc -l` split a file name holding a
# newline into several lines (and would add a number that follows the newline).
# COUNT=given takes the two counts from BLOCKS and ENTRIES (to try the arithmetic
# on sizes no test tree could have).
set -euo pipefail

sum_lines() {
  local acc=0
  while read -r number; do
    acc=$((acc+number))
  done
  echo "$acc"
}
mebibyte=$(( 1024 * 1024 ))
compute_fudge() {
  echo $(( $1 * 52 / 1000 ))
}
round_to_nearest() {
  echo $(( ( $1 / $2 + 1) * $2 ))
}

bootSize=$(round_to_nearest $(numfmt --from=iec "$BOOT") $mebibyte)

case "$LAYOUT" in
  efi|efixbootldr|hybrid)
    gptSpace=$(( 512 * 34 * 1 ))
    reservedSpace=$(( gptSpace + bootSize ))
    ;;
  legacy+gpt)
    gptSpace=$(( 512 * 34 * 1 ))
    reservedSpace=$(( gptSpace + 2 * mebibyte ))
    ;;
  legacy)
    reservedSpace=$(( mebibyte ))
    ;;
  legacy+boot)
    reservedSpace=$(( bootSize ))
    ;;
  *)
    reservedSpace=0
    ;;
esac
additionalSpace=$(( $(numfmt --from=iec "$ADDITIONAL") + reservedSpace ))

if [ "${COUNT:-reference}" = given ]; then
  diskUsage=$BLOCKS
  numInodes=$ENTRIES
elif [ "${COUNT:-reference}" = nul ]; then
  diskUsage=$(find . ! -type d -print0 | du -0 --files0-from=- --apparent-size --count-links --block-size "4096" \
    | awk 'BEGIN { RS = "\0"; s = 0 } { split($0, f, "\t"); s += f[1] } END { print s }')
  numInodes=$(find . -print0 | tr -cd '\0' | wc -c)
else
  diskUsage=$(find . ! -type d -print0 | du --files0-from=- --apparent-size --count-links --block-size "4096" | cut -f1 | sum_lines)
  numInodes=$(find . | wc -l)
fi
diskUsage=$(( (diskUsage + 2 * numInodes) * 4096 ))
fudge=$(compute_fudge $diskUsage)
requiredFilesystemSpace=$(( diskUsage + fudge ))
requiredFilesystemSpace=$(round_to_nearest $requiredFilesystemSpace 4096)
diskSize=$(( requiredFilesystemSpace + additionalSpace ))
diskSize=$(round_to_nearest $diskSize $mebibyte)

echo "$diskUsage $fudge $requiredFilesystemSpace $additionalSpace $diskSize"

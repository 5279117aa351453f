# Excerpt of nixpkgs nixos/lib/make-disk-image.nix (MIT, NixOS contributors): its partitionDiskScript,
# verbatim (indentation lost in the copy we have). The oracle tests run these commands.
 partitionDiskScript =
 {
 # switch-case
 legacy = ''
 parted --script $diskImage -- \
 mklabel msdos \
 mkpart primary ext4 1MiB 100% \
 print
 '';
 "legacy+boot" = ''
 parted --script $diskImage -- \
 mklabel msdos \
 mkpart primary fat32 1MiB $bootSizeMiB \
 set 1 boot on \
 mkpart primary ext4 $bootSizeMiB 100% \
 print
 '';
 "legacy+gpt" = ''
 parted --script $diskImage -- \
 mklabel gpt \
 mkpart no-fs 1MiB 2MiB \
 set 1 bios_grub on \
 mkpart primary ext4 2MiB 100% \
 align-check optimal 2 \
 print
 ${lib.optionalString deterministic ''
 sgdisk \
 --disk-guid=97FD5997-D90B-4AA3-8D16-C1723AEA73C \
 --partition-guid=1:1C06F03B-704E-4657-B9CD-681A087A2FDC \
 --partition-guid=2:970C694F-AFD0-4B99-B750-CDB7A329AB6F \
 --partition-guid=3:${rootGPUID} \
 $diskImage
 ''}
 '';
 efi = ''
 parted --script $diskImage -- \
 mklabel gpt \
 mkpart ESP fat32 8MiB $bootSizeMiB \
 set 1 boot on \
 align-check optimal 1 \
 mkpart primary ext4 $bootSizeMiB 100% \
 align-check optimal 2 \
 print
 ${lib.optionalString deterministic ''
 sgdisk \
 --disk-guid=97FD5997-D90B-4AA3-8D16-C1723AEA73C \
 --partition-guid=1:1C06F03B-704E-4657-B9CD-681A087A2FDC \
 --partition-guid=2:${rootGPUID} \
 $diskImage
 ''}
 '';
 efixbootldr = ''
 parted --script $diskImage -- \
 mklabel gpt \
 mkpart ESP fat32 8MiB 100MiB \
 set 1 boot on \
 align-check optimal 1 \
 mkpart BOOT fat32 100MiB $bootSizeMiB \
 set 2 bls_boot on \
 align-check optimal 2 \
 mkpart ROOT ext4 $bootSizeMiB 100% \
 align-check optimal 3 \
 print
 ${lib.optionalString deterministic ''
 sgdisk \
 --disk-guid=97FD5997-D90B-4AA3-8D16-C1723AEA73C \
 --partition-guid=1:1C06F03B-704E-4657-B9CD-681A087A2FDC \
 --partition-guid=2:970C694F-AFD0-4B99-B750-CDB7A329AB6F \
 --partition-guid=3:${rootGPUID} \
 $diskImage
 ''}
 '';
 hybrid = ''
 parted --script $diskImage -- \
 mklabel gpt \
 mkpart ESP fat32 8MiB $bootSizeMiB \
 set 1 boot on \
 align-check optimal 1 \
 mkpart no-fs 0 1024KiB \
 set 2 bios_grub on \
 mkpart primary ext4 $bootSizeMiB 100% \
 align-check optimal 3 \
 print
 ${lib.optionalString deterministic ''
 sgdisk \
 --disk-guid=97FD5997-D90B-4AA3-8D16-C1723AEA73C \
 --partition-guid=1:1C06F03B-704E-4657-B9CD-681A087A2FDC \
 --partition-guid=2:970C694F-AFD0-4B99-B750-CDB7A329AB6F \
 --partition-guid=3:${rootGPUID} \
 $diskImage
 ''}
 '';
 none = "";
 }
# --- from the same file, the boot size computation that feeds $bootSizeMiB:
 mebibyte=$(( 1024 * 1024 ))
 round_to_nearest() {
 echo $(( ( $1 / $2 + 1) * $2 ))
 }
 bootSize=$(round_to_nearest $(numfmt --from=iec '${bootSize}') $mebibyte)
 bootSizeMiB=$(( bootSize / 1024 / 1024 ))MiB

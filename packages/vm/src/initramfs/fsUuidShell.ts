/**
 * busybox sh functions that print a filesystem's UUID the way blkid does (Debian's busybox-static
 * has no blkid applet): ext2/3/4 from the superblock (magic 0xEF53 at byte 1080, UUID at 1128),
 * FAT as the volume id "ABCD-1234" (at byte 67 on FAT32, 39 on FAT12/16, little-endian). Nothing is
 * printed for anything else. /init uses them to make /dev/disk/by-uuid, which update-grub needs to
 * write root=UUID= instead of a device name that differs on the machine the image boots on.
 */
export const FS_UUID_FUNCTIONS = [
  `hex() { dd if="$1" bs=1 skip="$2" count="$3" 2> /dev/null | od -An -tx1 | tr -d ' \\n'; }`,
  `text() { dd if="$1" bs=1 skip="$2" count="$3" 2> /dev/null; }`,
  `fat_id() { v=$(hex "$1" "$2" 4 | tr a-f A-F); echo "$(echo "$v" | cut -c7-8)$(echo "$v" | cut -c5-6)-$(echo "$v" | cut -c3-4)$(echo "$v" | cut -c1-2)"; }`,
  'fs_uuid() {',
  '  if [ "$(hex "$1" 1080 2)" = 53ef ]; then',
  '    u=$(hex "$1" 1128 16)',
  '    echo "$(echo "$u" | cut -c1-8)-$(echo "$u" | cut -c9-12)-$(echo "$u" | cut -c13-16)-$(echo "$u" | cut -c17-20)-$(echo "$u" | cut -c21-32)"',
  '  elif [ "$(text "$1" 82 5)" = FAT32 ]; then fat_id "$1" 67',
  '  elif [ "$(text "$1" 54 3)" = FAT ]; then fat_id "$1" 39',
  '  fi',
  '}',
].join('\n')

/** busybox applets the functions call. */
export const FS_UUID_APPLETS = ['cut', 'dd', 'od', 'tr'] as const

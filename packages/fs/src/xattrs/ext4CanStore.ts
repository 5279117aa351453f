/**
 * Whether ext4 can hold an attribute of this name: the namespaces its kernel driver has
 * handlers for (user., trusted., security. and the two POSIX ACLs). Other file systems list
 * attributes of their own that mean nothing on ext4 and that the kernel would never give an
 * ext4 file — btrfs's `btrfs.compression`, NFSv4's `system.nfs4_acl`, CIFS's `system.cifs_acl` —
 * so a tree kept on them still builds; those are left out (docs/xattrs.md).
 */
export function ext4CanStore(name: string): boolean {
  return /^(user|trusted|security)\../.test(name) || name === 'system.posix_acl_access' || name === 'system.posix_acl_default'
}

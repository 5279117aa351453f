/**
 * system.posix_acl_access in the Linux xattr format (what getfattr reads and mke2fs -d takes):
 * a little-endian u32 version 2, then 8-byte entries { u16 tag, u16 perm, u32 id }.
 */
const TAG_USER_OBJ = 0x01
const TAG_GROUP_OBJ = 0x04
const TAG_MASK = 0x10
const TAG_OTHER = 0x20
const HEADER = 4
const ENTRY = 8

/**
 * The access ACL as it is after `chmod MODE` on the file: owner and other entries take the
 * mode's bits, and the group bits go to the mask entry (or to the owning group's entry when
 * there is no mask) — the kernel's posix_acl_chmod. A `contents` entry with `mode` changes a
 * copy's permission bits; the ACL copied from its source must follow, or the image would hold
 * a mode and an ACL that disagree. Returns the value unchanged when it is not a valid ACL.
 */
export function aclWithMode(base64: string, mode: number): string {
  const acl = Buffer.from(base64, 'base64')
  if (acl.length < HEADER || (acl.length - HEADER) % ENTRY !== 0 || acl.readUInt32LE(0) !== 2) return base64
  let groupAt: number | undefined
  let maskAt: number | undefined
  for (let at = HEADER; at < acl.length; at += ENTRY) {
    const tag = acl.readUInt16LE(at)
    if (tag === TAG_USER_OBJ) acl.writeUInt16LE((mode >> 6) & 7, at + 2)
    else if (tag === TAG_OTHER) acl.writeUInt16LE(mode & 7, at + 2)
    else if (tag === TAG_GROUP_OBJ) groupAt = at
    else if (tag === TAG_MASK) maskAt = at
  }
  const groupBitsAt = maskAt ?? groupAt
  if (groupBitsAt !== undefined) acl.writeUInt16LE((mode >> 3) & 7, groupBitsAt + 2)
  return acl.toString('base64')
}

/** One member of a cpio archive. Paths are relative ("bin/busybox"), without a leading slash. */
export type CpioEntry =
  | { type: 'directory'; path: string; mode: number }
  | { type: 'file'; path: string; mode: number; data: Uint8Array }
  | { type: 'symlink'; path: string; target: string }
  | { type: 'char-device'; path: string; mode: number; major: number; minor: number }

const MAGIC = '070701' // "new ASCII" format without checksums, the one the kernel's initramfs unpacker reads
const TRAILER = 'TRAILER!!!'

const S_IFDIR = 0o040000
const S_IFREG = 0o100000
const S_IFLNK = 0o120000
const S_IFCHR = 0o020000

function typeBits(entry: CpioEntry): number {
  switch (entry.type) {
    case 'directory':
      return S_IFDIR | (entry.mode & 0o7777)
    case 'file':
      return S_IFREG | (entry.mode & 0o7777)
    case 'symlink':
      return S_IFLNK | 0o777
    case 'char-device':
      return S_IFCHR | (entry.mode & 0o7777)
  }
}

function body(entry: CpioEntry): Uint8Array {
  if (entry.type === 'file') return entry.data
  // A symlink's data is its target, without a terminating NUL.
  if (entry.type === 'symlink') return Buffer.from(entry.target, 'utf8')
  return new Uint8Array(0)
}

const hex8 = (value: number) => value.toString(16).padStart(8, '0')
const pad4 = (length: number) => (4 - (length % 4)) % 4

function header(ino: number, entry: CpioEntry | null, name: string, size: number): Buffer {
  const device = entry?.type === 'char-device' ? entry : null
  const fields = [
    ino,
    entry ? typeBits(entry) : 0,
    0, // uid: everything belongs to root inside the helper VM
    0, // gid
    entry?.type === 'directory' ? 2 : 1,
    0, // mtime: fixed, so the archive only depends on its contents
    size,
    0, // devmajor / devminor of the (non-existent) file system the member came from
    0,
    device?.major ?? 0,
    device?.minor ?? 0,
    Buffer.byteLength(name) + 1,
    0, // check: unused by the 070701 format
  ]
  return Buffer.from(MAGIC + fields.map(hex8).join('') + name + '\0', 'utf8')
}

/** Byte order, not locale order, so the archive is the same on every host. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/**
 * Serialises entries as a cpio "newc" (070701) archive, the format the Linux kernel unpacks as an
 * initramfs. Deterministic: members sorted by path bytes (so a directory precedes its contents),
 * inode numbers assigned 1, 2, 3… in that order, mtime 0, owner root.
 */
export function writeCpioNewc(entries: readonly CpioEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => compareBytes(a.path, b.path))
  const chunks: Buffer[] = []
  let offset = 0
  const push = (chunk: Uint8Array) => {
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
    offset += chunk.byteLength
  }
  const align = () => push(Buffer.alloc(pad4(offset)))
  sorted.forEach((entry, index) => {
    // Our own callers build the entry list; these are programming errors, not user input.
    if (entry.path === '' || entry.path.startsWith('/')) throw new Error(`cpio member path must be relative: "${entry.path}"`)
    if (entry.path === sorted[index - 1]?.path) throw new Error(`cpio member "${entry.path}" is listed twice`)
    const data = body(entry)
    push(header(index + 1, entry, entry.path, data.byteLength))
    align()
    push(data)
    align()
  })
  push(header(0, null, TRAILER, 0))
  align()
  return Buffer.concat(chunks)
}

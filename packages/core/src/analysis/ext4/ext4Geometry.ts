/** Where an ext4 file system keeps its metadata, from its superblock and group descriptors. */
export interface Ext4Geometry {
  blockSize: number
  firstDataBlock: number
  /** Blocks of the whole file system. */
  blocksCount: number
  blocksPerGroup: number
  inodesPerGroup: number
  inodeSize: number
  descSize: number
  groupCount: number
  /** Blocks of the group descriptor table. */
  gdtBlocks: number
  reservedGdtBlocks: number
  /** Groups that carry a superblock and descriptor backup (group 0 is the primary). */
  backupGroups: Set<number>
  /** Per group: where its bitmaps and inode table are, and bg_flags (EXT4_BG_BLOCK_UNINIT: bitmap never written). */
  groups: Array<{ blockBitmap: number; inodeBitmap: number; inodeTable: number; flags: number }>
  /** Blocks of one group's inode table. */
  inodeTableBlocks: number
}

const INCOMPAT_64BIT = 0x80
const RO_COMPAT_SPARSE_SUPER = 0x1
const COMPAT_SPARSE_SUPER2 = 0x200

/**
 * Reads the geometry from the primary superblock (1024 bytes at byte 1024) and
 * the descriptor table that follows it (`readBlocks` reads file-system blocks).
 */
export async function ext4Geometry(superblock: Buffer, readBlocks: (block: number, count: number) => Promise<Buffer>): Promise<Ext4Geometry> {
  const blockSize = 1024 << superblock.readUInt32LE(0x18)
  const firstDataBlock = superblock.readUInt32LE(0x14)
  const blocksPerGroup = superblock.readUInt32LE(0x20)
  const inodesPerGroup = superblock.readUInt32LE(0x28)
  const inodeSize = superblock.readUInt16LE(0x58) || 128
  const blocksCount = superblock.readUInt32LE(0x04) + superblock.readUInt32LE(0x150) * 2 ** 32
  const incompat = superblock.readUInt32LE(0x60)
  const descSize = incompat & INCOMPAT_64BIT ? superblock.readUInt16LE(0xfe) || 64 : 32
  const groupCount = Math.ceil((blocksCount - firstDataBlock) / blocksPerGroup)
  const gdtBlocks = Math.ceil((groupCount * descSize) / blockSize)
  const backupGroups = new Set<number>()
  const compat = superblock.readUInt32LE(0x5c)
  const roCompat = superblock.readUInt32LE(0x64)
  for (let g = 1; g < groupCount; g++) {
    if (compat & COMPAT_SPARSE_SUPER2) {
      if (g === superblock.readUInt32LE(0x24c) || g === superblock.readUInt32LE(0x250)) backupGroups.add(g)
    } else if (!(roCompat & RO_COMPAT_SPARSE_SUPER) || g === 1 || [3, 5, 7].some((base) => isPowerOf(g, base))) {
      backupGroups.add(g)
    }
  }
  const table = await readBlocks(firstDataBlock + 1, gdtBlocks)
  const at = (g: number, lo: number, hi: number) =>
    table.readUInt32LE(g * descSize + lo) + (descSize >= 64 ? table.readUInt32LE(g * descSize + hi) * 2 ** 32 : 0)
  const groups = Array.from({ length: groupCount }, (_, g) => ({ blockBitmap: at(g, 0, 0x20), inodeBitmap: at(g, 4, 0x24), inodeTable: at(g, 8, 0x28), flags: table.readUInt16LE(g * descSize + 0x12) }))
  return {
    blockSize, firstDataBlock, blocksCount, blocksPerGroup, inodesPerGroup, inodeSize, descSize, groupCount, gdtBlocks,
    reservedGdtBlocks: superblock.readUInt16LE(0xce), backupGroups, groups,
    inodeTableBlocks: Math.ceil((inodesPerGroup * inodeSize) / blockSize),
  }
}

function isPowerOf(n: number, base: number): boolean {
  let x = base
  while (x < n) x *= base
  return x === n
}

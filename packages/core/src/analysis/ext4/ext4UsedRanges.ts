import type { ByteRange } from '../byteRanges.js'
import { ext4Geometry } from './ext4Geometry.js'

type Read = (offset: number, length: number) => Promise<Buffer>

const EXT4_BG_BLOCK_UNINIT = 0x2
const INCOMPAT_META_BG = 0x10

/**
 * The byte ranges (relative to the file system's start) of the blocks an ext2/3/4 file system uses,
 * from its block bitmaps; `length` is the room it sits in. Every block a file, directory, extent tree,
 * journal or metadata structure occupies is marked in its group's bitmap, so the rest was never written
 * by e2fsprogs (a freshly made file system). A group flagged BLOCK_UNINIT has no bitmap on disk: mke2fs
 * and the kernel compute it, and its only used blocks are its superblock and descriptor backups; each
 * group's bitmaps and inode table are added explicitly too (with flex_bg they sit in another group).
 * Returns undefined where this reading does not hold (meta_bg places descriptors elsewhere): then the
 * caller keeps the whole room.
 */
export async function ext4UsedRanges(read: Read, length: number): Promise<ByteRange[] | undefined> {
  const superblock = await read(1024, 1024)
  if (superblock.readUInt32LE(0x60) & INCOMPAT_META_BG) return undefined
  const blockSize = 1024 << superblock.readUInt32LE(0x18)
  const geo = await ext4Geometry(superblock, (block, count) => read(block * blockSize, count * blockSize))
  const ranges: ByteRange[] = []
  const addBlocks = (first: number, count: number) => ranges.push({ offset: first * blockSize, length: count * blockSize })
  // The boot sector area and the primary superblock: below firstDataBlock on 1 KiB-block file systems.
  ranges.push({ offset: 0, length: Math.max(2048, blockSize) })
  for (let g = 0; g < geo.groupCount; g++) {
    const group = geo.groups[g]!
    const first = geo.firstDataBlock + g * geo.blocksPerGroup
    const count = Math.min(geo.blocksPerGroup, geo.blocksCount - first)
    addBlocks(group.blockBitmap, 1)
    addBlocks(group.inodeBitmap, 1)
    addBlocks(group.inodeTable, geo.inodeTableBlocks)
    if (group.flags & EXT4_BG_BLOCK_UNINIT) {
      if (g === 0 || geo.backupGroups.has(g)) addBlocks(first, 1 + geo.gdtBlocks + geo.reservedGdtBlocks)
      continue
    }
    const bitmap = await read(group.blockBitmap * blockSize, blockSize)
    for (const run of setBitRuns(bitmap, count)) addBlocks(first + run.first, run.count)
  }
  // Room past the file system's last block (a partition a little larger than it) is kept whole.
  const fsBytes = geo.blocksCount * blockSize
  if (fsBytes < length) ranges.push({ offset: fsBytes, length: length - fsBytes })
  return ranges
}

/** Runs of set bits among the first `bits` bits of a little-endian bitmap. */
function* setBitRuns(bitmap: Buffer, bits: number): Generator<{ first: number; count: number }> {
  let start = -1
  for (let i = 0; i < bits; i++) {
    const byte = bitmap[i >> 3]!
    // Whole zero or whole full bytes are the common case; skip them eight bits at a time.
    if ((i & 7) === 0 && i + 8 <= bits && (byte === 0 || byte === 0xff)) {
      if (byte === 0 && start >= 0) {
        yield { first: start, count: i - start }
        start = -1
      } else if (byte === 0xff && start < 0) start = i
      i += 7
      continue
    }
    const set = (byte >> (i & 7)) & 1
    if (set && start < 0) start = i
    else if (!set && start >= 0) {
      yield { first: start, count: i - start }
      start = -1
    }
  }
  if (start >= 0) yield { first: start, count: bits - start }
}

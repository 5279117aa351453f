import { ImageTooLargeError } from '../errors.js'
import type { HeaderIdentity } from '../identity.js'
import type { ConvertProgress, RawSource } from '../io/raw-source.js'
import type { TempOutput } from '../io/temp-output.js'
import { SPARSE_GRANULE } from '../io/write-non-zero.js'
import { VHD_MAX_SECTORS, vhdSizeFor } from './geometry.js'
import {
  encodeVhdDynamicHeader,
  encodeVhdFooter,
  VHD_BLOCK_SIZE,
  VHD_DYNAMIC_HEADER_BYTES,
  VHD_EPOCH_OFFSET,
  VHD_FOOTER_BYTES,
  VHD_TYPE_DYNAMIC,
} from './vhd-structures.js'

/** The 4 KiB pieces of a VHD block. */
const PIECES_PER_BLOCK = VHD_BLOCK_SIZE / SPARSE_GRANULE

/**
 * Writes a dynamic VHD as `qemu-img convert -O vpc` does: footer copy, dynamic header, block allocation
 * table (BAT) at 1536, then for each 2 MiB block holding data a 512-byte sector bitmap (all sectors
 * present) and the block, then the footer. The size grows to a whole CHS geometry (see vhdSizeFor).
 * Returns the virtual size of the VHD.
 *
 * Only the non-zero 4 KiB pieces of a block are written (the rest stay holes, as qemu-img leaves
 * them), taken as the runs the source finds in its one pass over the bytes: reading in whole blocks
 * instead cost 2 MiB chunks (twice the buffers to fault in and zero-fill) and a second zero check of
 * every piece. The content digest (deterministic UUID) takes each maximal run of non-zero pieces inside
 * a block, preceded by its offset: the bytes the VHD stores.
 */
export async function writeVpc(
  source: RawSource,
  output: TempOutput,
  rawSize: number,
  identity: HeaderIdentity,
  onProgress?: (progress: ConvertProgress) => void,
): Promise<number> {
  const { geometry, size } = vhdSizeFor(rawSize)
  if (size / 512 > VHD_MAX_SECTORS) throw new ImageTooLargeError('vpc', rawSize, VHD_MAX_SECTORS * 512)
  const tableOffset = VHD_FOOTER_BYTES + VHD_DYNAMIC_HEADER_BYTES
  const maxTableEntries = Math.ceil(size / VHD_BLOCK_SIZE)
  const table = Buffer.alloc(Math.ceil((maxTableEntries * 4) / 512) * 512, 0xff)
  const bitmap = Buffer.alloc(VHD_BLOCK_SIZE / 512 / 8, 0xff)
  let position = tableOffset + table.length
  let block = -1
  /** Where the current block's data starts in the file. */
  let blockData = 0
  /** The piece after the last one digested: a run that starts there continues a run cut by the source's chunking. */
  let digestedTo = -1
  for await (const run of source.dataRuns(SPARSE_GRANULE, onProgress)) {
    const end = run.index + run.count
    for (let piece = run.index; piece < end; ) {
      const pieceBlock = Math.floor(piece / PIECES_PER_BLOCK)
      if (pieceBlock !== block) {
        // Runs come in increasing order: a block is allocated at its first non-zero piece.
        block = pieceBlock
        table.writeUInt32BE(position / 512, block * 4)
        await output.write(bitmap, position)
        blockData = position + bitmap.length
        position = blockData + VHD_BLOCK_SIZE
      }
      const until = Math.min(end, (block + 1) * PIECES_PER_BLOCK)
      const data = run.data.subarray((piece - run.index) * SPARSE_GRANULE, (until - run.index) * SPARSE_GRANULE)
      const inBlock = (piece - block * PIECES_PER_BLOCK) * SPARSE_GRANULE
      await output.write(data, blockData + inBlock)
      if (piece === digestedTo && inBlock > 0) identity.observeMore(data)
      else identity.observe(piece * SPARSE_GRANULE, data)
      digestedTo = until
      piece = until
    }
  }
  identity.observeSize(size)
  const footer = encodeVhdFooter({
    dataOffset: BigInt(VHD_FOOTER_BYTES),
    timestamp: Math.max(0, identity.unixTime() - VHD_EPOCH_OFFSET),
    originalSize: size,
    currentSize: size,
    geometry,
    diskType: VHD_TYPE_DYNAMIC,
    uuid: identity.uuid('disk'),
  })
  await output.write(footer, position)
  await output.write(Buffer.concat([footer, encodeVhdDynamicHeader(tableOffset, maxTableEntries), table]), 0)
  return size
}

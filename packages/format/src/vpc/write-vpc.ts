import { ImageTooLargeError } from '../errors.js'
import type { HeaderIdentity } from '../identity.js'
import type { ConvertProgress, RawSource } from '../io/raw-source.js'
import type { TempOutput } from '../io/temp-output.js'
import { writeNonZero } from '../io/write-non-zero.js'
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

/**
 * Writes a dynamic VHD as `qemu-img convert -O vpc` does: footer copy, dynamic header, block allocation
 * table (BAT) at 1536, then for each 2 MiB block holding data a 512-byte sector bitmap (all sectors
 * present) and the block, then the footer. The size grows to a whole CHS geometry (see vhdSizeFor).
 * Returns the virtual size of the VHD.
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
  // Blocks are written piece by piece, skipping zero 4 KiB runs inside them, as qemu-img leaves them.
  let position = tableOffset + table.length
  for await (const run of source.dataRuns(VHD_BLOCK_SIZE, onProgress)) {
    for (let i = 0; i < run.count; i++) {
      const data = run.data.subarray(i * VHD_BLOCK_SIZE, (i + 1) * VHD_BLOCK_SIZE)
      table.writeUInt32BE(position / 512, (run.index + i) * 4)
      run.retain(Promise.all([output.write(bitmap, position), writeNonZero(output, data, position + bitmap.length)]))
      identity.observe((run.index + i) * VHD_BLOCK_SIZE, data)
      position += bitmap.length + VHD_BLOCK_SIZE
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

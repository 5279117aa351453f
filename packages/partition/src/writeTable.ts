import { encodeTable } from './encodeTable.js'
import { ImageSizeMismatchError } from './errors/ImageSizeMismatchError.js'
import { withFileHandle, type ImageTarget } from './io/withFileHandle.js'
import { writeFully } from './io/writeFully.js'
import type { TableSpec } from './types.js'
import { SECTOR_SIZE } from './types.js'

/**
 * Writes the partition table `spec` into an existing image file.
 *
 * Every byte is computed first (an invalid spec throws before the file is
 * touched); then only the table's own sectors are written at their offsets —
 * the rest of the image is neither read nor rewritten, so sparse multi-TiB
 * images stay sparse. The file must already be exactly
 * `spec.totalSectors * 512` bytes long.
 *
 * @param target a path, or an open FileHandle (left open) with write access
 * @example
 *   await truncate('disk.img', 1024 * 1024 * 1024)
 *   await writeTable('disk.img', { type: 'gpt', totalSectors: 2097152, diskGuid, partitions })
 */
export async function writeTable(target: ImageTarget, spec: TableSpec): Promise<void> {
  const pieces = encodeTable(spec)
  await withFileHandle(target, 'r+', async (handle, name) => {
    const { size } = await handle.stat()
    const tableBytes = spec.totalSectors * SECTOR_SIZE
    if (size !== tableBytes) throw new ImageSizeMismatchError(name, size, tableBytes)
    for (const piece of pieces) await writeFully(handle, name, piece.offset, piece.bytes)
  })
}

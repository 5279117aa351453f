import { NoPartitionTableError } from './errors/NoPartitionTableError.js'
import { readGpt } from './gpt/readGpt.js'
import { type ByteSource, fileByteSource, isByteSource } from './io/ByteSource.js'
import { readExactly } from './io/readExactly.js'
import { withFileHandle, type ImageTarget } from './io/withFileHandle.js'
import { decodeMbr, decodeMbrSlots } from './mbr/decodeMbr.js'
import { MBR } from './mbr/mbrLayout.js'
import type { PartitionTable } from './types.js'
import { SECTOR_SIZE } from './types.js'

/**
 * Reads the partition table of an image file: a GPT when sector 0 is a
 * protective MBR (a 0xEE entry), otherwise an msdos table. Everything is
 * validated — signatures, header and entry CRC32s, backup against primary,
 * partitions inside the disk and not overlapping — and any damage raises a
 * typed PartitionError subclass; reads are bounded, so malformed input can
 * neither crash nor hang the reader.
 *
 * `target`: a path, an open FileHandle, or a ByteSource (e.g. the virtual disk of a qcow2 opened with
 * @diskimage/format's openImage).
 *
 * @example
 *   const table = await readTable('disk.img')
 *   if (table.type === 'gpt') console.log(table.diskGuid, table.partitions.map((p) => p.name))
 */
export async function readTable(target: ImageTarget | ByteSource): Promise<PartitionTable> {
  if (isByteSource(target)) return readTableFrom(target)
  return withFileHandle(target, 'r', async (handle, name) => readTableFrom(fileByteSource(handle, name, (await handle.stat()).size)))
}

async function readTableFrom(source: ByteSource): Promise<PartitionTable> {
  const totalSectors = Math.floor(source.size / SECTOR_SIZE)
  const sector0 = await readExactly(source, 'MBR (sector 0)', 0, SECTOR_SIZE)
  const signature = new DataView(sector0.buffer, sector0.byteOffset, sector0.byteLength).getUint16(MBR.bootSignatureOffset, true)
  if (signature !== MBR.bootSignature) throw new NoPartitionTableError(source.name, signature)
  const isGpt = decodeMbrSlots(sector0).some((p) => p.type === 0xee)
  return isGpt ? readGpt(source, totalSectors) : decodeMbr(sector0, totalSectors)
}

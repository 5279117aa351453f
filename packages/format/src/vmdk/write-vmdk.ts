import { basename } from 'node:path'
import { compressBlocks } from '../compress/compress-blocks.js'
import { ImageTooLargeError } from '../errors.js'
import type { CompressionPool } from '../compress/compression-pool.js'
import type { HeaderIdentity } from '../identity.js'
import { AppendWriter } from '../io/append-writer.js'
import type { ConvertProgress, RawSource } from '../io/raw-source.js'
import type { TempOutput } from '../io/temp-output.js'
import {
  encodeVmdkHeader,
  encodeVmdkMarker,
  VMDK_COMPRESSION_DEFLATE,
  VMDK_FLAG_COMPRESSED,
  VMDK_FLAG_MARKERS,
  VMDK_FLAG_NL_DETECT,
  VMDK_GD_AT_END,
  VMDK_GRAIN_SECTORS,
  VMDK_GT_ENTRIES,
  VMDK_MARKER,
  vmdkDescriptor,
  type VmdkHeader,
} from './vmdk-structures.js'

/** What {@link writeVmdk} needs besides the source and the output. */
export interface VmdkWriteOptions {
  virtualSize: number
  pool: CompressionPool
  inFlight: number
  identity: HeaderIdentity
  onProgress?: (progress: ConvertProgress) => void
}

const DESCRIPTOR_SECTORS = 20
const MAX_SECTOR = 0xffffffff
/** Grains start at 64 KiB, after header and descriptor, as in VMware's and qemu's files. */
const OVERHEAD_SECTORS = 128

/**
 * Writes a stream-optimized VMDK (what OVA files carry): header with the grain directory "at end",
 * embedded descriptor, then each non-zero 64 KiB grain as a marker (LBA, size) and its zlib stream,
 * each grain table after the grains it covers, the grain directory, a footer (the header again, with
 * the directory's offset), and the end-of-stream marker. Every piece starts on a sector.
 */
export async function writeVmdk(source: RawSource, output: TempOutput, options: VmdkWriteOptions): Promise<void> {
  const grainBytes = VMDK_GRAIN_SECTORS * 512
  const capacitySectors = Math.ceil(options.virtualSize / 512)
  const tableCount = Math.ceil(capacitySectors / VMDK_GRAIN_SECTORS / VMDK_GT_ENTRIES)
  const directory = Buffer.alloc(Math.ceil((tableCount * 4) / 512) * 512)
  const writer = new AppendWriter(output, OVERHEAD_SECTORS * 512)
  let table: { index: number; entries: Buffer } | undefined

  const writeTable = async (): Promise<void> => {
    if (!table) return
    await writer.append(encodeVmdkMarker(table.entries.length / 512, VMDK_MARKER.grainTable))
    directory.writeUInt32LE(writer.position / 512, table.index * 4)
    await writer.append(table.entries)
    table = undefined
  }

  const blocks = source.dataBlocks(grainBytes, options.onProgress)
  const grains = compressBlocks(blocks, { pool: options.pool, blockSize: grainBytes, limit: Number.MAX_SAFE_INTEGER, inFlight: options.inFlight })
  const marker = Buffer.alloc(12)
  for await (const grain of grains) {
    // Grain tables hold 32-bit sector numbers: a stream cannot grow past 2 TiB.
    if (writer.position / 512 >= MAX_SECTOR) throw new ImageTooLargeError('vmdk', options.virtualSize, MAX_SECTOR * 512)
    const tableIndex = Math.floor(grain.index / VMDK_GT_ENTRIES)
    if (table && table.index !== tableIndex) await writeTable()
    table ??= { index: tableIndex, entries: Buffer.alloc(VMDK_GT_ENTRIES * 4) }
    table.entries.writeUInt32LE(writer.position / 512, (grain.index % VMDK_GT_ENTRIES) * 4)
    // The identity digest is over compressed grains: they are a function of the content.
    options.identity.observe(grain.index * grainBytes, grain.bytes)
    marker.writeBigUInt64LE(BigInt(grain.index * VMDK_GRAIN_SECTORS), 0)
    marker.writeUInt32LE(grain.bytes.length, 8)
    await writer.append(marker)
    await writer.append(grain.bytes)
    await writer.padTo(512)
  }
  await writeTable()

  await writer.append(encodeVmdkMarker(directory.length / 512, VMDK_MARKER.grainDirectory))
  const gdOffset = writer.position / 512
  await writer.append(directory)

  options.identity.observeSize(options.virtualSize)
  const header: VmdkHeader = {
    flags: VMDK_FLAG_NL_DETECT | VMDK_FLAG_COMPRESSED | VMDK_FLAG_MARKERS,
    capacitySectors,
    grainSectors: VMDK_GRAIN_SECTORS,
    descriptorOffset: 1,
    descriptorSectors: DESCRIPTOR_SECTORS,
    gtEntries: VMDK_GT_ENTRIES,
    rgdOffset: 0,
    gdOffset: VMDK_GD_AT_END,
    overheadSectors: OVERHEAD_SECTORS,
    compressAlgorithm: VMDK_COMPRESSION_DEFLATE,
  }
  await writer.append(encodeVmdkMarker(1, VMDK_MARKER.footer))
  await writer.append(encodeVmdkHeader({ ...header, gdOffset: BigInt(gdOffset) }))
  await writer.append(encodeVmdkMarker(0, VMDK_MARKER.endOfStream))
  await writer.flush()

  const uuid = options.identity.uuid('image').toString('hex')
  const descriptor = Buffer.alloc(DESCRIPTOR_SECTORS * 512)
  descriptor.write(
    vmdkDescriptor({
      cid: options.identity.uuid('content-id').readUInt32BE(0),
      capacitySectors,
      fileName: basename(output.target),
      uuid: `${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20)}`,
    }),
    'latin1',
  )
  await output.write(Buffer.concat([encodeVmdkHeader(header), descriptor]), 0)
}

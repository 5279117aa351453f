import { constants as zlibConstants, inflateRawSync } from 'node:zlib'
import { decodeQcow2Header, QCOW2_COMPRESSION_ZSTD, QCOW2_INCOMPAT_COMPRESSION_TYPE, QCOW2_MAGIC, type Qcow2Header } from '../qcow2/qcow2-header.js'
import { BlockImage, TableCache } from './disk-image.js'
import type { ImageFile } from './image-file.js'
import { decompressZstdCluster } from './zstd-cluster.js'

/** qemu's QCOW_MAX_L1_SIZE: an L1 table larger than 32 MiB is refused. */
const MAX_L1_BYTES = 32 << 20
const OFFSET_MASK = 0x00fffffffffffe00n
/** Dirty and corrupt (both still readable), compression type. */
const KNOWN_INCOMPATIBLE = 0b11n | QCOW2_INCOMPAT_COMPRESSION_TYPE

/**
 * A qcow2 image (version 2 or 3) without backing file, encryption, external data file, extended L2
 * entries or snapshots in use; compressed clusters deflate (qemu's default) or zstd.
 */
export class Qcow2Image extends BlockImage {
  readonly format = 'qcow2'
  private readonly l2Cache = new TableCache<Buffer>(32 << 20)
  private readonly zstd: boolean

  private constructor(
    file: ImageFile,
    private readonly header: Qcow2Header,
    private readonly l1: Buffer,
  ) {
    super(file, header.virtualSize, 2 ** header.clusterBits)
    this.zstd = (header.incompatibleFeatures & QCOW2_INCOMPAT_COMPRESSION_TYPE) !== 0n && header.compressionType === QCOW2_COMPRESSION_ZSTD
  }

  /** Checks the header of `file` (whose first bytes are `head`) and loads the L1 table. */
  static async open(file: ImageFile, head: Buffer): Promise<Qcow2Image> {
    file.format = 'qcow2'
    if (head.readUInt32BE(0) !== QCOW2_MAGIC) throw file.corrupt('no qcow2 magic')
    const header = decodeQcow2Header(head)
    if (header.version !== 2 && header.version !== 3) throw file.unsupported(`version ${header.version}`)
    if (header.clusterBits < 9 || header.clusterBits > 21) throw file.corrupt(`cluster_bits ${header.clusterBits} is outside 9..21`)
    if (header.backingFileOffset !== 0) throw file.unsupported('backing file')
    if (header.cryptMethod !== 0) throw file.unsupported('encryption')
    const unknown = header.incompatibleFeatures & ~KNOWN_INCOMPATIBLE
    if (unknown !== 0n) throw file.unsupported(`incompatible features 0x${unknown.toString(16)}`)
    // The type is in use only with its feature bit (qcow2.txt); then it must be one we know.
    const compressionType = header.incompatibleFeatures & QCOW2_INCOMPAT_COMPRESSION_TYPE ? header.compressionType : 0
    if (compressionType !== 0 && compressionType !== QCOW2_COMPRESSION_ZSTD) throw file.unsupported(`compression type ${compressionType}`)
    if (!Number.isSafeInteger(header.virtualSize) || header.virtualSize < 0) throw file.corrupt(`virtual size ${header.virtualSize}`)
    const clusterSize = 2 ** header.clusterBits
    const needed = Math.ceil(Math.ceil(header.virtualSize / clusterSize) / (clusterSize / 8))
    if (header.l1Size < needed) throw file.corrupt(`L1 table has ${header.l1Size} entries, the size needs ${needed}`)
    if (header.l1Size * 8 > MAX_L1_BYTES) throw file.corrupt(`L1 table of ${header.l1Size} entries exceeds 32 MiB`)
    if (header.l1TableOffset % clusterSize !== 0) throw file.corrupt('L1 table offset is not cluster-aligned')
    const l1 = await file.readExact(header.l1TableOffset, header.l1Size * 8, 'L1 table')
    return new Qcow2Image(file, header, l1)
  }

  protected async readBlock(index: number): Promise<Buffer | undefined> {
    const clusterSize = this.blockSize
    const l2Entries = clusterSize / 8
    const l1Index = Math.floor(index / l2Entries)
    const l2Offset = Number(this.l1.readBigUInt64BE(l1Index * 8) & OFFSET_MASK)
    if (l2Offset === 0) return undefined
    if (l2Offset % clusterSize !== 0) throw this.file.corrupt(`L2 table offset ${l2Offset} is not cluster-aligned`)
    const l2 = await this.l2Cache.get(l2Offset, () => this.file.readExact(l2Offset, clusterSize, 'L2 table'))
    const entry = l2.readBigUInt64BE((index % l2Entries) * 8)
    if (entry & (1n << 62n)) return this.readCompressed(entry)
    if (this.header.version >= 3 && entry & 1n) return undefined
    const offset = Number(entry & OFFSET_MASK)
    if (offset === 0) return undefined
    if (offset % clusterSize !== 0) throw this.file.corrupt(`data cluster offset ${offset} is not cluster-aligned`)
    return this.file.readExact(offset, clusterSize, `cluster ${index}`)
  }

  /** Decompresses a compressed cluster (raw deflate, or zstd frames), which must fill the cluster exactly (as qemu requires). */
  private async readCompressed(entry: bigint): Promise<Buffer> {
    const sizeShift = BigInt(62 - (this.header.clusterBits - 8))
    const offset = Number(entry & ((1n << sizeShift) - 1n))
    const sectors = Number((entry >> sizeShift) & ((1n << BigInt(this.header.clusterBits - 8)) - 1n)) + 1
    if (offset >= this.file.size) throw this.file.corrupt(`compressed cluster at ${offset} lies beyond the end of the file`)
    // The last compressed cluster may end inside a sector the file does not fill: read what is there.
    const length = Math.min(sectors * 512 - (offset % 512), this.file.size - offset)
    const input = await this.file.readExact(offset, length, 'compressed cluster')
    if (this.zstd) {
      const cluster = decompressZstdCluster(input, this.blockSize)
      if (!cluster) throw this.file.corrupt(`compressed cluster at ${offset} is not zstd frames that make one cluster`)
      return cluster
    }
    let output: Buffer
    try {
      output = inflateRawSync(input, { maxOutputLength: this.blockSize, finishFlush: zlibConstants.Z_SYNC_FLUSH })
    } catch (error) {
      throw this.file.corrupt(`compressed cluster at ${offset} does not inflate (${(error as Error).message})`)
    }
    if (output.length !== this.blockSize) throw this.file.corrupt(`compressed cluster at ${offset} inflates to ${output.length} bytes, not ${this.blockSize}`)
    return output
  }
}

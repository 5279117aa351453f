import { inflateSync } from 'node:zlib'
import { decodeVmdkHeader, VMDK_FLAG_COMPRESSED, VMDK_GD_AT_END, VMDK_MAGIC, type VmdkHeader } from '../vmdk/vmdk-structures.js'
import { BlockImage, TableCache } from './disk-image.js'
import type { ImageFile } from './image-file.js'

/** Grain table entry 1 marks a grain of zeros (ESX "zeroed grain"). */
const ZERO_GRAIN = 1

/**
 * A VMDK hosted sparse extent with embedded descriptor: monolithicSparse (qemu-img's default) and
 * streamOptimized (compressed grains, grain directory in the footer). Descriptor-only VMDKs pointing to
 * other files are not read.
 */
export class VmdkImage extends BlockImage {
  readonly format = 'vmdk'
  private readonly tables = new TableCache<Buffer>(16 << 20)

  private constructor(
    file: ImageFile,
    private readonly header: VmdkHeader,
    private readonly directory: Buffer,
  ) {
    super(file, header.capacitySectors * 512, header.grainSectors * 512)
  }

  /** Checks the header (or, for a stream, the footer) and loads the grain directory. */
  static async open(file: ImageFile, head: Buffer): Promise<VmdkImage> {
    file.format = 'vmdk'
    let header = decodeVmdkHeader(head)
    if (header.magic !== VMDK_MAGIC) throw file.unsupported('descriptor-only (multi-file) VMDK')
    if (header.gdOffset === VMDK_GD_AT_END) {
      // A stream's header is written first, before the directory's place is known; the footer (the
      // second-to-last sector, before the end-of-stream marker) repeats it with the real offset.
      header = decodeVmdkHeader(await file.readExact(file.size - 1024, 512, 'footer'))
      if (header.magic !== VMDK_MAGIC || header.gdOffset === VMDK_GD_AT_END) throw file.corrupt('no footer with a grain directory')
    }
    if (header.version < 1 || header.version > 3) throw file.unsupported(`version ${header.version}`)
    const { grainSectors, gtEntries, capacitySectors } = header
    if (grainSectors < 1 || grainSectors > 4096 || (grainSectors & (grainSectors - 1)) !== 0) throw file.corrupt(`grain size ${grainSectors} sectors`)
    if (gtEntries < 1 || gtEntries > 65536) throw file.corrupt(`${gtEntries} entries per grain table`)
    if (!Number.isSafeInteger(capacitySectors * 512)) throw file.corrupt(`capacity ${capacitySectors}`)
    if (header.flags & VMDK_FLAG_COMPRESSED && header.compressAlgorithm !== 1) throw file.unsupported(`compression ${header.compressAlgorithm}`)
    const tableCount = Math.ceil(capacitySectors / grainSectors / gtEntries)
    const directory = await file.readExact(Number(header.gdOffset) * 512, tableCount * 4, 'grain directory')
    return new VmdkImage(file, header, directory)
  }

  protected async readBlock(index: number): Promise<Buffer | undefined> {
    const { gtEntries } = this.header
    const tableSector = this.directory.readUInt32LE(Math.floor(index / gtEntries) * 4)
    if (tableSector === 0) return undefined
    const table = await this.tables.get(tableSector, () => this.file.readExact(tableSector * 512, gtEntries * 4, 'grain table'))
    const grainSector = table.readUInt32LE((index % gtEntries) * 4)
    if (grainSector === 0 || grainSector === ZERO_GRAIN) return undefined
    if (!(this.header.flags & VMDK_FLAG_COMPRESSED)) return this.file.readExact(grainSector * 512, this.blockSize, `grain ${index}`)
    // A compressed grain starts with its LBA (8 bytes) and compressed size (4 bytes), then a zlib stream.
    const marker = await this.file.readExact(grainSector * 512, 12, `grain ${index} marker`)
    const size = marker.readUInt32LE(8)
    if (size > this.blockSize * 2 + 1024) throw this.file.corrupt(`grain ${index} claims ${size} compressed bytes`)
    const compressed = await this.file.readExact(grainSector * 512 + 12, size, `grain ${index}`)
    let grain: Buffer
    try {
      grain = inflateSync(compressed, { maxOutputLength: this.blockSize })
    } catch (error) {
      throw this.file.corrupt(`grain ${index} does not inflate (${(error as Error).message})`)
    }
    if (grain.length > this.blockSize) throw this.file.corrupt(`grain ${index} inflates past the grain size`)
    return grain.length === this.blockSize ? grain : Buffer.concat([grain, Buffer.alloc(this.blockSize - grain.length)])
  }
}

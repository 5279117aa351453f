import { VHD_MAX_GEOMETRY_SECTORS } from '../vpc/geometry.js'
import { VHD_FOOTER_BYTES, VHD_TYPE_DYNAMIC, VHD_TYPE_FIXED, vhdChecksum } from '../vpc/vhd-structures.js'
import { BlockImage } from './disk-image.js'
import type { ImageFile } from './image-file.js'

/** Creator applications whose images qemu sizes by current_size instead of the CHS geometry (block/vpc.c). */
const SIZED_BY_CURRENT_SIZE = ['win ', 'qem2', 'd2v ', 'CTXS', 'tap\0']
const UNALLOCATED = 0xffffffff

/**
 * A VHD (qemu's "vpc"), fixed or dynamic; differencing disks are not read. The virtual size is chosen
 * as qemu chooses it: the CHS geometry's, unless the creator is one that uses current_size or the
 * geometry is the largest one.
 */
export class VpcImage extends BlockImage {
  readonly format = 'vpc'

  private constructor(
    file: ImageFile,
    virtualSize: number,
    blockSize: number,
    private readonly table: Buffer | undefined,
  ) {
    super(file, virtualSize, blockSize)
  }

  /** Finds and checks the footer (a copy at offset 0, or at the end for a fixed disk) and loads the BAT. */
  static async open(file: ImageFile, head: Buffer): Promise<VpcImage> {
    file.format = 'vpc'
    const footer = head.subarray(0, 8).toString('latin1') === 'conectix' ? head.subarray(0, VHD_FOOTER_BYTES) : await readTailFooter(file)
    const stored = footer.readUInt32BE(64)
    const blank = Buffer.from(footer)
    blank.writeUInt32BE(0, 64)
    if (vhdChecksum(blank) !== stored) throw file.corrupt('footer checksum mismatch')
    const virtualSize = footerVirtualSize(footer)
    const diskType = footer.readUInt32BE(60)
    if (diskType === VHD_TYPE_FIXED) {
      if (virtualSize > file.size - VHD_FOOTER_BYTES) throw file.corrupt(`fixed disk of ${virtualSize} bytes in a ${file.size}-byte file`)
      return new VpcImage(file, virtualSize, 1 << 20, undefined)
    }
    if (diskType !== VHD_TYPE_DYNAMIC) throw file.unsupported(`disk type ${diskType}`)
    const dynamic = await file.readExact(Number(footer.readBigUInt64BE(16)), 1024, 'dynamic disk header')
    if (dynamic.subarray(0, 8).toString('latin1') !== 'cxsparse') throw file.corrupt('no dynamic disk header')
    const blockSize = dynamic.readUInt32BE(32)
    if (blockSize < 512 || blockSize > 256 << 20 || (blockSize & (blockSize - 1)) !== 0) throw file.corrupt(`block size ${blockSize}`)
    const entries = dynamic.readUInt32BE(28)
    if (entries * blockSize < virtualSize) throw file.corrupt(`${entries} blocks of ${blockSize} bytes cannot hold ${virtualSize} bytes`)
    const table = await file.readExact(Number(dynamic.readBigUInt64BE(16)), entries * 4, 'block allocation table')
    return new VpcImage(file, virtualSize, blockSize, table)
  }

  protected async readBlock(index: number): Promise<Buffer | undefined> {
    if (!this.table) {
      const start = index * this.blockSize
      return this.file.readExact(start, Math.min(this.blockSize, this.virtualSize - start), `block ${index}`).then((bytes) => pad(bytes, this.blockSize))
    }
    const sector = this.table.readUInt32BE(index * 4)
    if (sector === UNALLOCATED) return undefined
    const bitmapBytes = Math.ceil(this.blockSize / 512 / 8 / 512) * 512
    const bitmap = await this.file.readExact(sector * 512, bitmapBytes, `bitmap of block ${index}`)
    const data = await this.file.readExact(sector * 512 + bitmapBytes, this.blockSize, `block ${index}`)
    // A sector whose bitmap bit is clear was never written: it reads as zeros (no parent disk here).
    if (bitmap.every((byte) => byte === 0xff)) return data
    for (let s = 0; s < this.blockSize / 512; s++) {
      if ((bitmap[s >> 3]! & (0x80 >> (s & 7))) === 0) data.fill(0, s * 512, (s + 1) * 512)
    }
    return data
  }
}

async function readTailFooter(file: ImageFile): Promise<Buffer> {
  if (file.size < VHD_FOOTER_BYTES) throw file.corrupt('file too small for a footer')
  const footer = await file.readExact(file.size - VHD_FOOTER_BYTES, VHD_FOOTER_BYTES, 'footer')
  if (footer.subarray(0, 8).toString('latin1') !== 'conectix') throw file.corrupt('no footer cookie')
  return footer
}

function footerVirtualSize(footer: Buffer): number {
  const chsSectors = footer.readUInt16BE(56) * footer.readUInt8(58) * footer.readUInt8(59)
  const creator = footer.subarray(28, 32).toString('latin1')
  const currentSize = Number(footer.readBigUInt64BE(48))
  if (chsSectors === VHD_MAX_GEOMETRY_SECTORS || SIZED_BY_CURRENT_SIZE.includes(creator)) return currentSize
  return chsSectors * 512
}

function pad(bytes: Buffer, length: number): Buffer {
  return bytes.length === length ? bytes : Buffer.concat([bytes, Buffer.alloc(length - bytes.length)])
}

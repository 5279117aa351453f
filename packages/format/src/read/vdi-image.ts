import { decodeVdiHeader, VDI_DISCARDED, VDI_SIGNATURE, VDI_TYPE_DYNAMIC, VDI_TYPE_STATIC } from '../vdi/vdi-header.js'
import { BlockImage } from './disk-image.js'
import type { ImageFile } from './image-file.js'

/** A VDI 1.1 image, dynamic or static, without parent (differencing images are not read). */
export class VdiImage extends BlockImage {
  readonly format = 'vdi'

  private constructor(
    file: ImageFile,
    virtualSize: number,
    blockSize: number,
    private readonly blockMap: Buffer,
    private readonly offsetData: number,
  ) {
    super(file, virtualSize, blockSize)
  }

  /** Checks the header of `file` (whose first bytes are `head`) and loads the block map. */
  static async open(file: ImageFile, head: Buffer): Promise<VdiImage> {
    file.format = 'vdi'
    const header = decodeVdiHeader(head)
    if (header.signature !== VDI_SIGNATURE) throw file.corrupt('no VDI signature')
    if (header.version >> 16 !== 1) throw file.unsupported(`version 0x${header.version.toString(16)}`)
    if (header.imageType !== VDI_TYPE_DYNAMIC && header.imageType !== VDI_TYPE_STATIC) throw file.unsupported(`image type ${header.imageType}`)
    if (header.blockExtra !== 0) throw file.unsupported('block_extra')
    const { blockSize, blocksInImage, diskSize } = header
    if (blockSize < 512 || blockSize > 256 << 20 || (blockSize & (blockSize - 1)) !== 0) throw file.corrupt(`block size ${blockSize}`)
    if (!Number.isSafeInteger(diskSize) || diskSize > blocksInImage * blockSize) {
      throw file.corrupt(`disk size ${diskSize} exceeds ${blocksInImage} blocks of ${blockSize} bytes`)
    }
    const blockMap = await file.readExact(header.offsetBmap, blocksInImage * 4, 'block map')
    return new VdiImage(file, diskSize, blockSize, blockMap, header.offsetData)
  }

  protected async readBlock(index: number): Promise<Buffer | undefined> {
    const entry = this.blockMap.readUInt32LE(index * 4)
    if (entry >= VDI_DISCARDED) return undefined
    return this.file.readExact(this.offsetData + entry * this.blockSize, this.blockSize, `block ${index}`)
  }
}

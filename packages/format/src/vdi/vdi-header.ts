/** Fields of a VDI 1.1 header (qemu block/vdi.c, VirtualBox VDICore.h) that this package writes and reads. */
export interface VdiHeader {
  imageType: number
  offsetBmap: number
  offsetData: number
  diskSize: number
  blockSize: number
  blockExtra: number
  blocksInImage: number
  blocksAllocated: number
  uuidImage: Buffer
  uuidLastSnap: Buffer
  uuidLink: Buffer
  uuidParent: Buffer
}

export const VDI_SIGNATURE = 0xbeda107f
export const VDI_VERSION_1_1 = 0x00010001
export const VDI_TYPE_DYNAMIC = 1
export const VDI_TYPE_STATIC = 2
/** Block map entry of a block never written: reads as zeros. */
export const VDI_UNALLOCATED = 0xffffffff
/** Block map entry of a discarded block: reads as zeros too. */
export const VDI_DISCARDED = 0xfffffffe
/** qemu-img's default block size. */
export const VDI_BLOCK_SIZE = 1 << 20
/** The text qemu-img puts at the top of the file (VirtualBox ignores it). */
const VDI_TEXT = '<<< QEMU VM Virtual Disk Image >>>\n'
export const VDI_HEADER_BYTES = 0x200

/** Encodes the pre-header and header into the first 512 bytes of the file (little-endian). */
export function encodeVdiHeader(header: VdiHeader): Buffer {
  const out = Buffer.alloc(VDI_HEADER_BYTES)
  out.write(VDI_TEXT, 0, 'latin1')
  out.writeUInt32LE(VDI_SIGNATURE, 0x40)
  out.writeUInt32LE(VDI_VERSION_1_1, 0x44)
  out.writeUInt32LE(0x180, 0x48)
  out.writeUInt32LE(header.imageType, 0x4c)
  out.writeUInt32LE(header.offsetBmap, 0x154)
  out.writeUInt32LE(header.offsetData, 0x158)
  out.writeUInt32LE(512, 0x168)
  out.writeBigUInt64LE(BigInt(header.diskSize), 0x170)
  out.writeUInt32LE(header.blockSize, 0x178)
  out.writeUInt32LE(header.blockExtra, 0x17c)
  out.writeUInt32LE(header.blocksInImage, 0x180)
  out.writeUInt32LE(header.blocksAllocated, 0x184)
  header.uuidImage.copy(out, 0x188)
  header.uuidLastSnap.copy(out, 0x198)
  header.uuidLink.copy(out, 0x1a8)
  header.uuidParent.copy(out, 0x1b8)
  return out
}

/** Decodes a header; the signature and version are returned for the reader to check. */
export function decodeVdiHeader(bytes: Buffer): VdiHeader & { signature: number; version: number } {
  return {
    signature: bytes.readUInt32LE(0x40),
    version: bytes.readUInt32LE(0x44),
    imageType: bytes.readUInt32LE(0x4c),
    offsetBmap: bytes.readUInt32LE(0x154),
    offsetData: bytes.readUInt32LE(0x158),
    diskSize: Number(bytes.readBigUInt64LE(0x170)),
    blockSize: bytes.readUInt32LE(0x178),
    blockExtra: bytes.readUInt32LE(0x17c),
    blocksInImage: bytes.readUInt32LE(0x180),
    blocksAllocated: bytes.readUInt32LE(0x184),
    uuidImage: bytes.subarray(0x188, 0x198),
    uuidLastSnap: bytes.subarray(0x198, 0x1a8),
    uuidLink: bytes.subarray(0x1a8, 0x1b8),
    uuidParent: bytes.subarray(0x1b8, 0x1c8),
  }
}

import { ImageTooLargeError } from '../errors.js'
import type { HeaderIdentity } from '../identity.js'
import { uuidToMixedEndian } from '../identity.js'
import type { ConvertProgress, RawSource } from '../io/raw-source.js'
import type { TempOutput } from '../io/temp-output.js'
import { encodeVdiHeader, VDI_BLOCK_SIZE, VDI_HEADER_BYTES, VDI_TYPE_DYNAMIC } from './vdi-header.js'

/** qemu's VDI_BLOCKS_IN_IMAGE_MAX: the block map index must stay below 0x3fffffff. */
const MAX_BLOCKS = 0x3fffffff

/**
 * Writes a dynamic VDI as qemu-img does by default: header, block map right after it (0x200), data
 * blocks of 1 MiB from the next 512-byte boundary, in guest order. All-zero blocks stay unallocated.
 */
export async function writeVdi(
  source: RawSource,
  output: TempOutput,
  virtualSize: number,
  identity: HeaderIdentity,
  onProgress?: (progress: ConvertProgress) => void,
): Promise<void> {
  const blocksInImage = Math.ceil(virtualSize / VDI_BLOCK_SIZE)
  if (blocksInImage > MAX_BLOCKS) throw new ImageTooLargeError('vdi', virtualSize, MAX_BLOCKS * VDI_BLOCK_SIZE)
  const blockMap = Buffer.alloc(Math.ceil((blocksInImage * 4) / 512) * 512, 0xff)
  const offsetData = VDI_HEADER_BYTES + blockMap.length
  let allocated = 0
  // Consecutive data blocks are allocated one after the other: a run is one write. The content digest
  // (XXH3, see HeaderIdentity) reads the blocks where they were read (see RawSource.readInto).
  for await (const run of source.dataRuns(VDI_BLOCK_SIZE, onProgress)) {
    run.retain(output.write(run.data, offsetData + allocated * VDI_BLOCK_SIZE))
    for (let i = 0; i < run.count; i++) {
      identity.observe((run.index + i) * VDI_BLOCK_SIZE, run.data.subarray(i * VDI_BLOCK_SIZE, (i + 1) * VDI_BLOCK_SIZE))
      blockMap.writeUInt32LE(allocated, (run.index + i) * 4)
      allocated++
    }
  }
  // Unused tail entries of the last map sector are padding, not blocks; qemu leaves them zero.
  blockMap.fill(0, blocksInImage * 4)
  identity.observeSize(virtualSize)
  const header = encodeVdiHeader({
    imageType: VDI_TYPE_DYNAMIC,
    offsetBmap: VDI_HEADER_BYTES,
    offsetData,
    diskSize: virtualSize,
    blockSize: VDI_BLOCK_SIZE,
    blockExtra: 0,
    blocksInImage,
    blocksAllocated: allocated,
    uuidImage: uuidToMixedEndian(identity.uuid('image')),
    uuidLastSnap: uuidToMixedEndian(identity.uuid('last-snapshot')),
    uuidLink: Buffer.alloc(16),
    uuidParent: Buffer.alloc(16),
  })
  await output.write(Buffer.concat([header, blockMap]), 0)
  // A file ending in unallocated blocks still ends at its last data block, as qemu's does.
  await output.truncate(offsetData + allocated * VDI_BLOCK_SIZE)
}

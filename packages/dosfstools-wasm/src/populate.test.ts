import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mcopy, mkfsFat, mmd } from './index.js'
import { treeDigest, writeFatTree } from './__fixtures__/fat-tree.js'
import { fatTypeAt, MiB, scratchDir, SECTOR, sparseImage } from './__fixtures__/images.js'
import { native, nativeOk } from './__fixtures__/native.js'

const scratch = scratchDir('populate')
afterAll(scratch.cleanup)

const source = join(scratch.dir, 'tree')
writeFatTree(source)
const env = { SOURCE_DATE_EPOCH: '1700000000' }

/** The partition's bytes as a file of their own, cut out with native dd (no loop device). */
function extractPartition(image: string, offsetBytes: number, bytes: number, out: string): string {
  nativeOk('dd', [`if=${image}`, `of=${out}`, 'bs=1M', `skip=${offsetBytes}`, `count=${bytes}`,
    'iflag=skip_bytes,count_bytes', 'conv=sparse', 'status=none'])
  return out
}

describe('WASM mkfs.fat + mmd + mcopy -s at an offset, checked by native fsck.fat and mtools', () => {
  it.each([
    { name: 'FAT12, 8 MiB at 1 MiB', fat: 12, offsetBytes: 1 * MiB, bytes: 8 * MiB },
    { name: 'FAT16, 256 MiB at 8 MiB', fat: 16, offsetBytes: 8 * MiB, bytes: 256 * MiB },
    { name: 'FAT32, 600 MiB at 8 MiB', fat: 32, offsetBytes: 8 * MiB, bytes: 600 * MiB },
    { name: 'FAT32, 300 MiB beyond 4 GiB', fat: 32, offsetBytes: 4 * 1024 * MiB + 100 * MiB, bytes: 300 * MiB },
  ])('$name', async ({ name, fat, offsetBytes, bytes }) => {
    const image = sparseImage(join(scratch.dir, `${name.replace(/\W+/g, '-')}.img`), offsetBytes + bytes + MiB)
    const at = `${image}@@${offsetBytes}`
    // -s 1 for the small FAT32: mtools misreads a FAT32 with fewer than 65525 clusters.
    await mkfsFat(['-F', String(fat), ...(fat === 32 ? ['-s', '1'] : []), '--invariant', '-i', '12345678',
      '--offset', String(offsetBytes / SECTOR), image, String(bytes / 1024)])
    expect(fatTypeAt(image, offsetBytes)).toBe(fat)

    await mmd(['-i', at, '::/EFI', '::/EFI/Linux'], { env })
    await mcopy(['-s', '-i', at, source, '::/'], { env })

    const partition = extractPartition(image, offsetBytes, bytes, join(scratch.dir, 'partition.img'))
    const fsck = native('fsck.fat', ['-n', partition])
    expect(fsck.code, fsck.stdout + fsck.stderr).toBe(0)

    const readBack = join(scratch.dir, `read-${fat}-${offsetBytes}`)
    nativeOk('mcopy', ['-s', '-n', '-i', at, '::/', readBack])
    const expected = new Map([['EFI/', ''], ['EFI/Linux/', ''], ['tree/', '']])
    for (const [path, sha] of treeDigest(source)) expected.set(`tree/${path}`, sha)
    expect(treeDigest(readBack)).toEqual(expected)
  })
})

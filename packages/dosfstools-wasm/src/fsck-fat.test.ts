import { closeSync, copyFileSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fatlabel, fsckFat } from './index.js'
import { writeFatTree } from './__fixtures__/fat-tree.js'
import { MiB, readRange, scratchDir, sparseImage } from './__fixtures__/images.js'
import { native, nativeOk, sameFiles } from './__fixtures__/native.js'

const scratch = scratchDir('fsck')
afterAll(scratch.cleanup)

const env = { SOURCE_DATE_EPOCH: '1700000000' }
const source = join(scratch.dir, 'tree')
writeFatTree(source, 200_000)

/** A clean 32 MiB FAT16 file system holding the test tree, made by the native tools. */
const clean = sparseImage(join(scratch.dir, 'clean.img'), 32 * MiB)
nativeOk('mkfs.fat', ['--invariant', '-i', '11223344', clean])
nativeOk('mcopy', ['-s', '-i', clean, source, '::/'], env)

function patchBytes(image: string, offset: number, bytes: number[]): void {
  const fd = openSync(image, 'r+')
  try {
    writeSync(fd, Buffer.from(bytes), 0, bytes.length, offset)
  } finally {
    closeSync(fd)
  }
}

/** Boot sector fields (little-endian) needed to find the FATs. */
function layout(image: string): { fatStart: number; fatBytes: number } {
  const boot = readRange(image, 0, 512)
  const sector = boot.readUInt16LE(11)
  return { fatStart: boot.readUInt16LE(14) * sector, fatBytes: boot.readUInt16LE(22) * sector }
}

const corruptions: Record<string, (image: string) => void> = {
  clean: () => {},
  // The two FAT copies disagree on a cluster in use.
  'FATs differ': (image) => {
    const { fatStart, fatBytes } = layout(image)
    patchBytes(image, fatStart + fatBytes + 2 * 10, [0x34, 0x12])
  },
  // A cluster chain that points outside the file system, in both FATs.
  'cluster chain out of range': (image) => {
    const { fatStart, fatBytes } = layout(image)
    for (const copy of [0, 1]) patchBytes(image, fatStart + copy * fatBytes + 2 * 5, [0xf0, 0xff - 0x10])
  },
  // Boot sector: zero sectors per cluster, which no FAT may have.
  'boot sector broken': (image) => patchBytes(image, 13, [0]),
}

describe('WASM fsck.fat agrees with native fsck.fat', () => {
  it.each(Object.keys(corruptions))('fsck.fat -n on %s: same exit code and report', async (name) => {
    const image = join(scratch.dir, `${name.replace(/\W+/g, '-')}.img`)
    copyFileSync(clean, image)
    corruptions[name]!(image)

    const expected = native('fsck.fat', ['-n', image])
    const actual = await fsckFat(['-n', image], { okCodes: [0, 1, 2, 3, 4, 5, 6, 7, 8] })

    expect(actual.code).toBe(expected.code)
    expect(actual.stdout).toBe(expected.stdout)
    if (name === 'clean') expect(actual.code).toBe(0)
    else expect(actual.code).not.toBe(0)
  })

  it('fsck.fat -a repairs a damaged image to the same bytes as native', async () => {
    const nativeImage = join(scratch.dir, 'repair-native.img')
    const wasmImage = join(scratch.dir, 'repair-wasm.img')
    for (const image of [nativeImage, wasmImage]) {
      copyFileSync(clean, image)
      corruptions['cluster chain out of range']!(image)
    }
    const expected = native('fsck.fat', ['-a', nativeImage])
    const actual = await fsckFat(['-a', wasmImage], { okCodes: [0, 1] })

    expect(actual.code).toBe(expected.code)
    expect(sameFiles(wasmImage, nativeImage)).toBe(true)
    expect(sameFiles(wasmImage, clean)).toBe(false)
  })
})

describe('WASM fatlabel agrees with native fatlabel', () => {
  it('sets the volume id to the same bytes', async () => {
    const nativeImage = join(scratch.dir, 'volid-native.img')
    const wasmImage = join(scratch.dir, 'volid-wasm.img')
    copyFileSync(clean, nativeImage)
    copyFileSync(clean, wasmImage)

    nativeOk('fatlabel', ['-i', nativeImage, 'deadbeef'])
    await fatlabel(['-i', wasmImage, 'deadbeef'])

    expect(sameFiles(wasmImage, nativeImage)).toBe(true)
    expect((await fatlabel(['-i', wasmImage])).stdout).toBe(nativeOk('fatlabel', ['-i', nativeImage]).stdout)
  })

  it('sets the label in the boot sector as native does and reads it back alike', async () => {
    // The root directory's label entry also gets the CURRENT time (dosfstools 4.2 has no
    // SOURCE_DATE_EPOCH), so only the boot sector is compared byte for byte.
    const nativeImage = join(scratch.dir, 'label-native.img')
    const wasmImage = join(scratch.dir, 'label-wasm.img')
    copyFileSync(clean, nativeImage)
    copyFileSync(clean, wasmImage)

    nativeOk('fatlabel', [nativeImage, 'NEWLABEL'])
    await fatlabel([wasmImage, 'NEWLABEL'])

    expect(readRange(wasmImage, 0, 512).equals(readRange(nativeImage, 0, 512))).toBe(true)
    expect((await fatlabel([wasmImage])).stdout).toBe(nativeOk('fatlabel', [nativeImage]).stdout)
  })
})

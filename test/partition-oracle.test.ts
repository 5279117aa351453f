/**
 * The "Done when" of issue 2: for every layout × disk size × bootSize, the
 * reference's own parted (+ sgdisk) commands — read from the excerpt of
 * make-disk-image.nix, not retyped — run on one blank sparse image, our
 * layout() + writeTable() on another, and the table bytes must be equal.
 *
 * Documented differences (docs/partition-tables.md): on msdos parted writes a
 * 75-byte boot stub (we leave 0..0x1B7 zero) and a random disk signature
 * (ours is derived from rootGPUID); on legacy+gpt the reference's sgdisk call
 * misses the root partition, so its script runs with our fix
 * (`--partition-guid=2:rootGPUID`). In non-deterministic mode parted's random
 * GUIDs / signature are read back and fed to layout() as its randomness, so
 * every other byte must still match.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DiskImageError, LAYOUT_TABLE_TYPES, layout, type DiskLayout, type LayoutTableType } from '@diskimage/core'
import { readTable, writeTable } from '@diskimage/partition'
import { blankImage, numfmtIec, replay, tableAreas, tool } from '../packages/core/src/layout/__fixtures__/oracleTools.js'
import { referenceScript } from '../packages/core/src/layout/__fixtures__/referenceScript.js'

// sgdisk sleeps ~1 s after writing (it waits for the kernel to re-read the table) without using CPU, so
// many cases can wait at once.
vi.setConfig({ maxConcurrency: 12 })

const MiB = 1024 * 1024
const ROOT_GPUID = 'F222513B-DED1-49FA-B591-20CE86A2FE7F' // the reference's default
const DISK_SIZES: [string, number][] = [
  ['64MiB', 64 * MiB],
  ['1024MiB', 1024 * MiB],
  ['3000MiB', 3000 * MiB],
  ['3TiB', 3 * 1024 * 1024 * MiB],
]
const BOOT_SIZES = ['8M', '100M', '256M', '513M', '1G']
/** Layouts whose partitions depend on bootSize; the others run once with the default "256M". */
const USES_BOOT_SIZE = new Set<LayoutTableType>(['legacy+boot', 'efi', 'efixbootldr', 'hybrid'])

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'partition-oracle-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Index of the first differing byte, -1 when equal: a readable failure instead of two dumps. */
function firstDifference(a: Buffer, b: Buffer): number {
  if (a.equals(b)) return -1
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return n
}


const cases = LAYOUT_TABLE_TYPES.flatMap((type) =>
  DISK_SIZES.flatMap(([sizeName, diskBytes]) =>
    (USES_BOOT_SIZE.has(type) ? BOOT_SIZES : ['256M']).flatMap((bootSize) =>
      [true, false].map((deterministic) => ({ type, sizeName, diskBytes, bootSize, deterministic })),
    ),
  ),
)

describe.concurrent('our tables equal what the reference commands write', () => {
  it.each(cases)('$type, $sizeName, bootSize $bootSize, deterministic $deterministic', async ({ type, sizeName, diskBytes, bootSize, deterministic }) => {
    const name = `${type}-${sizeName}-${bootSize}-${deterministic}`.replace('+', '_')
    const refImage = join(dir, `${name}.ref.img`)
    const ourImage = join(dir, `${name}.ours.img`)
    const request = { partitionTableType: type, bootSize: await numfmtIec(bootSize), deterministic, rootGPUID: ROOT_GPUID }
    try {
      await blankImage(refImage, diskBytes)
      await blankImage(ourImage, diskBytes)
      const script = referenceScript({ partitionTableType: type, bootSize, deterministic, rootGPUID: ROOT_GPUID, fixLegacyGptRootGuid: true })
      const reference = await tool('bash', ['-c', script, 'reference', refImage])

      let ours: DiskLayout
      try {
        ours = layout(request, diskBytes, reference.code === 0 && type !== 'none' ? replay(await readTable(refImage)) : undefined)
      } catch (error) {
        // We refuse exactly when parted does, with one of our typed layout errors.
        expect(error).toBeInstanceOf(DiskImageError)
        expect(reference.code, `reference succeeded but layout threw ${String(error)}`).not.toBe(0)
        return
      }
      expect(reference.code, `reference failed (${reference.stderr.trim()}) but layout accepted`).toBe(0)
      if (ours.table === null) {
        // "none": no table at all, on either side.
        const { head } = await tableAreas(refImage, diskBytes / 512)
        expect(head.every((b) => b === 0)).toBe(true)
        await expect(readTable(refImage)).rejects.toMatchObject({ code: 'E_NO_PARTITION_TABLE' })
        return
      }
      await writeTable(ourImage, ours.table)

      const totalSectors = diskBytes / 512
      const refAreas = await tableAreas(refImage, totalSectors)
      const ourAreas = await tableAreas(ourImage, totalSectors)
      if (ours.table.type === 'msdos') {
        // Documented differences: parted's boot stub (we write zeros) and, when deterministic, the signature.
        expect(ourAreas.head.subarray(0, 0x1b8).every((b) => b === 0)).toBe(true)
        expect(refAreas.head.subarray(0, 0x1b8).some((b) => b !== 0)).toBe(true)
        refAreas.head.fill(0, 0, 0x1b8)
        if (deterministic) ourAreas.head.copy(refAreas.head, 0x1b8, 0x1b8, 0x1bc)
      }
      expect(firstDifference(ourAreas.head, refAreas.head)).toBe(-1)
      expect(firstDifference(ourAreas.tail, refAreas.tail)).toBe(-1)

      // The real tools find nothing wrong with our image.
      const sfdisk = await tool('sfdisk', ['--verify', ourImage])
      expect(sfdisk.code).toBe(0)
      expect(sfdisk.stdout).toContain('No errors detected.')
      expect(sfdisk.stderr).toBe('')
      const sgdisk = await tool('sgdisk', ['-v', ourImage])
      expect(sgdisk.code).toBe(0)
      if (ours.table.type === 'gpt') {
        expect(sgdisk.stdout).toContain('No problems found.')
      } else {
        // sgdisk -v converts an MBR to a GPT in memory and then always complains that the backup GPT
        // would overlap a partition ending at T-1; it must say the same about parted's image, no more.
        const onReference = await tool('sgdisk', ['-v', refImage])
        expect(sgdisk.stdout).toBe(onReference.stdout.replaceAll(refImage, ourImage))
      }

      // Our reader sees the same table in both images (msdos deterministic: up to the signature).
      const readOurs = await readTable(ourImage)
      const readRef = await readTable(refImage)
      if (readRef.type === 'msdos' && readOurs.type === 'msdos' && deterministic) readRef.diskSignature = readOurs.diskSignature
      expect(readOurs).toEqual(readRef)
    } finally {
      await rm(refImage, { force: true })
      await rm(ourImage, { force: true })
    }
  })
})

describe('the legacy+gpt fix (docs/partition-tables.md)', () => {
  it('the unfixed reference leaves 970C694F… on the root; we put rootGPUID there', async () => {
    const rootGPUID = '0D0E0A0D-BEEF-4CAF-8BAD-F00D12345678'
    const refImage = join(dir, 'unfixed.img')
    await blankImage(refImage, 1024 * MiB)
    const script = referenceScript({ partitionTableType: 'legacy+gpt', bootSize: '256M', deterministic: true, rootGPUID, fixLegacyGptRootGuid: false })
    expect(script).toContain(`--partition-guid=3:${rootGPUID}`)
    expect((await tool('bash', ['-c', script, 'reference', refImage])).code).toBe(0) // sgdisk ignores partition 3 silently
    const theirs = await readTable(refImage)
    const ours = layout({ partitionTableType: 'legacy+gpt', bootSize: 256 * MiB, deterministic: true, rootGPUID }, 1024 * MiB)
    expect(theirs.type === 'gpt' && theirs.partitions[1]!.uniqueGuid).toBe('970C694F-AFD0-4B99-B750-CDB7A329AB6F')
    expect(ours.partitions[1]).toMatchObject({ role: 'root', uniqueGuid: rootGPUID })
    await rm(refImage, { force: true })
  })
})

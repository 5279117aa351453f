import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PARTITION_TABLE_TYPES, type PartitionTableType } from '../options/choices.js'
import { makeAwkwardNamesTree, makeShellSafeTree, tempDir } from './__fixtures__/makeTrees.js'
import { autoDiskSize } from './autoDiskSize.js'
import { scanTree } from './scanTree.js'

const SCRIPT = fileURLToPath(new URL('./__fixtures__/reference-auto-size.sh', import.meta.url))

// The reference's auto size computed by its own shell code, in the tree.
function referenceAutoSize(
  root: string,
  layout: PartitionTableType,
  bootSize: string,
  additionalSpace: string,
  count: 'reference' | 'nul' | { blocks: number; entries: number },
) {
  const counts = typeof count === 'object' ? { COUNT: 'given', BLOCKS: String(count.blocks), ENTRIES: String(count.entries) } : { COUNT: count }
  const env = { ...process.env, LAYOUT: layout, BOOT: bootSize, ADDITIONAL: additionalSpace, ...counts, LC_ALL: 'C' }
  const [diskUsage, fudge, requiredFilesystemSpace, additional, diskSize] = execFileSync('bash', [SCRIPT], { cwd: root, env, encoding: 'utf8' })
    .trim()
    .split(' ')
    .map(BigInt)
  return { diskUsage, fudge, requiredFilesystemSpace, additionalSpace: additional, diskSize }
}

const SIZES: [bootSize: string, additionalSpace: string][] = [
  ['256M', '512M'], // the reference's defaults
  ['100M', '0'],
  ['1G', '3.5M'],
]

const roots: string[] = []
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })))

describe('autoDiskSize equals the reference shell computation', () => {
  let root: string
  beforeAll(() => {
    root = tempDir('autosize')
    roots.push(root)
    makeShellSafeTree(root)
  })

  for (const layout of PARTITION_TABLE_TYPES) {
    it.each(SIZES)(`${layout}, bootSize %s, additionalSpace %s`, async (bootSize, additionalSpace) => {
      const ours = autoDiskSize(await scanTree(root), { partitionTableType: layout, bootSize, additionalSpace })
      const { reservedSpace, ...steps } = ours
      expect(steps).toEqual(referenceAutoSize(root, layout, bootSize, additionalSpace, 'reference'))
      expect(ours.additionalSpace - reservedSpace).toBe(BigInt(execFileSync('numfmt', ['--from=iec', additionalSpace], { encoding: 'utf8' }).trim()))
      expect(ours.diskSize % 1048576n).toBe(0n)
    })
  }
})

describe('autoDiskSize on names with newlines equals the NUL-separated shell computation', () => {
  let root: string
  beforeAll(() => {
    root = tempDir('autosize-awkward')
    roots.push(root)
    makeAwkwardNamesTree(root)
  })

  it.each(PARTITION_TABLE_TYPES)('%s', async (layout) => {
    const { reservedSpace: _, ...steps } = autoDiskSize(await scanTree(root), { partitionTableType: layout, bootSize: '256M', additionalSpace: '512M' })
    expect(steps).toEqual(referenceAutoSize(root, layout, '256M', '512M', 'nul'))
  })
})

describe('autoDiskSize arithmetic equals the reference shell arithmetic on large counts', () => {
  // The seed-facts sample (3703 entries, 52211 blocks), a tree of about 1 TiB and
  // one of about 8 TiB: past 2^32 blocks of bytes, exact in bigint as in bash.
  const COUNTS = [
    { entries: 3703, blocks: 52211 },
    { entries: 2_500_000, blocks: 268_435_456 },
    { entries: 40_000_000, blocks: 2_147_483_648 },
  ]
  for (const count of COUNTS) {
    it.each(PARTITION_TABLE_TYPES)(`${count.blocks} blocks, ${count.entries} entries, %s`, (layout) => {
      const { reservedSpace: _, ...steps } = autoDiskSize(count, { partitionTableType: layout, bootSize: '256M', additionalSpace: '512M' })
      expect(steps).toEqual(referenceAutoSize('.', layout, '256M', '512M', count))
    })
  }
})

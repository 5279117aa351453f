import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mcopy, mkfsFat, mmd } from './index.js'
import { writeFatTree } from './__fixtures__/fat-tree.js'
import { MiB, scratchDir, SECTOR, sparseImage } from './__fixtures__/images.js'
import { sameFiles } from './__fixtures__/native.js'

const scratch = scratchDir('deterministic')
afterAll(scratch.cleanup)

const offsetBytes = 8 * MiB
const fsBytes = 256 * MiB

/**
 * One full ESP build: mkfs.fat --invariant -i, a label, mmd, mcopy -s of the tree, all with
 * SOURCE_DATE_EPOCH and (by default) TZ=UTC. `tree` differs between runs (another path,
 * other mtimes) so the result must depend only on the tree's names and contents.
 */
async function buildEsp(image: string, tree: string): Promise<void> {
  sparseImage(image, offsetBytes + fsBytes)
  const env = { SOURCE_DATE_EPOCH: '1700000000' }
  await mkfsFat(['--invariant', '-i', '5eed5eed', '-n', 'ESP', '--offset', String(offsetBytes / SECTOR), image, String(fsBytes / 1024)])
  const at = `${image}@@${offsetBytes}`
  await mmd(['-i', at, '::/EFI', '::/EFI/BOOT'], { env })
  await mcopy(['-s', '-i', at, tree, '::/'], { env })
}

describe('two WASM runs give bit-identical images', () => {
  it('mkfs.fat --invariant + mmd + mcopy -s with SOURCE_DATE_EPOCH', async () => {
    const first = join(scratch.dir, 'one', 'tree')
    writeFatTree(first)
    // A copy written later, elsewhere: other mtimes, other inode numbers, other directory order on disk.
    const second = join(scratch.dir, 'two', 'tree')
    cpSync(first, second, { recursive: true })

    await buildEsp(join(scratch.dir, 'one.img'), first)
    await buildEsp(join(scratch.dir, 'two.img'), second)

    expect(sameFiles(join(scratch.dir, 'one.img'), join(scratch.dir, 'two.img'))).toBe(true)
  })
})

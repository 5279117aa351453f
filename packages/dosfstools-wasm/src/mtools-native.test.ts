import { copyFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mattrib, mcopy, mdir, mlabel, mmd } from './index.js'
import { CJK_NAME, writeFatTree } from './__fixtures__/fat-tree.js'
import { MiB, scratchDir, SECTOR, sparseImage } from './__fixtures__/images.js'
import { nativeOk, sameFiles } from './__fixtures__/native.js'

const scratch = scratchDir('mtools-native')
afterAll(scratch.cleanup)

const source = join(scratch.dir, 'tree')
writeFatTree(source)
// Its short name comes from glibc's vs musl's iconv replacement characters (see CJK_NAME):
// the one known difference, documented in the README; populate.test.ts copies it.
rmSync(join(source, CJK_NAME))
const env = { SOURCE_DATE_EPOCH: '1700000000' }
const offsetBytes = 8 * MiB

/**
 * The copy as explicit, ordered steps: `mcopy -s` walks directories in readdir order, which
 * for native mtools is the host file system's (hash order on ext4) and for the WASM build is
 * byte order (Node sorts listings), so the same tree would be laid out differently. One mmd
 * for all directories, then one mcopy per directory with its files in byte order, gives both
 * the same input.
 */
function copySteps(root: string): { dirs: string[]; copies: { files: string[]; target: string }[] } {
  const dirs: string[] = []
  const copies: { files: string[]; target: string }[] = []
  const walk = (dir: string, target: string): void => {
    const names = readdirSync(dir).sort()
    const files = names.filter((n) => !statSync(join(dir, n)).isDirectory()).map((n) => join(dir, n))
    if (files.length > 0) copies.push({ files, target })
    for (const name of names.filter((n) => statSync(join(dir, n)).isDirectory())) {
      dirs.push(`${target}/${name}`)
      walk(join(dir, name), `${target}/${name}`)
    }
  }
  walk(root, '::')
  return { dirs, copies }
}

describe('WASM mtools write the same bytes as native mtools', () => {
  it('mmd + mcopy + mattrib + mlabel with the same SOURCE_DATE_EPOCH', async () => {
    const blank = sparseImage(join(scratch.dir, 'blank.img'), offsetBytes + 256 * MiB)
    nativeOk('mkfs.fat', ['--invariant', '-i', 'cafe0001', '--offset', String(offsetBytes / SECTOR), blank, String(256 * 1024)])
    const nativeImage = join(scratch.dir, 'native.img')
    const wasmImage = join(scratch.dir, 'wasm.img')
    copyFileSync(blank, nativeImage)
    copyFileSync(blank, wasmImage)
    const { dirs, copies } = copySteps(source)

    const nativeAt = `${nativeImage}@@${offsetBytes}`
    nativeOk('mmd', ['-i', nativeAt, ...dirs], env)
    for (const { files, target } of copies) nativeOk('mcopy', ['-i', nativeAt, ...files, `${target}/`], env)
    nativeOk('mattrib', ['-i', nativeAt, '+h', '+s', '::/README.TXT'], env)
    nativeOk('mlabel', ['-i', nativeAt, '-N', '0badcafe', '::NIXOS_ESP'], env)

    const wasmAt = `${wasmImage}@@${offsetBytes}`
    await mmd(['-i', wasmAt, ...dirs], { env })
    for (const { files, target } of copies) await mcopy(['-i', wasmAt, ...files, `${target}/`], { env })
    await mattrib(['-i', wasmAt, '+h', '+s', '::/README.TXT'], { env })
    await mlabel(['-i', wasmAt, '-N', '0badcafe', '::NIXOS_ESP'], { env })

    expect(sameFiles(blank, nativeImage)).toBe(false) // the steps did write something
    expect(sameFiles(wasmImage, nativeImage)).toBe(true)
    // and the listings agree, long UTF-8 names included
    const listing = ['-/', '-a', '-i', nativeAt, '::/']
    expect((await mdir(['-/', '-a', '-i', wasmAt, '::/'], { env })).stdout).toBe(nativeOk('mdir', listing, env).stdout)
  })
})

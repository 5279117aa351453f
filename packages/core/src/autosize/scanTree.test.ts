import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TreeScanError } from '../errors/TreeScanError.js'
import { makeAwkwardNamesTree, makeShellSafeTree, tempDir } from './__fixtures__/makeTrees.js'
import { scanImageTree } from './scanImageTree.js'
import { scanTree } from './scanTree.js'

function sh(cwd: string, script: string): number {
  return Number(execFileSync('bash', ['-o', 'pipefail', '-c', script], { cwd, encoding: 'utf8' }).trim())
}

// The reference's own counting (make-disk-image.nix, prepareImage), run IN the tree.
const SUM_LINES = 'sum_lines() { local acc=0; while read -r number; do acc=$((acc+number)); done; echo "$acc"; }; '
const reference = {
  entries: (cwd: string) => sh(cwd, 'find . | wc -l'),
  blocks: (cwd: string) =>
    sh(cwd, SUM_LINES + 'find . ! -type d -print0 | du --files0-from=- --apparent-size --count-links --block-size 4096 | cut -f1 | sum_lines'),
}

// The same counts over NUL-separated records: correct for any file name. The
// reference's `cut -f1` and `wc -l` break on names holding a newline.
const AWK_SUM = `awk 'BEGIN { RS = "\\0"; s = 0 } { split($0, f, "\\t"); s += f[1] } END { print s }'`
const corrected = {
  entries: (cwd: string) => sh(cwd, "find . -print0 | tr -cd '\\0' | wc -c"),
  blocks: (cwd: string) =>
    sh(cwd, `find . ! -type d -print0 | du -0 --files0-from=- --apparent-size --count-links --block-size 4096 | ${AWK_SUM}`),
  bytes: (cwd: string) => sh(cwd, `find . ! -type d -print0 | du -0 --files0-from=- --apparent-size --count-links --block-size 1 | ${AWK_SUM}`),
}

const roots: string[] = []
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })))

describe('scanTree on a tree the reference pipeline counts right', () => {
  let root: string
  beforeAll(() => {
    root = tempDir('scan')
    roots.push(root)
    makeShellSafeTree(root)
  })

  it('counts entries as `find . | wc -l` (directories and the top included)', async () => {
    expect((await scanTree(root)).entries).toBe(reference.entries(root))
  })

  it('counts blocks as the reference du pipeline (hard links per link, symlinks unfollowed, sparse by apparent size, fifo 0)', async () => {
    expect((await scanTree(root)).blocks).toBe(reference.blocks(root))
  })

  it('counts apparent bytes as du --apparent-size --count-links --block-size 1', async () => {
    expect((await scanTree(root)).bytes).toBe(corrected.bytes(root))
  })

  it('a Nix-store-only image scans root/nix/store', async () => {
    const store = join(root, 'nix', 'store')
    const scan = await scanImageTree({ root, onlyNixStore: true })
    expect(scan).toEqual({ entries: reference.entries(store), blocks: reference.blocks(store), bytes: corrected.bytes(store) })
    expect(await scanImageTree({ root, onlyNixStore: false })).toEqual(await scanTree(root))
  })

  it('an empty tree is one entry and no blocks', async () => {
    const empty = tempDir('scan-empty')
    roots.push(empty)
    expect(await scanTree(empty)).toEqual({ entries: reference.entries(empty), blocks: reference.blocks(empty), bytes: 0 })
  })
})

describe('scanTree on names with newlines and invalid UTF-8', () => {
  let root: string
  beforeAll(() => {
    root = tempDir('scan-awkward')
    roots.push(root)
    makeAwkwardNamesTree(root)
  })

  it('equals the NUL-separated counts', async () => {
    expect(await scanTree(root)).toEqual({ entries: corrected.entries(root), blocks: corrected.blocks(root), bytes: corrected.bytes(root) })
  })

  it('where the reference pipeline miscounts or fails (why we do not shell out)', async () => {
    const scan = await scanTree(root)
    // find prints full paths: every newline in them is an extra line for wc -l —
    // 1 + 1 + 1 for the three names, 1 + 2 for "\nnewline dir/inside\n\n".
    expect(reference.entries(root)).toBe(scan.entries + 6)
    // cut -f1 passes the line "newline dir/inside" to $(( )), which stops the script.
    expect(() => reference.blocks(root)).toThrowError(/syntax error in expression/)
  })

  it('where the reference pipeline adds digits that follow a newline in a name as blocks', async () => {
    const small = tempDir('scan-digits')
    roots.push(small)
    writeFileSync(join(small, 'ends with digits\n12345'), Buffer.alloc(100, 3))
    const scan = await scanTree(small)
    expect(scan).toEqual({ entries: corrected.entries(small), blocks: corrected.blocks(small), bytes: 100 })
    expect(reference.blocks(small)).toBe(scan.blocks + 12345)
  })
})

describe('TreeScanError', () => {
  it('for a missing tree', async () => {
    const missing = join(tempDir('scan-missing'), 'nope')
    roots.push(join(missing, '..'))
    const error = await scanTree(missing).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TreeScanError)
    expect((error as TreeScanError).code).toBe('E_TREE_SCAN')
    expect((error as TreeScanError).message).toBe(
      `cannot scan ${JSON.stringify(missing)} for the automatic disk size: it does not exist; ` +
        'make the tree readable or set diskSize to a number of MiB',
    )
  })

  it('for a file instead of a directory', async () => {
    const dir = tempDir('scan-file')
    roots.push(dir)
    const file = join(dir, 'file')
    writeFileSync(file, 'x')
    await expect(scanTree(file)).rejects.toThrowError(`cannot scan ${JSON.stringify(file)} for the automatic disk size: it is not a directory`)
  })
})

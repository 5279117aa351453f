import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { FileNameNotUtf8Error } from '../errors/FileNameNotUtf8Error.js'
import { makeShellSafeTree, tempDir } from '../autosize/__fixtures__/makeTrees.js'
import { scanTree, type TreeScan } from '../autosize/scanTree.js'
import { assertUtf8Names } from './assertUtf8Names.js'
import type { BuildPlan } from './buildPlan.js'
import { diskSizeFor } from './diskSizeFor.js'

// Every readdir and lstat the code under test makes, by path: how many times a tree is read.
const calls = vi.hoisted(() => ({ readdir: [] as string[], lstat: [] as string[] }))
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  return {
    ...fs,
    readdirSync: (...args: Parameters<typeof fs.readdirSync>) => (calls.readdir.push(String(args[0])), fs.readdirSync(...args)),
    lstatSync: (...args: Parameters<typeof fs.lstatSync>) => (calls.lstat.push(String(args[0])), fs.lstatSync(...args)),
  }
})
beforeEach(() => {
  calls.readdir.length = 0
  calls.lstat.length = 0
})

// Only what diskSizeFor reads of a plan; the reference's default sizes.
const AUTO = { diskSize: 'auto', partitionTableType: 'legacy', bootSize: '256M', additionalSpace: '512M' } as unknown as BuildPlan

const latin1 = (path: string, ...bytes: number[]) => Buffer.concat([Buffer.from(path), Buffer.from(bytes)])
const caught = (f: () => unknown): unknown => {
  try {
    f()
  } catch (error) {
    return error
  }
  throw new Error('did not throw')
}
// The directories `find` lists, the top included: the oracle for "each read once".
const directories = (tree: string) => execFileSync('find', [tree, '-type', 'd'], { encoding: 'utf8' }).split('\n').filter((line) => line !== '')
const readsPerDirectory = () => calls.readdir.reduce((m, path) => m.set(path, (m.get(path) ?? 0) + 1), new Map<string, number>())

const roots: string[] = []
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })))
function shellSafeTree(prefix: string): string {
  const tree = tempDir(prefix)
  roots.push(tree)
  makeShellSafeTree(tree)
  return tree
}

describe('assertUtf8Names: the same refusal whether or not the walk also counts', () => {
  let tree: string
  beforeAll(() => {
    tree = shellSafeTree('utf8-names')
    // Bad bytes below a directory whose (valid) name holds U+FFFD itself: that directory is read as raw bytes too.
    mkdirSync(join(tree, 'a/b/\uFFFD replacement'), { recursive: true })
    writeFileSync(latin1(join(tree, 'a/b/\uFFFD replacement/caf'), 0xe9), 'x')
  })

  for (const counting of [false, true]) {
    it(counting ? 'counting (diskSize auto)' : 'names only (a fixed diskSize)', () => {
      const error = caught(() => assertUtf8Names(tree, 'root', counting ? new Map() : undefined))
      expect(error).toBeInstanceOf(FileNameNotUtf8Error)
      expect((error as FileNameNotUtf8Error).code).toBe('E_FILE_NAME_NOT_UTF8')
      expect((error as FileNameNotUtf8Error).data).toEqual({ tree: 'root', path: `${tree}/a/b/\uFFFD replacement/caf\\xe9` })
      expect((error as Error).message).toBe(
        `root: the file name ${tree}/a/b/\uFFFD replacement/caf\\xe9 is not valid UTF-8 (invalid bytes shown as \\xNN); ` +
          'rename it to UTF-8 (e.g. `convmv -f latin1 -t utf8 --notest`) or remove it from the tree.',
      )
    })
  }
})

describe('one walk per tree', () => {
  let tree: string
  beforeAll(() => {
    tree = shellSafeTree('one-walk')
  })

  it('a build with diskSize auto reads each directory once for names and size (the union reads the top once more)', async () => {
    const scans = new Map<string, TreeScan>()
    assertUtf8Names(tree, 'root', scans)
    const size = await diskSizeFor(AUTO, [tree], [], scans)
    const reads = readsPerDirectory()
    const dirs = directories(tree)
    expect(new Set(reads.keys())).toEqual(new Set(dirs))
    for (const dir of dirs) expect(reads.get(dir), dir).toBe(dir === tree ? 2 : 1)
    // The same size as a walk of its own (scanTree's counts are checked against the reference's find | du in scanTree.test.ts).
    expect(size).toBe(await diskSizeFor(AUTO, [tree]))
    expect(scans.get(tree)).toEqual(await scanTree(tree))
  })

  it('without the recorded scan, the check and the size walk the tree twice (what the build no longer does)', async () => {
    assertUtf8Names(tree, 'root')
    await diskSizeFor(AUTO, [tree])
    const reads = readsPerDirectory()
    for (const dir of directories(tree)) expect(reads.get(dir), dir).toBe(dir === tree ? 3 : 2)
  })

  it('a fixed diskSize: the names-only walk lists each directory once and stats nothing', () => {
    assertUtf8Names(tree, 'root')
    expect(calls.readdir.sort()).toEqual(directories(tree).sort())
    expect(calls.lstat).toEqual([])
  })
})

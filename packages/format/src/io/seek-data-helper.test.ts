// The prestarted perl helper must answer what hostDataExtents' own spawn answers (itself checked against
// `qemu-img map`), for the very file the caller holds open, and must never leave a conversion without a
// map or a process unable to exit.
import { spawnSync } from 'node:child_process'
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, expect, it } from 'vitest'
import { makeSparseImage, MiB, qemuDataExtents, workDir } from '../__fixtures__/images.js'
import { openRegularFile } from './open-regular-file.js'
import { hostDataExtents } from './host-data-extents.js'
import { RawSource } from './raw-source.js'
import { normalizeRanges, type ByteRange } from './ranges.js'
import { helperDataExtents, prestartSeekDataHelper, stopSeekDataHelper } from './seek-data-helper.js'

const work = workDir()
afterAll(() => work.cleanup())
afterEach(() => stopSeekDataHelper())

const piece = (offset: number, length = 64 << 10, fill = 0x5a) => ({ offset, data: Buffer.alloc(length, fill) })

/** The helper's map and the spawned walk's map of the file at `path`, through one open handle. */
async function bothMaps(path: string, ino?: (real: bigint) => bigint): Promise<{ helper: ByteRange[] | undefined; spawned: ByteRange[] | undefined }> {
  const { handle, size, ino: real } = await openRegularFile(path)
  try {
    return { helper: await helperDataExtents(handle.fd, size, ino ? ino(real) : real), spawned: hostDataExtents(handle.fd, size) }
  } finally {
    await handle.close()
  }
}

it('answers what the spawned walk answers, and what qemu-img map says, for several layouts asked at once', async () => {
  prestartSeekDataHelper()
  const layouts = [
    [piece(0), piece(5 * MiB), piece(32 * MiB - 4096, 4096)],
    [],
    [piece(7 * MiB, 3 * MiB)],
    [piece(4096, 4096), piece(3 * 4096, 4096), piece(9 * MiB)],
  ]
  const paths = layouts.map((pieces, n) => makeSparseImage(join(work.dir, `layout${n}.img`), 32 * MiB, pieces))
  // Asked together: the answers come back in order, each to its own request.
  const maps = await Promise.all(paths.map((path) => bothMaps(path)))
  for (const [n, { helper, spawned }] of maps.entries()) {
    expect(helper).toBeDefined()
    expect(helper).toEqual(spawned)
    expect(normalizeRanges(helper!)).toEqual(qemuDataExtents(paths[n]!))
  }
})

it('maps the file the caller holds open, even when its path has since been given to another file', async () => {
  prestartSeekDataHelper()
  const path = makeSparseImage(join(work.dir, 'held.img'), 16 * MiB, [piece(MiB)])
  const { handle, size, ino } = await openRegularFile(path)
  try {
    renameSync(makeSparseImage(join(work.dir, 'other.img'), 16 * MiB, [piece(10 * MiB)]), path)
    const extents = await helperDataExtents(handle.fd, size, ino)
    expect(extents).toBeDefined()
    expect(extents).toEqual(hostDataExtents(handle.fd, size))
    expect(extents!.some((extent) => extent.offset <= MiB && MiB < extent.offset + extent.length)).toBe(true)
    expect(extents!.some((extent) => extent.offset + extent.length > 10 * MiB)).toBe(false)
  } finally {
    await handle.close()
  }
})

it('gives no map for a file that is not the one asked about (inode check), nor without a running helper', async () => {
  const path = makeSparseImage(join(work.dir, 'check.img'), 4 * MiB, [piece(MiB)])
  expect((await bothMaps(path)).helper).toBeUndefined() // not started
  prestartSeekDataHelper()
  expect((await bothMaps(path, (ino) => ino + 1n)).helper).toBeUndefined()
  expect((await bothMaps(path)).helper).toBeDefined()
  stopSeekDataHelper()
  expect((await bothMaps(path)).helper).toBeUndefined()
})

it('without perl the helper dies at once and a source still gets its map from the spawn', async () => {
  const path = makeSparseImage(join(work.dir, 'noperl.img'), 64 * MiB, [piece(MiB), piece(60 * MiB)])
  const saved = process.env['PATH']
  process.env['PATH'] = join(work.dir, 'no-such-dir')
  try {
    prestartSeekDataHelper()
  } finally {
    process.env['PATH'] = saved
  }
  const { helper, spawned } = await bothMaps(path)
  expect(helper).toBeUndefined()
  expect(spawned).toBeDefined()
  // RawSource has the spawn's map: at most the two pieces may hold data, not 64 MiB.
  const source = await RawSource.open(path)
  try {
    expect(source.dataBytesAtMost).toBe(2 * 64 * 1024)
  } finally {
    await source.close()
  }
})

it('a helper killed between requests: the next request gets no map, and the caller falls back', async () => {
  prestartSeekDataHelper()
  const path = makeSparseImage(join(work.dir, 'killed.img'), 8 * MiB, [piece(2 * MiB)])
  expect((await bothMaps(path)).helper).toBeDefined()
  const pids = spawnSync('pgrep', ['-P', String(process.pid), 'perl'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean)
  expect(pids.length).toBeGreaterThan(0)
  for (const pid of pids) process.kill(Number(pid), 'SIGKILL')
  await new Promise((settle) => setTimeout(settle, 200))
  const { helper, spawned } = await bothMaps(path)
  expect(helper).toBeUndefined()
  expect(spawned).toEqual([{ offset: 2 * MiB, length: 64 << 10 }])
})

it('a process with a helper running, idle or just used, exits by itself, and the helper ends with it', () => {
  const url = new URL('../../dist/io/seek-data-helper.js', import.meta.url).href
  const open = new URL('../../dist/io/open-regular-file.js', import.meta.url).href
  const path = makeSparseImage(join(work.dir, 'exit.img'), 4 * MiB, [piece(0)])
  const script = `
    const { prestartSeekDataHelper, helperDataExtents } = await import(${JSON.stringify(url)})
    const { openRegularFile } = await import(${JSON.stringify(open)})
    prestartSeekDataHelper()
    const { handle, size, ino } = await openRegularFile(${JSON.stringify(path)})
    console.log(JSON.stringify(await helperDataExtents(handle.fd, size, ino)))
    await handle.close()
    // The helper's pid, for the check that it is gone after this process.
    const { execFileSync } = await import('node:child_process')
    console.log(execFileSync('pgrep', ['-P', String(process.pid), 'perl'], { encoding: 'utf8' }).trim())`
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 })
  expect(result.error).toBeUndefined()
  expect(result.status).toBe(0)
  const [map, pid] = result.stdout.trim().split('\n')
  expect(JSON.parse(map!)).toEqual([{ offset: 0, length: 64 << 10 }])
  // perl reads end of input once its parent is gone, and exits.
  let gone = false
  for (let tries = 0; tries < 50 && !gone; tries++) {
    gone = spawnSync('kill', ['-0', pid!]).status !== 0
    if (!gone) spawnSync('sleep', ['0.1'])
  }
  expect(gone).toBe(true)
})

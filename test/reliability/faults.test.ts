/**
 * Faults while building: the output file system fills up, a WASM tool is killed,
 * the whole CLI is SIGKILLed at random moments. Afterwards nothing partial exists
 * under a final name, an earlier good image is byte-for-byte intact, scratch
 * directories of dead builds are swept by the next run, and what is left in
 * TMPDIR is clearly named.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildImage, type BuildPhase, type ImageOptions } from '@diskimage/core'
import { buildCli, CLI } from './helpers/cli.js'
import { descendantsOf, waitForExit, waitForProcess } from './helpers/processes.js'
import { snapshotDir } from './helpers/snapshotDir.js'
import { scratchDir } from './helpers/tempDir.js'
import { treeForFaults } from './helpers/treeForFaults.js'

const WORK = /^\.diskimage-work-(\d+)-/

let dir: string
let cleanup: () => void
let smallRoot: string
let mediumRoot: string
let killRoot: string
beforeAll(() => {
  ;({ dir, cleanup } = scratchDir('faults'))
  smallRoot = treeForFaults(join(dir, 'small-root'), 20, 0)
  mediumRoot = treeForFaults(join(dir, 'medium-root'), 600, 8)
  killRoot = treeForFaults(join(dir, 'kill-root'), 200, 2)
})
afterAll(() => cleanup())

/** The entries of `out` that are scratch directories, with the pid in their name. */
function scratchEntries(out: string): Array<{ name: string; pid: number }> {
  return readdirSync(out).flatMap((name) => {
    const m = WORK.exec(name)
    return m ? [{ name, pid: Number(m[1]) }] : []
  })
}

/** The snapshot without scratch directories: what a user sees under final names. */
const finalNames = (out: string) => snapshotDir(out).filter((line) => !WORK.test(line))

describe('the output file system fills up (ENOSPC on a small tmpfs)', () => {
  const mounts: string[] = []
  afterAll(() => {
    for (const mnt of mounts) execFileSync('umount', [mnt])
  })

  // A good image of the small tree takes ~17 MiB (ext4 metadata and journal); the
  // tmpfs holds it and the failing build's raw image only for the qcow2 case.
  it.each([
    { format: 'raw', dataMiB: 64, failsIn: 'rootfs' },
    { format: 'qcow2', dataMiB: 20, failsIn: 'convert' },
  ] as const)('a $format build that does not fit fails in $failsIn with E_OUT_OF_SPACE; the good image is intact', async ({ format, dataMiB, failsIn }) => {
    const mnt = join(dir, `tmpfs-${format}`)
    mkdirSync(mnt)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mnt])
    mounts.push(mnt)
    const out = join(mnt, 'out')
    await buildImage({ root: smallRoot, out, installBootLoader: false, format })
    const good = snapshotDir(out)
    const bigRoot = treeForFaults(join(dir, `big-root-${format}`), 10, dataMiB)
    let lastPhase: BuildPhase | undefined
    const error = await buildImage({ root: bigRoot, out, installBootLoader: false, format, onProgress: (e) => (lastPhase = e.phase) }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    const e = error as Error & { code: string; data: { out: string } }
    expect(e.code, e.message).toBe('E_OUT_OF_SPACE')
    expect(e.data.out).toBe(out)
    expect(e.message).toMatch(/free space there or point out at a larger file system/)
    expect(lastPhase).toBe(failsIn)
    expect(snapshotDir(out)).toEqual(good) // no scratch left, the good image untouched
    expect(Number(execFileSync('df', ['--output=used', '-B1', mnt], { encoding: 'utf8' }).split('\n')[1])).toBeLessThan(30 * 1024 * 1024)
  })
})

describe('a WASM tool killed mid-run', () => {
  it.each([
    { tool: 'mke2fs', options: {} },
    { tool: 'mcopy', options: { partitionTableType: 'efi', espContents: 'MEDIUM' } },
  ])('killing $tool gives WASM_TOOL_KILLED, and leaves the earlier image and out/ as they were', async ({ tool, options }) => {
    const out = join(dir, `killed-${tool}`)
    const base = { out, installBootLoader: false, ...options, ...(options.espContents ? { espContents: mediumRoot } : {}) } as Omit<ImageOptions, 'root'>
    await buildImage({ ...base, root: smallRoot, ...(options.espContents ? { espContents: smallRoot } : {}) })
    const good = snapshotDir(out)
    let running = true
    const build = buildImage({ ...base, root: mediumRoot }).finally(() => (running = false))
    const victim = await waitForProcess(
      () => descendantsOf(process.pid).find((p) => p.cmdline.includes('bootstrap.cjs') && p.cmdline.includes(` ${tool} `)),
      () => running,
    )
    expect(victim, `${tool} was never seen running`).toBeDefined()
    process.kill(victim!.pid, 'SIGKILL')
    const error = (await build.catch((e: unknown) => e)) as Error & { code: string }
    expect(error.code, error.message).toBe('WASM_TOOL_KILLED')
    expect(error.message).toMatch(new RegExp(`${tool} .*killed by SIGKILL`))
    expect(snapshotDir(out)).toEqual(good)
  })
})

describe('the CLI SIGKILLed at random moments, 20 times', () => {
  const PHASES = ['stage', 'size', 'partition', 'rootfs', 'bootfs', 'convert', 'finish']
  let out: string
  let tmp: string
  let good: string[]
  const args = () => ['--root', killRoot, '--out', out, '--partition-table-type', 'efi', '--format', 'qcow2', '--no-install-boot-loader']

  beforeAll(async () => {
    buildCli()
    out = join(dir, 'sigkill-out')
    tmp = join(dir, 'sigkill-tmp')
    mkdirSync(tmp)
    await runCli([])
    good = snapshotDir(out)
  })

  /** Runs the CLI; with `killAt`, SIGKILLs it (alone or with its WASM children) once that phase shows, after a random delay. */
  function runCli(flags: string[], killAt?: { phase: string; delayMs: number; group: boolean }): Promise<{ killed: boolean; orphans: number[] }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args(), ...flags], { env: { ...process.env, TMPDIR: tmp }, detached: true, stdio: ['ignore', 'ignore', 'pipe'] })
      let stderr = ''
      let killed = false
      let orphans: number[] = []
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        if (killAt && !killed && stderr.includes(`[${killAt.phase}]`)) {
          killed = true
          setTimeout(() => {
            if (child.exitCode !== null) return
            orphans = killAt.group ? [] : descendantsOf(child.pid!).map((p) => p.pid)
            process.kill(killAt.group ? -child.pid! : child.pid!, 'SIGKILL')
          }, killAt.delayMs)
        }
      })
      child.on('error', reject)
      child.on('close', (code, signal) => {
        if (signal === 'SIGKILL') return resolve({ killed: true, orphans })
        if (code === 0) return resolve({ killed: false, orphans })
        reject(new Error(`make-disk-image exited ${code}: ${stderr}`))
      })
    })
  }

  it('never leaves a partial or damaged file under a final name; the next run sweeps the dead scratch directories', { timeout: 400_000 }, async () => {
    const phasesKilled = new Set<string>()
    for (let i = 0; i < 20; i++) {
      const phase = PHASES[i % PHASES.length]!
      const { killed, orphans } = await runCli([], { phase, delayMs: Math.floor(Math.random() * 400), group: i % 2 === 0 })
      if (killed) phasesKilled.add(phase)
      // A WASM tool whose parent died runs to its end (it cannot notice while it works), then exits.
      for (const pid of orphans) await waitForExit(pid)
      expect(finalNames(out), `after a kill in ${phase}`).toEqual(good)
      for (const { pid } of scratchEntries(out)) expect(() => process.kill(pid, 0), 'scratch of a dead build only').toThrow()
    }
    expect(phasesKilled.size, `phases hit: ${[...phasesKilled].join(', ')}`).toBeGreaterThanOrEqual(4)

    await runCli([])
    expect(snapshotDir(out), 'the next run swept every dead scratch directory and wrote the same image').toEqual(good)
    // What killed builds leave in TMPDIR is the WASM runner's scratch, clearly named and small.
    for (const name of readdirSync(tmp)) {
      expect(name).toMatch(/^diskimage-wasm-/)
      for (const f of readdirSync(join(tmp, name))) expect(statSync(join(tmp, name, f)).size).toBeLessThan(1 << 20)
    }
  })
})

/**
 * Concurrency: two buildImage calls in one process, and two CLI processes, each on
 * its own output directory at the same time, give exactly the bytes the same builds
 * give one after the other (images are deterministic, so any interference — a
 * shared scratch file, a swept workspace, a mixed-up WASM run — shows as a
 * difference or a failure).
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildImage, type ImageOptions } from '@diskimage/core'
import { buildCli, CLI } from './helpers/cli.js'
import { hashFile } from './helpers/snapshotDir.js'
import { scratchDir } from './helpers/tempDir.js'
import { treeForFaults } from './helpers/treeForFaults.js'

let dir: string
let cleanup: () => void
let rootA: string
let rootB: string
beforeAll(() => {
  ;({ dir, cleanup } = scratchDir('concurrency'))
  rootA = treeForFaults(join(dir, 'root-a'), 300, 3)
  rootB = treeForFaults(join(dir, 'root-b'), 500, 1)
})
afterAll(() => cleanup())

/** Two different builds: a qcow2 EFI image with an ESP, and a raw legacy one. */
const jobs = (): Array<Omit<ImageOptions, 'out'>> => [
  { root: rootA, partitionTableType: 'efi', format: 'qcow2', espContents: rootB, installBootLoader: false },
  { root: rootB, partitionTableType: 'legacy', format: 'raw', installBootLoader: false },
]

/** The image's hash and the products line with the output directory taken out. */
function outcome(out: string, file: string): { image: string; products: string } {
  return { image: hashFile(join(out, file)), products: readFileSync(join(out, 'nix-support/hydra-build-products'), 'utf8').replace(out, 'OUT') }
}

describe('two builds at once do not interfere', () => {
  it('two buildImage calls in one process equal the same builds run one after the other', async () => {
    const sequential = []
    for (const [i, job] of jobs().entries()) {
      const out = join(dir, `seq-${i}`)
      const r = await buildImage({ ...job, out })
      sequential.push(outcome(out, r.imagePath.slice(out.length + 1)))
    }
    const results = await Promise.all(jobs().map((job, i) => buildImage({ ...job, out: join(dir, `par-${i}`) })))
    const parallel = results.map((r, i) => outcome(join(dir, `par-${i}`), r.imagePath.slice(join(dir, `par-${i}`).length + 1)))
    expect(parallel).toEqual(sequential)
  })

  it('two CLI processes at once equal the same CLI runs one after the other', async () => {
    buildCli()
    const argv = (job: Omit<ImageOptions, 'out'>, out: string) => [
      CLI, '--root', job.root!, '--out', out, '--partition-table-type', job.partitionTableType!, '--format', job.format!, '--no-install-boot-loader', '--quiet',
      ...(job.espContents ? ['--esp-contents', job.espContents] : []),
    ]
    const runCli = (args: string[]) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
        let stderr = ''
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`make-disk-image exited ${code}: ${stderr}`))))
      })
    const file = (job: Omit<ImageOptions, 'out'>) => (job.format === 'qcow2' ? 'nixos.qcow2' : 'nixos.img')
    const sequential = []
    for (const [i, job] of jobs().entries()) {
      await runCli(argv(job, join(dir, `cli-seq-${i}`)))
      sequential.push(outcome(join(dir, `cli-seq-${i}`), file(job)))
    }
    await Promise.all(jobs().map((job, i) => runCli(argv(job, join(dir, `cli-par-${i}`)))))
    expect(jobs().map((job, i) => outcome(join(dir, `cli-par-${i}`), file(job)))).toEqual(sequential)
  })
})

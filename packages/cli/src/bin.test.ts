/**
 * End to end: the installed `make-disk-image` command (bin/make-disk-image.js, which runs the bundle of
 * dist/bin.js; both built here by scripts/build.mjs) run as a child process, as a user would.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const exec = promisify(execFile)
const repo = fileURLToPath(new URL('../../..', import.meta.url))
const bin = join(repo, 'packages/cli/bin/make-disk-image.js')
let dir: string

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args])
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-e2e-'))
  // tsc -b emits even when an unrelated package of the build graph has type errors; the spawns below
  // then say whether this command works.
  await exec(process.execPath, ['packages/cli/scripts/build.mjs'], { cwd: repo }).catch(() => undefined)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('make-disk-image (built binary)', () => {
  it('starts with a node shebang', async () => {
    expect((await readFile(bin, 'utf8')).split('\n')[0]).toBe('#!/usr/bin/env node')
  })

  it('table then inspect --json round-trips, and sfdisk agrees', async () => {
    const image = join(dir, 'legacy.img')
    const made = await cli(['table', '--partition-table-type', 'legacy+boot', '--disk-size', '300', '--boot-size', '100M', image])
    expect(made).toEqual({ code: 0, stdout: '', stderr: '' })
    const shown = await cli(['inspect', '--json', image])
    expect(shown.code).toBe(0)
    const table = JSON.parse(shown.stdout)
    const sfdisk = JSON.parse((await exec('sfdisk', ['--json', image])).stdout)
    expect(table.partitions.map((p: { firstLba: number; lastLba: number; bootable: boolean }) => [p.firstLba, p.lastLba - p.firstLba + 1, p.bootable])).toEqual(
      sfdisk.partitiontable.partitions.map((p: { start: number; size: number; bootable?: boolean }) => [p.start, p.size, p.bootable ?? false]),
    )
    expect(`0x${table.diskSignature.toString(16).padStart(8, '0')}`).toBe(sfdisk.partitiontable.id)
  })

  it('--post-vm runs after the build with $out and $diskImage; its output is in the log, its failure is exit 1', async () => {
    const root = join(dir, 'root')
    await mkdir(join(root, 'etc'), { recursive: true })
    await writeFile(join(root, 'etc/hostname'), 'postvm\n')
    const common = ['--root', root, '--partition-table-type', 'none', '--additional-space', '4M', '--no-install-boot-loader']
    const ok = await cli([...common, '--out', join(dir, 'post'), '--post-vm', 'echo "size $(stat -c %s "$diskImage")"; cp "$diskImage" "$out/copy.img"'])
    expect(ok.code).toBe(0)
    const size = (await stat(join(dir, 'post/nixos.img'))).size
    expect(ok.stderr).toContain(`[postVM] size ${size}\n`)
    expect(await readFile(join(dir, 'post/copy.img'))).toEqual(await readFile(join(dir, 'post/nixos.img')))
    const failed = await cli([...common, '--out', join(dir, 'post-fails'), '--post-vm', 'echo nope >&2; exit 4'])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('[postVM] nope')
    expect(failed.stderr).toContain('exited with status 4')
    await expect(stat(join(dir, 'post-fails'))).rejects.toThrow(/ENOENT/)
  })

  it('exit codes: 2 for usage errors, 1 for failed requests, 0 for --help', async () => {
    expect((await cli([])).code).toBe(2)
    const unknown = await cli(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown command "frobnicate"')
    expect((await cli(['inspect', join(dir, 'missing.img')])).code).toBe(1)
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('make-disk-image inspect IMAGE [--json]')
  })
})

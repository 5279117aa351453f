import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { debianTree } from './fixtures/debian-tree.js'
import { expectRootFsEquals, nativeFsckFat } from './helpers/checkImage.js'
import { readTable } from '@diskimage/partition'
import { buildCli, CLI } from './reliability/helpers/cli.js'

const SECTOR = 512

describe('the main job on a real tree', () => {
  it('builds a debootstrapped Debian bookworm tree into an efi image that the native tools accept', { timeout: 2_400_000 }, async () => {
    // The bootable fixture is a superset of minbase (kernel, GRUB); the boot tests share its cache.
    const tree = await debianTree({ kernel: true, grub: 'both' })
    const out = mkdtempSync(join(tmpdir(), 'main-job-'))
    buildCli()
    // The CLI, as the README tells a user to run it.
    const stdout = execFileSync('node', [CLI, '--root', tree, '--out', out, '--partition-table-type', 'efi', '--no-install-boot-loader', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    const result = JSON.parse(stdout) as { imagePath: string; diskSize: number }
    expect(result.imagePath).toBe(join(out, 'nixos.img'))
    const table = await readTable(result.imagePath)
    expect(table.type).toBe('gpt')
    const esp = table.partitions[0]!
    const root = table.partitions[1]!
    expectRootFsEquals(result.imagePath, root.firstLba * SECTOR, tree)
    const fsck = nativeFsckFat(result.imagePath, esp.firstLba * SECTOR, (esp.lastLba - esp.firstLba + 1) * SECTOR)
    expect(fsck.code, fsck.output).toBe(0)
  })
})

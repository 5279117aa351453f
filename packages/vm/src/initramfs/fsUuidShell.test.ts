import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FS_UUID_FUNCTIONS } from './fsUuidShell.js'

const dir = mkdtempSync(join(tmpdir(), 'fs-uuid-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** What the guest's functions print, run by the same busybox sh on the host. */
const guestUuid = (path: string) => execFileSync('busybox', ['sh', '-c', `${FS_UUID_FUNCTIONS}\nfs_uuid "$1"`, 'sh', path], { encoding: 'utf8' }).trim()
/** The oracle: util-linux blkid. */
const blkidUuid = (path: string) => execFileSync('blkid', ['-p', '-o', 'value', '-s', 'UUID', path], { encoding: 'utf8' }).trim()

function makeFs(name: string, sizeMiB: number, mkfs: string[]): string {
  const path = join(dir, name)
  execFileSync('truncate', ['-s', `${sizeMiB}M`, path])
  execFileSync(mkfs[0] ?? '', [...mkfs.slice(1), path], { stdio: 'ignore' })
  return path
}

describe('fs_uuid (busybox sh)', () => {
  it.each([
    ['ext4', 32, ['mkfs.ext4', '-q', '-F']],
    ['ext2', 16, ['mkfs.ext2', '-q', '-F']],
    ['fat16', 64, ['mkfs.vfat', '-F', '16']],
    ['fat12', 4, ['mkfs.vfat', '-F', '12']],
    ['fat32', 300, ['mkfs.vfat', '-F', '32']],
  ])('prints the UUID blkid reports for %s', (name, size, mkfs) => {
    const path = makeFs(`${name}.img`, size, mkfs)
    const expected = blkidUuid(path)
    expect(expected).not.toBe('')
    expect(guestUuid(path)).toBe(expected)
  })

  it('prints nothing for a disk without a filesystem', () => {
    const path = join(dir, 'blank.img')
    execFileSync('truncate', ['-s', '1M', path])
    expect(guestUuid(path)).toBe('')
  })
})

/**
 * diff's field tables against the tools that own the formats: e2fsprogs'
 * debugfs sets a superblock field (set_super_value — every field it lists),
 * a group descriptor field (set_bg) or an inode field (set_inode_field) by its
 * e2fsprogs name, and dosfstools' fatlabel sets a FAT volume id or label; diff
 * must name exactly that field (plus the checksum the tool recomputes over it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { diffImages } from '@diskimage/core'

let work: string
let ext4: string
const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' })

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'diff-fields-'))
  ext4 = join(work, 'ext4.img')
  sh('truncate', ['-s', '8M', ext4])
  // As our images: 4 KiB blocks, 256-byte inodes, 64bit, metadata_csum. Written "in 2000": debugfs -w
  // stamps s_wtime with the clock, which must differ from the base's even within the second mkfs ran in
  // (else `ssv wtime` shows no change: a flake seen in CI).
  execFileSync('mkfs.ext4', ['-q', '-F', '-b', '4096', '-I', '256', '-O', '64bit,metadata_csum', ext4], {
    stdio: 'pipe',
    env: { ...process.env, E2FSPROGS_FAKE_TIME: '946684800' },
  })
})

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

/** Applies a native debugfs write request to a copy of the ext4 image and returns what diff reports. */
async function afterDebugfs(request: string): Promise<Map<string, string[]>> {
  const copy = join(work, 'changed.img')
  copyFileSync(ext4, copy)
  sh('debugfs', ['-w', '-R', request, copy])
  const { differences } = await diffImages(ext4, copy)
  rmSync(copy)
  return new Map(differences.map((d) => [d.where, d.fields]))
}

/** The superblock fields debugfs can set, as its `ssv -l` lists them. */
function superblockFields(): Array<{ name: string; type: string }> {
  return sh('debugfs', ['-R', 'ssv -l', ext4])
    .split('\n')
    .map((l) => /^\t(\S+)\s+(.+?)\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, type: m[2]! }))
}

/** Our name for an e2fsprogs superblock field name: s_ + name, the low half of split fields, the first array element. */
function ourSuperblockName(name: string): string {
  const base = name.replace(/\[_hi\|_lo\]$/, '_lo').replace(/\[\d+\]$/, '')
  return base === 'mmp_interval' ? 's_mmp_update_interval' : `s_${base}`
}

function valueFor(type: string): string | undefined {
  if (type === 'UUID') return '2c1a2e6c-8f36-4f55-9a51-0b6a2f4f7e11'
  if (type === 'string') return 'zz'
  if (type === 'date/time') return '20200102030405'
  if (type === 'hash algorithm') return 'tea'
  if (type === 'unsigned integer' || type === 'integer') return '90'
  return undefined // "unknown": debugfs cannot set it
}

describe('ext4 superblock fields, set by debugfs set_super_value', () => {
  it('names each field debugfs lists', async () => {
    const fields = superblockFields()
    expect(fields.length).toBeGreaterThan(80)
    const misnamed: string[] = []
    for (const { name, type } of fields) {
      const value = valueFor(type)
      // ext2fs_flush writes each superblock copy's own group number, so the primary's stays 0.
      if (value === undefined || name === 'block_group_nr') continue
      const setName = name.replace(/\[_hi\|_lo\]$/, '').replace(/\[\d+\]$/, '[0]')
      const changed = await afterDebugfs(`ssv ${setName} ${value}`)
      const reported = changed.get('superblock') ?? []
      const expected = ourSuperblockName(name)
      // debugfs -w recomputes s_checksum and stamps s_wtime (the clock) whenever it writes the superblock.
      const ok = reported.includes(expected) && reported.every((f) => f === expected || f === 's_checksum' || f === 's_wtime')
      if (!ok) misnamed.push(`${setName} → ${JSON.stringify([...changed])}`)
    }
    expect(misnamed).toEqual([])
  }, 300_000)
})

describe('ext4 group descriptor fields, set by debugfs set_bg', () => {
  it.each([
    ['block_bitmap', 'bg_block_bitmap_lo'], ['inode_bitmap', 'bg_inode_bitmap_lo'], ['inode_table', 'bg_inode_table_lo'],
    ['free_blocks_count', 'bg_free_blocks_count_lo'], ['free_inodes_count', 'bg_free_inodes_count_lo'],
    ['used_dirs_count', 'bg_used_dirs_count_lo'], ['flags', 'bg_flags'], ['exclude_bitmap', 'bg_exclude_bitmap_lo'],
    ['itable_unused', 'bg_itable_unused_lo'], ['free_blocks_count_hi', 'bg_free_blocks_count_hi'], ['inode_table_hi', 'bg_inode_table_hi'],
  ])('%s → %s', async (name, ours) => {
    const reported = (await afterDebugfs(`set_bg 0 ${name} 3`)).get('group descriptor 0') ?? []
    expect(reported).toContain(ours)
    expect(reported.filter((f) => f !== ours && f !== 'bg_checksum')).toEqual([])
  })
})

describe('ext4 inode fields, set by debugfs set_inode_field on the root directory', () => {
  const date = '20200102030405'
  it.each([
    ['mode', '0100644', 'i_mode'], ['uid', '4242', 'i_uid'], ['size', '4242', 'i_size_lo'], ['atime', date, 'i_atime'],
    ['ctime', date, 'i_ctime'], ['mtime', date, 'i_mtime'], ['dtime', date, 'i_dtime'], ['gid', '4242', 'i_gid'],
    ['links_count', '7', 'i_links_count'], ['blocks', '4242', 'i_blocks_lo'], ['flags', '1', 'i_flags'], ['version', '4242', 'i_version'],
    ['block[0]', '4242', 'i_block'], ['generation', '4242', 'i_generation'], ['file_acl', '4242', 'i_file_acl_lo'],
    ['size_hi', '1', 'i_size_high'], ['faddr', '4242', 'i_faddr'], ['blocks_hi', '1', 'l_i_blocks_high'],
    ['file_acl_hi', '1', 'l_i_file_acl_high'], ['uid_hi', '1', 'l_i_uid_high'], ['gid_hi', '1', 'l_i_gid_high'],
    ['extra_isize', '28', 'i_extra_isize'], ['ctime_extra', '4', 'i_ctime_extra'], ['mtime_extra', '4', 'i_mtime_extra'],
    ['atime_extra', '4', 'i_atime_extra'], ['crtime', date, 'i_crtime'], ['crtime_extra', '4', 'i_crtime_extra'],
    ['version_hi', '1', 'i_version_hi'], ['projid', '4242', 'i_projid'],
  ])('%s → %s', async (name, value, ours) => {
    const reported = (await afterDebugfs(`sif <2> ${name} ${value}`)).get('inode 2 (/)') ?? []
    expect(reported).toContain(ours)
    // The inode checksum is recomputed; a time's *_extra may take the epoch bits of a date.
    expect(reported.filter((f) => f !== ours && f !== 'l_i_checksum_lo' && f !== 'i_checksum_hi' && f !== `${ours}_extra`)).toEqual([])
  })
})

describe.each([['16', '64M', []], ['32', '40M', ['-s', '1']]] as const)('FAT%s boot sector fields, set by fatlabel', (bits, size, extra) => {
  it('names BS_VolID and BS_VolLab (and the backup boot sector on FAT32)', async () => {
    const image = join(work, `fat${bits}.img`)
    sh('truncate', ['-s', size, image])
    sh('mkfs.fat', ['-F', bits, ...extra, '-n', 'ESP', '-i', '12345678', image])
    const copy = join(work, `fat${bits}-changed.img`)
    copyFileSync(image, copy)
    sh('fatlabel', ['-i', copy, '87654321'])
    const changed = new Map((await diffImages(image, copy)).differences.map((d) => [d.where, d.fields]))
    expect(changed.get('boot sector')).toEqual(['BS_VolID'])
    expect(changed.get('backup boot sector')).toEqual(bits === '32' ? ['BS_VolID'] : undefined)
    copyFileSync(image, copy)
    sh('fatlabel', [copy, 'OTHER'])
    const relabelled = new Map((await diffImages(image, copy)).differences.map((d) => [d.where, d.fields]))
    expect(relabelled.get('boot sector')).toEqual(['BS_VolLab'])
    // The label is also the root directory's volume entry.
    const labelEntry = [...relabelled.keys()].find((w) => /: entry ESP$/.test(w))
    expect(labelEntry, JSON.stringify([...relabelled])).toBeDefined()
    expect(relabelled.get(labelEntry!)).toContain('DIR_Name')
    // fatlabel also stamps the entry's write time.
    expect(relabelled.get(labelEntry!)!.filter((f) => !['DIR_Name', 'DIR_WrtTime', 'DIR_WrtDate'].includes(f))).toEqual([])
  })
})

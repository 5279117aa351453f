import { execFileSync } from 'node:child_process'
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type CpioEntry, writeCpioNewc } from './writeCpioNewc.js'

const entries: CpioEntry[] = [
  { type: 'file', path: 'bin/busybox', mode: 0o755, data: Buffer.from('#!/bin/sh\necho hi\n') },
  { type: 'directory', path: 'bin', mode: 0o755 },
  { type: 'symlink', path: 'bin/sh', target: 'busybox' },
  { type: 'directory', path: 'dev', mode: 0o755 },
  { type: 'char-device', path: 'dev/console', mode: 0o600, major: 5, minor: 1 },
  { type: 'file', path: 'odd-size', mode: 0o644, data: Buffer.from('abcde') },
  { type: 'file', path: 'empty', mode: 0o600, data: new Uint8Array(0) },
]

let scratch = ''
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('writeCpioNewc', () => {
  it('writes an archive GNU cpio extracts with the same contents, types and modes', () => {
    scratch = mkdtempSync(join(tmpdir(), 'cpio-'))
    const archive = join(scratch, 'archive.cpio')
    writeFileSync(archive, writeCpioNewc(entries))
    const out = join(scratch, 'out')
    execFileSync('mkdir', [out])
    execFileSync('sh', ['-c', `cpio -idm --quiet --no-absolute-filenames < ${archive}`], { cwd: out })

    expect(readFileSync(join(out, 'bin/busybox'), 'utf8')).toBe('#!/bin/sh\necho hi\n')
    expect(lstatSync(join(out, 'bin/busybox')).mode & 0o7777).toBe(0o755)
    expect(readlinkSync(join(out, 'bin/sh'))).toBe('busybox')
    expect(readFileSync(join(out, 'odd-size'), 'utf8')).toBe('abcde')
    expect(lstatSync(join(out, 'empty')).size).toBe(0)
    expect(lstatSync(join(out, 'empty')).mode & 0o7777).toBe(0o600)
    const console = lstatSync(join(out, 'dev/console'))
    expect(console.isCharacterDevice()).toBe(true)
    expect([console.rdev >> 8, console.rdev & 0xff]).toEqual([5, 1])
  })

  it('lists members sorted, inodes in order, mtime 0, and the trailer, as cpio -tv reads them', () => {
    scratch = mkdtempSync(join(tmpdir(), 'cpio-'))
    const archive = join(scratch, 'archive.cpio')
    writeFileSync(archive, writeCpioNewc(entries))
    const names = execFileSync('sh', ['-c', `cpio -t --quiet < ${archive}`], { encoding: 'utf8' }).trim().split('\n')
    expect(names).toEqual(['bin', 'bin/busybox', 'bin/sh', 'dev', 'dev/console', 'empty', 'odd-size'])
    const verbose = execFileSync('sh', ['-c', `TZ=UTC cpio -tv --quiet < ${archive}`], { encoding: 'utf8' })
    // GNU cpio prints the member's mtime: 0 is the epoch.
    for (const line of verbose.trim().split('\n')) expect(line).toMatch(/Jan  1  1970/)
    // Inode numbers are the 8 hex digits after the magic, assigned 1, 2, 3… in archive order.
    const bytes = readFileSync(archive, 'latin1')
    const inodes = [...bytes.matchAll(/070701([0-9a-f]{8})/g)].map((m) => Number.parseInt(m[1] ?? '', 16))
    expect(inodes).toEqual([1, 2, 3, 4, 5, 6, 7, 0])
  })

  it('is deterministic: the order entries are given in does not change a byte', () => {
    const forward = writeCpioNewc(entries)
    const backward = writeCpioNewc([...entries].reverse())
    expect(backward.equals(forward)).toBe(true)
    expect(forward.length % 4).toBe(0)
  })

  it('refuses a member listed twice', () => {
    expect(() => writeCpioNewc([...entries, entries[0] as CpioEntry])).toThrow(/listed twice/)
  })
})

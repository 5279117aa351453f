import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BusyboxNotUsableError } from '../errors/BusyboxNotUsableError.js'
import { readStaticBusybox } from './readStaticBusybox.js'

/** `file` is the oracle for "statically linked" vs "dynamically linked". */
const describeFile = (path: string) => execFileSync('file', ['-L', path], { encoding: 'utf8' })

async function codeOf(path: string): Promise<string> {
  const error = await readStaticBusybox(path).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(BusyboxNotUsableError)
  return `${(error as BusyboxNotUsableError).data.reason}`
}

describe('readStaticBusybox', () => {
  it("accepts the host's busybox-static, which file(1) calls statically linked", async () => {
    expect(describeFile('/bin/busybox')).toContain('statically linked')
    expect((await readStaticBusybox('/bin/busybox')).length).toBeGreaterThan(100_000)
  })

  it('rejects a dynamically linked executable (file(1) agrees) with a typed error naming busybox-static', async () => {
    expect(describeFile('/bin/ls')).toContain('dynamically linked')
    expect(await codeOf('/bin/ls')).toBe('dynamic')
    await expect(readStaticBusybox('/bin/ls')).rejects.toThrow(/busybox-static/)
  })

  it('rejects a missing file and a non-ELF file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'busybox-'))
    try {
      writeFileSync(join(dir, 'script'), '#!/bin/sh\necho not a binary\n')
      expect(await codeOf(join(dir, 'script'))).toBe('not-elf')
      expect(await codeOf(join(dir, 'missing'))).toBe('missing')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

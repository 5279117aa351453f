import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { QemuNotFoundError } from '../errors/QemuNotFoundError.js'
import { findQemu } from './findQemu.js'

describe('findQemu', () => {
  it('finds the installed qemu-system-x86_64 where the shell finds it', async () => {
    const shell = execFileSync('sh', ['-c', 'command -v qemu-system-x86_64'], { encoding: 'utf8' }).trim()
    expect(await findQemu()).toBe(shell)
  })

  it('names the Debian and Homebrew packages when QEMU is missing', async () => {
    const error = await findQemu('/nonexistent/qemu-system-x86_64').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(QemuNotFoundError)
    expect((error as QemuNotFoundError).code).toBe('E_QEMU_NOT_FOUND')
    expect((error as Error).message).toMatch(/apt-get install qemu-system-x86/)
    expect((error as Error).message).toMatch(/brew install qemu/)
    const original = process.env.PATH
    process.env.PATH = '/nonexistent-bin'
    try {
      await expect(findQemu()).rejects.toMatchObject({ code: 'E_QEMU_NOT_FOUND', data: { searched: ['/nonexistent-bin'] } })
    } finally {
      process.env.PATH = original
    }
  })
})

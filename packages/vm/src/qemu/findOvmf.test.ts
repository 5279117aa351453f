import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { FirmwareNotFoundError } from '../errors/FirmwareNotFoundError.js'
import { findOvmf } from './findOvmf.js'

describe('findOvmf', () => {
  it("picks the Debian ovmf package's 4M code and variable store, a matching pair", async () => {
    const packaged = execFileSync('dpkg', ['-L', 'ovmf'], { encoding: 'utf8' }).split('\n')
    const found = await findOvmf()
    expect(packaged).toContain(found.code)
    expect(packaged).toContain(found.variables)
    expect(found).toEqual({ code: '/usr/share/OVMF/OVMF_CODE_4M.fd', variables: '/usr/share/OVMF/OVMF_VARS_4M.fd' })
  })

  it('keeps a given variable store and names the ovmf package when a given file is missing', async () => {
    expect(await findOvmf({ variables: '/usr/share/OVMF/OVMF_VARS_4M.fd' })).toMatchObject({ variables: '/usr/share/OVMF/OVMF_VARS_4M.fd' })
    const error = await findOvmf({ code: '/nonexistent/OVMF_CODE.fd' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FirmwareNotFoundError)
    expect((error as FirmwareNotFoundError).data).toEqual({ part: 'code', searched: ['/nonexistent/OVMF_CODE.fd'] })
    expect((error as Error).message).toMatch(/apt-get install ovmf/)
  })
})

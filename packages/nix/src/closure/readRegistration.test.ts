import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidStorePathError } from '../errors/InvalidStorePathError.js'
import { UnregisteredPathError } from '../errors/UnregisteredPathError.js'
import { readRegistration } from './readRegistration.js'

const A = '/nix/store/0000000000000000000000000000000a-a'
const B = '/nix/store/0000000000000000000000000000000b-b'
const H = 'sha256:04zwf782yjwnh3q6hz5izfd6jyip8kgw6g6yj43fiqhbyhdd0dqw' // as nix-store printed it (base-32)
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'registration-'))
  mkdirSync(join(dir, 'info'))
  // pkgs.closureInfo's layout: base-32 hashes, no deriver, no newline after the last line
  writeFileSync(join(dir, 'info/registration'), [A, H, '120', '', '0'].join('\n'))
  writeFileSync(join(dir, 'info/store-paths'), `${A}\n`)
  writeFileSync(join(dir, 'listed'), `${A}\n${B}\n`)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('readRegistration', () => {
  it('reads a closureInfo directory', () => {
    const { infos, file } = readRegistration({ closureInfo: join(dir, 'info') })
    expect(file).toBe(join(dir, 'info/registration'))
    expect([...infos.keys()]).toEqual([A])
    expect(infos.get(A)!.narHash).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  it('refuses a listed store path the registration lacks, and a listed string that is no store path', () => {
    const registration = join(dir, 'info/registration')
    expect(() => readRegistration({ registration, storePaths: join(dir, 'listed') })).toThrow(UnregisteredPathError)
    expect(() => readRegistration({ registration, storePaths: [A, B] })).toThrow(`storePaths: ${B} is not in ${registration}`)
    expect(() => readRegistration({ registration, storePaths: ['/usr/bin'] })).toThrow(InvalidStorePathError)
    expect([...readRegistration({ registration, storePaths: [A] }).infos.keys()]).toEqual([A])
  })
})

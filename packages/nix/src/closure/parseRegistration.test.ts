import { describe, expect, it } from 'vitest'
import { RegistrationFormatError } from '../errors/RegistrationFormatError.js'
import { UnregisteredPathError } from '../errors/UnregisteredPathError.js'
import { InvalidStorePathError } from '../errors/InvalidStorePathError.js'
import { closureOf } from './closureOf.js'
import { parseRegistration } from './parseRegistration.js'

const A = '/nix/store/0000000000000000000000000000000a-a'
const B = '/nix/store/0000000000000000000000000000000b-b'
const C = '/nix/store/0000000000000000000000000000000c-c'
const H = '1c37d01af40be2e80691de3cc3df44377a699afbb17c68f080964b2fd071fc13'
const rec = (path: string, refs: string[]) => [path, H, '120', '', String(refs.length), ...refs].join('\n')

describe('parseRegistration and closureOf', () => {
  it('reads records until the end or an empty line, with references sorted and deduplicated', () => {
    const infos = parseRegistration([rec(C, [B, A, A]), rec(A, []), rec(B, [A, B]), ''].join('\n'), 'reg')
    expect([...infos.keys()]).toEqual([C, A, B])
    expect(infos.get(C)).toEqual({ path: C, narHash: `sha256:${H}`, narSize: 120, deriver: null, references: [A, B] })
    const registration = { infos, file: 'reg' }
    // references first, ties by path; a self-reference does not loop
    expect(closureOf([{ path: C, where: 'toplevel' }], registration).map((i) => i.path)).toEqual([A, B, C])
    expect(closureOf([{ path: B, where: 'toplevel' }], registration).map((i) => i.path)).toEqual([A, B])
  })

  it('names the line of a malformed record', () => {
    const bad = (text: string) => { try { parseRegistration(text, 'reg'); return null } catch (e) { return e as RegistrationFormatError } }
    expect(bad(rec(A, []).replace('120', 'x'))).toMatchObject({ code: 'E_NIX_REGISTRATION_FORMAT', data: { line: 3 } })
    expect(bad(rec(A, []).replace(H, 'nope'))).toMatchObject({ data: { line: 2 } })
    expect(bad([A, H, '1', '', '2', B].join('\n'))).toMatchObject({ data: { line: 7 } })
    expect(bad(rec('/tmp/x', []))).toBeInstanceOf(RegistrationFormatError)
    expect(bad([rec(A, []), rec(A, [])].join('\n'))?.message).toMatch(/registered twice/)
  })

  it('refuses a root or reference the registration does not describe, and a root that is no store path', () => {
    const registration = { infos: parseRegistration(rec(B, [A]), 'reg'), file: 'reg' }
    expect(() => closureOf([{ path: B, where: 'nixos.toplevel' }], registration)).toThrow(UnregisteredPathError)
    expect(() => closureOf([{ path: C, where: 'nixos.toplevel' }], registration)).toThrow(/nixos\.toplevel: .*-c is not in reg/)
    expect(() => closureOf([{ path: '/nix/store/short-x', where: 'nixos.toplevel' }], registration)).toThrow(InvalidStorePathError)
  })
})

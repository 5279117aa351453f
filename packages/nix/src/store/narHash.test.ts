import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { normalizeNarHash } from './narHash.js'

// Oracle: nix-hash converts between the encodings Nix prints.
const nixHash = (...args: string[]) => execFileSync('nix-hash', ['--type', 'sha256', ...args], { encoding: 'utf8', env: { ...process.env, NIX_CONFIG: 'build-users-group =' } }).trim()

describe('normalizeNarHash', () => {
  it('reads base-16, Nix base-32, base-64 and SRI forms of the same hash as nix-hash writes them', () => {
    for (const seed of ['a', 'b', 'nar', 'closure-info']) {
      const hex = createHash('sha256').update(seed).digest('hex')
      const base32 = nixHash('--to-base32', hex)
      const base64 = Buffer.from(hex, 'hex').toString('base64')
      for (const form of [hex, `sha256:${hex}`, base32, `sha256:${base32}`, `sha256:${base64}`, `sha256-${base64}`]) {
        expect(normalizeNarHash(form), form).toBe(`sha256:${hex}`)
      }
      expect(nixHash('--to-base16', base32)).toBe(hex)
    }
  })

  it('refuses other algorithms, wrong lengths and characters outside Nix base-32 (e, o, t, u)', () => {
    expect(normalizeNarHash('sha1:0000000000000000000000000000000000000000')).toBeNull()
    expect(normalizeNarHash('sha256:abc')).toBeNull()
    expect(normalizeNarHash('sha256:' + 'e'.repeat(52))).toBeNull()
    expect(normalizeNarHash('sha256:' + 'z'.repeat(52))).toBeNull() // overflows 256 bits
  })
})

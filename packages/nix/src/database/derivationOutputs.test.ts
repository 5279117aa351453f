import { describe, expect, it } from 'vitest'
import { DerivationFormatError } from '../errors/DerivationFormatError.js'
import { derivationOutputs } from './derivationOutputs.js'

// The .drv nix-instantiate writes is parsed against Nix's own DerivationOutputs rows in
// writeNixDatabase.test.ts; these are the edges of the ATerm syntax.
describe('derivationOutputs', () => {
  it('reads escaped strings and skips outputs without a path (floating content-addressed)', () => {
    const drv = 'Derive([("dev","/nix/store/0000000000000000000000000000000a-x-dev","",""),("out","","sha256","r"),("q\\"\\\\","/nix/store/0000000000000000000000000000000b-x","","")],[],[],"x","/bin/sh",[],[])'
    expect(derivationOutputs(drv, 'x.drv')).toEqual([
      { id: 'dev', path: '/nix/store/0000000000000000000000000000000a-x-dev' },
      { id: 'q"\\', path: '/nix/store/0000000000000000000000000000000b-x' },
    ])
    expect(derivationOutputs('Derive([],[],[],"x","/bin/sh",[],[])', 'x.drv')).toEqual([])
  })

  it('refuses what is not a derivation, naming the path', () => {
    expect(() => derivationOutputs('hello', '/nix/store/0000000000000000000000000000000c-x.drv')).toThrow(DerivationFormatError)
    expect(() => derivationOutputs('Derive([("out","/nix/store/x', 'p.drv')).toThrow(/p\.drv: not a Nix derivation \(a string is not closed\)/)
  })
})

import { DerivationFormatError } from '../errors/DerivationFormatError.js'

/** One row of Nix's DerivationOutputs table: output `id` ("out", "dev", …) of a .drv is at `path`. */
export interface DerivationOutput {
  id: string
  path: string
}

/**
 * The outputs of a derivation in ATerm form (`Derive([("out","/nix/store/…","",""),…],…)`),
 * which Nix records in DerivationOutputs when it registers a .drv path. Outputs with
 * an empty path (floating content-addressed ones) are not recorded, as in Nix.
 * @throws DerivationFormatError
 */
export function derivationOutputs(text: string, drvPath: string): DerivationOutput[] {
  const fail = (reason: string): never => {
    throw new DerivationFormatError(drvPath, reason)
  }
  const prefix = 'Derive(['
  if (!text.startsWith(prefix)) fail(`it does not start with ${prefix}`)
  let at = prefix.length
  const expect = (token: string): void => {
    if (!text.startsWith(token, at)) fail(`expected ${JSON.stringify(token)} at byte ${at}`)
    at += token.length
  }
  const string = (): string => {
    expect('"')
    let value = ''
    for (;;) {
      const c = text[at++]
      if (c === undefined) return fail('a string is not closed')
      if (c === '"') return value
      if (c !== '\\') { value += c; continue }
      const e = text[at++]
      value += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : (e ?? fail('a string ends in a backslash'))
    }
  }
  const outputs: DerivationOutput[] = []
  if (text[at] === ']') return outputs
  for (;;) {
    expect('(')
    const id = string()
    expect(',')
    const path = string()
    expect(',')
    string()
    expect(',')
    string()
    expect(')')
    if (path !== '') outputs.push({ id, path })
    if (text[at] === ']') return outputs
    expect(',')
  }
}

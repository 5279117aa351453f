import { RegistrationFormatError } from '../errors/RegistrationFormatError.js'
import { normalizeNarHash } from '../store/narHash.js'
import { storePathProblem } from '../store/storePath.js'
import type { PathInfo } from './PathInfo.js'

/**
 * Parses what `nix-store --load-db` reads (libstore decodeValidPathInfo with the hash
 * given): per path, lines of store path, NAR hash, NAR size, deriver (empty for none),
 * number of references, then the references. An empty line where a path would start
 * ends the list, as in Nix. Accepts pkgs.closureInfo's `registration` and
 * `nix-store --dump-db` output alike.
 *
 * @param file named in errors.
 * @throws RegistrationFormatError naming the line.
 */
export function parseRegistration(text: string, file: string): Map<string, PathInfo> {
  const lines = text.split('\n')
  const infos = new Map<string, PathInfo>()
  let at = 0
  const next = (what: string): string => {
    if (at >= lines.length) throw new RegistrationFormatError(file, at + 1, `the file ends where ${what} was expected`)
    return lines[at++]!
  }
  const storePath = (what: string): string => {
    const path = next(what)
    const problem = storePathProblem(path)
    if (problem !== null) throw new RegistrationFormatError(file, at, `${what} ${JSON.stringify(path)}: ${problem}`)
    return path
  }
  const count = (what: string): number => {
    const value = next(what)
    if (!/^\d{1,15}$/.test(value)) throw new RegistrationFormatError(file, at, `${what} ${JSON.stringify(value)} is not a whole number`)
    return Number(value)
  }
  while (at < lines.length && lines[at] !== '') {
    const path = storePath('a store path')
    if (infos.has(path)) throw new RegistrationFormatError(file, at, `${path} is registered twice`)
    const hashText = next('the NAR hash')
    const narHash = normalizeNarHash(hashText)
    if (narHash === null) throw new RegistrationFormatError(file, at, `${JSON.stringify(hashText)} is not a sha256 NAR hash`)
    const narSize = count('the NAR size')
    const deriverText = next('the deriver')
    const deriver = deriverText === '' ? null : deriverText
    if (deriver !== null && storePathProblem(deriver) !== null) {
      throw new RegistrationFormatError(file, at, `deriver ${JSON.stringify(deriver)}: ${storePathProblem(deriver)}`)
    }
    const referenceCount = count('the number of references')
    const references: string[] = []
    for (let i = 0; i < referenceCount; i++) references.push(storePath('a reference'))
    infos.set(path, { path, narHash, narSize, deriver, references: [...new Set(references)].sort() })
  }
  return infos
}

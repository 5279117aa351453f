import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { BUILD_FLAGS, kebab, type FlagKind } from './buildFlags.js'

export class BuildUsageError extends Error {}

export interface ParsedBuildArgs {
  /** Options as given (config file first, flags over it); buildImage applies defaults and validates. */
  options: Record<string, unknown>
  quiet: boolean
  json: boolean
}

const BY_FLAG = new Map(Object.entries(BUILD_FLAGS).map(([name, kind]) => [kebab(name), { name, kind }]))

/** Paths in a config file are relative to the file, as a user reading the file expects. */
const PATH_OPTIONS = ['root', 'out', 'ovmf', 'efiFirmware', 'efiVariables', 'configFile', 'espContents']

function readConfig(file: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new BuildUsageError(`--config ${file}: ${(e as Error).message}; give a JSON file with an object of options`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BuildUsageError(`--config ${file}: the file must hold a JSON object of options`)
  return resolvePaths(parsed as Record<string, unknown>, dirname(resolve(file)))
}

/** The options with every path (and each contents source) made absolute against `base`. */
function resolvePaths(given: Record<string, unknown>, base: string): Record<string, unknown> {
  const options = { ...given }
  for (const key of PATH_OPTIONS) if (typeof options[key] === 'string') options[key] = resolve(base, options[key] as string)
  // The host paths inside `nixos` (closureInfo, registration, a storePaths file, hostStore) too; store paths stay as they are.
  if (options.nixos && typeof options.nixos === 'object' && !Array.isArray(options.nixos)) {
    const nixos: Record<string, unknown> = { ...options.nixos }
    for (const key of ['closureInfo', 'registration', 'storePaths', 'hostStore']) if (typeof nixos[key] === 'string') nixos[key] = resolve(base, nixos[key] as string)
    options.nixos = nixos
  }
  if (Array.isArray(options.contents)) {
    options.contents = options.contents.map((entry: unknown) =>
      entry && typeof entry === 'object' && typeof (entry as { source?: unknown }).source === 'string'
        ? { ...entry, source: resolve(base, (entry as { source: string }).source) }
        : entry,
    )
  }
  return options
}

function convert(flag: string, kind: FlagKind, text: string | undefined): unknown {
  if (text === undefined) throw new BuildUsageError(`--${flag} needs a value`)
  switch (kind) {
    case 'string':
      return text
    case 'size':
      return text === 'auto' ? 'auto' : /^\d+$/.test(text) ? Number(text) : text
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text
    case 'json':
      try {
        return JSON.parse(text)
      } catch {
        throw new BuildUsageError(`--${flag} takes JSON, e.g. --${flag} '[{"source":"./motd","target":"/etc/motd"}]'`)
      }
    case 'list':
      return text.split(',').filter((s) => s !== '')
    case 'boolean':
      return text
  }
}

/**
 * Turns `make-disk-image [--config FILE] [--flag value]… [--quiet] [--json]` into
 * an options object. Booleans are `--flag` / `--no-flag`. Unknown flags are usage
 * errors that suggest the flag meant.
 */
export function parseBuildArgs(args: string[]): ParsedBuildArgs {
  let options: Record<string, unknown> = {}
  const flags: Record<string, unknown> = {}
  let quiet = false
  let json = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--')) throw new BuildUsageError(`unexpected argument "${arg}"; every option is a --flag (see --help)`)
    const [rawFlag, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (rawFlag === 'quiet') quiet = true
    else if (rawFlag === 'json') json = true
    else if (rawFlag === 'config') options = { ...options, ...readConfig(inline ?? args[++i] ?? '') }
    else {
      const negated = rawFlag.startsWith('no-') && BY_FLAG.get(rawFlag.slice(3))?.kind === 'boolean'
      const spec = BY_FLAG.get(negated ? rawFlag.slice(3) : rawFlag)
      if (!spec) throw new BuildUsageError(`unknown option --${rawFlag}${suggest(rawFlag)}`)
      if (spec.kind === 'boolean') {
        if (inline !== undefined && !['true', 'false'].includes(inline)) throw new BuildUsageError(`--${rawFlag} is a switch: use --${rawFlag} or --no-${rawFlag}`)
        flags[spec.name] = negated ? false : inline !== 'false'
      } else flags[spec.name] = convert(rawFlag, spec.kind, inline ?? args[++i])
    }
  }
  return { options: { ...options, ...resolvePaths(flags, process.cwd()) }, quiet, json }
}

/** The known flag nearest to a mistyped one (edit distance ≤ 3), as a hint. */
function suggest(flag: string): string {
  let best: string | undefined
  let bestDistance = 4
  for (const known of [...BY_FLAG.keys(), 'config', 'quiet', 'json']) {
    const d = distance(flag, known)
    if (d < bestDistance) [best, bestDistance] = [known, d]
  }
  return best ? `; did you mean --${best}?` : '; see --help for the list'
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = tmp
    }
  }
  return row[b.length]!
}

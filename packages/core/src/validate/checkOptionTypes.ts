import type { DiskImageError } from '../errors/DiskImageError.js'
import { MissingOptionError } from '../errors/MissingOptionError.js'
import { OptionTypeError } from '../errors/OptionTypeError.js'
import type { ImageOptions } from '../options/ImageOptions.js'

interface TypeRule {
  expected: string
  test: (value: unknown) => boolean
}

const isString = (v: unknown) => typeof v === 'string'
const STRING: TypeRule = { expected: 'a string', test: isString }
const PATH: TypeRule = { expected: 'a non-empty path string', test: (v) => isString(v) && v !== '' }
const OPTIONAL_PATH: TypeRule = { expected: 'a non-empty path string or null', test: (v) => v === null || (isString(v) && v !== '') }
const BOOLEAN: TypeRule = { expected: 'true or false', test: (v) => typeof v === 'boolean' }

// Options whose values have dedicated checks (choices, sizes, GUIDs, contents) are
// `null` here: those checks report wrong types themselves, with better messages.
const RULES: Record<keyof ImageOptions, TypeRule | null> = {
  root: PATH,
  out: PATH,
  diskSize: { expected: '"auto" or a number of MiB', test: (v) => v === 'auto' || typeof v === 'number' },
  additionalSpace: { expected: 'a size string like "512M" or a number of bytes', test: (v) => isString(v) || typeof v === 'number' },
  bootSize: { expected: 'a size string like "256M" or a number of bytes', test: (v) => isString(v) || typeof v === 'number' },
  contents: { expected: 'an array of {source, target, mode?, user?, group?}', test: Array.isArray },
  partitionTableType: null,
  installBootLoader: BOOLEAN,
  touchEFIVars: BOOLEAN,
  ovmf: PATH,
  efiFirmware: PATH,
  efiVariables: PATH,
  fsType: null,
  label: STRING,
  configFile: OPTIONAL_PATH,
  postVM: STRING,
  memSize: { expected: 'a number of MiB', test: (v) => typeof v === 'number' },
  onlyNixStore: BOOLEAN,
  name: STRING,
  format: null,
  baseName: STRING,
  deterministic: BOOLEAN,
  rootGPUID: null,
  rootFSUID: null,
  copyChannel: BOOLEAN,
  additionalPaths: { expected: 'an array of strings', test: (v) => Array.isArray(v) && v.every(isString) },
  nixos: null,
  bootLoaderCommand: { expected: 'a shell command or null', test: (v) => v === null || (isString(v) && v.trim() !== '') },
  bootLoaderTimeout: { expected: 'a positive number of seconds', test: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0 },
  grubDevices: {
    expected: 'a list of device paths under /dev (letters, digits and ._+@:- only), such as ["/dev/sda"]',
    test: (v) => Array.isArray(v) && v.every((d) => isString(d) && /^\/dev\/[A-Za-z0-9._+@:/-]+$/.test(d) && !d.split('/').includes('..')),
  },
  espContents: OPTIONAL_PATH,
  ownerRoot: BOOLEAN,
  xattrs: BOOLEAN,
  compression: null,
  seed: { expected: 'a non-empty string or null', test: (v) => v === null || (isString(v) && v !== '') },
}

const REQUIRED: Partial<Record<keyof ImageOptions, string>> = {
  root: 'the directory holding the staged root tree',
  out: 'the output directory',
}

/**
 * Wrong JavaScript/JSON types, and missing required options. Every other check
 * skips an option whose type is wrong, so each problem is reported once.
 */
export function checkOptionTypes(options: Record<string, unknown>): DiskImageError[] {
  const issues: DiskImageError[] = []
  for (const [option, rule] of Object.entries(RULES) as [keyof ImageOptions, TypeRule | null][]) {
    const value = options[option]
    const meaning = REQUIRED[option]
    // A NixOS image needs no root tree: nixos-install makes the root from the closure (and contents).
    const optional = option === 'root' && options.nixos !== null && options.nixos !== undefined
    if (value === undefined && meaning !== undefined && !optional) issues.push(new MissingOptionError(option, meaning))
    else if (value !== undefined && rule !== null && !rule.test(value)) issues.push(new OptionTypeError(option, value, rule.expected))
  }
  return issues
}

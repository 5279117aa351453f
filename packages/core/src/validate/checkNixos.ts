import { storePathProblem } from '@diskimage/nix/store-path'
import type { DiskImageError } from '../errors/DiskImageError.js'
import { MissingOptionError } from '../errors/MissingOptionError.js'
import { NeedsNixosError } from '../errors/NeedsNixosError.js'
import { NixosChannelMissingError } from '../errors/NixosChannelMissingError.js'
import { NixosClosureSourceError } from '../errors/NixosClosureSourceError.js'
import { NotAStorePathError } from '../errors/NotAStorePathError.js'
import { OptionTypeError } from '../errors/OptionTypeError.js'
import { UnknownOptionError } from '../errors/UnknownOptionError.js'
import type { NixosOptions, ResolvedOptions } from '../options/ImageOptions.js'
import { checkPathKind } from './checkPathKind.js'
import { NixosSystemIncompleteError } from '../errors/NixosSystemIncompleteError.js'
import { missingFromToplevel, NIXOS_BOOTLOADER_NEEDS } from '../nixos/nixosSystemPaths.js'
import { resolve } from 'node:path'

const FIELDS: Record<keyof NixosOptions, true> = { toplevel: true, closureInfo: true, registration: true, storePaths: true, channel: true, hostStore: true }
const isPath = (v: unknown): v is string => typeof v === 'string' && v !== ''

/**
 * The `nixos` option and the reference's NixOS options that go with it
 * (copyChannel, additionalPaths): shape, store paths, the closure source given one
 * way, the host paths to read. The closure itself (registration, references, store
 * contents) is checked when the build reads it, by @diskimage/nix.
 */
export function checkNixos(options: ResolvedOptions): DiskImageError[] {
  const { nixos, additionalPaths } = options
  if (nixos === null || nixos === undefined) {
    return Array.isArray(additionalPaths) && additionalPaths.length > 0 ? [new NeedsNixosError('additionalPaths')] : []
  }
  if (typeof nixos !== 'object' || Array.isArray(nixos)) {
    return [new OptionTypeError('nixos', nixos, 'an object { toplevel, closureInfo | registration, storePaths?, channel?, hostStore? } or null')]
  }
  const issues: (DiskImageError | null)[] = []
  for (const key of Object.keys(nixos)) if (!Object.hasOwn(FIELDS, key)) issues.push(new UnknownOptionError(`nixos.${key}`, null))
  const storePath = (option: string, value: unknown) => {
    if (!isPath(value)) return issues.push(new OptionTypeError(option, value, 'a store path string'))
    const problem = storePathProblem(value)
    if (problem !== null) issues.push(new NotAStorePathError(option, value, problem))
  }
  if (nixos.toplevel === undefined) issues.push(new MissingOptionError('nixos.toplevel', 'the system store path (config.system.build.toplevel)'))
  else storePath('nixos.toplevel', nixos.toplevel)
  if (nixos.channel !== undefined && nixos.channel !== null) storePath('nixos.channel', nixos.channel)
  else if (options.copyChannel === true) issues.push(new NixosChannelMissingError())
  if (Array.isArray(additionalPaths)) additionalPaths.forEach((p, i) => storePath(`additionalPaths[${i}]`, p))

  const given = (['closureInfo', 'registration'] as const).filter((k) => nixos[k] !== undefined)
  if (given.length !== 1 || (nixos.storePaths !== undefined && given[0] !== 'registration')) {
    issues.push(new NixosClosureSourceError(nixos.storePaths !== undefined ? [...given, 'storePaths'] : given))
  }
  const hostPath = (option: string, value: unknown, kind: 'file' | 'directory') => {
    if (value === undefined) return
    if (!isPath(value)) issues.push(new OptionTypeError(option, value, `a path to a ${kind}`))
    else issues.push(checkPathKind(option, value, kind))
  }
  hostPath('nixos.closureInfo', nixos.closureInfo, 'directory')
  hostPath('nixos.registration', nixos.registration, 'file')
  if (Array.isArray(nixos.storePaths)) nixos.storePaths.forEach((p, i) => storePath(`nixos.storePaths[${i}]`, p))
  else hostPath('nixos.storePaths', nixos.storePaths, 'file')
  hostPath('nixos.hostStore', nixos.hostStore, 'directory')
  if (!issues.some((issue) => issue !== null)) issues.push(checkBootloaderNeeds(options, nixos))
  return issues.filter((issue): issue is DiskImageError => issue !== null)
}

/**
 * The bootloader step (installBootLoader, the default) boots the system's kernel and, without a
 * bootLoaderCommand, runs its switch-to-configuration: a toplevel without them fails now, not after
 * the file systems are written.
 */
function checkBootloaderNeeds(options: ResolvedOptions, nixos: NixosOptions): DiskImageError | null {
  if (options.installBootLoader !== true || options.onlyNixStore === true) return null
  const hostStore = resolve(nixos.hostStore ?? '/nix/store')
  const needs = options.bootLoaderCommand ? NIXOS_BOOTLOADER_NEEDS.filter((n) => n !== 'bin/switch-to-configuration') : NIXOS_BOOTLOADER_NEEDS
  const missing = missingFromToplevel(hostStore, nixos.toplevel, needs)
  return missing.length > 0 ? new NixosSystemIncompleteError(nixos.toplevel, hostStore, missing) : null
}

import { resolve } from 'node:path'
import type { ResolvedOptions } from '../options/ImageOptions.js'
import { sizeOptionBytes } from '../sizes/sizeOptionBytes.js'
import { MEBIBYTE } from '../sizes/units.js'
import type { BuildPlan } from './buildPlan.js'
import { planIdentifiers } from '../identifiers/planIdentifiers.js'
import type { PinnedIdentifiers } from '../identifiers/pinnedIdentifiers.js'
import type { NixosInput } from '@diskimage/nix'
import type { NixosOptions } from '../options/ImageOptions.js'
import { NIXOS_INSTALL_COMMAND } from '../nixos/nixosSystemPaths.js'

/**
 * Turns validated options into the pipeline's plan: absolute paths, sizes in
 * bytes, and the time the tools use. SOURCE_DATE_EPOCH (from the environment of
 * the build) clamps file times and is the tools' "now"; without it file times
 * are kept as they are and the tools' "now" is the fixed time 1 (1970-01-01
 * 00:00:01 UTC — e2fsprogs reads 0 as "use the clock").
 */
export function planBuild(options: ResolvedOptions, env: NodeJS.ProcessEnv = process.env, pinned?: PinnedIdentifiers): BuildPlan {
  const sde = env.SOURCE_DATE_EPOCH
  const sourceDateEpoch = sde !== undefined && /^\d+$/.test(sde) && Number(sde) >= 1 ? Number(sde) : undefined
  // `pinned` (from the options as given) says which identifiers the seed must not touch; see pinnedIdentifiers.
  const identifiers = planIdentifiers(options, pinned)
  return {
    root: options.root === undefined ? undefined : resolve(options.root),
    out: resolve(options.out),
    partitionTableType: options.partitionTableType,
    diskSize: options.diskSize === 'auto' ? 'auto' : Number(BigInt(options.diskSize) * MEBIBYTE),
    additionalSpace: Number(sizeOptionBytes(options.additionalSpace)),
    bootSize: Number(sizeOptionBytes(options.bootSize)),
    contents: options.contents.map((c) => ({
      source: c.source,
      target: c.target,
      ...(c.mode !== undefined ? { mode: c.mode } : {}),
      ...(c.user !== undefined ? { user: String(c.user) } : {}),
      ...(c.group !== undefined ? { group: String(c.group) } : {}),
    })).concat(
      // The reference copies configFile to /etc/nixos/configuration.nix (in its VM); it is one more contents entry.
      options.configFile ? [{ source: resolve(options.configFile), target: '/etc/nixos/configuration.nix', mode: '644' }] : [],
    ),
    label: options.label,
    format: options.format,
    compression: options.compression ?? undefined,
    baseName: options.baseName,
    deterministic: options.deterministic,
    rootGPUID: identifiers.rootGPUID,
    rootFSUID: identifiers.rootFSUID,
    ext4HashSeed: identifiers.ext4HashSeed,
    seed: identifiers.seed,
    onlyNixStore: options.onlyNixStore,
    nixos: options.nixos ? nixosInput(options.nixos, options) : undefined,
    ownerRoot: options.ownerRoot,
    xattrs: options.xattrs,
    espContents: options.espContents ? resolve(options.espContents) : undefined,
    touchEFIVars: options.touchEFIVars,
    efiVariables: options.touchEFIVars ? resolve(options.efiVariables) : undefined,
    sourceDateEpoch,
    postVM: options.postVM.trim() === '' ? '' : options.postVM,
    ...bootLoaderStep(options),
  }
}

/** The validated `nixos` option as @diskimage/nix takes it: host paths absolute, the channel only when copyChannel. */
function nixosInput(nixos: NixosOptions, options: ResolvedOptions): NixosInput {
  const { storePaths } = nixos
  return {
    toplevel: nixos.toplevel,
    closure: nixos.closureInfo !== undefined
      ? { closureInfo: resolve(nixos.closureInfo) }
      : { registration: resolve(nixos.registration!), ...(storePaths !== undefined ? { storePaths: typeof storePaths === 'string' ? resolve(storePaths) : storePaths } : {}) },
    channel: options.copyChannel ? (nixos.channel ?? null) : null,
    additionalPaths: options.additionalPaths,
    hostStore: resolve(nixos.hostStore ?? '/nix/store'),
  }
}

/**
 * The VM step: with installBootLoader, the given command, or for a NixOS image the reference's own
 * (`NIXOS_INSTALL_BOOTLOADER=1 …/switch-to-configuration boot` through nixos-enter).
 */
function bootLoaderStep(options: ResolvedOptions): Pick<BuildPlan, 'bootLoader'> {
  const nixos = options.nixos && !options.onlyNixStore ? { toplevel: options.nixos.toplevel, hostStore: resolve(options.nixos.hostStore ?? '/nix/store') } : undefined
  const command = options.bootLoaderCommand ?? (nixos ? NIXOS_INSTALL_COMMAND : undefined)
  if (!options.installBootLoader || !command) return {}
  const step = { command, timeoutMs: options.bootLoaderTimeout * 1000, memSize: options.memSize, efiFirmware: resolve(options.efiFirmware), grubDevices: options.grubDevices }
  return { bootLoader: nixos ? { ...step, nixos } : step }
}

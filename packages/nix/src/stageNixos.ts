import { mkdirSync, readFileSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { closureOf, type ClosureRoot } from './closure/closureOf.js'
import type { PathInfo } from './closure/PathInfo.js'
import { readRegistration, type ClosureSource } from './closure/readRegistration.js'
import { derivationOutputs, type DerivationOutput } from './database/derivationOutputs.js'
import { writeNixDatabase } from './database/writeNixDatabase.js'
import { linkStorePaths } from './install/linkStorePaths.js'
import { removeTree } from './install/removeTree.js'
import { writeInstallTree } from './install/writeInstallTree.js'
import { STORE_DIR, storeBaseName } from './store/storePath.js'

/** A NixOS system as Nix hands it over, and what to install with it. */
export interface NixosInput {
  /** The system's store path (config.system.build.toplevel). */
  toplevel: string
  /** Its closure's registration (pkgs.closureInfo output, or a registration file). */
  closure: ClosureSource
  /** The channel store path to install as root's `nixos` channel, or null (`--no-channel-copy`). */
  channel: string | null
  /** More store paths whose closures the image's store must hold (the reference's additionalPaths). */
  additionalPaths: readonly string[]
  /** Host directory holding the store paths; "/nix/store" unless the closure is in a chroot store. */
  hostStore: string
}

/** The staged NixOS tree: directories to add to the image's union of layers, first wins. */
export interface StagedNixos {
  layers: string[]
  /** The store paths the image holds, references first (the database's order). */
  closure: PathInfo[]
  /** Removes the staged directories (the host store is untouched). */
  dispose(): void
}

/**
 * Stages what nixos-install would leave, without running Nix: the closure of the
 * toplevel, the channel and the additional paths as a view of the host store (read
 * in place, see linkStorePaths), and — unless `onlyNixStore` — the Nix database
 * and the install tree (profiles, channel links, /etc/NIXOS). With `onlyNixStore`
 * the single layer is the store itself, as the reference copies `nix/store/*` to the
 * file system's root.
 *
 * @param dir an empty scratch directory (it is filled and removed by `dispose`).
 * @param time seconds since the epoch for the database's registrationTime and the new files' times.
 */
export async function stageNixos(input: NixosInput, dir: string, options: { time: number; onlyNixStore: boolean }): Promise<StagedNixos> {
  const registration = readRegistration(input.closure)
  const base = [input.toplevel, ...(input.channel !== null ? [input.channel] : [])]
  // The reference's `additionalPaths' = subtractLists basePaths additionalPaths`.
  const roots: ClosureRoot[] = [
    { path: input.toplevel, where: 'nixos.toplevel' },
    ...(input.channel !== null ? [{ path: input.channel, where: 'nixos.channel' }] : []),
    ...input.additionalPaths.filter((p) => !base.includes(p)).map((path) => ({ path, where: 'additionalPaths' })),
  ]
  const closure = closureOf(roots, registration)
  const dispose = () => removeTree(dir)
  try {
    const view = join(dir, 'store-view')
    linkStorePaths(closure.map((p) => p.path), input.hostStore, join(view, STORE_DIR))
    for (const d of [join(view, STORE_DIR), join(view, 'nix'), view]) utimesSync(d, options.time, options.time)
    if (options.onlyNixStore) return { layers: [join(view, STORE_DIR)], closure, dispose }
    const outputs = new Map<string, DerivationOutput[]>()
    for (const { path } of closure) {
      if (path.endsWith('.drv')) outputs.set(path, derivationOutputs(readFileSync(join(input.hostStore, storeBaseName(path)), 'utf8'), path))
    }
    const database = await writeNixDatabase(closure, { registrationTime: options.time, derivationOutputs: outputs })
    const install = join(dir, 'install')
    mkdirSync(install)
    writeInstallTree(install, { toplevel: input.toplevel, channel: input.channel, database }, options.time)
    return { layers: [install, view], closure, dispose }
  } catch (error) {
    dispose()
    throw error
  }
}

import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { closureOf, type ClosureRoot } from './closure/closureOf.js'
import type { PathInfo } from './closure/PathInfo.js'
import { readRegistration, type ClosureSource } from './closure/readRegistration.js'
import { derivationOutputs, type DerivationOutput } from './database/derivationOutputs.js'
import { writeNixDatabase } from './database/writeNixDatabase.js'
import { storeBinds, type StoreBind } from './install/storeBinds.js'
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

/** The staged NixOS tree: directories to add to the image's union of layers, and the store paths to bind. */
export interface StagedNixos {
  /** Directories to merge into the image root (the install tree, which holds /nix/store itself); none with onlyNixStore. */
  layers: string[]
  /** The closure, read in place from the host store: one bind per store path at its place in the image. */
  binds: StoreBind[]
  /** The store paths the image holds, references first (the database's order). */
  closure: PathInfo[]
  /** Removes the staged directories (the host store is untouched: nothing of it is under them). */
  dispose(): void
}

/**
 * Stages what nixos-install would leave, without running Nix: the closure of the
 * toplevel, the channel and the additional paths as binds of the host store's paths
 * (read in place, see storeBinds), and — unless `onlyNixStore` — the Nix database
 * and the install tree (profiles, channel links, /etc/NIXOS, and /nix/store with
 * its .links as Nix makes them). With `onlyNixStore` the store paths are bound at
 * the file system's root, as the reference copies `nix/store/*` there, and there
 * is no layer.
 *
 * @param dir an empty scratch directory (it is filled and removed by `dispose`); it never holds a file of the store.
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
  const dispose = () => rmSync(dir, { recursive: true, force: true })
  try {
    const paths = closure.map((p) => p.path)
    const binds = storeBinds(paths, input.hostStore, options.onlyNixStore ? '/' : STORE_DIR)
    if (options.onlyNixStore) return { layers: [], binds, closure, dispose }
    const outputs = new Map<string, DerivationOutput[]>()
    for (const { path } of closure) {
      if (path.endsWith('.drv')) outputs.set(path, derivationOutputs(readFileSync(join(input.hostStore, storeBaseName(path)), 'utf8'), path))
    }
    const database = await writeNixDatabase(closure, { registrationTime: options.time, derivationOutputs: outputs })
    const install = join(dir, 'install')
    mkdirSync(install, { recursive: true })
    writeInstallTree(install, { toplevel: input.toplevel, channel: input.channel, database }, options.time)
    return { layers: [install], binds, closure, dispose }
  } catch (error) {
    dispose()
    throw error
  }
}

import { lstatSync, readdirSync, type Stats } from 'node:fs'
import { join } from 'node:path'
import { autoDiskSize } from '../autosize/autoDiskSize.js'
import { scanTree, type TreeScan } from '../autosize/scanTree.js'
import type { VfsBind } from '@diskimage/fs'
import type { BuildPlan } from './buildPlan.js'

const BLOCK = 4096

type Count = Pick<TreeScan, 'entries' | 'blocks'>

/**
 * The disk size in bytes: the explicit one, or the reference's automatic size
 * computed over what the file system will hold — the union of the layers (staged
 * contents, the root tree read in place, the NixOS install tree), each path
 * counted once as the reference counts its merged $root: a name several layers
 * share is one entry, and what the upper layer hides is not counted — and the
 * binds (the NixOS store paths read in place), each tree counted once in place of
 * what the layers have at its path. `scanned` holds the counts of layers and bind
 * trees already made (by the build's name check, in the same walk): they are not
 * walked again.
 */
export async function diskSizeFor(
  plan: BuildPlan,
  layers: readonly string[],
  binds: readonly VfsBind[] = [],
  scanned: ReadonlyMap<string, TreeScan> = new Map(),
): Promise<number> {
  if (plan.diskSize !== 'auto') return plan.diskSize
  let { entries, blocks } = await unionCount(layers, scanned)
  for (const bind of binds) {
    const bound = await scanEntry(bind.host, lstatSync(bind.host), scanned)
    const replaced = await unionAt(layers, bind.path)
    entries += bound.entries - replaced.entries
    blocks += bound.blocks - replaced.blocks
  }
  const size = autoDiskSize({ entries, blocks }, { partitionTableType: plan.partitionTableType, bootSize: plan.bootSize, additionalSpace: plan.additionalSpace })
  return Number(size.diskSize)
}

/** What the union of the directories counts: each scanned, less what that counts twice. */
async function unionCount(dirs: readonly string[], scanned: ReadonlyMap<string, TreeScan> = new Map()): Promise<Count> {
  const total = { entries: 0, blocks: 0 }
  for (const dir of dirs) {
    const scan = scanned.get(dir) ?? (await scanTree(dir))
    total.entries += scan.entries
    total.blocks += scan.blocks
  }
  const twice = await countedTwice(dirs)
  return { entries: total.entries - twice.entries, blocks: total.blocks - twice.blocks }
}

/**
 * What scanning the layers one by one counts beyond their union, with the union's
 * rules (child/vfs-overlay.cjs): the first layer holding a name wins; a directory
 * merges with the directories of that name below it and hides the rest; a
 * non-directory hides everything below it. Walks only the directories the layers
 * share (the top, /nix, /nix/store, /etc …), not the trees.
 */
async function countedTwice(layers: readonly string[]): Promise<Count> {
  const total = { entries: layers.length - 1, blocks: 0 } // the top directories are the union's one root
  const hidden = async (path: string) => {
    const scan = await scanEntry(path, lstatSync(path))
    total.entries += scan.entries
    total.blocks += scan.blocks
  }
  const walk = async (dirs: readonly string[]): Promise<void> => {
    const byName = new Map<string, string[]>()
    for (const dir of dirs) for (const name of readdirSync(dir)) byName.set(name, [...(byName.get(name) ?? []), `${dir}/${name}`])
    for (const paths of byName.values()) {
      if (paths.length < 2) continue
      const [winner, ...lower] = paths as [string, ...string[]]
      if (!lstatSync(winner).isDirectory()) {
        for (const p of lower) await hidden(p)
        continue
      }
      const merged = [winner]
      for (const p of lower) {
        if (lstatSync(p).isDirectory()) {
          merged.push(p)
          total.entries++ // the directory itself is one entry of the union
        } else await hidden(p)
      }
      if (merged.length > 1) await walk(merged)
    }
  }
  await walk(layers)
  return total
}

/** What one entry counts: a directory its tree, anything else itself. */
async function scanEntry(path: string, st: Stats, scanned: ReadonlyMap<string, TreeScan> = new Map()): Promise<Count> {
  return st.isDirectory() ? (scanned.get(path) ?? scanTree(path)) : { entries: 1, blocks: Math.ceil(st.size / BLOCK) }
}

/**
 * What the union of the layers counts at `path` (the part a bind there replaces),
 * with the union's rules: the first layer's entry wins; a directory merges with
 * the directories below it.
 */
async function unionAt(layers: readonly string[], path: string): Promise<Count> {
  const found = layers.map((layer) => join(layer, path)).flatMap((p) => {
    try {
      return [{ p, st: lstatSync(p) }]
    } catch {
      return []
    }
  })
  const [winner] = found
  if (winner === undefined) return { entries: 0, blocks: 0 }
  if (!winner.st.isDirectory()) return scanEntry(winner.p, winner.st)
  return unionCount(found.filter((f) => f.st.isDirectory()).map((f) => f.p))
}

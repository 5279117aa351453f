import { lstatSync, readdirSync } from 'node:fs'
import { autoDiskSize } from '../autosize/autoDiskSize.js'
import { scanTree, type TreeScan } from '../autosize/scanTree.js'
import type { BuildPlan } from './buildPlan.js'

const BLOCK = 4096

/**
 * The disk size in bytes: the explicit one, or the reference's automatic size
 * computed over what the file system will hold — the union of the layers (staged
 * contents, the root tree read in place, the NixOS install tree and store view),
 * each path counted once as the reference counts its merged $root: a name several
 * layers share is one entry, and what the upper layer hides is not counted.
 */
export async function diskSizeFor(plan: BuildPlan, layers: readonly string[]): Promise<number> {
  if (plan.diskSize !== 'auto') return plan.diskSize
  let entries = 0
  let blocks = 0
  for (const layer of layers) {
    const scan = await scanTree(layer)
    entries += scan.entries
    blocks += scan.blocks
  }
  const twice = await countedTwice(layers)
  entries -= twice.entries
  blocks -= twice.blocks
  const size = autoDiskSize({ entries, blocks }, { partitionTableType: plan.partitionTableType, bootSize: plan.bootSize, additionalSpace: plan.additionalSpace })
  return Number(size.diskSize)
}

/**
 * What scanning the layers one by one counts beyond their union, with the union's
 * rules (child/vfs-overlay.cjs): the first layer holding a name wins; a directory
 * merges with the directories of that name below it and hides the rest; a
 * non-directory hides everything below it. Walks only the directories the layers
 * share (the top, /nix, /nix/store, /etc …), not the trees.
 */
async function countedTwice(layers: readonly string[]): Promise<Pick<TreeScan, 'entries' | 'blocks'>> {
  const total = { entries: layers.length - 1, blocks: 0 } // the top directories are the union's one root
  const hidden = async (path: string) => {
    const st = lstatSync(path)
    const scan = st.isDirectory() ? await scanTree(path) : { entries: 1, blocks: Math.ceil(st.size / BLOCK) }
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

import { autoDiskSize } from '../autosize/autoDiskSize.js'
import { scanTree } from '../autosize/scanTree.js'
import type { BuildPlan } from './buildPlan.js'

/**
 * The disk size in bytes: the explicit one, or the reference's automatic size
 * computed over what the file system will hold — the root tree read in place and
 * the staged contents overlay. An overlay file that replaces a root-tree file is
 * counted twice: a few blocks too many, never too few.
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
  const size = autoDiskSize({ entries, blocks }, { partitionTableType: plan.partitionTableType, bootSize: plan.bootSize, additionalSpace: plan.additionalSpace })
  return Number(size.diskSize)
}

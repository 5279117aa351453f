/** One place where two images differ, named as precisely as the structures allow. */
export interface Difference {
  /** The disk region: "MBR", "GPT header", "partition 2 (ext4)", "free space (sectors 34..2047)", … */
  region: string
  /** The structure inside it: "superblock", "group descriptor 0", "inode 12 (/etc/motd)", "entry 2", … */
  where: string
  /** Field names inside `where`, when it has fields. */
  fields: string[]
}

/** A difference as one line of `make-disk-image diff` output. */
export function formatDifference(d: Difference): string {
  const where = d.where ? `: ${d.where}` : ''
  return `${d.region}${where}${d.fields.length > 0 ? `: ${d.fields.join(', ')}` : ''}`
}

/**
 * Merges differences at the same place into one, keeping the first-seen order
 * and each field once.
 */
export function mergeDifferences(list: readonly Difference[]): Difference[] {
  const byPlace = new Map<string, Difference>()
  for (const d of list) {
    const key = `${d.region}\u0000${d.where}`
    const seen = byPlace.get(key)
    if (!seen) byPlace.set(key, { ...d, fields: [...d.fields] })
    else for (const f of d.fields) if (!seen.fields.includes(f)) seen.fields.push(f)
  }
  return [...byPlace.values()]
}

/** "5", "5..9" — consecutive numbers folded into ranges, for lists of blocks or clusters. */
export function numberRanges(values: readonly number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}..${sorted[j]}`)
    i = j + 1
  }
  return parts.join(', ')
}

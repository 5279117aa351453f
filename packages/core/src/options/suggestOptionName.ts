import { OPTION_NAMES } from './optionNames.js'

// Compare names case-, dash- and underscore-blind, so "disk-size", "disk_size"
// and "DISKSIZE" (CLI or Nix habits) all point at diskSize.
function fold(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '')
}

// Optimal string alignment distance: Levenshtein plus swapping two neighbours
// ("mdoe" → "mode" is one typo, not two).
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = best
    }
  }
  return rows[a.length]![b.length]!
}

/**
 * The valid name nearest to an unknown one (edit distance, with swaps, after folding
 * case, '-' and '_'), or null when nothing is close enough to be a plausible typo
 * (more than a third of the name would have to change).
 *
 * @param candidates the valid names; the option names by default.
 */
export function suggestOptionName(unknown: string, candidates: readonly string[] = OPTION_NAMES): string | null {
  const folded = fold(unknown)
  let best: string | null = null
  let bestDistance = Infinity
  for (const name of candidates) {
    const distance = editDistance(folded, fold(name))
    if (distance < bestDistance) {
      best = name
      bestDistance = distance
    }
  }
  return bestDistance <= Math.max(1, Math.floor(folded.length / 3)) ? best : null
}

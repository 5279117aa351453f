import { OPTION_NAMES } from './optionNames.js'

// Compare names case-, dash- and underscore-blind, so "disk-size", "disk_size"
// and "DISKSIZE" (CLI or Nix habits) all point at diskSize.
function fold(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '')
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution)
    }
    previous = current
  }
  return previous[b.length]!
}

/**
 * The valid name nearest to an unknown one (Levenshtein distance after folding
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

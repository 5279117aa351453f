// Summaries of repeated measurements.

export function min(values) {
  return Math.min(...values)
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** { min, median } of one field over samples. */
export function summarize(samples, field) {
  const values = samples.map((s) => s[field])
  return { min: min(values), median: median(values) }
}

/** Median per phase over samples whose `phases` are { name: ms }; a phase missing in a sample counts 0. */
export function medianPhases(samples) {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.phases)))]
  return Object.fromEntries(names.map((name) => [name, median(samples.map((s) => s.phases[name] ?? 0))]))
}

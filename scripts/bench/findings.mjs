// "What to optimise next", read from the samples: the phases where ours spends the most time beyond
// the native pipeline, so the next optimisation is chosen from data rather than from a hunch.
import { median, medianPhases } from './stats.mjs'

const PHASE_NAMES = {
  startup: 'process start and module loading',
  validate: 'option validation',
  stage: 'staging the contents',
  size: 'the size scan of the tree',
  partition: 'the partition table',
  rootfs: 'the root ext4 (mke2fs -d)',
  bootfs: 'the FAT ESP',
  convert: 'the conversion',
  finish: 'the final renames',
}

/** Per tree: the largest per-phase excess of ours over native (raw builds), and the slowest conversion. */
export function findings(run) {
  const lines = ['## What to optimise next (from the data above)', '']
  for (const tree of run.trees) {
    const of = (side, format) => run.samples.filter((x) => x.tree === tree.name && x.side === side && x.format === format)
    const ours = medianPhases(of('ours', 'raw'))
    const native = medianPhases(of('native', 'raw'))
    if (Object.keys(ours).length) {
      const excess = Object.keys(PHASE_NAMES)
        .filter((n) => n in ours)
        .map((n) => ({ n, extra: ours[n] - (native[n] ?? 0) }))
        .sort((a, b) => b.extra - a.extra)
        .filter((x) => x.extra > 0)
        .slice(0, 3)
      const total = Object.values(ours).reduce((a, b) => a + b, 0)
      const [largest, ms] = Object.entries(ours).sort((a, b) => b[1] - a[1])[0]
      lines.push(`- ${tree.name}, raw: ${PHASE_NAMES[largest] ?? largest} takes ${((ms / total) * 100).toFixed(0)}% of our build (${(ms / 1000).toFixed(2)} of ${(total / 1000).toFixed(2)} s, medians).`)
      if (excess.length) {
        lines.push(
          `- ${tree.name}, raw (all layouts): ours spends longer than native in ` +
            excess.map((x) => `${PHASE_NAMES[x.n]} (+${(x.extra / 1000).toFixed(2)} s)`).join(', ') + '.',
        )
      } else lines.push(`- ${tree.name}, raw: no phase of ours is slower than its native counterpart.`)
    }
    const conversions = [...new Set(run.samples.filter((x) => x.tree === tree.name && x.format !== 'raw').map((x) => x.format))].map((format) => {
      const o = median(of('ours', format).map((x) => x.phases.convert ?? 0))
      const n = median(of('native', format).map((x) => x.phases.convert ?? 0))
      return { format, o, n }
    })
    const worst = conversions.sort((a, b) => b.o / b.n - a.o / a.n)[0]
    if (worst) {
      lines.push(
        `- ${tree.name}: the conversion furthest behind qemu-img is ${worst.format} (${(worst.o / 1000).toFixed(2)} s vs ${(worst.n / 1000).toFixed(2)} s, ${(worst.o / worst.n).toFixed(2)}×).`,
      )
    }
  }
  lines.push('')
  return lines
}

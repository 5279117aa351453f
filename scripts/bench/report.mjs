// Renders the bench's samples as docs/benchmarks.md: machine, goals with their gaps, per-tree tables,
// the per-phase profile and the growth with tree size.
import { median, medianPhases, summarize } from './stats.mjs'

const RSS_GOAL_BYTES = 300e6
const COMPRESSED_SPEEDUP_GOAL = 1.5
/** Cost per MiB on a large tree at most this many times the small tree's still counts as linear. */
const LINEAR_TOLERANCE = 1.25

const PHASE_LABELS = {
  startup: 'startup (node, module loading)',
  validate: 'validate options',
  stage: 'staging (contents)',
  size: 'scan (size the tree)',
  partition: 'partition table (parted, sgdisk)',
  rootfs: 'root ext4 (mke2fs -d)',
  bootfs: 'FAT (ESP)',
  tune2fs: 'tune2fs',
  convert: 'convert (raw: mv)',
  finish: 'finish (renames)',
}

const s = (ms) => (ms / 1000).toFixed(2)
const mb = (bytes) => (bytes / 1e6).toFixed(1)
const fixed = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—')
const ratio = (a, b) => fixed(a / b)

/** CPU times of the samples that have one (GNU time's report can be lost: such a sample keeps its wall time). */
const finiteCpu = (samples) => samples.map((x) => x.cpuMs).filter((ms) => Number.isFinite(ms))

/** Samples of one side for one build. */
function pick(samples, { tree, layout, format, side }) {
  return samples.filter((x) => x.tree === tree && x.layout === layout && x.format === format && x.side === side)
}

function combos(samples, tree) {
  const seen = new Map()
  for (const x of samples.filter((x) => x.tree === tree)) seen.set(`${x.layout} ${x.format}`, { layout: x.layout, format: x.format })
  return [...seen.values()]
}

function machineSection(run) {
  const m = run.machine
  return [
    '## Machine',
    '',
    '| nproc | CPU | RAM | kernel | node | load average (1 min) at start / end |',
    '|---|---|---|---|---|---|',
    `| ${m.nproc} | ${m.cpuModel} | ${m.ramGiB} GiB | ${m.kernel} | ${m.node} | ${run.loadStart.toFixed(1)} / ${run.loadEnd.toFixed(1)} |`,
    '',
    'Tools: ' + Object.entries(m.tools).map(([name, version]) => `${name}: \`${version}\``).join(', ') + '.',
    '',
  ]
}

function treesSection(run) {
  return [
    '## Trees',
    '',
    '| tree | what | entries | file data | measured (date, commit, load at start) |',
    '|---|---|---|---|---|',
    ...run.trees.map((t) => `| ${t.name} | ${t.what} | ${t.entries.toLocaleString('en')} | ${mb(t.bytes)} MB | ${t.measured ?? run.date} |`),
    '',
  ]
}

/**
 * How our peak RSS moves with the tree for the one build every tree had (efi raw first): [smallest
 * tree's peak, largest tree's peak], or undefined with fewer than two trees.
 */
function rssGrowth(run) {
  const rows = growthRows(run)
  if (rows.length < 2) return undefined
  const bySize = [...rows].sort((a, b) => a.mib - b.mib)
  const peak = (row) => Math.max(...pick(run.samples, { tree: row.tree, layout: row.layout, format: row.format, side: 'ours' }).map((x) => x.peakGroupRssBytes))
  return { from: peak(bySize[0]), to: peak(bySize.at(-1)), build: `${rows[0].layout} ${rows[0].format}`, small: bySize[0].tree, large: bySize.at(-1).tree }
}

/** Goal verdicts from the medians; each says the gap when not met. */
function goals(run) {
  const { samples } = run
  const rows = []
  const medianMs = (q) => median(pick(samples, q).map((x) => x.ms))
  const medianCpu = (q) => median(finiteCpu(pick(samples, q)))
  const pairs = (format) =>
    run.trees.flatMap((t) => combos(samples, t.name).filter((c) => c.format === format).map((c) => ({ tree: t.name, ...c })))

  const raw = pairs('raw').map((q) => ({
    ...q,
    r: medianMs({ ...q, side: 'ours' }) / medianMs({ ...q, side: 'native' }),
    cpu: medianCpu({ ...q, side: 'ours' }) / medianCpu({ ...q, side: 'native' }),
  }))
  if (raw.length) {
    const worst = raw.reduce((a, b) => (b.r > a.r ? b : a))
    const met = raw.every((x) => x.r <= 1)
    rows.push([
      'end-to-end raw no slower than native (ours / native ≤ 1)',
      raw.map((x) => `${x.tree} ${x.layout}: ${x.r.toFixed(2)} (CPU ${fixed(x.cpu)})`).join('; '),
      met ? 'met' : `**gap**: ${worst.tree} ${worst.layout} is ${worst.r.toFixed(2)}× the native time`,
    ])
  }
  const compressed = pairs('qcow2-compressed').map((q) => ({
    ...q,
    speedup: medianMs({ ...q, side: 'native' }) / medianMs({ ...q, side: 'ours' }),
    cpu: medianCpu({ ...q, side: 'native' }) / medianCpu({ ...q, side: 'ours' }),
  }))
  if (compressed.length) {
    const worst = compressed.reduce((a, b) => (b.speedup < a.speedup ? b : a))
    rows.push([
      `qcow2-compressed ≥ ${COMPRESSED_SPEEDUP_GOAL}× faster (native / ours)`,
      compressed.map((x) => `${x.tree} ${x.layout}: ${x.speedup.toFixed(2)}× (CPU ${fixed(x.cpu)}×)`).join('; '),
      compressed.every((x) => x.speedup >= COMPRESSED_SPEEDUP_GOAL)
        ? 'met'
        : `**gap**: ${worst.tree} ${worst.layout} is ${worst.speedup.toFixed(2)}× (${worst.speedup < 1 ? 'slower than native' : 'faster, not enough'})`,
    ])
  }
  const growth = growthRows(run)
  if (growth.length > 1) {
    const base = growth[0]
    const factors = growth.slice(1).map((g) => ({ tree: g.tree, factor: g.oursPerMiB / base.oursPerMiB }))
    const worst = factors.reduce((a, b) => (b.factor > a.factor ? b : a))
    rows.push([
      `cost linear in tree size (time per MiB vs ${base.tree}, ≤ ${LINEAR_TOLERANCE})`,
      factors.map((f) => `${f.tree}: ${f.factor.toFixed(2)}`).join('; ') + ` (${base.layout} ${base.format})`,
      factors.every((f) => f.factor <= LINEAR_TOLERANCE) ? 'met' : `**gap**: ${worst.tree} costs ${worst.factor.toFixed(2)}× per MiB`,
    ])
  }
  const ours = samples.filter((x) => x.side === 'ours')
  if (ours.length) {
    const peakOf = (tree) => Math.max(...ours.filter((x) => x.tree === tree).map((x) => x.peakGroupRssBytes))
    const peaks = run.trees.map((t) => ({ tree: t.name, peak: peakOf(t.name) }))
    const worst = peaks.reduce((a, b) => (b.peak > a.peak ? b : a))
    const growth = rssGrowth(run)
    rows.push([
      'peak RSS under 300 MB for any size (sum over our processes)',
      peaks.map((p) => `${p.tree}: ${mb(p.peak)} MB`).join('; '),
      worst.peak >= RSS_GOAL_BYTES
        ? `**gap**: ${worst.tree} peaks at ${mb(worst.peak)} MB`
        : growth && growth.to > 1.2 * growth.from
          ? `met for the sizes measured, but it grows with the tree (${growth.build}: ${mb(growth.from)} MB on ${growth.small} → ${mb(growth.to)} MB on ${growth.large}): not yet "any size"`
          : 'met',
    ])
  }
  return ['## Goals', '', 'Verdicts use the median wall times; CPU-time ratios in brackets (they move less with the machine\'s other load).', '', '| goal | measured (medians) | verdict |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`), '']
}

function treeSection(run, tree) {
  const lines = [
    `## End-to-end: ${tree.name}`,
    '',
    'Seconds of wall time; ratio = ours / native (below 1: ours is faster), of the minima and of the medians; CPU = user + system',
    'time of all processes (less sensitive to the machine\'s other load). Sizes are allocated bytes on disk. Peak RSS of ours:',
    'the largest sum over its processes (CLI + WASM tool children) / the largest single process.',
    '',
    '| layout | format | runs | ours min | ours median | native min | native median | ratio min | ratio median | CPU ratio (median) | ours size | native size | ours peak RSS | native peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ]
  for (const c of combos(run.samples, tree.name)) {
    const ours = pick(run.samples, { tree: tree.name, ...c, side: 'ours' })
    const native = pick(run.samples, { tree: tree.name, ...c, side: 'native' })
    const o = summarize(ours, 'ms')
    const n = summarize(native, 'ms')
    const oCpu = median(finiteCpu(ours))
    const nCpu = median(finiteCpu(native))
    lines.push(
      `| ${c.layout} | ${c.format} | ${Math.min(ours.length, native.length)} | ${s(o.min)} | ${s(o.median)} | ${s(n.min)} | ${s(n.median)} | ${ratio(o.min, n.min)} | ${ratio(o.median, n.median)} | ${ratio(oCpu, nCpu)} | ` +
        `${mb(ours[0].allocatedBytes)} MB | ${mb(native[0].allocatedBytes)} MB | ` +
        `${mb(Math.max(...ours.map((x) => x.peakGroupRssBytes)))} / ${mb(Math.max(...ours.map((x) => x.maxRssBytes)))} MB | ${mb(Math.max(...native.map((x) => x.peakGroupRssBytes)))} MB |`,
    )
  }
  const mismatched = combos(run.samples, tree.name).filter((c) => {
    const [o] = pick(run.samples, { tree: tree.name, ...c, side: 'ours' })
    const [n] = pick(run.samples, { tree: tree.name, ...c, side: 'native' })
    return o.virtualBytes !== n.virtualBytes
  })
  lines.push(
    '',
    mismatched.length
      ? `Virtual disk sizes differ from native for: ${mismatched.map((c) => `${c.layout} ${c.format}`).join(', ')} (the comparison is then not of equal work).`
      : 'Virtual disk sizes (qemu-img info) are equal to the native ones for every build above: both sides size the disk the same way.',
    '',
  )
  return lines
}

/** Median per phase of raw builds (the full pipeline without conversion), plus the convert phase of each format. */
function profileSection(run, tree) {
  const lines = [`### Where the time goes: ${tree.name}`, '']
  for (const layout of [...new Set(run.samples.filter((x) => x.tree === tree.name).map((x) => x.layout))]) {
    const base = combos(run.samples, tree.name).find((c) => c.layout === layout && c.format === 'raw') ?? combos(run.samples, tree.name).find((c) => c.layout === layout)
    const ours = medianPhases(pick(run.samples, { tree: tree.name, ...base, side: 'ours' }))
    const native = medianPhases(pick(run.samples, { tree: tree.name, ...base, side: 'native' }))
    const names = Object.keys(PHASE_LABELS).filter((n) => n in ours || n in native)
    const total = (p) => Object.values(p).reduce((a, b) => a + b, 0)
    lines.push(
      `${layout}, ${base.format} (median seconds per phase, from the progress events of ours and the step marks of native.sh):`,
      '',
      '| phase | ours | native | ours − native |',
      '|---|---|---|---|',
      ...names.map((n) => `| ${PHASE_LABELS[n]} | ${n in ours ? s(ours[n]) : '—'} | ${n in native ? s(native[n]) : '—'} | ${s((ours[n] ?? 0) - (native[n] ?? 0))} |`),
      `| **total** | ${s(total(ours))} | ${s(total(native))} | ${s(total(ours) - total(native))} |`,
      '',
    )
    const formats = combos(run.samples, tree.name).filter((c) => c.layout === layout && c.format !== 'raw')
    if (formats.length) {
      lines.push('| convert phase | ours | native | ratio |', '|---|---|---|---|')
      for (const c of formats) {
        const o = median(pick(run.samples, { tree: tree.name, ...c, side: 'ours' }).map((x) => x.phases.convert ?? 0))
        const n = median(pick(run.samples, { tree: tree.name, ...c, side: 'native' }).map((x) => x.phases.convert ?? 0))
        lines.push(`| ${c.format} | ${s(o)} | ${s(n)} | ${ratio(o, n)} |`)
      }
      lines.push('')
    }
  }
  return lines
}

/** Median time per MiB of tree data, for the one (layout, format) every tree was built with (raw efi first). */
function growthRows(run) {
  const shared = combos(run.samples, run.trees[0]?.name).filter((c) => run.trees.every((t) => pick(run.samples, { tree: t.name, ...c, side: 'ours' }).length))
  const c = shared.find((x) => x.format === 'raw' && x.layout === 'efi') ?? shared.find((x) => x.format === 'raw') ?? shared[0]
  if (!c) return []
  return run.trees.map((t) => {
    const mib = t.bytes / 2 ** 20
    const ours = median(pick(run.samples, { tree: t.name, ...c, side: 'ours' }).map((x) => x.ms))
    const native = median(pick(run.samples, { tree: t.name, ...c, side: 'native' }).map((x) => x.ms))
    return { tree: t.name, ...c, mib, entries: t.entries, ours, native, oursPerMiB: ours / mib, nativePerMiB: native / mib }
  })
}

function growthSection(run) {
  const rows = growthRows(run)
  if (rows.length < 2) return []
  return [
    `## Growth with tree size (${rows[0].layout}, ${rows[0].format}, medians)`,
    '',
    '| tree | MiB | entries | ours s | ours ms / MiB | ours ms / 1k entries | native s | native ms / MiB |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.tree} | ${r.mib.toFixed(0)} | ${r.entries.toLocaleString('en')} | ${s(r.ours)} | ${r.oursPerMiB.toFixed(1)} | ${((r.ours / r.entries) * 1000).toFixed(0)} | ${s(r.native)} | ${r.nativePerMiB.toFixed(1)} |`,
    ),
    '',
  ]
}

/** "minbase 3, minbase-x10 1, …": how many runs of each build the samples hold, per tree (merged trees keep theirs). */
function runsPerTree(run) {
  return run.trees
    .map((t) => `${t.name} ${Math.max(0, ...combos(run.samples, t.name).map((c) => pick(run.samples, { tree: t.name, ...c, side: 'ours' }).length))}`)
    .join(', ')
}

/** The whole Markdown document. `run` = { date, options, machine, loadStart, loadEnd, trees, samples, notes, incomplete? }. */
export function renderReport(input) {
  // Smallest tree first: the growth and linearity figures take the first tree as their base.
  const run = { ...input, trees: [...input.trees].sort((a, b) => a.bytes - b.bytes) }
  const o = run.options
  return [
    '# Benchmarks: our pipeline against the native tools',
    '',
    `Written by \`npm run bench${o.quick ? ' -- --quick' : ''}\` on ${run.date} at commit ${run.machine.commit}; runs per build: ${runsPerTree(run)}`,
    '(each tree\'s date and commit below: a run may keep trees measured earlier). Do not edit by hand; rerun the bench. How it measures: [below](#how-it-is-measured).',
    '',
    ...(o.quick ? ['**Quick mode** (minbase only, one run): for development, not for conclusions.', ''] : []),
    ...(run.incomplete ?? []),
    ...goals(run),
    ...machineSection(run),
    ...treesSection(run),
    ...run.trees.flatMap((t) => [...treeSection(run, t), ...profileSection(run, t)]),
    ...growthSection(run),
    ...run.notes,
  ].join('\n')
}

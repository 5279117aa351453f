// The convert section of docs/benchmarks.md, between markers so that `--only convert` can replace it
// and leave the build tables of an earlier full run as they are.
import { median } from './stats.mjs'

export const CONVERT_BEGIN = '<!-- convert bench: begin -->'
export const CONVERT_END = '<!-- convert bench: end -->'

const COMPRESSED_SPEEDUP_GOAL = 1.5
const COMPRESSED_SIZE_GOAL = 1.01
const UNCOMPRESSED = new Set(['raw', 'qcow2', 'vdi', 'vpc'])

const s = (ms) => (ms / 1000).toFixed(2)
const mib = (bytes) => (bytes / 2 ** 20).toFixed(0)
const fixed = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—')

/** Medians of one (input, variant) on each side, and the ratios the goals speak of. */
function rowOf(samples, input, variant) {
  const side = (name) => samples.filter((x) => x.input === input && x.variant === variant && x.side === name)
  const ours = side('ours')
  const native = side('native')
  if (!ours.length || !native.length) return undefined
  const m = (list, field) => median(list.map((x) => x[field]))
  const row = {
    input,
    variant,
    format: ours[0].format,
    runs: Math.min(ours.length, native.length),
    oursMs: m(ours, 'ms'),
    oursConvertMs: m(ours, 'convertMs'),
    nativeMs: m(native, 'ms'),
    oursCpuMs: m(ours, 'cpuMs'),
    nativeCpuMs: m(native, 'cpuMs'),
    oursBytes: m(ours, 'allocatedBytes'),
    nativeBytes: m(native, 'allocatedBytes'),
    oursRss: Math.max(...ours.map((x) => x.maxRssBytes)),
    nativeRss: Math.max(...native.map((x) => x.maxRssBytes)),
  }
  // The best runs too: on this machine the noise only ever adds time (memory handed back to the host
  // costs ~1–2 ms per MiB to touch again, see docs/formats.md), so the fastest run of each side is what
  // its code does when the machine does not get in the way.
  const best = (list, field) => Math.min(...list.map((x) => x[field]))
  const bestConvertSpeedup = best(native, 'ms') / best(ours, 'convertMs')
  return { ...row, speedup: row.nativeMs / row.oursMs, convertSpeedup: row.nativeMs / row.oursConvertMs, bestConvertSpeedup, sizeRatio: row.oursBytes / row.nativeBytes }
}

function goalLines(rows) {
  const lines = []
  // The goal is about the default compressor; the other rows compare with qemu-img's same compression.
  for (const r of rows.filter((r) => r.variant.startsWith('qcow2-compressed') && !r.variant.includes('compress:'))) {
    const met = r.speedup >= COMPRESSED_SPEEDUP_GOAL && r.sizeRatio <= COMPRESSED_SIZE_GOAL
    lines.push(`- qcow2-compressed, ${r.input}: ${fixed(r.speedup)}× qemu-img's speed (process wall), size ${r.sizeRatio.toFixed(3)} of qemu-img's — goal ≥ ${COMPRESSED_SPEEDUP_GOAL}× at ≤ ${COMPRESSED_SIZE_GOAL}: **${met ? 'met' : 'not met'}**.`)
  }
  for (const r of rows.filter((r) => UNCOMPRESSED.has(r.format))) {
    const met = r.speedup >= 1
    lines.push(`- ${r.variant}, ${r.input}: ${fixed(r.speedup)}× (process), ${fixed(r.convertSpeedup)}× (in-process convert; best runs ${fixed(r.bestConvertSpeedup)}×) — goal no slower than qemu-img: **${met ? 'met' : r.convertSpeedup >= 1 ? 'met in-process only' : 'not met'}**.`)
  }
  return lines
}

/** Per input: the median time of io-floor.mjs (in-process) beside qemu-img's raw conversion and ours. */
function floorLines(run, rows) {
  const inputs = run.inputs.map((i) => i.name)
  const lines = []
  for (const input of inputs) {
    const floors = run.samples.filter((x) => x.side === 'floor' && x.input === input).map((x) => x.convertMs)
    const raw = rows.find((r) => r.input === input && r.format === 'raw')
    if (!floors.length || !raw) continue
    const floor = median(floors)
    lines.push(`| ${input} | ${s(floor)} s | ${s(raw.oursConvertMs)} s | ${s(raw.nativeMs)} s | ${fixed(raw.nativeMs / floor)}× |`)
  }
  if (!lines.length) return []
  return [
    '### The floor: what copying the data costs Node',
    '',
    '`scripts/bench/io-floor.mjs` maps the data with the same SEEK_DATA walk and copies every data extent in 2 MiB',
    'pieces (four reads in flight on the thread pool, each written on the main thread as it arrives: the fastest',
    'of the ways tried) and does nothing else (no zero checks, no format): the part of an uncompressed',
    "conversion that no code of ours can remove. Where the floor is already at qemu-img's whole run, ours can at",
    'best tie.',
    '',
    '| input | Node I/O floor (in-process) | ours: raw, in-process | qemu-img: raw | qemu-img / floor |',
    '|---|---|---|---|---|',
    ...lines,
    '',
  ]
}

/** The Markdown section of a convert bench `run` = { date, machine, loadStart, loadEnd, runs, inputs, samples }. */
export function renderConvertSection(run) {
  const conversions = run.samples.filter((x) => x.side !== 'startup' && x.side !== 'floor')
  const variants = [...new Set(conversions.map((x) => `${x.input}\u0000${x.variant}`))].map((k) => k.split('\u0000'))
  const rows = variants.map(([input, variant]) => rowOf(conversions, input, variant)).filter(Boolean)
  const startups = run.samples.filter((x) => x.side === 'startup' && x.variant === 'node -e 0').map((x) => x.ms)
  const startup = startups.length ? `${s(median(startups))} s here (median of \`node -e 0\`, measured in this run)` : '~0.1–0.2 s'
  const withCerts = run.samples.filter((x) => x.side === 'startup' && x.variant === 'node -e 0, NODE_EXTRA_CA_CERTS').map((x) => x.ms)
  const certsNote = withCerts.length && startups.length
    ? [
        `Every process runs without NODE_EXTRA_CA_CERTS, which this machine's environment sets: Node parses that bundle at`,
        `each start, \`node -e 0\` ${s(median(withCerts))} s with it against ${s(median(startups))} s without (medians of this run), and neither`,
        'side makes a TLS connection. With it, each "ours: process" figure would be that much longer.',
      ]
    : []
  const qemuStartups = run.samples.filter((x) => x.side === 'startup' && x.variant === 'qemu-img --version').map((x) => x.ms)
  const qemuStartupMs = qemuStartups.length ? median(qemuStartups) : undefined
  return [
    CONVERT_BEGIN,
    '## Convert: ours against `qemu-img convert`',
    '',
    `Written by \`npm run bench -- --only convert\` (or a full bench) on ${run.date} at commit ${run.machine.commit}, ${run.runs} run(s), load average ${run.loadStart.toFixed(1)} at start / ${run.loadEnd.toFixed(1)} at end, ${run.machine.nproc} CPUs (${run.machine.cpuModel}), ${run.machine.tools['qemu-img']}.`,
    '',
    '| input | what | virtual size | allocated |',
    '|---|---|---|---|',
    ...run.inputs.map((i) => `| ${i.name} | ${i.what} | ${mib(i.virtualBytes)} MiB | ${mib(i.allocatedBytes)} MiB |`),
    '',
    '### Goals',
    '',
    ...goalLines(rows),
    '',
    'vdi, vpc and vmdk rows without `seed` derive their header UUIDs from an XXH3-128 digest of the content (deterministic',
    'mode, docs/formats.md), which qemu-img does not do (its UUIDs are random); `seed` rows are like for like.',
    '',
    ...floorLines(run, rows),
    '### Per format (medians)',
    '',
    '| input | format | ours: process | ours: convert in-process | qemu-img | speedup (process) | speedup (in-process) | speedup (work) | CPU ours / qemu-img | size ours / qemu-img | peak RSS ours / qemu-img |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.input} | ${r.variant} | ${s(r.oursMs)} s | ${s(r.oursConvertMs)} s | ${s(r.nativeMs)} s | ${fixed(r.speedup)}× | ${fixed(r.convertSpeedup)}× | ${qemuStartupMs === undefined ? '—' : `${fixed((r.nativeMs - qemuStartupMs) / r.oursConvertMs)}×`} | ${s(r.oursCpuMs)} / ${s(r.nativeCpuMs)} s | ${r.sizeRatio.toFixed(3)} | ${mib(r.oursRss)} / ${mib(r.nativeRss)} MiB |`,
    ),
    '',
    ...(qemuStartupMs === undefined
      ? []
      : [
          `**speedup (work)** sets qemu-img's time less its own startup (\`qemu-img --version\`: ${(qemuStartupMs).toFixed(1)} ms, median of this run)`,
          'against ours in-process: the conversion work alone on both sides. Where qemu-img\'s whole run is a few tens of',
          'milliseconds, its startup is a large part of it, and the in-process speedup flatters ours; this column does not.',
          '',
        ]),
    'How: each conversion is its own process, the two sides alternating which goes first. **ours: process** is',
    `\`node scripts/bench/convert-one.mjs\` from spawn to exit (node's own startup included: ${startup}, then module loading);`,
    '**convert in-process** is the time inside it from the call to the renamed output — what a build pays, as the',
    'conversion runs inside the build\'s process. Both kinds of row ask the host where the data is (SEEK_DATA,',
    'through perl: Node has no lseek; convert-one calls preloadConverter before its clock, as a build does while it',
    'writes its file systems, so a perl started then answers), as qemu-img does; `ranges` rows also pass what buildImage passes,',
    'the walk of the partition table, ext4 block bitmaps and FATs, which is run only where the host has no such map;',
    '`standalone` rows are a convert of a foreign file.',
    'qemu-img: `qemu-img convert -f raw -O <fmt> [-c]`, the',
    'reference\'s command (it finds data with SEEK_DATA). Speedup = qemu-img wall / ours wall (above 1: ours is faster).',
    'CPU = user + system of all threads (GNU time). Size: allocated bytes (`stat` blocks). Peak RSS: GNU time\'s maximum.',
    'Defaults on our side: compression on one thread per core (the calling thread and cores − 1 workers), `compress: \'deflate\'` (libdeflate);',
    '`compress: zlib` rows use stock zlib (qemu-img\'s exact clusters); `compress: zstd` rows write compression_type=zstd, as',
    'qemu-img with `-o compression_type=zstd` does (the same frames). qemu-img compresses on one thread (it writes in order).',
    ...(certsNote.length ? ['', ...certsNote] : []),
    CONVERT_END,
    '',
  ]
}

/** `document` with its convert section replaced by `section` (lines), or appended when it has none. */
export function spliceConvertSection(document, section) {
  const begin = document.indexOf(CONVERT_BEGIN)
  const end = document.indexOf(CONVERT_END)
  const text = section.join('\n')
  if (begin < 0 || end < begin) return `${document.trimEnd()}\n\n${text}`
  return document.slice(0, begin) + text.trimEnd() + document.slice(end + CONVERT_END.length)
}

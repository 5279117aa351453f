#!/usr/bin/env node
// `npm run bench`: builds the same images with our pipeline (the CLI) and with the native tools doing
// the reference's steps, in the same run, and writes docs/benchmarks.md (ratios with min and median of
// several runs, output sizes, peak RSS, per-phase profile, the machine). See --help, and
// scripts/bench/method.mjs for how each number is taken.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchOptions, BenchUsageError, USAGE } from './bench/options.mjs'
import { buildNative, buildOurs } from './bench/builds.mjs'
import { describeMachine, loadNow } from './bench/machine.mjs'
import { METHOD } from './bench/method.mjs'
import { renderReport } from './bench/report.mjs'
import { generatedTree, minbaseTree, replicatedTree, treeStats } from './bench/trees.mjs'
import { findings } from './bench/findings.mjs'
import { inAlternatingOrder } from './bench/measure.mjs'
import { benchConvert } from './bench/convert-suite.mjs'
import { CONVERT_BEGIN, renderConvertSection, spliceConvertSection } from './bench/convert-report.mjs'

const repo = fileURLToPath(new URL('..', import.meta.url))
const GENERATED_FILES = 100_000
const GENERATED_BYTES = 2 * 2 ** 30
const REPLICAS = 10

let options
try {
  options = benchOptions(process.argv.slice(2))
} catch (error) {
  if (!(error instanceof BenchUsageError) && error?.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw error
  process.stderr.write(`bench: ${error.message}\n${USAGE}\n`)
  process.exit(2)
}
if (options.help) {
  process.stdout.write(`${USAGE}\n`)
  process.exit(0)
}

const log = (text) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`)

/** Makes (or finds cached) the trees asked for, with what the report says about them. */
async function prepareTrees() {
  const minbase = await minbaseTree()
  const makers = {
    minbase: async () => ({ path: minbase, what: 'Debian bookworm minbase (debootstrap): symlinks, hard links, device nodes' }),
    generated: async () => ({
      path: await generatedTree(minbase, GENERATED_FILES, GENERATED_BYTES),
      what: `generated: ${GENERATED_FILES.toLocaleString('en')} files, 2 GiB, log-uniform sizes, slices of real files`,
    }),
    'minbase-x10': async () => ({ path: await replicatedTree(minbase, REPLICAS), what: `the minbase tree ${REPLICAS}× side by side (cp -a)` }),
  }
  const trees = []
  for (const name of options.trees) {
    log(`tree ${name}`)
    const tree = await makers[name]()
    trees.push({ name, ...tree, ...treeStats(tree.path) })
  }
  return trees
}

/** How one tree is benched: the large trees take minutes per build, so they get their own (smaller) matrix. */
function matrixFor(tree) {
  const large = tree.name !== 'minbase'
  return {
    formats: large ? options.bigFormats : options.formats,
    layouts: large ? options.bigLayouts : options.layouts,
    runs: large ? options.bigRuns : options.runs,
  }
}

/** Run `run` of one tree: per layout, native (prepare + conversions) and ours (one build per format), alternating order. */
async function benchRun(tree, run, samples) {
  const { formats, layouts, runs } = matrixFor(tree)
  for (const layout of layouts) {
    const context = { tree: tree.path, layout, work: options.work, firstRun: run === 0 }
    const native = async () => {
      log(`${tree.name} ${layout} run ${run + 1}/${runs}: native ${formats.join(', ')}`)
      const built = await buildNative({ ...context, formats })
      for (const format of formats) samples.push({ tree: tree.name, layout, format, side: 'native', run, ...built[format] })
    }
    const ours = async () => {
      for (const format of formats) {
        log(`${tree.name} ${layout} run ${run + 1}/${runs}: ours ${format}`)
        samples.push({ tree: tree.name, layout, format, side: 'ours', run, ...(await buildOurs({ ...context, format })) })
      }
    }
    await inAlternatingOrder(run, native, ours)
    writeReport(`${tree.name} ${layout} run ${run + 1}/${runs}`)
  }
}

/** Writes beside the target and renames, so an interrupted bench never leaves half a report. */
function writeAtomically(path, text) {
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.tmp-${process.pid}`
  try {
    writeFileSync(temp, text)
    renameSync(temp, path)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
}

/** `report` followed by the convert section the file at `path` already has (the builds part does not measure it). */
function withConvertSectionOf(path, report) {
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const kept = previous.includes(CONVERT_BEGIN) ? previous.slice(previous.indexOf(CONVERT_BEGIN)) : ''
  return `${report.trimEnd()}\n\n${kept}`
}

if (options.reportFrom) {
  // The samples of an earlier run, rendered again: same numbers, current report code.
  const earlier = JSON.parse(readFileSync(resolve(repo, options.reportFrom), 'utf8'))
  const out = resolve(repo, options.out)
  if (earlier.trees) writeAtomically(out, withConvertSectionOf(out, renderReport({ ...earlier, notes: [...findings(earlier), ...METHOD] })))
  else {
    // A convert run's --json (the *-convert.json file): its section, put in place of the one there.
    const runs = earlier.runs ?? Math.max(...earlier.samples.map((x) => x.run)) + 1
    const section = renderConvertSection({ loadEnd: earlier.loadStart, ...earlier, runs })
    writeAtomically(out, spliceConvertSection(existsSync(out) ? readFileSync(out, 'utf8') : '# Benchmarks\n', section))
  }
  log(`wrote ${out} from ${options.reportFrom}`)
  process.exit(0)
}

if (options.build) {
  log('packages/cli/scripts/build.mjs (the bench runs the built CLI, its bundle and packages)')
  execFileSync(process.execPath, ['packages/cli/scripts/build.mjs'], { cwd: repo, stdio: 'inherit' })
}
mkdirSync(options.work, { recursive: true })
const loadStart = loadNow()
const machine = describeMachine()
const date = () => new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
const out = resolve(repo, options.out)

/** Runs the convert part; writes its section into the report after every measurement. */
async function convertPart() {
  const started = { date: date(), loadStart: loadNow() }
  let inputs = []
  const write = (samples) => {
    const section = renderConvertSection({ ...started, machine, loadEnd: loadNow(), runs: options.runs, inputs, samples })
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '# Benchmarks\n'
    writeAtomically(out, spliceConvertSection(current, section))
  }
  const result = await benchConvert({ tree: await minbaseTree(), work: options.work, runs: options.runs, log, onSample: (samples) => inputs.length && write(samples), onInputs: (made) => (inputs = made) })
  write(result.samples)
  if (options.json) writeAtomically(resolve(repo, options.json.replace(/(\.json)?$/, '-convert.json')), JSON.stringify({ ...started, machine, loadEnd: loadNow(), runs: options.runs, ...result }, null, 2))
}

if (!options.parts.includes('builds')) {
  try {
    await convertPart()
  } finally {
    rmSync(options.work, { recursive: true, force: true })
  }
  log(`wrote ${out} (convert section)`)
  process.exit(0)
}

const trees = (await prepareTrees()).map((t) => ({ ...t, measured: `${date()}, ${machine.commit}, load ${loadStart.toFixed(1)}` }))
const samples = []
if (options.merge) {
  // An earlier run's trees, for those this run does not measure: large trees take long, and a run cut
  // short by time can still report them. The trees table says when and at which commit each was measured.
  const earlier = JSON.parse(readFileSync(resolve(repo, options.merge), 'utf8'))
  for (const tree of earlier.trees.filter((t) => !trees.some((u) => u.name === t.name))) {
    trees.push({ ...tree, measured: tree.measured ?? `${earlier.date}, ${earlier.machine.commit}, load ${earlier.loadStart.toFixed(1)}` })
    samples.push(...earlier.samples.filter((x) => x.tree === tree.name))
  }
}
/**
 * (Re)writes the report from the samples so far. Called after every finished unit of work, so a
 * bench cut short (time, a crash) still leaves every number it measured; `doneUpTo` says how far
 * it got, or is undefined for the complete report.
 */
function writeReport(doneUpTo) {
  const measured = trees.filter((t) => samples.some((x) => x.tree === t.name))
  const run = { date: date(), options, machine, loadStart, loadEnd: loadNow(), trees: measured, samples }
  const incomplete = doneUpTo ? [`**Incomplete**: the bench was still running; last finished: ${doneUpTo}.`, ''] : []
  writeAtomically(out, withConvertSectionOf(out, renderReport({ ...run, incomplete, notes: [...findings(run), ...METHOD] })))
  if (options.json) writeAtomically(resolve(repo, options.json), JSON.stringify(run, null, 2))
}

try {
  // Run 1 of every tree first, then run 2 of every tree…: a bench cut short still covers every tree.
  const measuredHere = trees.filter((t) => options.trees.includes(t.name))
  const mostRuns = Math.max(...measuredHere.map((t) => matrixFor(t).runs))
  for (let run = 0; run < mostRuns; run++) {
    for (const tree of measuredHere.filter((t) => run < matrixFor(t).runs)) await benchRun(tree, run, samples)
  }
  if (options.parts.includes('convert')) await convertPart()
} finally {
  rmSync(options.work, { recursive: true, force: true })
}
writeReport()
log(`wrote ${out}`)

// Command line of `npm run bench`.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { benchCacheDir } from './trees.mjs'

export const ALL_TREES = ['minbase', 'generated', 'minbase-x10']
export const ALL_FORMATS = ['raw', 'qcow2', 'qcow2-compressed', 'vdi', 'vpc']
export const ALL_LAYOUTS = ['efi', 'legacy']
export const PARTS = ['builds', 'convert']

export const USAGE = `usage: npm run bench -- [options]
  --only builds|convert builds: the whole-build comparison only; convert: only our convert against qemu-img convert
                        per format (minbase efi image, 20 GiB sparse image; a few minutes), replacing just that
                        section of the report (default: both)
  --quick               minbase tree only, 1 run, report to ${join(tmpdir(), 'diskimage-benchmarks-quick.md')}
  --runs N              runs of each build, ours and native (default 3)
  --trees a,b           of ${ALL_TREES.join(', ')} (default all)
  --formats a,b         on the minbase tree (default ${ALL_FORMATS.join(',')})
  --layouts a,b         on the minbase tree (default ${ALL_LAYOUTS.join(',')})
  --big-formats a,b     on the large trees (default raw,qcow2-compressed: each build there takes minutes)
  --big-layouts a,b     on the large trees (default efi)
  --big-runs N          runs on the large trees (default: --runs)
  --out FILE            the Markdown report (default docs/benchmarks.md)
  --json FILE           also write every sample as JSON
  --merge FILE          add the trees of an earlier --json that this run does not measure (the report says when
                        and at which commit each tree was measured)
  --work DIR            scratch space for images (default ${join(benchCacheDir(), 'work')})
  --no-build            do not build the CLI first (packages/cli/scripts/build.mjs: tsc -b and the bundle)
  --report-from FILE    measure nothing: rewrite the report from an earlier --json (after a change to the report)`

class BenchUsageError extends Error {}

function list(text, allowed, flag) {
  const items = text.split(',').filter(Boolean)
  const bad = items.filter((item) => !allowed.includes(item))
  if (bad.length || !items.length) throw new BenchUsageError(`--${flag} ${text}: choose from ${allowed.join(', ')}`)
  return items
}

function count(text, flag) {
  if (!/^[1-9]\d*$/.test(text)) throw new BenchUsageError(`--${flag} ${text}: give a whole number of runs, 1 or more`)
  return Number(text)
}

/** Parses argv into the bench's settings; throws BenchUsageError naming the bad flag. */
export function benchOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      trees: { type: 'string' },
      formats: { type: 'string', default: ALL_FORMATS.join(',') },
      layouts: { type: 'string', default: ALL_LAYOUTS.join(',') },
      'big-formats': { type: 'string', default: 'raw,qcow2-compressed' },
      'big-layouts': { type: 'string', default: 'efi' },
      'big-runs': { type: 'string' },
      out: { type: 'string' },
      json: { type: 'string' },
      merge: { type: 'string' },
      'report-from': { type: 'string' },
      work: { type: 'string', default: join(benchCacheDir(), 'work') },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  const runs = count(values.runs ?? (values.quick ? '1' : '3'), 'runs')
  return {
    help: values.help,
    quick: values.quick,
    parts: values.only === undefined ? PARTS : list(values.only, PARTS, 'only'),
    runs,
    bigRuns: values['big-runs'] === undefined ? runs : count(values['big-runs'], 'big-runs'),
    trees: list(values.trees ?? (values.quick ? 'minbase' : ALL_TREES.join(',')), ALL_TREES, 'trees'),
    formats: list(values.formats, ALL_FORMATS, 'formats'),
    layouts: list(values.layouts, ALL_LAYOUTS, 'layouts'),
    bigFormats: list(values['big-formats'], ALL_FORMATS, 'big-formats'),
    bigLayouts: list(values['big-layouts'], ALL_LAYOUTS, 'big-layouts'),
    out: values.out ?? (values.quick ? join(tmpdir(), 'diskimage-benchmarks-quick.md') : 'docs/benchmarks.md'),
    json: values.json,
    merge: values.merge,
    reportFrom: values['report-from'],
    work: values.work,
    build: !values['no-build'],
  }
}

export { BenchUsageError }

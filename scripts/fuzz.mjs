#!/usr/bin/env node
// `npm run fuzz`: the long fuzzing run of the partition-table and image readers.
// It runs the same properties as `npm test` (test/reliability/fuzz-*.test.ts), with
// DISKIMAGE_FUZZ_RUNS inputs per property instead of the bounded test default, and
// sums the per-target totals the tests append to a report file.
//
//   node scripts/fuzz.mjs [TOTAL]     default TOTAL 1000000 (inputs over all properties)
//
// The shares follow the cost per input on a shared 2-core machine: MBR and random
// tables from memory (~40,000 a minute), GPT (~1 ms of reader time each: two
// 128-entry arrays decoded; 10 %), the image readers (a file per input, ~1,500 a
// minute per shard; 6 %, 10,000 per property).
// Progress: REPORT.progress, a line per 10,000 inputs and shard.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const total = Number(process.argv[2] ?? 1_000_000)
if (!Number.isSafeInteger(total) || total <= 0) {
  console.error(`usage: node scripts/fuzz.mjs [TOTAL]; TOTAL must be a positive whole number, not ${process.argv[2]}`)
  process.exit(2)
}
const PARTITION = 'test/reliability/fuzz-partition.test.ts'
const FORMAT = 'test/reliability/fuzz-format.test.ts'
// Shards run at once (one vitest each, selected with -t), so both cores work.
const shards = [
  { file: PARTITION, filter: '^GPT', properties: 1, share: 0.1 },
  { file: PARTITION, filter: '^(MBR|random)', properties: 2, share: 0.84 },
  { file: FORMAT, filter: '^(qcow2|qcow2-compressed|vdi):', properties: 3, share: 0.03 },
  { file: FORMAT, filter: '^(vpc:|vmdk:|random)', properties: 3, share: 0.03 },
]
const dir = mkdtempSync(join(tmpdir(), 'diskimage-fuzz-'))
const report = join(dir, 'report.jsonl')
const started = Date.now()
const results = await Promise.all(
  shards.map(({ file, filter, properties, share }) => {
    const runs = Math.ceil((total * share) / properties)
    console.log(`${file} -t ${filter}: ${properties} properties x ${runs} inputs`)
    return new Promise((resolve) => {
      const child = spawn('npx', ['vitest', 'run', file, '-t', filter, '--testTimeout=0', '--hookTimeout=0'], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, DISKIMAGE_FUZZ_RUNS: String(runs), DISKIMAGE_FUZZ_REPORT: report },
      })
      child.on('close', (code) => resolve(code === 0))
    })
  }),
)
const failed = results.includes(false)
let inputs = 0
for (const l of readFileSync(report, 'utf8').trim().split('\n').map((line) => JSON.parse(line))) {
  inputs += l.inputs
  console.log(`${l.target}: ${l.inputs} inputs, ${l.parsed} read fine, ${l.typedErrors} typed errors, largest Buffer ${l.maxAllocation} bytes`)
}
rmSync(dir, { recursive: true, force: true })
const minutes = ((Date.now() - started) / 60000).toFixed(1)
console.log(`${failed ? 'FAILED' : 'passed'}: ${inputs} inputs in ${minutes} min`)
process.exit(failed ? 1 : 0)

#!/usr/bin/env node
// `npm run fuzz`: the long fuzzing run of the partition-table and image readers.
// It runs the same properties as `npm test` (test/reliability/fuzz-*.test.ts), with
// DISKIMAGE_FUZZ_RUNS inputs per property instead of the bounded test default, and
// sums the per-target totals the tests append to a report file.
//
//   node scripts/fuzz.mjs [TOTAL]     default TOTAL 1000000 (inputs over all properties)
//
// Property counts: partition 3 (GPT mutated, MBR mutated, random), format 6 (five
// formats mutated, random behind magics). The partition readers work from memory and
// are ~3x cheaper per input, so they get 60 % of the total.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const total = Number(process.argv[2] ?? 1_000_000)
if (!Number.isSafeInteger(total) || total <= 0) {
  console.error(`usage: node scripts/fuzz.mjs [TOTAL]; TOTAL must be a positive whole number, not ${process.argv[2]}`)
  process.exit(2)
}
const plan = [
  { file: 'test/reliability/fuzz-partition.test.ts', properties: 3, share: 0.6 },
  { file: 'test/reliability/fuzz-format.test.ts', properties: 6, share: 0.4 },
]
const dir = mkdtempSync(join(tmpdir(), 'diskimage-fuzz-'))
const report = join(dir, 'report.jsonl')
const started = Date.now()
let failed = false
for (const { file, properties, share } of plan) {
  const runs = Math.ceil((total * share) / properties)
  console.log(`${file}: ${properties} properties x ${runs} inputs`)
  const run = spawnSync('npx', ['vitest', 'run', file, '--testTimeout=0', '--hookTimeout=0'], {
    stdio: 'inherit',
    env: { ...process.env, DISKIMAGE_FUZZ_RUNS: String(runs), DISKIMAGE_FUZZ_REPORT: report },
  })
  if (run.status !== 0) failed = true
}
const lines = readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
rmSync(dir, { recursive: true, force: true })
let inputs = 0
for (const l of lines) {
  inputs += l.inputs
  console.log(`${l.target}: ${l.inputs} inputs, ${l.parsed} read fine, ${l.typedErrors} typed errors, largest Buffer ${l.maxAllocation} bytes`)
}
const minutes = ((Date.now() - started) / 60000).toFixed(1)
console.log(`${failed ? 'FAILED' : 'passed'}: ${inputs} inputs in ${minutes} min`)
process.exit(failed ? 1 : 0)

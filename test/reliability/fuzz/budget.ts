import { appendFileSync } from 'node:fs'

/**
 * How many inputs each fuzz target gets. `npm test` runs the default (a bounded
 * minute or two in all); `npm run fuzz` (scripts/fuzz.mjs) sets
 * DISKIMAGE_FUZZ_RUNS to a per-target count for the long run.
 */
export function fuzzRuns(testDefault: number): number {
  const env = Number(process.env.DISKIMAGE_FUZZ_RUNS)
  return Number.isSafeInteger(env) && env > 0 ? env : testDefault
}

/** The hang guard: one input may take this long (generous: CI machines are shared). */
export const PER_INPUT_TIMEOUT_MS = 10_000

/** Appends one target's totals to DISKIMAGE_FUZZ_REPORT (JSON lines), for scripts/fuzz.mjs to sum up. */
export function reportRuns(target: string, totals: { inputs: number; typedErrors: number; parsed: number; maxAllocation: number }): void {
  const file = process.env.DISKIMAGE_FUZZ_REPORT
  if (file) appendFileSync(file, JSON.stringify({ target, ...totals }) + '\n')
}

/** Every 10,000 inputs of a long run, a progress line in DISKIMAGE_FUZZ_REPORT.progress (a run can take many minutes). */
export function noteProgress(target: string, inputs: number): void {
  const file = process.env.DISKIMAGE_FUZZ_REPORT
  if (file && inputs % 10_000 === 0) appendFileSync(`${file}.progress`, `${new Date().toISOString()} ${target} (pid ${process.pid}): ${inputs} inputs\n`)
}

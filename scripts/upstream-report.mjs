// Compares one upstream suite's results, native vs WASM, test by test.
//
//   node scripts/upstream-report.mjs SUITE NATIVE_RESULTS WASM_RESULTS ALLOWLIST
//
// Results files: one line per test, "name ok|failed|skipped" (written by
// scripts/upstream-<suite>.sh). ALLOWLIST: one line per test, "name  reason" (# comments);
// the committed, documented differences that do not matter for building images.
// Prints every test with both results, then the differences; exits 1 when a test that
// passes natively fails (or is skipped) under WASM without an allow-list entry. Stale
// entries (the test now passes under WASM) are reported so the list stays short.
import { readFileSync } from 'node:fs'

const [suite, nativePath, wasmPath, allowPath] = process.argv.slice(2)
if (!allowPath) {
  console.error('usage: upstream-report.mjs SUITE NATIVE_RESULTS WASM_RESULTS ALLOWLIST')
  process.exit(2)
}

/** name -> value, from "name rest-of-line" lines; blank lines and # comments ignored. */
function readPairs(path) {
  const pairs = new Map()
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const text = line.trim()
    if (text === '' || text.startsWith('#')) continue
    const space = text.search(/\s/)
    if (space < 0) throw new Error(`${path}: "${text}" has no reason/status after the test name`)
    pairs.set(text.slice(0, space), text.slice(space).trim())
  }
  return pairs
}

const native = readPairs(nativePath)
const wasm = readPairs(wasmPath)
const allowed = readPairs(allowPath)
const names = [...new Set([...native.keys(), ...wasm.keys()])].sort()
if (names.length === 0) {
  console.error(`${suite}: no test results at all: the suite did not run`)
  process.exit(1)
}

const width = Math.max(...names.map((name) => name.length))
const regressions = []
const allowedFailures = []
const lines = [`${'test'.padEnd(width)}  native   wasm`]
for (const name of names) {
  const n = native.get(name) ?? 'missing'
  const w = wasm.get(name) ?? 'missing'
  let verdict = ''
  if (n === 'ok' && w !== 'ok') {
    if (allowed.has(name)) {
      verdict = `allowed: ${allowed.get(name)}`
      allowedFailures.push(name)
    } else {
      verdict = 'WASM-ONLY FAILURE'
      regressions.push(name)
    }
  } else if (n !== w) {
    verdict = 'differs (not a WASM regression)'
  }
  lines.push(`${name.padEnd(width)}  ${n.padEnd(7)}  ${w.padEnd(7)}  ${verdict}`.trimEnd())
}
const stale = [...allowed.keys()].filter((name) => wasm.get(name) === 'ok' || native.get(name) !== 'ok')

const count = (results, status) => [...results.values()].filter((s) => s === status).length
console.log(`--- ${suite}: per test, native vs WASM`)
console.log(lines.join('\n'))
console.log(
  `--- ${suite}: native ${count(native, 'ok')} ok / ${count(native, 'failed')} failed / ${count(native, 'skipped')} skipped; ` +
    `WASM ${count(wasm, 'ok')} ok / ${count(wasm, 'failed')} failed / ${count(wasm, 'skipped')} skipped; ` +
    `${allowedFailures.length} allowed (${allowPath})`,
)
for (const name of stale) {
  console.log(`${suite}: allow-list entry ${name} is no longer needed (native ${native.get(name) ?? 'missing'}, WASM ${wasm.get(name) ?? 'missing'}): remove it`)
}
if (regressions.length > 0) {
  console.log(`${suite}: FAILED: passes natively, fails under WASM, not in the allow-list: ${regressions.join(' ')}`)
  process.exit(1)
}
console.log(`${suite}: OK: every natively passing test passes under WASM, except the ${allowedFailures.length} allowed`)

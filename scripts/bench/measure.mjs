// Runs one command and measures it: wall time, CPU time, peak RSS, and the times at which it entered
// each phase (from the phase lines it prints on stderr).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PAGE = 4096
const POLL_MS = 50

/**
 * Phase lines: ours prints "[phase] message" (the CLI's plain progress), native.sh "@@phase NAME …".
 * Returns the phase name, or undefined for any other line.
 */
function phaseOf(line) {
  return /^\[(\w+)\] /.exec(line)?.[1] ?? /^@@phase (\w+)/.exec(line)?.[1]
}

/** Resident bytes of every live process in process group `pgid` (ours: the command and its children). */
function groupRss(pgid, known) {
  let total = 0
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      // Field 5 of stat is the process group; the command name (field 2) may hold spaces, so split after ')'.
      let group = known.get(name)
      if (group === undefined) {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
        group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
        known.set(name, group)
      }
      if (group !== pgid) continue
      total += Number(readFileSync(`/proc/${name}/statm`, 'utf8').split(' ')[1]) * PAGE
    } catch {
      known.delete(name) // gone between readdir and read
    }
  }
  return total
}

/** GNU time's -v report: the fields the bench uses. */
function parseGnuTime(text) {
  const field = (label) => Number(new RegExp(`${label}: ([\\d.]+)`).exec(text)?.[1] ?? NaN)
  return {
    userSeconds: field('User time \\(seconds\\)'),
    systemSeconds: field('System time \\(seconds\\)'),
    maxRssBytes: field('Maximum resident set size \\(kbytes\\)') * 1024,
  }
}

/**
 * The environment of every measured command: this one's without NODE_EXTRA_CA_CERTS, then `extra`.
 * Node reads and parses that certificate bundle at every start (Node ≥ 18 loads it eagerly), which
 * here cost ~75 ms per process (`node -e 0` ~120 → ~45 ms, 2026-11-27): the workplace sets it for its
 * own TLS proxies, a user's shell rarely does, and neither our CLI nor qemu-img makes a TLS connection.
 * The convert bench measures node's start both ways and reports the difference.
 */
export function benchEnv(extra = {}) {
  const env = { ...process.env }
  delete env.NODE_EXTRA_CA_CERTS
  return { ...env, ...extra }
}

/**
 * Runs `command args` under /usr/bin/time -v in its own process group and resolves with
 * - `ms`: wall time from spawn to exit;
 * - `cpuMs`: user + system time of the command and all its children (GNU time);
 * - `maxRssBytes`: the largest single process's peak RSS (GNU time: rusage of the waited children);
 * - `peakGroupRssBytes`: the largest SUM of RSS over the whole process tree, sampled every 50 ms —
 *   ours runs the WASM tools in child Node processes, so the single-process figure would hide them
 *   (shared pages, e.g. node's own code, count once per process: an upper bound);
 * - `phases`: [{ name, atMs }] in order, stamped when each phase line arrived;
 * - `stdout`: the last 64 KB it printed on stdout.
 * Rejects with the command's stderr tail when it fails.
 */
export function measure(command, args, options = {}) {
  // A prefix of its own: other benches sweep their "diskimage-bench-*" scratch directories in /tmp.
  const scratch = mkdtempSync(join(tmpdir(), 'e2e-bench-time-'))
  const timeFile = join(scratch, 'time')
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn('/usr/bin/time', ['-v', '-o', timeFile, command, ...args], {
      detached: true, // own process group, so the sampler finds exactly the command's processes
      stdio: ['ignore', 'pipe', 'pipe'],
      env: benchEnv(options.env),
    })
    const known = new Map()
    let peakGroupRssBytes = 0
    const sample = () => (peakGroupRssBytes = Math.max(peakGroupRssBytes, groupRss(child.pid, known)))
    const poll = setInterval(sample, POLL_MS)
    const phases = []
    let stderr = ''
    let pending = ''
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout = (stdout + chunk).slice(-65_536)))
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      const atMs = performance.now() - start
      stderr = (stderr + chunk).slice(-20_000)
      const lines = (pending + chunk).split('\n')
      pending = lines.pop()
      for (const line of lines) {
        const name = phaseOf(line)
        if (name && phases.at(-1)?.name !== name) phases.push({ name, atMs })
      }
    })
    child.on('error', reject)
    child.on('close', (code) => {
      const ms = performance.now() - start
      clearInterval(poll)
      let report = ''
      try {
        report = readFileSync(timeFile, 'utf8')
      } catch {}
      rmSync(scratch, { recursive: true, force: true })
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr.slice(-3000)}`))
      const time = parseGnuTime(report)
      resolve({ ms, cpuMs: (time.userSeconds + time.systemSeconds) * 1000, maxRssBytes: time.maxRssBytes, peakGroupRssBytes, phases, stdout })
    })
  })
}

/**
 * Turns phase start times into durations: each phase lasts until the next starts, the last until the
 * command exited; the time before the first phase line is "startup" (process start, module loading).
 * Returns { phaseName: ms }, summing a phase that occurs more than once.
 */
export function phaseDurations(result) {
  const marks = [{ name: 'startup', atMs: 0 }, ...result.phases]
  const durations = {}
  marks.forEach((mark, i) => {
    const end = i + 1 < marks.length ? marks[i + 1].atMs : result.ms
    if (mark.name === 'end') return
    durations[mark.name] = (durations[mark.name] ?? 0) + (end - mark.atMs)
  })
  return durations
}

/** Runs `native` then `ours` on even runs and the other way round on odd ones, so a burst of load from elsewhere does not always hit one side. */
export async function inAlternatingOrder(run, native, ours) {
  for (const side of run % 2 === 0 ? [native, ours] : [ours, native]) await side()
}

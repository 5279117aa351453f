import { spawnSync } from 'node:child_process'
import { CLI } from './cli.js'

/** The result of one CLI run under GNU time: exit code, output, and the peak RSS of the CLI and its WASM tool children. */
export interface TimedRun {
  status: number | null
  stdout: string
  stderr: string
  /** Maximum resident set size in bytes, as `/usr/bin/time -v` reports it (the largest of the process and the children it waited for). */
  peakRssBytes: number
}

/** Runs `make-disk-image ARGS` under `/usr/bin/time -v`. */
export function timedCli(args: string[]): TimedRun {
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 })
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)
  if (!rss) throw new Error(`/usr/bin/time printed no peak RSS:\n${run.stderr}`)
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, peakRssBytes: Number(rss[1]) * 1024 }
}

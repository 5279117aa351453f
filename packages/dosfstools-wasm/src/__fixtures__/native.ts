import { spawnSync } from 'node:child_process'
import { defaultDosfsEnv } from '../run-dosfs-tool.js'

export interface NativeResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs a native tool (the oracle) with the same environment the WASM tools get by default,
 * plus `env`. Native mtools reads /etc/mtools.conf too; Debian's defines only drives a:, b:,
 * m:, n:, which image@@offset never uses.
 */
export function native(command: string, args: readonly string[], env: Record<string, string> = {}): NativeResult {
  const result = spawnSync(command, args, {
    env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...defaultDosfsEnv(), ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  if (result.error) throw result.error
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
}

/** As {@link native}, but throws with the tool's stderr unless it exits 0. */
export function nativeOk(command: string, args: readonly string[], env: Record<string, string> = {}): NativeResult {
  const result = native(command, args, env)
  if (result.code !== 0) {
    throw new Error(`native ${command} ${args.join(' ')} exited ${result.code}: ${result.stderr}${result.stdout}`)
  }
  return result
}

/** Whether two files hold the same bytes, asked of native `cmp` (fast on big sparse images). */
export function sameFiles(a: string, b: string): boolean {
  const { code, stderr } = native('cmp', ['-s', a, b])
  if (code > 1) throw new Error(`cmp ${a} ${b}: ${stderr}`)
  return code === 0
}

import { spawn } from 'node:child_process'
import { VmStoppedEarlyError } from '../errors/VmStoppedEarlyError.js'
import { VmTimeoutError } from '../errors/VmTimeoutError.js'
import { SerialLog } from './SerialLog.js'

/** What {@link runVm} needs. */
export interface RunVmOptions<T> {
  qemu: string
  args: string[]
  timeoutMs: number
  /** Called with the serial text after each chunk; the first defined result ends the wait. */
  detect: (serialText: string) => T | undefined
  /** What the caller waits for, in words (quoted in errors). */
  waitingFor: string
  /**
   * After `detect` matched: let the guest power itself off for this long (so its last writes are
   * flushed by QEMU's orderly exit), then stop QEMU. 0 stops it at once.
   */
  graceMs: number
  /** Also write the raw serial console to this file. */
  serialLogPath?: string
}

/** How long QEMU gets to exit after SIGTERM before it is killed. */
const TERM_GRACE_MS = 5_000

/**
 * Runs QEMU, watching its serial console (QEMU's stdout) until `detect` finds what the caller waits
 * for. Resolves with that and the log; rejects with VmTimeoutError after killing QEMU at timeoutMs,
 * or with VmStoppedEarlyError when QEMU exits first. QEMU has always exited when this settles.
 */
export function runVm<T>(options: RunVmOptions<T>): Promise<{ found: T; serial: SerialLog }> {
  const serial = new SerialLog(options.serialLogPath)
  const child = spawn(options.qemu, options.args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const stderr: Buffer[] = []
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  )
  const stop = async (afterMs: number) => {
    const forced = setTimeout(() => child.kill('SIGTERM'), afterMs)
    const killed = setTimeout(() => child.kill('SIGKILL'), afterMs + TERM_GRACE_MS)
    await exited
    clearTimeout(forced)
    clearTimeout(killed)
  }

  const outcome = new Promise<T>((resolve, reject) => {
    let found: { value: T } | undefined
    const timer = setTimeout(() => {
      child.kill('SIGKILL') // a hung guest gets no say: nothing it writes now can be trusted
      reject(new VmTimeoutError(options.timeoutMs, options.waitingFor, serial.tail()))
    }, options.timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => {
      if (found) return void serial.append(chunk)
      const value = options.detect(serial.append(chunk))
      if (value === undefined) return
      found = { value }
      clearTimeout(timer)
      resolve(value)
    })
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new VmStoppedEarlyError(options.waitingFor, null, null, String(error), serial.tail()))
    })
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      if (found) return
      reject(new VmStoppedEarlyError(options.waitingFor, code, signal, Buffer.concat(stderr).toString('utf8'), serial.tail()))
    })
  })

  return outcome.then(
    async (found) => {
      await stop(options.graceMs)
      await serial.close()
      return { found, serial }
    },
    async (error: unknown) => {
      await stop(0)
      await serial.close()
      throw error
    },
  )
}

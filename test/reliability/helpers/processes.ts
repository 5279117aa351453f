import { readdirSync, readFileSync } from 'node:fs'

/** A live process: its pid and command line (arguments joined by spaces). */
export interface ProcessInfo {
  pid: number
  cmdline: string
}

function parentOf(pid: number): number | undefined {
  try {
    // Field 4 of /proc/PID/stat, after the parenthesised command name (which may hold spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined // gone meanwhile
  }
}

function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
  } catch {
    return ''
  }
}

/** Every live descendant of `pid` (children, grandchildren…), from /proc. */
export function descendantsOf(pid: number): ProcessInfo[] {
  const parents = new Map<number, number>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const parent = parentOf(Number(name))
    if (parent !== undefined) parents.set(Number(name), parent)
  }
  const found: ProcessInfo[] = []
  const wanted = new Set([pid])
  for (let grew = true; grew; ) {
    grew = false
    for (const [child, parent] of parents) {
      if (wanted.has(parent) && !wanted.has(child)) {
        wanted.add(child)
        found.push({ pid: child, cmdline: cmdlineOf(child) })
        grew = true
      }
    }
  }
  return found
}

/** Whether `pid` is still running (a zombie counts as gone). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/** Resolves once `pid` has exited, polling /proc. */
export async function waitForExit(pid: number): Promise<void> {
  while (isRunning(pid)) await new Promise((r) => setTimeout(r, 50))
}

/** Polls until `find` returns a process, or resolves undefined when `stillWorking` says the chance is gone. */
export async function waitForProcess(find: () => ProcessInfo | undefined, stillWorking: () => boolean): Promise<ProcessInfo | undefined> {
  for (;;) {
    const hit = find()
    if (hit) return hit
    if (!stillWorking()) return undefined
    await new Promise((r) => setTimeout(r, 10))
  }
}

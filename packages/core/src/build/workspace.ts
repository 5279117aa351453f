import { lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Prefix of every scratch directory a build makes inside the output directory. */
export const WORK_PREFIX = '.diskimage-work-'

/**
 * The scratch space of one build: a directory INSIDE the output directory, so
 * that finished files reach their final names by rename() (atomic, same file
 * system) and a failed or killed build never leaves anything under a final name.
 * Its name carries the pid, so the next build can tell a dead build's leftovers
 * from a concurrent live one and sweep them.
 */
export class BuildWorkspace {
  readonly dir: string
  /** Directories this build created to reach outDir, innermost first: a failed build removes them again if still empty. */
  private readonly createdDirs: string[] = []

  private constructor(readonly outDir: string) {
    const firstCreated = mkdirSync(outDir, { recursive: true })
    for (let d = outDir; firstCreated !== undefined; d = dirname(d)) {
      this.createdDirs.push(d)
      if (d === firstCreated || d === dirname(d)) break
    }
    sweepStaleWorkspaces(outDir)
    this.dir = mkdtempSync(join(outDir, `${WORK_PREFIX}${process.pid}-`))
  }

  static create(outDir: string): BuildWorkspace {
    return new BuildWorkspace(outDir)
  }

  /** A path inside the scratch directory. */
  path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  /**
   * Moves a finished scratch file to its final place in the output directory, replacing what was there
   * only now. An earlier file of that name is first set aside into the scratch directory (removed with it):
   * ext4 makes a rename over an existing file allocate and start writing back all of the new file's
   * delayed blocks inside the rename call (auto_da_alloc), ~60 ms for a minbase image here, while a
   * rename onto a free name returns at once (see @diskimage/format's replaceFile).
   */
  commit(scratchPath: string, finalRelative: string): string {
    const final = join(this.outDir, finalRelative)
    mkdirSync(join(final, '..'), { recursive: true })
    // Only a file is moved aside: anything else at the name is left to rename's own error, as before.
    const restore = lstatSync(final, { throwIfNoEntry: false })?.isFile() ? this.setAside(finalRelative) : () => {}
    try {
      renameSync(scratchPath, final)
    } catch (error) {
      restore()
      throw error
    }
    return final
  }

  /**
   * Moves what is at a final name (an earlier build's result) into the scratch
   * directory, so that a step that may still fail after the commit (postVM) can
   * put it back; it is deleted with the scratch directory otherwise. Returns the
   * function that restores it (a no-op when nothing was there).
   */
  setAside(finalRelative: string): () => void {
    const final = join(this.outDir, finalRelative)
    const aside = join(this.dir, 'set-aside', finalRelative)
    try {
      lstatSync(final)
    } catch {
      return () => {}
    }
    mkdirSync(dirname(aside), { recursive: true })
    renameSync(final, aside)
    return () => {
      mkdirSync(dirname(final), { recursive: true })
      renameSync(aside, final)
    }
  }

  /**
   * Removes the scratch directory and everything still in it, then the output
   * directories this build created if nothing else is in them (a failed build
   * leaves no trace; rmdir refuses a non-empty one, so results stay).
   */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true })
    for (const d of this.createdDirs) {
      try {
        rmdirSync(d)
      } catch {
        break // not empty: a result, or someone else's file
      }
    }
  }
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes scratch directories left by builds whose process is gone (killed, crashed, power loss). */
export function sweepStaleWorkspaces(outDir: string): string[] {
  const removed: string[] = []
  for (const name of readdirSync(outDir)) {
    const m = new RegExp(`^${WORK_PREFIX.replace(/\./g, '\\.')}(\\d+)-`).exec(name)
    if (!m || isAlive(Number(m[1]))) continue
    rmSync(join(outDir, name), { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}

import { chmodSync, closeSync, ftruncateSync, lutimesSync, mkdirSync, openSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { installEntries, type InstallRequest } from './installEntries.js'

/**
 * Writes the entries of `installEntries` under `dir` (the image root's view), every
 * time set to `time` (seconds) so two builds give the same file system. Directories
 * are stamped last, deepest first, since adding an entry changes a directory's mtime.
 */
export function writeInstallTree(dir: string, request: InstallRequest, time: number): void {
  const entries = installEntries(request)
  for (const entry of entries) {
    const path = join(dir, entry.path)
    if (entry.kind === 'directory') {
      mkdirSync(path, { recursive: true })
      chmodSync(path, entry.mode)
    } else if (entry.kind === 'symlink') {
      symlinkSync(entry.target, path)
      lutimesSync(path, time, time)
    } else {
      if (entry.kind === 'file') writeFileSync(path, entry.content, { mode: entry.mode })
      else {
        const fd = openSync(path, 'wx', entry.mode)
        try {
          ftruncateSync(fd, entry.size) // zeros without data blocks, as Nix's fallocate-less write of the reserve
        } finally {
          closeSync(fd)
        }
      }
      chmodSync(path, entry.mode) // the umask must not change it
      utimesSync(path, time, time)
    }
  }
  const directories = entries.filter((e) => e.kind === 'directory').map((e) => e.path)
  for (const path of directories.sort((a, b) => b.split('/').length - a.split('/').length)) utimesSync(join(dir, path), time, time)
}

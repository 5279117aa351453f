import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** What native debugfs `stat` reports for one inode. */
export interface DebugfsStat {
  type: string
  mode: number
  uid: number
  gid: number
  links: number
  size: number
  mtime: number
  atime: number
  ctime: number
  fastLinkTarget?: string
}

/** The image spec native e2fsprogs tools accept for a file system at a byte offset. */
export const atOffset = (image: string, offset: number): string => (offset ? `${image}?offset=${offset}` : image)

/** Runs native debugfs once with many `stat` commands (one process, not one per path). */
export function nativeStat(imageSpec: string, paths: readonly string[]): Map<string, DebugfsStat> {
  const dir = mkdtempSync(join(tmpdir(), 'debugfs-cmds-'))
  try {
    const cmdFile = join(dir, 'cmds')
    writeFileSync(cmdFile, paths.map((p) => `stat "${p}"\n`).join(''))
    const out = execFileSync('debugfs', ['-f', cmdFile, imageSpec], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] })
    const result = new Map<string, DebugfsStat>()
    const sections = out.split(/^debugfs: stat /m).slice(1)
    sections.forEach((section, i) => {
      const num = (re: RegExp): number => {
        const m = re.exec(section)
        if (!m?.[1]) throw new Error(`debugfs stat ${paths[i]}: no match for ${re} in:\n${section}`)
        return Number(m[1])
      }
      const type = /Type: (\S+)/.exec(section)?.[1] ?? 'unknown'
      const fast = /Fast link dest: "(.*)"/.exec(section)?.[1]
      result.set(paths[i] as string, {
        type,
        mode: parseInt(/Mode:\s+(\d+)/.exec(section)?.[1] ?? 'NaN', 8),
        uid: num(/User:\s+(\d+)/),
        gid: num(/Group:\s+(\d+)/),
        links: num(/Links: (\d+)/),
        size: num(/Size: (\d+)/),
        mtime: parseInt(/mtime: 0x([0-9a-f]+)/.exec(section)?.[1] ?? 'NaN', 16),
        atime: parseInt(/atime: 0x([0-9a-f]+)/.exec(section)?.[1] ?? 'NaN', 16),
        ctime: parseInt(/ctime: 0x([0-9a-f]+)/.exec(section)?.[1] ?? 'NaN', 16),
        ...(fast !== undefined ? { fastLinkTarget: fast } : {}),
      })
    })
    return result
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Native `e2fsck -fn`: exit code and output (0 = clean). */
export function nativeFsck(imageSpec: string, flags = '-fn'): { code: number; output: string } {
  try {
    const output = execFileSync('e2fsck', [flags, imageSpec], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    return { code: 0, output }
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string }
    return { code: e.status, output: e.stdout + e.stderr }
  }
}

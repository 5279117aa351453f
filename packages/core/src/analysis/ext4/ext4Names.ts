import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { debugfs } from '@diskimage/ext2fs-wasm'

/** Block → owning inode, inode → path, as debugfs reports them for one file system. */
export interface Ext4Names {
  blockOwners: Map<number, number>
  inodePaths: Map<number, string>
}

/** Reserved inodes (ext2_fs.h) have no path; these are their names. */
export const RESERVED_INODES: Record<number, string> = {
  1: '<bad blocks inode>', 2: '/', 3: '<user quota>', 4: '<group quota>', 5: '<boot loader inode>',
  6: '<undelete directory>', 7: '<resize inode>', 8: '<journal>', 9: '<exclude inode>', 10: '<replica inode>',
}

/**
 * Asks the WASM debugfs which inode owns each of `blocks` (icheck) and what
 * the paths of `inodes` and of those owners are (ncheck), in one run with a
 * command file — plus a second run only when icheck found owners not yet
 * named. `image` is a file holding just the file system.
 */
export async function ext4Names(image: string, blocks: readonly number[], inodes: readonly number[]): Promise<Ext4Names> {
  const names: Ext4Names = { blockOwners: new Map(), inodePaths: new Map() }
  const ordinary = (list: Iterable<number>) => [...new Set(list)].filter((i) => RESERVED_INODES[i] === undefined)
  await runCommands(image, [...chunked('icheck', blocks), ...chunked('ncheck', ordinary(inodes))], names)
  const unnamed = ordinary(names.blockOwners.values()).filter((i) => !names.inodePaths.has(i))
  if (unnamed.length > 0) await runCommands(image, chunked('ncheck', unnamed), names)
  for (const [inode, name] of Object.entries(RESERVED_INODES)) names.inodePaths.set(Number(inode), name)
  return names
}

function chunked(command: string, values: readonly number[]): string[] {
  const lines: string[] = []
  for (let i = 0; i < values.length; i += 200) lines.push(`${command} ${values.slice(i, i + 200).join(' ')}`)
  return lines
}

async function runCommands(image: string, commands: string[], names: Ext4Names): Promise<void> {
  if (commands.length === 0) return
  const dir = await mkdtemp(join(tmpdir(), 'diskimage-debugfs-'))
  try {
    const file = join(dir, 'commands')
    await writeFile(file, commands.join('\n') + '\n')
    const { stdout } = await debugfs(['-f', file, image])
    parseOutput(stdout, names)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** icheck prints "Block<TAB>Inode number" then "B<TAB>I" rows; ncheck "Inode<TAB>Pathname" then "I<TAB>/path" rows. */
export function parseOutput(stdout: string, names: Ext4Names): void {
  let section: 'icheck' | 'ncheck' | null = null
  for (const line of stdout.replace(/\r/g, '').split('\n')) {
    if (line.startsWith('Block\tInode number')) section = 'icheck'
    else if (line.startsWith('Inode\tPathname')) section = 'ncheck'
    else if (line.startsWith('debugfs')) section = null
    else if (section === 'icheck') {
      const m = /^(\d+)\t(\d+)$/.exec(line)
      if (m) names.blockOwners.set(Number(m[1]), Number(m[2]))
    } else if (section === 'ncheck') {
      const m = /^(\d+)\t(.*)$/.exec(line)
      // debugfs 1.47 prints entries of the root directory as "//name".
      if (m && !names.inodePaths.has(Number(m[1]))) names.inodePaths.set(Number(m[1]), m[2]!.replace(/^\/\/+/, '/'))
    }
  }
}

import { execFile } from 'node:child_process'
import { open, truncate, writeFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import type { PartitionTable } from '@diskimage/partition'
import type { LayoutRandomness } from '../types.js'

const run = promisify(execFile)

/** Result of a child process, never throwing on a non-zero exit. */
export interface ToolResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs a real tool and returns its exit code and output. */
export async function tool(command: string, args: string[]): Promise<ToolResult> {
  try {
    const { stdout, stderr } = await run(command, args, { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string }
    if (typeof e.code !== 'number') throw error
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

/** Creates a sparse, all-zero image of `bytes` bytes. */
export async function blankImage(path: string, bytes: number): Promise<void> {
  await writeFile(path, '')
  await truncate(path, bytes)
}

/** Reads `count` sectors from `firstSector` (512-byte sectors). */
export async function readSectors(path: string, firstSector: number, count: number): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(count * 512)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, firstSector * 512)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** The bytes a table occupies: the first 34 and the last 33 sectors (GPT's primary and backup areas). */
export async function tableAreas(path: string, totalSectors: number): Promise<{ head: Buffer; tail: Buffer }> {
  return { head: await readSectors(path, 0, 34), tail: await readSectors(path, totalSectors - 33, 33) }
}

/** `numfmt --from=iec VALUE`: how the reference turns bootSize into bytes. */
export async function numfmtIec(value: string): Promise<number> {
  const r = await tool('numfmt', ['--from=iec', value])
  if (r.code !== 0) throw new Error(`numfmt --from=iec ${value} failed: ${r.stderr}`)
  return Number(r.stdout.trim())
}

/**
 * parted's random identifiers, read back from its image, replayed as
 * layout()'s randomness (disk GUID first, then the entries in order), so a
 * non-deterministic table can still be compared byte for byte.
 */
export function replay(table: PartitionTable): LayoutRandomness {
  const guids = table.type === 'gpt' ? [table.diskGuid, ...table.partitions.map((p) => p.uniqueGuid)] : []
  return {
    guid: () => guids.shift() ?? 'no more GUIDs to replay',
    diskSignature: () => (table.type === 'msdos' ? table.diskSignature : 0),
  }
}

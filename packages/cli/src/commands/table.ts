import { randomBytes } from 'node:crypto'
import { open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { DiskImageError, InvalidIecSizeError, LAYOUT_TABLE_TYPES, layout, parseIecSize, type LayoutTableType } from '@diskimage/core'
import { isGuid, PartitionError, writeTable } from '@diskimage/partition'
import type { CommandIo } from '../bin.js'
import { TABLE_USAGE } from './usage.js'

const USAGE =
  `usage: make-disk-image ${TABLE_USAGE}\n` +
  `       TYPE: ${LAYOUT_TABLE_TYPES.join(', ')}; SIZE as numfmt --from=iec reads it (default 256M)\n`

/** The reference's default rootGPUID. */
const DEFAULT_ROOT_GPUID = 'F222513B-DED1-49FA-B591-20CE86A2FE7F'

/** `--boot-size` in bytes, exactly as the reference's `numfmt --from=iec` reads it; null when invalid or negative. */
function parseBootSize(text: string): bigint | null {
  try {
    const bytes = parseIecSize(text)
    return bytes >= 0n ? bytes : null
  } catch (error) {
    if (error instanceof InvalidIecSizeError) return null
    throw error
  }
}

class UsageError extends Error {}

function parse(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'partition-table-type': { type: 'string' },
      'disk-size': { type: 'string' },
      'boot-size': { type: 'string', default: '256M' },
      'no-deterministic': { type: 'boolean', default: false },
      'root-gpuid': { type: 'string', default: DEFAULT_ROOT_GPUID },
    },
  })
  const type = values['partition-table-type']
  if (!LAYOUT_TABLE_TYPES.includes(type as LayoutTableType)) {
    throw new UsageError(`--partition-table-type is ${type === undefined ? 'missing' : `"${type}"`}; use one of ${LAYOUT_TABLE_TYPES.join(', ')}`)
  }
  const diskMiB = Number(values['disk-size'])
  if (!/^[1-9]\d*$/.test(values['disk-size'] ?? '') || !Number.isSafeInteger(diskMiB * 1024 * 1024)) {
    throw new UsageError(`--disk-size is ${values['disk-size'] === undefined ? 'missing' : `"${values['disk-size']}"`}; give a positive whole number of MiB`)
  }
  const bootSize = parseBootSize(values['boot-size']!)
  if (bootSize === null) throw new UsageError(`--boot-size is "${values['boot-size']}"; give bytes with an optional K, M, G, T, P or E suffix (numfmt --from=iec), e.g. 256M or 1.5G`)
  if (!isGuid(values['root-gpuid']!)) throw new UsageError(`--root-gpuid is "${values['root-gpuid']}"; give a GUID like ${DEFAULT_ROOT_GPUID}`)
  if (positionals.length !== 1) throw new UsageError('give exactly one OUT.img')
  return {
    out: positionals[0]!,
    diskBytes: diskMiB * 1024 * 1024,
    request: { partitionTableType: type as LayoutTableType, bootSize, deterministic: !values['no-deterministic'], rootGPUID: values['root-gpuid']! },
  }
}

/**
 * Creates a sparse image of `bytes` bytes holding only `write`'s output, at a
 * temporary name beside `out`, renamed to `out` at the end; on failure the
 * temporary file is removed and `out` is left as it was.
 */
async function createImageAtomically(out: string, bytes: number, write: (handle: import('node:fs/promises').FileHandle) => Promise<void>): Promise<void> {
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
  try {
    const handle = await open(temporary, 'wx')
    try {
      await handle.truncate(bytes)
      await write(handle)
    } finally {
      await handle.close()
    }
    await rename(temporary, out)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/**
 * `make-disk-image table ... OUT.img`: writes a sparse raw image of
 * --disk-size MiB holding only the partition table the full build would
 * write for these options (for tests, and for people who fill the
 * partitions themselves). Exit 2 on bad arguments, 1 when the layout does
 * not fit (the message says what to change).
 */
export async function runTable(args: string[], io: CommandIo): Promise<number> {
  let options
  try {
    options = parse(args)
  } catch (error) {
    io.stderr.write(`make-disk-image table: ${(error as Error).message}\n${USAGE}`)
    return 2
  }
  try {
    const { table } = layout(options.request, options.diskBytes) // throws before any file is created
    await createImageAtomically(options.out, options.diskBytes, async (handle) => {
      if (table) await writeTable(handle, table)
    })
    return 0
  } catch (error) {
    const known = error instanceof DiskImageError || error instanceof PartitionError || (error as NodeJS.ErrnoException).code
    if (!known) throw error
    io.stderr.write(`make-disk-image table: ${(error as Error).message}\n`)
    return 1
  }
}

import { parseArgs } from 'node:util'
import { openImage } from '@diskimage/format'
import { type ByteSource, gptTypeName, mbrTypeName, PartitionError, readTable, type PartitionTable } from '@diskimage/partition'
import type { CommandIo } from '../bin.js'
import { INSPECT_USAGE } from './usage.js'

const USAGE = `usage: make-disk-image ${INSPECT_USAGE}\n`

/** Bytes as a short IEC string ("249.0 MiB"), like parted's `print` in binary units. */
function iec(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`
}

/** Left-aligned columns separated by two spaces. */
function columns(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n') + '\n'
}

/** The human-readable listing `inspect` prints by default. */
export function formatTable(image: string, table: PartitionTable): string {
  const disk = `${image}: ${table.type}, ${table.totalSectors} sectors (${iec(table.totalSectors * 512)})`
  const sectors = (p: { firstLba: number; lastLba: number }) => [String(p.firstLba), String(p.lastLba), String(p.lastLba - p.firstLba + 1), iec((p.lastLba - p.firstLba + 1) * 512)]
  if (table.type === 'gpt') {
    const rows = [['#', 'start', 'end', 'sectors', 'size', 'type', 'name', 'unique GUID', 'attributes']]
    for (const p of table.partitions) {
      rows.push([String(p.number), ...sectors(p), gptTypeName(p.typeGuid), p.name, p.uniqueGuid, `0x${p.attributes.toString(16)}`])
    }
    return `${disk}, disk GUID ${table.diskGuid}\n${columns(rows)}`
  }
  const signature = `0x${table.diskSignature.toString(16).padStart(8, '0')}`
  const rows = [['#', 'boot', 'start', 'end', 'sectors', 'size', 'type']]
  for (const p of table.partitions) {
    rows.push([String(p.number), p.bootable ? '*' : '', ...sectors(p), `0x${p.type.toString(16).padStart(2, '0')} ${mbrTypeName(p.type)}`])
  }
  return `${disk}, disk signature ${signature}\n${columns(rows)}`
}

/** The table as JSON; the 64-bit GPT attributes become a hex string (JSON has no 64-bit integers). */
export function tableToJson(table: PartitionTable): string {
  return JSON.stringify(table, (_, value: unknown) => (typeof value === 'bigint' ? `0x${value.toString(16)}` : value), 2) + '\n'
}

/**
 * `make-disk-image inspect IMAGE [--json]`: reads and validates the image's
 * partition table and prints it. IMAGE may be raw, qcow2, vdi, vhd or vmdk: the
 * table is read from the virtual disk (@diskimage/format's readers). Exit 1 with
 * the reason when the table is missing or damaged.
 */
export async function runInspect(args: string[], io: CommandIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true })
  } catch (error) {
    io.stderr.write(`make-disk-image inspect: ${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const [image, ...extra] = parsed.positionals
  if (image === undefined || extra.length > 0) {
    io.stderr.write(`make-disk-image inspect: give exactly one IMAGE\n${USAGE}`)
    return 2
  }
  try {
    const disk = await openImage(image)
    try {
      const virtualDisk: ByteSource = { name: image, size: disk.virtualSize, read: (offset, length) => disk.read(offset, length) }
      const table = await readTable(virtualDisk)
      const name = disk.format === 'raw' ? image : `${image} (${disk.format})`
      io.stdout.write(parsed.values.json ? tableToJson(table) : formatTable(name, table))
    } finally {
      await disk.close()
    }
    return 0
  } catch (error) {
    // Partition and format errors, and system errors, carry a code and say what to change.
    if (!(error instanceof PartitionError) && !(error as NodeJS.ErrnoException).code) throw error
    io.stderr.write(`make-disk-image inspect: ${(error as Error).message}\n`)
    return 1
  }
}

import type { DiskImage } from '@diskimage/format'
import { detectFilesystem } from '../detectFilesystem.js'

const SECTOR = 512

/** What a stretch of the disk is. */
export type RegionKind = 'mbr' | 'gpt-header' | 'gpt-entries' | 'gpt-backup-entries' | 'gpt-backup-header' | 'partition' | 'whole-disk' | 'free'

/** One stretch of a disk image, in bytes. */
export interface DiskRegion {
  kind: RegionKind
  /** How reports name it: "MBR", "GPT header", "partition 2", "free space (sectors 34..2047)". */
  name: string
  offset: number
  length: number
  /** Entry number of a partition (1-based). */
  partition?: number
}

interface GptHeaderFacts {
  valid: boolean
  entriesLba: number
  entryCount: number
  entrySize: number
  alternateLba: number
}

/**
 * Cuts a disk image into its table structures, partitions and the space
 * between, reading the tables leniently: a damaged field (the kind of change
 * `diff` is asked to find) falls back to the standard layout instead of
 * failing, so the regions of a slightly broken image can still be named.
 * An image without an MBR signature, or with a file system at sector 0, is
 * one whole-disk region (layout "none").
 */
export async function diskRegions(image: DiskImage): Promise<DiskRegion[]> {
  const totalSectors = Math.floor(image.virtualSize / SECTOR)
  if (totalSectors < 1) return []
  const sector0 = await image.read(0, SECTOR)
  // A FAT "superfloppy" also ends its sector 0 in 55 AA: a file system at 0 means no table.
  const whole = sector0.readUInt16LE(510) !== 0xaa55 || (await detectFilesystem(image, 0, image.virtualSize)) !== null
  if (whole) return [{ kind: 'whole-disk', name: 'whole disk', offset: 0, length: image.virtualSize }]
  const slots = [0, 1, 2, 3].map((i) => {
    const at = 446 + 16 * i
    return { number: i + 1, type: sector0[at + 4]!, firstLba: sector0.readUInt32LE(at + 8), sectors: sector0.readUInt32LE(at + 12) }
  })
  const regions: DiskRegion[] = [{ kind: 'mbr', name: slots.some((s) => s.type === 0xee) ? 'protective MBR' : 'MBR', offset: 0, length: SECTOR }]
  if (slots.some((s) => s.type === 0xee)) {
    regions.push(...(await gptRegions(image, totalSectors)))
  } else {
    for (const s of slots) {
      if (s.type === 0 || s.sectors === 0 || s.firstLba >= totalSectors) continue
      const sectors = Math.min(s.sectors, totalSectors - s.firstLba)
      regions.push({ kind: 'partition', name: `partition ${s.number}`, offset: s.firstLba * SECTOR, length: sectors * SECTOR, partition: s.number })
    }
  }
  return withFreeSpace(regions, totalSectors)
}

async function gptRegions(image: DiskImage, totalSectors: number): Promise<DiskRegion[]> {
  const primary = parseGptHeader(await image.read(SECTOR, SECTOR), 2)
  const entrySectors = Math.ceil((primary.entryCount * primary.entrySize) / SECTOR)
  const backupLba = primary.valid && primary.alternateLba < totalSectors ? primary.alternateLba : totalSectors - 1
  const backup = parseGptHeader(await image.read(backupLba * SECTOR, SECTOR), backupLba - entrySectors)
  const regions: DiskRegion[] = [
    { kind: 'gpt-header', name: 'GPT header', offset: SECTOR, length: SECTOR },
    { kind: 'gpt-entries', name: 'GPT entries', offset: primary.entriesLba * SECTOR, length: entrySectors * SECTOR },
    { kind: 'gpt-backup-entries', name: 'backup GPT entries', offset: backup.entriesLba * SECTOR, length: entrySectors * SECTOR },
    { kind: 'gpt-backup-header', name: 'backup GPT header', offset: backupLba * SECTOR, length: SECTOR },
  ]
  // Entries from the primary array; the backup's when the primary header is damaged.
  const entries = await image.read((primary.valid ? primary.entriesLba : backup.entriesLba) * SECTOR, entrySectors * SECTOR)
  for (let i = 0; i < primary.entryCount; i++) {
    const at = i * primary.entrySize
    if (entries.subarray(at, at + 16).every((b) => b === 0)) continue
    const first = Number(entries.readBigUInt64LE(at + 32))
    const last = Number(entries.readBigUInt64LE(at + 40))
    if (!(first <= last && last < totalSectors)) continue
    regions.push({ kind: 'partition', name: `partition ${i + 1}`, offset: first * SECTOR, length: (last - first + 1) * SECTOR, partition: i + 1 })
  }
  return regions
}

function parseGptHeader(sector: Buffer, defaultEntriesLba: number): GptHeaderFacts {
  const valid = sector.subarray(0, 8).toString('latin1') === 'EFI PART'
  const entryCount = valid ? sector.readUInt32LE(80) : 128
  const entrySize = valid ? sector.readUInt32LE(84) : 128
  const sane = valid && entrySize >= 128 && entrySize <= 4096 && entryCount >= 1 && entryCount <= 4096
  return {
    valid: sane,
    entriesLba: sane ? Number(sector.readBigUInt64LE(72)) : defaultEntriesLba,
    entryCount: sane ? entryCount : 128,
    entrySize: sane ? entrySize : 128,
    alternateLba: sane ? Number(sector.readBigUInt64LE(32)) : 0,
  }
}

/** Adds the gaps no structure covers, sorted by offset. */
function withFreeSpace(regions: DiskRegion[], totalSectors: number): DiskRegion[] {
  const sorted = [...regions].sort((a, b) => a.offset - b.offset)
  const out: DiskRegion[] = []
  let at = 0
  const gap = (to: number) => {
    if (to > at) out.push({ kind: 'free', name: `free space (sectors ${at / SECTOR}..${to / SECTOR - 1})`, offset: at, length: to - at })
  }
  for (const r of sorted) {
    gap(r.offset)
    out.push(r)
    at = Math.max(at, r.offset + r.length)
  }
  gap(totalSectors * SECTOR)
  return out
}

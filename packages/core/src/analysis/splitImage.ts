import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { copyRegion } from './copyRegion.js'
import { diskRegions, type DiskRegion } from './table/diskRegions.js'

/** One file `splitImage` wrote. */
export interface SplitPiece {
  /** File name inside the output directory. */
  file: string
  /** What it holds: "MBR", "GPT primary (header and entries)", "partition 2", … */
  region: string
  /** Where it came from in the virtual disk, in bytes. */
  offset: number
  length: number
}

/**
 * Writes each partition of a disk image (raw, qcow2, vdi, vhd or vmdk) to its
 * own raw file in `outDir`, plus the table structures: mbr.bin (sector 0),
 * gpt-primary.bin (LBA 1 to the end of the entry array), gpt-backup.bin (the
 * backup entries and header) and partition-N.img; an image without a table
 * becomes whole-disk.img. regions.json lists every piece with its offset and
 * length, so `dd if=IMAGE skip=OFFSET count=LENGTH iflag=skip_bytes,count_bytes`
 * reproduces each file. The reference's README does this by hand (fdisk -l,
 * then dd each partition) to feed diffoscope, which cannot read qcow2.
 *
 * Files are written under a scratch directory inside `outDir` and renamed into
 * place at the end; nothing is left behind on failure.
 *
 * @example
 *   const pieces = await splitImage('out/nixos.qcow2', 'out/split')
 *   // [{ file: 'mbr.bin', … }, { file: 'gpt-primary.bin', … }, { file: 'partition-1.img', … }, …]
 */
export async function splitImage(imagePath: string, outDir: string): Promise<SplitPiece[]> {
  const { openImage } = await import('@diskimage/format') // loaded on first use (startup of builds)
  const image = await openImage(imagePath)
  try {
    const pieces = splitPlan(await diskRegions(image))
    await mkdir(outDir, { recursive: true })
    const scratch = await mkdtemp(join(outDir, `.split-${basename(imagePath)}-`))
    try {
      for (const p of pieces) await copyRegion(image, p.offset, p.length, join(scratch, p.file))
      await writeFile(join(scratch, 'regions.json'), JSON.stringify(pieces, null, 2) + '\n')
      for (const file of [...pieces.map((p) => p.file), 'regions.json']) await rename(join(scratch, file), join(outDir, file))
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
    return pieces
  } finally {
    await image.close()
  }
}

/** Which files a disk's regions become: table structures merged into the pieces a person thinks of. */
export function splitPlan(regions: readonly DiskRegion[]): SplitPiece[] {
  const pieces: SplitPiece[] = []
  const find = (kind: DiskRegion['kind']) => regions.find((r) => r.kind === kind)
  const mbr = find('mbr')
  if (mbr) pieces.push({ file: 'mbr.bin', region: mbr.name, offset: mbr.offset, length: mbr.length })
  const header = find('gpt-header')
  const entries = find('gpt-entries')
  if (header && entries) {
    const end = Math.max(header.offset + header.length, entries.offset + entries.length)
    pieces.push({ file: 'gpt-primary.bin', region: 'GPT primary (header and entries)', offset: header.offset, length: end - header.offset })
  }
  const backupEntries = find('gpt-backup-entries')
  const backupHeader = find('gpt-backup-header')
  if (backupEntries && backupHeader) {
    const end = backupHeader.offset + backupHeader.length
    pieces.push({ file: 'gpt-backup.bin', region: 'GPT backup (entries and header)', offset: backupEntries.offset, length: end - backupEntries.offset })
  }
  for (const r of regions) {
    if (r.kind === 'partition') pieces.push({ file: `partition-${r.partition}.img`, region: r.name, offset: r.offset, length: r.length })
    if (r.kind === 'whole-disk') pieces.push({ file: 'whole-disk.img', region: r.name, offset: r.offset, length: r.length })
  }
  return pieces
}

import { parseArgs } from 'node:util'
import { splitImage } from '@diskimage/core'
import type { CommandIo } from '../bin.js'

import { isReportable } from './isReportable.js'
import { SPLIT_USAGE } from './usage.js'

const USAGE = `usage: make-disk-image ${SPLIT_USAGE}\n`

/**
 * `make-disk-image split IMAGE --out DIR`: writes each partition of IMAGE (raw,
 * qcow2, vdi, vhd, vmdk) to DIR/partition-N.img and the table structures to
 * mbr.bin, gpt-primary.bin and gpt-backup.bin, with DIR/regions.json saying
 * where each came from; prints one line per file. Exit 0, 1 when the image
 * cannot be read or written out, 2 on a usage error.
 */
export async function runSplit(args: string[], io: CommandIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args, options: { out: { type: 'string' } }, allowPositionals: true, strict: true })
  } catch (error) {
    io.stderr.write(`make-disk-image split: ${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const [image, ...extra] = parsed.positionals
  const out = parsed.values.out
  if (image === undefined || extra.length > 0 || out === undefined || out === '') {
    io.stderr.write(`make-disk-image split: give exactly one IMAGE and --out DIR\n${USAGE}`)
    return 2
  }
  try {
    const pieces = await splitImage(image, out)
    for (const p of pieces) io.stdout.write(`${p.file}\t${p.region}\toffset ${p.offset}\tlength ${p.length}\n`)
    return 0
  } catch (error) {
    if (!isReportable(error)) throw error
    io.stderr.write(`make-disk-image split: ${(error as Error).message}\n`)
    return 1
  }
}

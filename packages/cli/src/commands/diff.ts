import { parseArgs } from 'node:util'
import { diffImages, formatDifference } from '@diskimage/core'
import type { CommandIo } from '../bin.js'
import { isReportable } from './isReportable.js'

import { DIFF_USAGE } from './usage.js'

const USAGE = `usage: make-disk-image ${DIFF_USAGE}\n`

/**
 * `make-disk-image diff A B [--json]`: compares the virtual disks of two images
 * (raw, qcow2, vdi, vhd, vmdk, mixed) and prints where they differ, one line
 * per structure: "GPT header: disk GUID, header CRC32", "partition 2 (ext4):
 * inode 12 (/etc/motd): i_mtime". Exit codes as diff(1): 0 equal, 1 different,
 * 2 usage error or an image that cannot be read.
 */
export async function runDiff(args: string[], io: CommandIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true })
  } catch (error) {
    io.stderr.write(`make-disk-image diff: ${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const [a, b, ...extra] = parsed.positionals
  if (a === undefined || b === undefined || extra.length > 0) {
    io.stderr.write(`make-disk-image diff: give exactly two images, A and B\n${USAGE}`)
    return 2
  }
  try {
    const result = await diffImages(a, b)
    if (parsed.values.json) io.stdout.write(JSON.stringify(result, null, 2) + '\n')
    else {
      for (const d of result.differences) io.stdout.write(formatDifference(d) + '\n')
      if (result.truncated) io.stdout.write('… more changes than can be named\n')
    }
    return result.equal ? 0 : 1
  } catch (error) {
    if (!isReportable(error)) throw error
    io.stderr.write(`make-disk-image diff: ${(error as Error).message}\n`)
    return 2
  }
}

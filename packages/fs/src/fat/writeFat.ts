import { mcopy, mkfsFat } from '@diskimage/dosfstools-wasm'
import { readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { spliceInto } from './spliceInto.js'
import { fatMetadataEnd } from './fatMetadataEnd.js'
import { resolve } from 'node:path'
import { byteOrder } from '../staging/expandGlob.js'
import type { FatRequest } from './fatRequest.js'
import { mkfsFatArgs } from './mkfsFatArgs.js'
import { FileSystemFullError } from '../errors/FileSystemFullError.js'
import { noSpaceDetail } from '../errors/toolFailure.js'

/** 1980-01-01T00:00:00Z, the earliest time a FAT directory entry can hold. */
export const FAT_EPOCH = 315532800

/**
 * Formats a FAT partition inside the image at its offset with the WASM
 * mkfs.fat (the reference needs a VM and /dev/vda1 for this), then copies
 * `req.contents` into it with the WASM mcopy. With `req.time` every timestamp
 * is that time (clamped to 1980, FAT's epoch), so the partition is reproducible.
 */
export async function writeFat(req: FatRequest): Promise<void> {
  const env: Record<string, string> = {}
  if (req.time !== undefined) env.SOURCE_DATE_EPOCH = String(Math.max(req.time, FAT_EPOCH))
  // mkfs.fat formats a partition-sized scratch file, which it sees exactly as the
  // reference's VM sees /dev/vda1. Not `--offset` into the image: dosfstools 4.2
  // then picks FAT32 whenever the WHOLE image file is ≥ 512 MiB (it tests the
  // file's size, mkfs.fat.c:604), and fails on a 256 MiB ESP inside a 1 GiB disk.
  const scratch = `${req.image}.fat-${req.offset}.tmp`
  try {
    writeFileSync(scratch, '')
    truncateSync(scratch, Math.floor(req.size / 1024) * 1024)
    await mkfsFat(mkfsFatArgs(req, scratch), { env })
    spliceInto(scratch, req.image, req.offset, fatMetadataEnd(scratch))
  } finally {
    rmSync(scratch, { force: true })
  }
  if (!req.contents) return
  const names = readdirSync(req.contents).sort(byteOrder)
  if (names.length === 0) return
  // Through the virtual tree, directory listings come in byte order on every host,
  // so short names (FOO~1) and entry order do not depend on the host file system.
  const mountPoint = '/__diskimage__/fat'
  try {
    await mcopy(['-s', '-p', '-Q', '-i', `${req.image}@@${req.offset}`, ...names.map((n) => `${mountPoint}/${n}`), '::/'], {
      env: { ...env, MTOOLS_SKIP_CHECK: '1' },
      vfs: { mountPoint, layers: [resolve(req.contents)], uniformTimes: true },
    })
  } catch (error) {
    const detail = noSpaceDetail(error)
    if (detail !== undefined) throw new FileSystemFullError('fat', Math.floor(req.size / 1024) * 1024, detail, { cause: error })
    throw error
  }
}

import { parseArgs } from 'node:util'
import { convert, IMAGE_FORMATS, isImageFormat } from '@diskimage/format'
import type { CommandIo } from '../bin.js'
import { isReportable } from './isReportable.js'
import { CONVERT_USAGE } from './usage.js'


const USAGE = `usage: make-disk-image ${CONVERT_USAGE}\n       FORMAT: ${IMAGE_FORMATS.join(', ')}\n`

/**
 * `make-disk-image convert RAW --format F --out FILE`: what the reference does with
 * `qemu-img convert -f raw -O F [-c]`, in TypeScript (@diskimage/format). The
 * output is written beside FILE under a temporary name and renamed when complete.
 * Exit 0, 1 when the conversion fails, 2 on a usage error.
 */
export async function runConvert(args: string[], io: CommandIo): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { format: { type: 'string' }, out: { type: 'string' }, compress: { type: 'string' }, threads: { type: 'string' }, 'no-deterministic': { type: 'boolean', default: false } },
    })
  } catch (error) {
    io.stderr.write(`make-disk-image convert: ${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const [raw, ...extra] = parsed.positionals
  const { format, out, threads, compress } = parsed.values
  if (raw === undefined || extra.length > 0 || !out) {
    io.stderr.write(`make-disk-image convert: give exactly one RAW image and --out FILE\n${USAGE}`)
    return 2
  }
  if (!isImageFormat(format)) {
    io.stderr.write(`make-disk-image convert: --format is ${format === undefined ? 'missing' : `"${format}"`}; use one of ${IMAGE_FORMATS.join(', ')}\n`)
    return 2
  }
  if (threads !== undefined && !/^[1-9]\d*$/.test(threads)) {
    io.stderr.write(`make-disk-image convert: --threads is "${threads}"; give a whole number ≥ 1 (1: compress on the main thread alone)\n`)
    return 2
  }
  try {
    // --compress is checked by convert() itself (InvalidOptionError names the option and the choices).
    const compression = compress as 'deflate' | 'zlib' | 'zstd' | undefined
    await convert(raw, { format, out, deterministic: !parsed.values['no-deterministic'], ...(threads !== undefined ? { threads: Number(threads) } : {}), ...(compression ? { compress: compression } : {}) })
    io.stdout.write(`${out}\n`)
    return 0
  } catch (error) {
    if (!isReportable(error)) throw error
    io.stderr.write(`make-disk-image convert: ${(error as Error).message}\n`)
    return 1
  }
}

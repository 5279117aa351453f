import { buildImage, DiskImageError, type ProgressEvent } from '@diskimage/core'
import type { CommandIo } from '../bin.js'
import { BuildUsageError, parseBuildArgs } from './parseBuildArgs.js'
import { progressPrinter } from './progressPrinter.js'
import { BUILD_USAGE } from './usage.js'


/**
 * The main job: build an image from a root tree. Every option of buildImage is a
 * kebab-case flag; `--config` reads them from JSON first. Progress goes to
 * stderr (a bar on a terminal, plain lines otherwise); `--json` prints the result
 * as JSON on stdout.
 */
export async function runBuild(args: string[], io: CommandIo & { stderr: { isTTY?: boolean } }): Promise<number> {
  let parsed
  try {
    parsed = parseBuildArgs(args)
  } catch (e) {
    if (e instanceof BuildUsageError) {
      io.stderr.write(`make-disk-image: ${e.message}\n`)
      return 2
    }
    throw e
  }
  const onProgress: (e: ProgressEvent) => void = parsed.quiet ? () => {} : progressPrinter(io.stderr)
  try {
    const result = await buildImage({ ...parsed.options, onProgress } as Parameters<typeof buildImage>[0])
    if (parsed.json) io.stdout.write(JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n')
    else if (!parsed.quiet) io.stdout.write(`${result.imagePath}\n`)
    return 0
  } catch (e) {
    if (e instanceof DiskImageError || (e instanceof Error && 'code' in e && 'data' in e)) {
      io.stderr.write(`make-disk-image: ${e.message}\n`)
      if (parsed.json) io.stdout.write(JSON.stringify({ error: { code: (e as DiskImageError).code, message: e.message, data: (e as DiskImageError).data } }) + '\n')
      return 1
    }
    throw e
  }
}

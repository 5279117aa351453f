import { promises as fsp } from 'node:fs'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import type { CompressionPool, Codec } from './compress/compression-pool.js'
import { type ConvertOptions, resolveConvertOptions, type ResolvedConvertOptions } from './convert-options.js'
import { InvalidOptionError, SourceImageError } from './errors.js'
import { FORMATS_WITH_UUIDS, HeaderIdentity, identityModules } from './identity.js'
import type { ImageFormat } from './image-format.js'
import { RawSource } from './io/raw-source.js'
import { prestartSeekDataHelper } from './io/seek-data-helper.js'
import { TempOutput, writeAtomically } from './io/temp-output.js'

/**
 * Each format's writer, loaded when a conversion to it runs: importing every writer, the compression
 * pool and the readers took ~50 ms here, the raw path alone ~27 ms (a `make-disk-image convert` process
 * pays it before any byte). {@link preloadConverter} starts a load early.
 */
const writers = {
  raw: () => import('./write-raw.js'),
  qcow2: () => import('./qcow2/write-qcow2.js'),
  'qcow2-compressed': () => Promise.all([import('./qcow2/write-qcow2.js'), import('./compress/compression-pool.js')]),
  vdi: () => Promise.all([import('./vdi/write-vdi.js'), identityModules()]),
  vpc: () => Promise.all([import('./vpc/write-vpc.js'), identityModules()]),
  vmdk: () => Promise.all([import('./vmdk/write-vmdk.js'), import('./compress/compression-pool.js'), identityModules()]),
} satisfies Record<ImageFormat, () => Promise<unknown>>

/** Compressing threads by default: one per core, the calling thread among them. */
const defaultThreads = (): number => availableParallelism()

/**
 * Loads what a conversion to `format` needs, so that a caller with time to spare (a build while its
 * file systems are written) does not wait for it later: the format's writer, the perl process that
 * maps a raw image's holes (see seek-data-helper.ts), and for qcow2-compressed and vmdk the worker
 * threads a conversion with the default `threads` uses (one per core, less the calling thread), which
 * take ~70–100 ms each to start here. Neither keeps the process alive. Never rejects: a failure shows
 * in convert.
 */
export async function preloadConverter(format: ImageFormat): Promise<void> {
  prestartSeekDataHelper()
  try {
    await writers[format]()
    if (FORMATS_WITH_UUIDS.has(format)) (await identityModules())[1].prepareContentDigest()
    if (format === 'qcow2-compressed' || format === 'vmdk') (await import('./compress/spare-workers.js')).prestartWorkers(defaultThreads() - 1)
  } catch {
    // convert reports it
  }
}

/** What {@link convert} wrote. */
export interface ConvertResult {
  format: ImageFormat
  path: string
  /** The virtual disk size of the output (a vpc grows to a whole CHS geometry, like qemu-img's). */
  virtualSize: number
  /** The output file's length. */
  fileSize: number
}

/**
 * Batches (of ~256 KiB, see compressBlocks) per compressing thread kept in flight: enough to keep every
 * thread busy while the calling thread reads and writes, ~4 MiB of memory per thread.
 */
const BATCHES_PER_THREAD = 16
/**
 * Up to this much data, compression runs on the calling thread alone by default (see
 * ConvertOptions.threads): starting a worker took ~70–100 ms here (Node's bootstrap of its isolate),
 * while one thread compresses 1 MiB in ~15–55 ms with libdeflate or zlib (data-dependent) and ~17–25 ms
 * with zstd.
 */
const INLINE_COMPRESSION_BYTES = { deflate: 2 << 20, zlib: 2 << 20, zstd: 8 << 20 } as const

/**
 * Converts the raw image at `rawPath` to `options.format` at `options.out`, as
 * `qemu-img convert -f raw -O <format> [-c]` does, reading only the raw image's non-zero blocks and
 * writing no space for zero ones. The output appears only when complete.
 *
 * @example
 * await convert('disk.img', { format: 'qcow2-compressed', out: 'nixos.qcow2' })
 */
export async function convert(rawPath: string, options: ConvertOptions): Promise<ConvertResult> {
  const resolved = resolveConvertOptions(options)
  if (resolve(resolved.out) === resolve(rawPath)) throw new InvalidOptionError('out', resolved.out, 'write to another path than the input')
  // The temporary output is created on the thread pool while this thread opens and maps the source
  // (the map's perl run blocks it for a few milliseconds): ~1.5 ms of a ~30 ms sparse conversion.
  const created = TempOutput.create(resolved.out)
  // Marked handled: a failure (no such directory) is thrown where it is awaited, after the source's.
  created.catch(() => undefined)
  let source: RawSource
  try {
    source = await RawSource.open(rawPath, resolved.dataRanges)
  } catch (error) {
    await created.then((output) => output.abort(), () => undefined)
    throw error
  }
  try {
    const virtualSize = await writeAtomically(
      resolved.out,
      (output) => {
        if (source.size === 0) throw new SourceImageError(rawPath, 'it is empty')
        return writeFormat(source, output, resolved)
      },
      created,
    )
    const { size } = await fsp.stat(resolved.out)
    return { format: resolved.format, path: resolved.out, virtualSize, fileSize: size }
  } finally {
    await source.close()
  }
}

/** Writes one format; returns the virtual size. */
async function writeFormat(source: RawSource, output: TempOutput, options: ResolvedConvertOptions): Promise<number> {
  // qemu-img's raw driver rounds a raw file up to whole sectors; so do the sector-based formats.
  const sectorSize = Math.ceil(source.size / 512) * 512
  const identity = await HeaderIdentity.create({ deterministic: options.deterministic, seed: options.seed, format: options.format })
  // vmdk digests compressed grains, not the read blocks.
  if (identity.readBuffers && options.format !== 'vmdk') source.readInto(identity.readBuffers)
  const { onProgress } = options
  switch (options.format) {
    case 'raw': {
      const { writeRaw } = await writers.raw()
      await writeRaw(source, output, onProgress)
      return source.size
    }
    case 'qcow2': {
      const { writeQcow2 } = await writers.qcow2()
      await writeQcow2(source, output, { virtualSize: sectorSize, inFlight: 0, onProgress })
      return sectorSize
    }
    case 'qcow2-compressed': {
      const [{ writeQcow2 }] = await writers['qcow2-compressed']()
      await withPool(source, options, `qcow2-${options.compress}`, (pool, inFlight) =>
        writeQcow2(source, output, { virtualSize: sectorSize, pool, inFlight, onProgress, zstd: options.compress === 'zstd' }),
      )
      return sectorSize
    }
    case 'vdi': {
      const [{ writeVdi }] = await writers.vdi()
      await writeVdi(source, output, sectorSize, identity, onProgress)
      return sectorSize
    }
    case 'vpc': {
      const [{ writeVpc }] = await writers.vpc()
      return writeVpc(source, output, sectorSize, identity, onProgress)
    }
    case 'vmdk': {
      const [{ writeVmdk }] = await writers.vmdk()
      await withPool(source, options, `vmdk-${options.compress as 'deflate' | 'zlib'}`, (pool, inFlight) =>
        writeVmdk(source, output, { virtualSize: sectorSize, pool, inFlight, identity, onProgress }),
      )
      return sectorSize
    }
  }
}

async function withPool<T>(source: RawSource, options: ResolvedConvertOptions, codec: Codec, run: (pool: CompressionPool, inFlight: number) => Promise<T>): Promise<T> {
  const threads = options.threads ?? (source.dataBytesAtMost <= INLINE_COMPRESSION_BYTES[options.compress] ? 1 : defaultThreads())
  // Already loaded by the format's writer entry (writers); the import only hands it over.
  const { CompressionPool } = await import('./compress/compression-pool.js')
  // The calling thread is one of the `threads`: it compresses from the first batch on, while the workers
  // start (~70–100 ms here), and whenever they are full. Minbase efi image (145 MiB), medians of 5 as
  // processes: 2 workers 2.01 s, the calling thread + 1 worker 1.81 s; sparse 20 GiB (5 MiB): 335 → 297 ms.
  const pool = new CompressionPool(threads - 1, codec, { callingThread: true })
  try {
    return await run(pool, threads * BATCHES_PER_THREAD)
  } finally {
    await pool.close()
  }
}

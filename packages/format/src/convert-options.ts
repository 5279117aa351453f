import { InvalidOptionError } from './errors.js'
import { IMAGE_FORMATS, type ImageFormat, isImageFormat } from './image-format.js'
import type { ConvertProgress } from './io/raw-source.js'
import { assertByteRanges, type ByteRange } from './io/ranges.js'

/** Options of {@link convert}. */
export interface ConvertOptions {
  /** The output format. */
  format: ImageFormat
  /** The output path; written under a temporary name beside it and renamed when complete. */
  out: string
  /**
   * Compressor of qcow2-compressed clusters and vmdk grains. 'deflate' (default): libdeflate 1.14 in
   * WASM, level 6, matches within qemu's 4 KiB window for qcow2: ~2× faster than zlib and ~1.5% smaller,
   * the same bytes on every machine. 'zlib': stock zlib 1.2.13 in WASM with qemu's parameters, the same
   * compressed bytes as qemu-img 7.2. 'zstd' (qcow2-compressed only): a qcow2 with
   * compression_type=zstd (qemu ≥ 5.1), libzstd 1.5.4 in WASM, level 3 as qemu-img's
   * `-o compression_type=zstd` (docs/formats.md, Compression).
   */
  compress?: Compression
  /**
   * Threads that compress, for qcow2-compressed and vmdk: the calling thread and `threads - 1` worker
   * threads. Default: one per core, or 1 when the image holds little data (at most 2 MiB; 8 MiB with
   * zstd): starting a worker cost ~70–100 ms here, more than compressing that much. 1: the calling
   * thread alone, no worker. The bytes are the same whatever the count.
   */
  threads?: number
  /** Called as the raw input is scanned. */
  onProgress?: (progress: ConvertProgress) => void
  /**
   * Derive every UUID and timestamp in the headers (default true): same input, same bytes. When false,
   * they are random and the current time, as with qemu-img.
   */
  deterministic?: boolean
  /** Key for the derived UUIDs in deterministic mode; default: a digest of the image content. */
  seed?: string
  /**
   * The only byte ranges of the raw image that may hold non-zero data (what a builder wrote); the rest
   * is taken as zeros and never read. The host's own map of holes (SEEK_DATA) narrows them further.
   * A function instead is asked only where the host has no such map (it may cost a walk of the
   * image's structures that the map makes needless). Default: the host's map, else a scan of every byte.
   */
  dataRanges?: DataRangesOption
}

/** The compressors; see {@link ConvertOptions.compress}. */
export type Compression = 'deflate' | 'zlib' | 'zstd'

/** The ranges, or how to get them when needed (see {@link ConvertOptions.dataRanges}). */
export type DataRangesOption = readonly ByteRange[] | (() => Promise<readonly ByteRange[]>)

/** {@link ConvertOptions} after validation, with defaults filled in. */
export interface ResolvedConvertOptions {
  format: ImageFormat
  out: string
  compress: Compression
  /** Undefined: decided by the amount of data (see {@link ConvertOptions.threads}). */
  threads: number | undefined
  onProgress: ((progress: ConvertProgress) => void) | undefined
  deterministic: boolean
  seed: string | undefined
  dataRanges: DataRangesOption | undefined
}

const MAX_THREADS = 256

/** Checks every option before any byte is written and fills in the defaults. */
export function resolveConvertOptions(options: ConvertOptions): ResolvedConvertOptions {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('options', options, 'pass an object with at least format and out')
  const { format, out, compress, threads, onProgress, deterministic, seed, dataRanges } = options
  if (!isImageFormat(format)) throw new InvalidOptionError('format', format, `use one of ${IMAGE_FORMATS.join(', ')}`)
  if (typeof out !== 'string' || out.length === 0) throw new InvalidOptionError('out', out, 'pass the output file path')
  if (compress !== undefined && compress !== 'deflate' && compress !== 'zlib' && compress !== 'zstd') {
    throw new InvalidOptionError('compress', compress, "use 'deflate', 'zlib' or 'zstd'")
  }
  if (compress !== undefined && format !== 'qcow2-compressed' && format !== 'vmdk') {
    throw new InvalidOptionError('compress', compress, `only qcow2-compressed and vmdk take a compression; drop it for ${format}`)
  }
  if (compress === 'zstd' && format !== 'qcow2-compressed') {
    throw new InvalidOptionError('compress', compress, "only qcow2-compressed takes 'zstd' (a VMDK grain is always deflate); use 'deflate' or 'zlib'")
  }
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) {
    throw new InvalidOptionError('threads', threads, `use a whole number from 1 (the calling thread alone) to ${MAX_THREADS}`)
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new InvalidOptionError('onProgress', onProgress, 'pass a function or nothing')
  if (deterministic !== undefined && typeof deterministic !== 'boolean') throw new InvalidOptionError('deterministic', deterministic, 'use true or false')
  if (seed !== undefined && (typeof seed !== 'string' || seed.length === 0)) throw new InvalidOptionError('seed', seed, 'use a non-empty string')
  if (dataRanges !== undefined && typeof dataRanges !== 'function') assertByteRanges(dataRanges)
  return {
    format,
    out,
    compress: compress ?? 'deflate',
    threads,
    onProgress,
    deterministic: deterministic ?? true,
    seed,
    dataRanges,
  }
}

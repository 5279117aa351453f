import { instantiateWasm, type StandaloneExports, WasmBuffer } from './wasm-instance.js'

interface Xxh3Exports extends StandaloneExports {
  xxh3_reset(): void
  xxh3_update(data: number, length: number): void
  xxh3_digest(out: number): void
}

/** xxHash 0.8.1 in WebAssembly SIMD (wasm/build-xxhash.sh); the same path from src/ (tests) and dist/. */
const XXH3_WASM = new URL('../wasm/xxh3.wasm', import.meta.url)
/** The most copied into the module's memory at once. */
const PIECE = 4 << 20
/** The alignment of the read buffers; 4 KiB covers every device's logical block size. */
const PAGE = 4096
/** Hashed by {@link prepareContentDigest}: enough for V8 to have optimized the hashing code. */
const WARM_UP_BYTES = 1 << 20

/**
 * A streaming XXH3-128 (the digest `xxhsum -H2` prints, 16 bytes big-endian): the key of the header
 * UUIDs derived from an image's content. Its own WebAssembly instance, so that digests of conversions
 * running side by side do not mix. Measured ~30 ms for 145 MiB here where SHA-256 took ~140 ms: in a
 * vdi conversion the digest was most of the time beyond qemu-img's (which hashes nothing: its UUIDs
 * are random).
 */
export class ContentDigest {
  private readonly exports: Xxh3Exports
  private readonly input: WasmBuffer
  /** The memory {@link allocateBuffers}' views were made on. */
  private buffersOf: ArrayBuffer | undefined

  constructor() {
    this.exports = instantiateWasm<Xxh3Exports>(XXH3_WASM)
    this.input = new WasmBuffer(this.exports)
    // Room for a whole piece from the start: the 8-byte offsets come first, blocks right after.
    this.input.reserve(PIECE)
    this.exports.xxh3_reset()
  }

  /**
   * `count` buffers of `bytes` bytes each, page-aligned (O_DIRECT reads need that), inside the module's
   * memory: data read into them is digested where it lies, without the copy {@link update} otherwise
   * makes (~17 ms of a ~45 ms digest of 145 MiB, measured). Call at most once: a later allocation
   * could grow the memory, which would leave these views empty.
   */
  allocateBuffers(count: number, bytes: number): Buffer[] {
    if (this.buffersOf) throw new Error('ContentDigest.allocateBuffers may be called only once')
    const base = this.exports.block_alloc(count * bytes + PAGE)
    if (base === 0) throw new Error('out of WebAssembly memory')
    // Views made after the allocation: it may have grown the memory (a new ArrayBuffer).
    this.buffersOf = this.exports.memory.buffer
    const first = Math.ceil(base / PAGE) * PAGE
    return Array.from({ length: count }, (_, i) => Buffer.from(this.buffersOf!, first + i * bytes, bytes))
  }

  /** Feeds `data` (digested in place if it lies in one of {@link allocateBuffers}' buffers, else copied in pieces of at most 4 MiB). */
  update(data: Uint8Array): void {
    if (this.buffersOf && this.exports.memory.buffer !== this.buffersOf) throw new Error('the WebAssembly memory grew under the read buffers')
    if (data.buffer === this.exports.memory.buffer) {
      this.exports.xxh3_update(data.byteOffset, data.length)
      return
    }
    for (let at = 0; at < data.length; at += PIECE) {
      const piece = data.subarray(at, Math.min(data.length, at + PIECE))
      this.exports.xxh3_update(this.input.write(piece), piece.length)
    }
  }

  /** Forgets everything fed so far. */
  reset(): void {
    this.exports.xxh3_reset()
  }

  /** The 16-byte digest of everything fed so far. */
  digest(): Buffer {
    const out = this.input.reserve(16)
    this.exports.xxh3_digest(out)
    return Buffer.from(new Uint8Array(this.exports.memory.buffer, out, 16))
  }
}


/** The digest {@link prepareContentDigest} made ready, until a conversion takes it. */
let prepared: ContentDigest | undefined

/**
 * Makes a digest ready ahead of the conversion that will need it (preloadConverter, for the formats
 * with UUIDs): the module compiled and instantiated, and 1 MiB hashed and forgotten, because V8 compiles
 * WebAssembly lazily, baseline code first, and optimizes only what ran. On the 20 GiB sparse image
 * (5 MiB digested) a vdi conversion took ~26 ms with a fresh digest, ~21 ms with a warmed one, ~19 ms
 * with a seed (no digest); medians of 15, alternating. Every instance shares the optimized code.
 */
export function prepareContentDigest(): void {
  if (prepared) return
  const digest = new ContentDigest()
  digest.update(Buffer.alloc(WARM_UP_BYTES))
  digest.reset()
  prepared = digest
}

/** The prepared digest if there is one, else a new one: either way empty, and the caller's alone. */
export function takeContentDigest(): ContentDigest {
  const digest = prepared ?? new ContentDigest()
  prepared = undefined
  return digest
}

import type { ContentDigest } from './content-digest.js'

/** How the UUIDs and timestamps inside image headers are chosen. */
export interface IdentityOptions {
  deterministic: boolean
  /** Key for derived UUIDs; without it the key is a digest of the image content. */
  seed: string | undefined
  /** Names the format, so a vdi and a vhd of the same content get different UUIDs. */
  format: string
}

/** The formats whose headers hold UUIDs derived by {@link HeaderIdentity}. */
export const FORMATS_WITH_UUIDS: ReadonlySet<string> = new Set(['vdi', 'vpc', 'vmdk'])

/**
 * The UUIDs and timestamp of one image's headers.
 *
 * Deterministic mode: uuid(token) = first 16 bytes of HMAC-SHA256(key, "<format>:<token>"), marked as a
 * version-4 UUID (like systemd-repart's derived partition UUIDs), where key = the `seed` option if given,
 * else the XXH3-128 digest (16 bytes, big-endian, as `xxhsum -H2` prints it) of every non-zero block,
 * each preceded by its byte offset (64-bit little-endian), then the virtual size in decimal preceded by
 * 2^53 - 1 as offset, so equal content gives equal UUIDs and different content different ones. XXH3
 * (xxHash 0.8.1 in WebAssembly SIMD, ~5 GB/s here) rather than SHA-256 (~1 GB/s): the key only has to
 * tell images apart, not resist an attacker, and SHA-256 made a vdi conversion 0.1 s slower than
 * qemu-img's. The timestamp is SOURCE_DATE_EPOCH if set, else 0 (the format's epoch floor).
 * Otherwise: random UUIDs and the current time, as qemu-img does.
 */
/**
 * What an identity with UUIDs loads (node:crypto, the content digest): HeaderIdentity.create awaits it,
 * and convert's preload of the vdi/vpc/vmdk writers starts it early.
 */
export function identityModules(): Promise<[typeof import('node:crypto'), typeof import('./content-digest.js')]> {
  return Promise.all([import('node:crypto'), import('./content-digest.js')])
}

export class HeaderIdentity {
  private readonly offsetBytes = Buffer.alloc(8)
  /** The HMAC key, fixed at the first uuid() call (after all content was observed). */
  private key: Buffer | string | undefined

  private constructor(
    private readonly options: IdentityOptions,
    /** Present exactly when the content must be digested (deterministic, no seed, a format with UUIDs). */
    private readonly digest: ContentDigest | undefined,
    /** node:crypto, loaded only for a format with UUIDs (its modules cost ~6 ms of a conversion's start). */
    private readonly crypto: typeof import('node:crypto') | undefined,
  ) {}

  /** An identity for one image; the content is digested only where a header UUID is derived from it. */
  static async create(options: IdentityOptions): Promise<HeaderIdentity> {
    if (!FORMATS_WITH_UUIDS.has(options.format)) return new HeaderIdentity(options, undefined, undefined)
    const needsContent = options.deterministic && options.seed === undefined
    const [crypto, digest] = await identityModules()
    return new HeaderIdentity(options, needsContent ? digest.takeContentDigest() : undefined, crypto)
  }

  /**
   * Where to read the image into when its content is digested: buffers inside the digest's memory, so
   * that {@link observe} digests blocks where they lie (see ContentDigest.allocateBuffers). Undefined
   * when nothing is digested.
   */
  get readBuffers(): ((count: number, bytes: number) => Buffer[]) | undefined {
    const digest = this.digest
    return digest && ((count, bytes) => digest.allocateBuffers(count, bytes))
  }

  /** Feeds a non-zero block at byte `offset` to the content digest (deterministic mode without seed). */
  observe(offset: number, data: Uint8Array): void {
    if (!this.digest) return
    this.offsetBytes.writeBigUInt64LE(BigInt(offset))
    this.digest.update(this.offsetBytes)
    this.digest.update(data)
  }

  /** Feeds bytes that continue the block last given to {@link observe} (one block cut in two by the reads). */
  observeMore(data: Uint8Array): void {
    this.digest?.update(data)
  }

  /** Records the virtual size; call once before {@link uuid}. */
  observeSize(virtualSize: number): void {
    this.observe(Number.MAX_SAFE_INTEGER, Buffer.from(String(virtualSize)))
  }

  /** A UUID in RFC 4122 byte order (big-endian fields), derived from `token` in deterministic mode. */
  uuid(token: string): Buffer {
    const crypto = this.crypto
    if (!crypto) throw new Error(`${this.options.format} headers have no UUIDs`)
    if (!this.options.deterministic) return markVersion4(crypto.randomBytes(16))
    this.key ??= this.options.seed ?? this.digest!.digest()
    return markVersion4(crypto.createHmac('sha256', this.key).update(`${this.options.format}:${token}`).digest().subarray(0, 16))
  }

  /** Seconds since the Unix epoch to put in headers. */
  unixTime(): number {
    if (!this.options.deterministic) return Math.floor(Date.now() / 1000)
    const epoch = Number(process.env['SOURCE_DATE_EPOCH'])
    return Number.isSafeInteger(epoch) && epoch > 0 ? epoch : 0
  }
}

function markVersion4(bytes: Buffer): Buffer {
  const uuid = Buffer.from(bytes)
  uuid[6] = (uuid[6]! & 0x0f) | 0x40
  uuid[8] = (uuid[8]! & 0x3f) | 0x80
  return uuid
}

/** The same UUID with its first three fields little-endian, as VirtualBox (RTUUID) and VDI headers store it. */
export function uuidToMixedEndian(uuid: Buffer): Buffer {
  const out = Buffer.from(uuid)
  out.writeUInt32LE(uuid.readUInt32BE(0), 0)
  out.writeUInt16LE(uuid.readUInt16BE(4), 4)
  out.writeUInt16LE(uuid.readUInt16BE(6), 6)
  return out
}

/**
 * Records the largest Buffer or Uint8Array any reader asks for while the watch
 * runs: a reader that trusts a size field would ask for gigabytes on a fuzzed
 * input of a few KiB. Buffer.alloc / allocUnsafe / allocUnsafeSlow are wrapped;
 * the global Uint8Array is replaced by a subclass that notes `new Uint8Array(n)`
 * (the partition readers allocate that way; Buffer keeps its own reference to the
 * original class, so Buffers are unaffected).
 */
export class AllocationWatch {
  largest = 0
  private restore: (() => void) | undefined

  start(): void {
    const originals = { alloc: Buffer.alloc, allocUnsafe: Buffer.allocUnsafe, allocUnsafeSlow: Buffer.allocUnsafeSlow }
    const note = (size: unknown) => {
      if (typeof size === 'number' && size > this.largest) this.largest = size
    }
    Buffer.alloc = ((size: number, ...rest: unknown[]) => (note(size), (originals.alloc as (...a: unknown[]) => Buffer)(size, ...rest))) as typeof Buffer.alloc
    Buffer.allocUnsafe = ((size: number) => (note(size), originals.allocUnsafe(size))) as typeof Buffer.allocUnsafe
    Buffer.allocUnsafeSlow = ((size: number) => (note(size), originals.allocUnsafeSlow(size))) as typeof Buffer.allocUnsafeSlow
    const OriginalUint8Array = globalThis.Uint8Array
    class WatchedUint8Array extends OriginalUint8Array {
      constructor(...args: unknown[]) {
        note(args[0])
        super(...(args as []))
      }
    }
    globalThis.Uint8Array = WatchedUint8Array as Uint8ArrayConstructor
    this.restore = () => {
      Object.assign(Buffer, originals)
      globalThis.Uint8Array = OriginalUint8Array
    }
  }

  stop(): void {
    this.restore?.()
    this.restore = undefined
  }
}

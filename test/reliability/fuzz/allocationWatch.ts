/**
 * Records the largest Buffer any reader asks for while `watch` runs: a reader that
 * trusts a size field would ask for gigabytes on a fuzzed input of a few KiB. Node's
 * Buffer.alloc / allocUnsafe / allocUnsafeSlow are wrapped, not replaced.
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
    this.restore = () => Object.assign(Buffer, originals)
  }

  stop(): void {
    this.restore?.()
    this.restore = undefined
  }
}

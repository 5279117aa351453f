// What any Node program pays to copy a raw image's data, and nothing else: the host's map of the data
// (the same SEEK_DATA walk ours uses), then every data extent read in 2 MiB pieces, four reads in flight
// on the thread pool, each piece written back at its offset on the main thread as its read ends (writes
// through the pool queue for the file's lock: 1 MiB pieces written through the pool took 93-113 ms
// where this takes 72-90 ms on the minbase image), no zero checks, no format. The bench reports it
// beside the conversions: the part of a conversion's time that no code of ours can remove.
// Usage: node io-floor.mjs RAW OUT; prints {"convertMs": …} like convert-one.mjs.
import { openSync, closeSync, promises as fsp, writeSync } from 'node:fs'
import { hostDataExtents } from '../../packages/format/dist/io/host-data-extents.js'

const PIECE = 2 << 20
const IN_FLIGHT = 4
const [raw, out] = process.argv.slice(2)
const start = performance.now()
const { size } = await fsp.stat(raw)
const fd = openSync(raw, 'r')
const extents = hostDataExtents(fd, size) ?? [{ offset: 0, length: size }]
closeSync(fd)
const pieces = extents.flatMap(({ offset, length }) =>
  Array.from({ length: Math.ceil(length / PIECE) }, (_, i) => [offset + i * PIECE, Math.min(PIECE, length - i * PIECE)]),
)
const input = await fsp.open(raw, 'r')
const output = await fsp.open(out, 'wx')
let next = 0
await Promise.all(
  Array.from({ length: IN_FLIGHT }, async () => {
    const buffer = Buffer.allocUnsafeSlow(PIECE)
    while (next < pieces.length) {
      const [position, length] = pieces[next++]
      const { bytesRead } = await input.read(buffer, 0, length, position)
      for (let written = 0; written < bytesRead; ) written += writeSync(output.fd, buffer, written, bytesRead - written, position + written)
    }
  }),
)
await output.truncate(size)
await output.close()
await input.close()
console.log(JSON.stringify({ convertMs: performance.now() - start }))

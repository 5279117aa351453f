// What any Node program pays to copy a raw image's data, and nothing else: the host's map of the data
// (the same SEEK_DATA walk ours uses), then every data extent read and written back at its offset in
// 1 MiB pieces, four in flight (libuv's thread pool has four threads), no zero checks, no format. The
// bench reports it beside the conversions: the part of a conversion's time that no code of ours can
// remove. Usage: node io-floor.mjs RAW OUT; prints {"convertMs": …} like convert-one.mjs.
import { openSync, closeSync, promises as fsp } from 'node:fs'
import { hostDataExtents } from '../../packages/format/dist/io/host-data-extents.js'

const PIECE = 1 << 20
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
      await output.write(buffer, 0, bytesRead, position)
    }
  }),
)
await output.truncate(size)
await output.close()
await input.close()
console.log(JSON.stringify({ convertMs: performance.now() - start }))

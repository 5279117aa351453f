// One conversion with the built packages in its own process (so that its CPU time and peak RSS are its
// own), as the pipeline runs it. Usage:
//   node convert-one.mjs RAW FORMAT OUT MODE [OPTIONS_JSON]
// MODE 'ranges': pass the data ranges as buildImage does (a walk of the partition table and file
// systems, which convert asks for only where the host cannot map holes; its time is part of the
// conversion's); 'standalone': a convert of a foreign raw file. OPTIONS_JSON: more convert options,
// e.g. {"compress":"zlib"} or {"seed":"bench"} (what buildImage passes when the build has a seed).
// Prints {"convertMs": …} on stdout: the time from before the ranges to the renamed output, without
// node's startup (in the pipeline the conversion runs inside the build's process). The format's writer is
// loaded before the clock starts, as a build loads it (preloadConverter) while its file systems are written.
import { convert, preloadConverter } from '../../packages/format/dist/index.js'

const [raw, format, out, mode, options] = process.argv.slice(2)
// core's walk only where a build would pass it: a standalone convert (the CLI's) does not load core.
const { rawImageDataRanges } = mode === 'ranges' ? await import('../../packages/core/dist/analysis/dataRanges.js') : {}
await preloadConverter(format)
const start = performance.now()
const dataRanges = mode === 'ranges' ? () => rawImageDataRanges(raw) : undefined
await convert(raw, { format, out, ...(dataRanges ? { dataRanges } : {}), ...(options ? JSON.parse(options) : {}) })
console.log(JSON.stringify({ convertMs: performance.now() - start }))

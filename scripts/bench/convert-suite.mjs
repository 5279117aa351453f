// `npm run bench -- --only convert` (and the end of a full bench): our convert against `qemu-img
// convert` on the same raw images in the same run, per format. Each conversion runs in its own
// process; the two sides alternate which goes first in each run.
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { builtImage, sparseImage } from './convert-inputs.mjs'
import { inAlternatingOrder, measure } from './measure.mjs'

const CONVERT_ONE = fileURLToPath(new URL('./convert-one.mjs', import.meta.url))
const IO_FLOOR = fileURLToPath(new URL('./io-floor.mjs', import.meta.url))

/** What qemu-img is asked for each format: the reference's arguments (vmdk: the stream-optimized subformat ours writes). */
const QEMU_ARGS = {
  raw: ['-O', 'raw'],
  qcow2: ['-O', 'qcow2'],
  'qcow2-compressed': ['-O', 'qcow2', '-c'],
  vdi: ['-O', 'vdi'],
  vpc: ['-O', 'vpc'],
  vmdk: ['-O', 'vmdk', '-o', 'subformat=streamOptimized'],
}

/**
 * The conversions of one input. `mode` is how ours finds the data: 'ranges' as buildImage does (from
 * the table and file systems, narrowed by the host's map of holes), 'standalone' as a convert of a
 * foreign file does (the host's map of holes through SEEK_DATA, a scan only where there is none).
 */
function variantsFor(input) {
  const formats = ['raw', 'qcow2', 'qcow2-compressed', 'vdi', 'vpc', 'vmdk']
  const variants = formats.map((format) => ({ format, mode: input.mode }))
  variants.splice(3, 0, { format: 'qcow2-compressed', compress: 'zlib', mode: input.mode }, { format: 'qcow2-compressed', compress: 'zstd', mode: input.mode })
  if (input.mode === 'ranges') variants.push({ format: 'qcow2', mode: 'standalone' })
  // Like for like with qemu-img, which writes random UUIDs: with a seed (as a build with the `seed`
  // option converts) the header UUIDs need no digest of the content.
  for (const format of ['vdi', 'vpc', 'vmdk']) variants.push({ format, seed: 'bench', mode: input.mode })
  return variants
}

/** The label of a variant in the report: format, then what differs from the default. */
export function variantLabel(v) {
  return [v.format, v.compress && `compress: ${v.compress}`, v.seed && 'seed', v.mode].filter(Boolean).join(', ')
}

function sizes(path) {
  const stat = statSync(path)
  return { apparentBytes: stat.size, allocatedBytes: stat.blocks * 512 }
}

/**
 * Makes the inputs (reported to `onInputs`) and measures every variant `runs` times; calls `onSample`
 * after each pair, so a bench cut short still reports what it measured. Returns { inputs, samples }.
 */
export async function benchConvert({ tree, work, runs, log, onInputs = () => {}, onSample = () => {} }) {
  log('convert: building the efi raw image of the minbase tree, writing the 20 GiB sparse image')
  const inputs = [
    { name: 'minbase efi', what: 'efi raw image of the Debian minbase tree built by our CLI (no bootloader)', path: builtImage(tree, work), mode: 'ranges' },
    { name: 'sparse 20 GiB', what: '20 GiB, five 1 MiB pieces of data (first and last MiB included), no table', path: sparseImage(work), mode: 'standalone' },
  ]
  for (const input of inputs) Object.assign(input, { virtualBytes: statSync(input.path).size, allocatedBytes: statSync(input.path).blocks * 512 })
  const described = inputs.map(({ path, ...rest }) => rest)
  onInputs(described)
  const samples = []
  for (let run = 0; run < runs; run++) {
    // What a Node process costs before any of our code runs: part of every 'process' time of ours.
    const startup = await measure(process.execPath, ['-e', '0'])
    samples.push({ input: 'node startup', variant: 'node -e 0', run, side: 'startup', ms: startup.ms })
    if (process.env.NODE_EXTRA_CA_CERTS) {
      // The same with the certificate bundle this environment names, which measure() leaves out: what every
      // process row of ours would cost more with it.
      const withCerts = await measure(process.execPath, ['-e', '0'], { env: { NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } })
      samples.push({ input: 'node startup', variant: 'node -e 0, NODE_EXTRA_CA_CERTS', run, side: 'startup', ms: withCerts.ms })
    }
    // And what qemu-img costs before it converts anything (loading its ~100 shared libraries): part of
    // every qemu-img time, while a convert inside a build pays nothing of the kind.
    const qemuStartup = await measure('qemu-img', ['--version'])
    samples.push({ input: 'qemu-img startup', variant: 'qemu-img --version', run, side: 'startup', ms: qemuStartup.ms })
    for (const input of inputs) {
      const floorOut = join(work, 'floor.out')
      // One unmeasured floor run first, so that every row finds the input in the page cache: this machine's
      // kernel pages out what has not been touched for a minute (DAMON's pageout scheme, kdamond), and a
      // run spends longer than that on the other input. Without it the first rows of each input read
      // from the disk: the floor took 0.38 s instead of 0.10 s (median of the 00:11 UTC run, 2026-11-27).
      await measure(process.execPath, [IO_FLOOR, input.path, floorOut])
      rmSync(floorOut, { force: true })
      const floor = await measure(process.execPath, [IO_FLOOR, input.path, floorOut])
      samples.push({ input: input.name, variant: 'io floor', run, side: 'floor', ms: floor.ms, convertMs: JSON.parse(floor.stdout.trim().split('\n').at(-1)).convertMs })
      rmSync(floorOut, { force: true })
      for (const variant of variantsFor(input)) {
        const label = variantLabel(variant)
        const key = { input: input.name, variant: label, format: variant.format, run }
        const native = async () => {
          const out = join(work, 'qemu-img.out')
          const zstd = variant.compress === 'zstd' ? ['-o', 'compression_type=zstd'] : []
          const result = await measure('qemu-img', ['convert', '-f', 'raw', ...QEMU_ARGS[variant.format], ...zstd, input.path, out])
          samples.push({ ...key, side: 'native', ms: result.ms, cpuMs: result.cpuMs, maxRssBytes: result.maxRssBytes, ...sizes(out) })
          rmSync(out, { force: true })
        }
        const ours = async () => {
          const out = join(work, 'ours.out')
          const options = { ...(variant.compress ? { compress: variant.compress } : {}), ...(variant.seed ? { seed: variant.seed } : {}) }
          const args = [CONVERT_ONE, input.path, variant.format, out, variant.mode, JSON.stringify(options)]
          const result = await measure(process.execPath, args)
          const { convertMs } = JSON.parse(result.stdout.trim().split('\n').at(-1))
          samples.push({ ...key, side: 'ours', ms: result.ms, convertMs, cpuMs: result.cpuMs, maxRssBytes: result.maxRssBytes, ...sizes(out) })
          rmSync(out, { force: true })
        }
        log(`convert run ${run + 1}/${runs}: ${input.name}: ${label}`)
        await inAlternatingOrder(run, native, ours)
        onSample(samples)
      }
    }
  }
  for (const input of inputs) rmSync(input.path, { force: true })
  return { inputs: described, samples }
}

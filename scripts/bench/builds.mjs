// One build of each side: ours through the CLI (a child process, as a user runs it) and the native
// pipeline through native.sh. Each returns samples of the same shape, so the report compares like with like.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { measure, phaseDurations } from './measure.mjs'

const CLI = fileURLToPath(new URL('../../packages/cli/bin/make-disk-image.js', import.meta.url))
const NATIVE = fileURLToPath(new URL('./native.sh', import.meta.url))

/** The reference's file names per format. */
const EXTENSION = { raw: 'img', qcow2: 'qcow2', 'qcow2-compressed': 'qcow2', vdi: 'vdi', vpc: 'vhd' }
const QEMU_FORMAT = { raw: 'raw', qcow2: 'qcow2', 'qcow2-compressed': 'qcow2', vdi: 'vdi', vpc: 'vpc' }

/** Apparent and allocated size of an output, and (when asked) the virtual disk size qemu-img reads from it. */
function outputSizes(path, format, withVirtual) {
  const stat = statSync(path)
  const sizes = { apparentBytes: stat.size, allocatedBytes: stat.blocks * 512 }
  if (withVirtual) {
    const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', '-f', QEMU_FORMAT[format], path], { encoding: 'utf8' }))
    sizes.virtualBytes = info['virtual-size']
  }
  return sizes
}

/**
 * Builds one image with our CLI (`make-disk-image --config`), the reference's defaults otherwise
 * (bootSize 256M, additionalSpace 512M, deterministic) and no bootloader step, as native.sh.
 */
export async function buildOurs({ tree, layout, format, work, firstRun }) {
  const out = join(work, `ours-${layout}-${format}`)
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const config = join(work, `ours-${layout}-${format}.json`)
  writeFileSync(config, JSON.stringify({ root: tree, out, partitionTableType: layout, format, installBootLoader: false }))
  try {
    const result = await measure(process.execPath, [CLI, '--config', config])
    return { ...result, phases: phaseDurations(result), ...outputSizes(join(out, `nixos.${EXTENSION[format]}`), format, firstRun) }
  } finally {
    rmSync(out, { recursive: true, force: true })
    rmSync(config, { force: true })
  }
}

/** Adds a convert step's measurement to the prepare step's: they run one after the other. */
function chain(prepare, step) {
  return {
    ms: prepare.ms + step.ms,
    cpuMs: prepare.cpuMs + step.cpuMs,
    maxRssBytes: Math.max(prepare.maxRssBytes, step.maxRssBytes),
    peakGroupRssBytes: Math.max(prepare.peakGroupRssBytes, step.peakGroupRssBytes),
    phases: { ...prepare.phases, ...step.phases },
  }
}

/**
 * Builds the native images for every format of one (tree, layout): prepareImage once, then each
 * conversion from that raw image, as the reference's builder does; the raw format is the reference's
 * `mv`, done last. The time of format F is prepare + convert-to-F. Returns { format: sample }.
 */
export async function buildNative({ tree, layout, formats, work, firstRun }) {
  const dir = join(work, `native-${layout}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const raw = join(dir, 'nixos.raw')
  try {
    const measured = await measure('bash', [NATIVE, 'prepare', tree, layout, raw])
    const prepare = { ...measured, phases: phaseDurations(measured) }
    delete prepare.phases.startup // bash's start: the reference's builder runs these steps in one shell
    const samples = {}
    for (const format of [...formats.filter((f) => f !== 'raw'), ...formats.filter((f) => f === 'raw')]) {
      const out = join(dir, `nixos.${EXTENSION[format]}`)
      const step = await measure('bash', [NATIVE, 'convert', raw, format, out])
      const phases = phaseDurations(step)
      delete phases.startup
      samples[format] = { ...chain(prepare, { ...step, phases }), ...outputSizes(out, format, firstRun) }
      rmSync(out, { force: true })
    }
    return samples
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// The raw images the convert bench converts: (a) an efi image of the Debian minbase tree built by our
// CLI (format raw, no bootloader: what buildImage hands to convert), (b) a 20 GiB sparse image with
// 1 MiB pieces of data in scattered places, the first and the last sector included (a foreign raw file,
// no table nor file system: a standalone convert has to scan it).
import { execFileSync } from 'node:child_process'
import { closeSync, ftruncateSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const CLI = fileURLToPath(new URL('../../packages/cli/bin/make-disk-image.js', import.meta.url))
const GiB = 2 ** 30

/** Builds the efi raw image of `tree` in `work`; returns its path. */
export function builtImage(tree, work) {
  const out = join(work, 'convert-input-efi')
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const config = join(work, 'convert-input-efi.json')
  writeFileSync(config, JSON.stringify({ root: tree, out, partitionTableType: 'efi', format: 'raw', installBootLoader: false }))
  execFileSync(process.execPath, [CLI, '--config', config], { stdio: ['ignore', 'ignore', 'inherit'] })
  return join(out, 'nixos.img')
}

/** Writes the sparse image of `gib` GiB in `work`; returns its path. */
export function sparseImage(work, gib = 20) {
  const size = gib * GiB
  const path = join(work, `sparse-${gib}g.img`)
  const fd = openSync(path, 'w')
  try {
    ftruncateSync(fd, size)
    let seed = 1
    for (const offset of [0, size / 4 + 12345, size / 2, (size * 3) / 4 - 4096, size - 2 ** 20]) {
      // Text-like bytes with some noise: compressible, not trivially.
      const data = Buffer.alloc(2 ** 20)
      for (let i = 0; i < data.length; i++) data[i] = i % 7 === 0 ? (seed = (seed * 1103515245 + 12345) & 0xff) : 65 + (i % 26)
      writeSync(fd, data, 0, data.length, offset)
    }
  } finally {
    closeSync(fd)
  }
  return path
}

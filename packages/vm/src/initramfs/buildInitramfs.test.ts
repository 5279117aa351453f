import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { debianTree } from '../../../../test/fixtures/debian-tree.js'
import { findKernel, type KernelFiles } from '../findKernel.js'
import { wantedModules } from '../install/wantedModules.js'
import { buildInitramfs } from './buildInitramfs.js'
import { readModuleIndex } from './ModuleIndex.js'
import { readStaticBusybox } from './readStaticBusybox.js'
import { resolveModuleLoadOrder } from './resolveModuleLoadOrder.js'

// Checked against a real Debian kernel's modules (the shared debootstrap fixture) and the real
// tools: kmod's modprobe for the load order, GNU cpio for the archive.

let tree = ''
let kernel: KernelFiles
const mounts = [
  { partition: 2, mountPoint: '/', fsType: 'ext4' },
  { partition: 1, mountPoint: '/boot', fsType: 'vfat' },
]

beforeAll(async () => {
  tree = await debianTree({ kernel: true, grub: 'both' })
  kernel = await findKernel(tree)
}, 1_800_000)

/** modprobe's own load order for a module, as paths relative to the modules directory. */
function modprobeOrder(module: string): string[] {
  const out = execFileSync('modprobe', ['--show-depends', '-d', tree, '-S', kernel.version, module], { encoding: 'utf8' })
  return out
    .split('\n')
    .filter((line) => line.startsWith('insmod '))
    .map((line) => (line.split(' ')[1] ?? '').replace(/^.*\/lib\/modules\/[^/]+\//, ''))
}

describe('helper VM modules and initramfs', () => {
  it("loads what modprobe would load for virtio, ext4, vfat and efivarfs, each after its dependencies", async () => {
    const index = await readModuleIndex(kernel.modulesDir)
    const ours = resolveModuleLoadOrder(index, wantedModules(mounts, true)).map((m) => m.path)
    // Everything modprobe loads for the modules we need is loaded…
    for (const module of ['virtio_pci', 'virtio_blk', 'ext4', 'vfat', 'efivarfs']) {
      const theirs = modprobeOrder(module)
      expect(theirs.length).toBeGreaterThan(0)
      for (const path of theirs) expect(ours).toContain(path)
    }
    // …and each module after everything modprobe says it needs.
    for (const [position, path] of ours.entries()) {
      const name = (path.split('/').pop() ?? '').replace(/\.ko$/, '')
      const needs = modprobeOrder(name).filter((dependency) => dependency !== path)
      for (const dependency of needs) expect(ours.indexOf(dependency)).toBeLessThan(position)
    }
    // Nothing loaded twice.
    expect(new Set(ours).size).toBe(ours.length)
  })

  it('writes an initramfs GNU cpio unpacks into busybox, the modules in load order and /init', async () => {
    const index = await readModuleIndex(kernel.modulesDir)
    const modules = resolveModuleLoadOrder(index, wantedModules(mounts, false))
    const archive = await buildInitramfs({
      busybox: await readStaticBusybox('/bin/busybox'),
      modulesDir: kernel.modulesDir,
      modules,
      command: 'grub-install /dev/vda',
      plan: { nonce: 'n', mounts: [], efivars: false, grubDevices: [], env: {} },
    })
    const dir = mkdtempSync(join(tmpdir(), 'initramfs-'))
    try {
      writeFileSync(join(dir, 'archive.cpio'), archive)
      execFileSync('mkdir', [join(dir, 'out')])
      execFileSync('sh', ['-c', 'cpio -idm --quiet --no-absolute-filenames < ../archive.cpio'], { cwd: join(dir, 'out') })
      const out = join(dir, 'out')
      expect(readFileSync(join(out, 'bin/busybox')).equals(readFileSync('/bin/busybox'))).toBe(true)
      expect(statSync(join(out, 'init')).mode & 0o111).toBe(0o111)
      expect(readFileSync(join(out, 'diskimage/command'), 'utf8')).toBe('grub-install /dev/vda')
      const packed = readdirSync(join(out, 'lib/modules')).sort()
      expect(packed.map((name) => name.slice(4))).toEqual(modules.map((m) => m.path.split('/').pop()))
      for (const [i, name] of packed.entries()) {
        const source = readFileSync(join(kernel.modulesDir, modules[i]?.path ?? ''))
        expect(readFileSync(join(out, 'lib/modules', name)).equals(source)).toBe(true)
      }
      // Same inputs, same bytes.
      const again = await buildInitramfs({
        busybox: await readStaticBusybox('/bin/busybox'),
        modulesDir: kernel.modulesDir,
        modules,
        command: 'grub-install /dev/vda',
        plan: { nonce: 'n', mounts: [], efivars: false, grubDevices: [], env: {} },
      })
      expect(again.equals(archive)).toBe(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

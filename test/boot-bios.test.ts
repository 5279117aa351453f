import { join } from 'node:path'
import { bootAndWaitForMarker, findKernel, installBootloader } from '@diskimage/vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listDir, makeScratch, removeScratch, vmBudgetMs } from './fixtures/boot-scratch.js'
import { BOOT_MARKER, debianTree } from './fixtures/debian-tree.js'
import { type FixtureLayout, filesystemUuid, makeNativeImage } from './fixtures/native-image.js'
import { run } from './fixtures/run.js'

// Proof that BIOS images boot: GRUB installed by installBootloader inside the helper VM (the
// reference's bootloader step), then the finished image booted by SeaBIOS until the Debian system
// on it prints the marker. One image per layout; the qcow2/vpc checks reuse the legacy one.

let tree = ''
let scratch = ''
let budget = 0
const finished: Partial<Record<FixtureLayout, { path: string; uuid: string }>> = {}

beforeAll(async () => {
  tree = await debianTree({ kernel: true, grub: 'both' })
  scratch = await makeScratch('boot-bios')
  budget = await vmBudgetMs()
}, 1_800_000)

afterAll(() => removeScratch(scratch))

async function installGrubPc(layout: 'legacy' | 'legacy+gpt'): Promise<{ path: string; uuid: string }> {
  const image = await makeNativeImage({ layout, tree, output: join(scratch, `${layout}.raw`) })
  const kernel = await findKernel(tree)
  const vmTemp = join(scratch, `vm-tmp-${layout}`)
  await run('mkdir', ['-p', vmTemp])
  const result = await installBootloader(image.path, {
    command: 'grub-install --target=i386-pc /dev/vda && update-grub',
    kernel: kernel.kernel,
    modulesDir: kernel.modulesDir,
    mounts: image.mounts,
    timeoutMs: budget,
    tmpDir: vmTemp,
  })
  // grub-install and update-grub really ran in the guest (their own output, on the serial console).
  expect(result.serialLog).toContain('Installation finished. No error reported.')
  expect(result.serialLog).toMatch(/Found linux image: \/boot\/vmlinuz-/)
  expect(await listDir(vmTemp)).toEqual([])
  // The root filesystem the VM wrote to is clean for the native checker.
  await run('e2fsck', ['-fn', `${image.path}?offset=${image.root.startBytes}`])
  const done = { path: image.path, uuid: await filesystemUuid(image.path, image.root) }
  finished[layout] = done
  return done
}

describe('BIOS boot (SeaBIOS) after installBootloader runs grub-install in the VM', () => {
  for (const layout of ['legacy', 'legacy+gpt'] as const) {
    it(`${layout}: the installed GRUB boots the image's kernel and root`, async () => {
      const image = await installGrubPc(layout)
      const boot = await bootAndWaitForMarker(image.path, { firmware: 'bios', marker: BOOT_MARKER, timeoutMs: budget })
      // update-grub found the root through the VM's /dev/disk/by-uuid links and wrote its UUID,
      // and the kernel got it from GRUB's menu on the image.
      expect(boot.serialLog).toContain(`${BOOT_MARKER} root=UUID=${image.uuid}`)
    }, 3_600_000)
  }

  for (const format of ['qcow2', 'vpc'] as const) {
    it(`the legacy image converted to ${format} boots too (QEMU reads it directly)`, async () => {
      const raw = (finished.legacy ?? (await installGrubPc('legacy'))).path
      const converted = join(scratch, `legacy.${format}`)
      await run('qemu-img', ['convert', '-f', 'raw', '-O', format, raw, converted])
      await run('qemu-img', ['compare', '-f', 'raw', '-F', format, raw, converted])
      const boot = await bootAndWaitForMarker(converted, { firmware: 'bios', format, marker: BOOT_MARKER, timeoutMs: budget })
      expect(boot.serialLog).toContain(BOOT_MARKER)
    }, 3_600_000)
  }
})

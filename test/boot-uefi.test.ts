import { copyFile, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { bootAndWaitForMarker, findKernel, findOvmf, installBootloader } from '@diskimage/vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listDir, makeScratch, removeScratch, vmBudgetMs } from './fixtures/boot-scratch.js'
import { BOOT_MARKER, MARKER_CMDLINE, debianTree } from './fixtures/debian-tree.js'
import { checkFat, filesystemUuid, makeNativeImage, writeFatFiles } from './fixtures/native-image.js'
import { run } from './fixtures/run.js'

// Proof that UEFI images boot with OVMF: once with GRUB-EFI installed by installBootloader in a VM
// booted with OVMF (touchEFIVars: the variable store attached writable), once with an ESP filled on
// the host alone (systemd-boot as BOOTX64.EFI + loader entries), no VM involved.

let tree = ''
let scratch = ''
let budget = 0

beforeAll(async () => {
  tree = await debianTree({ kernel: true, grub: 'both' })
  scratch = await makeScratch('boot-uefi')
  budget = await vmBudgetMs()
}, 1_800_000)

afterAll(() => removeScratch(scratch))

/** A variable under a vendor GUID of our own: the guest writes it through efivarfs. */
const PROOF_VARIABLE = 'DiskimageProof-5d3c4a1e-7f0b-4c2e-9a57-3e1f6b2d8c90'
const PROOF_DATA = 'written-through-efivarfs'

describe('UEFI boot (OVMF)', () => {
  it('efi: GRUB-EFI installed in the VM (efivarfs writable into the image variable store) boots', async () => {
    const image = await makeNativeImage({ layout: 'efi', tree, output: join(scratch, 'efi.raw') })
    const kernel = await findKernel(tree)
    const variables = join(scratch, 'efi-vars.fd')
    await copyFile((await findOvmf()).variables, variables)
    const template = await readFile(variables)
    const vmTemp = join(scratch, 'vm-tmp')
    await run('mkdir', ['-p', vmTemp])

    const result = await installBootloader(image.path, {
      command: [
        'grub-install --target=x86_64-efi --efi-directory=/boot --removable --no-nvram',
        'update-grub',
        // 07 00 00 00: non-volatile + boot service + runtime access, then the data.
        `printf '\\007\\000\\000\\000${PROOF_DATA}' > /sys/firmware/efi/efivars/${PROOF_VARIABLE}`,
      ].join(' && '),
      kernel: kernel.kernel,
      modulesDir: kernel.modulesDir,
      mounts: image.mounts,
      efi: { variables },
      timeoutMs: budget,
      tmpDir: vmTemp,
    })
    expect(result.serialLog).toContain('Installation finished. No error reported.')
    expect(await listDir(vmTemp)).toEqual([])
    // The removable-media loader is on the ESP, as mtools reads it.
    const efiBoot = await run('mdir', ['-b', '-i', `${image.path}@@${image.esp?.startBytes}`, '::/EFI/BOOT'], { env: { MTOOLS_SKIP_CHECK: '1' } })
    expect(efiBoot).toMatch(/BOOTX64\.EFI/i)
    if (image.esp) await checkFat(image.path, image.esp)
    await run('e2fsck', ['-fn', `${image.path}?offset=${image.root.startBytes}`])
    // The firmware stored the variable in the image's store file: its UTF-16 name and data are there.
    const store = await readFile(variables)
    expect(store.equals(template)).toBe(false)
    expect(store.includes(Buffer.from(PROOF_VARIABLE.split('-')[0] ?? '', 'utf16le'))).toBe(true)
    expect(store.includes(Buffer.from(PROOF_DATA))).toBe(true)

    const boot = await bootAndWaitForMarker(image.path, { firmware: 'uefi', efiVariables: variables, marker: BOOT_MARKER, timeoutMs: budget })
    expect(boot.serialLog).toContain(`${BOOT_MARKER} root=UUID=${await filesystemUuid(image.path, image.root)}`)
  }, 3_600_000)

  it('efi without any VM: systemd-boot and loader entries written to the ESP on the host boot', async () => {
    const image = await makeNativeImage({ layout: 'efi', tree, output: join(scratch, 'efi-novm.raw') })
    const esp = image.esp
    if (!esp) throw new Error('the efi layout has an ESP')
    const version = (await findKernel(tree)).version
    const uuid = await filesystemUuid(image.path, image.root)
    expect(await readdir(join(tree, 'boot'))).toContain(`initrd.img-${version}`)
    await writeFatFiles(image.path, esp, {
      'EFI/BOOT/BOOTX64.EFI': await readFile(join(tree, 'usr/lib/systemd/boot/efi/systemd-bootx64.efi')),
      'loader/loader.conf': 'default debian.conf\ntimeout 0\n',
      'loader/entries/debian.conf': [
        'title Debian (diskimage fixture)',
        `linux /vmlinuz-${version}`,
        `initrd /initrd.img-${version}`,
        `options root=UUID=${uuid} ro ${MARKER_CMDLINE}`,
        '',
      ].join('\n'),
    })
    const boot = await bootAndWaitForMarker(image.path, { firmware: 'uefi', marker: BOOT_MARKER, timeoutMs: budget })
    expect(boot.serialLog).toContain(`${BOOT_MARKER} root=UUID=${uuid}`)
  }, 3_600_000)
})

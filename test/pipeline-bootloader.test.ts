import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeSync, copyFileSync, existsSync, fstatSync, mkdirSync, openSync, readSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildImage, DEFAULT_ROOT_GPUID } from '@diskimage/core'
import { bootAndWaitForMarker, findKernel } from '@diskimage/vm'
import { makeScratch, removeScratch, vmBudgetMs } from './fixtures/boot-scratch.js'
import { BOOT_MARKER, MARKER_CMDLINE, debianTree } from './fixtures/debian-tree.js'
import { nativeFsck } from './helpers/readBackExt4.js'

// buildImage end to end with the bootloader step: the pipeline writes the image without a VM, runs
// the image's own GRUB installer in the helper VM (bootLoaderCommand), converts, and the result
// boots in QEMU until the Debian system on it prints the marker.

let tree = ''
let scratch = ''
let budget = 0
const ROOT_UUID = DEFAULT_ROOT_GPUID.toLowerCase() // rootFSUID defaults to rootGPUID

beforeAll(async () => {
  tree = await debianTree({ kernel: true, grub: 'both' })
  scratch = await makeScratch('pipeline-boot')
  budget = await vmBudgetMs()
}, 1_800_000)

afterAll(() => removeScratch(scratch))

function lastBytes(file: string, n: number): Buffer {
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.alloc(n)
    readSync(fd, buf, 0, n, fstatSync(fd).size - n)
    return buf
  } finally {
    closeSync(fd)
  }
}

describe('buildImage with the bootloader step, then a real boot', () => {
  it('legacy+gpt, qcow2: GRUB for BIOS installed in the VM boots with SeaBIOS', async () => {
    const out = join(scratch, 'bios')
    const result = await buildImage({
      root: tree,
      out,
      partitionTableType: 'legacy+gpt',
      format: 'qcow2',
      additionalSpace: '128M',
      bootLoaderCommand: 'grub-install --target=i386-pc /dev/vda && update-grub',
      bootLoaderTimeout: budget / 1000,
    })
    expect(result.imagePath).toBe(join(out, 'nixos.qcow2'))
    expect(readdirSync(out).sort()).toEqual(['nix-support', 'nixos.qcow2'])
    const boot = await bootAndWaitForMarker(result.imagePath, { firmware: 'bios', format: 'qcow2', marker: BOOT_MARKER, timeoutMs: budget })
    expect(boot.serialLog).toContain(`${BOOT_MARKER} root=UUID=${ROOT_UUID}`)
  }, 3_600_000)

  it('legacy (msdos), raw: GRUB for BIOS installed in the VM boots with SeaBIOS', async () => {
    const result = await buildImage({
      root: tree,
      out: join(scratch, 'legacy'),
      partitionTableType: 'legacy',
      additionalSpace: '128M',
      bootLoaderCommand: 'grub-install --target=i386-pc /dev/vda && update-grub',
      bootLoaderTimeout: budget / 1000,
    })
    const boot = await bootAndWaitForMarker(result.imagePath, { firmware: 'bios', marker: BOOT_MARKER, timeoutMs: budget })
    expect(boot.serialLog).toContain(`${BOOT_MARKER} root=UUID=${ROOT_UUID}`)
  }, 3_600_000)

  it('hybrid: GRUB for BIOS (bios_grub partition, /boot on the ESP) installed in the VM boots with SeaBIOS', async () => {
    // hybrid mounts the ESP at /boot like efi, so the kernel and initrd go onto it through espContents.
    const { version } = await findKernel(tree)
    const espFiles = join(scratch, 'hybrid-esp')
    mkdirSync(espFiles, { recursive: true })
    for (const f of [`vmlinuz-${version}`, `initrd.img-${version}`, `config-${version}`]) copyFileSync(join(tree, 'boot', f), join(espFiles, f))
    const result = await buildImage({
      root: tree,
      out: join(scratch, 'hybrid'),
      partitionTableType: 'hybrid',
      additionalSpace: '128M',
      espContents: espFiles,
      bootLoaderCommand: 'grub-install --target=i386-pc /dev/vda && update-grub',
      bootLoaderTimeout: budget / 1000,
    })
    const boot = await bootAndWaitForMarker(result.imagePath, { firmware: 'bios', marker: BOOT_MARKER, timeoutMs: budget })
    expect(boot.serialLog).toContain(`${BOOT_MARKER} root=UUID=${ROOT_UUID}`)
  }, 3_600_000)

  it('efi with touchEFIVars: GRUB-EFI installed in an OVMF VM boots with OVMF and the image variable store', async () => {
    // The efi layout mounts the ESP at /boot (as the reference does), hiding the tree's own /boot: the
    // kernel and initrd go onto the ESP, where update-grub finds them, as on a NixOS efi image.
    const { version } = await findKernel(tree)
    const espFiles = join(scratch, 'uefi-esp')
    mkdirSync(espFiles, { recursive: true })
    for (const f of [`vmlinuz-${version}`, `initrd.img-${version}`, `config-${version}`]) copyFileSync(join(tree, 'boot', f), join(espFiles, f))
    const out = join(scratch, 'uefi')
    const result = await buildImage({
      root: tree,
      out,
      partitionTableType: 'efi',
      additionalSpace: '128M',
      espContents: espFiles,
      touchEFIVars: true,
      bootLoaderCommand: 'grub-install --target=x86_64-efi --efi-directory=/boot --removable --no-nvram && update-grub',
      bootLoaderTimeout: budget / 1000,
    })
    expect(result.efiVarsPath).toBe(join(out, 'efi-vars.fd'))
    const root = result.layout.partitions.find((p) => p.role === 'root')!
    const fsck = nativeFsck(result.imagePath, root.firstLba * 512)
    expect(fsck.code, fsck.output).toBe(0)
    const boot = await bootAndWaitForMarker(result.imagePath, { firmware: 'uefi', efiVariables: result.efiVarsPath!, marker: BOOT_MARKER, timeoutMs: budget })
    expect(boot.serialLog).toContain(`${BOOT_MARKER} root=UUID=${ROOT_UUID}`)
  }, 3_600_000)

  it('efixbootldr: GRUB-EFI on the ESP (/efi), kernel and grub.cfg on the XBOOTLDR partition (/boot), boots with OVMF', async () => {
    // The XBOOTLDR partition is mounted over the tree's /boot in the VM, so the kernel comes in through
    // contents at another path and the installer command puts it where update-grub looks.
    const { version } = await findKernel(tree)
    const result = await buildImage({
      root: tree,
      out: join(scratch, 'xbootldr'),
      partitionTableType: 'efixbootldr',
      additionalSpace: '128M',
      contents: [{ source: join(tree, 'boot'), target: '/opt/kernel' }],
      bootLoaderCommand: [
        `cp /opt/kernel/vmlinuz-${version} /opt/kernel/initrd.img-${version} /opt/kernel/config-${version} /boot/`,
        'grub-install --target=x86_64-efi --efi-directory=/efi --boot-directory=/boot --removable --no-nvram',
        'update-grub',
      ].join(' && '),
      bootLoaderTimeout: budget / 1000,
    })
    const boot = await bootAndWaitForMarker(result.imagePath, { firmware: 'uefi', marker: BOOT_MARKER, timeoutMs: budget })
    expect(boot.serialLog).toContain(`${BOOT_MARKER} root=UUID=${ROOT_UUID}`)
  }, 3_600_000)

  it('efi without any VM: systemd-boot, kernel and loader entry in espContents boot with OVMF', async () => {
    const { version } = await findKernel(tree)
    const esp = join(scratch, 'esp')
    mkdirSync(join(esp, 'EFI/BOOT'), { recursive: true })
    mkdirSync(join(esp, 'loader/entries'), { recursive: true })
    copyFileSync(join(tree, 'usr/lib/systemd/boot/efi/systemd-bootx64.efi'), join(esp, 'EFI/BOOT/BOOTX64.EFI'))
    copyFileSync(join(tree, `boot/vmlinuz-${version}`), join(esp, `vmlinuz-${version}`))
    copyFileSync(join(tree, `boot/initrd.img-${version}`), join(esp, `initrd.img-${version}`))
    writeFileSync(join(esp, 'loader/loader.conf'), 'default debian.conf\ntimeout 0\n')
    // The root's UUID is known before the build: rootFSUID (deterministic), so the entry can name it.
    writeFileSync(
      join(esp, 'loader/entries/debian.conf'),
      `title Debian\nlinux /vmlinuz-${version}\ninitrd /initrd.img-${version}\noptions root=UUID=${ROOT_UUID} ro ${MARKER_CMDLINE}\n`,
    )
    const out = join(scratch, 'novm')
    const result = await buildImage({ root: tree, out, partitionTableType: 'efi', additionalSpace: '128M', installBootLoader: false, espContents: esp, format: 'vpc' })
    expect(lastBytes(result.imagePath, 512).subarray(0, 8).toString('latin1')).toBe('conectix') // a VHD footer
    const boot = await bootAndWaitForMarker(result.imagePath, { firmware: 'uefi', format: 'vpc', marker: BOOT_MARKER, timeoutMs: budget })
    expect(boot.serialLog).toContain(`${BOOT_MARKER} root=UUID=${ROOT_UUID}`)
  }, 3_600_000)

  it('a failing installer: typed error quoting the guest log, and nothing left in out', async () => {
    const out = join(scratch, 'failing')
    const attempt = buildImage({
      root: tree,
      out,
      partitionTableType: 'legacy',
      additionalSpace: '64M',
      bootLoaderCommand: 'echo installer-is-broken >&2; exit 3',
      bootLoaderTimeout: budget / 1000,
    })
    await expect(attempt).rejects.toMatchObject({ code: 'E_GUEST_COMMAND_FAILED' })
    await expect(attempt).rejects.toThrow(/installer-is-broken/)
    expect(existsSync(out), 'a failed build removes the out directory it created').toBe(false)
  }, 3_600_000)
})

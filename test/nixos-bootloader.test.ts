import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { buildImage, NixosSystemIncompleteError, InvalidOptionsError } from '@diskimage/core'
import { findKernel, GuestCommandFailedError } from '@diskimage/vm'
import { makeScratch, removeScratch, vmBudgetMs } from './fixtures/boot-scratch.js'
import { debianTree } from './fixtures/debian-tree.js'
import { nativeFsck, rdump } from './helpers/readBackExt4.js'
import { closureInfoRegistration, exportStream, nix } from './helpers/nixStore.js'

// The reference's default for a NixOS image: its VM runs `NIXOS_INSTALL_BOOTLOADER=1 nixos-enter --root
// /mnt -- /nix/var/nix/profiles/system/bin/switch-to-configuration boot`. Debian has no NixOS closure to
// boot, so this system is put together from Debian's parts, registered with Debian's nix-store: its
// kernel and modules (those the helper VM loads), a static busybox as the store's shell, an `activate`
// that does what NixOS's activation does for this step (/bin/sh, /run/current-system, /etc), and a
// `switch-to-configuration` that records how it was run instead of installing GRUB. What the test proves
// is the plumbing, read back from the image with debugfs: the VM booted the kernel found through
// toplevel/kernel, activation ran first (IN_NIXOS_ENTER=1), then the command with the reference's
// arguments and environment, and what went to /run stayed out of the image.

let scratch = ''
let store = ''
let closureInfo = ''
let budget = 0
const hash = (c: string) => `${c}y5q3mabcdfghijklmnpqrsvwxyz0123`
const busybox = `/nix/store/${hash('1')}-busybox-static-1.35.0`
let linux = ''
const toplevel = `/nix/store/${hash('3')}-nixos-system-synthetic-24.05`
const failing = `/nix/store/${hash('4')}-nixos-system-failing-24.05`

/** The modules the helper VM loads for an ext4 root (wantedModules), copied out of Debian's tree. */
const MODULES = ['drivers/block', 'drivers/virtio', 'fs/ext4', 'fs/jbd2', 'fs/mbcache.ko', 'lib/crc16.ko', 'crypto/crc32c_generic.ko', 'arch/x86/crypto/crc32c-intel.ko']

function addPath(src: string, path: string, references: string[]): void {
  nix(['nix-store', '--store', store, '--import'], exportStream(src, path, references))
}

/** A toplevel whose switch-to-configuration runs `body` (busybox sh) after checking it was called as the reference calls it. */
function makeToplevel(src: string, path: string, body: string): void {
  const sh = `#!${busybox}/bin/sh`
  mkdirSync(join(src, 'bin'), { recursive: true })
  symlinkSync(`${linux}/bzImage`, join(src, 'kernel'))
  symlinkSync(linux, join(src, 'kernel-modules'))
  writeFileSync(join(src, 'activate'), [
    sh,
    'set -e',
    `PATH=${busybox}/bin`,
    'mkdir -p /bin /etc',
    `ln -sfn ${busybox}/bin/sh /bin/sh`,
    `ln -sfn ${path} /run/current-system`,
    'echo "activated IN_NIXOS_ENTER=$IN_NIXOS_ENTER" > /etc/synthetic-activated',
    '',
  ].join('\n'), { mode: 0o755 })
  writeFileSync(join(src, 'bin/switch-to-configuration'), [
    sh,
    `PATH=${busybox}/bin`,
    '[ "$1" = boot ] || { echo "switch-to-configuration: want boot, got $*" >&2; exit 64; }',
    body,
    '',
  ].join('\n'), { mode: 0o755 })
  addPath(src, path, [busybox, linux, path])
}

beforeAll(async () => {
  const tree = await debianTree({ kernel: true, grub: 'both' }) // the boot tests' tree: one cached fixture
  const { kernel, modulesDir, version } = await findKernel(tree)
  scratch = await makeScratch('nixos-boot')
  budget = await vmBudgetMs()
  store = join(scratch, 'store')
  const src = join(scratch, 'src')

  mkdirSync(join(src, 'busybox/bin'), { recursive: true })
  copyFileSync('/bin/busybox', join(src, 'busybox/bin/busybox'))
  symlinkSync('busybox', join(src, 'busybox/bin/sh'))
  addPath(join(src, 'busybox'), busybox, [])

  linux = `/nix/store/${hash('2')}-linux-${version}`
  const modules = join(src, 'linux/lib/modules', version)
  mkdirSync(modules, { recursive: true })
  copyFileSync(kernel, join(src, 'linux/bzImage'))
  for (const f of readdirSync(modulesDir)) if (f.startsWith('modules.')) copyFileSync(join(modulesDir, f), join(modules, f))
  for (const m of MODULES) {
    mkdirSync(dirname(join(modules, 'kernel', m)), { recursive: true })
    cpSync(join(modulesDir, 'kernel', m), join(modules, 'kernel', m), { recursive: true })
  }
  addPath(join(src, 'linux'), linux, [])

  makeToplevel(join(src, 'toplevel'), toplevel, [
    '[ "$NIXOS_INSTALL_BOOTLOADER" = 1 ] || { echo "NIXOS_INSTALL_BOOTLOADER is not 1" >&2; exit 65; }',
    'mkdir -p /boot',
    'echo probe > "$HOME/home-probe"',
    '{',
    '  echo "action=$1"',
    '  echo "current-system=$(readlink /run/current-system)"',
    '  echo "home=$HOME"',
    '  [ -b /dev/vda ] && echo "disk=/dev/vda"',
    '  [ -r /proc/mounts ] && echo "proc=mounted"',
    '  echo "sda=$(readlink /dev/sda) by-path=$(readlink /dev/disk/by-path/pci-0000:00:04.0)"',
    '} > /boot/synthetic-bootloader',
  ].join('\n'))
  makeToplevel(join(src, 'failing'), failing, 'echo "no boot loader for you" >&2; exit 7')

  closureInfo = join(scratch, 'closure-info')
  mkdirSync(closureInfo)
  const closure = nix(['nix-store', '--store', store, '--query', '--requisites', toplevel, failing]).trim().split('\n').sort()
  writeFileSync(join(closureInfo, 'store-paths'), closure.join('\n') + '\n')
  writeFileSync(join(closureInfo, 'registration'), closureInfoRegistration(nix(['nix-store', '--store', store, '--dump-db', ...closure])))
}, 1_800_000)

afterAll(() => removeScratch(scratch))

const nixosOptions = (top: string) => ({ toplevel: top, closureInfo, channel: null, hostStore: join(store, 'nix/store') })

describe('a NixOS image installs its boot loader as the reference does (switch-to-configuration boot in the VM)', () => {
  it('by default: the system\'s kernel boots, activation runs, then NIXOS_INSTALL_BOOTLOADER=1 …/switch-to-configuration boot', async () => {
    const result = await buildImage({
      out: join(scratch, 'ok'),
      partitionTableType: 'legacy',
      additionalSpace: '16M',
      copyChannel: false,
      nixos: nixosOptions(toplevel),
      // As the reference links config.boot.loader.grub.devices: a system configured for another disk finds the image.
      grubDevices: ['/dev/sda', '/dev/disk/by-path/pci-0000:00:04.0', '/dev/vda'],
      bootLoaderTimeout: budget / 1000,
    } as Parameters<typeof buildImage>[0])
    const offset = result.layout.partitions.find((p) => p.role === 'root')!.firstLba * 512
    expect(nativeFsck(result.imagePath, offset).code).toBe(0)
    const back = rdump(result.imagePath, offset)
    expect(readFileSync(join(back, 'boot/synthetic-bootloader'), 'utf8')).toBe(
      ['action=boot', `current-system=${toplevel}`, 'home=/run', 'disk=/dev/vda', 'proc=mounted', 'sda=/dev/vda by-path=/dev/vda', ''].join('\n'),
    )
    expect(readFileSync(join(back, 'etc/synthetic-activated'), 'utf8')).toBe('activated IN_NIXOS_ENTER=1\n')
    expect(readlinkSync(join(back, 'bin/sh'))).toBe(`${busybox}/bin/sh`) // what activation makes stays, as in the reference
    // /run was the VM's tmpfs: current-system and the HOME probe are not in the image.
    expect(existsSync(join(back, 'run')) ? readdirSync(join(back, 'run')) : []).toEqual([])
    expect(readlinkSync(join(back, 'nix/var/nix/profiles/system-1-link'))).toBe(toplevel)
  }, 3_600_000)

  it('a failing switch-to-configuration fails the build with its output, and out is left as it was', async () => {
    const out = join(scratch, 'failing')
    const error = await buildImage({
      out,
      partitionTableType: 'legacy',
      additionalSpace: '16M',
      copyChannel: false,
      nixos: nixosOptions(failing),
      bootLoaderTimeout: budget / 1000,
    } as Parameters<typeof buildImage>[0]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GuestCommandFailedError)
    expect((error as GuestCommandFailedError).message).toContain('no boot loader for you')
    expect((error as GuestCommandFailedError).data).toMatchObject({ exitStatus: 7 })
    expect(existsSync(out)).toBe(false)
  }, 3_600_000)

  it('a toplevel whose kernel link leads nowhere in the host store is refused before anything is written', async () => {
    const dangling = `/nix/store/${hash('6')}-nixos-system-dangling-24.05`
    const src = join(scratch, 'src/dangling')
    mkdirSync(join(src, 'bin'), { recursive: true })
    writeFileSync(join(src, 'bin/switch-to-configuration'), '#!/bin/sh\n', { mode: 0o755 })
    symlinkSync(`/nix/store/${hash('7')}-linux-0.0/bzImage`, join(src, 'kernel'))
    symlinkSync(linux, join(src, 'kernel-modules'))
    addPath(src, dangling, [linux])
    const out = join(scratch, 'dangling')
    const error = await buildImage({ out, partitionTableType: 'legacy', copyChannel: false, nixos: nixosOptions(dangling) } as Parameters<typeof buildImage>[0]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NixosSystemIncompleteError)
    expect((error as NixosSystemIncompleteError).data.missing).toEqual([`kernel (${join(store, 'nix/store', `${hash('7')}-linux-0.0/bzImage`)})`])
    expect(existsSync(out)).toBe(false)
  })

  it('a toplevel without switch-to-configuration is refused before anything is written', async () => {
    const bare = `/nix/store/${hash('5')}-nixos-system-bare-24.05`
    const src = join(scratch, 'src/bare')
    mkdirSync(src, { recursive: true })
    writeFileSync(join(src, 'activate'), '#!/bin/sh\n')
    addPath(src, bare, [])
    const out = join(scratch, 'bare')
    const error = await buildImage({ out, partitionTableType: 'legacy', copyChannel: false, nixos: { ...nixosOptions(bare) } } as Parameters<typeof buildImage>[0]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidOptionsError)
    const issue = (error as InvalidOptionsError).data.issues.find((i) => i instanceof NixosSystemIncompleteError) as NixosSystemIncompleteError
    expect(issue.data.missing).toEqual(['kernel', 'kernel-modules', 'bin/switch-to-configuration'])
    expect(existsSync(out)).toBe(false)
  })
})

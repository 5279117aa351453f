#!/usr/bin/env node
// The tests are judged by the real tools (parted, sgdisk, e2fsck, fsck.fat, qemu-img, QEMU…).
// They are never skipped: before `npm test` runs, this script makes sure every oracle is
// installed. As root on Debian it installs what is missing with apt-get; otherwise it stops
// at once with one message naming the packages to install.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** command (or file) → Debian package that provides it */
const TOOLS = [
  ['parted', 'parted'],
  ['sgdisk', 'gdisk'],
  ['sfdisk', 'fdisk'],
  ['partx', 'util-linux'],
  ['e2fsck', 'e2fsprogs'],
  ['debugfs', 'e2fsprogs'],
  ['fsck.fat', 'dosfstools'],
  ['mcopy', 'mtools'],
  ['qemu-img', 'qemu-utils'],
  ['qemu-system-x86_64', 'qemu-system-x86'],
  ['/usr/share/OVMF/OVMF_CODE.fd', 'ovmf'],
  ['/usr/share/seabios/bios.bin', 'seabios'],
  ['debootstrap', 'debootstrap'],
  ['busybox', 'busybox-static'],
  ['cpio', 'cpio'],
  ['setfattr', 'attr'],
  ['getfattr', 'attr'], // builds read the tree's xattrs with it (docs/xattrs.md)
  ['setfacl', 'acl'],
  ['setcap', 'libcap2-bin'],
  ['du', 'coreutils'],
  ['rsync', 'rsync'],
  ['blkid', 'util-linux'],
  ['numfmt', 'coreutils'],
  ['/usr/bin/time', 'time'],
  ['modprobe', 'kmod'],
  ['file', 'file'],
  ['systemd-repart', 'systemd'],
  ['nix-store', 'nix-bin'],
  ['sqlite3', 'sqlite3'],
  ['xxhsum', 'xxhash'], // the content key of deterministic vdi/vpc/vmdk headers is XXH3-128
]

const has = (tool) =>
  tool.startsWith('/') ? existsSync(tool) : spawnSync('sh', ['-c', `command -v ${tool}`], { env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` } }).status === 0

const missing = [...new Set(TOOLS.filter(([t]) => !has(t)).map(([, p]) => p))]
if (missing.length === 0) process.exit(0)

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
if (isRoot && has('apt-get')) {
  console.error(`installing the test oracles: ${missing.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env })
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env })
  process.exit(0)
}
console.error(
  `The tests need these Debian packages, which are missing: ${missing.join(' ')}\n` +
    `Install them with: sudo apt-get install -y ${missing.join(' ')}`,
)
process.exit(1)

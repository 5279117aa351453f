import { COMMAND_PATH, type GuestPlan, statusPrefix } from './GuestPlan.js'
import { FS_UUID_APPLETS, FS_UUID_FUNCTIONS } from './fsUuidShell.js'
import { shellQuote as q } from './shellQuote.js'

/** busybox applets /init calls; the initramfs gets a symlink for each (no `--install`, which needs /proc). */
export const INIT_APPLETS = [
  'cat', 'chroot', 'dirname', 'dmesg', 'echo', 'env', 'insmod', 'kill', 'ln', 'mkdir', 'mount', 'poweroff',
  'readlink', 'sh', 'sleep', 'sync', 'test', 'umount', '[', ...FS_UUID_APPLETS,
] as const

/** How long /init waits for a partition's device node to appear after virtio_blk probes the disk. */
const DEVICE_WAIT_TENTHS = 300

function mountSteps(plan: GuestPlan): string[] {
  const steps = plan.mounts.flatMap(({ device, target, fsType }) => [
    `wait_for_block ${q(device)} || fail ${q(`find ${device}`)}`,
    `mkdir -p ${q(target)} && mount -t ${q(fsType)} ${q(device)} ${q(target)} || fail ${q(`mount ${device} on ${target}`)}`,
  ])
  if (plan.efivars) steps.push(`mount -t efivarfs efivarfs /sys/firmware/efi/efivars || fail 'mount efivarfs'`)
  return steps
}

function chrootBindSteps(plan: GuestPlan): string[] {
  const steps = ['dev', 'proc', 'sys'].map(
    (fs) => `mkdir -p /mnt/${fs} && mount -o bind /${fs} /mnt/${fs} || fail 'bind /${fs} into /mnt'`,
  )
  // A plain bind of /sys does not carry the efivarfs mounted below it: mount it again inside.
  if (plan.efivars) steps.push(`mount -t efivarfs efivarfs /mnt/sys/firmware/efi/efivars || fail 'mount efivarfs in /mnt'`)
  return steps
}

/**
 * What nixos-enter does before its command: a fresh /run (a tmpfs, so nothing the activation puts there
 * reaches the image), the system's activation script (it makes /bin/sh, /etc, /run/current-system) with
 * IN_NIXOS_ENTER=1, then systemd-tmpfiles for /tmp; both may fail without stopping it (`|| true`).
 */
function nixosEnterSteps(plan: GuestPlan): string[] {
  if (plan.nixosSystem === undefined) return []
  const system = q(plan.nixosSystem)
  const env = `env -i PATH=/bin LOCALE_ARCHIVE=${q(`${plan.nixosSystem}/sw/lib/locale/locale-archive`)}`
  return [
    `mkdir -p /mnt/run && mount -t tmpfs -o mode=0755 tmpfs /mnt/run || fail 'mount a tmpfs on /run in /mnt'`,
    `${env} IN_NIXOS_ENTER=1 chroot /mnt ${system}/activate < /dev/null > /dev/console 2>&1 || true`,
    `${env} chroot /mnt ${system}/sw/bin/systemd-tmpfiles --create --remove -E < /dev/null > /dev/console 2>&1 || true`,
  ]
}

function unmountTargets(plan: GuestPlan): string[] {
  const targets = plan.mounts.map((m) => m.target)
  if (plan.efivars) targets.push('/sys/firmware/efi/efivars')
  targets.push('/mnt/dev', '/mnt/proc', '/mnt/sys')
  if (plan.efivars) targets.push('/mnt/sys/firmware/efi/efivars')
  if (plan.nixosSystem !== undefined) targets.push('/mnt/run')
  return targets.reverse()
}

/**
 * Renders the helper VM's /init (busybox sh). It loads the modules, mounts the image's filesystems
 * at /mnt as the layout puts them, recreates what the reference's VM has (/dev/block links, GRUB
 * device links, efivarfs), for a NixOS system what nixos-enter does first (nixosEnterSteps), runs the
 * command chrooted in /mnt, unmounts everything, and only then
 * prints the status line: the host treats the image as consistent only after seeing it.
 */
export function renderInitScript(plan: GuestPlan): string {
  const env = Object.entries(plan.env).map(([key, value]) => `${key}=${q(value)}`)
  const lines = [
    '#!/bin/sh',
    '# Init of the @diskimage/vm helper VM (generated): prepare /mnt, run the command chrooted, report.',
    'export PATH=/bin',
    `report() { dmesg -n 1; echo "${statusPrefix(plan.nonce)} $*" > /dev/console; }`,
    'fail() { report "setup-failed $1"; sync; poweroff -f; sleep 60; }',
    `wait_for_block() { i=0; while [ ! -b "$1" ]; do i=$((i + 1)); [ $i -gt ${DEVICE_WAIT_TENTHS} ] && return 1; sleep 0.1; done; }`,
    'mount -t proc proc /proc || fail "mount /proc"',
    'mount -t sysfs sysfs /sys || fail "mount /sys"',
    'mount -t devtmpfs devtmpfs /dev || fail "mount /dev"',
    ...plan.modules.map(({ path, required }) =>
      required ? `insmod /${path} || fail ${q(`insmod ${path}`)}` : `insmod /${path} 2> /dev/null || true`,
    ),
    ...mountSteps(plan),
    '# What udev would make: /dev/block/MAJOR:MINOR links (systemd-boot and grub-probe look there).',
    'mkdir -p /dev/block',
    'for b in /sys/class/block/*; do read -r majmin < "$b/dev" && ln -sf "../${b##*/}" "/dev/block/$majmin"; done',
    '# …and /dev/disk/by-uuid links: without them update-grub writes root=/dev/vdaN instead of root=UUID=.',
    FS_UUID_FUNCTIONS,
    'mkdir -p /dev/disk/by-uuid',
    'for b in /sys/class/block/*; do u=$(fs_uuid "/dev/${b##*/}"); [ -n "$u" ] && ln -sf "/dev/${b##*/}" "/dev/disk/by-uuid/$u"; done',
    ...plan.grubDevices.map((device) => `mkdir -p "$(dirname ${q(device)})" && ln -sf /dev/vda ${q(device)} || fail ${q(`link ${device}`)}`),
    ...chrootBindSteps(plan),
    ...nixosEnterSteps(plan),
    `command=$(cat /${COMMAND_PATH})`,
    `env -i ${env.join(' ')} chroot /mnt /bin/sh -c "$command" < /dev/null`,
    'status=$?',
    '# Anything the command left running would keep the filesystems busy.',
    'kill -9 -1 2> /dev/null; sleep 0.2',
    'sync',
    ...unmountTargets(plan).map((target) => `umount ${q(target)} || fail ${q(`unmount ${target}`)}`),
    'sync',
    'report "exit $status"',
    'poweroff -f',
    'sleep 60',
    '',
  ]
  return lines.join('\n')
}

import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { GuestPlan } from './GuestPlan.js'
import { renderInitScript } from './renderInitScript.js'

const plan: GuestPlan = {
  nonce: '0123456789abcdef',
  modules: [
    { path: 'lib/modules/000-virtio.ko', required: true },
    { path: 'lib/modules/001-crc32c-intel.ko', required: false },
  ],
  mounts: [
    { device: '/dev/vda3', target: '/mnt', fsType: 'ext4' },
    { device: '/dev/vda1', target: '/mnt/efi', fsType: 'vfat' },
    { device: '/dev/vda2', target: '/mnt/boot', fsType: 'vfat' },
  ],
  efivars: true,
  grubDevices: ['/dev/disk/by-id/it\'s-a-disk'],
  env: { PATH: '/usr/bin:/bin', HOME: '/root', ODD: 'a "quoted" $value' },
}

/** busybox's own shell parser (the one that runs /init) checks the syntax. */
function busyboxSyntaxCheck(script: string) {
  return spawnSync('busybox', ['sh', '-n'], { input: script, encoding: 'utf8' })
}

describe('renderInitScript', () => {
  it('renders a script busybox sh parses, with or without UEFI', () => {
    for (const variant of [plan, { ...plan, efivars: false, grubDevices: [] }]) {
      const result = busyboxSyntaxCheck(renderInitScript(variant))
      expect(result.stderr).toBe('')
      expect(result.status).toBe(0)
    }
  })

  it('with a NixOS system: /run a tmpfs, activate and systemd-tmpfiles (failures ignored) before the command, /run unmounted after', () => {
    const script = renderInitScript({ ...plan, nixosSystem: '/nix/var/nix/profiles/system' })
    expect(busyboxSyntaxCheck(script).status).toBe(0)
    const lines = script.split('\n')
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle))
    const activate = lines[at('/activate')]!
    expect(activate).toContain("IN_NIXOS_ENTER=1 chroot /mnt '/nix/var/nix/profiles/system'/activate")
    expect(activate).toMatch(/\|\| true$/)
    expect(lines[at('systemd-tmpfiles')]).toMatch(/\|\| true$/)
    expect(at('mount -t tmpfs -o mode=0755 tmpfs /mnt/run')).toBeGreaterThan(at("mount -o bind /proc /mnt/proc"))
    expect(at('mount -t tmpfs -o mode=0755 tmpfs /mnt/run')).toBeLessThan(at('/activate'))
    expect(at('systemd-tmpfiles')).toBeGreaterThan(at('/activate'))
    expect(at('chroot /mnt /bin/sh -c')).toBeGreaterThan(at('systemd-tmpfiles'))
    expect(at("umount '/mnt/run'")).toBeGreaterThan(at('chroot /mnt /bin/sh -c'))
    expect(at("umount '/mnt/run'")).toBeLessThan(at("umount '/mnt' "))
    expect(renderInitScript(plan)).not.toContain('/activate')
  })

  it('quotes values so busybox sees them literally', () => {
    // Run only the env assignment line through busybox sh and print what it assigned.
    const line = renderInitScript(plan).split('\n').find((l) => l.startsWith('env -i '))
    expect(line).toBeDefined()
    const assignments = (line ?? '').replace(/^env -i /, '').replace(/ chroot .*$/, '')
    const result = spawnSync('busybox', ['sh', '-c', `env -i ${assignments} busybox env`], { encoding: 'utf8' })
    expect(result.stdout.split('\n').sort().filter(Boolean)).toEqual(['HOME=/root', 'ODD=a "quoted" $value', 'PATH=/usr/bin:/bin'])
  })

  it('mounts parents first and unmounts in the reverse order, the status line last', () => {
    const lines = renderInitScript(plan).split('\n')
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle))
    expect(at("'/dev/vda3' '/mnt'")).toBeLessThan(at("'/dev/vda1' '/mnt/efi'"))
    expect(at("umount '/mnt/efi'")).toBeLessThan(at("umount '/mnt' "))
    expect(at("umount '/mnt/sys'")).toBeLessThan(at("umount '/mnt/efi'"))
    expect(at('report "exit $status"')).toBeGreaterThan(at("umount '/mnt' "))
    // An optional module's failure does not stop the VM; a required one's does.
    expect(lines[at('000-virtio.ko')]).toContain('|| fail')
    expect(lines[at('001-crc32c-intel.ko')]).toContain('|| true')
  })
})

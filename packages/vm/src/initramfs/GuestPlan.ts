/** Everything the helper VM's /init does, decided on the host. */
export interface GuestPlan {
  /** Random per run: the status line the host waits for carries it, so no guest output can fake it. */
  nonce: string
  /** Module files inside the initramfs, in load order; a failing optional one is not fatal. */
  modules: { path: string; required: boolean }[]
  /** Filesystems to mount, parents first: device (/dev/vda2), where (/mnt, /mnt/boot), type. */
  mounts: { device: string; target: string; fsType: string }[]
  /** Mount efivarfs (the VM booted with OVMF), in the VM and inside the chroot. */
  efivars: boolean
  /** Device paths to create as symlinks to /dev/vda (GRUB's configured boot devices). */
  grubDevices: string[]
  /**
   * A NixOS system profile inside the image (e.g. /nix/var/nix/profiles/system): the command then
   * runs as nixos-enter runs it, after the system's activation script, with /run a fresh tmpfs.
   */
  nixosSystem?: string
  /** Environment of the command (nothing else from the VM leaks into it). */
  env: Record<string, string>
}

/** Where /init finds the command to run (a file, so no quoting of user text is needed). */
export const COMMAND_PATH = 'diskimage/command'

/** Status line printed on the serial console: `<prefix> exit <status>` or `<prefix> setup-failed <step>`. */
export function statusPrefix(nonce: string): string {
  return `diskimage-vm-${nonce}:`
}

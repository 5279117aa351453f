import type { Accelerator } from '../qemu/chooseAccelerator.js'

/** One filesystem of the image to mount before the command runs. */
export interface BootloaderMount {
  /** Partition number on /dev/vda (1 = /dev/vda1); 0 = the whole disk (an image without partition table). */
  partition: number
  /** Where the image's system sees it: '/' (the root, exactly one), '/boot', '/efi', … */
  mountPoint: string
  /** Kernel filesystem type: 'ext4', 'vfat', … (its module is loaded from modulesDir). */
  fsType: string
}

/** Options of {@link installBootloader}. */
export interface InstallBootloaderOptions {
  /** Shell command run by the image's /bin/sh, chrooted in its root: e.g. `grub-install /dev/vda && update-grub`. */
  command: string
  /** Kernel the helper VM boots (default use: {@link findKernel} on the image's tree). */
  kernel: string
  /** /lib/modules/<version> of that kernel: modules.dep and the .ko files are read from it. */
  modulesDir: string
  /** Filesystems to mount at /mnt, /mnt/boot, … before running the command. */
  mounts: BootloaderMount[]
  /** An extra initramfs archive appended after ours (the kernel unpacks both; later files win). */
  initrd?: string
  /** Guest memory in MiB (default 1024, the reference's default). */
  memSize?: number
  /** Guest CPUs (default 1: the host's cores are shared). */
  cpus?: number
  /**
   * Boot the VM with UEFI (OVMF) and mount efivarfs, so the command can write boot entries: the
   * reference's touchEFIVars. `variables` is attached writable and changed in place.
   */
  efi?: { firmwareCode?: string; variables: string }
  /** Kill the VM after this long (default 600000 = 10 min; TCG needs more than KVM). */
  timeoutMs?: number
  /** GRUB's configured boot devices; each one other than /dev/vda becomes a symlink to /dev/vda. */
  grubDevices?: string[]
  /**
   * Run the command as `nixos-enter` does, for an image holding a NixOS system: `system` is its profile
   * inside the image (the reference: /nix/var/nix/profiles/system). /run becomes a fresh tmpfs, the
   * system's `activate` runs chrooted first (it makes /bin/sh, which a NixOS image has only once
   * activated), then its systemd-tmpfiles; a failure of either is ignored, as nixos-enter ignores it.
   */
  nixosEnter?: { system: string }
  /** The command's environment (default PATH and HOME=/root only). */
  env?: Record<string, string>
  /** A static busybox for our initramfs (default: the host's /bin/busybox from busybox-static). */
  busybox?: string
  /** qemu-system-x86_64 to run (a path or a name in PATH). */
  qemuBinary?: string
  /** 'auto' (default): KVM when /dev/kvm is usable, else TCG. */
  accel?: Accelerator | 'auto'
  /** Format of the image file (default 'raw'). */
  format?: 'raw' | 'qcow2'
  /** Directory for the VM's temporary files (default the OS temp dir); they are removed afterwards. */
  tmpDir?: string
  /** Also write the raw serial console here (errors quote its last lines either way). */
  serialLogPath?: string
}

/** What {@link installBootloader} reports on success. */
export interface InstallBootloaderResult {
  /** The serial console (kernel messages, the command's output), escape sequences included. */
  serialLog: string
  /** The accelerator the VM ran with. */
  accel: Accelerator
}

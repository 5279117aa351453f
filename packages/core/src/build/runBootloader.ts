import { resetExt4CheckTimes } from '@diskimage/fs'
import type { DiskLayout } from '../layout/types.js'
import type { BuildPlan } from './buildPlan.js'
import { bootloaderMounts } from './bootloaderMounts.js'
import { type BootKernel, NIXOS_SYSTEM_PROFILE } from '../nixos/nixosSystemPaths.js'

/**
 * The one step that needs a running Linux: the image's own bootloader installer,
 * in a QEMU VM booted with the image's kernel, the image as /dev/vda and its
 * partitions mounted at /mnt. With touchEFIVars the VM boots OVMF with the
 * efi-vars file writable as the second pflash, so the installer can add boot
 * entries to it. Afterwards the reference's tune2fs step runs again, so a mount
 * inside the VM does not leave the "last checked" time behind.
 */
export async function runBootloader(
  plan: BuildPlan,
  bootLoader: NonNullable<BuildPlan['bootLoader']>,
  /** From preflightBootloader: the system's kernel for a NixOS image (in the host store), else the root tree's. */
  { kernel, modulesDir }: BootKernel,
  image: string,
  diskLayout: DiskLayout,
  efiVars: string | undefined,
  scratchDir: string,
): Promise<void> {
  const { installBootloader } = await import('@diskimage/vm') // loaded by the builds with a VM step only
  await installBootloader(image, {
    ...(bootLoader.nixos
      ? {
          nixosEnter: { system: NIXOS_SYSTEM_PROFILE },
          // The reference points HOME away from the image (systemd-boot's builder runs nix-env, which
          // writes ~/.nix-defexpr): /run is the VM's tmpfs, so nothing written there reaches the image.
          env: { HOME: '/run' },
        }
      : {}),
    command: bootLoader.command,
    kernel,
    modulesDir,
    mounts: bootloaderMounts(diskLayout, 'ext4'),
    memSize: bootLoader.memSize,
    grubDevices: bootLoader.grubDevices,
    timeoutMs: bootLoader.timeoutMs,
    tmpDir: scratchDir,
    ...(efiVars ? { efi: { variables: efiVars, firmwareCode: bootLoader.efiFirmware } } : {}),
  })
  if (plan.deterministic) {
    const root = diskLayout.partitions.find((p) => p.role === 'root')
    await resetExt4CheckTimes(image, root ? root.firstLba * 512 : 0, plan.sourceDateEpoch ?? 1)
  }
}

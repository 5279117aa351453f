import { findKernel, installBootloader } from '@diskimage/vm'
import { resetExt4CheckTimes } from '@diskimage/fs'
import type { DiskLayout } from '../layout/types.js'
import type { BuildPlan } from './buildPlan.js'
import { bootloaderMounts } from './bootloaderMounts.js'

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
  image: string,
  diskLayout: DiskLayout,
  treeRoot: string,
  efiVars: string | undefined,
  scratchDir: string,
): Promise<void> {
  const { kernel, modulesDir } = await findKernel(treeRoot)
  await installBootloader(image, {
    command: bootLoader.command,
    kernel,
    modulesDir,
    mounts: bootloaderMounts(diskLayout, 'ext4'),
    memSize: bootLoader.memSize,
    timeoutMs: bootLoader.timeoutMs,
    tmpDir: scratchDir,
    ...(efiVars ? { efi: { variables: efiVars, firmwareCode: bootLoader.efiFirmware } } : {}),
  })
  if (plan.deterministic) {
    const root = diskLayout.partitions.find((p) => p.role === 'root')
    await resetExt4CheckTimes(image, root ? root.firstLba * 512 : 0, plan.sourceDateEpoch ?? 1)
  }
}

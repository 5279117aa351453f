import { access } from 'node:fs/promises'

/** Where busybox-static installs busybox (Debian/Ubuntu: /bin/busybox; merged-/usr: /usr/bin/busybox). */
const HOST_BUSYBOX = ['/bin/busybox', '/usr/bin/busybox', '/usr/sbin/busybox'] as const

/**
 * The host's busybox, the default for the helper VM's initramfs. It is only checked for being static
 * later (readStaticBusybox), so a missing one and a dynamic one get distinct errors.
 */
export async function findHostBusybox(): Promise<string> {
  for (const path of HOST_BUSYBOX) {
    if (await access(path).then(() => true, () => false)) return path
  }
  return HOST_BUSYBOX[0]
}

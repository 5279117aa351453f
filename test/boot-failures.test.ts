import { readFileSync, readdirSync } from 'node:fs'
import { copyFile, mkdir, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import {
  GuestCommandFailedError,
  GuestSetupFailedError,
  type InstallBootloaderOptions,
  VmTimeoutError,
  findKernel,
  installBootloader,
} from '@diskimage/vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listDir, makeScratch, removeScratch, vmBudgetMs } from './fixtures/boot-scratch.js'
import { debianTree } from './fixtures/debian-tree.js'
import { type NativeImage, makeNativeImage } from './fixtures/native-image.js'

// What installBootloader does when things go wrong in the guest: a failing command, a partition that
// does not exist, a command that never ends. The image's root is a tiny busybox tree (the command
// needs only a /bin/sh), the helper VM's kernel and modules come from the Debian fixture.

let scratch = ''
let image: NativeImage
let base: InstallBootloaderOptions
let vmTemp = ''
/** How long a failing run took end to end, to size the hang test's deadline to this machine. */
let failingRunMs = 0

/** True while some QEMU process has this image on its command line (read from /proc, read-only). */
function qemuStillRunningOn(path: string): boolean {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .some((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0')
        return (argv[0] ?? '').includes('qemu-system') && argv.some((arg) => arg.includes(path))
      } catch {
        return false // the process ended while we looked
      }
    })
}

beforeAll(async () => {
  const tree = await debianTree({ kernel: true, grub: 'both' })
  scratch = await makeScratch('boot-failures')
  const root = join(scratch, 'root')
  await mkdir(join(root, 'bin'), { recursive: true })
  await copyFile('/bin/busybox', join(root, 'bin/busybox'))
  for (const applet of ['sh', 'sleep', 'echo']) await symlink('busybox', join(root, 'bin', applet))
  image = await makeNativeImage({ layout: 'legacy', tree: root, output: join(scratch, 'tiny.raw'), extraMiB: 16 })
  const kernel = await findKernel(tree)
  vmTemp = join(scratch, 'vm-tmp')
  await mkdir(vmTemp)
  base = {
    command: 'true',
    kernel: kernel.kernel,
    modulesDir: kernel.modulesDir,
    mounts: image.mounts,
    timeoutMs: await vmBudgetMs(),
    tmpDir: vmTemp,
  }
}, 1_800_000)

afterAll(() => removeScratch(scratch))

describe('installBootloader failures', () => {
  it("a failing command: GuestCommandFailedError with its status and the guest's serial log", async () => {
    const started = Date.now()
    const error = await installBootloader(image.path, { ...base, command: 'echo installer-says-no >&2; exit 3' }).catch((e: unknown) => e)
    failingRunMs = Date.now() - started
    expect(error).toBeInstanceOf(GuestCommandFailedError)
    const typed = error as GuestCommandFailedError
    expect(typed.code).toBe('E_GUEST_COMMAND_FAILED')
    expect(typed.data.exitStatus).toBe(3)
    // The command's own stderr reached the host through the serial console and is quoted.
    expect(typed.data.serialLog).toContain('installer-says-no')
    expect(typed.message).toContain('installer-says-no')
    expect(await listDir(vmTemp)).toEqual([])
    expect(qemuStillRunningOn(image.path)).toBe(false)
  }, 3_600_000)

  it('a partition that does not exist: GuestSetupFailedError naming the step', async () => {
    const error = await installBootloader(image.path, {
      ...base,
      mounts: [...image.mounts, { partition: 7, mountPoint: '/boot', fsType: 'vfat' }],
      command: 'echo must-not-run',
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GuestSetupFailedError)
    expect((error as GuestSetupFailedError).data.step).toBe('find /dev/vda7')
    expect((error as GuestSetupFailedError).data.serialLog).not.toContain('must-not-run')
    expect(await listDir(vmTemp)).toEqual([])
  }, 3_600_000)

  it('a hung command: the VM is killed at timeoutMs, VmTimeoutError quotes the log, nothing is left', async () => {
    // Long enough for this machine to boot the VM and start the command (twice a whole failing
    // run), short enough that the command, which sleeps for a day, cannot finish.
    const timeoutMs = 2 * (failingRunMs || (base.timeoutMs ?? 0)) + 20_000
    const error = await installBootloader(image.path, { ...base, timeoutMs, command: 'echo hanging-now; sleep 86400' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(VmTimeoutError)
    expect((error as VmTimeoutError).data.timeoutMs).toBe(timeoutMs)
    expect((error as VmTimeoutError).data.serialLog).toContain('hanging-now')
    expect(await listDir(vmTemp)).toEqual([])
    expect(qemuStillRunningOn(image.path)).toBe(false)
  }, 3_600_000)
})

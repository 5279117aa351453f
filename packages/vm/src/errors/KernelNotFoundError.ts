import { VmError } from './VmError.js'

/** No kernel with a matching modules directory was found in the tree the caller named. */
export class KernelNotFoundError extends VmError<'E_KERNEL_NOT_FOUND', { tree: string }> {
  constructor(tree: string) {
    super(
      'E_KERNEL_NOT_FOUND',
      `No /boot/vmlinuz-<version> with a matching /lib/modules/<version>/modules.dep in ${tree}: ` +
        'install a kernel package in the tree, or pass kernel and modulesDir explicitly.',
      { tree },
    )
  }
}

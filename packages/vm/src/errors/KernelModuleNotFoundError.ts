import { VmError } from './VmError.js'

/** A kernel module the helper VM needs is neither in modules.dep nor built into the kernel. */
export class KernelModuleNotFoundError extends VmError<'E_KERNEL_MODULE_NOT_FOUND', { module: string; modulesDir: string; neededFor: string }> {
  constructor(module: string, modulesDir: string, neededFor: string) {
    super(
      'E_KERNEL_MODULE_NOT_FOUND',
      `Kernel module ${module} (needed for ${neededFor}) is neither listed in ${modulesDir}/modules.dep nor in ` +
        'modules.builtin: pass a kernel and modulesDir of the same version that provide it (run depmod if modules.dep is stale).',
      { module, modulesDir, neededFor },
    )
  }
}

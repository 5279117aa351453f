import { KernelModuleNotFoundError } from '../errors/KernelModuleNotFoundError.js'
import type { ModuleIndex } from './ModuleIndex.js'

/** A module the helper VM wants, and why (quoted in the error when it is missing). */
export interface WantedModule {
  name: string
  /** Required modules fail the build when absent; optional ones (e.g. an extra NLS table) are skipped. */
  required: boolean
  neededFor: string
}

/** A module file to load; `required` is false for optional helpers, whose insmod may fail harmlessly. */
export interface ModuleToLoad {
  path: string
  required: boolean
}

/**
 * Returns the module files to insmod, in an order where every module comes after the modules it
 * depends on (depth-first, dependencies first, as modprobe loads them). Built-in modules are skipped;
 * a module is required when any required module needs it.
 */
export function resolveModuleLoadOrder(index: ModuleIndex, wanted: readonly WantedModule[]): ModuleToLoad[] {
  const order: ModuleToLoad[] = []
  const byName = new Map<string, ModuleToLoad>()
  const visit = (name: string, required: boolean, neededFor: string) => {
    const seen = byName.get(name)
    if (seen) {
      // Already placed (with its dependencies before it); it may become required now.
      if (required && !seen.required) {
        seen.required = true
        for (const dependency of [...(index.loadable.get(name)?.dependencies ?? [])].reverse()) visit(dependency, true, neededFor)
      }
      return
    }
    const entry = index.loadable.get(name)
    if (!entry) {
      if (index.builtin.has(name)) return
      throw new KernelModuleNotFoundError(name, index.modulesDir, neededFor)
    }
    // modules.dep lists the whole closure, most basic last; modprobe loads it back to front, so do we.
    for (const dependency of [...entry.dependencies].reverse()) visit(dependency, required, `${name} (${neededFor})`)
    const module = { path: entry.path, required }
    byName.set(name, module)
    order.push(module)
  }
  for (const module of wanted) {
    const name = module.name.replaceAll('-', '_')
    if (!module.required && !index.loadable.has(name)) continue
    visit(name, module.required, module.neededFor)
  }
  return order
}

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { moduleName } from './moduleName.js'

/** What depmod recorded about one kernel's modules. */
export interface ModuleIndex {
  /** The /lib/modules/<version> directory the paths are relative to. */
  modulesDir: string
  /** Module name → its file path (relative to modulesDir) and the names of the modules it needs. */
  loadable: Map<string, { path: string; dependencies: string[] }>
  /** Names of modules compiled into the kernel image: nothing to load. */
  builtin: Set<string>
}

/**
 * Reads modules.dep ("kernel/fs/ext4/ext4.ko: kernel/fs/jbd2/jbd2.ko …") and modules.builtin from a
 * modules directory, as depmod wrote them for that kernel.
 */
export async function readModuleIndex(modulesDir: string): Promise<ModuleIndex> {
  const dep = await readFile(join(modulesDir, 'modules.dep'), 'utf8')
  // modules.builtin is missing on kernels with nothing built in as a module-capable feature; treat as empty.
  const builtinText = await readFile(join(modulesDir, 'modules.builtin'), 'utf8').catch(() => '')
  const loadable = new Map<string, { path: string; dependencies: string[] }>()
  for (const line of dep.split('\n')) {
    const colon = line.indexOf(':')
    if (colon < 0) continue
    const path = line.slice(0, colon).trim()
    const dependencies = line.slice(colon + 1).trim().split(/\s+/).filter(Boolean).map(moduleName)
    loadable.set(moduleName(path), { path, dependencies })
  }
  const builtin = new Set(builtinText.split('\n').filter(Boolean).map(moduleName))
  return { modulesDir, loadable, builtin }
}

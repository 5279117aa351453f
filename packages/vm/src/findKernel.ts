import { access, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { KernelNotFoundError } from './errors/KernelNotFoundError.js'

/** A kernel image and the modules built for it. */
export interface KernelFiles {
  kernel: string
  modulesDir: string
  version: string
}

const exists = (path: string) => access(path).then(() => true, () => false)

let collator: Intl.Collator | undefined
/**
 * Compares "6.1.0-9-amd64" and "6.1.0-10-amd64" by their numbers, the way a person would. The collator
 * is made on first use: making it loads ICU's data, ~25 ms that every import of the package paid.
 */
const byVersion = (a: string, b: string): number => (collator ??= new Intl.Collator('en', { numeric: true })).compare(a, b)

/**
 * Finds the kernel an image tree would boot: `/boot/vmlinuz-<version>` whose
 * `/lib/modules/<version>/modules.dep` (or /usr/lib/modules) exists; the newest version when there
 * are several. This is installBootloader's default kernel: the image's own.
 */
export async function findKernel(tree: string): Promise<KernelFiles> {
  const names = await readdir(join(tree, 'boot')).catch(() => [] as string[])
  const versions = names
    .filter((name) => name.startsWith('vmlinuz-'))
    .map((name) => name.slice('vmlinuz-'.length))
    .sort(byVersion)
    .reverse()
  for (const version of versions) {
    for (const base of ['lib/modules', 'usr/lib/modules']) {
      const modulesDir = join(tree, base, version)
      if (await exists(join(modulesDir, 'modules.dep'))) {
        return { kernel: join(tree, 'boot', `vmlinuz-${version}`), modulesDir, version }
      }
    }
  }
  throw new KernelNotFoundError(tree)
}

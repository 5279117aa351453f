import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'

/** The built `make-disk-image` binary (tests of the CLI as a separate process run the real thing). */
export const CLI = resolve('packages/cli/bin/make-disk-image.js')

let built = false

/** Builds the CLI and what it imports (tsc -b is incremental: cheap when dist/ is current). */
export function buildCli(): void {
  if (built) return
  execFileSync(process.execPath, ['packages/cli/scripts/build.mjs'], { stdio: 'pipe' })
  built = true
}

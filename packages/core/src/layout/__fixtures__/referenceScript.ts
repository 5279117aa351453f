import { readFileSync } from 'node:fs'

/** The options the reference's partitioning commands depend on. */
export interface ReferenceScriptOptions {
  partitionTableType: string
  /** bootSize exactly as the Nix option is written ("256M"). */
  bootSize: string
  deterministic: boolean
  rootGPUID: string
  /**
   * Apply our documented fix to legacy+gpt: the reference passes
   * `--partition-guid=3:${rootGPUID}` for a 2-partition table (sgdisk ignores
   * it, so the root keeps 970C694F…); with the fix, partition 2 gets rootGPUID.
   */
  fixLegacyGptRootGuid: boolean
}

const NIX = readFileSync(new URL('./partitionDiskScript.nix', import.meta.url), 'utf8')

/** The `''…''` body of one layout in partitionDiskScript, as the Nix file has it. */
function layoutBody(name: string): string {
  if (name === 'none') return ''
  const key = name.includes('+') ? `"${name}"` : name
  const lines = NIX.split('\n')
  const start = lines.findIndex((l) => l.trim() === `${key} = ''`)
  if (start < 0) throw new Error(`layout ${name} not found in partitionDiskScript.nix`)
  const end = lines.findIndex((l, i) => i > start && l.trim() === "'';")
  return lines.slice(start + 1, end).join('\n')
}

/**
 * A bash script that runs the reference's own partitioning commands on the
 * image given as $1: its boot-size arithmetic (numfmt + round_to_nearest)
 * then the layout's parted (+ sgdisk when deterministic) commands, with the
 * Nix interpolations (`${bootSize}`, `${rootGPUID}`,
 * `lib.optionalString deterministic`) evaluated. `set -e` makes it fail when
 * parted or sgdisk fails, as the Nix build would.
 */
export function referenceScript(options: ReferenceScriptOptions): string {
  const prelude = NIX.slice(NIX.indexOf('# --- from the same file')).split('\n').slice(1).join('\n')
  let body = layoutBody(options.partitionTableType).replace(
    /\$\{lib\.optionalString deterministic ''\n([\s\S]*?)\n\s*''\}/g,
    (_, inner: string) => (options.deterministic ? inner : ''),
  )
  if (options.fixLegacyGptRootGuid && options.partitionTableType === 'legacy+gpt') {
    body = body.replace(/^.*--partition-guid=2:970C694F.*\n/m, '').replace('--partition-guid=3:${rootGPUID}', '--partition-guid=2:${rootGPUID}')
  }
  body = body.replaceAll('${rootGPUID}', options.rootGPUID)
  return ['set -e', 'diskImage="$1"', prelude.replace("'${bootSize}'", `'${options.bootSize}'`), body].join('\n')
}

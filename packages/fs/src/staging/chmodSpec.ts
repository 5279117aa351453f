/**
 * rsync's `--chmod` for the forms the reference's users write: a bare octal mode
 * ("644", applied to files AND directories, as rsync does), or comma-separated items
 * with a `D` (directories) or `F` (files) prefix ("D755,F644").
 * Returns a function that gives the new permission bits, or undefined to keep them.
 */
export type ChmodFn = (isDirectory: boolean, currentMode: number) => number

export function parseChmodSpec(spec: string): ChmodFn {
  const items = spec.split(',').map((item) => {
    const m = /^([DF]?)([0-7]{3,4})$/.exec(item.trim())
    if (!m) throw new RangeError(`mode ${JSON.stringify(spec)}: each item must be an octal mode, optionally prefixed by D or F`)
    return { only: m[1] as '' | 'D' | 'F', bits: parseInt(m[2]!, 8) }
  })
  return (isDirectory, currentMode) => {
    let mode = currentMode & 0o7777
    for (const { only, bits } of items) {
      if (only === 'D' && !isDirectory) continue
      if (only === 'F' && isDirectory) continue
      mode = bits
    }
    return mode
  }
}

/** A named field of an on-disk structure: `size` bytes at `offset` from the structure's start. */
export interface Field {
  name: string
  offset: number
  size: number
}

/** Builds a field table from [name, size] pairs laid end to end from `start`. */
export function packedFields(pairs: ReadonlyArray<readonly [string, number]>, start = 0): Field[] {
  let offset = start
  return pairs.map(([name, size]) => {
    const field = { name, offset, size }
    offset += size
    return field
  })
}

/**
 * The names of the fields that overlap [from, to) (offsets inside the
 * structure), in field order. Bytes no field covers are named by their hex
 * offsets, so a difference is never silently unnamed.
 */
export function fieldsIn(fields: readonly Field[], from: number, to: number): string[] {
  const names: string[] = []
  let covered = from
  for (const f of fields) {
    if (f.offset + f.size <= from || f.offset >= to) continue
    if (f.offset > covered) names.push(hexRange(covered, f.offset))
    names.push(f.name)
    covered = Math.max(covered, f.offset + f.size)
  }
  if (covered < to) names.push(hexRange(covered, to))
  return names
}

function hexRange(from: number, to: number): string {
  return to - from === 1 ? `byte 0x${from.toString(16)}` : `bytes 0x${from.toString(16)}..0x${(to - 1).toString(16)}`
}

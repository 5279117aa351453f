/**
 * The L2 entries of a qcow2 image being written, kept only for the L2 tables that have an entry:
 * a 20 GiB image with data in a few places holds a few 64 KiB tables, not forty.
 */
export class GuestMap {
  private readonly tables = new Map<number, BigUint64Array>()

  constructor(readonly entriesPerTable: number) {}

  /** Sets the L2 entry of guest cluster `index`. */
  set(index: number, entry: bigint): void {
    const tableIndex = Math.floor(index / this.entriesPerTable)
    let table = this.tables.get(tableIndex)
    if (!table) {
      table = new BigUint64Array(this.entriesPerTable)
      this.tables.set(tableIndex, table)
    }
    table[index % this.entriesPerTable] = entry
  }

  /** The tables in guest order, each encoded big-endian as it goes on disk. */
  *encodedTables(): Generator<{ tableIndex: number; bytes: Buffer }> {
    for (const tableIndex of [...this.tables.keys()].sort((a, b) => a - b)) {
      const table = this.tables.get(tableIndex)!
      const bytes = Buffer.alloc(table.length * 8)
      table.forEach((entry, i) => {
        if (entry !== 0n) bytes.writeBigUInt64BE(entry, i * 8)
      })
      yield { tableIndex, bytes }
    }
  }
}

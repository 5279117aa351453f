/**
 * Reference counts of the host clusters of a qcow2 image being written, 16 bits each (refcount_order
 * 4, qemu-img's default). A cluster holding pieces of several compressed clusters counts each piece.
 */
export class RefcountCounter {
  private counts = new Uint16Array(1024)
  private used = 0

  constructor(readonly clusterSize: number) {}

  /** Number of host clusters up to the last one counted. */
  get clusterCount(): number {
    return this.used
  }

  /** Adds one reference to every host cluster that the bytes [start, end) touch. */
  addBytes(start: number, end: number): void {
    const first = Math.floor(start / this.clusterSize)
    const last = Math.floor((end - 1) / this.clusterSize)
    for (let cluster = first; cluster <= last; cluster++) this.addCluster(cluster)
  }

  private addCluster(cluster: number): void {
    if (cluster >= this.counts.length) {
      const grown = new Uint16Array(Math.max(cluster + 1, this.counts.length * 2))
      grown.set(this.counts)
      this.counts = grown
    }
    this.counts[cluster]! += 1
    this.used = Math.max(this.used, cluster + 1)
  }

  /** The refcount of `cluster`. */
  get(cluster: number): number {
    return cluster < this.counts.length ? this.counts[cluster]! : 0
  }
}

/** Where the refcount blocks and the refcount table go, and their bytes. */
export interface RefcountStructures {
  tableOffset: number
  tableClusters: number
  /** The blocks then the table, back to back, starting at `firstCluster`. */
  bytes: Buffer
}

/**
 * Places the refcount blocks and then the refcount table at `firstCluster` (the end of everything
 * else) and fills them. They count themselves, so their number is found by iterating to a fixed point.
 */
export function buildRefcountStructures(counter: RefcountCounter, firstCluster: number): RefcountStructures {
  const clusterSize = counter.clusterSize
  const entriesPerBlock = clusterSize / 2
  const entriesPerTableCluster = clusterSize / 8
  let blocks = 1
  let tableClusters = 1
  for (;;) {
    const total = firstCluster + blocks + tableClusters
    const neededBlocks = Math.ceil(total / entriesPerBlock)
    const neededTable = Math.ceil(neededBlocks / entriesPerTableCluster)
    if (neededBlocks <= blocks && neededTable <= tableClusters) break
    blocks = Math.max(blocks, neededBlocks)
    tableClusters = Math.max(tableClusters, neededTable)
  }
  counter.addBytes(firstCluster * clusterSize, (firstCluster + blocks + tableClusters) * clusterSize)

  const bytes = Buffer.alloc((blocks + tableClusters) * clusterSize)
  for (let cluster = 0; cluster < counter.clusterCount; cluster++) {
    const count = counter.get(cluster)
    if (count !== 0) bytes.writeUInt16BE(count, cluster * 2)
  }
  const tableStart = blocks * clusterSize
  for (let block = 0; block < blocks; block++) {
    bytes.writeBigUInt64BE(BigInt((firstCluster + block) * clusterSize), tableStart + block * 8)
  }
  return { tableOffset: (firstCluster + blocks) * clusterSize, tableClusters, bytes }
}

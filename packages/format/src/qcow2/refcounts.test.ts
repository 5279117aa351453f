// The refcount blocks and table count themselves; for any number of clusters (including more than one
// refcount block covers: 32,768 clusters = 2 GiB of file, too big to make in a test for qemu-img to
// check) every cluster up to the end of the table must be covered, with the count the counter holds.
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { buildRefcountStructures, RefcountCounter } from './refcounts.js'

it('covers every cluster, itself included, with the counted refcounts', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 3 }), (clusters, references) => {
      const clusterSize = 65536
      const counter = new RefcountCounter(clusterSize)
      for (let r = 0; r < references; r++) counter.addBytes(0, clusters * clusterSize)
      const { tableOffset, tableClusters, bytes } = buildRefcountStructures(counter, clusters)
      const blocks = tableOffset / clusterSize - clusters
      const end = clusters + blocks + tableClusters
      expect(bytes.length).toBe((blocks + tableClusters) * clusterSize)
      expect(blocks * (clusterSize / 2)).toBeGreaterThanOrEqual(end)
      for (const cluster of [0, clusters - 1, clusters, end - 1]) {
        expect(bytes.readUInt16BE(cluster * 2)).toBe(cluster < clusters ? references : 1)
      }
      for (let block = 0; block < blocks; block++) {
        expect(Number(bytes.readBigUInt64BE(blocks * clusterSize + block * 8))).toBe((clusters + block) * clusterSize)
      }
      if (end * 2 < blocks * clusterSize) expect(bytes.readUInt16BE(end * 2)).toBe(0)
    }),
    { numRuns: 60 },
  )
})

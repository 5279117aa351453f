// Runs one conversion with the built package in its own process, so that its peak RSS is its own.
// Usage: node convert-one.mjs RAW FORMAT OUT [THREADS] [COMPRESS]   → prints {"ms":…, "cpuMs":…, "maxRssBytes":…}
import { convert } from '../dist/index.js'

const [raw, format, out, threads, compress] = process.argv.slice(2)
const start = performance.now()
await convert(raw, { format, out, ...(threads ? { threads: Number(threads) } : {}), ...(compress ? { compress } : {}) })
const ms = performance.now() - start
const usage = process.resourceUsage()
console.log(JSON.stringify({ ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssBytes: usage.maxRSS * 1024 }))

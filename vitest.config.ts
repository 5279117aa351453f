import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url))

// Tests run against the TypeScript sources, not dist/: every @diskimage/* import
// resolves to the package's src/index.ts, so `npm test` needs no build step.
export default defineConfig({
  resolve: {
    alias: Object.fromEntries(
      ['core', 'partition', 'fs', 'format', 'vm', 'cli', 'nix', 'ext2fs-wasm', 'dosfstools-wasm', 'wasm-runtime'].map((n) => [`@diskimage/${n}`, pkg(n)]),
    ),
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // The JSON report lets CI print the plain 'N passed, N failed' closing line.
    reporters: ['default', ['json', { outputFile: 'node_modules/.vitest-results.json' }]],
  },
})

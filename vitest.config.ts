import { defineConfig } from 'vitest/config'
import { fileURLToPath } from 'node:url'

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url))

// Tests run against the TypeScript sources, not dist/: every @diskimage/* import
// resolves to the package's src/index.ts, so `npm test` needs no build step.
export default defineConfig({
  resolve: {
    // Whole names only (a string alias would also rewrite the start of a subpath such as
    // @diskimage/nix/store-path); subpath exports map to their source file.
    alias: [
      { find: /^@diskimage\/nix\/store-path$/, replacement: fileURLToPath(new URL('./packages/nix/src/store/storePath.ts', import.meta.url)) },
      ...['core', 'partition', 'fs', 'format', 'vm', 'cli', 'nix', 'ext2fs-wasm', 'dosfstools-wasm', 'wasm-runtime'].map((n) => ({ find: new RegExp(`^@diskimage/${n}$`), replacement: pkg(n) })),
    ],
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

// Loads the shared TypeScript test fixtures (test/fixtures/*.ts) from a plain Node script: the bench
// runs under `node`, which cannot import .ts, so the fixture files are transpiled (types stripped, no
// type check) into a scratch directory first. Their relative imports already end in ".js".
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url))

/**
 * Imports one fixture module (e.g. 'debian-tree') and returns its exports. All fixture files are
 * transpiled together so the module's own relative imports resolve.
 */
export async function importFixture(name) {
  const out = mkdtempSync(join(tmpdir(), 'diskimage-bench-fixtures-'))
  try {
    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const { outputText } = ts.transpileModule(readFileSync(join(FIXTURES, file), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        fileName: file,
      })
      writeFileSync(join(out, file.replace(/\.ts$/, '.js')), outputText)
    }
    // ESM needs a package.json saying "module" for .js files outside the repo's packages.
    writeFileSync(join(out, 'package.json'), '{"type":"module"}')
    return await import(pathToFileURL(join(out, `${name}.js`)).href)
  } finally {
    // Node has read and linked the modules by the time import() resolves; the files can go.
    rmSync(out, { recursive: true, force: true })
  }
}

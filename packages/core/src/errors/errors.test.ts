import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as core from '../index.js'
import { DiskImageError } from './DiskImageError.js'

// Every error class of this folder is exported from the package, extends
// DiskImageError, and has a code of its own (callers switch on it).
const here = new URL('.', import.meta.url)
const classFiles = readdirSync(here).filter((file) => /^[A-Z]\w*Error\.ts$/.test(file) && file !== 'DiskImageError.ts')

describe('error classes', () => {
  it('there is one file per kind of error', () => {
    expect(classFiles.length).toBeGreaterThan(20)
  })

  it.each(classFiles)('%s is exported, extends DiskImageError and has its own code', (file) => {
    const name = file.replace(/\.ts$/, '')
    const exported = (core as Record<string, unknown>)[name]
    expect(typeof exported).toBe('function')
    expect((exported as { prototype: unknown }).prototype).toBeInstanceOf(DiskImageError)
    const source = readFileSync(new URL(file, here), 'utf8')
    const codes = [...source.matchAll(/super\(\s*'(E_[A-Z0-9_]+)'/g)].map((m) => m[1])
    expect(codes).toHaveLength(1)
    const others = classFiles.filter((f) => f !== file).map((f) => readFileSync(new URL(f, here), 'utf8'))
    expect(others.some((text) => text.includes(`'${codes[0]}'`))).toBe(false)
  })

  it('a DiskImageError carries code, data, cause and its class name', () => {
    const cause = new Error('inner')
    const error = new core.TreeScanError('/x', 'gone', { cause })
    expect([error.name, error.code, error.data, error.cause]).toEqual(['TreeScanError', 'E_TREE_SCAN', { path: '/x', reason: 'gone' }, cause])
  })
})

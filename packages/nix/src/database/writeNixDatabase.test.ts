import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { closureOf } from '../closure/closureOf.js'
import { parseRegistration } from '../closure/parseRegistration.js'
import { derivationOutputs } from './derivationOutputs.js'
import { writeNixDatabase } from './writeNixDatabase.js'

// Oracle: Debian's nix-store/nix-instantiate 2.8 on a private chroot store.
const env = { ...process.env, NIX_CONFIG: 'build-users-group =', HOME: tmpdir() }
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { env, encoding: 'utf8', stdio: 'pipe' })
const sql = (db: string, query: string) => execFileSync('sqlite3', [db, query], { encoding: 'utf8' })

let work: string
let store: string
let drv: string
let a: string
let text: string

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nixdb-'))
  store = join(work, 'store')
  writeFileSync(join(work, 'a.txt'), 'a\n')
  a = run('nix-store', ['--store', store, '--add', join(work, 'a.txt')]).trim()
  // Nix registers a .drv with its outputs in DerivationOutputs: the rows we must reproduce.
  drv = run('nix-instantiate', ['--store', store, '--expr',
    `derivation { name = "x"; builder = "/bin/sh"; system = "x86_64-linux"; outputs = [ "out" "dev" ]; args = [ "${a}" ]; }`]).trim().split('\n').pop()!
  text = run('nix-store', ['--store', store, '--dump-db', drv, a])
})

afterAll(() => rmSync(work, { recursive: true, force: true }))

async function ourDatabase(time: number): Promise<Uint8Array> {
  const registration = { infos: parseRegistration(text, 'dump-db'), file: 'dump-db' }
  const closure = closureOf([{ path: drv, where: 'test' }, { path: a, where: 'test' }], registration)
  const outputs = new Map([[drv, derivationOutputs(readFileSync(join(store, drv)).toString('utf8'), drv)]])
  return writeNixDatabase(closure, { registrationTime: time, derivationOutputs: outputs })
}

describe('writeNixDatabase', () => {
  it('nix-store reads it back: --dump-db gives what the real store gives, DerivationOutputs hold the rows Nix wrote', async () => {
    const root = join(work, 'ours')
    mkdirSync(join(root, 'nix/var/nix/db'), { recursive: true })
    writeFileSync(join(root, 'nix/var/nix/db/db.sqlite'), await ourDatabase(1))
    writeFileSync(join(root, 'nix/var/nix/db/schema'), '10')
    const outputsQuery = 'select v.path, d.id, d.path from DerivationOutputs d join ValidPaths v on v.id = d.drv order by 1, 2'
    const nixOutputs = sql(join(store, 'nix/var/nix/db/db.sqlite'), outputsQuery)
    expect(nixOutputs.split('\n').filter(Boolean)).toHaveLength(2)
    expect(sql(join(root, 'nix/var/nix/db/db.sqlite'), outputsQuery)).toBe(nixOutputs)
    expect(run('nix-store', ['--store', root, '--dump-db'])).toBe(run('nix-store', ['--store', store, '--dump-db']))
  })

  it('is byte-identical for the same input, and records the registration time given', async () => {
    const [one, two, other] = [await ourDatabase(1), await ourDatabase(1), await ourDatabase(1700000000)]
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true)
    const file = join(work, 'time.sqlite')
    writeFileSync(file, other)
    expect(sql(file, 'select distinct registrationTime from ValidPaths').trim()).toBe('1700000000')
    expect(sql(file, 'pragma journal_mode').trim()).toBe('wal') // as Nix leaves its database
  })
})

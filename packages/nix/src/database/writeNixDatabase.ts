import { createRequire } from 'node:module'
import type initSqlJs from 'sql.js'
import type { PathInfo } from '../closure/PathInfo.js'
import type { DerivationOutput } from './derivationOutputs.js'
import { NIX_SCHEMA } from './nixSchema.js'

/** What one database needs besides the path infos. */
export interface NixDatabaseOptions {
  /** Seconds since the epoch stored as every path's registrationTime (fixed in deterministic builds). */
  registrationTime: number
  /** Outputs of the .drv paths among the infos, by .drv path (see derivationOutputs). */
  derivationOutputs?: ReadonlyMap<string, readonly DerivationOutput[]>
}

// SQLite file header bytes 18 and 19: file format write/read version, 1 = rollback journal, 2 = WAL.
const HEADER_WRITE_VERSION = 18
const HEADER_READ_VERSION = 19
const WAL = 2

/**
 * The bytes of `/nix/var/nix/db/db.sqlite` holding `infos` as valid paths, as Nix
 * writes them when it registers a copied closure: one ValidPaths row per path in the
 * given order (ids 1, 2, … — give references first), its references in Refs,
 * deriver/narSize set, `ultimate`, `sigs` and `ca` NULL (a copy from a closure-info
 * registration carries none). The file is left in WAL mode, as Nix leaves it. Same
 * input → same bytes (sql.js is pinned; no clock, no randomness).
 */
export async function writeNixDatabase(infos: readonly PathInfo[], options: NixDatabaseOptions): Promise<Uint8Array> {
  const SQL = await loadSqlJs()
  const db = new SQL.Database()
  try {
    db.exec('BEGIN')
    for (const statement of NIX_SCHEMA) db.exec(statement)
    const ids = new Map<string, number>()
    const addPath = db.prepare('INSERT INTO ValidPaths (path, hash, registrationTime, deriver, narSize) VALUES (?, ?, ?, ?, ?)')
    infos.forEach((info, i) => {
      addPath.run([info.path, info.narHash, options.registrationTime, info.deriver, info.narSize])
      ids.set(info.path, i + 1)
    })
    addPath.free()
    const addRef = db.prepare('INSERT INTO Refs (referrer, reference) VALUES (?, ?)')
    for (const info of infos) for (const ref of info.references) addRef.run([ids.get(info.path)!, ids.get(ref)!])
    addRef.free()
    const addOutput = db.prepare('INSERT INTO DerivationOutputs (drv, id, path) VALUES (?, ?, ?)')
    for (const [drv, outputs] of options.derivationOutputs ?? []) for (const o of outputs) addOutput.run([ids.get(drv)!, o.id, o.path])
    addOutput.free()
    db.exec('COMMIT')
    const bytes = db.export()
    bytes[HEADER_WRITE_VERSION] = WAL
    bytes[HEADER_READ_VERSION] = WAL
    return bytes
  } finally {
    db.close()
  }
}

let sqlJs: ReturnType<typeof initSqlJs> | undefined

/**
 * sql.js, loaded on first use: importing it costs ~60 ms, which every import of @diskimage/core paid
 * while only NixOS builds write a database.
 */
function loadSqlJs(): ReturnType<typeof initSqlJs> {
  // The WASM file sits beside sql.js's own script; resolve it through Node so it works from any cwd.
  const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm')
  sqlJs ??= import('sql.js').then(({ default: init }) => init({ locateFile: () => wasm }))
  return sqlJs
}

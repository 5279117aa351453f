import type { VfsBind } from '@diskimage/wasm-runtime'

/** Where and how to write an ext4 file system populated from a directory tree. */
export interface Ext4Request {
  /** The image file; it must already exist and be large enough. */
  image: string
  /** Byte offset of the file system inside the image (the partition start). */
  offset: number
  /** Size of the file system in bytes (a multiple of 4096 is used; the rest is left). */
  size: number
  label: string
  /** File system UUID (`-U`); random when omitted. */
  uuid?: string
  /** Directory hash seed (`-E hash_seed=`); random when omitted. */
  hashSeed?: string
  /** Seconds since the epoch (≥ 1) used as "now" by mke2fs (mkfs time, last check, new inodes); real time when omitted. */
  time?: number
  /** The tree to copy in, as a union of host directories (the first layer wins), with ownership and time rules. */
  tree?: Ext4Tree
}

export interface Ext4Tree {
  /** Host directories, upper first: e.g. [contentsOverlay, rootTree]. */
  layers: string[]
  /**
   * Host trees shown at a path inside the file system, read in place and winning over the layers
   * there: e.g. each store path of a NixOS closure at "/nix/store/<name>" (nothing is copied or
   * linked). The parent directory must be in a layer. Rules, xattrs and times apply by that path.
   */
  binds?: VfsBind[]
  /** Owner reported for every entry (e.g. 0:0), unless a rule says otherwise. */
  owner?: { uid: number; gid: number }
  /** Ownership / mode overrides, applied in order. Paths are absolute inside the file system. */
  rules?: Array<{ path: string; recursive?: boolean; uid?: number; gid?: number; mode?: number }>
  /**
   * Extended attributes by path inside the file system (exact paths), e.g. from `treeXattrs`:
   * `mke2fs -d` stores them (the WASM tool cannot read the host's own). Without it, no file
   * gets any attributes.
   */
  xattrs?: Record<string, Record<string, string>>
  /** Modification times later than this (seconds) are clamped to it: SOURCE_DATE_EPOCH. */
  mtimeClamp?: number
  /** atime = ctime = mtime, so a `cp -a` copy of the tree gives the same bytes. */
  uniformTimes?: boolean
}

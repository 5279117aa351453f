import type { ContentsEntry } from '@diskimage/fs'
import type { NixosInput } from '@diskimage/nix'
import type { LayoutTableType } from '../layout/types.js'

import type { Compression, ImageFormat } from '../options/choices.js'

/**
 * Everything the pipeline needs, resolved and validated: paths absolute, sizes in
 * bytes, identifiers chosen. Made from the user's options by `planBuild`; the
 * pipeline steps read only this.
 */
export interface BuildPlan {
  /** The staged root tree, read in place; undefined for a NixOS image made from its closure alone. */
  root: string | undefined
  /** The directory the results go to. */
  out: string
  partitionTableType: LayoutTableType
  /** "auto", or the disk size in bytes. */
  diskSize: 'auto' | number
  additionalSpace: number
  /** bootSize as numfmt parses it (the layout adds the reference's extra MiB). */
  bootSize: number
  contents: ContentsEntry[]
  label: string
  format: ImageFormat
  /** The compressor of qcow2-compressed clusters or vmdk grains; undefined: the format's default. */
  compression: Compression | undefined
  baseName: string
  deterministic: boolean
  rootGPUID: string
  /** ext4 UUID; undefined → random (non-deterministic mode without a seed). */
  rootFSUID: string | undefined
  /** ext4 s_hash_seed; undefined → random. */
  ext4HashSeed: string | undefined
  /** The `seed` option: the other identifiers (disk GUID, partition GUIDs, signature, header UUIDs) derive from it. */
  seed: string | undefined
  onlyNixStore: boolean
  /** The NixOS closure to install as nixos-install does (channel null when copyChannel is false). */
  nixos: NixosInput | undefined
  /** Every file owned by 0:0 instead of its owner in the source tree. */
  ownerRoot: boolean
  /** Read the host's extended attributes of the root tree and contents sources and store them in the ext4. */
  xattrs: boolean
  /** A host directory copied into the ESP's root. */
  espContents: string | undefined
  touchEFIVars: boolean
  efiVariables: string | undefined
  /** The bootloader VM step, when installBootLoader is on and a command is given. */
  bootLoader?: {
    command: string
    timeoutMs: number
    memSize: number
    efiFirmware: string
    /** Device paths linked to /dev/vda in the VM (the boot loader's configured disks). */
    grubDevices: string[]
    /** A NixOS image: the VM boots the system's kernel from the host store and runs the command as nixos-enter does. */
    nixos?: { toplevel: string; hostStore: string }
  }
  /** Shell code run after the results are in out, with $out and $diskImage set; "" runs nothing. */
  postVM: string
  /** Seconds: the time the tools use for "now", and the clamp for source mtimes (SOURCE_DATE_EPOCH). */
  sourceDateEpoch: number | undefined
}

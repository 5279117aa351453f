import { DEFAULT_OVMF_DIR, DEFAULT_ROOT_GPUID, OVMF_FIRMWARE_FILE, OVMF_VARIABLES_FILE } from './defaults.js'
import type { ImageOptions, ResolvedOptions } from './ImageOptions.js'

/**
 * Fills in the reference's defaults. Pure: no validation and no I/O — run
 * `validateOptions` on the result before writing anything. Keys set to
 * `undefined` count as absent; `null` is kept (an explicit `rootFSUID: null` must
 * reach the validator, as in the reference). Unknown keys are kept too, so the
 * validator can name them.
 *
 * Defaults that depend on other options, as in the reference: `label` is
 * "nix-store" when onlyNixStore; `rootFSUID` is rootGPUID when fsType is ext4.
 * One deliberate change: `installBootLoader` defaults to `!onlyNixStore` — the
 * reference defaults it to true and then asserts it is false for a Nix-store-only
 * image, so `onlyNixStore: true` alone could never work there.
 */
export function resolveOptions(input: ImageOptions): ResolvedOptions {
  const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<ImageOptions>
  const onlyNixStore = given.onlyNixStore ?? false
  const fsType = given.fsType ?? 'ext4'
  const rootGPUID = given.rootGPUID ?? DEFAULT_ROOT_GPUID
  const ovmf = given.ovmf ?? DEFAULT_OVMF_DIR
  const defaults: ResolvedOptions = {
    root: undefined, // validateOptions reports it missing where it is required
    out: undefined as unknown as string,
    diskSize: 'auto',
    additionalSpace: '512M',
    bootSize: '256M',
    contents: [],
    partitionTableType: 'legacy',
    installBootLoader: !onlyNixStore,
    touchEFIVars: false,
    ovmf,
    efiFirmware: `${ovmf}/${OVMF_FIRMWARE_FILE}`,
    efiVariables: `${ovmf}/${OVMF_VARIABLES_FILE}`,
    fsType,
    label: onlyNixStore ? 'nix-store' : 'nixos',
    configFile: null,
    postVM: '',
    memSize: 1024,
    onlyNixStore,
    name: 'nixos-disk-image',
    format: 'raw',
    baseName: 'nixos',
    deterministic: true,
    rootGPUID,
    rootFSUID: fsType === 'ext4' ? rootGPUID : null,
    copyChannel: true,
    additionalPaths: [],
    nixos: null,
    espContents: null,
    ownerRoot: false,
    xattrs: true,
    seed: null,
    compression: null,
    bootLoaderCommand: null,
    bootLoaderTimeout: 900,
    grubDevices: [],
  }
  return { ...defaults, ...given }
}

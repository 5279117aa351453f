/**
 * The main command's flags: every option of the reference (and ours) as a
 * kebab-case flag, e.g. `partitionTableType` → `--partition-table-type`.
 * `kind` says how the text becomes a value; buildImage validates the values.
 */
export type FlagKind = 'string' | 'size' | 'number' | 'boolean' | 'json' | 'list'

export const BUILD_FLAGS: Record<string, FlagKind> = {
  root: 'string',
  out: 'string',
  diskSize: 'size',
  additionalSpace: 'string',
  bootSize: 'string',
  contents: 'json',
  partitionTableType: 'string',
  installBootLoader: 'boolean',
  touchEFIVars: 'boolean',
  efiFirmware: 'string',
  efiVariables: 'string',
  fsType: 'string',
  label: 'string',
  configFile: 'string',
  postVM: 'string',
  memSize: 'number',
  onlyNixStore: 'boolean',
  name: 'string',
  format: 'string',
  baseName: 'string',
  deterministic: 'boolean',
  rootGPUID: 'string',
  rootFSUID: 'string',
  copyChannel: 'boolean',
  additionalPaths: 'list',
  nixos: 'json',
  espContents: 'string',
  ownerRoot: 'boolean',
  xattrs: 'boolean',
  seed: 'string',
  compression: 'string',
  ovmf: 'string',
  bootLoaderCommand: 'string',
  bootLoaderTimeout: 'number',
  grubDevices: 'list',
}

/** camelCase → kebab-case, keeping acronyms together: rootGPUID → root-gpuid, touchEFIVars → touch-efi-vars, postVM → post-vm. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
}

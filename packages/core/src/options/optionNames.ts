import type { ImageOptions } from './ImageOptions.js'

// A record rather than an array so the compiler fails when an option is added to
// ImageOptions but not here.
const NAMES: Record<keyof ImageOptions, true> = {
  root: true,
  out: true,
  diskSize: true,
  additionalSpace: true,
  bootSize: true,
  contents: true,
  partitionTableType: true,
  installBootLoader: true,
  touchEFIVars: true,
  ovmf: true,
  efiFirmware: true,
  efiVariables: true,
  fsType: true,
  label: true,
  configFile: true,
  postVM: true,
  memSize: true,
  onlyNixStore: true,
  name: true,
  format: true,
  baseName: true,
  deterministic: true,
  rootGPUID: true,
  rootFSUID: true,
  copyChannel: true,
  additionalPaths: true,
  nixos: true,
  espContents: true,
  ownerRoot: true,
  xattrs: true,
  seed: true,
  compression: true,
  bootLoaderCommand: true,
  bootLoaderTimeout: true,
  grubDevices: true,
}

/** Every valid option name, in the order of the reference's argument list. */
export const OPTION_NAMES = Object.keys(NAMES) as readonly (keyof ImageOptions)[]

/** Whether `name` is an option of ImageOptions. */
export function isOptionName(name: string): name is keyof ImageOptions {
  return Object.hasOwn(NAMES, name)
}

import { describe, expect, it } from 'vitest'
import { resolveOptions } from './resolveOptions.js'

const required = { root: '/r', out: '/o' }

describe('resolveOptions fills in the reference defaults', () => {
  it('every default of make-disk-image.nix, camelCased, plus ours', () => {
    // Each value is the reference's `name ? default` (make-disk-image.nix, its
    // argument list); ovmf/efiFirmware/efiVariables, espContents, ownerRoot, seed, compression and
    // bootLoaderCommand/bootLoaderTimeout are ours.
    expect(resolveOptions(required)).toEqual({
      ...required,
      diskSize: 'auto',
      additionalSpace: '512M',
      bootSize: '256M',
      contents: [],
      partitionTableType: 'legacy',
      installBootLoader: true,
      touchEFIVars: false,
      ovmf: '/usr/share/OVMF',
      efiFirmware: '/usr/share/OVMF/OVMF_CODE_4M.fd',
      efiVariables: '/usr/share/OVMF/OVMF_VARS_4M.fd',
      fsType: 'ext4',
      label: 'nixos',
      configFile: null,
      postVM: '',
      memSize: 1024,
      onlyNixStore: false,
      name: 'nixos-disk-image',
      format: 'raw',
      baseName: 'nixos',
      deterministic: true,
      rootGPUID: 'F222513B-DED1-49FA-B591-20CE86A2FE7F',
      rootFSUID: 'F222513B-DED1-49FA-B591-20CE86A2FE7F',
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
    })
  })

  it('the default OVMF files exist on this Debian host (the ovmf package)', async () => {
    const { existsSync } = await import('node:fs')
    const { efiFirmware, efiVariables } = resolveOptions(required)
    expect([existsSync(efiFirmware), existsSync(efiVariables)]).toEqual([true, true])
  })

  it('label is "nix-store" and installBootLoader false when onlyNixStore', () => {
    const resolved = resolveOptions({ ...required, onlyNixStore: true })
    expect([resolved.label, resolved.installBootLoader]).toEqual(['nix-store', false])
  })

  it('rootFSUID follows rootGPUID for ext4 and is null otherwise', () => {
    const guid = '11111111-2222-3333-4444-555555555555'
    expect(resolveOptions({ ...required, rootGPUID: guid }).rootFSUID).toBe(guid)
    expect(resolveOptions({ ...required, rootGPUID: guid, fsType: 'xfs' as never }).rootFSUID).toBe(null)
  })

  it('efiFirmware and efiVariables follow ovmf unless given', () => {
    const resolved = resolveOptions({ ...required, ovmf: '/fw', efiVariables: '/vars.fd' })
    expect([resolved.efiFirmware, resolved.efiVariables]).toEqual(['/fw/OVMF_CODE_4M.fd', '/vars.fd'])
  })

  it('undefined means absent, null and explicit values are kept, unknown keys ride along for the validator', () => {
    const resolved = resolveOptions({ ...required, label: undefined, rootFSUID: null, memSize: 2048, extra: 1 } as never)
    expect(resolved.label).toBe('nixos')
    expect(resolved.rootFSUID).toBe(null)
    expect(resolved.memSize).toBe(2048)
    expect((resolved as unknown as { extra: number }).extra).toBe(1)
  })
})

import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../autosize/__fixtures__/makeTrees.js'
import type { ImageOptions } from '../options/ImageOptions.js'
import { resolveOptions } from '../options/resolveOptions.js'
import { findOptionIssues } from './validateOptions.js'

const TOP = '/nix/store/5y5q3mabcdfghijklmnpqrsvwxyz0123-nixos-system-x'
const CHANNEL = '/nix/store/0l1b2l3b4l5b6l7b8l9b0l1b2l3b4l5b-nixos-24.05'
let dir: string
let info: string

beforeAll(() => {
  dir = tempDir('nixos-options')
  info = join(dir, 'closure-info')
  mkdirSync(info)
  writeFileSync(join(dir, 'registration'), '')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Without the bootloader step unless a test asks for it: these toplevels are made-up paths with nothing in a store.
const issuesOf = (options: Record<string, unknown>) =>
  findOptionIssues(resolveOptions({ out: join(dir, 'out'), installBootLoader: false, ...options } as ImageOptions)).map((e) => ({ code: e.code, message: e.message }))

describe('the nixos option', () => {
  it('is accepted with closureInfo and a channel, or a registration file without a channel; root becomes optional', () => {
    expect(issuesOf({ nixos: { toplevel: TOP, closureInfo: info, channel: CHANNEL } })).toEqual([])
    expect(issuesOf({ nixos: { toplevel: TOP, registration: join(dir, 'registration'), storePaths: [TOP] }, copyChannel: false, additionalPaths: [CHANNEL] })).toEqual([])
    expect(issuesOf({})).toEqual([{ code: 'E_MISSING_OPTION', message: 'root is required: set it to the directory holding the staged root tree' }])
  })

  it('with the bootloader step (the default), the system must have its kernel, modules and switch-to-configuration in the host store', () => {
    const store = join(dir, 'store')
    const system = join(store, TOP.slice('/nix/store/'.length))
    mkdirSync(join(system, 'bin'), { recursive: true })
    const options = { nixos: { toplevel: TOP, closureInfo: info, channel: CHANNEL, hostStore: store }, installBootLoader: true }
    expect(issuesOf(options)).toEqual([
      {
        code: 'E_NIXOS_SYSTEM_INCOMPLETE',
        message: `nixos.toplevel: ${TOP} in ${store} has no kernel, kernel-modules, bin/switch-to-configuration, which the bootloader step needs (the VM boots the system's kernel and runs its switch-to-configuration boot, as the reference does); give a complete system (config.system.build.toplevel), or set installBootLoader to false to build without the bootloader.`,
      },
    ])
    // Links into the store count as there (they are followed only when the build boots the kernel).
    writeFileSync(join(system, 'bin/switch-to-configuration'), '#!/bin/sh\n')
    symlinkSync('/nix/store/0l1b2l3b4l5b6l7b8l9b0l1b2l3b4l5b-linux-6.6/bzImage', join(system, 'kernel'))
    expect(issuesOf(options).map((i) => i.message)).toEqual([expect.stringContaining(' has no kernel-modules, which')])
    // With a command of the user's own, switch-to-configuration is not needed; the kernel still is.
    rmSync(join(system, 'bin/switch-to-configuration'))
    expect(issuesOf({ ...options, bootLoaderCommand: 'true' }).map((i) => i.message)).toEqual([expect.stringContaining(' has no kernel-modules, which')])
    symlinkSync('/nix/store/0l1b2l3b4l5b6l7b8l9b0l1b2l3b4l5b-linux-6.6-modules', join(system, 'kernel-modules'))
    expect(issuesOf({ ...options, bootLoaderCommand: 'true' })).toEqual([])
    expect(issuesOf({ ...options, installBootLoader: false })).toEqual([])
  })

  it('names the field, the value and what to change', () => {
    expect(issuesOf({ nixos: { toplevel: '/nix/store/abc-x', closureInfo: info, channel: CHANNEL } })).toEqual([
      { code: 'E_NOT_A_STORE_PATH', message: 'nixos.toplevel: "/nix/store/abc-x" is not a Nix store path (the hash part is not 32 characters of Nix base-32); give the path nix-build prints, /nix/store/<32-character hash>-<name>' },
    ])
    expect(issuesOf({ nixos: { toplevel: TOP, closureInfo: info } }).map((i) => i.code)).toEqual(['E_NIXOS_CHANNEL_MISSING'])
    expect(issuesOf({ nixos: { toplevel: TOP, closureInfo: info } })[0]!.message).toMatch(/set nixos\.channel .* or set copyChannel to false/)
    expect(issuesOf({ nixos: { toplevel: TOP }, copyChannel: false })).toEqual([
      { code: 'E_NIXOS_CLOSURE_SOURCE', message: 'nixos: no closure is given; set nixos.closureInfo to the pkgs.closureInfo output, or nixos.registration to a registration file (nixos.storePaths only with nixos.registration)' },
    ])
    expect(issuesOf({ nixos: { toplevel: TOP, closureInfo: info, storePaths: [TOP] }, copyChannel: false }).map((i) => i.message)).toEqual([
      'nixos: closureInfo and storePaths cannot be combined; set nixos.closureInfo to the pkgs.closureInfo output, or nixos.registration to a registration file (nixos.storePaths only with nixos.registration)',
    ])
    expect(issuesOf({ nixos: { toplevel: TOP, closureInfo: join(dir, 'missing'), hostStore: join(dir, 'registration') }, copyChannel: false }).map((i) => i.code)).toEqual(['E_PATH_NOT_FOUND', 'E_WRONG_PATH_TYPE'])
    expect(issuesOf({ nixos: { toplevel: TOP, closureInfo: info, toplvel: TOP }, copyChannel: false }).map((i) => i.message)).toEqual(['"nixos.toplvel" is not an option: remove it'])
    expect(issuesOf({ nixos: [TOP] }).map((i) => i.code)).toEqual(['E_OPTION_TYPE'])
    expect(issuesOf({ nixos: { closureInfo: info }, copyChannel: false }).map((i) => i.message)).toEqual(['nixos.toplevel is required: set it to the system store path (config.system.build.toplevel)'])
  })

  it('additionalPaths needs nixos, and must be store paths', () => {
    expect(issuesOf({ root: info, additionalPaths: [CHANNEL] })).toEqual([
      { code: 'E_NEEDS_NIXOS', message: 'additionalPaths only applies to a NixOS closure; set nixos (toplevel and closureInfo) or remove additionalPaths' },
    ])
    expect(issuesOf({ nixos: { toplevel: TOP, closureInfo: info }, copyChannel: false, additionalPaths: ['/usr/bin'] }).map((i) => i.message)).toEqual([
      'additionalPaths[0]: "/usr/bin" is not a Nix store path (it does not start with /nix/store/); give the path nix-build prints, /nix/store/<32-character hash>-<name>',
    ])
  })
})

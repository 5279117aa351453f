/**
 * Security: a build never follows a symlink out of the trees it copies (root tree,
 * contents, espContents), never writes outside `out`, and runs the untrusted
 * bootloader command only inside the VM, chrooted in the image — never on the host.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildImage } from '@diskimage/core'
import { debianTree } from '../fixtures/debian-tree.js'
import { fileContains } from './helpers/findBytes.js'
import { snapshotDir } from './helpers/snapshotDir.js'
import { scratchDir } from './helpers/tempDir.js'

// Built at run time so the bytes are in no source file the image could contain by accident.
const SECRET = Buffer.from(['HOST', 'SECRET', String(40 + 2), 'DO-NOT-COPY'].join('-'))

let dir: string
let cleanup: () => void
let secret: string
let outside: string
beforeAll(() => {
  ;({ dir, cleanup } = scratchDir('security'))
  outside = join(dir, 'outside')
  mkdirSync(outside)
  secret = join(outside, 'secret')
  writeFileSync(secret, SECRET)
})
afterAll(() => cleanup())

function smallRoot(name: string): string {
  const root = join(dir, name)
  mkdirSync(join(root, 'etc'), { recursive: true })
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n')
  return root
}

const debugfs = (image: string, offset: number, request: string) =>
  execFileSync('debugfs', ['-R', request, `${image}?offset=${offset}`], { encoding: 'utf8', stdio: 'pipe' })

describe('symlinks out of the source trees are never followed', () => {
  it('root tree and contents: links pointing outside are copied as links, the outside file is nowhere in the image', async () => {
    const root = smallRoot('root-links')
    symlinkSync(secret, join(root, 'etc/shadow'))
    symlinkSync('../../../../../../../../../..' + secret, join(root, 'etc/up-and-out'))
    symlinkSync(outside, join(root, 'outside-dir'))
    const contents = join(dir, 'contents')
    mkdirSync(contents)
    symlinkSync(secret, join(contents, 'abs-leak'))
    symlinkSync('../outside/secret', join(contents, 'rel-leak'))
    const linkSource = join(dir, 'link-source')
    symlinkSync(secret, linkSource)
    const out = join(dir, 'out-links')
    const { imagePath, layout } = await buildImage({
      root,
      out,
      installBootLoader: false,
      contents: [
        { source: contents, target: '/srv' },
        { source: `${contents}/*`, target: '/opt' },
        { source: linkSource, target: '/etc/motd' },
      ],
    })
    expect(fileContains(imagePath, SECRET), 'the secret was copied into the image').toBe(false)
    const offset = layout.partitions.find((p) => p.role === 'root')!.firstLba * 512
    execFileSync('e2fsck', ['-fn', `${imagePath}?offset=${offset}`], { stdio: 'pipe' })
    for (const [path, target] of [
      ['/etc/shadow', secret],
      ['/outside-dir', outside],
      ['/srv/abs-leak', secret],
      ['/srv/rel-leak', '../outside/secret'],
      ['/opt/rel-leak', '../outside/secret'],
      ['/etc/motd', secret],
    ]) {
      expect(debugfs(imagePath, offset, `stat ${path}`), path).toMatch(/Type: symlink/)
      expect(debugfs(imagePath, offset, `stat ${path}`), path).toContain(target)
    }
  })

  it.each([
    ['a relative link that climbs out', (esp: string) => symlinkSync('../../../../../../../../../..' + secret, join(esp, 'leak.efi'))],
    ['an absolute link to a host file', (esp: string) => symlinkSync(secret, join(esp, 'leak.efi'))],
    ['a link to a host directory', (esp: string) => symlinkSync(outside, join(esp, 'leakdir'))],
  ])('espContents with %s: the build fails with a typed error, the secret is not in out/', async (_, plant) => {
    const esp = join(dir, `esp-${readdirSync(dir).length}`)
    mkdirSync(join(esp, 'EFI'), { recursive: true })
    writeFileSync(join(esp, 'EFI/ok.efi'), 'fine')
    plant(esp)
    const out = join(dir, `out-esp-${readdirSync(dir).length}`)
    const error = (await buildImage({ root: smallRoot(`root-esp-${readdirSync(dir).length}`), out, installBootLoader: false, partitionTableType: 'efi', espContents: esp }).catch((e: unknown) => e)) as Error & {
      code?: unknown
    }
    expect(error).toBeInstanceOf(Error)
    expect(typeof error.code).toBe('string')
    expect(existsSync(out), 'a failed build leaves no output directory').toBe(false)
  })
})

describe('nothing is written outside out', () => {
  it.each(['../x', '../../escaped', '/tmp/absolute', 'sub/dir'])('baseName %j is refused before anything is written', async (baseName) => {
    const parent = join(dir, `parent-${readdirSync(dir).length}`)
    mkdirSync(parent)
    const before = snapshotDir(parent)
    const error = (await buildImage({ root: smallRoot(`root-bn-${readdirSync(dir).length}`), out: join(parent, 'out'), baseName, installBootLoader: false }).catch((e: unknown) => e)) as Error & {
      data: { issues: Array<{ code: string }> }
    }
    expect(error.data.issues.map((i) => i.code)).toContain('E_INVALID_BASE_NAME')
    expect(snapshotDir(parent)).toEqual(before)
    expect(existsSync('/tmp/absolute.img')).toBe(false)
  })

  it('baseName ".." names a file inside out, and nothing beside out changes', async () => {
    const parent = join(dir, 'parent-dots')
    mkdirSync(parent)
    writeFileSync(join(parent, 'neighbour'), 'keep')
    const out = join(parent, 'out')
    const result = await buildImage({ root: smallRoot('root-dots'), out, baseName: '..', installBootLoader: false })
    expect(result.imagePath).toBe(join(out, '...img'))
    expect(readdirSync(parent).sort()).toEqual(['neighbour', 'out'])
    expect(readdirSync(out).sort()).toEqual(['...img', 'nix-support'])
  })
})

describe('the untrusted bootloader command runs only inside the VM', () => {
  it('it runs chrooted in the image (its file lands in the root fs), cannot touch or read the host', { timeout: 2_400_000 }, async () => {
    const fixture = await debianTree({ kernel: true, grub: 'both' })
    const version = readdirSync(join(fixture, 'lib/modules'))[0]!
    // A tiny root: a static busybox as /bin/sh, the fixture's kernel; its modules directory is
    // a symlink the host-side VM helper reads (in the image it is just a dangling link).
    const root = smallRoot('root-vm')
    mkdirSync(join(root, 'bin'))
    copyFileSync('/bin/busybox', join(root, 'bin/busybox'))
    for (const applet of ['sh', 'cat', 'echo', 'touch']) symlinkSync('busybox', join(root, 'bin', applet))
    mkdirSync(join(root, 'boot'))
    copyFileSync(join(fixture, 'boot', `vmlinuz-${version}`), join(root, 'boot', `vmlinuz-${version}`))
    mkdirSync(join(root, 'lib/modules'), { recursive: true })
    symlinkSync(join(fixture, 'lib/modules', version), join(root, 'lib/modules', version))
    const hostMarker = join(dir, 'host-marker')
    const command = `touch ${hostMarker} 2>/dev/null; echo ran-in-vm > /ran-in-vm; cat ${secret} > /stolen 2>/dev/null; true`
    const out = join(dir, 'out-vm')
    const { imagePath, layout } = await buildImage({ root, out, installBootLoader: true, bootLoaderCommand: command })
    expect(existsSync(hostMarker), 'the command touched a host path').toBe(false)
    const offset = layout.partitions.find((p) => p.role === 'root')!.firstLba * 512
    expect(debugfs(imagePath, offset, 'cat /ran-in-vm')).toBe('ran-in-vm\n')
    expect(debugfs(imagePath, offset, 'cat /stolen'), 'the command read a host file').toBe('')
    expect(fileContains(imagePath, SECRET)).toBe(false)
  })
})

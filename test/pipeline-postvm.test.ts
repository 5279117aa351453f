import { beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildImage, InvalidOptionsError, PostVMFailedError, PostVMSyntaxError, type ProgressEvent } from '@diskimage/core'
import { generateTree } from './helpers/generateTree.js'

// postVM: the reference's shell code after the build, with $out and $diskImage (docs/reference.md).
// The results are judged by the tools the scripts run (qemu-img compare, gzip) against a build without postVM.

let work: string
let tree: string
const base = { partitionTableType: 'legacy', additionalSpace: '8M', installBootLoader: false } as const

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'postvm-'))
  tree = generateTree(join(work, 'tree'))
})

const listOut = (dir: string): string[] => readdirSync(dir, { recursive: true }).map(String).sort()

describe('postVM', () => {
  it('runs after the image is in out, with $out and $diskImage, like nixpkgs images that convert and describe themselves', async () => {
    const out = join(work, 'convert')
    const lines: string[] = []
    const script = [
      'qemu-img convert -f qcow2 -O vdi "$diskImage" "$out/extra.vdi"',
      'printf \'{ "file": "%s" }\\n\' "$diskImage" > "$out/nix-support/image-info.json"',
      'echo "cwd entries: $(ls -A | wc -l)"',
      'echo "to stderr" >&2',
    ].join('\n')
    const r = await buildImage({ ...base, root: tree, out, format: 'qcow2', postVM: script, onProgress: (e: ProgressEvent) => e.phase === 'postVM' && lines.push(e.message) })
    expect(r.imagePath).toBe(join(out, 'nixos.qcow2'))
    // qemu-img itself says the file the script made from $diskImage holds the same disk.
    expect(execFileSync('qemu-img', ['compare', '-f', 'qcow2', '-F', 'vdi', r.imagePath, join(out, 'extra.vdi')], { encoding: 'utf8' })).toContain('Images are identical')
    expect(JSON.parse(readFileSync(join(out, 'nix-support/image-info.json'), 'utf8'))).toEqual({ file: r.imagePath })
    // The products file was there before the script ran (the script added to its directory).
    expect(readFileSync(r.hydraBuildProducts, 'utf8')).toBe(`file qcow2-image ${r.imagePath}\n`)
    expect(lines).toContain('cwd entries: 0') // an empty working directory, not out
    expect(lines).toContain('to stderr')
    expect(r.files).toEqual(['extra.vdi', 'nix-support/hydra-build-products', 'nix-support/image-info.json', 'nixos.qcow2'].map((f) => join(out, f)))
    expect(listOut(out)).toEqual(['extra.vdi', 'nix-support', 'nix-support/hydra-build-products', 'nix-support/image-info.json', 'nixos.qcow2'])
  })

  it('may replace the image: gzip --rm leaves the same bytes compressed, and files says so', async () => {
    const plain = await buildImage({ ...base, root: tree, out: join(work, 'plain') })
    const out = join(work, 'gzip')
    const r = await buildImage({ ...base, root: tree, out, postVM: 'gzip -n "$diskImage"' })
    expect(existsSync(r.imagePath)).toBe(false)
    expect(r.files).toEqual([join(out, 'nix-support/hydra-build-products'), join(out, 'nixos.img.gz')])
    const unzipped = execFileSync('gzip', ['-dc', join(out, 'nixos.img.gz')], { maxBuffer: 1 << 30 })
    expect(unzipped.equals(readFileSync(plain.imagePath))).toBe(true)
  })

  it('a failing script fails the build and takes its outputs and the image with it; what out held, an earlier image too, comes back', async () => {
    const out = join(work, 'fails')
    mkdirSync(out)
    writeFileSync(join(out, 'keep.txt'), 'mine\n')
    // An earlier build's results under the same names: the failed build must give them back unchanged.
    mkdirSync(join(out, 'nix-support'))
    writeFileSync(join(out, 'nixos.img'), 'an earlier image\n')
    writeFileSync(join(out, 'nix-support/hydra-build-products'), 'file raw-image earlier\n')
    const script = 'echo made > "$out/partial"; mkdir -p "$out/sub/deeper"; touch "$out/sub/deeper/x"; echo "about to fail" >&2; exit 3'
    const error = await buildImage({ ...base, root: tree, out, postVM: script }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PostVMFailedError)
    const failed = error as PostVMFailedError
    expect(failed.code).toBe('E_POST_VM_FAILED')
    expect(failed.data).toMatchObject({ exitCode: 3, signal: null })
    expect(failed.data.output).toContain('about to fail')
    expect(failed.message).toContain('exited with status 3')
    expect(listOut(out)).toEqual(['keep.txt', 'nix-support', 'nix-support/hydra-build-products', 'nixos.img'])
    expect(readFileSync(join(out, 'nixos.img'), 'utf8')).toBe('an earlier image\n')
    expect(readFileSync(join(out, 'nix-support/hydra-build-products'), 'utf8')).toBe('file raw-image earlier\n')
  })

  it('runs under set -euo pipefail, as nixpkgs\' stdenv runs it: a failing stage of a pipe or an unset variable fails', async () => {
    for (const [name, script] of [['pipefail', 'false | cat'], ['nounset', 'echo "$surely_not_set_anywhere"'], ['errexit', 'false; echo unreachable']] as const) {
      const out = join(work, name)
      const error = await buildImage({ ...base, root: tree, out, postVM: script }).catch((e: unknown) => e)
      expect(error, name).toBeInstanceOf(PostVMFailedError)
      expect((error as PostVMFailedError).data.output, name).not.toContain('unreachable')
      expect(existsSync(out), name).toBe(false) // the directory the build made is gone too
    }
  })

  it('a signal is reported as such', async () => {
    const error = await buildImage({ ...base, root: tree, out: join(work, 'killed'), postVM: 'kill -TERM $$' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PostVMFailedError)
    expect((error as PostVMFailedError).data).toMatchObject({ exitCode: null, signal: 'SIGTERM' })
  })

  it('shell code bash cannot parse is refused with the other option problems, before anything is written', async () => {
    const out = join(work, 'syntax')
    const error = await buildImage({ ...base, root: tree, out, label: 'x'.repeat(20), postVM: 'if true; then echo' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidOptionsError)
    const issues = (error as InvalidOptionsError).data.issues
    const syntax = issues.find((i) => i instanceof PostVMSyntaxError) as PostVMSyntaxError
    expect(syntax.code).toBe('E_POST_VM_SYNTAX')
    // bash's own words (the same parse as `bash -n -c`), naming the problem.
    const native = execFileSync('bash', ['-c', 'bash -n -c "if true; then echo" 2>&1 || true'], { encoding: 'utf8' }).trim().replace(/^bash: -c: /, '')
    expect(syntax.message).toContain(native)
    expect(syntax.message).toMatch(/^postVM: /)
    expect(issues.map((i) => i.code)).toContain('E_LABEL_TOO_LONG')
    expect(existsSync(out)).toBe(false)
  })

  it('an empty or blank postVM runs nothing', async () => {
    const out = join(work, 'blank')
    const lines: ProgressEvent[] = []
    const r = await buildImage({ ...base, root: tree, out, postVM: '  \n', onProgress: (e) => lines.push(e) })
    expect(lines.some((e) => e.phase === 'postVM')).toBe(false)
    expect(r.files).toEqual([join(out, 'nix-support/hydra-build-products'), join(out, 'nixos.img')])
  })
})

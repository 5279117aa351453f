import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ext4Names, parseOutput, type Ext4Names } from './ext4Names.js'

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: 'pipe' })

describe('ext4Names', () => {
  it('reads the owners and paths native debugfs and the WASM debugfs report alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ext4names-'))
    try {
      mkdirSync(join(dir, 'tree/etc'), { recursive: true })
      writeFileSync(join(dir, 'tree/etc/motd'), 'hello\n')
      const image = join(dir, 'fs.img')
      sh('truncate', ['-s', '8M', image])
      sh('mkfs.ext4', ['-q', '-F', '-b', '4096', '-d', join(dir, 'tree'), image])
      // Positions and the expected answers from native debugfs.
      const inode = Number(/Inode (\d+)/.exec(sh('debugfs', ['-R', 'imap /etc/motd', image]))![1])
      const block = Number(sh('debugfs', ['-R', 'bmap /etc/motd 0', image]).trim())
      const etc = Number(/Inode (\d+)/.exec(sh('debugfs', ['-R', 'imap /etc', image]))![1])
      writeFileSync(join(dir, 'commands'), `icheck ${block} 1\nncheck ${inode} ${etc}\n`)
      const native: Ext4Names = { blockOwners: new Map(), inodePaths: new Map() }
      parseOutput(sh('debugfs', ['-f', join(dir, 'commands'), image]), native)
      expect([...native.blockOwners]).toEqual([[block, inode]])
      expect(new Map(native.inodePaths)).toEqual(new Map([[inode, '/etc/motd'], [etc, '/etc']]))

      const wasm = await ext4Names(image, [block], [etc])
      expect(wasm.blockOwners.get(block)).toBe(inode)
      expect(wasm.inodePaths.get(inode)).toBe('/etc/motd') // found by the second run: an owner icheck reported
      expect(wasm.inodePaths.get(etc)).toBe('/etc')
      expect(wasm.inodePaths.get(8)).toBe('<journal>')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

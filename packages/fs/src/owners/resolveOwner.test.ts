import { describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { resolveOwner, parseIdFile } from './resolveOwner.js'
import { UnknownOwnerError } from '../errors/UnknownOwnerError.js'

const tree = (passwd: string, group: string) => {
  const d = mkdtempSync(join(tmpdir(), 'owners-'))
  mkdirSync(join(d, 'etc'))
  writeFileSync(join(d, 'etc/passwd'), passwd)
  writeFileSync(join(d, 'etc/group'), group)
  return d
}

describe('resolveOwner', () => {
  it('agrees with getent on the host passwd and group files', () => {
    // The host's own files are real-world input; getent is the oracle for name → id.
    const host = '/'
    for (const [user, group] of [['root', 'root'], ['daemon', 'daemon'], ['nobody', 'nogroup']] as const) {
      const uid = Number(execFileSync('getent', ['passwd', user], { encoding: 'utf8' }).split(':')[2])
      const gid = Number(execFileSync('getent', ['group', group], { encoding: 'utf8' }).split(':')[2])
      expect(resolveOwner([host], user, group, '/x')).toEqual({ uid, gid })
    }
  })

  it('searches the overlay first, then the root tree', () => {
    const overlay = tree('alice:x:1500:1500::/home/alice:/bin/sh\n', 'staff:x:50:\n')
    const root = tree('alice:x:1000:1000::/:/bin/sh\nbob:x:1001:1001::/:/bin/sh\n', 'staff:x:60:\nusers:x:100:\n')
    expect(resolveOwner([overlay, root], 'alice', 'staff', '/x')).toEqual({ uid: 1500, gid: 50 })
    // the overlay's passwd replaces the root tree's: bob is unknown in the image
    expect(() => resolveOwner([overlay, root], 'bob', 'staff', '/x')).toThrow(UnknownOwnerError)
    expect(resolveOwner([join(overlay, 'none'), root], 'bob', 'users', '/x')).toEqual({ uid: 1001, gid: 100 })
  })

  it('passes numeric ids through and names the missing user, file and target', () => {
    const root = tree('root:x:0:0::/root:/bin/sh\n', 'root:x:0:\n')
    expect(resolveOwner([root], '42', '43', '/x')).toEqual({ uid: 42, gid: 43 })
    expect(() => resolveOwner([root], 'mallory', 'root', '/etc/motd')).toThrow(
      'contents: user "mallory" for target /etc/motd is not defined in the image\'s /etc/passwd; add it to /etc/passwd in the root tree, or use a numeric id.',
    )
    expect(() => resolveOwner([root], 'root', 'wheel', '/etc/motd')).toThrow(/group "wheel" .* \/etc\/group/)
  })

  it('skips comments and NIS lines, first entry wins', () => {
    expect([...parseIdFile('# c\n+nis\nroot:x:0:0::/:\nroot:x:5:5::/:\nbad:x:y:\n')]).toEqual([['root', 0]])
  })
})

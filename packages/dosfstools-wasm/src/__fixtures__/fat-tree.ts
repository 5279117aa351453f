import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Deterministic pseudo-random bytes (SHA-256 in counter mode), so every run copies the same data. */
export function pseudoRandomBytes(length: number, seed: string): Buffer {
  const out = Buffer.alloc(length)
  for (let offset = 0, counter = 0; offset < length; counter++) {
    offset += createHash('sha256').update(`${seed}:${counter}`).digest().copy(out, offset)
  }
  return out
}

/**
 * A name with no character in DOS code page 850. Its short name (______~1.TXT) is made from
 * iconv's replacement characters, which differ between glibc (native mtools: "?", no ~1
 * tail) and musl (WASM: "*", ~1 tail); the long name, what every OS shows, is the same.
 */
export const CJK_NAME = 'ünïcödé-verzeichnis/日本語のファイル名.txt'

/**
 * Writes the tree the FAT tests copy: nested directories, long names (beyond 8.3, mixed
 * case, spaces, several dots), UTF-8 names, empty files, names whose short forms collide
 * (FOO~1, FOO~2), and a multi-megabyte file.
 *
 * Non-ASCII names are all longer than 8.3 on purpose: native mtools reads a non-ASCII name
 * stored as a short name only back with its case mangled ("ÜnÏ" for "ünï"), native and WASM
 * images alike. Characters beyond U+FFFF (emoji) are dropped by mtools 4.0.32 from long
 * names, native too, so the tree has none.
 */
export function writeFatTree(root: string, bigFileBytes = 3 * 1024 * 1024 + 123): void {
  const files: Record<string, Buffer | string> = {
    'README.TXT': 'plain 8.3 name\n',
    'Long File Name With Spaces.txt': 'long name\n',
    'archive.tar.gz.part1': 'several dots\n',
    'empty': '',
    'EFI/BOOT/BOOTX64.EFI': pseudoRandomBytes(70_000, 'bootx64'),
    'EFI/BOOT/grub.cfg': 'set timeout=5\n',
    'EFI/systemd/systemd-bootx64.efi': pseudoRandomBytes(90_001, 'sdboot'),
    'loader/entries/nixos-generation-1.conf': 'title NixOS\nlinux /kernel\n',
    'loader/entries/nixos-generation-2.conf': 'title NixOS 2\n',
    'loader/entries/nixos-generation-3.conf': 'title NixOS 3\n',
    'deep/a/b/c/d/e/f/g/leaf.txt': 'deep\n',
    'deep/a/b/c/empty-file': '',
    'ünïcödé-verzeichnis/größe-der-datei.txt': 'utf-8 names\n',
    'ünïcödé-verzeichnis/Straße.txt': 'sharp s in the short name\n',
    'ünïcödé-verzeichnis/naïve résumé.doc': 'latin-1\n',
    [CJK_NAME]: 'not in code page 850\n',
    'big/initrd.img': pseudoRandomBytes(bigFileBytes, 'initrd'),
    'big/kernel': pseudoRandomBytes(1_048_576, 'kernel'),
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  mkdirSync(join(root, 'empty-dir'), { recursive: true })
}

/** Every path below `root` (directories end in "/") mapped to its content's sha256 ("" for directories). */
export function treeDigest(root: string): Map<string, string> {
  const digest = new Map<string, string>()
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) {
        digest.set(`${prefix}${name}/`, '')
        walk(path, `${prefix}${name}/`)
      } else {
        digest.set(prefix + name, createHash('sha256').update(readFileSync(path)).digest('hex'))
      }
    }
  }
  walk(root, '')
  return digest
}

const UUID_TEXT = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

/**
 * The HMAC key a `seed` stands for. A seed written as a UUID (8-4-4-4-12 hex,
 * or the same 32 digits without dashes, any case) is its 16 bytes in text order
 * — what systemd-repart does with `--seed=`, so the same UUID gives the same
 * disk and partition GUIDs with both tools. Any other string is its UTF-8
 * bytes. The seed is only ever used as a key, never hashed into the output in
 * the clear, so identifiers do not reveal it (repart's reason too).
 */
export function seedKey(seed: string): Buffer {
  if (UUID_TEXT.test(seed)) return Buffer.from(seed.replace(/-/g, ''), 'hex')
  return Buffer.from(seed, 'utf8')
}

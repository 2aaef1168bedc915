/**
 * The keys of an import in little, for the add-on's finish: it has to know whether the import holds
 * the key of a row of a settlement period it replaces, and the dialog holds the keys (the server keeps
 * nothing between calls). Sending 50,000 keys of ~60 characters would not fit a call, so the dialog
 * sends a 53-bit hash of each (cyrb53: two 32-bit multiply-xorshift lanes), 9 characters, sorted and
 * packed into one string.
 *
 * Only when a period really loses rows (the finish compares counts first) is this needed at all. A
 * row whose key hash equals the hash of an imported key while the key itself differs would be KEPT
 * (never wrongly removed); for 50,000 imported keys and 1,000 rows to remove the chance of that is
 * about 50,000 × 1,000 / 2^53 ≈ 6 in a billion per import.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
export const HASH_CHARS = 9; // 9 × 6 bits ≥ 53

/** cyrb53 (bryc, public domain): a fast 53-bit string hash. */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A key's hash as 9 characters. */
export function keyHash(key: string): string {
  let n = cyrb53(key);
  let out = '';
  for (let i = 0; i < HASH_CHARS; i++) {
    out = ALPHABET[n % 64] + out;
    n = Math.floor(n / 64);
  }
  return out;
}

/** The distinct hashes of `keys`, sorted, as one string. */
export function packHashes(keys: Iterable<string>): string {
  const hashes = new Set<string>();
  for (const key of keys) hashes.add(keyHash(key));
  return [...hashes].sort().join('');
}

/** The hashes of a packed string (its length must be a multiple of HASH_CHARS). */
export function unpackHashes(packed: string): Set<string> {
  if (packed.length % HASH_CHARS !== 0) throw new Error('packed key hashes have a bad length');
  const out = new Set<string>();
  for (let i = 0; i < packed.length; i += HASH_CHARS) out.add(packed.slice(i, i + HASH_CHARS));
  return out;
}

/** Small, fast 32-bit hashes for model states and bitsets. */

/** Mixes a 32-bit integer (murmur3 finalizer). */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a over the UTF-16 code units of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** A hash of any JSON-like value, consistent with deep equality of its JSON form. */
export function hashValue(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number')
    return Number.isInteger(v) ? mix32(v | 0) ^ (v / 4294967296) : hashString(String(v));
  if (typeof v === 'string') return hashString(v);
  if (typeof v === 'boolean') return v ? 1 : 2;
  return hashString(JSON.stringify(v) ?? '');
}

/**
 * Fills `out` with a deterministic pseudo-random 32-bit sequence (mulberry32), for per-op
 * bitset hash values, and returns it.
 */
export function fillRandomWords(out: Int32Array, seed = 0x9e3779b9): Int32Array {
  const n = out.length;
  let a = seed | 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = t ^ (t >>> 14);
  }
  return out;
}

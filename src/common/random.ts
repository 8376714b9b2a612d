/**
 * A small seeded PRNG (splitmix32 seeding xoshiro128**, all in 32-bit integer ops).
 * Same seed => same stream, on every platform. Used for the generator and the nemesis schedule.
 */
export interface Random {
  /** The seed this stream started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n); `n` must be a positive integer. */
  int(n: number): number;
  /** An integer in [lo, hi] (inclusive). */
  between(lo: number, hi: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new array with the elements in a random order. */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent stream derived from this one's seed and a label (e.g. `nemesis`). */
  fork(label: string): Random;
}

/** Largest seed accepted: seeds are unsigned 32-bit integers, so they print and re-type exactly. */
export const MAX_SEED = 0xffffffff;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A seeded stream. `seed` must be an integer in [0, MAX_SEED]. */
export function createRandom(seed: number): Random {
  const init = splitmix32(seed);
  // xoshiro128** state
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  if ((a | b | c | d) === 0) a = 1;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    return result;
  };
  const next = (): number => nextU32() / 0x100000000;
  const int = (n: number): number => Math.floor(next() * n);
  const random: Random = {
    seed,
    next,
    int,
    between: (lo, hi) => lo + int(hi - lo + 1),
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('Random.pick: empty array');
      return items[int(items.length)] as T;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    },
    fork: (label) => createRandom((seed ^ hashLabel(label)) >>> 0),
  };
  return random;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A fresh seed from the OS's randomness, for runs without `--seed`. */
export function randomSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0] ?? 1;
}

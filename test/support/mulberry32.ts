/**
 * mulberry32, a small seeded PRNG: floats in [0, 1), the same stream for the same seed on
 * every platform. For the generated histories of the benchmarks and the report tests, so
 * every run checks the same data (the product's own PRNG is `src/common/random.ts`).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

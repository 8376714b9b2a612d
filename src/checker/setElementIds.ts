/**
 * Dense integer ids for the set workload's elements, so the set checker tests membership in
 * typed arrays instead of hashing strings. The workload writes `e<n>` (n = op number): such an
 * element is id `n` directly. Any other string (and `e<n>` with a leading zero or a huge `n`)
 * gets an id after the numeric range, from a map. Use: `raw`/`rawAll` every string, then
 * `finish` (returns the id count), then `resolve` each array of raw ids into final ids.
 */
export class ElementIds {
  /** Largest `n` used as an id directly; larger ones go through the map. */
  private readonly limit: number;
  private maxNumeric = -1;
  private readonly others = new Map<string, number>();
  private base = -1;

  /** `expected`: about how many strings will be given (bounds the numeric range). */
  constructor(expected: number) {
    this.limit = Math.max(1 << 20, 2 * expected);
  }

  /** A raw id: `n >= 0` for `e<n>`, `-(k + 1)` for the k-th other string. */
  raw(s: string): number {
    const n = elementNumber(s);
    if (n >= 0 && n <= this.limit) {
      if (n > this.maxNumeric) this.maxNumeric = n;
      return n;
    }
    let k = this.others.get(s);
    if (k === undefined) {
      k = this.others.size;
      this.others.set(s, k);
    }
    return -(k + 1);
  }

  /** Raw ids of every string of `strings`, in order. */
  rawAll(strings: readonly string[]): Int32Array {
    const out = new Int32Array(strings.length);
    for (let i = 0; i < strings.length; i++) out[i] = this.raw(strings[i] as string);
    return out;
  }

  /** No more strings: returns the number of ids (every final id is below it). */
  finish(): number {
    this.base = this.maxNumeric + 1;
    return this.base + this.others.size;
  }

  /** Turn raw ids into final ids in place (after `finish`). */
  resolve(ids: Int32Array): void {
    const base = this.base;
    for (let i = 0; i < ids.length; i++) {
      const r = ids[i] as number;
      if (r < 0) ids[i] = base - r - 1;
    }
  }
}

/** `n` for a canonical `e<n>` (no sign, no leading zero, at most 9 digits), else -1. */
export function elementNumber(s: string): number {
  const len = s.length;
  if (len < 2 || len > 10 || s.charCodeAt(0) !== 101) return -1;
  if (len > 2 && s.charCodeAt(1) === 48) return -1;
  let n = 0;
  for (let i = 1; i < len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

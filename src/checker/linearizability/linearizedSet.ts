/**
 * The set of ops the search has linearized, kept so that cache entries are small: ops are
 * numbered by call order (rank), and the set is every rank below `frontier` except the
 * `holes`. A call can only be linearized while no unlinearized op has returned before it, so
 * the holes are the ops still pending at the frontier (bounded by the concurrency) plus ops
 * without a return that were left out. A cache entry is (frontier, holes): O(holes), not O(ops).
 *
 * Changes are LIFO, as the search makes them: `add` pushes, `removeLast` undoes the last add.
 * `hash` is maintained incrementally (XOR of per-rank random words), so it depends on the set
 * only. A bitset of the current set (one per search) answers `has` in O(1), so a candidate
 * "this set plus one rank" can be compared with a cache entry without changing the set.
 */
import { fillRandomWords } from './hash.js';
import { Int32Slab } from './int32Slab.js';

export class LinearizedSet {
  /** 32-bit hash of the set. */
  hash = 0;
  /** Number of ranks in the set. */
  count = 0;
  /** Every rank below `frontier` is in the set except the holes; none at or above it is. */
  frontier = 0;
  /** Ranks below `frontier` not in the set, ascending; only the first `holeCount` are valid. */
  readonly holes: Int32Array;
  holeCount = 0;
  private readonly bits: Int32Array;
  private readonly rnd: Int32Array;
  /** The frontier before each add still in effect, to undo it. */
  private readonly savedFrontier: Int32Array;

  /** Words a set over `n` ops takes from a slab. */
  static words(n: number): number {
    return 3 * n + Math.ceil(n / 32);
  }

  constructor(
    /** Number of ops (ranks are 0 .. n-1). */
    n: number,
    /** Where its arrays come from (`words(n)` of it); default a slab of its own. */
    slab: Int32Slab = new Int32Slab(LinearizedSet.words(n)),
  ) {
    this.holes = slab.take(n);
    this.bits = slab.take(Math.ceil(n / 32));
    this.rnd = fillRandomWords(slab.take(n));
    this.savedFrontier = slab.take(n);
  }

  /** Bytes held (all O(ops), once per search). */
  get bytes(): number {
    return (
      this.holes.byteLength +
      this.bits.byteLength +
      this.rnd.byteLength +
      this.savedFrontier.byteLength
    );
  }

  /** Whether `rank` is in the set. */
  has(rank: number): boolean {
    return ((this.bits[rank >>> 5] as number) & (1 << (rank & 31))) !== 0;
  }

  /** The hash the set would have with `rank` added. */
  hashWith(rank: number): number {
    return this.hash ^ (this.rnd[rank] as number);
  }

  /**
   * Whether this set plus `rank` (not in it) equals the set of `frontier` (at least this
   * set's and above `rank`) with `holeCount` holes at `holes[at ..]`.
   */
  equalsWith(
    rank: number,
    frontier: number,
    holes: Int32Array,
    at: number,
    holeCount: number,
  ): boolean {
    // Both sets lie below `frontier`; same size, and no stored hole in this one: equal.
    if (frontier - holeCount !== this.count + 1) return false;
    for (let i = at, end = at + holeCount; i < end; i++) {
      const h = holes[i] as number;
      if (h === rank || this.has(h)) return false;
    }
    return true;
  }

  /** Adds `rank`, which must not be in the set. */
  add(rank: number): void {
    this.hash ^= this.rnd[rank] as number;
    this.bits[rank >>> 5] = (this.bits[rank >>> 5] as number) | (1 << (rank & 31));
    const f = this.frontier;
    this.savedFrontier[this.count++] = f;
    const holes = this.holes;
    if (rank >= f) {
      // the ranks between the old frontier and `rank` become holes
      let c = this.holeCount;
      for (let k = f; k < rank; k++) holes[c++] = k;
      this.holeCount = c;
      this.frontier = rank + 1;
      return;
    }
    // fill the hole (recent holes are at the end: search from there)
    const c = --this.holeCount;
    let i = c;
    while ((holes[i] as number) !== rank) i--;
    for (; i < c; i++) holes[i] = holes[i + 1] as number;
  }

  /** Undoes the last `add`, which added `rank`. */
  removeLast(rank: number): void {
    this.hash ^= this.rnd[rank] as number;
    this.bits[rank >>> 5] = (this.bits[rank >>> 5] as number) & ~(1 << (rank & 31));
    const f = this.savedFrontier[--this.count] as number;
    if (f !== this.frontier) {
      // `rank` had moved the frontier: the holes it opened are the last ones again
      this.holeCount -= rank - f;
      this.frontier = f;
      return;
    }
    const holes = this.holes;
    let i = this.holeCount++;
    while (i > 0 && (holes[i - 1] as number) > rank) {
      holes[i] = holes[i - 1] as number;
      i--;
    }
    holes[i] = rank;
  }
}

/**
 * The search cache: the set of (linearized ops as a bitset, model state) pairs already seen.
 * Stored in typed arrays (an open hash table with chaining, a bitset arena), so inserting
 * allocates nothing but an occasional doubling. The key combines the bitset's hash and the
 * model state's hash; without the state hash, histories with many states per bitset (the kv
 * files) run an order of magnitude slower.
 */
export class StateCache<S> {
  /** Number of entries. */
  size = 0;
  private readonly words: number;
  private heads: Int32Array;
  private mask: number;
  private entryKey: Int32Array;
  private entryBitHash: Int32Array;
  private entryStateHash: Int32Array;
  private entryNext: Int32Array;
  private entryState: S[] = [];
  private bitsArena: Int32Array;

  constructor(
    /** Words (32 bits) per bitset. */
    words: number,
    private readonly equal: (a: S, b: S) => boolean,
  ) {
    this.words = words;
    const cap = 64;
    this.heads = new Int32Array(cap * 2).fill(-1);
    this.mask = cap * 2 - 1;
    this.entryKey = new Int32Array(cap);
    this.entryBitHash = new Int32Array(cap);
    this.entryStateHash = new Int32Array(cap);
    this.entryNext = new Int32Array(cap);
    this.bitsArena = new Int32Array(cap * Math.max(1, words));
  }

  /** Approximate bytes held by the cache (typed arrays; states are counted by the caller). */
  get bytes(): number {
    return (
      this.heads.byteLength +
      this.entryKey.byteLength * 4 +
      this.bitsArena.byteLength +
      this.entryState.length * 8
    );
  }

  /**
   * Adds (bits, state) unless an equal pair is present. Returns true if it was added.
   * `bitHash` must be a hash of `bits`, `stateHash` a hash of `state` consistent with `equal`.
   */
  add(bits: Int32Array, bitHash: number, state: S, stateHash: number): boolean {
    const key = (bitHash ^ Math.imul(stateHash, 0x9e3779b1)) | 0;
    const w = this.words;
    const arena = this.bitsArena;
    for (let e = this.heads[key & this.mask] as number; e >= 0; e = this.entryNext[e] as number) {
      if (this.entryBitHash[e] !== bitHash || this.entryStateHash[e] !== stateHash) continue;
      let same = true;
      const base = e * w;
      for (let i = 0; i < w; i++) {
        if (arena[base + i] !== bits[i]) {
          same = false;
          break;
        }
      }
      if (same && this.equal(this.entryState[e] as S, state)) return false;
    }
    if (this.size === this.entryKey.length) this.grow();
    const e = this.size++;
    this.entryKey[e] = key;
    this.entryBitHash[e] = bitHash;
    this.entryStateHash[e] = stateHash;
    this.entryState.push(state);
    this.bitsArena.set(bits, e * w);
    const slot = key & this.mask;
    this.entryNext[e] = this.heads[slot] as number;
    this.heads[slot] = e;
    return true;
  }

  private grow(): void {
    const cap = this.entryKey.length * 2;
    const growTo = (a: Int32Array, n: number): Int32Array => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.entryKey = growTo(this.entryKey, cap);
    this.entryBitHash = growTo(this.entryBitHash, cap);
    this.entryStateHash = growTo(this.entryStateHash, cap);
    this.entryNext = growTo(this.entryNext, cap);
    this.bitsArena = growTo(this.bitsArena, cap * Math.max(1, this.words));
    this.heads = new Int32Array(cap * 2).fill(-1);
    this.mask = cap * 2 - 1;
    for (let e = 0; e < this.size; e++) {
      const slot = (this.entryKey[e] as number) & this.mask;
      this.entryNext[e] = this.heads[slot] as number;
      this.heads[slot] = e;
    }
  }
}

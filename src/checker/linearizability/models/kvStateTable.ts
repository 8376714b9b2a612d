/**
 * The map states of the kv-single model, each once, by a small integer id (0 is the empty
 * map): a state is a vector of value ids (`KvValueTable`), one per key, kept in one typed
 * array, with a hash maintained per key change. Two ids are equal iff their maps are, so the
 * search compares and caches integers and a step allocates nothing once its state exists.
 */
import { IdChains } from './idChains.js';

export class KvStateTable {
  /** Number of states. */
  size = 1;
  /** Value ids per key in each state: state s at `s * width`. */
  private width: number;
  private vec: Int32Array;
  private hashOf = new Int32Array(64);
  private readonly chains = new IdChains();

  constructor(keys: number) {
    this.width = Math.max(1, keys);
    this.vec = new Int32Array(64 * this.width);
    this.chains.link(0, 0);
  }

  /** Approximate bytes held. */
  get bytes(): number {
    return this.vec.byteLength + this.hashOf.byteLength + this.chains.bytes;
  }

  /** Value id of key `k` in state `s` (0: the key is missing). */
  value(s: number, k: number): number {
    return k < this.width ? (this.vec[s * this.width + k] as number) : 0;
  }

  /** The hash of state `s`. */
  hash(s: number): number {
    return this.hashOf[s] as number;
  }

  /**
   * The id of state `s` with key `k` set to value id `v` (not the key's value in `s`), whose
   * hash is `h` (the caller keeps the hash, a function of the vector: `s`'s with the key's
   * old value swapped for the new; the empty map's is 0).
   */
  with(s: number, k: number, v: number, h: number): number {
    if (k >= this.width) this.widen(k + 1);
    const w = this.width;
    const vec = this.vec;
    const from = s * w;
    for (let c = this.chains.first(h); c >= 0; c = this.chains.next(c)) {
      if (this.hashOf[c] === h && vec[c * w + k] === v) {
        const at = c * w;
        let i = 0;
        while (i < w && (i === k || vec[at + i] === vec[from + i])) i++;
        if (i === w) return c;
      }
    }
    const id = this.size++;
    if (id === this.hashOf.length) this.grow();
    const at = id * w;
    this.vec.copyWithin(at, from, from + w);
    this.vec[at + k] = v;
    this.hashOf[id] = h;
    this.chains.link(id, h);
    return id;
  }

  private grow(): void {
    const cap = this.hashOf.length * 2;
    const hashOf = new Int32Array(cap);
    hashOf.set(this.hashOf);
    this.hashOf = hashOf;
    const vec = new Int32Array(cap * this.width);
    vec.set(this.vec);
    this.vec = vec;
    this.chains.grow(cap, this.size - 1, hashOf);
  }

  /** Lays the vectors out `width` wide (a key first named after states were made). */
  private widen(width: number): void {
    const old = this.vec;
    const w = this.width;
    const vec = new Int32Array(this.hashOf.length * width);
    for (let s = 0; s < this.size; s++) vec.set(old.subarray(s * w, s * w + w), s * width);
    this.vec = vec;
    this.width = width;
  }
}

/**
 * The search cache: the set of (linearized set, model state) pairs already seen. Stored in
 * typed arrays (an open hash table with chaining: one record of a few ints per entry, the
 * holes of every linearized set in one arena), so inserting allocates nothing but an
 * occasional doubling, and an entry costs O(holes) bytes, not O(ops). The key combines the
 * set's hash and the model state's hash; without the state hash, histories with many states
 * per set (the kv files) run an order of magnitude slower. Its arrays come from the buffer
 * pool and go back to it as the cache doubles and when the search releases it.
 */
import { giveBuffer, takeInt32 } from './bufferPool.js';
import type { LinearizedSet } from './linearizedSet.js';

/** Fields of an entry's record (one record per entry, adjacent in memory: one cache miss). */
const SET_HASH = 0;
const STATE_HASH = 1;
const NEXT = 2;
const FRONTIER = 3;
const HOLES_AT = 4;
const HOLE_COUNT = 5;
const STRIDE = 6;

const keyOf = (setHash: number, stateHash: number): number =>
  (setHash ^ Math.imul(stateHash, 0x9e3779b1)) | 0;

export class StateCache<S> {
  /** Number of entries. */
  size = 0;
  private capacity: number;
  /** First entry of each hash chain, or -1. */
  private heads: Int32Array;
  private mask: number;
  private records: Int32Array;
  private entryState: S[] = [];
  private holesArena: Int32Array;
  private arenaUsed = 0;

  /**
   * `equal` compares two states whose hashes agree; without it states are integer ids, each
   * its own hash (`Model.idStates`): the records hold them and no state is kept apart.
   * `capacity` is the number of entries to make room for at first (a power of two, at least
   * 2); the cache doubles past it.
   */
  constructor(
    private readonly equal: ((a: S, b: S) => boolean) | undefined,
    capacity = 64,
  ) {
    if (!(capacity >= 2 && (capacity & (capacity - 1)) === 0))
      throw new Error(`StateCache: capacity must be a power of two >= 2, got ${capacity}`);
    this.capacity = capacity;
    this.records = takeInt32(capacity * STRIDE);
    this.heads = takeInt32(capacity * 2, -1);
    this.holesArena = takeInt32(capacity);
    this.mask = capacity * 2 - 1;
  }

  /**
   * Gives the cache's arrays back to the buffer pool; the cache is empty and unusable after
   * (a second call does nothing).
   */
  release(): void {
    if (this.records.length === 0) return;
    for (const a of [this.records, this.heads, this.holesArena]) giveBuffer(a.buffer);
    this.records = this.heads = this.holesArena = new Int32Array(0);
    this.entryState = [];
    this.size = this.capacity = this.arenaUsed = this.mask = 0;
  }

  /** Approximate bytes held by the cache (typed arrays; states are counted by the caller). */
  get bytes(): number {
    // whole buffers: the pool rounds each up to a power of two (records: 32 bytes an entry)
    return (
      this.heads.buffer.byteLength +
      this.records.buffer.byteLength +
      this.holesArena.buffer.byteLength +
      this.entryState.length * 8
    );
  }

  /**
   * Whether (set plus `rank`, state) is present; `rank` must not be in the set. `stateHash`
   * must be a hash of `state` consistent with `equal` (the state itself without `equal`).
   */
  hasWith(set: LinearizedSet, rank: number, state: S, stateHash: number): boolean {
    const setHash = set.hashWith(rank);
    const key = keyOf(setHash, stateHash);
    const frontier = Math.max(set.frontier, rank + 1);
    const rec = this.records;
    for (let e = this.heads[key & this.mask] as number; e >= 0; e = rec[e + NEXT] as number) {
      if (
        rec[e + SET_HASH] === setHash &&
        rec[e + STATE_HASH] === stateHash &&
        rec[e + FRONTIER] === frontier &&
        set.equalsWith(
          rank,
          frontier,
          this.holesArena,
          rec[e + HOLES_AT] as number,
          rec[e + HOLE_COUNT] as number,
        ) &&
        (this.equal === undefined || this.equal(this.entryState[e / STRIDE] as S, state))
      )
        return true;
    }
    return false;
  }

  /** Adds (set, state), which must not be present (see `hasWith`). */
  add(set: LinearizedSet, state: S, stateHash: number): void {
    const holeCount = set.holeCount;
    if (this.size === this.capacity) this.grow();
    if (this.arenaUsed + holeCount > this.holesArena.length) this.growArena(holeCount);
    const e = this.size++ * STRIDE;
    const r = this.records;
    r[e + SET_HASH] = set.hash;
    r[e + STATE_HASH] = stateHash;
    r[e + FRONTIER] = set.frontier;
    r[e + HOLES_AT] = this.arenaUsed;
    r[e + HOLE_COUNT] = holeCount;
    const arena = this.holesArena;
    const holes = set.holes;
    for (let i = 0, at = this.arenaUsed; i < holeCount; i++) arena[at + i] = holes[i] as number;
    this.arenaUsed += holeCount;
    if (this.equal !== undefined) this.entryState.push(state);
    const slot = keyOf(set.hash, stateHash) & this.mask;
    r[e + NEXT] = this.heads[slot] as number;
    this.heads[slot] = e;
  }

  private growArena(need: number): void {
    const a = takeInt32(Math.max(this.holesArena.length * 2, this.arenaUsed + need));
    a.set(this.holesArena.subarray(0, this.arenaUsed));
    giveBuffer(this.holesArena.buffer);
    this.holesArena = a;
  }

  private grow(): void {
    this.capacity *= 2;
    const r = takeInt32(this.capacity * STRIDE);
    r.set(this.records);
    giveBuffer(this.records.buffer);
    giveBuffer(this.heads.buffer);
    this.records = r;
    this.heads = takeInt32(this.capacity * 2, -1);
    this.mask = this.capacity * 2 - 1;
    for (let e = 0; e < this.size * STRIDE; e += STRIDE) {
      const slot = keyOf(r[e + SET_HASH] as number, r[e + STATE_HASH] as number) & this.mask;
      r[e + NEXT] = this.heads[slot] as number;
      this.heads[slot] = e;
    }
  }
}

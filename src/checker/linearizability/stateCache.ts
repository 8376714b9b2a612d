/**
 * The search cache: the set of (linearized set, model state) pairs already seen. States are
 * integers (a register's interned value, or an `InternedStates` id), so an entry compares
 * without touching a state object. Stored in typed arrays (an open hash table with chaining:
 * one record of a few ints per entry, the holes of every linearized set in one arena), so
 * inserting allocates nothing but an occasional doubling, and an entry costs O(holes) bytes,
 * not O(ops). The key combines the set's hash and the state; without the state, histories
 * with many states per set (the kv files) run an order of magnitude slower.
 */
import type { LinearizedSet } from './linearizedSet.js';

/** Fields of an entry's record (one record per entry, adjacent in memory: one cache miss). */
const SET_HASH = 0;
const STATE = 1;
const NEXT = 2;
const FRONTIER = 3;
const HOLES_AT = 4;
const HOLE_COUNT = 5;
const STRIDE = 6;

const keyOf = (setHash: number, state: number): number =>
  (setHash ^ Math.imul(state, 0x9e3779b1)) | 0;

export class StateCache {
  /** Number of entries. */
  size = 0;
  private capacity = 64;
  /** First entry of each hash chain, or -1. */
  private heads = new Int32Array(128).fill(-1);
  private mask = 127;
  private records = new Int32Array(64 * STRIDE);
  private holesArena = new Int32Array(64);
  private arenaUsed = 0;

  /** Approximate bytes held by the cache. */
  get bytes(): number {
    return this.heads.byteLength + this.records.byteLength + this.holesArena.byteLength;
  }

  /** Whether (set plus `rank`, state) is present; `rank` must not be in the set. */
  hasWith(set: LinearizedSet, rank: number, state: number): boolean {
    const setHash = set.hashWith(rank);
    const key = keyOf(setHash, state);
    const frontier = Math.max(set.frontier, rank + 1);
    const rec = this.records;
    for (let e = this.heads[key & this.mask] as number; e >= 0; e = rec[e + NEXT] as number) {
      if (
        rec[e + SET_HASH] === setHash &&
        rec[e + STATE] === state &&
        rec[e + FRONTIER] === frontier &&
        set.equalsWith(
          rank,
          frontier,
          this.holesArena,
          rec[e + HOLES_AT] as number,
          rec[e + HOLE_COUNT] as number,
        )
      )
        return true;
    }
    return false;
  }

  /** Adds (set, state), which must not be present (see `hasWith`). */
  add(set: LinearizedSet, state: number): void {
    const holeCount = set.holeCount;
    if (this.size === this.capacity) this.grow();
    if (this.arenaUsed + holeCount > this.holesArena.length) this.growArena(holeCount);
    const e = this.size++ * STRIDE;
    const r = this.records;
    r[e + SET_HASH] = set.hash;
    r[e + STATE] = state;
    r[e + FRONTIER] = set.frontier;
    r[e + HOLES_AT] = this.arenaUsed;
    r[e + HOLE_COUNT] = holeCount;
    const arena = this.holesArena;
    const holes = set.holes;
    for (let i = 0, at = this.arenaUsed; i < holeCount; i++) arena[at + i] = holes[i] as number;
    this.arenaUsed += holeCount;
    const slot = keyOf(set.hash, state) & this.mask;
    r[e + NEXT] = this.heads[slot] as number;
    this.heads[slot] = e;
  }

  private growArena(need: number): void {
    const a = new Int32Array(Math.max(this.holesArena.length * 2, this.arenaUsed + need));
    a.set(this.holesArena.subarray(0, this.arenaUsed));
    this.holesArena = a;
  }

  private grow(): void {
    this.capacity *= 2;
    const r = new Int32Array(this.capacity * STRIDE);
    r.set(this.records);
    this.records = r;
    this.heads = new Int32Array(this.capacity * 2).fill(-1);
    this.mask = this.capacity * 2 - 1;
    for (let e = 0; e < this.size * STRIDE; e += STRIDE) {
      const slot = keyOf(r[e + SET_HASH] as number, r[e + STATE] as number) & this.mask;
      r[e + NEXT] = this.heads[slot] as number;
      this.heads[slot] = e;
    }
  }
}

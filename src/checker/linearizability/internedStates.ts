/**
 * The search's view of a model whose states are objects (the kv models): each distinct state
 * gets a small integer id (by the model's `hash` and `equal`), and each step is remembered by
 * (state id, op). The search then holds and caches ids only: a cache entry compares two
 * integers instead of two states, a state reached many times is stored once (not once per
 * cache entry), and a step seen before allocates nothing. On Porcupine's kv histories checked
 * as one history (kvNoPartitionModel) the search takes 1.4 M steps among 60-80 k states and
 * 0.4-0.5 M distinct (state, op) pairs: two steps in three are answered from the memo.
 *
 * Both tables are typed arrays (chained by id for the states, open addressing for the memo),
 * so they grow by doubling and hold no per-entry objects beyond the states themselves.
 */
import { mix32 } from './hash.js';
import { ILLEGAL, type Illegal, type Model } from './model.js';

/** Memo value of an illegal step (ids are >= 0). */
const NO = -1;
/** Memo key of an empty slot. */
const EMPTY = -1;

/** The memo's slot of a key (state id x ops + op, exact in a double). */
const memoSlot = (key: number): number =>
  mix32((key | 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1));

export class InternedStates<S, I> {
  /** Number of distinct states. */
  size = 0;
  private states: S[] = [];
  /** Per state id: its hash and the next id in its hash chain. */
  private hashOf = new Int32Array(64);
  private chain = new Int32Array(64);
  private heads = new Int32Array(128).fill(-1);
  private headMask = 127;

  /**
   * The memo, open addressing: slot i holds the key (state id x ops + op) at 2i and the next
   * state id (or NO) at 2i+1, so a probe reads one cache line.
   */
  private memo = new Float64Array(512).fill(EMPTY);
  private memoCount = 0;
  private memoMask = 255;
  private readonly ops: number;

  constructor(
    private readonly model: Model<S, I>,
    private readonly inputs: readonly I[],
  ) {
    this.ops = inputs.length;
  }

  /** Approximate bytes: the tables, and ~192 bytes per state object. */
  get bytes(): number {
    return (
      this.size * (192 + 8) +
      this.hashOf.byteLength +
      this.chain.byteLength +
      this.heads.byteLength +
      this.memo.byteLength
    );
  }

  /** The state of an id. */
  state(id: number): S {
    return this.states[id] as S;
  }

  /** The id of `s`, new if no equal state has one yet. */
  intern(s: S): number {
    const h = this.model.hash(s) | 0;
    const states = this.states;
    for (let id = this.heads[h & this.headMask] as number; id >= 0; id = this.chain[id] as number)
      if (this.hashOf[id] === h && this.model.equal(states[id] as S, s)) return id;
    const id = this.size++;
    if (id === this.hashOf.length) this.growStates();
    states.push(s);
    this.hashOf[id] = h;
    const slot = h & this.headMask;
    this.chain[id] = this.heads[slot] as number;
    this.heads[slot] = id;
    return id;
  }

  /** The id of the state after op `op` from state `id`, or ILLEGAL. */
  step(id: number, op: number): number | Illegal {
    const memo = this.memo;
    const mask = this.memoMask;
    const key = id * this.ops + op;
    let i = memoSlot(key) & mask;
    for (let k = memo[2 * i] as number; k !== EMPTY; k = memo[2 * i] as number) {
      if (k === key) {
        const n = memo[2 * i + 1] as number;
        return n === NO ? ILLEGAL : n;
      }
      i = (i + 1) & mask;
    }
    const ns = this.model.step(this.states[id] as S, this.inputs[op] as I);
    const next = ns === ILLEGAL ? NO : this.intern(ns);
    memo[2 * i] = key;
    memo[2 * i + 1] = next;
    if (++this.memoCount * 2 > mask) this.growMemo();
    return next === NO ? ILLEGAL : next;
  }

  private growStates(): void {
    const cap = this.hashOf.length * 2;
    const hashOf = new Int32Array(cap);
    hashOf.set(this.hashOf);
    this.hashOf = hashOf;
    this.chain = new Int32Array(cap);
    this.heads = new Int32Array(cap * 2).fill(-1);
    this.headMask = cap * 2 - 1;
    for (let id = 0; id < this.size - 1; id++) {
      const slot = (hashOf[id] as number) & this.headMask;
      this.chain[id] = this.heads[slot] as number;
      this.heads[slot] = id;
    }
  }

  private growMemo(): void {
    const old = this.memo;
    const memo = new Float64Array(old.length * 2).fill(EMPTY);
    const mask = (this.memoMask = old.length - 1);
    for (let i = 0; i < old.length; i += 2) {
      const key = old[i] as number;
      if (key === EMPTY) continue;
      let j = memoSlot(key) & mask;
      while (memo[2 * j] !== EMPTY) j = (j + 1) & mask;
      memo[2 * j] = key;
      memo[2 * j + 1] = old[i + 1] as number;
    }
    this.memo = memo;
  }
}

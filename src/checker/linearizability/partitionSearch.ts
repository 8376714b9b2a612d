/**
 * Porcupine's depth-first search for one partition, written to be resumable: `run(budget)`
 * does at most `budget` iterations and returns, so the caller can interleave partitions, watch
 * the clock and stop early.
 *
 * The history is a doubly linked list of call and return entries in time order (typed arrays;
 * entry 0 is the head). The search walks the list: at a call it tries to linearize the op
 * (model step legal and the (linearized set, state) pair not yet seen); if so it lifts the call
 * and its return out of the list, pushes, and restarts from the head. At a return of an op not
 * yet linearized it backtracks: pops the last op, unlifts it and moves past it. Ops without a
 * return (`info`, never completed) may be linearized anywhere after their call, or never: the
 * search succeeds once every op that has a return is linearized. Such an op is not tried where
 * its step would leave the state as it is (an info cas from another value, a write of the
 * current value): anything that can follow it there can follow without it, and it stays
 * available for later. On Jepsen's etcd histories, full of timed-out cas, this cuts the
 * iterations up to tenfold (etcd_007: 1.96 M to 0.2 M).
 *
 * The linearized set is a `LinearizedSet` over call-order ranks: the cache stores only the
 * frontier and the few holes below it, so its entries stay small on long histories.
 */
import { Int32Slab } from './int32Slab.js';
import { LinearizedSet } from './linearizedSet.js';
import { LongestPrefixes } from './longestPrefixes.js';
import { ILLEGAL, type Model } from './model.js';
import { StateCache } from './stateCache.js';
import { timeOrder } from './timeOrder.js';

/** Iterations of a search's first, short slice (see `run`). */
const FIRST_SLICE = 64;

export type SearchStatus = 'running' | 'ok' | 'illegal';

/** One op of the partition as the search sees it. */
export interface SearchOp<I> {
  /** When it was invoked (any totally ordered number, e.g. the history position). */
  readonly call: number;
  /** When it returned, or -1 if it has no return (may take effect any time after, or never). */
  readonly ret: number;
  readonly input: I;
}

/** Options of one partition's search. */
export interface SearchOptions {
  /** Keep up to this many distinct longest linearizable prefixes (0: only their length). */
  readonly keepLongest: number;
  /** The partition's key, for the model's initial state. */
  readonly key: string;
}

export class PartitionSearch<S, I> {
  status: SearchStatus = 'running';
  /** Iterations done so far. */
  iterations = 0;
  private readonly longestPrefixes: LongestPrefixes;
  /** Lowest stack depth since the last note to `longestPrefixes`. */
  private lowSince = 0;
  private released = false;

  private readonly cache: StateCache<S>;
  /** Where the per-op arrays live; given back to the buffer pool by `release`. */
  private readonly slab: Int32Slab;
  /**
   * The model's functions, read off the model once: the loop calls them (with the model as
   * `this`) without loading them from the model object, whose hidden class differs between
   * models and changes as V8 generalizes its fields. Each change deoptimized the loop ("wrong
   * map": 3 times in 60 checks of etcd_056 in a row, at most once now), and reoptimizing it
   * takes the compiler 16-25 ms, while the loop runs unoptimized.
   */
  private readonly step: Model<S, I>['step'];
  private readonly equal: Model<S, I>['equal'];
  private readonly hash: Model<S, I>['hash'];
  /** The model's states are integer ids (`Model.idStates`): compared with ===, their own hash. */
  private readonly idStates: boolean;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly entryOp: Int32Array;
  /** 1 for a call entry. */
  private readonly isCall: Int32Array;
  /** Return entry of each op, or -1. */
  private readonly retEntry: Int32Array;
  /** 1 if the op must be linearized (it has a return). */
  private readonly must: Int32Array;
  /** Position of each op in call order. */
  private readonly rank: Int32Array;
  private readonly linearized: LinearizedSet;
  private readonly stackEntry: Int32Array;
  private readonly stackState: (S | undefined)[];
  private readonly inputs: I[];
  private sp = 0;
  private entry: number;
  private state: S;
  private remaining = 0;

  constructor(
    private readonly model: Model<S, I>,
    ops: readonly SearchOp<I>[],
    private readonly options: SearchOptions,
  ) {
    const n = ops.length;
    this.inputs = ops.map((o) => o.input);
    const events = timeOrder(ops);
    const m = events.length;
    // every per-op array of the search (and of its linearized set) in one buffer
    const slab = new Int32Slab(4 * (m + 1) + 4 * n + 1 + LinearizedSet.words(n));
    this.slab = slab;
    this.next = slab.take(m + 1);
    this.prev = slab.take(m + 1);
    this.entryOp = slab.take(m + 1);
    this.isCall = slab.take(m + 1);
    this.retEntry = slab.take(n).fill(-1);
    this.must = slab.take(n);
    this.rank = slab.take(n);
    this.stackEntry = slab.take(n + 1);
    let calls = 0;
    for (let e = 0; e <= m; e++) {
      this.next[e] = e < m ? e + 1 : -1;
      this.prev[e] = e - 1;
    }
    for (let k = 0; k < m; k++) {
      const e = k + 1;
      const ev = events[k] as number;
      if (ev >= 0) {
        this.entryOp[e] = ev;
        this.isCall[e] = 1;
        this.rank[ev] = calls++;
      } else {
        const op = -1 - ev;
        this.entryOp[e] = op;
        this.retEntry[op] = e;
        this.must[op] = 1;
        this.remaining++;
      }
    }
    this.linearized = new LinearizedSet(n, slab);
    this.longestPrefixes = new LongestPrefixes(options.keepLongest, n);
    this.idStates = model.idStates === true;
    // called with the model as `this` (`step.call(model, ...)`), so unbound is safe
    /* eslint-disable @typescript-eslint/unbound-method */
    this.step = model.step;
    this.equal = model.equal;
    this.hash = model.hash;
    /* eslint-enable @typescript-eslint/unbound-method */
    // room at first for about one entry an op (up to 4,096): most small searches never grow it
    this.cache = new StateCache<S>(
      this.idStates ? undefined : (a, b) => model.equal(a, b),
      Math.min(4096, Math.max(64, 2 ** Math.ceil(Math.log2(n + 1)))),
    );
    this.stackState = new Array<S | undefined>(n + 1);
    this.state = model.init(options.key);
    this.entry = this.next[0] as number;
    if (this.remaining === 0) this.status = 'ok';
  }

  /** Length of the longest linearizable prefix found. */
  get maxDepth(): number {
    return this.longestPrefixes.depth;
  }

  /** Longest prefixes of distinct op sets (op indices in linearization order), up to `keepLongest`. */
  get longest(): number[][] {
    return this.longestPrefixes.prefixes((entry) => this.entryOp[entry] as number);
  }

  /** Entries in the cache. */
  get cacheSize(): number {
    return this.cache.size;
  }

  /**
   * Approximate bytes held by the search: the cache; ~192 bytes per cached model state that is
   * an object (a number state is a small integer in the cache's slot, counted there); the
   * per-op arrays and the copies of the longest prefixes. Measured against the heap in the
   * linearizability bench.
   */
  get bytes(): number {
    return (
      this.cache.bytes +
      this.cache.size * (typeof this.state === 'number' ? 0 : 192) +
      this.next.length * 16 +
      this.retEntry.length * 16 +
      this.linearized.bytes +
      this.longestPrefixes.bytes +
      this.stackState.length * 8
    );
  }

  /**
   * Gives the search's arrays back to the buffer pool, for the next search. Call it when the
   * search is done with (its `longest` already read); `run` throws after it.
   */
  release(): void {
    this.released = true;
    this.slab.release();
    this.cache.release();
  }

  /** Does up to `budget` iterations; returns the status (`running` if not finished). */
  run(budget: number): SearchStatus {
    if (this.released) throw new Error('PartitionSearch: run after release');
    // A search's first slice starts with a few iterations, so that the code after the loop
    // has run, with type feedback, before the loop is hot enough to be optimized on the stack
    // (OSR). Optimized without that feedback, the loop's exit deoptimized at the end of every
    // slice (a cold kv/c10-bad check: 8 deoptimizations there, none now).
    if (this.iterations === 0 && budget > FIRST_SLICE) {
      const status = this.slice(FIRST_SLICE);
      return status === 'running' ? this.slice(budget - FIRST_SLICE) : status;
    }
    return this.slice(budget);
  }

  private slice(budget: number): SearchStatus {
    if (this.status !== 'running') return this.status;
    const {
      model,
      step,
      equal,
      hash,
      next,
      prev,
      entryOp,
      isCall,
      retEntry,
      must,
      rank,
      linearized,
      longestPrefixes,
      stackEntry,
      stackState,
      inputs,
      cache,
      idStates,
    } = this;
    let { entry, state, sp, remaining, lowSince } = this;
    let i = 0;
    for (; i < budget; i++) {
      if (entry > 0 && isCall[entry] === 1) {
        const j = entryOp[entry] as number;
        const ns = step.call(model, state, inputs[j] as I);
        // An op without a return that leaves the state as it is need not be linearized here:
        // whatever can follow it can follow the same state without it (it may never happen).
        if (
          ns !== ILLEGAL &&
          (must[j] === 1 || (idStates ? ns !== state : !equal.call(model, ns, state)))
        ) {
          const k = rank[j] as number;
          const nsHash = idStates ? (ns as number) : hash.call(model, ns) | 0;
          if (!cache.hasWith(linearized, k, ns, nsHash)) {
            linearized.add(k);
            cache.add(linearized, ns, nsHash);
            stackEntry[sp] = entry;
            stackState[sp] = state;
            sp++;
            state = ns;
            // lift the call and its return
            let p = prev[entry] as number;
            let q = next[entry] as number;
            next[p] = q;
            if (q >= 0) prev[q] = p;
            const r = retEntry[j] as number;
            if (r >= 0) {
              p = prev[r] as number;
              q = next[r] as number;
              next[p] = q;
              if (q >= 0) prev[q] = p;
            }
            remaining -= must[j] as number;
            if (sp >= longestPrefixes.depth) {
              longestPrefixes.note(stackEntry, sp, linearized.hash, lowSince);
              lowSince = sp;
            }
            if (remaining === 0) {
              this.status = 'ok';
              i++;
              break;
            }
            entry = next[0] as number;
            continue;
          }
        }
        entry = next[entry] as number;
      } else {
        // a return of an op not yet linearized (or the end): backtrack
        if (sp === 0) {
          this.status = 'illegal';
          i++;
          break;
        }
        sp--;
        if (sp < lowSince) lowSince = sp;
        entry = stackEntry[sp] as number;
        state = stackState[sp] as S;
        stackState[sp] = undefined;
        const j = entryOp[entry] as number;
        linearized.removeLast(rank[j] as number);
        remaining += must[j] as number;
        // unlift: the return first, then the call (reverse of lifting)
        const r = retEntry[j] as number;
        if (r >= 0) {
          next[prev[r] as number] = r;
          const q = next[r] as number;
          if (q >= 0) prev[q] = r;
        }
        next[prev[entry] as number] = entry;
        const q = next[entry] as number;
        if (q >= 0) prev[q] = entry;
        entry = q;
      }
    }
    this.iterations += i;
    this.entry = entry;
    this.state = state;
    this.sp = sp;
    this.lowSince = lowSince;
    this.remaining = remaining;
    return this.status;
  }
}

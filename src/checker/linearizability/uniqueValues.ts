/**
 * The fast path for register histories whose written values are unique (redcheck's own
 * register workload): every observed value names the one write that made it, so the
 * reads-from relation is known and linearizability is decided in O(n log n) without search
 * (Gibbons and Korach: with unique values and known reads-from, checking a register is
 * polynomial). The steps:
 *
 * 1. **Forced ops.** Every `ok` op must take effect; so must the writer of any value a forced op
 *    observed (a read of v, or a cas from v). An `info` write or cas that no forced op observes
 *    can be left out (it never happened, or happened unseen right before the next write): the
 *    verdict does not change. Forced `info` ops have no deadline.
 * 2. **Clusters and chains.** Value v's cluster is its writer followed by its reads. A cas from v
 *    is the very next write after v's writer (nothing else writes v again), so it follows v's
 *    cluster directly: cas chains glue clusters into blocks, each headed by a plain write (or by
 *    the initial value), placed contiguously. Two forced cas from one value, a cas no chain
 *    reaches, or an observed value nobody wrote: not linearizable.
 * 3. **Blocks in time.** Placing a block's ops greedily from a start time t, each op at
 *    max(t, its call), works iff t <= D (the least return in the block) and the block is
 *    consistent on its own (every op returns after the latest call before it in the block); it
 *    ends at max(t, A), A the latest call in the block. So an order of blocks works iff every
 *    block placed before another has A <= the other's D. Any block whose A is at most every
 *    other remaining block's D can go next without loss, so a greedy decides it.
 *
 * For evidence, the smallest cut of the history (events before a position, ops pending at the
 * cut count as `info`) that is not linearizable is found by bisection; the linearization of the
 * cut just before it is the longest prefix, and the op completing at the cut is what cannot
 * follow it.
 */
import { CAS, READ, WRITE, type RegisterInput } from './models/register.js';
import type { SearchOp } from './partitionSearch.js';

/** Deadline of an op with no return (or not yet returned at a cut). */
const NEVER = 0x7fffffff;
const NONE = -1;
/** Blocks (so ops) per partition the fast path takes: 2^21, so a sort key fits a double. */
const MAX_BLOCKS = 2 ** 21;
/** `writer` of the initial value. */
const INITIAL = -2;

/** A partition's ops prepared for `decide`: typed arrays, one entry per op. */
interface Prepared {
  readonly n: number;
  readonly call: Int32Array;
  /** Return position, or -1. */
  readonly ret: Int32Array;
  readonly kind: Uint8Array;
  /** Value observed (read, cas from), or -1. */
  readonly observed: Int32Array;
  /** Value written (write, cas to), or -1. */
  readonly written: Int32Array;
  /** Op that writes each value, INITIAL for the initial value, NONE if none. */
  readonly writer: Int32Array;
  readonly initial: number;
  /** Greatest event position, plus one. */
  readonly end: number;
  /** Whether the ops are in call order (so a cut keeps a prefix of them). */
  readonly callOrdered: boolean;
  /** Buffers `decide` reuses (bisection calls it ~log n times). */
  readonly scratch: Scratch;
}

class Scratch {
  /** Deadline of each op at the cut; -1: left out. */
  readonly due: Int32Array;
  readonly forced: Uint8Array;
  readonly stack: Int32Array;
  /** The forced cas from each value, or NONE. */
  readonly casFrom: Int32Array;
  /** The forced reads of value v are `reads[readStart[v] .. readStart[v + 1])`. */
  readonly readStart: Int32Array;
  readonly reads: Int32Array;
  readonly fill: Int32Array;
  /** Block heads (INITIAL first, then plain writes); per block its latest call and deadline. */
  readonly heads: Int32Array;
  readonly latestCall: Float64Array;
  /** The op whose call is the block's latest call (or INITIAL). */
  readonly latestOp: Int32Array;
  readonly deadline: Float64Array;
  readonly byDue: Float64Array;
  readonly byCall: Float64Array;
  readonly placed: Uint8Array;
  readonly order: Int32Array;
  /** Two blocks that must each come before the other, when `orderBlocks` fails. */
  conflict: [number, number] = [0, 0];

  constructor(n: number, values: number) {
    this.due = new Int32Array(n);
    this.forced = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.casFrom = new Int32Array(values);
    this.readStart = new Int32Array(values + 1);
    this.reads = new Int32Array(n);
    this.fill = new Int32Array(values);
    this.heads = new Int32Array(n + 1);
    this.latestCall = new Float64Array(n + 1);
    this.latestOp = new Int32Array(n + 1);
    this.deadline = new Float64Array(n + 1);
    this.byDue = new Float64Array(n);
    this.byCall = new Float64Array(n);
    this.placed = new Uint8Array(n + 1);
    this.order = new Int32Array(n + 1);
  }
}

/** What `decide` found at a cut. */
interface Decision {
  readonly valid: boolean;
  /**
   * When not valid, if known: an event position such that the cut just after it is probably
   * not linearizable already (the latest event of the conflict found), to start the bisection.
   */
  readonly witness?: number;
  /** When asked for and valid: the ops in a linearization order (forced ops only). */
  readonly order?: number[];
}

/**
 * The partition's ops prepared for the fast path, or undefined when it does not apply: a value
 * written twice (or the initial value written again), or an op kind other than read, write and
 * cas (etcd's failed cas, which observes "anything but v").
 */
function prepare(ops: readonly SearchOp<RegisterInput>[], initial: number): Prepared | undefined {
  const n = ops.length;
  // block order keys pack an index in 21 bits (see orderBlocks); larger partitions are searched
  if (n + 1 >= MAX_BLOCKS) return undefined;
  const call = new Int32Array(n);
  const ret = new Int32Array(n);
  const kind = new Uint8Array(n);
  const observed = new Int32Array(n).fill(NONE);
  const written = new Int32Array(n).fill(NONE);
  let maxValue = initial;
  let end = 0;
  for (let x = 0; x < n; x++) {
    const o = ops[x] as SearchOp<RegisterInput>;
    const k = o.input.kind;
    if (k !== READ && k !== WRITE && k !== CAS) return undefined;
    call[x] = o.call;
    ret[x] = o.ret;
    kind[x] = k;
    if (k === READ) observed[x] = o.input.a;
    else if (k === WRITE) written[x] = o.input.a;
    else {
      observed[x] = o.input.a;
      written[x] = o.input.b;
    }
    maxValue = Math.max(maxValue, o.input.a, k === CAS ? o.input.b : 0);
    end = Math.max(end, o.call + 1, o.ret + 1);
  }
  const writer = new Int32Array(maxValue + 1).fill(NONE);
  writer[initial] = INITIAL;
  for (let x = 0; x < n; x++) {
    const v = written[x] as number;
    if (v < 0) continue;
    if (writer[v] !== NONE) return undefined;
    writer[v] = x;
  }
  let callOrdered = true;
  for (let x = 1; x < n && callOrdered; x++)
    callOrdered = (call[x - 1] as number) < (call[x] as number);
  const scratch = new Scratch(n, writer.length);
  return { n, call, ret, kind, observed, written, writer, initial, end, callOrdered, scratch };
}

/** How many ops are called before `cut` (all of them unless the ops are in call order). */
function calledBefore(p: Prepared, cut: number): number {
  if (!p.callOrdered) return p.n;
  let lo = 0;
  let hi = p.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((p.call[mid] as number) < cut) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Decides the history cut before event position `cut`: ops called at or after it are left
 * out; ops returning at or after it have not returned (reads are left out, writes may take
 * effect any time after their call, or never).
 */
function decide(p: Prepared, cut: number, wantOrder: boolean): Decision {
  const { call, ret, kind, observed, written, writer, initial } = p;
  const { due, forced, stack, casFrom, readStart, reads, fill, heads } = p.scratch;
  const { latestCall, latestOp, deadline } = p.scratch;
  const bad: Decision = { valid: false };
  // a read counts once it returned: its return is the conflict's event
  const readReturn = (x: number): number => (x >= 0 && kind[x] === READ ? (due[x] as number) : -1);
  const badAt = (...events: number[]): Decision => {
    const w = Math.max(...events);
    return w < NEVER ? { valid: false, witness: w } : bad;
  };
  // only ops [0, n) are called before the cut; `due` and `forced` beyond are stale
  const n = calledBefore(p, cut);
  forced.fill(0, 0, n);
  let sp = 0;
  for (let x = 0; x < n; x++) {
    const r = ret[x] as number;
    const returned = r >= 0 && r < cut;
    if ((call[x] as number) >= cut || (kind[x] === READ && !returned)) {
      due[x] = -1;
      continue;
    }
    due[x] = returned ? r : NEVER;
    if (returned) {
      forced[x] = 1;
      stack[sp++] = x;
    }
  }
  // 1. forced ops: the ok ones and, transitively, the writers of what they observed
  while (sp > 0) {
    const x = stack[--sp] as number;
    const v = observed[x] as number;
    if (v < 0) continue;
    const w = writer[v] as number;
    if (w === INITIAL) continue;
    // observed a value nobody wrote
    if (w === NONE || w >= n || (due[w] as number) < 0) return badAt(due[x] as number);
    if (forced[w] === 0) {
      forced[w] = 1;
      stack[sp++] = w;
    }
  }
  // 2. the cas from each value, and the reads of each value (CSR)
  const values = writer.length;
  casFrom.fill(NONE);
  readStart.fill(0);
  let forcedCas = 0;
  for (let x = 0; x < n; x++) {
    if (forced[x] === 0) continue;
    const k = kind[x];
    if (k === CAS) {
      const v = observed[x] as number;
      const other = casFrom[v] as number;
      if (other !== NONE) return badAt(due[x] as number, due[other] as number); // two cas from v
      casFrom[v] = x;
      forcedCas++;
    } else if (k === READ) {
      const v = (observed[x] as number) + 1;
      readStart[v] = (readStart[v] as number) + 1;
    }
  }
  for (let v = 0; v < values; v++)
    readStart[v + 1] = (readStart[v + 1] as number) + (readStart[v] as number);
  fill.set(readStart.subarray(0, values));
  for (let x = 0; x < n; x++) {
    if (forced[x] === 0 || kind[x] !== READ) continue;
    const v = observed[x] as number;
    reads[fill[v] as number] = x;
    fill[v] = (fill[v] as number) + 1;
  }
  // blocks: the initial value's, then one per forced plain write
  heads[0] = INITIAL;
  let blocks = 1;
  for (let x = 0; x < n; x++) if (forced[x] === 1 && kind[x] === WRITE) heads[blocks++] = x;
  let chained = 0;
  for (let b = 0; b < blocks; b++) {
    const h = heads[b] as number;
    let m = h === INITIAL ? -1 : (call[h] as number);
    let late = h;
    let d = h === INITIAL ? NEVER : (due[h] as number);
    let v = h === INITIAL ? initial : (written[h] as number);
    for (;;) {
      const before = m;
      const beforeOp = late;
      for (let i = readStart[v] as number, e = readStart[v + 1] as number; i < e; i++) {
        const r = reads[i] as number;
        const rd = due[r] as number;
        // a read returned before its write (or a read of the value before) was called
        if (before > rd) return badAt(before, readReturn(beforeOp));
        if (rd < d) d = rd;
        if ((call[r] as number) > m) {
          m = call[r] as number;
          late = r;
        }
      }
      const c = casFrom[v] as number;
      if (c === NONE) break;
      chained++;
      if ((call[c] as number) > m) {
        m = call[c] as number;
        late = c;
      }
      const cd = due[c] as number;
      // the cas returned before something it must follow was called
      if (m > cd) return badAt(m, readReturn(late));
      if (cd < d) d = cd;
      v = written[c] as number;
    }
    latestCall[b] = m;
    latestOp[b] = late;
    deadline[b] = d;
  }
  if (chained < forcedCas) return bad; // cas ops in a cycle that no write starts
  // 3. order the blocks: the initial one first, then greedily
  const order = orderBlocks(p.scratch, blocks);
  if (order === undefined) {
    // the conflict is there once both blocks' deadlines and latest ops (returned) are
    const [a, b] = p.scratch.conflict;
    const lateEvent = (k: number): number => {
      const x = latestOp[k] as number;
      return x === INITIAL ? -1 : kind[x] === READ ? (due[x] as number) : (latestCall[k] as number);
    };
    return badAt(lateEvent(a), lateEvent(b), deadline[a] as number, deadline[b] as number);
  }
  if (!wantOrder) return { valid: true };
  return {
    valid: true,
    order: expand(p, heads.subarray(0, blocks), order, casFrom, reads, readStart),
  };
}

/**
 * An order of the blocks (block 0 first) in which each block's latest call is at most the
 * deadline of every block after it; undefined if there is none.
 */
function orderBlocks(scratch: Scratch, k: number): Int32Array | undefined {
  const { latestCall, deadline } = scratch;
  const out = scratch.order.subarray(0, k);
  out[0] = 0;
  if (k === 1) return out;
  // block indices sorted by deadline and by latest call: key * 2^21 + index, exact in a double
  const SCALE = MAX_BLOCKS;
  const byDue = scratch.byDue.subarray(0, k - 1);
  const byCall = scratch.byCall.subarray(0, k - 1);
  for (let b = 1; b < k; b++) {
    byDue[b - 1] = (deadline[b] as number) * SCALE + b;
    byCall[b - 1] = ((latestCall[b] as number) + 1) * SCALE + b;
  }
  byDue.sort();
  byCall.sort();
  const placed = scratch.placed.fill(0, 0, k);
  const idx = (key: number): number => key % SCALE;
  // block 0 (the initial value) goes first: its latest call must not pass any deadline
  if ((latestCall[0] as number) > (deadline[idx(byDue[0] as number)] as number)) {
    scratch.conflict = [0, idx(byDue[0] as number)];
    return undefined;
  }
  placed[0] = 1;
  let d1 = 0; // first unplaced in byDue
  let d2 = 1; // second unplaced in byDue
  let c1 = 0; // first unplaced in byCall
  let c2 = 1;
  const left = k - 1;
  const nextFree = (arr: Float64Array, from: number): number => {
    let i = from;
    while (i < left && placed[idx(arr[i] as number)] === 1) i++;
    return i;
  };
  for (let step = 1; step < k; step++) {
    d1 = nextFree(byDue, d1);
    d2 = nextFree(byDue, Math.max(d2, d1 + 1));
    const m = idx(byDue[d1] as number);
    let pick = -1;
    if (d2 >= left || (latestCall[m] as number) <= (deadline[idx(byDue[d2] as number)] as number)) {
      pick = m;
    } else {
      c1 = nextFree(byCall, c1);
      c2 = nextFree(byCall, Math.max(c2, c1 + 1));
      let x = idx(byCall[c1] as number);
      if (x === m) x = c2 < left ? idx(byCall[c2] as number) : -1;
      if (x >= 0 && (latestCall[x] as number) <= (deadline[m] as number)) pick = x;
    }
    if (pick < 0) {
      // m must precede the block after it in deadline order, which must precede m
      scratch.conflict = [m, idx(byDue[d2] as number)];
      return undefined;
    }
    placed[pick] = 1;
    out[step] = pick;
  }
  return out;
}

/** The ops of the blocks in `order`: each head, then its reads by call, then its cas, ... */
function expand(
  p: Prepared,
  heads: Int32Array,
  order: Int32Array,
  casFrom: Int32Array,
  reads: Int32Array,
  readStart: Int32Array,
): number[] {
  const out: number[] = [];
  for (const b of order) {
    const h = heads[b] as number;
    let v = h === INITIAL ? p.initial : (p.written[h] as number);
    if (h !== INITIAL) out.push(h);
    for (;;) {
      const rs = Array.from(reads.subarray(readStart[v], readStart[v + 1]));
      rs.sort((x, y) => (p.call[x] as number) - (p.call[y] as number));
      for (const r of rs) out.push(r);
      const c = casFrom[v] as number;
      if (c === NONE) break;
      out.push(c);
      v = p.written[c] as number;
    }
  }
  return out;
}

/** The fast path's verdict on one partition. */
export interface UniqueValuesVerdict {
  readonly valid: boolean;
  /** When not valid and asked for: the longest linearizable prefix (indices into the ops). */
  readonly longest?: number[];
}

/**
 * Decides one partition of a register history by the reads-from relation, or returns
 * undefined when its values are not unique (the general search must decide it). `initial` is
 * the model's initial state (an interned value id). With `evidence`, an invalid verdict comes
 * with the longest linearizable prefix.
 */
export function checkUniqueValues(
  ops: readonly SearchOp<RegisterInput>[],
  initial: number,
  evidence: boolean,
): UniqueValuesVerdict | undefined {
  const p = prepare(ops, initial);
  if (p === undefined) return undefined;
  const full = decide(p, p.end, false);
  if (full.valid) return { valid: true };
  if (!evidence) return { valid: false };
  // the least cut that is not linearizable: the history up to just before it is
  let lo = 0; // linearizable (empty)
  let hi = p.end; // not linearizable
  // usually the conflict shows just after its latest event: gallop down from there
  const w = full.witness;
  if (w !== undefined && w + 1 < hi && !decide(p, w + 1, false).valid) {
    hi = w + 1;
    for (let step = 1; hi - step > lo; step *= 2) {
      if (decide(p, hi - step, false).valid) {
        lo = hi - step;
        break;
      }
      hi -= step;
    }
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (decide(p, mid, false).valid) lo = mid;
    else hi = mid;
  }
  return { valid: false, longest: decide(p, lo, true).order ?? [] };
}

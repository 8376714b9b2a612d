import { CAS, READ, WRITE, type RegisterInput } from './models/register.js';
import type { SearchOp } from './partitionSearch.js';

// The fast path for unique-valued register histories: see uniqueValues.ts for the method.

/** Deadline of an op with no return (or not yet returned at a cut). */
export const NEVER = 0x7fffffff;
export const NONE = -1;
/** Blocks (so ops) per partition the fast path takes: 2^21, so a sort key fits a double. */
export const MAX_BLOCKS = 2 ** 21;
/** `writer` of the initial value. */
export const INITIAL = -2;

/** A partition's ops prepared for `decide`: typed arrays, one entry per op. */
export interface Prepared {
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

/** Per-partition buffers of `decide`, sized once for `n` ops and `values` values. */
export class Scratch {
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

/**
 * The partition's ops prepared for the fast path, or undefined when it does not apply: a value
 * written twice (or the initial value written again), or an op kind other than read, write and
 * cas (etcd's failed cas, which observes "anything but v").
 */
export function prepare(
  ops: readonly SearchOp<RegisterInput>[],
  initial: number,
): Prepared | undefined {
  const n = ops.length;
  // block order keys pack an index in 21 bits (see orderBlocks); larger partitions are searched
  if (n + 1 >= MAX_BLOCKS) return undefined;
  // an op the fast path cannot take (etcd's failed cas) is usually there: look before allocating
  for (let x = 0; x < n; x++) {
    const k = (ops[x] as SearchOp<RegisterInput>).input.kind;
    if (k !== READ && k !== WRITE && k !== CAS) return undefined;
  }
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
export function calledBefore(p: Prepared, cut: number): number {
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

/**
 * A partition's calls and returns in time order, as the search's entry list takes them: by
 * time, calls before returns at equal times (ops that touch are concurrent), then by op.
 */

/** When an op was called and returned (-1: no return), as in the search's `SearchOp`. */
export interface Timed {
  readonly call: number;
  readonly ret: number;
}

/** Op indices and times up to these fit a key of 52 bits: (2 time + return) * 2^21 + op. */
const OP_BITS = 21;
const OPS = 2 ** OP_BITS;
const TIMES = 2 ** 30;

/**
 * The events of `ops` in time order: `op` for the call of op `op`, `-1 - op` for its return
 * (ops with `ret < 0` have none). Integer times below 2^30 and up to 2^21 ops (any history
 * redcheck reads: times are positions in the history) are sorted as one number each, with no
 * comparator; anything else by a comparator, in the same order.
 */
export function timeOrder(ops: readonly Timed[]): Int32Array {
  const n = ops.length;
  let m = 0;
  let packable = n <= OPS;
  for (let i = 0; i < n; i++) {
    const { call, ret } = ops[i] as Timed;
    if (!(Number.isInteger(call) && call >= 0 && call < TIMES)) packable = false;
    if (ret >= 0) {
      m++;
      if (!(Number.isInteger(ret) && ret < TIMES)) packable = false;
    }
  }
  m += n;
  if (!packable) return byComparator(ops, new Int32Array(m));
  const keys = new Float64Array(m);
  let e = 0;
  for (let i = 0; i < n; i++) {
    const o = ops[i] as Timed;
    keys[e++] = o.call * 2 * OPS + i;
    if (o.ret >= 0) keys[e++] = (o.ret * 2 + 1) * OPS + i;
  }
  keys.sort();
  // the events overwrite the keys' first half: event k's 4 bytes lie below key k + 1, still unread
  const out = new Int32Array(keys.buffer, 0, m);
  for (let k = 0; k < m; k++) {
    const key = keys[k] as number;
    const op = key % OPS;
    out[k] = Math.floor(key / OPS) % 2 === 0 ? op : -1 - op;
  }
  return out;
}

function byComparator(ops: readonly Timed[], out: Int32Array): Int32Array {
  const events: { t: number; op: number; call: boolean }[] = [];
  ops.forEach((o, i) => {
    events.push({ t: o.call, op: i, call: true });
    if (o.ret >= 0) events.push({ t: o.ret, op: i, call: false });
  });
  events.sort((a, b) => a.t - b.t || (a.call === b.call ? a.op - b.op : a.call ? -1 : 1));
  events.forEach((ev, k) => (out[k] = ev.call ? ev.op : -1 - ev.op));
  return out;
}

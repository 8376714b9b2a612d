import { INITIAL, MAX_BLOCKS, NONE, type Prepared, type Scratch } from './uniqueValuesPrepare.js';

/**
 * An order of the blocks (block 0 first) in which each block's latest call is at most the
 * deadline of every block after it; undefined if there is none.
 */
export function orderBlocks(scratch: Scratch, k: number): Int32Array | undefined {
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
export function expandBlocks(
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

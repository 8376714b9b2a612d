import { LOSS_CAUSES } from './lossCause.js';
import type { LossSample } from './lossCausesResult.js';
import { UNKNOWN_NODE, type LostWriteColumns } from '../setStream/lostWriteColumns.js';

/**
 * Up to `per` lost writes of each cause (`causeOf[i]` is row i's place in `LOSS_CAUSES`),
 * evenly spaced over that cause's writes in order of acknowledgement (the first, the last and
 * those between; writes acknowledged at the same time in row order), in order of
 * acknowledgement. Holds no array of the rows: when a cause's rows are already in order of
 * acknowledgement (a history is written in time order, so nearly always) its ranks are its
 * rows; otherwise one sorted copy of its acknowledgement times (8 bytes a row) finds them.
 */
export function sampleEvenly(
  lost: LostWriteColumns,
  causeOf: Uint8Array,
  per: number,
): LossSample[] {
  const out: LossSample[] = [];
  if (per <= 0) return out;
  LOSS_CAUSES.forEach((cause, c) => {
    let n = 0;
    let sorted = true;
    let prev = -Infinity;
    for (let i = 0; i < lost.count; i++) {
      if (causeOf[i] !== c) continue;
      n++;
      const a = lost.ackTimeAt(i);
      if (!(a >= prev)) sorted = false;
      prev = a;
    }
    if (n === 0) return;
    const take = Math.min(per, n);
    // The ranks to take, strictly increasing (take <= n).
    const ranks = Array.from({ length: take }, (_, s) =>
      take === 1 ? 0 : Math.round((s * (n - 1)) / (take - 1)),
    );
    const rows = sorted ? rowsInOrder(causeOf, c, ranks) : rowsByAck(lost, causeOf, c, n, ranks);
    for (const i of rows) {
      const k = lost.node[i] as number;
      const node = k === UNKNOWN_NODE ? undefined : lost.nodeNames[k];
      out.push({
        element: lost.elementName(i),
        ack: lost.ackTimeAt(i),
        ...(node === undefined ? {} : { node }),
        cause,
      });
    }
  });
  return out.sort((a, b) => a.ack - b.ack);
}

/** The rows of cause `c` at `ranks` counted in row order. */
function rowsInOrder(causeOf: Uint8Array, c: number, ranks: readonly number[]): number[] {
  const rows: number[] = [];
  for (let i = 0, j = 0; i < causeOf.length && rows.length < ranks.length; i++) {
    if (causeOf[i] !== c) continue;
    if (j === ranks[rows.length]) rows.push(i);
    j++;
  }
  return rows;
}

/**
 * The rows of cause `c` at `ranks` in order of acknowledgement, ties in row order: the rank's
 * time from a sorted copy of the times, then which of the rows with that time it is.
 */
function rowsByAck(
  lost: LostWriteColumns,
  causeOf: Uint8Array,
  c: number,
  n: number,
  ranks: readonly number[],
): number[] {
  const times = new Float64Array(n);
  for (let i = 0, j = 0; i < lost.count; i++) if (causeOf[i] === c) times[j++] = lost.ackTimeAt(i);
  times.sort();
  // For each rank: its time, and how many rows with that time come before it.
  const wanted = new Map<number, Map<number, number>>(); // time -> occurrence -> place in ranks
  ranks.forEach((r, s) => {
    const t = times[r] as number;
    // The first place of `t` in the sorted times.
    let lo = 0;
    let hi = r;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    let m = wanted.get(t);
    if (m === undefined) wanted.set(t, (m = new Map<number, number>()));
    m.set(r - lo, s);
  });
  const rows = new Array<number>(ranks.length).fill(-1);
  const seen = new Map<number, number>();
  for (let i = 0; i < lost.count; i++) {
    if (causeOf[i] !== c) continue;
    const t = lost.ackTimeAt(i);
    const m = wanted.get(t);
    if (m === undefined) continue;
    const k = seen.get(t) ?? 0;
    seen.set(t, k + 1);
    const s = m.get(k);
    if (s !== undefined) rows[s] = i;
  }
  return rows;
}

import { CAS, READ, WRITE } from './models/register.js';
import { calledBefore, INITIAL, NEVER, NONE, type Prepared } from './uniqueValuesPrepare.js';
import { expandBlocks, orderBlocks } from './uniqueValuesOrder.js';

/** What `decide` found at a cut. */
export interface Decision {
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
 * Decides the history cut before event position `cut`: ops called at or after it are left
 * out; ops returning at or after it have not returned (reads are left out, writes may take
 * effect any time after their call, or never).
 */
export function decide(p: Prepared, cut: number, wantOrder: boolean): Decision {
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
    order: expandBlocks(p, heads.subarray(0, blocks), order, casFrom, reads, readStart),
  };
}

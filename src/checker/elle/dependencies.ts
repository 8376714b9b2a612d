/**
 * The dependency graph between transactions that may have happened (ok and info):
 *
 * - ww: T1 appended e1 and T2 appended e2 right after e1 in the key's version order;
 * - wr: T2 read a version of a key ending in e, which T1 appended;
 * - rw: T1 read the version just before T2's append, so T1 did not see it;
 * - process: T1 then T2 on one process; realtime: T1 completed before T2 was invoked.
 *
 * An append never read comes after the last element read (Elle's rule). Real-time edges are
 * kept sparse: each transaction links from the completed transactions not yet followed by a
 * later completed one, which preserves the order's transitive closure.
 */
import { EdgeBuilder, PROCESS, REALTIME, RW, WR, WW, type Csr, type EdgeLabel } from './graph.js';
import { show, showList } from './sink.js';
import { txnName, type Transactions, type Txn } from './transactions.js';
import type { TxnElement, TxnKey } from './txn.js';
import { INIT, previousVersion, readCounts, type KeyIndex } from './versionOrders.js';

export interface GraphOptions {
  realtime: boolean;
  process: boolean;
}

/** Build the graph over vertices 0..t.possible-1. */
export function buildGraph(t: Transactions, keys: Map<TxnKey, KeyIndex>, o: GraphOptions): Csr {
  const b = new EdgeBuilder();
  for (let id = 0; id < t.possible; id++) {
    const txn = t.txns[id]!;
    for (const [f, key, v] of txn.mops) {
      const k = keys.get(key);
      if (!k) continue;
      if (f === 'r') {
        if (!readCounts(txn.type, v) || !v || v.length === 0) continue;
        const w = k.writer.get(v[v.length - 1]!);
        if (w !== undefined) b.add(w, id, WR);
        continue;
      }
      const prev = previousVersion(k, v);
      if (prev !== INIT) {
        const w = k.writer.get(prev);
        if (w !== undefined) b.add(w, id, WW);
      }
      const readers = k.readers.get(prev);
      if (readers) for (const r of readers) b.add(r, id, RW);
    }
  }
  if (o.realtime) addRealtime(t, b);
  if (o.process) addProcess(t, b);
  return b.build(t.possible);
}

function addRealtime(t: Transactions, b: EdgeBuilder): void {
  // The frontier: completed transactions no later completed one is known to follow. Each
  // transaction remembers the frontier at its invoke; when it completes, those leave it.
  let frontier: number[] = [];
  const superseded = new Uint8Array(t.possible);
  const predStart = new Int32Array(t.possible);
  const predEnd = new Int32Array(t.possible);
  let pool = new Int32Array(1024);
  let used = 0;
  for (let pos = 0; pos < t.invokedAt.length; pos++) {
    const started = t.invokedAt[pos]!;
    if (started >= 0) {
      if (used + frontier.length > pool.length) {
        const bigger = new Int32Array(Math.max(pool.length * 2, used + frontier.length));
        bigger.set(pool);
        pool = bigger;
      }
      predStart[started] = used;
      for (const p of frontier) {
        b.add(p, started, REALTIME);
        pool[used++] = p;
      }
      predEnd[started] = used;
    }
    const done = t.completedAt[pos]!;
    if (done >= 0) {
      let removed = false;
      for (let i = predStart[done]!; i < predEnd[done]!; i++) {
        superseded[pool[i]!] = 1;
        removed = true;
      }
      if (removed) frontier = frontier.filter((p) => superseded[p] === 0);
      frontier.push(done);
    }
  }
}

function addProcess(t: Transactions, b: EdgeBuilder): void {
  const last = new Map<Txn['process'], number>();
  const byEnd = t.txns.slice(0, t.possible).sort((x, y) => x.endPos - y.endPos);
  for (const txn of byEnd) {
    const prev = last.get(txn.process);
    if (prev !== undefined) b.add(prev, txn.id, PROCESS);
    last.set(txn.process, txn.id);
  }
}

/** Why `a -> b` holds as `label`: the key and element involved, and a sentence. */
export interface EdgeReason {
  key?: TxnKey;
  element?: TxnElement | null;
  text: string;
}

/** Explain one edge of a found cycle from the history (edges are not stored with reasons). */
export function explainEdge(
  keys: Map<TxnKey, KeyIndex>,
  a: Txn,
  b: Txn,
  label: EdgeLabel,
): EdgeReason {
  const A = txnName(a);
  const B = txnName(b);
  switch (label) {
    case 'wr':
      for (const [f, key, v] of b.mops) {
        if (f !== 'r' || !v || v.length === 0) continue;
        const e = v[v.length - 1]!;
        if (keys.get(key)?.writer.get(e) === a.id) {
          return {
            key,
            element: e,
            text: `${B} read key ${show(key)} as ${showList(v)}; ${A} appended ${show(e)} to key ${show(key)}, so ${A} < ${B} (wr)`,
          };
        }
      }
      break;
    case 'ww':
      for (const { key, v, k, prev } of appendsWithPrevious(keys, b)) {
        if (prev !== INIT && k.writer.get(prev) === a.id) {
          const seen = k.position.has(v)
            ? `the version order of key ${show(key)} has ${show(v)} right after ${show(prev)}`
            : `${show(v)} was never read, so it came after ${show(prev)}, the last element read of key ${show(key)}`;
          return {
            key,
            element: v,
            text: `${A} appended ${show(prev)} and ${B} appended ${show(v)} to key ${show(key)}; ${seen}, so ${A} < ${B} (ww)`,
          };
        }
      }
      break;
    case 'rw':
      for (const { key, v, k, prev } of appendsWithPrevious(keys, b)) {
        if (!k.readers.get(prev)?.includes(a.id)) continue;
        const read = readOf(a, key, prev);
        const what =
          prev === INIT
            ? `${show(v)} was the first element appended to it`
            : k.position.has(v)
              ? `${show(v)} came right after ${show(prev)}`
              : `${show(v)} (never read) came after ${show(prev)}, the last element read`;
        return {
          key,
          element: v,
          text: `${A} read key ${show(key)} as ${showList(read)}; ${B} appended ${show(v)} to it and ${what}, so ${A} did not see ${B}'s append: ${A} < ${B} (rw)`,
        };
      }
      break;
    case 'process':
      return {
        text: `${A} and ${B} ran on process ${String(a.process)}, ${A} first, so ${A} < ${B} (process)`,
      };
    case 'realtime':
      return {
        text: `${A} completed (op ${a.index}) before ${B} was invoked (op ${b.invokeIndex >= 0 ? b.invokeIndex : b.index}), so ${A} < ${B} (realtime)`,
      };
  }
  return { text: `${A} < ${B} (${label})` };
}

/**
 * Each append of `txn` to a key with a version order: the key, the element, the key's index and
 * the version just before the element in that order (`INIT` for the first).
 */
function* appendsWithPrevious(
  keys: Map<TxnKey, KeyIndex>,
  txn: Txn,
): Generator<{ key: TxnKey; v: TxnElement; k: KeyIndex; prev: TxnElement | typeof INIT }> {
  for (const [f, key, v] of txn.mops) {
    if (f !== 'append') continue;
    const k = keys.get(key);
    if (k) yield { key, v, k, prev: previousVersion(k, v) };
  }
}

function readOf(txn: Txn, key: TxnKey, version: TxnElement | typeof INIT): readonly TxnElement[] {
  for (const [f, k, v] of txn.mops) {
    if (f !== 'r' || k !== key) continue;
    const read = v ?? [];
    const last = read.length === 0 ? INIT : read[read.length - 1];
    if (last === version) return read;
  }
  return [];
}

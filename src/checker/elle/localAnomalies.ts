/**
 * Anomalies found without the dependency graph: G1a (aborted read), G1b (intermediate read),
 * internal inconsistency, future read, duplicate elements, incompatible order, dirty update and
 * lost update, each as Elle's list-append checker defines it; plus appends no read ever showed.
 */
import type { AnomalySink } from './sink.js';
import { show, showList } from './sink.js';
import { txnName, txnRef, type Transactions, type Txn } from './transactions.js';
import { repeatsKey, type TxnElement, type TxnKey } from './txn.js';
import type { ReadAnomaly, UnobservedAppends } from './result.js';
import { readCounts, type KeyIndex } from './versionOrders.js';

/** G1a and G1b: reads by committed transactions of failed or intermediate elements. */
export function readAnomalies(
  t: Transactions,
  keys: Map<TxnKey, KeyIndex>,
  sink: AnomalySink,
): void {
  for (const reader of t.txns) {
    if (reader.type !== 'ok') continue;
    for (const [f, key, v] of reader.mops) {
      if (f !== 'r' || v === null || v.length === 0) continue;
      const k = keys.get(key);
      if (!k) continue;
      if (k.failedWriter.size > 0) {
        for (const e of v) {
          const w = k.failedWriter.get(e);
          if (w === undefined) continue;
          const found = { reader, writer: t.txns[w]!, key, element: e, read: v };
          addReadAnomaly(
            sink,
            'G1a',
            found,
            'aborted read',
            (writer) => `but ${show(e)} was appended by ${writer}, which failed`,
          );
        }
      }
      const last = v[v.length - 1]!;
      const w = k.intermediate.get(last);
      if (w !== undefined && w !== reader.id) {
        const found = { reader, writer: t.txns[w]!, key, element: last, read: v };
        addReadAnomaly(
          sink,
          'G1b',
          found,
          'intermediate read',
          (writer) =>
            `ending in ${show(last)}, which ${writer} appended before appending again to ` +
            `that key: a state ${writer} never committed`,
        );
      }
    }
  }
}

/** A read of `key` by `reader` that saw `element`, which `writer` appended. */
interface FoundRead {
  reader: Txn;
  writer: Txn;
  key: TxnKey;
  element: TxnElement;
  read: readonly TxnElement[];
}

/**
 * Count a G1a or G1b: `name` is the anomaly's name in words, `because` the end of its
 * explanation given the writer's name (called only when the anomaly is kept).
 */
function addReadAnomaly(
  sink: AnomalySink,
  type: ReadAnomaly['type'],
  found: FoundRead,
  name: string,
  because: (writer: string) => string,
): void {
  const { reader, writer, key, element, read } = found;
  sink.add(type, () => ({
    type,
    reader: txnRef(reader),
    writer: txnRef(writer),
    key,
    element,
    read,
    explanation:
      `${type} (${name}): ${txnName(reader)} read key ${show(key)} as ${showList(read)}, ` +
      because(txnName(writer)),
  }));
}

function sameList(a: readonly TxnElement[], b: readonly TxnElement[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Internal inconsistency and future reads, within each committed transaction. */
export function internalAnomalies(t: Transactions, sink: AnomalySink): void {
  for (const txn of t.txns) {
    if (txn.type !== 'ok' || !repeatsKey(txn.mops)) continue;
    internalCase(txn, sink);
    futureReadCase(txn, sink);
  }
}

function internalCase(txn: Txn, sink: AnomalySink): void {
  // Per key: what the transaction knows of the list: all of it, or only its own appends at the end.
  const state = new Map<TxnKey, { known: boolean; list: TxnElement[] }>();
  for (const [f, key, v] of txn.mops) {
    const s = state.get(key);
    if (f === 'append') {
      if (s) s.list.push(v);
      else state.set(key, { known: false, list: [v] });
      continue;
    }
    const read = v ?? [];
    if (s) {
      const bad = s.known
        ? !sameList(s.list, read)
        : read.length < s.list.length || !sameList(s.list, read.slice(read.length - s.list.length));
      if (bad) {
        const expected = s.known ? { list: [...s.list] } : { endsWith: [...s.list] };
        sink.add('internal', () => ({
          type: 'internal',
          txn: txnRef(txn),
          key,
          read,
          expected,
          explanation:
            `internal: ${txnName(txn)} read key ${show(key)} as ${showList(read)}, but its own ` +
            (s.known
              ? `earlier read and appends imply ${showList(s.list)}`
              : `appends imply a list ending in ${showList(s.list)}`),
        }));
        return;
      }
    }
    state.set(key, { known: true, list: [...read] });
  }
}

function futureReadCase(txn: Txn, sink: AnomalySink): void {
  const seen = new Map<TxnKey, Set<TxnElement>>();
  for (const [f, key, v] of txn.mops) {
    if (f === 'r') {
      if (!v || v.length === 0) continue;
      let s = seen.get(key);
      if (!s) seen.set(key, (s = new Set()));
      for (const e of v) s.add(e);
    } else if (seen.get(key)?.has(v)) {
      sink.add('future-read', () => ({
        type: 'future-read',
        txn: txnRef(txn),
        key,
        element: v,
        explanation:
          `future-read: ${txnName(txn)} read ${show(v)} in key ${show(key)} before it ` +
          `appended ${show(v)} itself`,
      }));
      return;
    }
  }
}

/** Each read that counts as an observation (`readCounts`) and saw at least one element. */
function* observedReads(
  t: Transactions,
): Generator<{ txn: Txn; key: TxnKey; read: readonly TxnElement[] }> {
  for (const txn of t.txns) {
    if (txn.type === 'fail') continue;
    for (const [f, key, v] of txn.mops) {
      if (f === 'r' && readCounts(txn.type, v) && v !== null && v.length > 0) {
        yield { txn, key, read: v };
      }
    }
  }
}

/** Duplicate elements in a read, and reads that are not prefixes of the key's longest read. */
export function orderAnomalies(
  t: Transactions,
  keys: Map<TxnKey, KeyIndex>,
  sink: AnomalySink,
): void {
  const incompatible = new Set<TxnKey>();
  const distinct = new Set<TxnElement>();
  for (const { txn, key, read: v } of observedReads(t)) {
    distinct.clear();
    for (const e of v) distinct.add(e);
    if (distinct.size !== v.length) {
      const counts = new Map<TxnElement, number>();
      for (const e of v) counts.set(e, (counts.get(e) ?? 0) + 1);
      const duplicates = [...counts]
        .filter(([, n]) => n > 1)
        .map(([element, count]) => ({ element, count }));
      sink.add('duplicate-elements', () => ({
        type: 'duplicate-elements',
        txn: txnRef(txn),
        key,
        read: v,
        duplicates,
        explanation:
          `duplicate-elements: ${txnName(txn)} read key ${show(key)} as ${showList(v)}, where ` +
          duplicates.map((d) => `${show(d.element)} appears ${d.count} times`).join(', ') +
          ', yet each element is appended once',
      }));
    }
    const k = keys.get(key);
    if (!k || incompatible.has(key) || (k.appends === 1 && k.order.length === 1)) continue;
    const longest = k.longest;
    for (let i = 0; i < v.length; i++) {
      if (v[i] !== longest[i]) {
        incompatible.add(key);
        break;
      }
    }
  }
  if (incompatible.size === 0) return;
  // The distinct reads of every incompatible key, gathered in one pass over the reads (a pass
  // a key made this quadratic: thousands of keys under a partition took minutes).
  const readsOf = new Map<TxnKey, DistinctReads>();
  for (const key of incompatible) readsOf.set(key, new Map());
  for (const { txn, key, read } of observedReads(t)) {
    const reads = readsOf.get(key);
    if (reads === undefined) continue;
    const id = JSON.stringify(read);
    if (!reads.has(id)) reads.set(id, { value: read, reader: txn });
  }
  for (const [key, reads] of readsOf) incompatibleOrder(keys.get(key)!, reads, sink);
}

/** A key's distinct reads, by their JSON, each with its first reader. */
type DistinctReads = Map<string, { value: readonly TxnElement[]; reader: Txn }>;

/** Report the first pair of a key's distinct reads, by length, where one is not a prefix of the next. */
function incompatibleOrder(k: KeyIndex, reads: DistinctReads, sink: AnomalySink): void {
  const sorted = [...reads.values()].sort((a, b) => a.value.length - b.value.length);
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    if (a.value.every((e, j) => b.value[j] === e)) continue;
    sink.add('incompatible-order', () => ({
      type: 'incompatible-order',
      key: k.key,
      values: [a.value, b.value],
      readers: [txnRef(a.reader), txnRef(b.reader)],
      explanation:
        `incompatible-order: ${txnName(a.reader)} read key ${show(k.key)} as ${showList(a.value)} and ` +
        `${txnName(b.reader)} as ${showList(b.value)}; the first is not a prefix of the second, so no ` +
        `single order of appends gives both`,
    }));
    return;
  }
}

/**
 * Dirty update: in a key's version order, an element of a failed transaction followed by one of
 * a committed transaction (Elle's walk: info writers are undecided and carry the range on).
 */
export function dirtyUpdates(
  t: Transactions,
  keys: Map<TxnKey, KeyIndex>,
  sink: AnomalySink,
): void {
  for (const k of keys.values()) {
    if (k.failedWriter.size === 0) continue;
    let t1: Txn | undefined; // undefined: the committed initial state
    let vs: TxnElement[] = [];
    // Elle walks the order from all reads here: with a failed append the key has two or more
    // appends, so the single-append shortcut does not apply.
    for (const e of new Set(k.longest)) {
      const w = k.writer.get(e) ?? k.failedWriter.get(e);
      const t2 = w === undefined ? undefined : t.txns[w];
      const type1 = t1 ? t1.type : 'ok';
      const type2 = t2 ? t2.type : 'info';
      vs = [...vs, e];
      if (type2 === 'ok') {
        if (type1 === 'fail' && t1 && t2) {
          const failed = t1;
          const committed = t2;
          const values = vs;
          sink.add('dirty-update', () => ({
            type: 'dirty-update',
            key: k.key,
            values,
            failed: txnRef(failed),
            committed: txnRef(committed),
            explanation:
              `dirty-update: on key ${show(k.key)} the version order runs ${showList(values)}: ` +
              `${txnName(committed)} (committed) appended ${show(e)} on top of ${show(values[0]!)}, ` +
              `appended by ${txnName(failed)}, which failed`,
          }));
        }
        t1 = t2;
        vs = [e];
      } else if (type2 === 'fail') {
        if (type1 !== 'fail') {
          t1 = t2;
          vs = [e];
        }
      }
      // info after anything: undecided, keep the range.
    }
  }
}

/**
 * Lost update: two or more committed transactions read the same version of a key (their first
 * read of it, before appending) and then both appended to it.
 */
export function lostUpdates(t: Transactions, sink: AnomalySink): void {
  const groups = new Map<TxnKey, Map<string, { read: readonly TxnElement[]; txns: Txn[] }>>();
  for (const txn of t.txns) {
    if (txn.type !== 'ok' || !repeatsKey(txn.mops)) continue;
    let reads: Map<TxnKey, readonly TxnElement[]> | undefined;
    let wrote: Set<TxnKey> | undefined;
    for (const [f, key, v] of txn.mops) {
      if (f === 'r') {
        reads ??= new Map();
        if (!reads.has(key)) reads.set(key, v ?? []);
        continue;
      }
      if (wrote?.has(key)) continue;
      (wrote ??= new Set()).add(key);
      const read = reads?.get(key);
      if (read === undefined) continue;
      let byRead = groups.get(key);
      if (!byRead) {
        byRead = new Map<string, { read: readonly TxnElement[]; txns: Txn[] }>();
        groups.set(key, byRead);
      }
      const id = JSON.stringify(read);
      let g = byRead.get(id);
      if (!g) byRead.set(id, (g = { read, txns: [] }));
      g.txns.push(txn);
    }
  }
  for (const [key, byRead] of groups) {
    for (const { read, txns } of byRead.values()) {
      if (txns.length < 2) continue;
      sink.add('lost-update', () => ({
        type: 'lost-update',
        key,
        read,
        txns: txns.map(txnRef),
        explanation:
          `lost-update: ${txns.map(txnName).join(', ')} all read key ${show(key)} as ` +
          `${showList(read)} and then appended to it: each appended without seeing the others`,
      }));
    }
  }
}

/** Appends never seen in any read: lost (ok, and a later read misses them), unknown or unread. */
export function unobservedAppends(
  t: Transactions,
  keys: Map<TxnKey, KeyIndex>,
  cap: number,
): UnobservedAppends {
  const out: UnobservedAppends = { lost: 0, unknown: 0, unread: 0, examples: [] };
  // Per key, the read invoked last (by history position) among committed reads.
  const lastRead = new Map<TxnKey, Txn>();
  for (const txn of t.txns) {
    if (txn.type !== 'ok') continue;
    for (const [f, key] of txn.mops) {
      if (f !== 'r') continue;
      const prev = lastRead.get(key);
      if (!prev || prev.startPos < txn.startPos) lastRead.set(key, txn);
    }
  }
  for (const k of keys.values()) {
    for (const [e, w] of k.writer) {
      if (k.position.has(e)) continue;
      const writer = t.txns[w]!;
      if (writer.type !== 'ok') {
        out.unknown++;
        continue;
      }
      const later = lastRead.get(k.key);
      if (later && later.startPos > writer.endPos) {
        out.lost++;
        if (out.examples.length < cap) {
          out.examples.push({
            key: k.key,
            element: e,
            writer: txnRef(writer),
            laterReader: txnRef(later),
          });
        }
      } else out.unread++;
    }
  }
  return out;
}

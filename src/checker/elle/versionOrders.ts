/**
 * Per key: who appended each element, the version order (the longest read, or the one append
 * when a key has a single one), and who read each version. Elle's append, write and read
 * indices.
 */
import type { Transactions } from './transactions.js';
import type { TxnElement, TxnKey } from './txn.js';

/** The initial, empty version of every key. */
export const INIT: unique symbol = Symbol('init');
export type Version = TxnElement | typeof INIT;

export interface KeyIndex {
  key: TxnKey;
  /** Element -> the transaction (ok or info) that appended it. */
  writer: Map<TxnElement, number>;
  /** Element -> the failed transaction that appended it. */
  failedWriter: Map<TxnElement, number>;
  /** Element -> the transaction that appended it and then appended again to this key. */
  intermediate: Map<TxnElement, number>;
  /** The version order: distinct elements of the longest read. */
  order: TxnElement[];
  /** Element -> its position in `order`. */
  position: Map<TxnElement, number>;
  /** The longest read as read (duplicates kept) and the transaction that read it. */
  longest: readonly TxnElement[];
  longestReader: number;
  /** Version (last element read, or INIT for an empty read) -> transactions that read it. */
  readers: Map<Version, number[]>;
  /** Appends by ok and info transactions. */
  appends: number;
  lastAppend: TxnElement | undefined;
}

/** Whether a read of an info transaction counts (Elle: its `nil` reads are not observations). */
export function readCounts(type: 'ok' | 'info' | 'fail', value: unknown): boolean {
  return type === 'ok' || (type === 'info' && value !== null);
}

/** A value appended to one key by two transactions (Elle refuses such histories). */
export interface DuplicateAppend {
  key: TxnKey;
  element: TxnElement;
  txns: [number, number];
}

/** Build every key's index from the transactions; `duplicate` is the first value appended twice. */
export function buildKeyIndices(t: Transactions): {
  keys: Map<TxnKey, KeyIndex>;
  duplicate: DuplicateAppend | undefined;
} {
  const keys = new Map<TxnKey, KeyIndex>();
  let duplicate: DuplicateAppend | undefined;
  const index = (key: TxnKey): KeyIndex => {
    let k = keys.get(key);
    if (!k) {
      k = {
        key,
        writer: new Map(),
        failedWriter: new Map(),
        intermediate: new Map(),
        order: [],
        position: new Map(),
        longest: [],
        longestReader: -1,
        readers: new Map(),
        appends: 0,
        lastAppend: undefined,
      };
      keys.set(key, k);
    }
    return k;
  };
  for (const txn of t.txns) {
    const mops = txn.mops;
    for (let i = 0; i < mops.length; i++) {
      const [f, key, v] = mops[i]!;
      if (f === 'append') {
        const k = index(key);
        const other = k.writer.get(v) ?? k.failedWriter.get(v);
        if (other !== undefined && other !== txn.id && duplicate === undefined) {
          duplicate = { key, element: v, txns: [other, txn.id] };
        }
        if (txn.type === 'fail') k.failedWriter.set(v, txn.id);
        else {
          k.writer.set(v, txn.id);
          k.appends++;
          k.lastAppend = v;
        }
        // An earlier append of this transaction to this key is intermediate.
        for (let j = i - 1; j >= 0; j--) {
          const m = mops[j]!;
          if (m[0] === 'append' && m[1] === key) {
            k.intermediate.set(m[2], txn.id);
            break;
          }
        }
      } else if (readCounts(txn.type, v) && txn.type !== 'fail') {
        const k = index(key);
        const read = v ?? [];
        if (read.length > k.longest.length) {
          k.longest = read;
          k.longestReader = txn.id;
        }
        const version: Version = read.length === 0 ? INIT : (read[read.length - 1] as TxnElement);
        let rs = k.readers.get(version);
        if (!rs) k.readers.set(version, (rs = []));
        if (rs[rs.length - 1] !== txn.id) rs.push(txn.id);
      }
    }
  }
  for (const k of keys.values()) {
    // Elle: a key with a single append has the version order [that element], read or not.
    const order =
      k.appends === 1 && k.lastAppend !== undefined ? [k.lastAppend] : [...new Set(k.longest)];
    k.order = order;
    order.forEach((e, i) => k.position.set(e, i));
  }
  return { keys, duplicate };
}

/**
 * The element appended just before `element` on this key, INIT when it was the first; an
 * element never read comes after the last one read (Elle's rule).
 */
export function previousVersion(k: KeyIndex, element: TxnElement): Version {
  const i = k.position.get(element);
  if (i === undefined)
    return k.order.length > 0 ? (k.order[k.order.length - 1] as TxnElement) : INIT;
  return i > 0 ? (k.order[i - 1] as TxnElement) : INIT;
}

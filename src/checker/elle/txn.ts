/**
 * The list-append history shape, as redcheck records it in `history.jsonl` and as Jepsen's
 * list-append histories load into it.
 *
 * A transaction is an op with `f: "txn"` whose value is a list of micro-ops:
 *
 * - invoke: `[["append", k, v], ["r", k, null], ...]`
 * - ok:     `[["append", k, v], ["r", k, [1, 2, 3]], ...]` (each read completed with the list)
 * - fail:   the transaction certainly did not happen (its value as invoked)
 * - info:   unknown: it may have happened, now or later (its value as invoked)
 *
 * Keys and values are numbers or strings (EDN keywords load as their names). Every appended
 * value is unique per key, so a value in a read names the transaction that appended it. A read
 * of `null` in an `ok` transaction is the empty list.
 */

/** A key of a list: a number or a string. */
export type TxnKey = number | string;
/** An element appended to a list: a number or a string, unique per key. */
export type TxnElement = number | string;

export type AppendMop = readonly ['append', TxnKey, TxnElement];
export type ReadMop = readonly ['r', TxnKey, readonly TxnElement[] | null];
/** One micro-operation of a transaction. */
export type MicroOp = AppendMop | ReadMop;

/** The `f` of a list-append transaction op. */
export const TXN_F = 'txn';

const MOP_SHAPE = '["append", key, value] or ["r", key, null | [values...]]';

function isScalar(v: unknown): v is number | string {
  return (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string';
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * What is wrong with `value` as a transaction, or undefined when it is one. The returned text
 * says what was expected and what was found, for a `file:line:` prefix.
 */
export function txnProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) {
    return `:value of a txn: expected a list of micro-ops ${MOP_SHAPE}, found ${show(value)}`;
  }
  for (let i = 0; i < value.length; i++) {
    const mop: unknown = value[i];
    if (!Array.isArray(mop) || mop.length !== 3) {
      return `micro-op ${i + 1}: expected ${MOP_SHAPE}, found ${show(mop)}`;
    }
    const [f, k, v] = mop as unknown[];
    if (f !== 'append' && f !== 'r') {
      return `micro-op ${i + 1}: unknown micro-op ${show(f)}; expected "append" or "r" in ${show(mop)}`;
    }
    if (!isScalar(k)) return `micro-op ${i + 1}: expected a number or string key, found ${show(k)}`;
    if (f === 'append' && !isScalar(v)) {
      return `micro-op ${i + 1}: expected a number or string to append, found ${show(v)}`;
    }
    if (f === 'r' && v !== null && !(Array.isArray(v) && v.every(isScalar))) {
      return `micro-op ${i + 1}: a read must be null or a list of numbers or strings, found ${show(v)}`;
    }
  }
  return undefined;
}

/** The micro-ops of a value already checked by `txnProblem`. */
export function asMops(value: unknown): readonly MicroOp[] {
  return value as readonly MicroOp[];
}

/** Whether two micro-ops of `mops` touch the same key (cheap: no allocation). */
export function repeatsKey(mops: readonly MicroOp[]): boolean {
  for (let i = 1; i < mops.length; i++) {
    const k = mops[i]![1];
    for (let j = 0; j < i; j++) if (mops[j]![1] === k) return true;
  }
  return false;
}

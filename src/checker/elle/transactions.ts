/**
 * From a history to its transactions: each `txn` invoke paired with its completion on the same
 * process. Transactions that may have happened (`ok`, `info`, and invokes never completed) are
 * numbered 0..n-1, the vertices of the dependency graph; failed ones come after them.
 */
import { RedcheckError } from '../../errors.js';
import type { Op } from '../../history/op.js';
import type { TxnRef } from './result.js';
import { asMops, TXN_F, txnProblem, type MicroOp } from './txn.js';

export interface Txn {
  /** Vertex number (ok and info first, then fail). */
  id: number;
  /** How it ended; an invoke never completed counts as `info`. */
  type: 'ok' | 'info' | 'fail';
  /** History index of the completion (of the invoke when it never completed). */
  index: number;
  /** History index of the invoke, or -1 when the history has no invoke for it. */
  invokeIndex: number;
  process: Op['process'];
  /** Time of the completion (ns), or of the invoke when it never completed. */
  time: number;
  /** Micro-ops: the completion's for `ok`, otherwise the completion's or the invoke's. */
  mops: readonly MicroOp[];
  /** The value as recorded, for reports. */
  value: unknown;
  /** Position in the history of the invoke (of the completion when there is no invoke). */
  startPos: number;
  /** Position in the history of the completion (of the invoke when it never completed). */
  endPos: number;
}

export interface Transactions {
  /** Every transaction; `txns[i].id === i`. */
  txns: Txn[];
  /** How many may have happened (ok + info): vertices 0..possible-1. */
  possible: number;
  /** Per history position: the transaction (ok or info) invoked there, or -1. */
  invokedAt: Int32Array;
  /** Per history position: the transaction completed `ok` there, or -1. */
  completedAt: Int32Array;
  /** Client ops that are not transactions (ignored). */
  ignored: number;
}

function bad(op: Op, problem: string): RedcheckError {
  return new RedcheckError(
    'E_HISTORY_MALFORMED',
    `op ${op.index} (process ${String(op.process)}, ${op.type}): ${problem}`,
    'a list-append history has ops {f: "txn", value: [["append", k, v], ["r", k, null | [...]]]}',
  );
}

function mopsOf(op: Op): readonly MicroOp[] {
  const problem = txnProblem(op.value);
  if (problem !== undefined) throw bad(op, problem);
  return asMops(op.value);
}

/** Pair a history's `txn` ops into transactions; RedcheckError on a malformed transaction. */
export function collectTransactions(history: readonly Op[]): Transactions {
  const open = new Map<Op['process'], { op: Op; pos: number }>();
  const possible: Txn[] = [];
  const failed: Txn[] = [];
  let ignored = 0;
  const add = (
    type: Txn['type'],
    end: Op,
    endPos: number,
    inv: { op: Op; pos: number } | undefined,
    mops: readonly MicroOp[],
  ): void => {
    const t: Txn = {
      id: -1,
      type,
      index: end.index,
      invokeIndex: inv ? inv.op.index : -1,
      process: end.process,
      time: end.time,
      mops,
      value: end.value,
      startPos: inv ? inv.pos : endPos,
      endPos,
    };
    (type === 'fail' ? failed : possible).push(t);
  };
  history.forEach((op, pos) => {
    if (typeof op.process !== 'number') return;
    if (op.f !== TXN_F) {
      ignored++;
      return;
    }
    if (op.type === 'invoke') {
      mopsOf(op);
      const prior = open.get(op.process);
      if (prior) add('info', prior.op, prior.pos, prior, mopsOf(prior.op));
      open.set(op.process, { op, pos });
      return;
    }
    const inv = open.get(op.process);
    open.delete(op.process);
    if (op.type === 'ok') {
      add('ok', op, pos, inv, mopsOf(op));
    } else {
      // fail and info carry the invoked value; fall back to the invoke's when absent.
      add(op.type, op, pos, inv, mopsOf(op.value === null && inv ? inv.op : op));
    }
  });
  for (const inv of open.values()) add('info', inv.op, inv.pos, inv, mopsOf(inv.op));
  possible.sort((a, b) => a.endPos - b.endPos);
  const txns = [...possible, ...failed];
  const invokedAt = new Int32Array(history.length).fill(-1);
  const completedAt = new Int32Array(history.length).fill(-1);
  txns.forEach((t, i) => {
    t.id = i;
    // Without an invoke a transaction is taken to start when it completes.
    if (t.type !== 'fail') invokedAt[t.startPos] = i;
    if (t.type === 'ok') completedAt[t.endPos] = i;
  });
  return { txns, possible: possible.length, invokedAt, completedAt, ignored };
}

/** How anomalies name a transaction: `T` and the history index of its completion. */
export function txnName(t: Txn): string {
  return `T${t.index}`;
}

/** A transaction as results show it. */
export function txnRef(t: Txn): TxnRef {
  return {
    name: txnName(t),
    index: t.index,
    invokeIndex: t.invokeIndex,
    process: t.process,
    type: t.type,
    value: t.value,
  };
}

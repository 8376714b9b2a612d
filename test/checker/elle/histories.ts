/**
 * Building list-append histories by hand for tests: `a(k, v)` appends, `r(k, [..])` is a read
 * as completed. A transaction is invoked and completed by explicit steps, so tests say exactly
 * which transactions overlap in real time.
 */
import type { Op } from '../../../src/history/op.js';
import type { MicroOp, TxnElement, TxnKey } from '../../../src/checker/elle/index.js';

export const a = (k: TxnKey, v: TxnElement): MicroOp => ['append', k, v];
export const r = (k: TxnKey, list: TxnElement[] | null): MicroOp => ['r', k, list];

/** The invoke form of a transaction: reads not yet known. */
export function invoked(mops: readonly MicroOp[]): MicroOp[] {
  return mops.map((m) => (m[0] === 'r' ? ['r', m[1], null] : m));
}

export class HistoryBuilder {
  readonly ops: Op[] = [];
  private readonly pending = new Map<number, readonly MicroOp[]>();

  private push(process: number, type: Op['type'], value: unknown): void {
    const index = this.ops.length;
    this.ops.push({ index, time: index * 1000, process, type, f: 'txn', value });
  }

  /** Invoke `mops` (given as they will complete) on `process`. */
  invoke(process: number, mops: readonly MicroOp[]): this {
    this.pending.set(process, mops);
    this.push(process, 'invoke', invoked(mops));
    return this;
  }

  /** Complete the transaction open on `process` as `type` (ok: with its reads filled in). */
  complete(process: number, type: 'ok' | 'fail' | 'info' = 'ok'): this {
    const mops = this.pending.get(process);
    if (!mops) throw new Error(`no transaction open on process ${process}`);
    this.pending.delete(process);
    this.push(process, type, type === 'ok' ? mops : invoked(mops));
    return this;
  }

  /** Invoke and complete at once: a transaction overlapping nothing. */
  txn(process: number, mops: readonly MicroOp[], type: 'ok' | 'fail' | 'info' = 'ok'): this {
    return this.invoke(process, mops).complete(process, type);
  }

  /** Invoke all, then complete all: transactions that all overlap. */
  concurrent(txns: readonly [number, readonly MicroOp[], ('ok' | 'fail' | 'info')?][]): this {
    for (const [p, mops] of txns) this.invoke(p, mops);
    for (const [p, , type] of txns) this.complete(p, type ?? 'ok');
    return this;
  }
}

/** A fresh builder. */
export const history = (): HistoryBuilder => new HistoryBuilder();

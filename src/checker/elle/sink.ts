/** Collects anomalies by type: counts all, keeps the first few, builds only those it keeps. */
import type { AnomalyType } from './anomalies.js';
import type { Anomaly } from './result.js';
import type { TxnElement, TxnKey } from './txn.js';

export class AnomalySink {
  readonly counts = new Map<AnomalyType, number>();
  readonly kept = new Map<AnomalyType, Anomaly[]>();
  constructor(private readonly cap: number) {}

  /** Count one anomaly of `type`; `make` is called only when it is kept. */
  add(type: AnomalyType, make: () => Anomaly): void {
    const n = (this.counts.get(type) ?? 0) + 1;
    this.counts.set(type, n);
    if (n <= this.cap) {
      let list = this.kept.get(type);
      if (!list) this.kept.set(type, (list = []));
      list.push(make());
    }
  }
}

/** A key or element as explanations print it: numbers as they are, strings quoted. */
export function show(v: TxnKey | TxnElement): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** A list as explanations print it, EDN style: `[1 2 3]`, long ones shortened in the middle. */
export function showList(list: readonly (TxnKey | TxnElement)[]): string {
  if (list.length <= 12) return `[${list.map(show).join(' ')}]`;
  const head = list.slice(0, 5).map(show).join(' ');
  const tail = list.slice(-5).map(show).join(' ');
  return `[${head} ... ${tail}] (${list.length} elements)`;
}

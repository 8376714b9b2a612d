import type { CheckResult } from './verdict.js';
import type { SetCheckResult } from './setTypes.js';

/** A set result with every count zero and every list empty. */
export function emptySetResult(valid: CheckResult['valid'], reason?: string): SetCheckResult {
  return {
    valid,
    ...(reason !== undefined ? { reason } : {}),
    attempted: 0,
    acknowledged: 0,
    failed: 0,
    indeterminate: 0,
    lost: 0,
    lostPercent: 0,
    partial: 0,
    unexpected: 0,
    recovered: 0,
    duplicated: 0,
    lostWrites: [],
    partialElements: [],
    unexpectedElements: [],
    nodes: [],
    lostDuringFaults: 0,
    lostOutsideFaults: 0,
    lostByNode: {},
  };
}

/** Lists capped at `max` items each, remembering which categories were cut. */
export class CappedLists {
  private readonly cut: string[] = [];

  constructor(readonly max: number) {}

  /** Whether `arr` is full; if so, records `what` as cut. */
  full(arr: readonly unknown[], what: string): boolean {
    if (arr.length < this.max) return false;
    if (!this.cut.includes(what)) this.cut.push(what);
    return true;
  }

  /** Pushes `item` onto `arr` unless it is full. */
  add<T>(arr: T[], item: T, what: string): void {
    if (!this.full(arr, what)) arr.push(item);
  }

  /** The `truncated` note of a result, or undefined when nothing was cut. */
  note(): string | undefined {
    return this.cut.length === 0
      ? undefined
      : `showing at most ${this.max} of each of: ${this.cut.join(', ')}`;
  }
}

/** `x` rounded to two decimals. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

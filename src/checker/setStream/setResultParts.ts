import type { FaultInterval } from '../../history/faultInterval.js';
import type { SetCheckResult } from '../set.js';

/** Whether a fault is active at some moment of [from, to]. */
export function activeFaultAt(faults: readonly FaultInterval[], from: number, to: number): boolean {
  for (const f of faults) if (f.start <= to && (f.end ?? Infinity) >= from) return true;
  return false;
}

export function emptyResult(): SetCheckResult {
  return {
    valid: true,
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

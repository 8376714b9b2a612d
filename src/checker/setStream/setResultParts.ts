import type { FaultInterval } from '../../history/faultInterval.js';

/** Whether a fault is active at some moment of [from, to]. */
export function activeFaultAt(faults: readonly FaultInterval[], from: number, to: number): boolean {
  for (const f of faults) if (f.start <= to && (f.end ?? Infinity) >= from) return true;
  return false;
}

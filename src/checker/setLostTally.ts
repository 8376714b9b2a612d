import { activeFaults, describeFault, type FaultInterval } from '../history/faultInterval.js';
import type { Op } from '../history/op.js';
import type { FaultSweep } from './setFaultSweep.js';
import type { SetCheckResult, SetWriteDetail } from './setTypes.js';

/**
 * Counts one lost write into `r`: during or outside the fault windows, by the node it was
 * sent to and, when `shardOf` is given, by the shard of its element.
 */
export function tallyLost(
  r: SetCheckResult,
  invoke: Op,
  done: Op,
  sweep: FaultSweep,
  shardOf: ((element: string) => string | undefined) | undefined,
): void {
  r.lost++;
  if (sweep.anyActive(invoke.time, done.time)) r.lostDuringFaults++;
  else r.lostOutsideFaults++;
  const node = done.node ?? 'unknown';
  r.lostByNode[node] = (r.lostByNode[node] ?? 0) + 1;
  if (shardOf !== undefined) {
    const shard = shardOf(String(invoke.value)) ?? 'unknown';
    r.lostByShard ??= {};
    r.lostByShard[shard] = (r.lostByShard[shard] ?? 0) + 1;
  }
}

/** A lost (acknowledged) write placed in time, with the faults active while it ran. */
export function lostWriteDetail(
  invoke: Op,
  done: Op,
  faults: readonly FaultInterval[],
): SetWriteDetail {
  const detail: SetWriteDetail = {
    element: String(invoke.value),
    process: invoke.process as number,
    outcome: 'ok',
    invoke: invoke.time,
    faults: activeFaults(faults, invoke.time, done.time).map(describeFault),
  };
  detail.complete = done.time;
  if (done.node !== undefined) detail.node = done.node;
  return detail;
}

import type { History, Op, OpType } from '../history/op.js';
import { pairOps } from '../history/pairOps.js';

/** One `add` write of the set workload: its element, times, outcome and node. */
export interface SetWrite {
  element: string;
  process: number | 'nemesis';
  invoke: number;
  complete?: number;
  outcome: OpType | 'none';
  node?: string;
}

/**
 * Each `add` write of a history by its element, in invoke order (a later write of the same
 * element replaces the earlier one in place). Paired by `pairOps`: throws E_HISTORY_INVALID
 * for a completion with no invoke.
 */
export function setWrites(history: History): Map<string, SetWrite> {
  const writes = new Map<string, SetWrite>();
  const pairs = pairOps(history);
  for (let k = 0; k < pairs.count; k++) {
    const invoke = history[pairs.invoke[k] as number] as Op;
    if (invoke.f !== 'add') continue;
    const donePos = pairs.completion[k] as number;
    const done = donePos < 0 ? undefined : (history[donePos] as Op);
    const w: SetWrite = {
      element: String(invoke.value),
      process: invoke.process as number,
      invoke: invoke.time,
      outcome: done === undefined ? 'none' : done.type,
    };
    if (done !== undefined) {
      w.complete = done.time;
      if (done.node !== undefined) w.node = done.node;
    }
    writes.set(w.element, w);
  }
  return writes;
}

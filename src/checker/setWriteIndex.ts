import type { History, Op, OpType } from '../history/op.js';
import type { OpPairs } from '../history/pairOps.js';
import { ElementIds } from './setElementIds.js';
import { rawReadIds, readStringCount, resolveReadIds, type ReadIds } from './setReadIds.js';
import type { SetFinalRead } from './setTypes.js';

/** Outcome codes of `SetWriteIndex.outcome`: indexes into `OUTCOMES`. */
export const OUTCOMES: readonly (OpType | 'none')[] = ['ok', 'fail', 'info', 'none'];
export const OK = 0;
export const FAIL = 1;

/**
 * The add writes of a history and the final reads as dense element ids, one write per
 * element (the last write of it counts, in the order of its first write).
 */
export interface SetWriteIndex {
  /** Number of element ids (of writes and reads together). */
  size: number;
  /** Per add write, in invoke order: history position of the invoke, of the completion (-1 when none), element id. */
  wPos: Int32Array;
  wDone: Int32Array;
  wId: Int32Array;
  /** Per final read: the element ids of its keys. */
  readIds: ReadIds[];
  /** Distinct elements written; `unique[u]` is the add write that counts for the u-th. */
  attempted: number;
  unique: Int32Array;
  /** Per distinct element, its write's outcome code (see `OUTCOMES`). */
  outcome: Uint8Array;
  acknowledged: number;
  failed: number;
  indeterminate: number;
}

/** Indexes the add writes of `history` (paired as `pairs`) and the keys of `reads`. */
export function indexSetWrites(
  history: History,
  pairs: OpPairs,
  reads: readonly SetFinalRead[],
): SetWriteIndex {
  // The add writes in invoke order: position of the invoke and outcome.
  let adds = 0;
  for (let k = 0; k < pairs.count; k++) {
    if ((history[pairs.invoke[k] as number] as Op).f === 'add') adds++;
  }
  const ids = new ElementIds(adds + readStringCount(reads));
  const wPos = new Int32Array(adds);
  const wDone = new Int32Array(adds);
  const wId = new Int32Array(adds);
  for (let k = 0, j = 0; k < pairs.count; k++) {
    const pos = pairs.invoke[k] as number;
    const invoke = history[pos] as Op;
    if (invoke.f !== 'add') continue;
    wPos[j] = pos;
    wDone[j] = pairs.completion[k] as number;
    wId[j++] = ids.raw(String(invoke.value));
  }
  const readIds = rawReadIds(ids, reads);
  const size = ids.finish();
  ids.resolve(wId);
  resolveReadIds(ids, readIds);

  // One write per element, in the order of its first write (the last write of it counts).
  const slot = new Int32Array(size).fill(-1);
  const unique = new Int32Array(adds);
  let attempted = 0;
  for (let j = 0; j < adds; j++) {
    const id = wId[j] as number;
    const s = slot[id] as number;
    if (s < 0) {
      slot[id] = attempted;
      unique[attempted++] = j;
    } else unique[s] = j;
  }
  const outcome = new Uint8Array(attempted);
  let acknowledged = 0;
  let failed = 0;
  let indeterminate = 0;
  for (let u = 0; u < attempted; u++) {
    const done = wDone[unique[u] as number] as number;
    const o = done < 0 ? 3 : OUTCOMES.indexOf((history[done] as Op).type);
    outcome[u] = o;
    if (o === OK) acknowledged++;
    else if (o === FAIL) failed++;
    else indeterminate++;
  }
  return {
    size,
    wPos,
    wDone,
    wId,
    readIds,
    attempted,
    unique,
    outcome,
    acknowledged,
    failed,
    indeterminate,
  };
}

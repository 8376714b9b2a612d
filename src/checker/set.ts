import { faultIntervals } from '../history/faultInterval.js';
import type { Op } from '../history/op.js';
import { pairOps } from '../history/pairOps.js';
import { FaultSweep } from './setFaultSweep.js';
import { finalPrimary, IN_LIST, IN_SET, primaryFlags, SEEN, WRITTEN } from './setFinalState.js';
import { lostWriteDetail, tallyLost } from './setLostTally.js';
import { nodeDiffsOf } from './setNodeDiffs.js';
import { CappedLists, emptySetResult, round2 } from './setResult.js';
import { withShardUnion } from './setShardUnion.js';
import type { SetCheckInput, SetCheckResult } from './setTypes.js';
import { FAIL, indexSetWrites, OK } from './setWriteIndex.js';

export type {
  SetCheckInput,
  SetCheckResult,
  SetFinalRead,
  SetNodeDiff,
  SetWriteDetail,
} from './setTypes.js';
export { nodeDiffs } from './setNodeDiffs.js';
export { setWrites, type SetWrite } from './setWrites.js';

/**
 * Judge the set workload. Valid when nothing acknowledged is lost, nothing is half-applied
 * and nothing failed is present; `unknown` when the final primary could not be read.
 *
 * Linear in the history and the final reads: elements get dense integer ids (`e<n>` is `n`,
 * any other string an id of its own, see `ElementIds`), and every membership test is a byte
 * of a typed array. Throws E_HISTORY_INVALID for a completion with no invoke.
 *
 * The in-memory tier, for a history and final reads already in memory: the public API, the
 * set workload's `check` (`checkHistory`) and the set-check bench. A run's stored history is
 * checked by `SetStreamCheck` (setStream/), a second implementation kept on purpose and held
 * equal to this one by a property test (test/checker/setStream.test.ts); they differ where one
 * element is written twice (here the write invoked last counts, there the one completed last).
 */
export function checkSet(input: SetCheckInput): SetCheckResult {
  const history = input.history;
  const reads = withShardUnion(input.finalReads);
  const faults = input.faults ?? faultIntervals(history);
  const w = indexSetWrites(history, pairOps(history), reads);
  const { size, wPos, wDone, wId, readIds, unique, outcome } = w;

  const r = emptySetResult(true);
  r.attempted = w.attempted;
  r.acknowledged = w.acknowledged;
  r.failed = w.failed;
  r.indeterminate = w.indeterminate;

  const final = finalPrimary(reads, readIds);
  if ('why' in final) {
    return { ...r, valid: 'unknown', reason: final.why, nodes: nodeDiffsOf(reads, readIds, size) };
  }
  const { primary, ids: pIds } = final;
  const { flags, duplicated } = primaryFlags(pIds, size);
  r.duplicated = duplicated;

  const lists = new CappedLists(input.maxListed ?? 1000);
  const sweep = new FaultSweep(faults);
  for (let u = 0; u < w.attempted; u++) {
    const j = unique[u] as number;
    const id = wId[j] as number;
    const f = flags[id] as number;
    flags[id] = f | WRITTEN;
    const s = (f & IN_SET) !== 0;
    const l = (f & IN_LIST) !== 0;
    const o = outcome[u] as number;
    if (s !== l) {
      r.partial++;
      lists.add(r.partialElements, String((history[wPos[j] as number] as Op).value), 'partial');
    }
    if (s || l) {
      if (o === FAIL) {
        r.unexpected++;
        lists.add(
          r.unexpectedElements,
          String((history[wPos[j] as number] as Op).value),
          'unexpected',
        );
      } else if (o !== OK) r.recovered++;
      continue;
    }
    if (o !== OK) continue;
    const invoke = history[wPos[j] as number] as Op;
    const done = history[wDone[j] as number] as Op;
    tallyLost(r, invoke, done, sweep, input.shardOf);
    if (!lists.full(r.lostWrites, 'lost')) r.lostWrites.push(lostWriteDetail(invoke, done, faults));
  }
  // Elements on the primary that no write made: the set's first, then the list's.
  for (const [elements, keyIds] of [
    [primary.set, pIds.set],
    [primary.list, pIds.list],
  ] as const) {
    for (let i = 0; i < keyIds.length; i++) {
      const id = keyIds[i] as number;
      const f = flags[id] as number;
      if ((f & (SEEN | WRITTEN)) !== 0) continue;
      flags[id] = f | SEEN;
      r.unexpected++;
      lists.add(r.unexpectedElements, elements[i] as string, 'unexpected');
      if (((f & IN_SET) !== 0) !== ((f & IN_LIST) !== 0)) {
        r.partial++;
        lists.add(r.partialElements, elements[i] as string, 'partial');
      }
    }
  }
  r.lostPercent = r.acknowledged === 0 ? 0 : round2((100 * r.lost) / r.acknowledged);
  r.nodes = nodeDiffsOf(reads, readIds, size);
  if (input.shardOf !== undefined) r.lostByShard ??= {};
  r.valid = r.lost === 0 && r.partial === 0 && r.unexpected === 0;
  const truncated = lists.note();
  if (truncated !== undefined) r.truncated = truncated;
  return r;
}

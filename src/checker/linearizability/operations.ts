/**
 * The operations of a history as the checker sees them, paired by the history's one pairing
 * (`pairOps`): nemesis ops and final reads are ignored; an invoke with no completion, or whose
 * process invokes again before completing, is an `info` op (it may have taken effect at any
 * later point, or never); a completion with no pending invoke is an error.
 */
import type { Op } from '../../history/op.js';
import { pairOps } from '../../history/pairOps.js';
import type { CompletedOp } from './model.js';

/**
 * The operations of a history in invoke order; `invokeIndex`/`completionIndex` are positions in
 * `history`. Throws RedcheckError `E_HISTORY_INVALID` for a completion without an invoke.
 */
export function completedOps(history: readonly Op[]): CompletedOp[] {
  const pairs = pairOps(history);
  const out = new Array<CompletedOp>(pairs.count);
  for (let k = 0; k < pairs.count; k++) {
    const invokePos = pairs.invoke[k] as number;
    const completionPos = pairs.completion[k] as number;
    const completion = completionPos < 0 ? undefined : (history[completionPos] as Op);
    out[k] = completedOp(history[invokePos] as Op, completion, invokePos, completionPos);
  }
  return out;
}

/** One op as the checker sees it: an invoke at `invokePos` and its completion, if any. */
export function completedOp(
  invoke: Op,
  completion: Op | undefined,
  invokePos: number,
  completionPos: number,
): CompletedOp {
  return {
    invokeIndex: invokePos,
    completionIndex: completion === undefined ? -1 : completionPos,
    process: invoke.process,
    f: invoke.f,
    key: invoke.key,
    status: completion === undefined ? 'info' : (completion.type as 'ok' | 'fail' | 'info'),
    input: invoke.value,
    output: completion?.value,
  };
}

import { checkLinearizability } from '../../src/checker/linearizability/index.js';
import {
  toRunResult,
  type LinearizabilityRunResult,
} from '../../src/checker/linearizability/runResult.js';
import type { History } from '../../src/history/op.js';

export {
  PREFIX_CAP,
  type CappedEvidence,
  type CappedPartition as RegisterPartition,
} from '../../src/checker/linearizability/runResult.js';

/** The `linearizable` entry of `results.json` for the register workload. */
export type RegisterCheckResult = LinearizabilityRunResult;

/**
 * Linearizability of a register history per key, with Knossos's `cas-register` model, within
 * `timeLimitMs` (past it: `unknown`). Evidence for non-linearizable keys, capped.
 */
export async function checkRegister(
  history: History,
  timeLimitMs: number,
): Promise<RegisterCheckResult> {
  const r = await checkLinearizability(history, {
    model: 'cas-register',
    timeLimitMs,
    verbose: true,
  });
  return toRunResult(r, timeLimitMs);
}

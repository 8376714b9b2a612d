import { settle as settleDeployment } from '../settle.js';
import type { RunContext } from '../runContext.js';
import { deploymentOf } from './workload.js';

/** Settle: wait (bounded) until one primary is agreed and every replica has caught up. */
export async function settle(run: RunContext): Promise<void> {
  const s = run.scenario;
  run.log(`[runner] settling (at most ${s.settleTimeoutMs / 1000}s)`);
  const outcome = await run.stop.abortable(settleDeployment(deploymentOf(run), s.settleTimeoutMs));
  run.results.settle = outcome;
  run.log(
    outcome.settled
      ? `[runner] settled in ${outcome.ms} ms, primary ${outcome.primary ?? '(one per shard)'}`
      : `[runner] warning: ${outcome.reason}`,
  );
}

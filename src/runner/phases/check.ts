import { checkStats } from '../../checker/stats.js';
import { readHistory } from '../../history/jsonl.js';
import { checkHistory } from '../checkHistory.js';
import { runChecker } from '../checkRun.js';
import type { RunContext } from '../runContext.js';

/**
 * Check: every checker, on the history as stored (client ops, faults and final reads), the
 * way `redcheck check <run-dir>` re-derives it. A run stopped before its final reads gets the
 * stats and an `unknown` verdict; a failed run gets no verdict.
 */
export async function check(run: RunContext): Promise<void> {
  const r = run.results;
  r.faults = run.driver?.faults() ?? [];
  if (run.failure !== undefined) return;
  const stopped = run.stop.reason();
  if (!run.readsRecorded) {
    if (stopped === undefined) return;
    const ops = await readHistory(run.dir.history).catch(() => []);
    r.checkers = {
      ...runChecker('stats', () => ({ stats: checkStats(ops) })),
      [run.workload.checkers[0] ?? run.workload.name]: {
        valid: 'unknown',
        reason: `${stopped}: no final reads`,
      },
    };
    return;
  }
  const verdict = await checkHistory({
    scenario: run.scenario,
    history: await readHistory(run.dir.history),
  });
  r.checkers = verdict.checkers;
  r.valid = verdict.valid;
  run.summary = verdict.summary;
}

import { checkStats } from '../../checker/stats.js';
import { readHistory } from '../../history/jsonl.js';
import type { History } from '../../history/op.js';
import { checkHistory } from '../checkHistory.js';
import { runChecker } from '../checkRun.js';
import type { RunContext } from '../runContext.js';

/**
 * The run's history: the ops the writer kept in memory, exactly what it wrote to the file
 * (parsing a default run's 100 MB file back took 7 s of an 8 s check), or the file when the
 * history outgrew what the writer keeps. `redcheck check <run-dir>` reads the file and must
 * reach the same verdict (test/runner/run.docker.test.ts holds the two together).
 */
function historyOf(run: RunContext): Promise<History> {
  const kept = run.history.recordedOps();
  return kept !== undefined ? Promise.resolve(kept) : readHistory(run.dir.history);
}

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
    const ops = await historyOf(run).catch(() => []);
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
    history: await historyOf(run),
  });
  r.checkers = verdict.checkers;
  r.valid = verdict.valid;
  run.summary = verdict.summary;
}

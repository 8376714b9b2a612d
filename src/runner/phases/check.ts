import type { CheckResult } from '../../checker/verdict.js';
import { checkStoredHistory } from '../checkStoredHistory.js';
import type { RunContext } from '../runContext.js';

/**
 * Check: every checker, on the history file as stored (client ops, faults and final reads),
 * read back as a stream the way `redcheck check <run-dir>` reads it, so both reach the same
 * verdict in memory that does not grow with the run's length (test/runner/run.docker.test.ts
 * holds the two together). A run stopped before its final reads gets the stats and an
 * `unknown` verdict; a failed run gets no verdict.
 */
export async function check(run: RunContext): Promise<void> {
  const r = run.results;
  r.faults = run.driver?.faults() ?? [];
  if (run.failure !== undefined) return;
  const stopped = run.stop.reason();
  if (!run.readsRecorded && stopped === undefined) return;
  const verdict = await checkStoredHistory({ scenario: run.scenario, file: run.dir.history });
  run.lossFacts = verdict.facts;
  if (!run.readsRecorded) {
    const checkers: Record<string, CheckResult> = {};
    const { stats } = verdict.checkers;
    if (stats !== undefined) checkers.stats = stats;
    checkers[run.workload.checkers[0] ?? run.workload.name] = {
      valid: 'unknown',
      reason: `${stopped}: no final reads`,
    };
    r.checkers = checkers;
    return;
  }
  r.checkers = verdict.checkers;
  r.valid = verdict.valid;
  run.summary = verdict.summary;
  run.lostWrites = verdict.lostWrites;
}

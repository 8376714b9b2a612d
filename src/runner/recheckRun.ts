import type { CheckResult, Validity } from '../checker/verdict.js';
import { RedcheckError } from '../errors.js';
import { readStoredRun } from '../store/index.js';
import type { CheckHistoryOutput } from './checkHistory.js';
import { checkStoredHistory } from './checkStoredHistory.js';

/** A stored run checked again from its files, beside what the run itself stored. */
export interface RecheckOutcome {
  readonly dir: string;
  readonly run: string;
  readonly stored: { readonly valid: Validity; readonly checkers: Record<string, CheckResult> };
  readonly derived: CheckHistoryOutput;
  /** Each way the new verdict differs from the stored one (`set.lost: stored 12, now 13`). */
  readonly differences: string[];
}

/** Fields that measure the checker, not the run: they may differ between two checks. */
const TIMING = /(^elapsed|Ms$|^ms$)/;

/**
 * Re-derive every verdict of a stored run from `scenario.json` and `history.jsonl` alone (the
 * final reads and fault windows are in the history), and compare it with `results.json`.
 * Throws E_RUN_UNCHECKABLE when the history has no final reads to check against.
 */
export async function recheckRun(dir: string): Promise<RecheckOutcome> {
  const stored = readStoredRun(dir);
  if (stored.historyFile === undefined) {
    throw new RedcheckError(
      'E_RUN_UNCHECKABLE',
      `${dir}: no history.jsonl to check`,
      'pass a run folder written by `redcheck run`',
    );
  }
  const scenario = {
    workload: stringField(stored.scenario, 'workload') ?? 'set',
    checkTimeLimitMs: numberField(stored.scenario, 'checkTimeLimitMs') ?? 60_000,
    ...clusterFields(stored.scenario),
  };
  // Read as a stream: memory flat in the run's length (see checkStoredHistory).
  const { checkers, valid, summary, hasFinalReads } = await checkStoredHistory({
    scenario,
    file: stored.historyFile,
  });
  if (!hasFinalReads) {
    const why = stored.results.interrupted ?? stored.results.error?.message;
    throw new RedcheckError(
      'E_RUN_UNCHECKABLE',
      `${stored.historyFile}: no final reads in the history${why ? ` (the run ended early: ${why})` : ''}, so there is no final state to check the writes against`,
      'run the scenario again with `redcheck run`; its command is in results.json',
    );
  }
  const derived: CheckHistoryOutput = { checkers, valid, summary };
  const storedCheckers = stored.results.checkers as Record<string, CheckResult>;
  return {
    dir,
    run: stored.results.run,
    stored: { valid: stored.results.valid, checkers: storedCheckers },
    derived,
    differences: differences(stored.results.valid, storedCheckers, derived),
  };
}

function differences(
  valid: Validity,
  stored: Record<string, CheckResult>,
  derived: CheckHistoryOutput,
): string[] {
  const out: string[] = [];
  if (valid !== derived.valid)
    out.push(`valid: stored ${String(valid)}, now ${String(derived.valid)}`);
  const names = new Set([...Object.keys(stored), ...Object.keys(derived.checkers)]);
  for (const name of names) {
    const a = stored[name] as Record<string, unknown> | undefined;
    const b = derived.checkers[name] as Record<string, unknown> | undefined;
    if (a === undefined || b === undefined) {
      out.push(`${name}: ${a === undefined ? 'not stored' : 'not derived'}`);
      continue;
    }
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (TIMING.test(field)) continue;
      const x = a[field];
      const y = b[field];
      const scalar = (v: unknown): boolean =>
        v === undefined || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string';
      if (scalar(x) && scalar(y) && x !== y) {
        out.push(`${name}.${field}: stored ${String(x)}, now ${String(y)}`);
      }
    }
  }
  return out;
}

function stringField(o: Record<string, unknown>, k: string): string | undefined {
  const v = o[k];
  return typeof v === 'string' ? v : undefined;
}

function numberField(o: Record<string, unknown>, k: string): number | undefined {
  const v = o[k];
  return typeof v === 'number' ? v : undefined;
}

/** The cluster fields of a stored scenario, when it ran on a cluster. */
function clusterFields(scenario: Record<string, unknown>): {
  topology?: string;
  clusterNodeTimeoutMs?: number;
} {
  const topology = stringField(scenario, 'topology');
  const timeout = numberField(scenario, 'clusterNodeTimeoutMs');
  return {
    ...(topology === undefined ? {} : { topology }),
    ...(timeout === undefined ? {} : { clusterNodeTimeoutMs: timeout }),
  };
}

import { LOSS_CAUSES, type LossCausesResult } from '../checker/lossCauses/index.js';
import type { CheckResult, Validity } from '../checker/verdict.js';
import { RedcheckError } from '../errors.js';
import { readStoredRun } from '../store/index.js';
import type { CheckHistoryOutput } from './checkHistory.js';
import { checkStoredHistory } from './checkStoredHistory.js';
import { explainRunLosses, probeWindowsOf } from './lossEvidence.js';
import type { MinorityAckCut } from '../checker/lossCauses/index.js';

/** A stored run checked again from its files, beside what the run itself stored. */
export interface RecheckOutcome {
  readonly dir: string;
  readonly run: string;
  readonly stored: { readonly valid: Validity; readonly checkers: Record<string, CheckResult> };
  readonly derived: CheckHistoryOutput;
  /**
   * The causes of the lost writes (set workload), derived again the way the run's `causes`
   * phase derives them: the streamed check's lost writes, the history's nemesis ops and last
   * time, and the deployment, faults, failovers and node observations results.json keeps.
   */
  readonly causes?: LossCausesResult;
  /**
   * The cluster minority windows derived again from the probe's ops in the history (absent
   * when the history holds none).
   */
  readonly probe?: { readonly cuts: MinorityAckCut[]; readonly minorityAckMs?: number };
  /** Each way the new verdict differs from the stored one (`set.lost: stored 12, now 13`). */
  readonly differences: string[];
  /**
   * Each way the derived causes differ from the stored ones (`causes.failover: stored 3, now
   * 4`); apart from `differences`, as the causes never change the verdict.
   */
  readonly causeDifferences: string[];
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
  const { checkers, valid, summary, hasFinalReads, lostWrites, facts } = await checkStoredHistory({
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
  const causes =
    lostWrites === undefined
      ? undefined
      : explainRunLosses({ ...stored.results, checkers }, lostWrites, facts);
  const probe = probeWindowsOf(stored.results, facts);
  return {
    dir,
    run: stored.results.run,
    stored: { valid: stored.results.valid, checkers: storedCheckers },
    derived,
    ...(causes === undefined ? {} : { causes }),
    ...(probe === undefined ? {} : { probe }),
    differences: differences(stored.results.valid, storedCheckers, derived),
    causeDifferences: [
      ...causeDifferences(stored.results.causes, causes),
      ...probeDifferences(stored.results.probe?.minorityAckMs, probe?.minorityAckMs),
    ],
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

/**
 * How the derived causes differ from the stored ones: the lost count and each cause's count.
 * A run stored without causes (before the pass existed) differs in nothing.
 */
function causeDifferences(
  stored: LossCausesResult | undefined,
  derived: LossCausesResult | undefined,
): string[] {
  if (stored === undefined) return [];
  if (derived === undefined) return ['causes: not derived'];
  const out: string[] = [];
  if (stored.lost !== derived.lost)
    out.push(`causes.lost: stored ${stored.lost}, now ${derived.lost}`);
  for (const c of LOSS_CAUSES) {
    const a = stored.counts[c];
    const b = derived.counts[c];
    if (a !== b) out.push(`causes.${c}: stored ${a}, now ${b}`);
  }
  return out;
}

/** The stored minority window against the derived one (a run stored without one differs in nothing). */
function probeDifferences(stored: number | undefined, derived: number | undefined): string[] {
  if (stored === undefined || stored === derived) return [];
  return [`minorityAckMs: stored ${stored}, now ${derived ?? 'not derived'}`];
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

import { dirname } from 'node:path';
import { ClusterTally } from '../checker/cluster.js';
import type { LostWriteColumns } from '../checker/setStream/lostWriteColumns.js';
import { StatsTally } from '../checker/stats.js';
import { mergeValidity, type CheckResult } from '../checker/verdict.js';
import { errorMessage, RedcheckError } from '../errors.js';
import { faultIntervals } from '../history/faultInterval.js';
import { readHistory } from '../history/jsonl.js';
import { FAULT_OP_NAMES } from '../../nemesis/index.js';
import { workloadNamed } from '../../workloads/index.js';
import { checkHistory, type CheckHistoryInput, type CheckHistoryOutput } from './checkHistory.js';
import { runChecker } from './checkRun.js';
import { FactsTally, type HistoryLossFacts } from './lossEvidence.js';
import { eachOp, readStoredHistory } from './storedHistoryReading.js';

/**
 * Events a workload without a streamed checker may hold in memory to be checked (about 200
 * bytes each as objects): register (linearizability holds a key's ops) and append (Elle's
 * graph). A longer history gets `unknown` with the reason instead of exhausting memory.
 */
export const MAX_IN_MEMORY_EVENTS = 4_000_000;

export interface CheckStoredOutput extends CheckHistoryOutput {
  /** Whether the history holds final reads (a run stopped early has none). */
  readonly hasFinalReads: boolean;
  /** Every lost write, when the workload's checker lists them (set workload). */
  readonly lostWrites?: LostWriteColumns;
  /** What the loss-cause pass needs of the history, gathered in the same reading. */
  readonly facts: HistoryLossFacts;
}

/**
 * Every checker of a run, from its stored history file, read as a stream: the run's check
 * phase and `redcheck check <run-dir>` both call this. A workload with a streamed checker
 * (set) is checked in memory flat in the run's length (one reading of the file, two for a
 * cluster's loss windows); the
 * others are read into memory up to `MAX_IN_MEMORY_EVENTS` and checked by `checkHistory`, or
 * get `unknown` saying why. Throws for a file that cannot be read or is malformed.
 */
export async function checkStoredHistory(input: {
  scenario: CheckHistoryInput['scenario'];
  file: string;
}): Promise<CheckStoredOutput> {
  const { scenario, file } = input;
  const workload = workloadNamed(scenario.workload);
  const name = workload.checkers[0] ?? workload.name;
  const stream = workload.streamCheck?.({ scratchDir: dirname(file) });
  const stats = new StatsTally();
  const facts = new FactsTally();
  const reading = await readStoredHistory(file, {
    stats,
    facts,
    ...(stream === undefined ? {} : { stream }),
  }).catch((e: unknown) => {
    stream?.close?.();
    throw e;
  });
  const { events, hasFinalReads, statsError } = reading;
  let ownError = reading.ownError;
  const { nemesis } = facts.facts();
  if (stream === undefined) {
    if (events <= MAX_IN_MEMORY_EVENTS) {
      const out = await checkHistory({ scenario, history: await readHistory(file) });
      return { ...out, hasFinalReads, facts: facts.facts() };
    }
    ownError = `the ${workload.name} workload is checked in memory, and this history has ${events.toLocaleString('en-US')} events, over the limit of ${MAX_IN_MEMORY_EVENTS.toLocaleString('en-US')}`;
  }
  const faults = faultIntervals(nemesis, FAULT_OP_NAMES);
  const cluster =
    scenario.topology === 'cluster'
      ? new ClusterTally(nemesis, scenario.clusterNodeTimeoutMs)
      : undefined;
  if (stream !== undefined && ownError === undefined) {
    try {
      stream.endReading(faults);
    } catch (e) {
      ownError = e;
    }
  }
  stream?.close?.();
  if (cluster !== undefined) {
    // A second reading, of the client ops only (the final reads are not decoded again): a
    // loss window opens when its fault took hold, before the nemesis op that records it.
    await eachOp(file, { clientOnly: true }, (op) => cluster.push(op));
  }
  let summary: string[] = [];
  let lostWrites: LostWriteColumns | undefined;
  const own: Record<string, CheckResult> =
    ownError !== undefined || stream === undefined
      ? { [name]: unknownOf(ownError) }
      : runChecker(name, () => {
          const result = stream.finish();
          summary = workload.summary(result);
          lostWrites = stream.lostWrites?.();
          return result;
        });
  const checkers: Record<string, CheckResult> = {
    ...own,
    ...(statsError === undefined
      ? runChecker('stats', () => ({ stats: stats.finish() }))
      : { stats: unknownOf(statsError) }),
    ...(cluster ? runChecker('cluster', () => ({ cluster: cluster.finish() })) : {}),
  };
  return {
    checkers,
    valid: mergeValidity(Object.values(checkers).map((c) => c.valid)),
    summary,
    hasFinalReads,
    facts: facts.facts(),
    ...(lostWrites ? { lostWrites } : {}),
  };
}

function unknownOf(e: unknown): CheckResult {
  if (typeof e === 'string') return { valid: 'unknown', reason: e };
  // An error the check names (no room for its scratch file): what happened and what to do.
  if (e instanceof RedcheckError && e.code === 'E_CHECK_SCRATCH') {
    return { valid: 'unknown', reason: `${e.message}; ${e.fix ?? ''}` };
  }
  const error = e instanceof Error ? (e.stack ?? e.message) : errorMessage(e);
  return { valid: 'unknown', reason: 'the checker crashed', error };
}

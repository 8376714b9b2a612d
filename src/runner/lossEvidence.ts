/**
 * The loss-cause pass over a run: its lost writes (every one, from the history and the final
 * reads) and its evidence (faults with the nodes they hit from the nemesis ops, failovers,
 * what the node observer saw), handed to `explainLosses`. Used by the run's `causes` phase
 * and by `redcheck check <run-dir>`, so a stored run's causes can be derived again.
 */
import {
  explainLosses,
  type LossCausesResult,
  type LossEvidence,
} from '../checker/lossCauses/index.js';
import { faultEvidence } from '../checker/lossCauses/faultEvidence.js';
import { lostWritesOfHistory } from '../checker/lossCauses/lostWritesOfHistory.js';
import type { SetFinalRead } from '../checker/set.js';
import type { History } from '../history/op.js';
import type { RunResults } from '../store/index.js';
import { workloadNamed } from '../../workloads/index.js';
import { finalReadsOf } from './checkHistory.js';

/** The set workload's final reads as its checker takes them. */
function setFinalReads(history: History): SetFinalRead[] {
  const set = workloadNamed('set');
  return finalReadsOf(history, set).map((r) => {
    const state = r.state as { set: string[]; list: string[] } | undefined;
    return {
      node: r.node,
      primary: r.primary,
      ...(r.shard !== undefined ? { shard: r.shard } : {}),
      ...(state ? { set: state.set, list: state.list } : {}),
      ...(r.error !== undefined ? { error: r.error } : {}),
    };
  });
}

/** What the pass reads besides the lost writes, from a run's results and history. */
export function lossEvidenceOf(results: RunResults, history: History): LossEvidence {
  const scenario = results.scenario as Record<string, unknown>;
  const nodes = results.deployment?.nodes.map((n) => n.name) ?? [
    ...new Set(history.flatMap((op) => (op.node === undefined ? [] : [op.node]))),
  ];
  const timeout = scenario.clusterNodeTimeoutMs;
  const last = history[history.length - 1];
  return {
    topology: results.scenario.topology,
    persistence: results.scenario.persistence,
    ...(typeof timeout === 'number' ? { clusterNodeTimeoutMs: timeout } : {}),
    nodes,
    faults: faultEvidence(
      results.faults,
      history.filter((op) => op.process === 'nemesis'),
      nodes,
    ),
    failovers: results.failovers ?? [],
    ...(results.observers?.nodes === undefined ? {} : { observed: results.observers.nodes }),
    ...(last === undefined ? {} : { endNs: last.time }),
  };
}

/**
 * The causes of a set-workload run's lost writes; undefined for another workload, or when the
 * set checker had no final primary to judge by.
 */
export function explainRunLosses(
  results: RunResults,
  history: History,
): LossCausesResult | undefined {
  if (results.scenario.workload !== 'set') return undefined;
  const lost = lostWritesOfHistory(history, setFinalReads(history));
  if (lost === undefined) return undefined;
  return explainLosses(lost, lossEvidenceOf(results, history));
}

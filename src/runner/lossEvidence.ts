/**
 * The loss-cause pass over a run: its lost writes (every one, as the streamed set check left
 * them) and its evidence (faults with the nodes they hit from the nemesis ops, failovers,
 * what the node observer saw), handed to `explainLosses`. Used by the run's `causes` phase
 * and by `redcheck check <run-dir>`, so a stored run's causes come from its files alone.
 * The history is read once as a stream keeping only the nemesis ops, the node names and the
 * last event's time: memory flat in the run's length.
 */
import {
  explainLosses,
  minorityAckCuts,
  minorityAckMsOf,
  ProbeAckCollector,
  type LossCausesResult,
  type LossEvidence,
  type MinorityAckCut,
  type ProbeAcks,
} from '../checker/lossCauses/index.js';
import { faultEvidence } from '../checker/lossCauses/faultEvidence.js';
import type { LostWriteColumns } from '../checker/setStream/lostWriteColumns.js';
import { fileByteChunks } from '../history/fileText.js';
import { decodeJsonlBatches } from '../history/jsonl.js';
import { skipFinalValues } from '../history/opLineScanner.js';
import type { Op } from '../history/op.js';
import type { RunResults } from '../store/index.js';

/** What the pass needs of a history besides its lost writes. */
export interface HistoryLossFacts {
  /** The nemesis ops, in history order. */
  readonly nemesis: readonly Op[];
  /** Every node an op names (for a run whose results list no deployment). */
  readonly nodes: readonly string[];
  /** The last event's time (ns since the run started); undefined for an empty history. */
  readonly endNs?: number;
  /** The runner probe's replies (`process: "probe"`), when the history holds any. */
  readonly probe?: ProbeAcks;
}

/** Collects the facts op by op, in history order (the check's first reading pushes them). */
export class FactsTally {
  private readonly nemesis: Op[] = [];
  private readonly nodes = new Set<string>();
  private readonly probe = new ProbeAckCollector();
  private endNs: number | undefined;

  push(op: Op): void {
    if (op.process === 'nemesis') this.nemesis.push(op);
    else if (op.process === 'probe') this.probe.push(op);
    if (op.node !== undefined && op.process !== 'probe') this.nodes.add(op.node);
    this.endNs = op.time;
  }

  /** `push` of a client op given by its fields. */
  pushClient(time: number, node: string | undefined): void {
    if (node !== undefined) this.nodes.add(node);
    this.endNs = time;
  }

  facts(): HistoryLossFacts {
    return {
      nemesis: this.nemesis,
      nodes: [...this.nodes],
      ...(this.endNs === undefined ? {} : { endNs: this.endNs }),
      ...(this.probe.seen ? { probe: this.probe.acks } : {}),
    };
  }
}

/** The facts of `historyFacts` from ops in memory (tests, small histories). */
export function historyFactsOf(ops: Iterable<Op>): HistoryLossFacts {
  const t = new FactsTally();
  for (const op of ops) t.push(op);
  return t.facts();
}

/** The facts of a stored history file (plain or gzip), read once as a stream. */
export async function historyFacts(file: string): Promise<HistoryLossFacts> {
  const t = new FactsTally();
  // The final reads' values (the whole final state) are not needed: stepped over, not decoded.
  const options = { objectValue: skipFinalValues };
  for await (const batch of decodeJsonlBatches(fileByteChunks(file), file, options)) {
    for (const op of batch) t.push(op);
  }
  return t.facts();
}

/**
 * The cluster minority windows the probe measured (`results.probe.cuts` and
 * `minorityAckMs`), from its ops in the history; undefined when the history holds none.
 */
export function probeWindowsOf(
  results: RunResults,
  facts: HistoryLossFacts,
): { cuts: MinorityAckCut[]; minorityAckMs?: number } | undefined {
  if (facts.probe === undefined) return undefined;
  const nodes = results.deployment?.nodes.map((n) => n.name) ?? [...facts.nodes];
  const cuts = minorityAckCuts(facts.probe, faultEvidence(results.faults, facts.nemesis, nodes));
  const max = minorityAckMsOf(cuts);
  return { cuts, ...(max === undefined ? {} : { minorityAckMs: max }) };
}

/** What the pass reads besides the lost writes, from a run's results and its history's facts. */
export function lossEvidenceOf(results: RunResults, facts: HistoryLossFacts): LossEvidence {
  const scenario = results.scenario as Record<string, unknown>;
  const nodes = results.deployment?.nodes.map((n) => n.name) ?? [...facts.nodes];
  const timeout = scenario.clusterNodeTimeoutMs;
  const cuts = probeWindowsOf(results, facts)?.cuts ?? results.probe?.cuts;
  return {
    topology: results.scenario.topology,
    persistence: results.scenario.persistence,
    ...(typeof timeout === 'number' ? { clusterNodeTimeoutMs: timeout } : {}),
    nodes,
    faults: faultEvidence(results.faults, facts.nemesis, nodes),
    failovers: results.failovers ?? [],
    ...(results.observers?.nodes === undefined ? {} : { observed: results.observers.nodes }),
    ...(facts.endNs === undefined ? {} : { endNs: facts.endNs }),
    ...(cuts === undefined ? {} : { minorityAck: cuts }),
    ...(results.deployment === undefined || results.probe === undefined
      ? {}
      : { probeKeysPerNode: results.deployment.zones.length }),
  };
}

/**
 * The causes of a set-workload run's lost writes (`lost`, from the streamed set check);
 * undefined for another workload, without lost-write columns, or when the set checker had
 * no final primary to judge by (its verdict unknown).
 */
export function explainRunLosses(
  results: RunResults,
  lost: LostWriteColumns | undefined,
  facts: HistoryLossFacts,
): LossCausesResult | undefined {
  if (results.scenario.workload !== 'set' || lost === undefined) return undefined;
  const set = (results.checkers as Record<string, { valid?: unknown } | undefined>).set;
  if (set === undefined || set.valid === 'unknown') return undefined;
  return explainLosses(lost, lossEvidenceOf(results, facts));
}

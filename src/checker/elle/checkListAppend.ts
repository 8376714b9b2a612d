/**
 * The list-append checker, after Elle (Kingsbury and Alvaro, VLDB 2020): version orders from
 * reads of whole lists, the dependency graph they imply, cycles in it and the anomalies found
 * without one, judged against a consistency model.
 *
 * Entry points in tiers: `isListAppendValid` (a boolean), `checkListAppend` (the verdict with
 * every anomaly explained, capped, and each cycle as nodes and labelled edges).
 */
import { isRedcheckError, RedcheckError } from '../../errors.js';
import type { Op } from '../../history/op.js';
import {
  CYCLE_TYPES,
  extraOrders,
  impossibleModels,
  isProhibited,
  isReportable,
  cycleImplies,
  consistencyModelNamed,
  CONSISTENCY_MODELS,
  type AnomalyType,
  type ConsistencyModel,
  type CycleAnomalyType,
} from './anomalies.js';
import { classifyCycle } from './classify.js';
import { anyCycle, findCycleOfType, TIMED_OUT, type FoundCycle } from './cycleSearch.js';
import { buildGraph, explainEdge } from './dependencies.js';
import { inducedSubgraph, stronglyConnectedComponents, type Csr } from './graph.js';
import {
  dirtyUpdates,
  internalAnomalies,
  lostUpdates,
  orderAnomalies,
  readAnomalies,
  unobservedAppends,
} from './localAnomalies.js';
import type { CycleAnomaly, CycleEdge, ListAppendResult } from './result.js';
import { AnomalySink, show } from './sink.js';
import { collectTransactions, txnName, txnRef, type Transactions } from './transactions.js';
import type { TxnKey } from './txn.js';
import { buildKeyIndices, type KeyIndex } from './versionOrders.js';

/** Options of the list-append checker; every field is optional (defaults below). */
export interface ListAppendOptions {
  /** The model the history must satisfy. Default `strict-serializable` (Elle's default). */
  consistencyModel?: ConsistencyModel;
  /** Anomalies listed per type; the rest are counted. Default 100. */
  maxAnomaliesPerType?: number;
  /** Explanation lines in `explanations`. Default 50. */
  maxExplanations?: number;
  /** Time to search one strongly connected component for cycles, ms. Default 1000 (Elle's). */
  cycleSearchTimeoutMs?: number;
}

export type ResolvedListAppendOptions = Required<ListAppendOptions>;

/** Fill in the defaults; RedcheckError `E_BAD_OPTION` for a value out of range. */
export function resolveListAppendOptions(o: ListAppendOptions = {}): ResolvedListAppendOptions {
  const model = o.consistencyModel ?? 'strict-serializable';
  if (consistencyModelNamed(model) === undefined) {
    throw new RedcheckError(
      'E_BAD_OPTION',
      `checkListAppend: unknown consistency model ${JSON.stringify(model)}; known: ${CONSISTENCY_MODELS.join(', ')}`,
      `pass one of: ${CONSISTENCY_MODELS.join(', ')}`,
    );
  }
  const positive = (name: string, v: number | undefined, d: number): number => {
    const x = v ?? d;
    if (!Number.isFinite(x) || x < 0) {
      throw new RedcheckError(
        'E_BAD_OPTION',
        `checkListAppend: ${name} must be a number >= 0, got ${x}`,
      );
    }
    return x;
  };
  return {
    consistencyModel: model,
    maxAnomaliesPerType: positive('maxAnomaliesPerType', o.maxAnomaliesPerType, 100),
    maxExplanations: positive('maxExplanations', o.maxExplanations, 50),
    cycleSearchTimeoutMs: positive('cycleSearchTimeoutMs', o.cycleSearchTimeoutMs, 1000),
  };
}

/** Whether the history satisfies the model (`unknown` counts as not). */
export function isListAppendValid(
  history: readonly Op[],
  options: ListAppendOptions = {},
): boolean {
  return (
    checkListAppend(history, { ...options, maxAnomaliesPerType: 1, maxExplanations: 0 }).valid ===
    true
  );
}

/**
 * Check a list-append history (ops with `f: "txn"`, see `txn.ts`). Throws RedcheckError
 * `E_HISTORY_MALFORMED` for a transaction that is not one; any other failure inside the checker
 * yields `valid: "unknown"` with the error.
 */
export function checkListAppend(
  history: readonly Op[],
  options: ListAppendOptions = {},
): ListAppendResult {
  const o = resolveListAppendOptions(options);
  const started = performance.now();
  try {
    return analyse(history, o, started);
  } catch (e) {
    if (isRedcheckError(e)) throw e;
    return {
      ...emptyResult(history, o, started),
      valid: 'unknown',
      reason: 'the checker failed',
      error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    };
  }
}

function emptyResult(
  history: readonly Op[],
  o: ResolvedListAppendOptions,
  started: number,
): ListAppendResult {
  return {
    valid: 'unknown',
    consistencyModel: o.consistencyModel,
    anomalyTypes: [],
    anomalies: {},
    counts: {},
    leftOut: {},
    allowed: {},
    impossibleModels: [],
    explanations: [],
    unobservedAppends: { lost: 0, unknown: 0, unread: 0, examples: [] },
    stats: {
      ops: history.length,
      txns: { ok: 0, info: 0, fail: 0 },
      ignoredOps: 0,
      keys: 0,
      edges: 0,
      sccs: 0,
      largestScc: 0,
    },
    elapsedMs: performance.now() - started,
  };
}

function analyse(
  history: readonly Op[],
  o: ResolvedListAppendOptions,
  started: number,
): ListAppendResult {
  const model = o.consistencyModel;
  const t = collectTransactions(history);
  const base = emptyResult(history, o, started);
  const counted = { ok: 0, info: 0, fail: 0 };
  for (const txn of t.txns) counted[txn.type]++;
  base.stats.txns = counted;
  base.stats.ignoredOps = t.ignored;
  const { keys, duplicate } = buildKeyIndices(t);
  if (duplicate !== undefined) {
    // Elle refuses such a history: values must be unique per key to name their writer.
    const [t1, t2] = duplicate.txns.map((id) => txnName(t.txns[id]!));
    const reason = `duplicate-appends: ${show(duplicate.element)} was appended to key ${show(duplicate.key)} by both ${t1} and ${t2}; values must be unique per key`;
    return { ...base, valid: 'unknown', reason, elapsedMs: performance.now() - started };
  }
  const sink = new AnomalySink(o.maxAnomaliesPerType);
  readAnomalies(t, keys, sink);
  internalAnomalies(t, sink);
  orderAnomalies(t, keys, sink);
  dirtyUpdates(t, keys, sink);
  lostUpdates(t, sink);

  const g = buildGraph(t, keys, extraOrders(model));
  if (g.targets.length === 0) {
    sink.add('empty-transaction-graph', () => ({
      type: 'empty-transaction-graph',
      explanation:
        'empty-transaction-graph: no dependency between any two transactions could be inferred, so nothing can be said about their order',
    }));
  }
  const sccs = stronglyConnectedComponents(g);
  for (const scc of sccs) searchComponent(g, scc, t, keys, model, o, sink);

  const found = [...sink.counts.keys()];
  const reportable = found.filter((ty) => isReportable(model, ty)).sort();
  const bad = reportable.some((ty) => isProhibited(model, ty));
  const result: ListAppendResult = {
    ...base,
    valid: bad ? false : reportable.length > 0 ? 'unknown' : true,
    anomalyTypes: reportable,
    impossibleModels: impossibleModels(found),
    unobservedAppends: unobservedAppends(t, keys, o.maxAnomaliesPerType),
  };
  for (const ty of found) {
    const n = sink.counts.get(ty) ?? 0;
    if (!reportable.includes(ty)) {
      result.allowed[ty] = n;
      continue;
    }
    result.counts[ty] = n;
    result.anomalies[ty] = sink.kept.get(ty) ?? [];
    if (n > o.maxAnomaliesPerType) result.leftOut[ty] = n - o.maxAnomaliesPerType;
  }
  let total = 0;
  for (const ty of reportable) {
    for (const a of result.anomalies[ty] ?? []) {
      total++;
      if (result.explanations.length < o.maxExplanations) result.explanations.push(a.explanation);
    }
  }
  const more =
    reportable.reduce((s, ty) => s + (result.counts[ty] ?? 0), 0) - result.explanations.length;
  if (more > 0 && o.maxExplanations > 0) {
    result.explanations.push(
      `... and ${more} more anomalies not explained here (${total} listed in anomalies, counts has them all)`,
    );
  }
  if (result.valid === 'unknown') result.reason = `found only ${reportable.join(', ')}`;
  result.stats = {
    ...base.stats,
    keys: keys.size,
    edges: g.targets.length,
    sccs: sccs.length,
    largestScc: sccs.reduce((m, c) => Math.max(m, c.length), 0),
  };
  result.elapsedMs = performance.now() - started;
  return result;
}

/**
 * Search one strongly connected component for a cycle of each type, mildest-edge types first,
 * skipping types a found cycle already implies. Types the model rules out are searched first;
 * the others only while time remains (their timeout does not make the verdict unknown).
 */
function searchComponent(
  g: Csr,
  scc: number[],
  t: Transactions,
  keys: Map<TxnKey, KeyIndex>,
  model: ConsistencyModel,
  o: ResolvedListAppendOptions,
  sink: AnomalySink,
): void {
  const sub = inducedSubgraph(g, scc);
  const deadline = performance.now() + o.cycleSearchTimeoutMs;
  const found: CycleAnomalyType[] = [];
  const ordered = [
    ...CYCLE_TYPES.filter((ty) => isReportable(model, ty)),
    ...CYCLE_TYPES.filter((ty) => !isReportable(model, ty)),
  ];
  for (const type of ordered) {
    if (found.some((f) => cycleImplies(f, type))) continue;
    const r = findCycleOfType(sub, type, deadline);
    if (r === TIMED_OUT) {
      if (!isReportable(model, type)) return;
      sink.add('cycle-search-timeout', () => ({
        type: 'cycle-search-timeout',
        sccSize: scc.length,
        searching: type,
        explanation: `cycle-search-timeout: searching ${scc.length} transactions for ${type} took longer than ${o.cycleSearchTimeoutMs} ms`,
      }));
      const fallback = anyCycle(sub);
      if (fallback) record(fallback, scc, t, keys, sink);
      return;
    }
    if (r) found.push(record(r, scc, t, keys, sink));
  }
}

function record(
  c: FoundCycle,
  scc: number[],
  t: Transactions,
  keys: Map<TxnKey, KeyIndex>,
  sink: AnomalySink,
): CycleAnomalyType {
  const type = classifyCycle(c.labels);
  sink.add(type, (): CycleAnomaly => {
    const txns = c.nodes.map((n) => t.txns[scc[n]!]!);
    const edges: CycleEdge[] = txns.map((a, i) => {
      const b = txns[(i + 1) % txns.length]!;
      const kind = c.labels[i]!;
      const why = explainEdge(keys, a, b, kind);
      return {
        from: txnName(a),
        to: txnName(b),
        kind,
        ...(why.key !== undefined ? { key: why.key } : {}),
        ...(why.element !== undefined ? { element: why.element } : {}),
        explanation: why.text,
      };
    });
    const names = txns.map(txnName);
    const explanation =
      `${type}: ${[...names, names[0]].join(' < ')}, a cycle, so no order of these transactions fits. ` +
      edges.map((e) => e.explanation).join('. ');
    return { type, txns: txns.map(txnRef), edges, explanation };
  });
  return type;
}

export type { AnomalyType };

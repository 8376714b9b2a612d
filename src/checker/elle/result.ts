/** What the list-append checker returns: plain data, ready for JSON and for a report. */
import type { CheckResult, Validity } from '../verdict.js';
import type {
  AnomalyType,
  ConsistencyModel,
  CycleAnomalyType,
  NonCycleAnomalyType,
} from './anomalies.js';
import type { EdgeLabel } from './graph.js';
import type { TxnElement, TxnKey } from './txn.js';

/** A transaction as anomalies name it: `T<index>`, the history index of its completion. */
export interface TxnRef {
  name: string;
  index: number;
  /** History index of its invoke, -1 when there was none. */
  invokeIndex: number;
  process: number | string;
  type: 'ok' | 'info' | 'fail';
  value: unknown;
}

/** One edge of a cycle, with the reason it holds. */
export interface CycleEdge {
  from: string;
  to: string;
  kind: EdgeLabel;
  /** The key and element the dependency is about (data edges). */
  key?: TxnKey;
  element?: TxnElement | null;
  explanation: string;
}

/** A dependency cycle: nodes and labelled edges, enough to draw it. */
export interface CycleAnomaly {
  type: CycleAnomalyType;
  txns: TxnRef[];
  edges: CycleEdge[];
  explanation: string;
}

interface Base<T extends NonCycleAnomalyType | 'empty-transaction-graph' | 'cycle-search-timeout'> {
  type: T;
  explanation: string;
}

/** G1a (a read saw an element of a failed transaction) and G1b (an intermediate element). */
export interface ReadAnomaly extends Base<'G1a' | 'G1b'> {
  reader: TxnRef;
  writer: TxnRef;
  key: TxnKey;
  element: TxnElement;
  read: readonly TxnElement[];
}

export interface InternalAnomaly extends Base<'internal'> {
  txn: TxnRef;
  key: TxnKey;
  read: readonly TxnElement[];
  /** The list the transaction's own earlier reads and appends imply, or the suffix it must end with. */
  expected: { list: TxnElement[] } | { endsWith: TxnElement[] };
}

export interface FutureReadAnomaly extends Base<'future-read'> {
  txn: TxnRef;
  key: TxnKey;
  element: TxnElement;
}

export interface DirtyUpdateAnomaly extends Base<'dirty-update'> {
  key: TxnKey;
  /** The version order from the failed transaction's element to the committed one's. */
  values: TxnElement[];
  failed: TxnRef;
  committed: TxnRef;
}

export interface DuplicateAnomaly extends Base<'duplicate-elements'> {
  txn: TxnRef;
  key: TxnKey;
  read: readonly TxnElement[];
  duplicates: { element: TxnElement; count: number }[];
}

export interface IncompatibleOrderAnomaly extends Base<'incompatible-order'> {
  key: TxnKey;
  /** Two reads of the key, the shorter not a prefix of the longer. */
  values: [readonly TxnElement[], readonly TxnElement[]];
  readers: [TxnRef, TxnRef];
}

export interface LostUpdateAnomaly extends Base<'lost-update'> {
  key: TxnKey;
  /** The version every one of `txns` read before appending to the key. */
  read: readonly TxnElement[];
  txns: TxnRef[];
}

export type EmptyGraphAnomaly = Base<'empty-transaction-graph'>;

export interface CycleSearchTimeoutAnomaly extends Base<'cycle-search-timeout'> {
  /** Transactions in the strongly connected component searched. */
  sccSize: number;
  /** The cycle type being searched when time ran out. */
  searching: CycleAnomalyType;
}

export type Anomaly =
  | CycleAnomaly
  | ReadAnomaly
  | InternalAnomaly
  | FutureReadAnomaly
  | DirtyUpdateAnomaly
  | DuplicateAnomaly
  | IncompatibleOrderAnomaly
  | LostUpdateAnomaly
  | EmptyGraphAnomaly
  | CycleSearchTimeoutAnomaly;

/** Appended elements no read ever showed. */
export interface UnobservedAppends {
  /**
   * Appends by `ok` transactions that a later read of the key (invoked after the append
   * completed) does not show: lost, as far as reads tell. Under strict serializability each
   * also closes a G-single-realtime cycle.
   */
  lost: number;
  /** Appends by `info` transactions never read: they may never have happened. */
  unknown: number;
  /** Appends by `ok` transactions never read, with no later read of the key to tell. */
  unread: number;
  /** Some of the lost ones. */
  examples: { key: TxnKey; element: TxnElement; writer: TxnRef; laterReader: TxnRef }[];
}

export interface ListAppendResult extends CheckResult {
  valid: Validity;
  consistencyModel: ConsistencyModel;
  /** Types found that the model rules out or that make the verdict unknown, sorted. */
  anomalyTypes: AnomalyType[];
  /** The anomalies of those types, at most `maxAnomaliesPerType` each. */
  anomalies: Partial<Record<AnomalyType, Anomaly[]>>;
  /** How many of each type were found (including those not listed). */
  counts: Partial<Record<AnomalyType, number>>;
  /** How many of each type were left out of `anomalies` by the cap. */
  leftOut: Partial<Record<AnomalyType, number>>;
  /** Types found that the model allows (counted, not listed, no effect on `valid`). */
  allowed: Partial<Record<AnomalyType, number>>;
  /** Of the six models, those the anomalies found rule out. */
  impossibleModels: ConsistencyModel[];
  /** One line per listed anomaly (at most `maxExplanations`, then a line saying how many more). */
  explanations: string[];
  unobservedAppends: UnobservedAppends;
  stats: {
    ops: number;
    txns: { ok: number; info: number; fail: number };
    ignoredOps: number;
    keys: number;
    edges: number;
    sccs: number;
    largestScc: number;
  };
  elapsedMs: number;
}

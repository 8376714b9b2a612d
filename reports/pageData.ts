import type { Validity } from '../src/checker/verdict.js';

/**
 * The data a run page embeds as JSON for its client code. Times are seconds since the run
 * started; latencies are milliseconds. Every string in it is shown as text, never as markup.
 */
export interface RunPageData {
  run: string;
  valid: Validity;
  /** Seconds from the start of the run to the last event of the history. */
  durationS: number;
  faults: FaultSpan[];
  failovers: { t: number; from?: string; to: string }[];
  throughput: ThroughputData;
  latency: LatencyData;
  quantiles: QuantileData;
  timeline: TimelineData;
  lanes: LanesData[];
}

export interface FaultSpan {
  fault: string;
  label: string;
  start: number;
  /** Absent for an instantaneous fault (or one still active at the end). */
  end?: number;
  instant: boolean;
}

export interface ThroughputData {
  /** Bucket width in seconds. */
  bucketS: number;
  /** Bucket start times. */
  x: number[];
  /** One series per function and outcome, in ops per second. */
  series: { f: string; type: string; values: number[] }[];
}

/** Latency of each completed op, by outcome; `x` is the invoke time, `y` the latency in ms. */
export interface LatencyData {
  ok: PointSeries;
  fail: PointSeries;
  info: PointSeries;
  /** Points per series past which ok points are thinned. */
  limit: number;
}

export interface PointSeries {
  x: number[];
  y: number[];
  /** Points in the history before thinning. */
  total: number;
}

export interface QuantileData {
  bucketS: number;
  x: number[];
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  max: (number | null)[];
}

export interface TimelineOp {
  /** Index of the invoke in the history (the op's anchor is `#op-<i>`). */
  i: number;
  /** Column (index into `TimelineData.processes`). */
  c: number;
  /** Window (index into `TimelineData.windows`). */
  w: number;
  f: string;
  /** `ok`, `fail`, `info`, or `pending` (never completed). */
  t: string;
  s: number;
  e: number;
  /** The op as text: invoke and completion values, error, node, key. */
  text: string;
  /** 1 when this op is an acknowledged write the final reads did not find. */
  lost?: 1;
}

/** One stretch of the run whose ops the timeline holds. Times in seconds since the start. */
export interface TimelineWindow {
  /** Why the timeline holds these ops, e.g. `around the first lost write (t=12.3 s)`. */
  why: string;
  /** The time the window is around. */
  at: number;
  /** The first and the last invoke of its ops (an op may end later). */
  from: number;
  to: number;
  count: number;
}

export interface TimelineData {
  processes: string[];
  ops: TimelineOp[];
  /** Client ops in the whole history. */
  total: number;
  /** Which ops these are, in a phrase: `all ops`, or how many windows over the run. */
  window: string;
  /** The windows the ops fall in, by time; the first to open is `TimelineOp.w` of the focus. */
  windows: TimelineWindow[];
}

/** One partition (key) of a linearizability check, drawn as lanes in Porcupine's style. */
export interface LanesData {
  /** Which check: the history file or the checker name. */
  source: string;
  key: string;
  valid: Validity;
  lanes: string[];
  ops: LaneOp[];
  /** Ops in this partition before capping. */
  total: number;
  /** Length of the longest linearizable prefix found. */
  prefixLength: number;
  /** The model state after that prefix, as text. */
  state: string;
  /** Descriptions of the ops that could not be placed after it. */
  unplaced: string[];
}

export interface LaneOp {
  /** Lane index. */
  l: number;
  /** Start and end as event positions within the partition (Porcupine's compact axis). */
  s: number;
  e: number;
  /** 1-based position in the longest linearizable prefix, 0 when not in it. */
  order: number;
  /** Could not be placed after the prefix. */
  bad: boolean;
  text: string;
}

import { streamHistory, type HistoryWarning } from '../src/history/jsonl.js';
import { skipFinalValues } from '../src/history/opLineScanner.js';
import { isClientOp, type Op } from '../src/history/op.js';
import { OpPairer } from '../src/history/pairOps.js';
import { FineThroughput } from './fineThroughput.js';
import { GrowableColumn } from './growable.js';
import type {
  LatencyData,
  PointSeries,
  QuantileData,
  ThroughputData,
  TimelineData,
} from './pageData.js';
import { bucketWidth, quantileSorted, roundSig, roundTo } from './stats.js';
import { TimelineWindows, type CompletedOp, type TimelineAnchor } from './timelineWindows.js';

/** Options of `analyzeHistory`; every field optional, defaults in `resolve`. */
export interface AnalyzeOptions {
  /** Most ops drawn in the timeline, over all its windows. Default 10,000. */
  timelineCap?: number;
  /** Client ops kept for latency plots and quantiles before thinning (default 2^20). */
  maxSampledOps?: number;
  /** Points per latency series past which ok points are thinned. Default 50,000. */
  pointLimit?: number;
  /**
   * The times the timeline keeps ops around (`timelineAnchors`), the first one the focus that
   * opens (e.g. the first lost write) with 40% of the ops; default one window from the start.
   */
  timelineAnchors?: readonly TimelineAnchor[];
  /** JSON texts of the values of lost writes, to mark them in the timeline. */
  lostValues?: ReadonlySet<string>;
  /** `process@invokeTime` of lost writes: marked in the timeline, their indices returned. */
  lostKeys?: ReadonlySet<string>;
}

/** An error message with how often it occurred and one op that had it. */
export interface ErrorGroup {
  message: string;
  count: number;
  example: string;
}

/** Everything the pages need from a history, computed in one streaming pass. */
export interface HistoryAnalysis {
  /** Client ops (invokes) by function, then completions by type (`ok`, `fail`, `info`, `pending`). */
  counts: Record<string, Record<string, number>>;
  events: number;
  clientOps: number;
  nemesisOps: Op[];
  errors: ErrorGroup[];
  /** Distinct error messages beyond the ones kept (their ops are counted in `otherErrors`). */
  otherErrors: number;
  durationS: number;
  throughput: ThroughputData;
  latency: LatencyData;
  quantiles: QuantileData;
  timeline: TimelineData;
  /** Completed ok ops per second over the run. */
  okPerSecond: number;
  /** Latency quantiles (ms) of ok ops over the whole run. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
  /** Warnings from the reader (a truncated last line). */
  warnings: string[];
  /** History index of the invoke of each lost write found by `lostKeys`. */
  lostIndex: Map<string, number>;
}

const TYPE_CODE = { ok: 0, fail: 1, info: 2, pending: 3 } as const;
const TYPE_NAMES = ['ok', 'fail', 'info', 'pending'] as const;
const MAX_ERROR_GROUPS = 200;
/**
 * Client ops whose times the analysis keeps for the latency plots and quantiles: past this,
 * every other kept op is dropped and the stride doubles (a thinned sample, so memory stays flat
 * in the run's length); counts, outcome totals and throughput stay exact.
 */
const MAX_SAMPLED_OPS = 1 << 20;
const MAX_TEXT = 1500;

function clip(s: string): string {
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}... (${s.length} chars)` : s;
}

function valueText(v: unknown): string {
  if (v === undefined) return 'null';
  return JSON.stringify(v) ?? typeof v;
}

/** The full op as text for hover and examples: one line per field that is set. */
export function opText(invoke: Op, done?: Op): string {
  const lines = [
    `process ${invoke.process}  ${invoke.f}  ${done ? done.type : 'pending (never completed)'}`,
    `invoke #${invoke.index} at ${(invoke.time / 1e9).toFixed(6)} s: ${clip(valueText(invoke.value))}`,
  ];
  if (done) {
    lines.push(
      `${done.type} #${done.index} at ${(done.time / 1e9).toFixed(6)} s (${((done.time - invoke.time) / 1e6).toFixed(3)} ms): ${clip(valueText(done.value))}`,
    );
    if (done.error !== undefined) lines.push(`error: ${clip(done.error)}`);
  }
  const node = done?.node ?? invoke.node;
  if (node !== undefined) lines.push(`node: ${node}`);
  if (invoke.key !== undefined) lines.push(`key: ${invoke.key}`);
  return lines.join('\n');
}

/**
 * Read `history.jsonl` once, streaming, and compute op counts, error groups, throughput,
 * latency points (thinned past `pointLimit`, keeping every fail and info), latency quantiles
 * per bucket, and a capped timeline window. Memory is a few numbers per op plus the ops of the
 * timeline window. Client ops are paired by `OpPairer`: a completion with no invoke throws
 * E_HISTORY_INVALID; final reads are neither client nor nemesis ops.
 */
export async function analyzeHistory(
  file: string,
  options: AnalyzeOptions = {},
): Promise<HistoryAnalysis> {
  const cap = options.timelineCap ?? 10_000;
  const pointLimit = options.pointLimit ?? 50_000;
  const maxSampled = options.maxSampledOps ?? MAX_SAMPLED_OPS;
  const anchors = options.timelineAnchors ?? [{ ns: 0, why: 'from the start of the run' }];
  const focusOps = anchors.length > 1 ? Math.round(cap * 0.4) : cap;
  const windows = new TimelineWindows(
    anchors,
    Math.max(2, Math.floor((cap - focusOps) / Math.max(1, anchors.length - 1))),
    focusOps,
  );
  const lostValues = options.lostValues ?? new Set<string>();
  const lostKeys = options.lostKeys ?? new Set<string>();
  const lostIndex = new Map<string, number>();
  const warnings: string[] = [];

  const counts: Record<string, Record<string, number>> = {};
  const errors = new Map<string, ErrorGroup>();
  let otherErrors = 0;
  const nemesisOps: Op[] = [];
  const invokeT = new GrowableColumn(new Float64Array(1024));
  const doneT = new GrowableColumn(new Float64Array(1024));
  const typeC = new GrowableColumn(new Uint8Array(1024)); // TYPE_CODE
  const fC = new GrowableColumn(new Int32Array(1024)); // index into fNames
  const fNames: string[] = [];
  const fIndex = new Map<string, number>();
  let events = 0;
  let lastTime = 0;
  // Client ops, counted exactly; the per-op columns above hold every `stride`-th of them.
  let clientOps = 0;
  let sampleStride = 1;
  const exactTotals = [0, 0, 0, 0];
  const fine = new FineThroughput(); // the throughput of a thinned history

  const bump = (f: string, type: string): void => {
    const row = (counts[f] ??= {});
    row[type] = (row[type] ?? 0) + 1;
  };
  const record = (invoke: Op, done: Op | undefined): void => {
    const code = done ? TYPE_CODE[done.type as 'ok' | 'fail' | 'info'] : TYPE_CODE.pending;
    let fi = fIndex.get(invoke.f);
    if (fi === undefined) {
      fi = fNames.length;
      fNames.push(invoke.f);
      fIndex.set(invoke.f, fi);
    }
    exactTotals[code] = (exactTotals[code] ?? 0) + 1;
    if (done !== undefined) fine.add(fi * 4 + code, done.time);
    if (clientOps++ % sampleStride === 0) {
      invokeT.push(invoke.time);
      doneT.push(done ? done.time : NaN);
      typeC.push(code);
      fC.push(fi);
      if (invokeT.length >= maxSampled) {
        for (const g of [invokeT, doneT, typeC, fC]) g.keepEveryOther();
        sampleStride *= 2;
      }
    }
    bump(invoke.f, TYPE_NAMES[code] ?? 'pending');
    const message = done?.error;
    if (message !== undefined) {
      const g = errors.get(message);
      if (g) g.count++;
      else if (errors.size < MAX_ERROR_GROUPS)
        errors.set(message, { message, count: 1, example: opText(invoke, done) });
      else otherErrors++;
    }
    windows.add(done ? { invoke, done } : { invoke });
  };

  const pairer = new OpPairer(record, { file });
  // Final reads are neither client nor nemesis ops here: their values (the whole final
  // state) are stepped over, not decoded.
  const read = {
    onWarning: (w: HistoryWarning) => warnings.push(w.message),
    objectValue: skipFinalValues,
  };
  for await (const op of streamHistory(file, read)) {
    events++;
    if (op.time > lastTime) lastTime = op.time;
    if (op.process === 'nemesis') nemesisOps.push(op);
    else if (lostKeys.size > 0 && op.type === 'invoke' && isClientOp(op)) {
      const key = `${op.process}@${op.time}`;
      if (lostKeys.has(key)) lostIndex.set(key, op.index);
    }
    pairer.push(op);
  }
  pairer.finish();

  const durationS = lastTime / 1e9;
  const n = invokeT.length;

  // Throughput by function and outcome, bucketed by completion time (invoke time if pending).
  const tpBucket = bucketWidth(durationS, 120);
  const nTp = Math.max(1, Math.ceil(durationS / tpBucket) + 1);
  const tpSeries = new Map<string, { f: string; type: string; values: number[] }>();
  const addTp = (fi: number, code: number, doneS: number, count: number): void => {
    const f = fNames[fi] ?? '?';
    const type = TYPE_NAMES[code] ?? '?';
    const key = `${f}\u0000${type}`;
    let s = tpSeries.get(key);
    if (!s) {
      s = { f, type, values: new Array<number>(nTp).fill(0) };
      tpSeries.set(key, s);
    }
    const b = Math.min(nTp - 1, Math.floor(doneS / tpBucket));
    s.values[b] = (s.values[b] ?? 0) + count;
  };
  if (sampleStride === 1) {
    for (let i = 0; i < n; i++) {
      const code = typeC.at(i);
      if (code !== TYPE_CODE.pending) addTp(fC.at(i), code, doneT.at(i) / 1e9, 1);
    }
  } else {
    // A thinned history: every completion counted, by 10 ms of its time.
    fine.forEach((key, startS, count) => addTp(Math.floor(key / 4), key % 4, startS, count));
  }
  const throughput: ThroughputData = {
    bucketS: tpBucket,
    x: Array.from({ length: nTp }, (_, b) => roundTo(b * tpBucket, 3)),
    series: [...tpSeries.values()]
      .sort(
        (a, b) =>
          a.f.localeCompare(b.f) ||
          TYPE_NAMES.indexOf(a.type as 'ok') - TYPE_NAMES.indexOf(b.type as 'ok'),
      )
      .map((s) => ({ ...s, values: s.values.map((v) => roundSig(v / tpBucket, 4)) })),
  };

  // Latency points by outcome; ok points thinned by a fixed stride past the limit.
  const totals = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const code = typeC.at(i);
    if (code < 3) totals[code] = (totals[code] ?? 0) + 1;
  }
  const okTotal = totals[0] ?? 0;
  const stride = okTotal > pointLimit ? okTotal / pointLimit : 1;
  const points: PointSeries[] = [0, 1, 2].map((c) => ({
    x: [],
    y: [],
    total: exactTotals[c] ?? 0,
  }));
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => invokeT.at(a) - invokeT.at(b),
  );
  let okSeen = 0;
  let nextOk = 0;
  for (const i of order) {
    const code = typeC.at(i);
    if (code === TYPE_CODE.pending) continue;
    if (code === TYPE_CODE.ok) {
      const take = okSeen >= nextOk;
      okSeen++;
      if (!take) continue;
      nextOk += stride;
    }
    const p = points[code];
    if (!p) continue;
    p.x.push(roundTo(invokeT.at(i) / 1e9, 4));
    p.y.push(Math.max(0.001, roundSig((doneT.at(i) - invokeT.at(i)) / 1e6, 3)));
  }
  const latency: LatencyData = {
    ok: points[0] as PointSeries,
    fail: points[1] as PointSeries,
    info: points[2] as PointSeries,
    limit: pointLimit,
  };

  // Latency quantiles of ok ops per bucket (by completion time), and over the whole run.
  const qBucket = bucketWidth(durationS, 60);
  const nQ = Math.max(1, Math.ceil(durationS / qBucket) + 1);
  const perBucket: number[][] = Array.from({ length: nQ }, () => []);
  const allOk = new Float64Array(okTotal);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (typeC.at(i) !== TYPE_CODE.ok) continue;
    const ms = (doneT.at(i) - invokeT.at(i)) / 1e6;
    allOk[k++] = ms;
    perBucket[Math.min(nQ - 1, Math.floor(doneT.at(i) / 1e9 / qBucket))]?.push(ms);
  }
  allOk.sort();
  const q = (arr: ArrayLike<number>, p: number): number | null => {
    const v = quantileSorted(arr, p);
    return v === null ? null : Math.max(0.001, roundSig(v, 3));
  };
  const quantiles: QuantileData = { bucketS: qBucket, x: [], p50: [], p95: [], p99: [], max: [] };
  perBucket.forEach((vals, b) => {
    vals.sort((a, c) => a - c);
    quantiles.x.push(roundTo(b * qBucket, 3));
    quantiles.p50.push(q(vals, 0.5));
    quantiles.p95.push(q(vals, 0.95));
    quantiles.p99.push(q(vals, 0.99));
    quantiles.max.push(q(vals, 1));
  });

  const timeline = windows.build({
    total: clientOps,
    lastTime,
    text: (c) => opText(c.invoke, c.done),
    isLost: (c: CompletedOp) =>
      (lostValues.size > 0 && lostValues.has(valueText(c.invoke.value))) ||
      (lostKeys.size > 0 && lostKeys.has(`${c.invoke.process}@${c.invoke.time}`)),
  });

  return {
    counts,
    events,
    clientOps,
    nemesisOps,
    errors: [...errors.values()].sort((a, b) => b.count - a.count),
    otherErrors,
    durationS,
    throughput,
    latency,
    quantiles,
    timeline,
    okPerSecond: durationS > 0 ? okTotal / durationS : 0,
    latencyMs: { p50: q(allOk, 0.5), p95: q(allOk, 0.95), p99: q(allOk, 0.99), max: q(allOk, 1) },
    warnings,
    lostIndex,
  };
}

/** The JSON text of a value as `analyzeHistory` compares lost-write values. */
export function valueKey(v: unknown): string {
  return valueText(v);
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { streamHistory } from '../src/history/jsonl.js';
import { isClientOp, type Op } from '../src/history/op.js';
import { OpPairer } from '../src/history/pairOps.js';
import type { RunResults } from '../src/store/index.js';
import { quantileSorted, roundSig } from './stats.js';

/** What writes cost with no fault in place: ok writes per second and their latency (ms). */
export interface WriteCost {
  /** Seconds of the run with no fault in place (from the first op to the last). */
  quietS: number;
  okWritesPerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  p999Ms: number | null;
}

/** Fault windows `[start, end]` in ns; a fault still open at the end runs to `Infinity`. */
function windowsOf(results: RunResults): [number, number][] {
  return results.faults.map((f) => [f.start, f.end ?? Infinity]);
}

/**
 * Ok writes (every client op but `read`) invoked and completed with no fault in place: their
 * rate over the quiet time and their latency quantiles. One streaming pass over the history.
 */
export async function writeCost(historyFile: string, results: RunResults): Promise<WriteCost> {
  const windows = windowsOf(results);
  const quiet = (t: number): boolean => !windows.some(([a, b]) => t >= a && t <= b);
  const latencies: number[] = [];
  let first = Infinity;
  let last = 0;
  const pairer = new OpPairer(
    (invoke: Op, done: Op | undefined) => {
      if (done?.type !== 'ok' || invoke.f === 'read') return;
      if (!quiet(invoke.time) || !quiet(done.time)) return;
      latencies.push((done.time - invoke.time) / 1e6);
    },
    { file: historyFile },
  );
  for await (const op of streamHistory(historyFile)) {
    if (!isClientOp(op)) continue;
    first = Math.min(first, op.time);
    last = Math.max(last, op.time);
    pairer.push(op);
  }
  pairer.finish();
  latencies.sort((a, b) => a - b);
  let quietNs = last > first ? last - first : 0;
  for (const [a, b] of windows) {
    const lo = Math.max(a, first);
    const hi = Math.min(b, last);
    if (hi > lo) quietNs -= hi - lo;
  }
  const quietS = quietNs / 1e9;
  const q = (p: number): number | null => {
    const v = quantileSorted(latencies, p);
    return v === null ? null : roundSig(v, 3);
  };
  return {
    quietS,
    okWritesPerSecond: quietS > 0 ? latencies.length / quietS : 0,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    p999Ms: q(0.999),
  };
}

/** The lost writes acknowledged before one fault, and how long before it the oldest was. */
export interface LossWindow {
  /** `power-loss:primary` */
  fault: string;
  /** ns since the run started. */
  start: number;
  lost: number;
  /** ms from the oldest lost write's acknowledgement to the start of the fault. */
  windowMs: number;
}

/** Loss windows per fault, and the listed lost writes acknowledged after the last one started. */
export interface LossWindows {
  windows: LossWindow[];
  /** Lost writes acknowledged after the last fault started (lost to it while it held, or later). */
  afterLastStart: number;
}

/**
 * The loss window per fault (faults with a window: a start and an end): each listed lost write
 * is charged to the first fault that started after it was acknowledged (its completion, else
 * its invoke); the window runs from the oldest one charged to the fault's start.
 */
export function lossWindows(
  results: RunResults,
  lostWrites: readonly LostWriteTime[],
): LossWindows {
  const faults = results.faults
    .filter((f) => f.end !== undefined)
    .sort((a, b) => a.start - b.start);
  const out = new Map<number, LossWindow>();
  let afterLastStart = 0;
  for (const w of lostWrites) {
    const acked = w.complete ?? w.invoke;
    const k = faults.findIndex((f) => f.start >= acked);
    const f = faults[k];
    const n = w.count ?? 1;
    if (f === undefined) {
      afterLastStart += n;
      continue;
    }
    const ms = (f.start - acked) / 1e6;
    const prev = out.get(k);
    out.set(k, {
      fault: f.target === undefined ? f.fault : `${f.fault}:${f.target}`,
      start: f.start,
      lost: (prev?.lost ?? 0) + n,
      windowMs: Math.round(Math.max(prev?.windowMs ?? 0, ms)),
    });
  }
  return {
    windows: [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, w]) => w),
    afterLastStart,
  };
}

/** The times of a lost write as `results.json` lists it; `count` writes share them (default 1). */
export interface LostWriteTime {
  invoke: number;
  complete?: number;
  count?: number;
}

/**
 * Every lost write of a run as the loss-cause pass grouped them (one node, one fault): each
 * group at its first acknowledgement, weighted by its count, so a window counts all of them.
 */
export function lossGroupTimes(causes: {
  groups: readonly { firstAck: number; count: number }[];
}): LostWriteTime[] {
  return causes.groups.map((g) => ({ invoke: g.firstAck, complete: g.firstAck, count: g.count }));
}

/**
 * `aof_delayed_fsync` summed over the nodes, from the INFO snapshots the run stored at its end
 * (`nodes/<name>/info.txt`; a counter since each node's last start); undefined when no node
 * reported it.
 */
export function delayedFsyncs(runDir: string): number | undefined {
  const nodes = join(runDir, 'nodes');
  if (!existsSync(nodes)) return undefined;
  let sum: number | undefined;
  for (const name of readdirSync(nodes).sort()) {
    const file = join(nodes, name, 'info.txt');
    if (!existsSync(file)) continue;
    const m = /^aof_delayed_fsync:(\d+)\s*$/m.exec(readFileSync(file, 'utf8'));
    if (m) sum = (sum ?? 0) + Number(m[1]);
  }
  return sum;
}

/**
 * What each persistence preset promises about the writes a crash of the machine may take,
 * and the loss window (ms) that keeps it, where the promise is a number of seconds.
 */
export const PROMISES: Readonly<
  Record<string, { claim?: string; text: string; windowMs?: number; lost?: 0 }>
> = {
  none: { claim: 'C5d', text: 'nothing survives a restart' },
  rdb: { claim: 'C5a', text: 'the writes since the last snapshot' },
  'aof-no': { text: 'what the kernel has not flushed (~30 s)' },
  'aof-everysec': { claim: 'C5b', text: 'about 1 s of writes (2 s at worst)', windowMs: 2000 },
  'aof-always': { claim: 'C5c', text: 'nothing: fsync before each reply', lost: 0 },
  'rdb+aof': { text: 'about 1 s of writes (AOF everysec)', windowMs: 2000 },
};

/** Whether a run kept its persistence setting's promise; undefined where it promises no number. */
export function promiseHeld(
  persistence: string,
  lost: number | undefined,
  windows: LossWindows | undefined,
): 'yes' | 'no' | undefined {
  const p = PROMISES[persistence];
  if (p === undefined || lost === undefined) return undefined;
  if (p.lost === 0) return lost === 0 ? 'yes' : 'no';
  if (p.windowMs === undefined || windows === undefined) return undefined;
  const limit = p.windowMs;
  return windows.afterLastStart === 0 && windows.windows.every((w) => w.windowMs <= limit)
    ? 'yes'
    : 'no';
}

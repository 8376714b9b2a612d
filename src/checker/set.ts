import type { History, OpType } from '../history/op.js';
import type { CheckResult } from './verdict.js';
import { activeFaults, faultWindows, type FaultWindow } from './faultWindows.js';

/** What one node held at the end of a run (both keys of the set workload). */
export interface SetFinalRead {
  node: string;
  /** Whether this node is the primary everyone agreed on after settling. */
  primary: boolean;
  /** SMEMBERS of the set key; absent when the read failed. */
  set?: string[];
  /** LRANGE 0 -1 of the list key; absent when the read failed. */
  list?: string[];
  /** Why the read failed. */
  error?: string;
}

export interface SetCheckInput {
  /** The run's history: `add` ops of the workload, and nemesis ops. */
  history: History;
  /** Final reads from every node; exactly one should have `primary: true`. */
  finalReads: readonly SetFinalRead[];
  /** Fault windows; derived from the history's nemesis ops when absent. */
  faults?: readonly FaultWindow[];
  /** Cap on each listed category (counts are always complete). Default 1000. */
  maxListed?: number;
}

/** One write placed in time: when it was invoked/completed and which faults were active. */
export interface SetWriteDetail {
  element: string;
  process: number | 'nemesis';
  outcome: OpType | 'none';
  /** ns since the run started. */
  invoke: number;
  /** ns; absent when the op never completed. */
  complete?: number;
  /** Faults active during [invoke, complete] (`fault` or `fault target`). */
  faults: string[];
  /** The node the client sent the write to, when the history names it. */
  node?: string;
}

/** How one node's final state differs from the primary's. */
export interface SetNodeDiff {
  node: string;
  role: 'primary' | 'replica';
  setSize?: number;
  listSize?: number;
  /** Elements the primary has (in either key) that this node lacks in both. */
  missing: number;
  /** Elements this node has (in either key) that the primary lacks in both. */
  extra: number;
  /** Elements in one key but not the other on this node. */
  partial: number;
  error?: string;
}

export interface SetCheckResult extends CheckResult {
  attempted: number;
  acknowledged: number;
  failed: number;
  indeterminate: number;
  /** Acknowledged and absent from both keys of the final primary. */
  lost: number;
  /** `lost` as a percent of `acknowledged` (0 when nothing was acknowledged). */
  lostPercent: number;
  /** In exactly one of the two keys of the final primary (any outcome). */
  partial: number;
  /** Present on the final primary although the write failed, or was never attempted. */
  unexpected: number;
  /** Indeterminate (`info` or never completed) and present on the final primary. */
  recovered: number;
  /** Present in the list more than once (a write applied twice). */
  duplicated: number;
  /** Lost writes with their times and the faults active then (first `maxListed`). */
  lostWrites: SetWriteDetail[];
  partialElements: string[];
  unexpectedElements: string[];
  /** Per-node differences from the primary. */
  nodes: SetNodeDiff[];
  /** Lost writes made while at least one fault was active / while none was. */
  lostDuringFaults: number;
  lostOutsideFaults: number;
  /**
   * Lost writes by the node they were sent to: a loss outside the fault windows usually went
   * to an old primary that kept taking writes until Sentinel demoted it.
   */
  lostByNode: Record<string, number>;
  /** Set when a category list was cut to `maxListed`. */
  truncated?: string;
}

interface Write {
  element: string;
  process: number | 'nemesis';
  invoke: number;
  complete?: number;
  outcome: OpType | 'none';
  node?: string;
}

/** Pair each `add` invoke with its completion on the same process. */
export function setWrites(history: History): Map<string, Write> {
  const writes = new Map<string, Write>();
  const pending = new Map<number | 'nemesis', Write>();
  for (const op of history) {
    if (op.f !== 'add' || op.process === 'nemesis') continue;
    if (op.type === 'invoke') {
      const w: Write = {
        element: String(op.value),
        process: op.process,
        invoke: op.time,
        outcome: 'none',
      };
      writes.set(w.element, w);
      pending.set(op.process, w);
    } else {
      const w = pending.get(op.process);
      if (!w) continue;
      pending.delete(op.process);
      w.outcome = op.type;
      w.complete = op.time;
      if (op.node !== undefined) w.node = op.node;
    }
  }
  return writes;
}

function describe(f: FaultWindow): string {
  return f.target ? `${f.fault} ${f.target}` : f.fault;
}

function emptyResult(valid: CheckResult['valid'], reason?: string): SetCheckResult {
  return {
    valid,
    ...(reason !== undefined ? { reason } : {}),
    attempted: 0,
    acknowledged: 0,
    failed: 0,
    indeterminate: 0,
    lost: 0,
    lostPercent: 0,
    partial: 0,
    unexpected: 0,
    recovered: 0,
    duplicated: 0,
    lostWrites: [],
    partialElements: [],
    unexpectedElements: [],
    nodes: [],
    lostDuringFaults: 0,
    lostOutsideFaults: 0,
    lostByNode: {},
  };
}

/**
 * Judge the set workload. Valid when nothing acknowledged is lost, nothing is half-applied
 * and nothing failed is present; `unknown` when the final primary could not be read.
 */
export function checkSet(input: SetCheckInput): SetCheckResult {
  const maxListed = input.maxListed ?? 1000;
  const writes = setWrites(input.history);
  const faults = input.faults ?? faultWindows(input.history);
  const primaries = input.finalReads.filter((r) => r.primary);
  const primary = primaries[0];
  const base = emptyResult(true);
  for (const w of writes.values()) {
    base.attempted++;
    if (w.outcome === 'ok') base.acknowledged++;
    else if (w.outcome === 'fail') base.failed++;
    else base.indeterminate++;
  }
  if (primaries.length !== 1 || !primary?.set || !primary.list) {
    const why =
      primaries.length === 0
        ? 'no agreed primary to read the final state from'
        : primaries.length > 1
          ? `several primaries: ${primaries.map((p) => p.node).join(', ')}`
          : `final read of the primary ${primary?.node} failed: ${primary?.error ?? 'no data'}`;
    return { ...base, valid: 'unknown', reason: why, nodes: nodeDiffs(input.finalReads) };
  }
  const inSet = new Set(primary.set);
  const listCounts = new Map<string, number>();
  for (const e of primary.list) listCounts.set(e, (listCounts.get(e) ?? 0) + 1);

  const r = base;
  const truncated: string[] = [];
  const listed = <T>(arr: T[], item: T, what: string): void => {
    if (arr.length < maxListed) arr.push(item);
    else if (!truncated.includes(what)) truncated.push(what);
  };
  for (const w of writes.values()) {
    const s = inSet.has(w.element);
    const l = listCounts.has(w.element);
    if (s !== l) {
      r.partial++;
      listed(r.partialElements, w.element, 'partial');
    }
    if (w.outcome === 'ok' && !s && !l) {
      r.lost++;
      const active = activeFaults(faults, w.invoke, w.complete ?? w.invoke).map(describe);
      if (active.length > 0) r.lostDuringFaults++;
      else r.lostOutsideFaults++;
      const detail: SetWriteDetail = {
        element: w.element,
        process: w.process,
        outcome: w.outcome,
        invoke: w.invoke,
        faults: active,
      };
      if (w.complete !== undefined) detail.complete = w.complete;
      const node = w.node ?? 'unknown';
      r.lostByNode[node] = (r.lostByNode[node] ?? 0) + 1;
      if (w.node !== undefined) detail.node = w.node;
      listed(r.lostWrites, detail, 'lost');
    }
    if (w.outcome === 'fail' && (s || l)) {
      r.unexpected++;
      listed(r.unexpectedElements, w.element, 'unexpected');
    }
    if ((w.outcome === 'info' || w.outcome === 'none') && (s || l)) r.recovered++;
  }
  const observed = new Set([...inSet, ...listCounts.keys()]);
  for (const e of observed) {
    if (writes.has(e)) continue;
    r.unexpected++;
    listed(r.unexpectedElements, e, 'unexpected');
    if (inSet.has(e) !== listCounts.has(e)) {
      r.partial++;
      listed(r.partialElements, e, 'partial');
    }
  }
  for (const n of listCounts.values()) if (n > 1) r.duplicated++;
  r.lostPercent = r.acknowledged === 0 ? 0 : round2((100 * r.lost) / r.acknowledged);
  r.nodes = nodeDiffs(input.finalReads);
  r.valid = r.lost === 0 && r.partial === 0 && r.unexpected === 0;
  if (truncated.length > 0) {
    r.truncated = `showing at most ${maxListed} of each of: ${truncated.join(', ')}`;
  }
  return r;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function union(read: SetFinalRead): Set<string> {
  return new Set([...(read.set ?? []), ...(read.list ?? [])]);
}

/** Per-node comparison with the (first) primary read. */
export function nodeDiffs(reads: readonly SetFinalRead[]): SetNodeDiff[] {
  const primary = reads.find((r) => r.primary && r.set && r.list);
  const p = primary ? union(primary) : undefined;
  return reads.map((read) => {
    const d: SetNodeDiff = {
      node: read.node,
      role: read.primary ? 'primary' : 'replica',
      missing: 0,
      extra: 0,
      partial: 0,
    };
    if (read.error !== undefined) d.error = read.error;
    if (!read.set || !read.list) return d;
    d.setSize = read.set.length;
    d.listSize = read.list.length;
    const s = new Set(read.set);
    const l = new Set(read.list);
    for (const e of s) if (!l.has(e)) d.partial++;
    for (const e of l) if (!s.has(e)) d.partial++;
    if (p) {
      const mine = union(read);
      for (const e of p) if (!mine.has(e)) d.missing++;
      for (const e of mine) if (!p.has(e)) d.extra++;
    }
    return d;
  });
}

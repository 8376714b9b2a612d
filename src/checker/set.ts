import {
  activeFaults,
  describeFault,
  faultIntervals,
  type FaultInterval,
} from '../history/faultInterval.js';
import type { History, Op, OpType } from '../history/op.js';
import { pairOps } from '../history/pairOps.js';
import type { CheckResult } from './verdict.js';
import { ElementIds } from './setElementIds.js';

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
  /**
   * Redis Cluster: the node's shard. A cluster has one primary per shard, each holding the
   * keys of its slots: the final state is the union of the shards' primaries, and each node
   * is compared with its own shard's primary.
   */
  shard?: string;
  /** Set by the checker on a cluster: this node is its shard's primary (see `withShardUnion`). */
  shardPrimary?: boolean;
}

export interface SetCheckInput {
  /** The run's history: `add` ops of the workload, and nemesis ops. */
  history: History;
  /** Final reads from every node; exactly one should have `primary: true`. */
  finalReads: readonly SetFinalRead[];
  /** Fault intervals; derived from the history's nemesis ops when absent. */
  faults?: readonly FaultInterval[];
  /** Cap on each listed category (counts are always complete). Default 1000. */
  maxListed?: number;
  /** Redis Cluster: the shard an element's key belongs to, for `lostByShard`. */
  shardOf?: (element: string) => string | undefined;
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
  /** Redis Cluster: lost writes by the shard that serves the element's slot at the end. */
  lostByShard?: Record<string, number>;
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

/**
 * Each `add` write of a history by its element, in invoke order (a later write of the same
 * element replaces the earlier one in place). Paired by `pairOps`: throws E_HISTORY_INVALID
 * for a completion with no invoke.
 */
export function setWrites(history: History): Map<string, Write> {
  const writes = new Map<string, Write>();
  const pairs = pairOps(history);
  for (let k = 0; k < pairs.count; k++) {
    const invoke = history[pairs.invoke[k] as number] as Op;
    if (invoke.f !== 'add') continue;
    const donePos = pairs.completion[k] as number;
    const done = donePos < 0 ? undefined : (history[donePos] as Op);
    const w: Write = {
      element: String(invoke.value),
      process: invoke.process as number,
      invoke: invoke.time,
      outcome: done === undefined ? 'none' : done.type,
    };
    if (done !== undefined) {
      w.complete = done.time;
      if (done.node !== undefined) w.node = done.node;
    }
    writes.set(w.element, w);
  }
  return writes;
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

// Per-element flags of the final primary (and of the writes), one byte per element id.
const IN_SET = 1;
const IN_LIST = 2;
const LIST_TWICE = 4;
const WRITTEN = 8;
const SEEN = 16;

const OUTCOMES: readonly (OpType | 'none')[] = ['ok', 'fail', 'info', 'none'];
const OK = 0;
const FAIL = 1;

/** The element ids of each final read's two keys (absent when the read has no such key). */
interface ReadIds {
  set?: Int32Array;
  list?: Int32Array;
}

/**
 * Whether any fault is active at some moment of [from, to]: intervals sorted by start with
 * the running maximum of their ends, searched in O(log n) per query.
 */
class FaultSweep {
  private readonly starts: Float64Array;
  private readonly maxEnd: Float64Array;

  constructor(faults: readonly FaultInterval[]) {
    const sorted = [...faults].sort((a, b) => a.start - b.start);
    this.starts = new Float64Array(sorted.length);
    this.maxEnd = new Float64Array(sorted.length);
    let max = -Infinity;
    sorted.forEach((f, i) => {
      this.starts[i] = f.start;
      max = Math.max(max, f.end ?? Infinity);
      this.maxEnd[i] = max;
    });
  }

  anyActive(from: number, to: number): boolean {
    // Number of intervals with start <= to.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] as number) <= to) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && (this.maxEnd[lo - 1] as number) >= from;
  }
}

/**
 * Judge the set workload. Valid when nothing acknowledged is lost, nothing is half-applied
 * and nothing failed is present; `unknown` when the final primary could not be read.
 *
 * Linear in the history and the final reads: elements get dense integer ids (`e<n>` is `n`,
 * any other string an id of its own, see `ElementIds`), and every membership test is a byte
 * of a typed array. Throws E_HISTORY_INVALID for a completion with no invoke.
 */
export function checkSet(input: SetCheckInput): SetCheckResult {
  const maxListed = input.maxListed ?? 1000;
  const history = input.history;
  const reads = withShardUnion(input.finalReads);
  const faults = input.faults ?? faultIntervals(history);
  const pairs = pairOps(history);

  // The add writes in invoke order: position of the invoke and outcome.
  let adds = 0;
  for (let k = 0; k < pairs.count; k++) {
    if ((history[pairs.invoke[k] as number] as Op).f === 'add') adds++;
  }
  let strings = adds;
  for (const r of reads) strings += (r.set?.length ?? 0) + (r.list?.length ?? 0);
  const ids = new ElementIds(strings);
  const wPos = new Int32Array(adds);
  const wDone = new Int32Array(adds);
  const wId = new Int32Array(adds);
  for (let k = 0, j = 0; k < pairs.count; k++) {
    const pos = pairs.invoke[k] as number;
    const invoke = history[pos] as Op;
    if (invoke.f !== 'add') continue;
    wPos[j] = pos;
    wDone[j] = pairs.completion[k] as number;
    wId[j++] = ids.raw(String(invoke.value));
  }
  const readIds: ReadIds[] = reads.map((r) => {
    const out: ReadIds = {};
    if (r.set) out.set = ids.rawAll(r.set);
    if (r.list) out.list = ids.rawAll(r.list);
    return out;
  });
  const size = ids.finish();
  ids.resolve(wId);
  for (const r of readIds) {
    if (r.set) ids.resolve(r.set);
    if (r.list) ids.resolve(r.list);
  }

  // One write per element, in the order of its first write (the last write of it counts).
  const slot = new Int32Array(size).fill(-1);
  const unique = new Int32Array(adds);
  let attempted = 0;
  for (let j = 0; j < adds; j++) {
    const id = wId[j] as number;
    const s = slot[id] as number;
    if (s < 0) {
      slot[id] = attempted;
      unique[attempted++] = j;
    } else unique[s] = j;
  }
  const outcome = new Uint8Array(attempted);
  const base = emptyResult(true);
  base.attempted = attempted;
  for (let u = 0; u < attempted; u++) {
    const done = wDone[unique[u] as number] as number;
    const o = done < 0 ? 3 : OUTCOMES.indexOf((history[done] as Op).type);
    outcome[u] = o;
    if (o === OK) base.acknowledged++;
    else if (o === FAIL) base.failed++;
    else base.indeterminate++;
  }

  const primaries = reads.filter((r) => r.primary);
  const primary = primaries[0];
  if (primaries.length !== 1 || !primary?.set || !primary.list) {
    const why =
      primaries.length === 0
        ? 'no agreed primary to read the final state from'
        : primaries.length > 1
          ? `several primaries: ${primaries.map((p) => p.node).join(', ')}`
          : `final read of the primary ${primary?.node} failed: ${primary?.error ?? 'no data'}`;
    return { ...base, valid: 'unknown', reason: why, nodes: nodeDiffsOf(reads, readIds, size) };
  }
  const pIds = readIds[reads.indexOf(primary)] as Required<ReadIds>;

  const r = base;
  const flags = new Uint8Array(size);
  for (let i = 0; i < pIds.set.length; i++) {
    const id = pIds.set[i] as number;
    flags[id] = (flags[id] as number) | IN_SET;
  }
  for (let i = 0; i < pIds.list.length; i++) {
    const id = pIds.list[i] as number;
    const f = flags[id] as number;
    if ((f & IN_LIST) === 0) flags[id] = f | IN_LIST;
    else if ((f & LIST_TWICE) === 0) {
      flags[id] = f | LIST_TWICE;
      r.duplicated++;
    }
  }

  const truncated: string[] = [];
  const listed = <T>(arr: T[], item: T, what: string): void => {
    if (arr.length < maxListed) arr.push(item);
    else if (!truncated.includes(what)) truncated.push(what);
  };
  const sweep = new FaultSweep(faults);
  for (let u = 0; u < attempted; u++) {
    const j = unique[u] as number;
    const id = wId[j] as number;
    const f = flags[id] as number;
    flags[id] = f | WRITTEN;
    const s = (f & IN_SET) !== 0;
    const l = (f & IN_LIST) !== 0;
    const o = outcome[u] as number;
    if (s !== l) {
      r.partial++;
      listed(r.partialElements, String((history[wPos[j] as number] as Op).value), 'partial');
    }
    if (s || l) {
      if (o === FAIL) {
        r.unexpected++;
        listed(
          r.unexpectedElements,
          String((history[wPos[j] as number] as Op).value),
          'unexpected',
        );
      } else if (o !== OK) r.recovered++;
      continue;
    }
    if (o !== OK) continue;
    r.lost++;
    const invoke = history[wPos[j] as number] as Op;
    const done = history[wDone[j] as number] as Op;
    if (sweep.anyActive(invoke.time, done.time)) r.lostDuringFaults++;
    else r.lostOutsideFaults++;
    const node = done.node ?? 'unknown';
    r.lostByNode[node] = (r.lostByNode[node] ?? 0) + 1;
    if (input.shardOf !== undefined) {
      const shard = input.shardOf(String(invoke.value)) ?? 'unknown';
      r.lostByShard ??= {};
      r.lostByShard[shard] = (r.lostByShard[shard] ?? 0) + 1;
    }
    if (r.lostWrites.length >= maxListed) {
      if (!truncated.includes('lost')) truncated.push('lost');
      continue;
    }
    const detail: SetWriteDetail = {
      element: String(invoke.value),
      process: invoke.process as number,
      outcome: 'ok',
      invoke: invoke.time,
      faults: activeFaults(faults, invoke.time, done.time).map(describeFault),
    };
    detail.complete = done.time;
    if (done.node !== undefined) detail.node = done.node;
    r.lostWrites.push(detail);
  }
  // Elements on the primary that no write made: the set's first, then the list's.
  for (const [elements, keyIds] of [
    [primary.set, pIds.set],
    [primary.list, pIds.list],
  ] as const) {
    for (let i = 0; i < keyIds.length; i++) {
      const id = keyIds[i] as number;
      const f = flags[id] as number;
      if ((f & (SEEN | WRITTEN)) !== 0) continue;
      flags[id] = f | SEEN;
      r.unexpected++;
      listed(r.unexpectedElements, elements[i] as string, 'unexpected');
      if (((f & IN_SET) !== 0) !== ((f & IN_LIST) !== 0)) {
        r.partial++;
        listed(r.partialElements, elements[i] as string, 'partial');
      }
    }
  }
  r.lostPercent = r.acknowledged === 0 ? 0 : round2((100 * r.lost) / r.acknowledged);
  r.nodes = nodeDiffsOf(reads, readIds, size);
  if (input.shardOf !== undefined) r.lostByShard ??= {};
  r.valid = r.lost === 0 && r.partial === 0 && r.unexpected === 0;
  if (truncated.length > 0) {
    r.truncated = `showing at most ${maxListed} of each of: ${truncated.join(', ')}`;
  }
  return r;
}

/**
 * A cluster's final reads with one more read in front: the union of the shards' primaries,
 * as the one primary the checker judges by (the per-shard primaries become `primary: false`
 * for that purpose and are compared with it shard by shard in `diffNodes`). Reads without
 * shards are returned as they are.
 */
function withShardUnion(reads: readonly SetFinalRead[]): readonly SetFinalRead[] {
  const primaries = reads.filter((r) => r.primary && r.shard !== undefined);
  if (primaries.length < 2 || new Set(primaries.map((p) => p.shard)).size !== primaries.length) {
    return reads;
  }
  const failed = primaries.find((p) => !p.set || !p.list);
  const union: SetFinalRead = {
    node: `primaries(${primaries.map((p) => p.node).join(',')})`,
    primary: true,
    ...(failed
      ? { error: `${failed.node}: ${failed.error ?? 'no data'}` }
      : {
          set: primaries.flatMap((p) => p.set ?? []),
          list: primaries.flatMap((p) => p.list ?? []),
        }),
  };
  return [
    union,
    ...reads.map((r) => (r.primary ? { ...r, primary: false, shardPrimary: true } : r)),
  ];
}

/** Per-node differences: from the one primary, or on a cluster from each shard's primary. */
function nodeDiffsOf(
  reads: readonly SetFinalRead[],
  readIds: readonly ReadIds[],
  size: number,
): SetNodeDiff[] {
  if (!reads.some((r) => r.shardPrimary === true)) return diffNodes(reads, readIds, size);
  const out: SetNodeDiff[] = [];
  const shards = [...new Set(reads.flatMap((r) => (r.shard === undefined ? [] : [r.shard])))];
  for (const shard of shards) {
    const at = reads.flatMap((r, i) => (r.shard === shard ? [i] : []));
    const group = at.map((i) => {
      const r = reads[i] as SetFinalRead;
      return { ...r, primary: r.shardPrimary === true };
    });
    out.push(
      ...diffNodes(
        group,
        at.map((i) => readIds[i] as ReadIds),
        size,
      ),
    );
  }
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Per-node comparison with the (first) primary read. */
export function nodeDiffs(reads: readonly SetFinalRead[]): SetNodeDiff[] {
  let strings = 0;
  for (const r of reads) strings += (r.set?.length ?? 0) + (r.list?.length ?? 0);
  const ids = new ElementIds(strings);
  const readIds: ReadIds[] = reads.map((r) => {
    const out: ReadIds = {};
    if (r.set) out.set = ids.rawAll(r.set);
    if (r.list) out.list = ids.rawAll(r.list);
    return out;
  });
  const size = ids.finish();
  for (const r of readIds) {
    if (r.set) ids.resolve(r.set);
    if (r.list) ids.resolve(r.list);
  }
  return diffNodes(reads, readIds, size);
}

// Bits of `diffNodes`'s marks: in the primary's union, in this node's set, list, counted.
const P = 1;
const S = 2;
const L = 4;
const COUNTED = 8;

function diffNodes(
  reads: readonly SetFinalRead[],
  readIds: readonly ReadIds[],
  size: number,
): SetNodeDiff[] {
  const pi = reads.findIndex((r) => r.primary && r.set && r.list);
  const mark = new Uint8Array(size);
  let pCount = 0;
  const p = readIds[pi];
  if (p?.set && p.list) {
    for (const keyIds of [p.set, p.list]) {
      for (let i = 0; i < keyIds.length; i++) {
        const id = keyIds[i] as number;
        if ((mark[id] as number) === 0) {
          mark[id] = P;
          pCount++;
        }
      }
    }
  }
  return reads.map((read, n) => {
    const d: SetNodeDiff = {
      node: read.node,
      role: read.primary ? 'primary' : 'replica',
      missing: 0,
      extra: 0,
      partial: 0,
    };
    if (read.error !== undefined) d.error = read.error;
    const own = readIds[n];
    if (!read.set || !read.list || !own?.set || !own.list) return d;
    d.setSize = read.set.length;
    d.listSize = read.list.length;
    const { set, list } = own;
    for (let i = 0; i < set.length; i++) {
      const id = set[i] as number;
      mark[id] = (mark[id] as number) | S;
    }
    for (let i = 0; i < list.length; i++) {
      const id = list[i] as number;
      mark[id] = (mark[id] as number) | L;
    }
    let mine = 0;
    let shared = 0;
    for (const keyIds of [set, list]) {
      for (let i = 0; i < keyIds.length; i++) {
        const id = keyIds[i] as number;
        const m = mark[id] as number;
        if ((m & COUNTED) !== 0) continue;
        mark[id] = m | COUNTED;
        mine++;
        if ((m & P) !== 0) shared++;
        if (((m & S) !== 0) !== ((m & L) !== 0)) d.partial++;
      }
    }
    for (const keyIds of [set, list]) {
      for (let i = 0; i < keyIds.length; i++) {
        const id = keyIds[i] as number;
        mark[id] = (mark[id] as number) & P;
      }
    }
    if (pi >= 0) {
      d.missing = pCount - shared;
      d.extra = mine - shared;
    }
    return d;
  });
}

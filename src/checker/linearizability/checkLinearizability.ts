/**
 * The linearizability checker's entry points, in tiers: `isLinearizable` (a boolean),
 * `checkLinearizability` (a three-valued verdict within time and memory budgets; with
 * `verbose`, evidence for each illegal partition).
 *
 * Partitions (P-compositionality: one per key for partitioned models) are searched
 * interleaved, round-robin in slices of iterations, smallest first: the first illegal
 * partition ends the whole check even when others are hard, and the event loop gets a turn
 * between slices.
 */
import { isRedcheckError } from '../../errors.js';
import type { Op } from '../../history/op.js';
import { OpPairer } from '../../history/pairOps.js';
import { mergeValidity, type Validity } from '../verdict.js';
import { buildEvidence, type PartitionOp } from './evidence.js';
import type { CompletedOp, Model } from './model.js';
import { OpTable } from './opTable.js';
import { completedOp, completedOps } from './operations.js';
import {
  memoryLimitAt,
  resolveLinearizabilityOptions,
  type LinearizabilityOptions,
  type ResolvedLinearizabilityOptions,
} from './options.js';
import { isRegisterModel, type RegisterInput } from './models/register.js';
import { PartitionSearch, type SearchOp } from './partitionSearch.js';
import { checkUniqueValues } from './uniqueValues.js';
import type { LinearizabilityEvidence, LinearizabilityResult, PartitionResult } from './result.js';

const YIELD_EVERY_MS = 25;

/** A partition as the search takes it: its key, its size, and its ops on demand. */
interface PartitionSource<I> {
  readonly key: string;
  readonly count: number;
  /** The search's view of its ops, built when the partition's turn comes. */
  load(): SearchOp<I>[];
}

/** The evidence for an illegal partition, from its ops and longest linearizable prefixes. */
type EvidenceFor<I> = (
  key: string,
  ops: readonly SearchOp<I>[],
  longest: readonly (readonly number[])[],
) => Promise<LinearizabilityEvidence>;

interface Partition<S, I> {
  readonly source: PartitionSource<I>;
  /** Its ops while it is being searched (dropped when it is decided). */
  ops: SearchOp<I>[] | undefined;
  search: PartitionSearch<S, I> | undefined;
  valid: Validity;
  iterations: number;
  /** Bytes of its search at the last slice. */
  bytes: number;
  /** Decided by the unique-values fast path; when invalid, its longest prefix. */
  fast?: { readonly longest: readonly number[] | undefined };
  /** When invalid: the ops and longest prefixes its evidence is built from. */
  illegal?: { readonly ops: SearchOp<I>[]; readonly longest: readonly (readonly number[])[] };
}

/** The partition (key) of each op the model takes, with the search's view of it. */
function partitionOps<S, I>(
  model: Model<S, I>,
  ops: readonly CompletedOp[],
): Map<string, PartitionOp<I>[]> {
  const parts = new Map<string, PartitionOp<I>[]>();
  for (const op of ops) {
    const input = model.input(op);
    if (input === undefined) continue;
    const key = model.partition(op);
    let list = parts.get(key);
    if (!list) parts.set(key, (list = []));
    list.push({ call: op.invokeIndex, ret: returnOf(op), input, op });
  }
  return parts;
}

/** When an op returned, for the search: -1 if it may take effect any time after its call. */
const returnOf = (op: CompletedOp): number =>
  op.status === 'info' || op.completionIndex < 0 ? -1 : op.completionIndex;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function search<S, I>(
  model: Model<S, I>,
  sources: readonly PartitionSource<I>[],
  opCount: number,
  o: ResolvedLinearizabilityOptions,
  opts: LinearizabilityOptions,
  evidenceFor: EvidenceFor<I>,
): Promise<LinearizabilityResult> {
  const started = performance.now();
  const parts: Partition<S, I>[] = sources
    .map((source): Partition<S, I> => ({
      source,
      ops: undefined,
      search: undefined,
      valid: 'unknown',
      iterations: 0,
      bytes: 0,
    }))
    .sort((a, b) => a.source.count - b.source.count || (a.source.key < b.source.key ? -1 : 1));
  const keep = o.verbose ? 3 : 0;

  // round-robin: `active` is this round, `queued` the next one
  let queued: Partition<S, I>[] = [];
  let cursor = 0;
  let stop: { reason: string } | undefined;
  let bytes = 0;
  let peakBytes = 0;
  let lastYield = performance.now();
  // registers whose values are unique take the fast path, partition by partition
  const register = o.uniqueValues && isRegisterModel(model) ? model : undefined;
  for (const p of register ? parts : []) {
    const initial = register?.init(p.source.key) as number;
    const ops = p.source.load();
    const v = checkUniqueValues(ops as unknown as SearchOp<RegisterInput>[], initial, o.verbose);
    if (v === undefined) continue;
    p.valid = v.valid;
    p.fast = { longest: v.longest };
    if (!v.valid) {
      if (v.longest) p.illegal = { ops, longest: [v.longest] };
      stop = { reason: `stopped: partition ${JSON.stringify(p.source.key)} is not linearizable` };
      break;
    }
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
  let active = stop ? [] : parts.filter((p) => p.fast === undefined);
  for (;;) {
    if (cursor >= active.length) {
      if (queued.length === 0) break;
      [active, queued, cursor] = [queued, [], 0];
    }
    const p = active[cursor++] as Partition<S, I>;
    // created on first visit and dropped when done, so many small partitions stay cheap
    if (p.search === undefined) {
      p.ops = p.source.load();
      p.search = new PartitionSearch<S, I>(model, p.ops, { keepLongest: keep, key: p.source.key });
    }
    const s = p.search;
    const status = s.run(o.sliceIterations);
    p.iterations = s.iterations;
    const newBytes = status === 'running' ? s.bytes : 0;
    bytes += newBytes - p.bytes;
    p.bytes = newBytes;
    // the model's own tables (interned states), shared by its partitions: counted once
    const held = bytes + (model.bytes?.() ?? 0);
    peakBytes = Math.max(peakBytes, held);
    if (status === 'running') {
      queued.push(p);
    } else {
      p.valid = status === 'ok';
      if (status === 'illegal' && p.ops) p.illegal = { ops: p.ops, longest: s.longest };
      s.release(); // its buffers go to the next search
      p.search = undefined;
      p.ops = undefined;
      if (status === 'illegal') {
        stop = { reason: `stopped: partition ${JSON.stringify(p.source.key)} is not linearizable` };
        break;
      }
    }
    const unfinished = active.length - cursor + queued.length;
    if (unfinished === 0) break;
    const now = performance.now();
    if (now - started > o.timeLimitMs) {
      stop = {
        reason: `time limit of ${o.timeLimitMs} ms reached with ${unfinished} partition(s) unfinished`,
      };
      break;
    }
    const memoryLimit = memoryLimitAt(o, held);
    if (held > memoryLimit) {
      stop = {
        reason: `memory limit of ${Math.round(memoryLimit / 2 ** 20)} MiB reached (search caches ~${Math.round(held / 2 ** 20)} MiB) with ${unfinished} partition(s) unfinished`,
      };
      break;
    }
    if (now - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }

  // searches a limit stopped: nothing reads them past here
  for (const p of parts) p.search?.release();

  const results: PartitionResult[] = [];
  for (const p of parts) {
    const { key, count } = p.source;
    const base = { key, valid: p.valid, opCount: count, iterations: p.iterations };
    if (p.valid === 'unknown') results.push({ ...base, reason: stop?.reason ?? 'not finished' });
    else if (p.valid === false && o.verbose && p.illegal) {
      const evidence = await evidenceFor(key, p.illegal.ops, p.illegal.longest);
      results.push({ ...base, evidence });
    } else results.push(base);
  }
  results.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const valid = mergeValidity(results.map((r) => r.valid));
  const result: LinearizabilityResult = {
    valid,
    model: model.name,
    opCount,
    partitions: results,
    elapsedMs: performance.now() - started,
    peakCacheBytes: peakBytes,
    uniqueValuePartitions: parts.filter((p) => p.fast !== undefined).length,
    ...(opts.init !== undefined ? { init: opts.init } : {}),
    ...(opts.initByKey !== undefined ? { initByKey: opts.initByKey } : {}),
  };
  return valid === 'unknown' ? { ...result, reason: stop?.reason ?? 'not finished' } : result;
}

/** Runs a check, turning a failure inside a model into an `unknown` verdict. */
async function guarded(
  model: Model,
  check: () => Promise<LinearizabilityResult>,
): Promise<LinearizabilityResult> {
  try {
    return await check();
  } catch (e) {
    if (isRedcheckError(e)) throw e;
    return {
      valid: 'unknown',
      reason: 'the checker failed',
      error: e instanceof Error ? e.message : String(e),
      model: model.name,
      opCount: 0,
      partitions: [],
      elapsedMs: 0,
      peakCacheBytes: 0,
    };
  }
}

/**
 * Checks `history` for linearizability against a model. Never hangs past `timeLimitMs` and never
 * throws for a hard history: budgets give `valid: "unknown"` with a `reason`, an error inside a
 * model gives `unknown` with `error`. Bad input (unknown model, a completion without an invoke,
 * an op the model cannot interpret) throws RedcheckError, which the CLI reports with exit 2.
 */
export async function checkLinearizability(
  history: readonly Op[],
  opts: LinearizabilityOptions,
): Promise<LinearizabilityResult> {
  const o = resolveLinearizabilityOptions(opts);
  const model = o.model;
  return guarded(model, async () => {
    const ops = completedOps(history);
    const sources = [...partitionOps(model, ops)].map(([key, pops]) => ({
      key,
      count: pops.length,
      load: () => pops,
    }));
    const historyIndex = (pos: number): number => history[pos]?.index ?? -1;
    return search(model, sources, ops.length, o, opts, (key, pops, longest) =>
      Promise.resolve(
        buildEvidence(model, historyIndex, key, pops as PartitionOp<unknown>[], longest),
      ),
    );
  });
}

/**
 * Feeds every event of a history, in order, to `onOp`; may be called more than once (a
 * streamed check reads the history a second time for an illegal partition's evidence).
 */
export type HistoryReplay = (onOp: (op: Op) => void) => Promise<void>;

/**
 * `checkLinearizability` for a history too large to hold: the events are streamed and paired
 * as they come, and each op is kept only as the model's prepared input with its call and
 * return (`OpTable`: 21 bytes a register op), so memory grows with the ops, not with the file.
 * Partitions are loaded one at a time. The verdict and evidence are the same as
 * `checkLinearizability` gives for the whole history in memory.
 */
export async function checkLinearizabilityStreamed(
  replay: HistoryReplay,
  opts: LinearizabilityOptions,
): Promise<LinearizabilityResult> {
  const o = resolveLinearizabilityOptions(opts);
  const model = o.model;
  return guarded(model, async () => {
    const table = new OpTable<unknown>(model.inputStore());
    let opCount = 0;
    const pairer = new OpPairer((invoke, completion, invokePos, endPos, row) => {
      opCount++;
      const op = completedOp(invoke, completion, invokePos, endPos);
      const input = model.input(op);
      if (input === undefined) table.leaveOut(row);
      else table.add(row, model.partition(op), op.invokeIndex, returnOf(op), input);
    });
    await replay((op) => pairer.push(op));
    pairer.finish();
    const partitions = table.partitions();
    const sources = partitions.map((p) => ({
      key: p.key,
      count: p.rows.length,
      load: () => table.searchOps(p.rows),
    }));
    const rowsOf = new Map(partitions.map((p) => [p.key, p.rows]));
    return search(model, sources, opCount, o, opts, (key, ops, longest) =>
      streamedEvidence(model, replay, key, rowsOf.get(key) ?? new Int32Array(0), ops, longest),
    );
  });
}

/**
 * Read the history again for the ops of one partition (its `rows`), and build its evidence.
 * The ops are found by row, so the model sees each op once, as in the check in memory.
 */
async function streamedEvidence<I>(
  model: Model<unknown, I>,
  replay: HistoryReplay,
  key: string,
  rows: Int32Array,
  ops: readonly SearchOp<I>[],
  longest: readonly (readonly number[])[],
): Promise<LinearizabilityEvidence> {
  const slot = new Map<number, number>();
  rows.forEach((row, k) => slot.set(row, k));
  const found = new Array<CompletedOp>(rows.length);
  const historyIndex = new Map<number, number>();
  const pairer = new OpPairer((invoke, completion, invokePos, endPos, row) => {
    const k = slot.get(row);
    if (k === undefined) return;
    found[k] = completedOp(invoke, completion, invokePos, endPos);
    historyIndex.set(invokePos, invoke.index);
  });
  await replay((op) => pairer.push(op));
  pairer.finish();
  const pops: PartitionOp<I>[] = ops.map((s, k) => ({ ...s, op: found[k] as CompletedOp }));
  return buildEvidence(model, (pos) => historyIndex.get(pos) ?? -1, key, pops, longest);
}

/** The quick tier: true iff the history is linearizable (no budgets; `unknown` counts as false). */
export async function isLinearizable(
  history: readonly Op[],
  model: string | Model,
): Promise<boolean> {
  return (await checkLinearizability(history, { model })).valid === true;
}

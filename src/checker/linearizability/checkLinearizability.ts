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
import { mergeValidity, type Validity } from '../verdict.js';
import { buildEvidence, type PartitionOp } from './evidence.js';
import type { CompletedOp, Model } from './model.js';
import { completedOps } from './operations.js';
import {
  resolveLinearizabilityOptions,
  type LinearizabilityOptions,
  type ResolvedLinearizabilityOptions,
} from './options.js';
import { isRegisterModel, type RegisterInput } from './models/register.js';
import { PartitionSearch, type SearchOp } from './partitionSearch.js';
import { checkUniqueValues } from './uniqueValues.js';
import type { LinearizabilityResult, PartitionResult } from './result.js';

const YIELD_EVERY_MS = 25;

interface Partition<S, I> {
  readonly key: string;
  readonly ops: PartitionOp<I>[];
  search: PartitionSearch<S, I> | undefined;
  valid: Validity;
  iterations: number;
  /** Bytes of its search at the last slice. */
  bytes: number;
  /** Decided by the unique-values fast path; when invalid, its longest prefix. */
  fast?: { readonly longest: readonly number[] | undefined };
}

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
    const ret = op.status === 'info' || op.completionIndex < 0 ? -1 : op.completionIndex;
    list.push({ call: op.invokeIndex, ret, input, op });
  }
  return parts;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function search<S, I>(
  model: Model<S, I>,
  history: readonly Op[],
  o: ResolvedLinearizabilityOptions,
  opts: LinearizabilityOptions,
): Promise<LinearizabilityResult> {
  const started = performance.now();
  const ops = completedOps(history);
  const parts: Partition<S, I>[] = [...partitionOps(model, ops)]
    .map(([key, pops]): Partition<S, I> => ({
      key,
      ops: pops,
      search: undefined,
      valid: 'unknown',
      iterations: 0,
      bytes: 0,
    }))
    .sort((a, b) => a.ops.length - b.ops.length || (a.key < b.key ? -1 : 1));
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
    const initial = register?.init(p.key) as number;
    const v = checkUniqueValues(p.ops as unknown as SearchOp<RegisterInput>[], initial, o.verbose);
    if (v === undefined) continue;
    p.valid = v.valid;
    p.fast = { longest: v.longest };
    if (!v.valid) {
      stop = { reason: `stopped: partition ${JSON.stringify(p.key)} is not linearizable` };
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
    const s = (p.search ??= new PartitionSearch<S, I>(model, p.ops, {
      keepLongest: keep,
      key: p.key,
    }));
    const status = s.run(o.sliceIterations);
    p.iterations = s.iterations;
    const newBytes = status === 'running' ? s.bytes : 0;
    bytes += newBytes - p.bytes;
    p.bytes = newBytes;
    peakBytes = Math.max(peakBytes, bytes);
    if (status === 'running') {
      queued.push(p);
    } else {
      p.valid = status === 'ok';
      if (status === 'illegal') {
        stop = { reason: `stopped: partition ${JSON.stringify(p.key)} is not linearizable` };
        break;
      }
      p.search = undefined; // release the cache
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
    if (bytes > o.memoryLimitBytes) {
      stop = {
        reason: `memory limit of ${Math.round(o.memoryLimitBytes / 2 ** 20)} MiB reached (search caches ~${Math.round(bytes / 2 ** 20)} MiB) with ${unfinished} partition(s) unfinished`,
      };
      break;
    }
    if (now - lastYield > YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }

  const results: PartitionResult[] = parts
    .map((p): PartitionResult => {
      const base = { key: p.key, valid: p.valid, opCount: p.ops.length, iterations: p.iterations };
      if (p.valid === 'unknown') return { ...base, reason: stop?.reason ?? 'not finished' };
      const longest = p.fast ? p.fast.longest && [p.fast.longest] : p.search?.longest;
      if (p.valid === false && o.verbose && longest) {
        return { ...base, evidence: buildEvidence(model, history, p.key, p.ops, longest) };
      }
      return base;
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const valid = mergeValidity(results.map((r) => r.valid));
  const result: LinearizabilityResult = {
    valid,
    model: model.name,
    opCount: ops.length,
    partitions: results,
    elapsedMs: performance.now() - started,
    peakCacheBytes: peakBytes,
    uniqueValuePartitions: parts.filter((p) => p.fast !== undefined).length,
    ...(opts.init !== undefined ? { init: opts.init } : {}),
    ...(opts.initByKey !== undefined ? { initByKey: opts.initByKey } : {}),
  };
  return valid === 'unknown' ? { ...result, reason: stop?.reason ?? 'not finished' } : result;
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
  try {
    return await search(model, history, o, opts);
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

/** The quick tier: true iff the history is linearizable (no budgets; `unknown` counts as false). */
export async function isLinearizable(
  history: readonly Op[],
  model: string | Model,
): Promise<boolean> {
  return (await checkLinearizability(history, { model })).valid === true;
}

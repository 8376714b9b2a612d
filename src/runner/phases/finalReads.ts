import { errorMessage } from '../../errors.js';
import { BULK_GZIP_LEVEL } from '../../history/historyWriter.js';
import { resolveClientOptions } from '../../client/clientOptions.js';
import { createClient } from '../../client/createClient.js';
import type { Credentials } from '../../client/credentials.js';
import type { Node } from '../../cluster/types.js';
import type { RunContext } from '../runContext.js';
import { deploymentOf } from './workload.js';

/** How long one Redis call of a final read may take (each page has its own). */
const READ_TIMEOUT_MS = 10_000;

/** Items a final-read page holds (and a set key's SSCAN COUNT, a list's LRANGE range). */
export const FINAL_PAGE_SIZE = 10_000;

/**
 * The whole final read's budget: a base, plus time for every op the run invoked (each may
 * have left an item to read), so a long run's big state is never the reason for `unknown`.
 */
export function finalReadBudgetMs(opsInvoked: number): number {
  return 60_000 + Math.ceil(opsInvoked / 1000) * 20;
}

/** The history `f` of a final read; its process is `"final"`. */
export const FINAL_READ = 'final-read';

interface NodeRole {
  role: 'primary' | 'replica';
  shard?: string;
  slots?: readonly (readonly [number, number])[];
}

/**
 * Final reads: every node's final state, read in parallel in pages, each page recorded in the
 * history as it comes as one `final-read` invoke/ok pair (`value: {role, page, last, state}`),
 * or a `fail` with the error when a page (or the budget) fails, so the run can be checked
 * again from its files alone and no state is held whole in memory.
 */
export async function finalReads(run: RunContext): Promise<void> {
  const d = deploymentOf(run);
  const primary = run.results.settle?.primary;
  // A cluster has a primary per shard; each node serves (READONLY: replicas too) its slots.
  const view = d.topology === 'cluster' ? await run.stop.abortable(d.clusterView()) : undefined;
  const roleOf = (node: string): NodeRole => {
    const shard = view?.shards.find((s) => s.nodes.includes(node));
    const isPrimary = shard ? shard.primary === node : node === primary;
    const role = isPrimary ? 'primary' : 'replica';
    return shard
      ? { role, shard: shard.shard, ...(isPrimary ? { slots: shard.slots } : {}) }
      : { role };
  };
  const c = run.counters;
  const budgetMs = finalReadBudgetMs(c.ok + c.fail + c.info + c.inFlight);
  const deadline = Date.now() + budgetMs;
  // The pages (a few bytes an element) at a fast gzip level: the default spends three times
  // the CPU on them for 13% fewer bytes, on the machine that is reading them.
  run.history.setGzipLevel(BULK_GZIP_LEVEL);
  await run.stop.abortable(
    Promise.all(
      d.nodes.map((node) =>
        readNode(
          run,
          node,
          { port: d.redisPort, auth: d.auth },
          view !== undefined,
          roleOf(node.name),
          {
            deadline,
            budgetMs,
          },
        ),
      ),
    ),
  );
  run.readsRecorded = true;
}

/** One node's final state as the workload reads it, page by page into the history; never throws. */
async function readNode(
  run: RunContext,
  node: Node,
  { port, auth }: { port: number; auth: Credentials | undefined },
  cluster: boolean,
  where: NodeRole,
  budget: { deadline: number; budgetMs: number },
): Promise<void> {
  const options = resolveClientOptions({
    commandTimeoutMs: READ_TIMEOUT_MS,
    connectTimeoutMs: 3000,
    ...(auth === undefined ? {} : { auth }),
  });
  const redis = createClient({ host: node.ip, port }, options);
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  const base = { process: 'final' as const, f: FINAL_READ, node: node.name };
  const w = run.workload;
  const pages: AsyncIterable<unknown> = w.finalReadPages
    ? w.finalReadPages(redis, FINAL_PAGE_SIZE)
    : (async function* () {
        yield await w.finalRead(redis);
      })();
  let invokedAt = run.clock.now();
  let page = 0;
  let held: unknown;
  let has = false;
  const record = (state: unknown, last: boolean): void => {
    run.history.append({ ...base, type: 'invoke', time: invokedAt, value: null });
    run.history.append({
      ...base,
      type: 'ok',
      time: run.clock.now(),
      value: { ...where, page: page++, last, state },
    });
    invokedAt = run.clock.now();
  };
  try {
    await redis.connect();
    if (cluster) await redis.call('READONLY');
    // Each page is recorded once the next one came (or the read ended), so the last is marked.
    for await (const state of pages) {
      if (has) record(held, false);
      held = state;
      has = true;
      if (Date.now() > budget.deadline) {
        throw new Error(
          `the final read took longer than its budget of ${Math.round(budget.budgetMs / 1000)} s (${page + 1} pages of up to ${FINAL_PAGE_SIZE} items read)`,
        );
      }
    }
    record(held, true);
  } catch (e) {
    const error = errorMessage(lastError ?? e);
    run.history.append({ ...base, type: 'invoke', time: invokedAt, value: null });
    run.history.append({
      ...base,
      type: 'fail',
      time: run.clock.now(),
      value: { ...where, page },
      error,
    });
  } finally {
    redis.disconnect();
  }
}

import { errorMessage } from '../../errors.js';
import { BULK_GZIP_LEVEL } from '../../history/historyWriter.js';
import { resolveClientOptions } from '../../client/clientOptions.js';
import { createClient } from '../../client/createClient.js';
import type { Credentials } from '../../client/credentials.js';
import type { Endpoint } from '../../client/endpoint.js';
import { ElementReadConnection } from '../../client/resp/elementReadConnection.js';
import type { Node } from '../../cluster/types.js';
import type { RunContext } from '../runContext.js';
import { deploymentOf } from './workload.js';

/** How long one Redis call of a final read may take (each page has its own). */
const READ_TIMEOUT_MS = 10_000;

/** How long connecting (and AUTH) to a node for its final read may take. */
const CONNECT_TIMEOUT_MS = 3000;

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

/** A page as the workload read it: its state, or the state's JSON bytes. */
type Page = { state: unknown } | { stateJson: Buffer };

/** A connection to one node and the pages of its final read over it. */
interface PageReader {
  pages: AsyncIterable<Page>;
  /** The connection's error, when the failure came from it. */
  lastError(): Error | undefined;
  close(): void;
}

/**
 * Connect to `node` (AUTH, and READONLY in a cluster) and read its pages: as JSON bytes when
 * the workload can (`finalReadJsonPages`), else through ioredis as values.
 */
async function openPages(
  run: RunContext,
  endpoint: Endpoint,
  auth: Credentials | undefined,
  cluster: boolean,
): Promise<PageReader> {
  const w = run.workload;
  if (w.finalReadJsonPages) {
    const conn = await ElementReadConnection.connect(endpoint, {
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      ...(auth === undefined ? {} : { auth }),
    });
    const reader = w.finalReadJsonPages.bind(w);
    return {
      pages: (async function* () {
        if (cluster) await conn.call(['READONLY'], READ_TIMEOUT_MS);
        for await (const stateJson of reader(conn, FINAL_PAGE_SIZE, READ_TIMEOUT_MS)) {
          yield { stateJson };
        }
      })(),
      lastError: () => undefined,
      close: () => conn.close(),
    };
  }
  const options = resolveClientOptions({
    commandTimeoutMs: READ_TIMEOUT_MS,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    ...(auth === undefined ? {} : { auth }),
  });
  const redis = createClient(endpoint, options);
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  const reader: PageReader = {
    pages: (async function* () {
      await redis.connect();
      if (cluster) await redis.call('READONLY');
      const states: AsyncIterable<unknown> = w.finalReadPages
        ? w.finalReadPages(redis, FINAL_PAGE_SIZE)
        : (async function* () {
            yield await w.finalRead(redis);
          })();
      for await (const state of states) yield { state };
    })(),
    lastError: () => lastError,
    close: () => redis.disconnect(),
  };
  return reader;
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
  const base = { process: 'final' as const, f: FINAL_READ, node: node.name };
  let invokedAt = run.clock.now();
  let page = 0;
  let held: Page | undefined;
  const record = (p: Page, last: boolean): void => {
    run.history.append({ ...base, type: 'invoke', time: invokedAt, value: null });
    const done = { ...base, type: 'ok' as const, time: run.clock.now() };
    const value = { ...where, page: page++, last };
    if ('state' in p) run.history.append({ ...done, value: { ...value, state: p.state } });
    else run.history.appendJsonValue(done, withStateJson(value, p.stateJson));
    invokedAt = run.clock.now();
  };
  let reader: PageReader | undefined;
  try {
    reader = await openPages(run, { host: node.ip, port }, auth, cluster);
    // Each page is recorded once the next one came (or the read ended), so the last is marked.
    for await (const p of reader.pages) {
      if (held !== undefined) {
        record(held, false);
        // A page is read faster than gzip packs it: wait for the backlog, never hold the state.
        await run.history.writable();
      }
      held = p;
      if (Date.now() > budget.deadline) {
        throw new Error(
          `the final read took longer than its budget of ${Math.round(budget.budgetMs / 1000)} s (${page + 1} pages of up to ${FINAL_PAGE_SIZE} items read)`,
        );
      }
    }
    if (held === undefined) throw new Error('the final read gave no page');
    record(held, true);
  } catch (e) {
    const error = errorMessage(reader?.lastError() ?? e);
    run.history.append({ ...base, type: 'invoke', time: invokedAt, value: null });
    run.history.append({
      ...base,
      type: 'fail',
      time: run.clock.now(),
      value: { ...where, page },
      error,
    });
  } finally {
    reader?.close();
  }
}

/** `value`'s JSON with `"state":` the JSON `state` last: what `JSON.stringify` writes with it. */
function withStateJson(value: object, state: Buffer): Buffer[] {
  const head = JSON.stringify(value);
  return [
    Buffer.from(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"state":`),
    state,
    CLOSE_BRACE,
  ];
}

const CLOSE_BRACE = Buffer.from('}');

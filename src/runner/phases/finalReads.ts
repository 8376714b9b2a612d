import { errorMessage } from '../../errors.js';
import { resolveClientOptions } from '../../client/clientOptions.js';
import { createClient } from '../../client/createClient.js';
import type { Node } from '../../cluster/types.js';
import type { RunContext } from '../runContext.js';
import { deploymentOf } from './workload.js';

/** How long one node's final read may take. */
const READ_TIMEOUT_MS = 10_000;

/** The history `f` of a final read; its process is `"final"`. */
export const FINAL_READ = 'final-read';

/**
 * Final reads: every node's final state, read in parallel, then recorded in the history as one
 * `final-read` op per node (`ok` with `{role, state}`, or `fail` with the error), so the run
 * can be checked again from its files alone.
 */
export async function finalReads(run: RunContext): Promise<void> {
  const d = deploymentOf(run);
  const primary = run.results.settle?.primary;
  // A cluster has a primary per shard; each node serves (READONLY: replicas too) its slots.
  const view = d.topology === 'cluster' ? await run.stop.abortable(d.clusterView()) : undefined;
  const reads = await run.stop.abortable(
    Promise.all(d.nodes.map((node) => readNode(run, node, d.redisPort, view !== undefined))),
  );
  for (const r of reads) {
    const shard = view?.shards.find((s) => s.nodes.includes(r.node));
    const isPrimary = shard ? shard.primary === r.node : r.node === primary;
    const role = isPrimary ? 'primary' : 'replica';
    const where = shard ? { shard: shard.shard, ...(isPrimary ? { slots: shard.slots } : {}) } : {};
    const base = { process: 'final' as const, f: FINAL_READ, node: r.node };
    run.history.append({ ...base, type: 'invoke', time: r.invokedAt, value: null });
    run.history.append(
      r.error === undefined
        ? { ...base, type: 'ok', time: r.completedAt, value: { role, ...where, state: r.state } }
        : { ...base, type: 'fail', time: r.completedAt, value: { role, ...where }, error: r.error },
    );
  }
  run.readsRecorded = true;
}

interface NodeRead {
  node: string;
  invokedAt: number;
  completedAt: number;
  state?: unknown;
  error?: string;
}

/** One node's final state as the workload reads it; never throws. */
async function readNode(
  run: RunContext,
  node: Node,
  port: number,
  cluster: boolean,
): Promise<NodeRead> {
  const options = resolveClientOptions({
    commandTimeoutMs: READ_TIMEOUT_MS,
    connectTimeoutMs: 3000,
  });
  const redis = createClient({ host: node.ip, port }, options);
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  const invokedAt = run.clock.now();
  try {
    await redis.connect();
    if (cluster) await redis.call('READONLY');
    const state = await run.workload.finalRead(redis);
    return { node: node.name, invokedAt, completedAt: run.clock.now(), state };
  } catch (e) {
    const err = lastError ?? e;
    const error = errorMessage(err);
    return { node: node.name, invokedAt, completedAt: run.clock.now(), error };
  } finally {
    redis.disconnect();
  }
}

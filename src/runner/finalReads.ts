import { resolveClientOptions } from '../client/ClientOptions.js';
import { createClient } from '../client/createClient.js';
import type { Deployment } from '../cluster/types.js';
import type { NodeFinalRead, Workload } from '../../workloads/workload.js';

/**
 * Read the workload's final state from every node (in parallel), marking the agreed primary.
 * A node that cannot be read gets `error` instead of `state`; never throws.
 */
export async function finalReads<S>(
  d: Deployment,
  workload: Workload<S>,
  primary: string | undefined,
  timeoutMs = 10_000,
): Promise<NodeFinalRead<S>[]> {
  const options = resolveClientOptions({ commandTimeoutMs: timeoutMs, connectTimeoutMs: 3000 });
  return Promise.all(
    d.nodes.map(async (node): Promise<NodeFinalRead<S>> => {
      const base = { node: node.name, primary: node.name === primary };
      const redis = createClient({ host: node.ip, port: d.redisPort }, options);
      let lastError: Error | undefined;
      redis.on('error', (err: Error) => {
        lastError = err;
      });
      try {
        await redis.connect();
        return { ...base, state: await workload.finalRead(redis) };
      } catch (e) {
        const err = lastError ?? e;
        return { ...base, error: err instanceof Error ? err.message : String(err) };
      } finally {
        redis.disconnect();
      }
    }),
  );
}

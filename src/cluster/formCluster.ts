import { RedcheckError } from '../errors.js';
import type { RedisCommand } from '../client/index.js';
import type { DockerNode } from './dockerNode.js';
import { parseClusterNodes, type ShardLayout } from './clusterLayout.js';
import { hostCommands, replyText } from './hostRedis.js';
import { REDIS_PORT } from './redisConfig.js';

/** How long a replica may take to learn of its primary after they meet. */
const MEET_TIMEOUT_MS = 20_000;
/** Pause between two looks at whether a replica knows its primary. */
const MEET_POLL_MS = 20;

/** Send `commands` to `node` from the host; every reply's text, or E_SETUP_FAILED on an error. */
async function call(
  node: DockerNode,
  commands: readonly RedisCommand[],
  what: string,
): Promise<string[]> {
  const replies = await hostCommands(node.endpoint('redis'), commands);
  const failed = replies.findIndex((r) => r.error !== undefined);
  if (failed >= 0) {
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `[${node.name}] ${what} (${commands[failed]?.join(' ')}) failed: ` +
        (replies[failed]?.error?.message ?? '').slice(0, 300),
      'check the node log (`redcheck run --keep`, then `docker logs <container>`)',
    );
  }
  return replies.map(replyText);
}

/** Wait until `node`'s CLUSTER NODES lists `id` as a node it has finished meeting. */
async function waitKnows(node: DockerNode, id: string, name: string): Promise<void> {
  const deadline = Date.now() + MEET_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const [reply] = await hostCommands(node.endpoint('redis'), [['CLUSTER', 'NODES']]);
    const line = parseClusterNodes(replyText(reply)).find((l) => l.id === id);
    if (line && !line.flags.includes('handshake') && !line.flags.includes('noaddr')) return;
    await new Promise((r) => setTimeout(r, MEET_POLL_MS));
  }
  throw new RedcheckError(
    'E_UNHEALTHY',
    `[${node.name}] did not learn of ${name} (${id}) within ${MEET_TIMEOUT_MS}ms`,
    'check that the nodes reach each other on the run network (cluster bus port 16379)',
  );
}

/**
 * Form a Redis Cluster out of empty cluster-mode nodes, as `redis-cli --cluster create`
 * would, but node by node as each one answers PING (`ready`, by name) and from the host (no
 * `docker exec`), so gossip runs while later containers still start. A node gets a config
 * epoch of its own (SET-CONFIG-EPOCH), a shard's first node its slots (ADDSLOTSRANGE), then it
 * meets every node up before it (so each pair meets once, directly, without waiting for
 * gossip); each other node of a shard replicates the first (CLUSTER REPLICATE) once it knows
 * it. Resolves when every command has been
 * accepted, and only once nothing is left running; health is waited for after.
 */
export async function formCluster(
  ready: ReadonlyMap<string, Promise<DockerNode>>,
  layout: readonly ShardLayout[],
): Promise<void> {
  const up: DockerNode[] = [];
  const nodeOf = (name: string): Promise<DockerNode> =>
    ready.get(name) ?? Promise.reject(new Error(`cluster layout names ${name}, not started`));
  const joined = new Map<string, Promise<string>>();
  let epochs = 0;
  for (const s of layout) {
    for (const [i, name] of s.nodes.entries()) {
      const epoch = ++epochs;
      const join = async (): Promise<string> => {
        const node = await nodeOf(name);
        const peers = [...up];
        up.push(node);
        const meet = peers.map((p): RedisCommand => ['CLUSTER', 'MEET', p.ip, REDIS_PORT]);
        // As `redis-cli --cluster create` does: a config epoch of its own (no two primaries
        // start out tied) and its slots, both before it meets anyone.
        const slots: RedisCommand[] =
          i === 0 ? [['CLUSTER', 'ADDSLOTSRANGE', s.slots[0], s.slots[1]]] : [];
        const [id = ''] = await call(
          node,
          [['CLUSTER', 'MYID'], ['CLUSTER', 'SET-CONFIG-EPOCH', epoch], ...slots, ...meet],
          'forming the cluster',
        );
        return id.trim();
      };
      joined.set(name, join());
    }
  }
  const follow = layout.flatMap((s) =>
    s.nodes.slice(1).map(async (name) => {
      const primaryName = s.nodes[0] ?? '';
      const [primaryId = '', replica] = await Promise.all([
        joined.get(primaryName),
        nodeOf(name),
        joined.get(name),
      ]);
      if (replica === undefined) throw new Error(`no node ${name}`);
      await waitKnows(replica, primaryId, primaryName);
      await call(replica, [['CLUSTER', 'REPLICATE', primaryId]], 'CLUSTER REPLICATE');
    }),
  );
  const settled = await Promise.allSettled([...joined.values(), ...follow]);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

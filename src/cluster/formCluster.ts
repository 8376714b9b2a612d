import { RedcheckError } from '../errors.js';
import type { DockerNode } from './dockerNode.js';
import { parseClusterInfo, type ShardLayout } from './clusterLayout.js';
import { REDIS_PORT } from './redisConfig.js';

/** How long the nodes may take to learn of each other after CLUSTER MEET. */
const MEET_TIMEOUT_MS = 20_000;

function byName(nodes: readonly DockerNode[], name: string): DockerNode {
  const n = nodes.find((x) => x.name === name);
  if (n === undefined) throw new Error(`cluster layout names ${name}, which was not started`);
  return n;
}

async function cliOk(node: DockerNode, args: string[], what: string): Promise<string> {
  const r = await node.cli('redis', args, 5);
  const out = r.stdout.trim();
  if (r.exitCode !== 0 || /^(ERR|-ERR)/.test(out)) {
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `[${node.name}] ${what} (${args.join(' ')}) failed: ${(out || r.stderr).trim().slice(0, 300)}`,
      'check the node log (`redcheck run --keep`, then `docker exec <container> cat /var/log/redcheck/redis.log`)',
    );
  }
  return out;
}

/**
 * Form a Redis Cluster out of started, empty cluster-mode nodes, as `redis-cli --cluster
 * create` would: every node meets the first, each shard's first node gets the shard's slots
 * (ADDSLOTSRANGE), and once every node knows every other one the others replicate it
 * (CLUSTER REPLICATE). Resolves when the commands are accepted; health is waited for after.
 */
export async function formCluster(
  nodes: readonly DockerNode[],
  layout: readonly ShardLayout[],
): Promise<void> {
  const first = nodes[0];
  if (first === undefined) throw new Error('no nodes to form a cluster from');
  const ids = new Map<string, string>();
  await Promise.all(
    nodes.map(async (n) => ids.set(n.name, await cliOk(n, ['cluster', 'myid'], 'CLUSTER MYID'))),
  );
  // One exec on the first node meets everyone else.
  const cli = `timeout 5 ${first.cliBinary} -p ${REDIS_PORT}`;
  const meet = nodes.slice(1).map((n) => `${cli} cluster meet ${n.ip} ${REDIS_PORT}`);
  if (meet.length > 0) {
    const r = await first.sh(meet.join(' && '));
    if (r.exitCode !== 0 || /ERR/.test(r.stdout)) {
      throw new RedcheckError(
        'E_SETUP_FAILED',
        `[${first.name}] CLUSTER MEET failed: ${(r.stdout + r.stderr).trim().slice(0, 300)}`,
        'check that the nodes reach each other on the run network',
      );
    }
  }
  await Promise.all(
    layout.map(async (s) => {
      const primary = byName(nodes, s.nodes[0] ?? '');
      await cliOk(
        primary,
        ['cluster', 'addslotsrange', String(s.slots[0]), String(s.slots[1])],
        'CLUSTER ADDSLOTSRANGE',
      );
    }),
  );
  await waitKnown(nodes, nodes.length);
  await Promise.all(
    layout.flatMap((s) => {
      const primaryId = ids.get(s.nodes[0] ?? '') ?? '';
      return s.nodes
        .slice(1)
        .map((name) =>
          cliOk(byName(nodes, name), ['cluster', 'replicate', primaryId], 'CLUSTER REPLICATE'),
        );
    }),
  );
}

/** Wait until every node's CLUSTER INFO counts `count` known nodes. */
async function waitKnown(nodes: readonly DockerNode[], count: number): Promise<void> {
  const deadline = Date.now() + MEET_TIMEOUT_MS;
  let behind: string[] = [];
  while (Date.now() < deadline) {
    const known = await Promise.all(
      nodes.map(async (n) => {
        const r = await n.cli('redis', ['cluster', 'info']);
        return Number(parseClusterInfo(r.stdout).get('cluster_known_nodes') ?? 0);
      }),
    );
    behind = nodes.flatMap((n, i) => (known[i] === count ? [] : [`${n.name} (${known[i]})`]));
    if (behind.length === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new RedcheckError(
    'E_UNHEALTHY',
    `cluster nodes did not meet within ${MEET_TIMEOUT_MS}ms: ${behind.join(', ')} know fewer than ${count} nodes`,
    'check that the nodes reach each other on the run network (cluster bus port 16379)',
  );
}

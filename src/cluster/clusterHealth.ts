import { REDIS_PORT } from './redisConfig.js';
import type { DockerNode } from './dockerNode.js';
import {
  CLUSTER_SLOTS,
  parseClusterNodes,
  slotCount,
  type ClusterNodeLine,
  type ShardLayout,
} from './clusterLayout.js';
import type { ClusterView, ShardView } from './types.js';
import { hostCommands, replyText } from './hostRedis.js';
import { parseInfo } from '../client/parseInfo.js';

/** What one node says about the cluster (over loopback, so partitions never hide it). */
export interface NodeClusterProbe {
  readonly node: DockerNode;
  /** `CLUSTER INFO`; undefined when the node did not answer. */
  readonly info: Map<string, string> | undefined;
  readonly nodes: readonly ClusterNodeLine[];
  /** `INFO replication`. */
  readonly replication: Map<string, string> | undefined;
}

/** Ask one node for CLUSTER INFO, CLUSTER NODES and INFO replication in one exec. */
export async function probeNode(node: DockerNode): Promise<NodeClusterProbe> {
  const cli = `timeout 2 ${node.cliBinary} -p ${REDIS_PORT}`;
  const r = await node.sh(
    `${cli} cluster info; echo @@; ${cli} cluster nodes; echo @@; ${cli} info replication`,
  );
  const [infoText = '', nodesText = '', replText = ''] = r.stdout.split('@@');
  const info = parseInfo(infoText);
  const replication = parseInfo(replText);
  return {
    node,
    info: info.has('cluster_state') ? info : undefined,
    nodes: parseClusterNodes(nodesText),
    replication: replication.has('role') ? replication : undefined,
  };
}

/**
 * The same questions as `probeNode`, asked from the host over the run network in one batch:
 * no `docker exec`, so cheap enough to poll every few ms, but blind to a node a partition
 * hides from the host (use it at setup, not while faults are active).
 */
export async function probeNodeFromHost(node: DockerNode): Promise<NodeClusterProbe> {
  const replies = await hostCommands(node.endpoint('redis'), [
    ['CLUSTER', 'INFO'],
    ['CLUSTER', 'NODES'],
    ['INFO', 'replication'],
  ]);
  const [infoText, nodesText, replText] = replies.map(replyText);
  const info = parseInfo(infoText ?? '');
  const replication = parseInfo(replText ?? '');
  return {
    node,
    info: info.has('cluster_state') ? info : undefined,
    nodes: parseClusterNodes(nodesText ?? ''),
    replication: replication.has('role') ? replication : undefined,
  };
}

/**
 * The shards as the probes show them: per shard, the node most probes flag as a primary (not
 * failed) among the shard's nodes, and the slots that node's own line lists (else any probe's).
 */
export function viewFrom(
  probes: readonly NodeClusterProbe[],
  layout: readonly ShardLayout[],
): ClusterView {
  const nameOfIp = new Map(probes.map((p) => [p.node.ip, p.node.name]));
  const states: Record<string, string> = {};
  for (const p of probes) states[p.node.name] = p.info?.get('cluster_state') ?? 'down';
  const shards: ShardView[] = layout.map((s) => {
    const votes = new Map<string, number>();
    let slots: (readonly [number, number])[] = [];
    for (const p of probes) {
      for (const line of p.nodes) {
        const name = nameOfIp.get(line.ip);
        if (name === undefined || !s.nodes.includes(name)) continue;
        if (!line.flags.includes('master') || line.flags.includes('fail')) continue;
        votes.set(name, (votes.get(name) ?? 0) + 1);
      }
    }
    let primary: string | undefined;
    let best = 0;
    for (const [name, v] of votes) if (v > best) [primary, best] = [name, v];
    if (primary !== undefined) {
      const own = probes.find((p) => p.node.name === primary);
      const self = own?.nodes.find((l) => l.flags.includes('myself'));
      const line =
        self ??
        probes
          .flatMap((p) => p.nodes)
          .find((l) => nameOfIp.get(l.ip) === primary && l.slots.length);
      slots = [...(line?.slots ?? [])];
    }
    return { shard: s.shard, nodes: s.nodes, primary, slots };
  });
  return { shards, states };
}

export interface ClusterHealthOptions {
  /** Also require every replica's offset to equal its primary's (writes have stopped). */
  caughtUp?: boolean;
}

/**
 * What is not healthy in a cluster: every node answers with `cluster_state:ok`, knows every
 * node, sees all 16384 slots served; each shard has one primary that every replica of the
 * shard follows with its link up (and, with `caughtUp`, at the primary's offset).
 */
export function clusterProblems(
  probes: readonly NodeClusterProbe[],
  layout: readonly ShardLayout[],
  o: ClusterHealthOptions = {},
): { view: ClusterView; problems: string[] } {
  const problems: string[] = [];
  const total = layout.reduce((n, s) => n + s.nodes.length, 0);
  for (const p of probes) {
    const name = p.node.name;
    if (!p.info) {
      problems.push(`[${name}] does not answer CLUSTER INFO`);
      continue;
    }
    const state = p.info.get('cluster_state');
    if (state !== 'ok') problems.push(`[${name}] cluster_state:${state}`);
    const known = Number(p.info.get('cluster_known_nodes') ?? 0);
    if (known !== total) problems.push(`[${name}] knows ${known} nodes (want ${total})`);
    const slotsOk = Number(p.info.get('cluster_slots_ok') ?? 0);
    if (slotsOk !== CLUSTER_SLOTS) {
      problems.push(`[${name}] sees ${slotsOk} of ${CLUSTER_SLOTS} slots ok`);
    }
    const flagged = p.nodes.filter((l) => l.flags.some((f) => f === 'fail' || f === 'fail?'));
    if (flagged.length > 0) {
      problems.push(`[${name}] flags ${flagged.map((l) => l.ip).join(', ')} as failing`);
    }
  }
  const view = viewFrom(probes, layout);
  const covered = view.shards.reduce((n, s) => n + slotCount(s.slots), 0);
  if (covered !== CLUSTER_SLOTS) {
    problems.push(`the shards' primaries serve ${covered} of ${CLUSTER_SLOTS} slots`);
  }
  const byName = new Map(probes.map((p) => [p.node.name, p]));
  for (const s of view.shards) {
    if (s.primary === undefined) {
      problems.push(`shard ${s.shard} (${s.nodes.join(' ')}) has no primary`);
      continue;
    }
    const primary = byName.get(s.primary);
    const offset = primary?.replication?.get('master_repl_offset');
    const want = s.nodes.length - 1;
    const linked = Number(primary?.replication?.get('connected_slaves') ?? 0);
    if (primary?.replication && linked !== want) {
      problems.push(`[${s.primary}] primary of ${s.shard} has ${linked} replicas (want ${want})`);
    }
    for (const name of s.nodes) {
      if (name === s.primary) continue;
      const r = byName.get(name)?.replication;
      if (!r) continue;
      const primaryIp = primary?.node.ip;
      if (r.get('role') !== 'slave')
        problems.push(`[${name}] role:${r.get('role')} (want replica)`);
      else if (r.get('master_host') !== primaryIp) {
        problems.push(`[${name}] replicates ${r.get('master_host')} (want ${s.primary})`);
      } else if (r.get('master_link_status') !== 'up') {
        problems.push(`[${name}] master_link_status:${r.get('master_link_status')}`);
      } else if (o.caughtUp && r.get('slave_repl_offset') !== offset) {
        problems.push(
          `[${name}] offset ${r.get('slave_repl_offset')} behind ${s.primary}'s ${offset}`,
        );
      }
    }
  }
  return { view, problems };
}

import type { Deployment, Node } from '../src/cluster/types.js';
import { eachNode } from './eachNode.js';
import { nodeTargetMinNodes, ONE_NODE_FAULT, type FaultKind } from './faultKind.js';
import { runScript } from './iptables.js';
import type { ActiveFault, Nemesis, NemesisContext, StopOutcome } from './nemesis.js';
import { nodeNamed, resolveNodeTarget } from './nodeTarget.js';

/**
 * A slow link: the target node's traffic to the other nodes is shaped to a rate (`tc` htb with
 * one limited class and a u32 filter per peer), so a primary's replicas fall behind while the
 * clients, in their own zones, keep full speed. Shaping is on the node's egress only. The
 * kernel of these machines has htb, tbf and u32 but no netem, so there is no added delay.
 */
const HANDLE = '1:';
const LIMITED = '1:20';
const RATE = /^[0-9]+(\.[0-9]+)?(bit|kbit|mbit|gbit)$/;
/** How long the replicas' lag is sampled after the limit is in place, and how often. */
const SAMPLES = 6;
const SAMPLE_EVERY_MS = 300;

function rateOf(ctx: NemesisContext): string {
  return String(ctx.options.slowLinkRate ?? '1mbit');
}

/** The interface a node reaches its peers on (eth0 on a Docker network). */
async function deviceOf(node: Node, peerIp: string): Promise<string> {
  const out = await runScript(node, `ip -o route get ${peerIp}`, 'ip route');
  const m = /\bdev (\S+)/.exec(out);
  if (!m?.[1]) throw new Error(`[${node.name}] no route to ${peerIp}: ${out.trim()}`);
  return m[1];
}

function shapeScript(dev: string, rate: string, peers: readonly string[]): string {
  return [
    `tc qdisc add dev ${dev} root handle ${HANDLE} htb default 10`,
    `tc class add dev ${dev} parent ${HANDLE} classid 1:10 htb rate 10gbit quantum 60000`,
    `tc class add dev ${dev} parent ${HANDLE} classid ${LIMITED} htb rate ${rate} ceil ${rate}`,
    ...peers.map(
      (ip) =>
        `tc filter add dev ${dev} parent ${HANDLE} protocol ip prio 1 u32 match ip dst ${ip}/32 flowid ${LIMITED}`,
    ),
  ].join(' && ');
}

/** Removes a root htb (ours) from every interface; a node with none is left as it is. */
const UNSHAPE =
  'for d in $(ls /sys/class/net); do tc qdisc show dev "$d" | grep -q "qdisc htb 1: root" && tc qdisc del dev "$d" root; done; true';

async function shaped(node: Node): Promise<boolean> {
  const out = await runScript(node, 'tc qdisc show', 'tc');
  return /qdisc htb 1: (dev \S+ )?root/.test(out);
}

/** What the primary's INFO says about its replicas: how many are connected, and how far behind. */
export interface ReplicaLinks {
  /** Replicas connected to the primary now. */
  online: number;
  /** Replicas the deployment has (one primary and the rest replicas, outside a cluster). */
  expected: number;
  /** Bytes the slowest connected replica is behind `master_repl_offset`; 0 with none connected. */
  lagBytes: number;
}

/** The primary's view of its replicas; undefined when there is no primary or INFO cannot be read. */
export async function replicaLinks(d: Deployment): Promise<ReplicaLinks | undefined> {
  const primary = await d.currentPrimary();
  if (primary === undefined) return undefined;
  const r = await primary.exec([
    'sh',
    '-c',
    `cli=$(command -v redis-cli || command -v valkey-cli) && exec timeout 3 "$cli" -p ${d.redisPort} info replication`,
  ]);
  if (r.exitCode !== 0) return undefined;
  const master = /master_repl_offset:(\d+)/.exec(r.stdout);
  if (!master?.[1]) return undefined;
  const offsets = [...r.stdout.matchAll(/^slave\d+:.*offset=(\d+)/gm)].map((m) => Number(m[1]));
  return {
    online: offsets.length,
    expected: d.topology === 'cluster' ? offsets.length : d.nodes.length - 1,
    lagBytes: offsets.length === 0 ? 0 : Number(master[1]) - Math.min(...offsets),
  };
}

/**
 * Bytes the slowest replica is behind the primary; undefined when INFO cannot be read or when
 * a replica is not connected at all. A replica the primary dropped (a slow link under heavy
 * writes fills its output buffer past `client-output-buffer-limit replica`) is not "0 behind".
 */
export async function replicationLag(d: Deployment): Promise<number | undefined> {
  const links = await replicaLinks(d);
  return links === undefined || links.online < links.expected ? undefined : links.lagBytes;
}

/** The most the replicas fell behind over the samples, and whether the primary dropped any. */
async function sampleLag(d: Deployment): Promise<{ lagBytes: number; dropped: boolean }> {
  let lagBytes = 0;
  let dropped = false;
  for (let i = 0; i < SAMPLES; i++) {
    await new Promise((r) => setTimeout(r, SAMPLE_EVERY_MS));
    const links = await replicaLinks(d).catch(() => undefined);
    if (links === undefined) continue;
    lagBytes = Math.max(lagBytes, links.lagBytes);
    dropped ||= links.online < links.expected;
  }
  return { lagBytes, dropped };
}

export function slowLinkNemesis(): Nemesis {
  return {
    kind: 'slow-link',
    async setup() {},

    async start(target, rng, ctx): Promise<ActiveFault> {
      const d = ctx.deployment;
      const node = await resolveNodeTarget(target, d, rng);
      const primary = (await d.currentPrimary())?.name;
      const peers = d.nodes.filter((n) => n !== node).map((n) => n.ip);
      const rate = rateOf(ctx);
      const dev = await deviceOf(node, peers[0] ?? node.ip);
      await runScript(node, `${UNSHAPE}; ${shapeScript(dev, rate, peers)}`, 'tc');
      const startedAt = ctx.now();
      const inPlace = await shaped(node);
      // Only a primary's replicas are expected to fall behind.
      const lag = node.name === primary ? await sampleLag(d) : undefined;
      const problem = !inPlace
        ? `${node.name}: no htb qdisc on ${dev} after tc`
        : lag !== undefined && lag.lagBytes === 0 && !lag.dropped
          ? `${node.name}: replicas not lagging behind the primary over ${(SAMPLES * SAMPLE_EVERY_MS) / 1000}s (no writes, or ${rate} is above the write rate)`
          : undefined;
      return {
        kind: 'slow-link',
        target,
        startedAt,
        nodes: [node.name],
        value: {
          node: node.name,
          rate,
          device: dev,
          ...(lag !== undefined ? { lagBytes: lag.lagBytes } : {}),
          // The primary dropped a replica whose output buffer passed its limit: it will resync.
          ...(lag?.dropped === true ? { replicaDropped: true } : {}),
        },
        description: `${node.name} -> other nodes at ${rate}`,
        verified: problem === undefined,
        ...(problem !== undefined ? { problem } : {}),
      };
    },

    async stop(fault, ctx): Promise<StopOutcome> {
      const links = await replicaLinks(ctx.deployment).catch(() => undefined);
      const nodes = fault.nodes.map((n) => nodeNamed(ctx.deployment, n));
      await Promise.all(nodes.map((n) => runScript(n, UNSHAPE, 'tc')));
      const endedAt = ctx.now();
      const left = (await Promise.all(nodes.map(shaped))).some(Boolean);
      return {
        endedAt,
        // The lag just before the limit went, to set against the catch-up after it.
        value: {
          node: fault.nodes.join(','),
          ...(links !== undefined ? { lagBytes: links.lagBytes } : {}),
          ...(links !== undefined && links.online < links.expected
            ? { replicasOnline: links.online }
            : {}),
        },
        verified: !left,
        ...(left ? { problem: `${fault.nodes.join(',')}: htb qdisc still in place` } : {}),
      };
    },

    async healAll(ctx) {
      await eachNode(ctx, 'remove slow link', (n) => runScript(n, UNSHAPE, 'tc'));
    },

    async teardown() {},
  };
}

/** A rate-limited link out of a node (`tc` htb), so replicas fall behind. */
export const slowLinkFault: FaultKind = {
  ...ONE_NODE_FAULT,
  name: 'slow-link',
  help: "limit the rate of a node's links to the other nodes (tc htb), so replicas fall behind",
  ops: { start: 'start-slow-link', stop: 'stop-slow-link' },
  topologies: ['replication', 'sentinel'],
  minNodes: nodeTargetMinNodes(2),
  options: [
    {
      flag: 'slow-link-rate',
      help: 'the rate of a slow link, in tc units (e.g. 512kbit, 1mbit, 10mbit)',
      default: '1mbit',
      parse(value) {
        const text = String(value).trim();
        if (!RATE.test(text)) throw new Error('expected a rate like 512kbit, 1mbit or 10mbit');
        return text;
      },
    },
  ],
  create: slowLinkNemesis,
};

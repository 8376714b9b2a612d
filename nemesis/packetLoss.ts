import type { Deployment, Node } from '../src/cluster/types.js';
import { eachNode } from './eachNode.js';
import { ONE_NODE_FAULT, type FaultKind } from './faultKind.js';
import { flushScript, installScript, listRules, removeScript, runScript } from './iptables.js';
import type { ActiveFault, Nemesis, NemesisContext, StopOutcome } from './nemesis.js';
import { nodeNamed, resolveNodeTarget } from './nodeTarget.js';

/**
 * Packet loss: a share of the packets to and from the target node is dropped at random, by
 * iptables' `statistic` match in a chain of its own (`REDCHECK_LOSS`, jumped to from INPUT and
 * OUTPUT), loopback excepted. A rule with no target counts what the chain sees, so the share
 * actually dropped is measured from the counters.
 */
export const LOSS_CHAIN = 'REDCHECK_LOSS';
/** PINGs the probe sends from the target to each node, on one connection per node. */
const PINGS = 30;
/**
 * Connections the probe opens to each node at once: a lossy connection backs off (TCP
 * retransmits), so several in parallel keep the counters fed within the probe's 2 s.
 */
const CONNECTIONS = 8;

function shareOf(ctx: NemesisContext): number {
  return Number(ctx.options.packetLoss ?? 0.3);
}

function lossScript(share: number): string {
  return [
    `iptables -w -A ${LOSS_CHAIN} -s 127.0.0.0/8 -j RETURN`,
    `iptables -w -A ${LOSS_CHAIN} -d 127.0.0.0/8 -j RETURN`,
    `iptables -w -A ${LOSS_CHAIN}`,
    `iptables -w -A ${LOSS_CHAIN} -m statistic --mode random --probability ${share} -j DROP`,
  ].join(' && ');
}

/**
 * Packets the chain saw (its counting rule, the third) and dropped (its DROP rule, the fourth),
 * read from the rules' counters in the order `lossScript` added them.
 */
export async function lossCounters(node: Node): Promise<{ seen: number; dropped: number }> {
  const out = await runScript(node, `iptables -w -nvxL ${LOSS_CHAIN} --line-numbers`);
  const packets = new Map<number, number>();
  for (const line of out.split('\n')) {
    const [num, pkts] = line.trim().split(/\s+/);
    if (num !== undefined && /^\d+$/.test(num)) packets.set(Number(num), Number(pkts));
  }
  return { seen: packets.get(3) ?? 0, dropped: packets.get(4) ?? 0 };
}

/**
 * Short connections from the node to every node (itself too, by its address: that traffic
 * passes the chain as well), so the counters have packets to count.
 */
async function probe(node: Node, d: Deployment): Promise<void> {
  const one = (ip: string): string =>
    Array.from(
      { length: CONNECTIONS },
      () => `timeout 2 "$cli" -h ${ip} -p ${d.redisPort} -r ${PINGS} ping >/dev/null 2>&1 &`,
    ).join(' ');
  await node.exec([
    'sh',
    '-c',
    `cli=$(command -v redis-cli || command -v valkey-cli); ${d.nodes.map((n) => one(n.ip)).join(' ')} wait`,
  ]);
}

export function packetLossNemesis(): Nemesis {
  return {
    kind: 'packet-loss',
    async setup(ctx) {
      await Promise.all(ctx.deployment.nodes.map((n) => runScript(n, installScript(LOSS_CHAIN))));
    },

    async start(target, rng, ctx): Promise<ActiveFault> {
      const d = ctx.deployment;
      const node = await resolveNodeTarget(target, d, rng);
      const share = shareOf(ctx);
      await runScript(node, `${installScript(LOSS_CHAIN)} && ${lossScript(share)}`);
      const startedAt = ctx.now();
      await probe(node, d);
      const { seen, dropped } = await lossCounters(node);
      const measured = seen === 0 ? 0 : Math.round((1000 * dropped) / seen) / 1000;
      const verified = dropped > 0;
      return {
        kind: 'packet-loss',
        target,
        startedAt,
        nodes: [node.name],
        value: { node: node.name, share, seen, dropped, measured },
        description: `${node.name} drops ${Math.round(share * 100)}% of its packets`,
        verified,
        ...(verified ? {} : { problem: `${node.name}: no packet dropped of ${seen} seen` }),
      };
    },

    async stop(fault, ctx): Promise<StopOutcome> {
      const nodes = fault.nodes.map((n) => nodeNamed(ctx.deployment, n));
      const counted = await Promise.all(nodes.map((n) => lossCounters(n).catch(() => undefined)));
      await Promise.all(nodes.map((n) => runScript(n, flushScript(LOSS_CHAIN))));
      const endedAt = ctx.now();
      const left = (await Promise.all(nodes.map((n) => listRules(n, LOSS_CHAIN)))).flat();
      const total = { seen: 0, dropped: 0 };
      for (const c of counted) {
        total.seen += c?.seen ?? 0;
        total.dropped += c?.dropped ?? 0;
      }
      return {
        endedAt,
        // Everything the rule saw and dropped while it held.
        value: { node: fault.nodes.join(','), ...total },
        verified: left.length === 0,
        ...(left.length > 0 ? { problem: `rules left: ${left.join('; ')}` } : {}),
      };
    },

    async healAll(ctx) {
      await eachNode(ctx, `flush ${LOSS_CHAIN}`, (n) => runScript(n, flushScript(LOSS_CHAIN)));
    },

    async teardown(ctx) {
      await eachNode(ctx, `remove ${LOSS_CHAIN}`, (n) => runScript(n, removeScript(LOSS_CHAIN)));
    },
  };
}

/** Random packet loss to and from a node (iptables `statistic`). */
export const packetLossFault: FaultKind = {
  ...ONE_NODE_FAULT,
  name: 'packet-loss',
  help: 'drop a share of the packets to and from a node at random (iptables statistic)',
  ops: { start: 'start-packet-loss', stop: 'stop-packet-loss' },
  options: [
    {
      flag: 'packet-loss',
      help: 'the share of packets dropped, above 0 and at most 1',
      default: 0.3,
      parse(value) {
        const share = typeof value === 'number' ? value : Number(String(value).trim());
        if (!(share > 0 && share <= 1)) throw new Error('expected a share above 0 and at most 1');
        return share;
      },
    },
  ],
  create: packetLossNemesis,
};

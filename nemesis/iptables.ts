import type { Node } from '../src/cluster/types.js';
import type { PartitionGroups } from './partitionGroups.js';

/**
 * Partitions are iptables rules inside each node's network namespace, all in one dedicated
 * chain `REDCHECK` jumped to first from INPUT and OUTPUT. Healing is flushing that chain; the
 * teardown removes the jumps and the chain. Nothing is ever added outside it.
 */
export const CHAIN = 'REDCHECK';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function checkIp(ip: string): string {
  if (!IPV4.test(ip)) throw new Error(`iptables: not an IPv4 address: '${ip}'`);
  return ip;
}

/**
 * For each node, the addresses it must drop traffic from and to: every node and every zone
 * on the other side. Pure.
 */
export function cutPlan(
  groups: PartitionGroups,
  ipOf: (name: string) => string,
): Map<string, string[]> {
  const plan = new Map<string, string[]>();
  const [a, b] = groups.sides;
  const addresses = (side: typeof a): string[] => [...side.nodes, ...side.zones].map(ipOf);
  for (const n of a.nodes) plan.set(n, addresses(b));
  for (const n of b.nodes) plan.set(n, addresses(a));
  return plan;
}

/**
 * Shell script that creates the chain (if missing) and makes INPUT and OUTPUT jump to it first.
 * Other faults keep their rules in chains of their own (`chain`), installed the same way.
 */
export function installScript(chain: string = CHAIN): string {
  return [
    `iptables -w -N ${chain} 2>/dev/null || true`,
    `iptables -w -C INPUT -j ${chain} 2>/dev/null || iptables -w -I INPUT 1 -j ${chain}`,
    `iptables -w -C OUTPUT -j ${chain} 2>/dev/null || iptables -w -I OUTPUT 1 -j ${chain}`,
  ].join(' && ');
}

/**
 * Shell script that drops every packet from and to each address, inside the chain: all the
 * rules in one `iptables-restore --noflush` transaction, so a cut is in place at once (one
 * `iptables` process a rule took seconds to install under load, stretching the fault's start).
 */
export function dropScript(ips: readonly string[]): string {
  const rules = ips.flatMap((ip) => [
    `'-A ${CHAIN} -s ${checkIp(ip)} -j DROP'`,
    `'-A ${CHAIN} -d ${checkIp(ip)} -j DROP'`,
  ]);
  if (rules.length === 0) return 'true';
  return `printf '%s\\n' '*filter' ${rules.join(' ')} COMMIT | iptables-restore -w --noflush`;
}

/** Shell script that removes every rule of the chain (flushes it); fine when it is absent. */
export function flushScript(chain: string = CHAIN): string {
  return `if iptables -w -S ${chain} >/dev/null 2>&1; then iptables -w -F ${chain}; fi`;
}

/** Shell script that removes the jumps and the chain itself. */
export function removeScript(chain: string = CHAIN): string {
  return [
    `while iptables -w -D INPUT -j ${chain} 2>/dev/null; do :; done`,
    `while iptables -w -D OUTPUT -j ${chain} 2>/dev/null; do :; done`,
    `if iptables -w -S ${chain} >/dev/null 2>&1; then iptables -w -F ${chain} && iptables -w -X ${chain}; fi`,
  ].join('; ');
}

/** Run a shell script inside a node; throws with its stderr when it fails. */
export async function runScript(node: Node, script: string, what = 'iptables'): Promise<string> {
  const r = await node.exec(['sh', '-c', script]);
  if (r.exitCode !== 0) {
    throw new Error(
      `[${node.name}] ${what} failed (exit ${r.exitCode}): ${(r.stderr || r.stdout).trim()}`,
    );
  }
  return r.stdout;
}

/** The rules in the node's chain (`-A REDCHECK ...` lines); empty when healed or absent. */
export async function listRules(node: Node, chain: string = CHAIN): Promise<string[]> {
  const r = await node.exec(['sh', '-c', `iptables -w -S ${chain} 2>/dev/null || true`]);
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(`-A ${chain}`));
}

/** Whether INPUT or OUTPUT still jump to the chain (left behind when teardown did not run). */
export async function hasJumps(node: Node, chain: string = CHAIN): Promise<boolean> {
  const r = await node.exec(['sh', '-c', 'iptables -w -S INPUT; iptables -w -S OUTPUT']);
  return r.stdout.includes(`-j ${chain}`);
}

import type Docker from 'dockerode';
import { dialKey, type Dial } from '../../common/dialRoutes.js';
import { RedcheckError } from '../../errors.js';
import { containerExec } from '../containerExec.js';
import type { DockerNode } from '../dockerNode.js';
import { runLabels } from '../labels.js';
import { idleToolsContainer } from '../nodeContainers.js';
import { REDIS_PORT, SENTINEL_PORT } from '../redisConfig.js';
import type { ClientZone } from '../types.js';
import { startAttached } from './startAttached.js';

/** The relays' own ports: one per node and role, from here up (`relayPort`). */
const RELAY_BASE = 10_000;
const ROLE_PORTS = [REDIS_PORT, SENTINEL_PORT] as const;

/** The relay's own port for node `node` (its index) and role `role` (its index in ROLE_PORTS). */
function relayPort(node: number, role: number): number {
  return RELAY_BASE + 2 * node + role;
}

/** What the relays need: the control engine, where its published ports answer, the networks. */
export interface RelaySpec {
  readonly docker: Docker;
  /** The control engine's address as this process reaches it (published ports bind there). */
  readonly publishIp: string;
  /** The run's overlay network (name). */
  readonly overlay: string;
  /** A plain bridge on the control engine, made for the run, that the host reaches through the published ports. */
  readonly bridge: string;
  readonly runId: string;
}

/** The relays started: the client zones (their addresses on the overlay) and the host's routes. */
export interface Relays {
  readonly zones: ClientZone[];
  /** By `dialKey`: a zone's (or the host's, `*`) connection to a node's port -> the published port. */
  readonly routes: Map<string, Dial>;
}

/**
 * The relay's forwarding rules, one `iptables-restore --noflush` transaction: each port of the
 * relay's bridge address DNAT'd to a node's port on the overlay, and everything it sends onto
 * the overlay SNAT'd to its own overlay address, so the node sees the zone's address.
 */
export function relayRules(
  bridgeIp: string,
  overlayIp: string,
  subnet: string,
  nodeIps: readonly string[],
): string {
  const lines = ['*nat'];
  nodeIps.forEach((ip, i) =>
    ROLE_PORTS.forEach((port, r) =>
      lines.push(
        `-A PREROUTING -d ${bridgeIp}/32 -p tcp --dport ${relayPort(i, r)} ` +
          `-j DNAT --to-destination ${ip}:${port}`,
      ),
    ),
  );
  lines.push(`-A POSTROUTING -d ${subnet} -j SNAT --to-source ${overlayIp}`, 'COMMIT', '');
  return lines.join('\n');
}

/**
 * Start one relay for the host (`c0`, routes keyed `*`: setup, health and final reads) and one
 * per client zone (`c1`...): a container of the helper image on the control engine, on the
 * run's bridge there (ports published on `publishIp` only) and on the overlay. The kernel
 * forwards (NAT in the relay's network namespace): no process copies the bytes.
 */
export async function startRelays(
  spec: RelaySpec,
  zoneCount: number,
  nodes: readonly DockerNode[],
): Promise<Relays> {
  const names = ['c0', ...Array.from({ length: zoneCount }, (_, i) => `c${i + 1}`)];
  const started = await Promise.all(names.map((name) => startRelay(spec, name, nodes)));
  const zones: ClientZone[] = [];
  const routes = new Map<string, Dial>();
  started.forEach((relay, z) => {
    if (z > 0) zones.push({ name: relay.name, ip: relay.overlayIp });
    nodes.forEach((n, i) =>
      ROLE_PORTS.forEach((port, r) => {
        const published = relay.ports.get(relayPort(i, r));
        if (published === undefined) return;
        const from = z === 0 ? undefined : relay.overlayIp;
        routes.set(dialKey(n.ip, port, from), { host: spec.publishIp, port: published });
      }),
    );
  });
  return { zones, routes };
}

interface StartedRelay {
  readonly name: string;
  readonly overlayIp: string;
  /** The relay's port -> the port published on the control engine. */
  readonly ports: Map<number, number>;
}

async function startRelay(
  spec: RelaySpec,
  name: string,
  nodes: readonly DockerNode[],
): Promise<StartedRelay> {
  const ports = nodes.flatMap((_, i) => ROLE_PORTS.map((_p, r) => relayPort(i, r)));
  const c = await startAttached(
    spec.docker,
    {
      ...idleToolsContainer(`${spec.overlay}-relay-${name}`, runLabels(spec.runId), {
        Sysctls: { 'net.ipv4.ip_forward': '1' },
        NetworkMode: spec.bridge,
        PortBindings: Object.fromEntries(
          ports.map((p) => [`${p}/tcp`, [{ HostIp: spec.publishIp, HostPort: '' }]]),
        ),
      }),
      ExposedPorts: Object.fromEntries(ports.map((p) => [`${p}/tcp`, {}])),
    },
    {
      beforeStart: async (created) => {
        await spec.docker.getNetwork(spec.overlay).connect({ Container: created.id });
      },
    },
  );
  const info = await c.inspect();
  const nets = info.NetworkSettings.Networks;
  const overlayIp = nets[spec.overlay]?.IPAddress ?? '';
  // The overlay's subnet as the relay's own endpoint has it (a manager may list the new
  // network before its address pool shows in the network's inspect).
  const prefix = nets[spec.overlay]?.IPPrefixLen ?? 0;
  const bridgeIp = nets[spec.bridge]?.IPAddress ?? '';
  const published = new Map<number, number>();
  for (const p of ports) {
    const host = info.NetworkSettings.Ports[`${p}/tcp`]?.[0]?.HostPort;
    if (host) published.set(p, Number(host));
  }
  if (!overlayIp || !bridgeIp || prefix === 0 || published.size !== ports.length) {
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `relay ${name} got no address on ${spec.overlay} or ${spec.bridge}, or not all its ports published`,
      'check the control engine (the first of --engines) and `redcheck doctor --engines ...`',
    );
  }
  const rules = relayRules(
    bridgeIp,
    overlayIp,
    `${overlayIp}/${prefix}`,
    nodes.map((n) => n.ip),
  );
  const r = await containerExec(
    spec.docker,
    c.id,
    ['sh', '-c', 'printf "%s" "$RULES" | iptables-restore --noflush'],
    [`RULES=${rules}`],
  );
  if (r.exitCode !== 0) {
    throw new RedcheckError(
      'E_SETUP_FAILED',
      `relay ${name}: its forwarding rules were refused: ${r.stderr.trim()}`,
      'the relay needs NET_ADMIN and iptables in the helper image',
    );
  }
  return { name, overlayIp, ports: published };
}

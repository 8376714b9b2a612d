import net from 'node:net';
import { dialTarget } from '../common/dialRoutes.js';
import { parseInfo } from '../client/parseInfo.js';
import type { DockerNode } from './dockerNode.js';
import { MASTER_NAME, REDIS_PORT, SENTINEL_PORT } from './redisConfig.js';
import type { ClientZone, Topology } from './types.js';
import { clusterProblems, probeNode, probeNodeFromHost } from './clusterHealth.js';
import { hostCommands, replyText } from './hostRedis.js';
import type { ShardLayout } from './clusterLayout.js';
import type { ClusterView } from './types.js';

/** What a health check needs to know about a deployment. */
export interface HealthTarget {
  readonly topology: Topology;
  readonly nodes: readonly DockerNode[];
  readonly zones: readonly ClientZone[];
  /** `cluster`: the shards as formed. */
  readonly layout?: readonly ShardLayout[];
}

export interface HealthOptions {
  /** Also require every replica's offset to equal the primary's (writes have stopped). */
  caughtUp?: boolean;
  /** Also require every client zone to open a TCP connection to every node. */
  zones?: boolean;
  /**
   * How to ask the nodes: `exec` (default) runs the CLI inside each node over loopback, so a
   * partition never hides a node; `host` asks from the host over the run network, tens of
   * times cheaper (no `docker exec`), for when no fault is active (setup).
   */
  via?: 'exec' | 'host';
}

export interface HealthReport {
  /** Address of the primary everyone agrees on, when there is one. */
  primaryIp?: string;
  /** Human-readable problems, `[n2] master_link_status:down`; empty when healthy. */
  problems: string[];
  /** `cluster`: the shards as the nodes saw them. */
  cluster?: ClusterView;
}

/** Parse a flat `key\nvalue\n...` reply (SENTINEL MASTER in raw output) into a map. */
export function parsePairs(text: string): Map<string, string> {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < lines.length; i += 2) m.set(lines[i] ?? '', lines[i + 1] ?? '');
  return m;
}

interface NodeView {
  node: DockerNode;
  info?: Map<string, string>;
  sentinel?: Map<string, string>;
}

function nodeView(node: DockerNode, infoText: string, sentinelText: string): NodeView {
  const info = parseInfo(infoText);
  const sentinel = parsePairs(sentinelText);
  return {
    node,
    info: info.has('role') ? info : undefined,
    sentinel: sentinel.has('ip') ? sentinel : undefined,
  };
}

/** `view`, asked from the host over the run network (see `HealthOptions.via`). */
async function viewFromHost(node: DockerNode, withSentinel: boolean): Promise<NodeView> {
  const [[info], [sentinel]] = await Promise.all([
    hostCommands(node.endpoint('redis'), [['INFO', 'replication']]),
    withSentinel
      ? hostCommands(node.endpoint('sentinel'), [['SENTINEL', 'MASTER', MASTER_NAME]])
      : Promise.resolve([]),
  ]);
  return nodeView(node, replyText(info), replyText(sentinel));
}

async function view(node: DockerNode, withSentinel: boolean): Promise<NodeView> {
  const cli = `timeout 2 ${node.cliBinary}`;
  const script =
    `${cli} -p ${REDIS_PORT} info replication; echo @@; ` +
    (withSentinel ? `${cli} -p ${SENTINEL_PORT} sentinel master ${MASTER_NAME}` : 'true');
  const r = await node.sh(script);
  const [infoText = '', sentinelText = ''] = r.stdout.split('@@');
  return nodeView(node, infoText, sentinelText);
}

function tcpReachable(
  from: string,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const to = dialTarget({ host, port, localAddress: from });
    const s = net.connect({
      host: to.host,
      port: to.port,
      ...(to.localAddress === undefined ? {} : { localAddress: to.localAddress }),
    });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Majority value among `values` (undefined entries ignored), when one exists. */
function majority(values: (string | undefined)[], of: number): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const [v, c] of counts) if (c > of / 2) return v;
  return undefined;
}

/** One look at the deployment: who is primary and what is not healthy. */
export async function checkHealth(t: HealthTarget, o: HealthOptions = {}): Promise<HealthReport> {
  if (t.topology === 'cluster') {
    const probes = await Promise.all(
      t.nodes.map((n) => (o.via === 'host' ? probeNodeFromHost(n) : probeNode(n))),
    );
    const { view, problems } = clusterProblems(probes, t.layout ?? [], o);
    if (o.zones) problems.push(...(await zoneProblems(t)));
    return { problems, cluster: view };
  }
  const withSentinel = t.topology === 'sentinel';
  const views = await Promise.all(
    t.nodes.map((n) => (o.via === 'host' ? viewFromHost(n, withSentinel) : view(n, withSentinel))),
  );
  const problems: string[] = [];
  for (const v of views) {
    if (!v.info) problems.push(`[${v.node.name}] redis does not answer INFO`);
    if (withSentinel && !v.sentinel) problems.push(`[${v.node.name}] sentinel does not answer`);
  }
  let primaryIp: string | undefined;
  if (t.topology === 'standalone') {
    primaryIp = views[0]?.info?.get('role') === 'master' ? views[0]?.node.ip : undefined;
  } else if (withSentinel) {
    primaryIp = majority(
      views.map((v) => v.sentinel?.get('ip')),
      views.length,
    );
    if (!primaryIp) problems.push('sentinels do not agree on a primary');
  } else {
    const masters = views.filter((v) => v.info?.get('role') === 'master');
    primaryIp = masters.length === 1 ? masters[0]?.node.ip : undefined;
    if (masters.length !== 1) {
      problems.push(`${masters.length} nodes claim role:master (want 1)`);
    }
  }
  const n = t.nodes.length;
  const primary = views.find((v) => v.node.ip === primaryIp);
  if (t.topology !== 'standalone' && primary) {
    const pInfo = primary.info;
    if (pInfo && pInfo.get('role') !== 'master') {
      problems.push(`[${primary.node.name}] agreed primary reports role:${pInfo.get('role')}`);
    }
    const linked = Number(pInfo?.get('connected_slaves') ?? 0);
    if (pInfo && linked !== n - 1) {
      problems.push(
        `[${primary.node.name}] primary has ${linked} connected replicas (want ${n - 1})`,
      );
    }
    const offset = pInfo?.get('master_repl_offset');
    for (const v of views) {
      if (v === primary || !v.info) continue;
      const name = v.node.name;
      if (v.info.get('role') !== 'slave')
        problems.push(`[${name}] role:${v.info.get('role')} (want replica)`);
      else if (v.info.get('master_host') !== primaryIp) {
        problems.push(`[${name}] replicates ${v.info.get('master_host')} (want ${primaryIp})`);
      } else if (v.info.get('master_link_status') !== 'up') {
        problems.push(`[${name}] master_link_status:${v.info.get('master_link_status')}`);
      } else if (o.caughtUp && v.info.get('slave_repl_offset') !== offset) {
        problems.push(
          `[${name}] offset ${v.info.get('slave_repl_offset')} behind primary's ${offset}`,
        );
      }
    }
  }
  if (withSentinel && primaryIp) {
    for (const v of views) {
      const s = v.sentinel;
      if (!s) continue;
      const name = v.node.name;
      if (s.get('ip') !== primaryIp)
        problems.push(`[${name}] sentinel names ${s.get('ip')} as primary`);
      if (s.get('flags') !== 'master')
        problems.push(`[${name}] sentinel flags the primary ${s.get('flags')}`);
      const others = Number(s.get('num-other-sentinels') ?? 0);
      if (others !== n - 1)
        problems.push(`[${name}] sentinel sees ${others} other sentinels (want ${n - 1})`);
      const replicas = Number(s.get('num-slaves') ?? 0);
      if (replicas < n - 1)
        problems.push(`[${name}] sentinel sees ${replicas} replicas (want ${n - 1})`);
    }
  }
  if (o.zones) problems.push(...(await zoneProblems(t)));
  return { primaryIp, problems };
}

/** Every client zone opens a TCP connection to every node; what does not. */
async function zoneProblems(t: HealthTarget): Promise<string[]> {
  const problems: string[] = [];
  const checks = t.zones.flatMap((z) =>
    t.nodes.map(async (node) => {
      if (!(await tcpReachable(z.ip, node.ip, REDIS_PORT, 1000))) {
        problems.push(
          `zone ${z.name} (${z.ip}) cannot reach ${node.name} (${node.ip}:${REDIS_PORT})`,
        );
      }
    }),
  );
  await Promise.all(checks);
  return problems;
}

/**
 * Poll `checkHealth` until it reports no problem, every 250 ms (`via: 'host'`: every 25 ms);
 * resolves to the last report, problems and all, after `timeoutMs` (the caller wraps them into
 * its error).
 */
export async function waitHealthy(
  t: HealthTarget,
  timeoutMs: number,
  o: HealthOptions = {},
): Promise<HealthReport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await checkHealth(t, o);
    if (report.problems.length === 0 || Date.now() >= deadline) return report;
    await new Promise((r) => setTimeout(r, o.via === 'host' ? 25 : 250));
  }
}

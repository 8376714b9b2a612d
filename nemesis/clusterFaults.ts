/**
 * Redis Cluster targets for the fault kinds: `partition:shard-primary-with-clients`,
 * `partition:primaries-minority`, `kill:shard-primary`, `pause:shard-primary`,
 * `failover:shard`. Each kind stays one kind (one name, one history op pair); the cluster
 * targets are added to it here, and a spec is checked against the topology per target.
 */
import type { Node, ShardView, Topology } from '../src/cluster/types.js';
import type { Random } from '../src/common/random.js';
import { failoverFault } from './failover.js';
import { isNodeName, type FaultKind, type FaultOption } from './faultKind.js';
import { cutPlan, dropScript, flushScript, installScript, runScript } from './iptables.js';
import { killFault } from './kill.js';
import type { ActiveFault, Nemesis, NemesisContext } from './nemesis.js';
import { nodeNamed } from './nodeTarget.js';
import { cutProbes, ipResolver, partitionFault, runProbes } from './partition.js';
import { describeGroups, groupsValue, type PartitionGroups } from './partitionGroups.js';
import { pauseFault } from './pause.js';
import { awaitPromotion, PROMOTION_TIMEOUT_MS } from './promotion.js';
import { zoneHomes } from './zones.js';

/** What a fault kind gains on a cluster. */
interface ClusterTargets {
  /** Targets that exist only on a cluster. */
  readonly targets: readonly string[];
  /** Targets of the base kind that work on a cluster as they are (node names count when the kind takes them). */
  readonly shared: readonly string[];
  /** Help text for the cluster targets. */
  readonly help: string;
  readonly options?: readonly FaultOption[];
  /** Inject the fault for a cluster target (the base nemesis at hand for the rest of the work). */
  start(target: string, rng: Random, ctx: NemesisContext, base: Nemesis): Promise<ActiveFault>;
}

const CLUSTER: readonly Topology[] = ['cluster'];

/** `base` with cluster targets: same name, ops, stop and heal; start by target. */
function withClusterTargets(base: FaultKind, ext: ClusterTargets): FaultKind {
  const onCluster = (t: string): boolean =>
    ext.shared.includes(t) || (base.nodeName && isNodeName(t));
  return {
    ...base,
    help: `${base.help}; cluster: ${ext.help}`,
    targets: [...base.targets, ...ext.targets],
    topologies: [...base.topologies, 'cluster'],
    topologiesFor(target) {
      const t = target ?? base.defaultTarget;
      if (t !== undefined && ext.targets.includes(t)) return CLUSTER;
      if (t !== undefined && onCluster(t)) return [...base.topologies, 'cluster'];
      return base.topologiesFor?.(target) ?? base.topologies;
    },
    minNodes: (t) => (t !== undefined && ext.targets.includes(t) ? 3 : base.minNodes(t)),
    ...(ext.options || base.options
      ? { options: [...(base.options ?? []), ...(ext.options ?? [])] }
      : {}),
    create() {
      const b = base.create();
      return {
        ...b,
        start: (target, rng, ctx) =>
          target !== undefined && ext.targets.includes(target)
            ? ext.start(target, rng, ctx, b)
            : b.start(target, rng, ctx),
      };
    },
  };
}

/** A shard with a primary, drawn from `rng`, and that primary's node. */
async function pickShard(
  ctx: NemesisContext,
  rng: Random,
  need: (s: ShardView) => boolean = () => true,
): Promise<{ shard: ShardView; primary: Node; shards: readonly ShardView[] }> {
  const view = await ctx.deployment.clusterView?.();
  if (view === undefined) throw new Error('this fault target needs topology cluster');
  const shards = view.shards.filter((s) => s.primary !== undefined && need(s));
  if (shards.length === 0) throw new Error('no shard with a primary to target');
  const shard = rng.pick(shards);
  return { shard, primary: nodeNamed(ctx.deployment, shard.primary ?? ''), shards: view.shards };
}

/**
 * A wall-clock stamp (ns since the epoch, from a node: containers share the host's clock) on
 * the run's clock (`ctx.now()`); `ctx.now()` itself when the stamp is not a number.
 */
function runClockOf(epochNs: number, ctx: NemesisContext): number {
  const now = ctx.now();
  if (!Number.isFinite(epochNs) || epochNs <= 0) return now;
  return Math.min(now, Math.round(now - (Date.now() * 1e6 - epochNs)));
}

/** Cut `first` (nodes, with the zones next to them) from everything else; verify it. */
async function isolate(
  target: string,
  first: readonly string[],
  ctx: NemesisContext,
  value: Record<string, unknown>,
): Promise<ActiveFault> {
  const { deployment } = ctx;
  const nodes = deployment.nodes.map((n) => n.name);
  const homes = zoneHomes(deployment.zones, deployment.nodes);
  const side = (inFirst: boolean) => ({
    nodes: nodes.filter((n) => first.includes(n) === inFirst),
    zones: homes.filter((h) => first.includes(h.node) === inFirst).map((h) => h.zone),
  });
  const groups = { target, sides: [side(true), side(false)] } as unknown as PartitionGroups;
  const plan = cutPlan(groups, ipResolver(deployment));
  // The cut side's own rules first, all of them at once per node: each cut-off node is then
  // alone (its clients aside) from that instant, which is when its loss window starts. Each
  // node prints its clock when its rules are in: under load `docker exec` returns seconds
  // after the rules took hold, so the node's own stamp is the start. The other side's rules
  // (against the cut side's clients) follow.
  const install = (names: readonly string[]) =>
    Promise.all(
      names.map(async (name) => {
        const out = await runScript(
          nodeNamed(deployment, name),
          `${installScript()} && date +%s%N && ${dropScript(plan.get(name) ?? [])} && date +%s%N`,
        );
        const [before = NaN, after = NaN] = out.trim().split('\n').slice(-2).map(Number);
        return { before, after };
      }),
    );
  let startedAt: number;
  let cutMs: number;
  try {
    // From the first DROP rule of the cut side to its last: the cut starts in there; the
    // window's start is taken at the first (a loss window measured from it is an upper bound).
    const stamps = await install(groups.sides[0].nodes);
    startedAt = runClockOf(Math.min(...stamps.map((t) => t.before)), ctx);
    cutMs = Math.round(
      (Math.max(...stamps.map((t) => t.after)) - Math.min(...stamps.map((t) => t.before))) / 1e6,
    );
    await install(groups.sides[1].nodes);
  } catch (e) {
    await Promise.allSettled(deployment.nodes.map((n) => runScript(n, flushScript())));
    throw e;
  }
  const problems = await runProbes(cutProbes(groups, deployment));
  return {
    kind: 'partition',
    startedAt,
    target,
    nodes: [...plan.keys()],
    value: { groups: groupsValue(groups), ...value, cutMs: Number.isFinite(cutMs) ? cutMs : null },
    description: describeGroups(groups),
    verified: problems.length === 0,
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}

/** Partitions with cluster targets. */
export const clusterPartitionFault: FaultKind = withClusterTargets(partitionFault, {
  targets: ['shard-primary-with-clients', 'primaries-minority'],
  shared: ['majority-minority', 'random-halves'],
  help:
    'shard-primary-with-clients (one shard primary and the clients next to it), ' +
    'primaries-minority (a minority of the primaries with their clients)',
  async start(target, rng, ctx) {
    const { shard, primary, shards } = await pickShard(ctx, rng);
    if (target === 'shard-primary-with-clients') {
      return isolate(target, [primary.name], ctx, { shard: shard.shard, primary: primary.name });
    }
    const primaries = shards.flatMap((s) => (s.primary === undefined ? [] : [s.primary]));
    const k = Math.max(1, Math.floor((primaries.length - 1) / 2));
    const cut = rng.shuffle(primaries).slice(0, k);
    return isolate(target, cut, ctx, { primaries: cut });
  },
});

/** A process fault (kill, pause) aimed at one shard's current primary. */
function shardPrimaryTarget(help: string): ClusterTargets {
  return {
    targets: ['shard-primary'],
    shared: ['random'],
    help,
    async start(target, rng, ctx, base) {
      const { shard, primary } = await pickShard(ctx, rng);
      const fault = await base.start(primary.name, rng, ctx);
      return {
        ...fault,
        target,
        value: { ...fault.value, shard: shard.shard, primary: primary.name },
        description: `${fault.description} (primary of ${shard.shard})`,
      };
    },
  };
}

export const clusterKillFault: FaultKind = withClusterTargets(
  killFault,
  shardPrimaryTarget('shard-primary (the primary of a random shard)'),
);

export const clusterPauseFault: FaultKind = withClusterTargets(
  pauseFault,
  shardPrimaryTarget('shard-primary (the primary of a random shard)'),
);

const FAILOVER_MODES = ['default', 'force', 'takeover'] as const;

export const clusterFailoverFault: FaultKind = withClusterTargets(failoverFault, {
  targets: ['shard'],
  shared: [],
  help: 'shard (CLUSTER FAILOVER on a replica of a random shard, --failover-mode)',
  options: [
    {
      flag: 'failover-mode',
      help: 'failover:shard: CLUSTER FAILOVER default|force|takeover',
      default: 'default',
      parse(value) {
        const v = String(value);
        if (!(FAILOVER_MODES as readonly string[]).includes(v)) {
          throw new Error(`expected one of ${FAILOVER_MODES.join(', ')}`);
        }
        return v;
      },
    },
  ],
  async start(target, rng, ctx) {
    const { shard, primary } = await pickShard(ctx, rng, (s) => s.nodes.length > 1);
    const replica = nodeNamed(
      ctx.deployment,
      rng.pick(shard.nodes.filter((n) => n !== primary.name)),
    );
    const mode = String(ctx.options['failoverMode'] ?? 'default');
    const args = ['cluster', 'failover', ...(mode === 'default' ? [] : [mode.toUpperCase()])];
    const r = await replica.exec([
      'sh',
      '-c',
      `cli=$(command -v redis-cli || command -v valkey-cli) && exec timeout 5 "$cli" ${args.join(' ')}`,
    ]);
    const reply = (r.stdout || r.stderr).trim();
    if (r.exitCode !== 0 || reply !== 'OK') {
      throw new Error(
        `[${replica.name}] CLUSTER FAILOVER ${mode}: ${reply || `exit ${r.exitCode}`}`,
      );
    }
    const startedAt = ctx.now();
    const { promoted, after } = await awaitPromotion(
      async () =>
        (await ctx.deployment.clusterView?.())?.shards.find((s) => s.shard === shard.shard)
          ?.primary,
      (now) => now === replica.name,
    );
    return {
      kind: 'failover',
      target,
      startedAt,
      nodes: [replica.name],
      value: { shard: shard.shard, mode, from: primary.name, to: after ?? null },
      description: `CLUSTER FAILOVER ${mode} in ${shard.shard}: ${primary.name} -> ${replica.name}`,
      verified: promoted,
      ...(promoted
        ? {}
        : {
            problem: `${shard.shard}: primary ${after ?? 'unknown'} ${PROMOTION_TIMEOUT_MS} ms after FAILOVER (want ${replica.name})`,
          }),
    };
  },
});

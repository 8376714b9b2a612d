/**
 * Live resharding: move slots, with their keys, from one shard to another while writes flow
 * (`CLUSTER SETSLOT ... IMPORTING/MIGRATING`, `MIGRATE` of each key, `CLUSTER SETSLOT ...
 * NODE` everywhere), so clients meet `ASK` during the move and `MOVED` after it.
 */
import { formatSlots, hashSlot, SLOT_COUNT as CLUSTER_SLOTS } from '../src/common/slots.js';
import type { Deployment, Node } from '../src/cluster/types.js';
import { shQuote } from '../src/cluster/containerExec.js';
import { INSTANT_FAULT, type FaultKind } from './faultKind.js';
import { NOTHING_TO_UNDO, type ActiveFault, type Nemesis, type NemesisContext } from './nemesis.js';
import { nodeNamed } from './nodeTarget.js';
import { waitFor } from './waitFor.js';

/** How long the slot stays half-moved (keys gone from the source) before SETSLOT NODE. */
const ASK_PHASE_S = 1;

const CLI = 'cli=$(command -v redis-cli || command -v valkey-cli)';

/** `auto`, or `a-b` (inclusive) with 0 <= a <= b < 16384. Throws saying what is expected. */
export function parseSlotRange(value: unknown): string {
  const v = String(value).trim();
  if (v === 'auto') return v;
  const m = /^(\d+)(?:-(\d+))?$/.exec(v);
  const a = Number(m?.[1]);
  const b = Number(m?.[2] ?? m?.[1]);
  if (!m || a > b || b >= CLUSTER_SLOTS) {
    throw new Error(`expected auto or a slot range a-b within 0-${CLUSTER_SLOTS - 1}`);
  }
  return `${a}-${b}`;
}

async function cli(node: Node, args: string[]): Promise<string> {
  const r = await node.exec(['sh', '-c', `${CLI} && exec timeout 5 "$cli" "$@"`, 'sh', ...args]);
  return r.stdout.trim();
}

/** The slots a `auto` migration moves: one slot of the source that holds keys, drawn. */
async function keySlots(source: Node): Promise<number[]> {
  const keys = (await cli(source, ['--scan'])).split('\n').filter(Boolean);
  return [...new Set(keys.map(hashSlot))].sort((a, b) => a - b);
}

/**
 * The MIGRATE of the keys in `$keys` to `dest`. With a password (`auth`), one key at a time:
 * the password comes last (`AUTH`/`AUTH2`, after which nothing but KEYS may follow), read
 * from the exec's REDISCLI_AUTH through `redis-cli -x`, never on a command line.
 */
function migrateKeys(dest: Node, auth: Deployment['auth']): string {
  if (auth === undefined) {
    return `$c migrate ${dest.ip} 6379 "" 0 5000 keys $keys | grep -q OK || exit 4`;
  }
  const how = auth.user === undefined ? 'auth' : `auth2 ${shQuote(auth.user)}`;
  return (
    `for k in $keys; do printf %s "$REDISCLI_AUTH" | ` +
    `$c -x migrate ${dest.ip} 6379 "$k" 0 5000 ${how} | grep -q OK || exit 4; done`
  );
}

/** One shell script, run on the source, that moves `slots` to `dest`. */
function migrateScript(
  slots: readonly number[],
  dest: Node,
  sourceId: string,
  destId: string,
  others: readonly Node[],
  auth: Deployment['auth'],
): string {
  const lines = [CLI, 'c="timeout 10 $cli"', 'moved=0'];
  for (const s of slots) {
    lines.push(
      `$c -h ${dest.ip} cluster setslot ${s} importing ${sourceId} >/dev/null || exit 3`,
      `$c cluster setslot ${s} migrating ${destId} >/dev/null || exit 3`,
      `while :; do keys=$($c cluster getkeysinslot ${s} 100); [ -z "$keys" ] && break; ` +
        `n=$(echo "$keys" | wc -l); ${migrateKeys(dest, auth)}; moved=$((moved+n)); done`,
    );
  }
  lines.push(`sleep ${ASK_PHASE_S}`);
  for (const s of slots) {
    lines.push(
      `$c -h ${dest.ip} cluster setslot ${s} node ${destId} >/dev/null`,
      `$c cluster setslot ${s} node ${destId} >/dev/null`,
      ...others.map((o) => `$c -h ${o.ip} cluster setslot ${s} node ${destId} >/dev/null`),
    );
  }
  lines.push('echo "$moved"');
  return lines.join('\n');
}

/** Live resharding of a few slots from one shard to another, keys included. Instantaneous. */
export function migrateNemesis(): Nemesis {
  return {
    kind: 'migrate',
    async setup() {},

    async start(target, rng, ctx: NemesisContext): Promise<ActiveFault> {
      const view = await ctx.deployment.clusterView?.();
      if (view === undefined) throw new Error('migrate needs topology cluster');
      const range = String(ctx.options['migrateSlots'] ?? 'auto');
      const shards = view.shards.filter((s) => s.primary !== undefined);
      if (shards.length < 2) {
        throw new Error(
          `migrate needs two shards with a primary; the cluster shows ${shards.length}`,
        );
      }
      let slots: number[];
      let from;
      if (range === 'auto') {
        from = rng.pick(shards);
        const withKeys = await keySlots(nodeNamed(ctx.deployment, from.primary ?? ''));
        if (withKeys.length === 0) throw new Error(`no keys in ${from.shard} to migrate yet`);
        slots = [rng.pick(withKeys)];
      } else {
        const [a, b] = range.split('-').map(Number) as [number, number];
        from = shards.find((s) => s.slots.some(([x, y]) => a >= x && b <= y));
        if (from === undefined) {
          throw new Error(`slots ${range} are not all served by one shard's primary now`);
        }
        slots = Array.from({ length: b - a + 1 }, (_, i) => a + i);
      }
      const to = rng.pick(shards.filter((s) => s !== from));
      const source = nodeNamed(ctx.deployment, from.primary ?? '');
      const dest = nodeNamed(ctx.deployment, to.primary ?? '');
      const [sourceId, destId] = await Promise.all([
        cli(source, ['cluster', 'myid']),
        cli(dest, ['cluster', 'myid']),
      ]);
      const others = ctx.deployment.nodes.filter((n) => n !== source && n !== dest);
      const t0 = Date.now();
      const startedAt = ctx.now();
      const r = await source.exec([
        'sh',
        '-c',
        migrateScript(slots, dest, sourceId, destId, others, ctx.deployment.auth),
      ]);
      const ms = Date.now() - t0;
      const keys = Number(r.stdout.trim().split('\n').pop());
      const ranges: [number, number][] = [[slots[0] ?? 0, slots[slots.length - 1] ?? 0]];
      if (r.exitCode !== 0) {
        throw new Error(
          `[${source.name}] migrating ${formatSlots(ranges)} to ${dest.name} failed (exit ${r.exitCode}): ${r.stderr.trim()}`,
        );
      }
      const moved = await waitFor(
        async () => {
          const v = await ctx.deployment.clusterView?.();
          const owner = v?.shards.find((s) => s.shard === to.shard);
          return slots.every((slot) => owner?.slots.some(([a, b]) => slot >= a && slot <= b));
        },
        10_000,
        200,
      );
      return {
        kind: 'migrate',
        target,
        startedAt,
        nodes: [source.name, dest.name],
        value: {
          slots: formatSlots(ranges),
          from: from.shard,
          to: to.shard,
          keys: Number.isFinite(keys) ? keys : null,
          ms,
        },
        description: `slots ${formatSlots(ranges)} ${from.shard} (${source.name}) -> ${to.shard} (${dest.name}), ${keys} keys in ${ms} ms`,
        verified: moved,
        ...(moved
          ? {}
          : { problem: `slots ${formatSlots(ranges)} not served by ${to.shard} after the move` }),
      };
    },

    ...NOTHING_TO_UNDO,
  };
}

/** Live resharding while writes flow. */
export const migrateFault: FaultKind = {
  ...INSTANT_FAULT,
  name: 'migrate',
  help: 'cluster: move slots with their keys to another shard while writes flow (ASK, then MOVED)',
  ops: { start: 'migrate' },
  topologies: ['cluster'],
  minNodes: () => 3,
  options: [
    {
      flag: 'migrate-slots',
      help: 'migrate: auto (one slot holding keys) or a slot range a-b of one shard',
      default: 'auto',
      parse: parseSlotRange,
    },
  ],
  create: migrateNemesis,
};

/**
 * The shape of a Redis Cluster deployment, and the parsing of what its nodes say about it.
 * Pure: no Docker, no sockets.
 */

/** Slots in a Redis Cluster. */
export const CLUSTER_SLOTS = 16384;

/** One shard as formed: its name, its nodes (the first is the initial primary) and its slots. */
export interface ShardLayout {
  readonly shard: string;
  readonly nodes: readonly string[];
  /** The one slot range `[from, to]` (inclusive) given to the shard at formation. */
  readonly slots: readonly [number, number];
}

/**
 * `shards` shards of `1 + replicas` nodes each over nodes `n1..nN`: the primaries are
 * `n1..nS` (so zone `ci` sits next to primary `ni`), then each round of replicas in shard
 * order (`n(S+k)` replicates `nk`). Slots split evenly, shard `s1` first.
 */
export function shardLayout(shards: number, replicas: number): ShardLayout[] {
  return Array.from({ length: shards }, (_, k) => ({
    shard: `s${k + 1}`,
    nodes: Array.from({ length: replicas + 1 }, (_, r) => `n${k + 1 + r * shards}`),
    slots: [
      Math.floor((k * CLUSTER_SLOTS) / shards),
      Math.floor(((k + 1) * CLUSTER_SLOTS) / shards) - 1,
    ] as const,
  }));
}

/** One line of `CLUSTER NODES`. */
export interface ClusterNodeLine {
  readonly id: string;
  /** The node's address (`10.0.0.2`), without port. */
  readonly ip: string;
  readonly flags: readonly string[];
  /** The primary's id for a replica, else undefined. */
  readonly primaryId: string | undefined;
  readonly configEpoch: number;
  readonly linkState: string;
  /** Slot ranges served (importing/migrating markers left out). */
  readonly slots: readonly (readonly [number, number])[];
}

/** Parse `CLUSTER NODES` output; lines that are not node lines are skipped. */
export function parseClusterNodes(text: string): ClusterNodeLine[] {
  const out: ClusterNodeLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 8) continue;
    const [id = '', addr = '', flags = '', primary = '-', , , epoch = '0', link = ''] = parts;
    const ip = addr.slice(0, addr.lastIndexOf(':'));
    const slots: [number, number][] = [];
    for (const s of parts.slice(8)) {
      if (s.startsWith('[')) continue;
      const [a, b] = s.split('-');
      const from = Number(a);
      const to = b === undefined ? from : Number(b);
      if (Number.isInteger(from) && Number.isInteger(to)) slots.push([from, to]);
    }
    out.push({
      id,
      ip,
      flags: flags.split(','),
      primaryId: primary === '-' ? undefined : primary,
      configEpoch: Number(epoch),
      linkState: link,
      slots,
    });
  }
  return out;
}

export { formatSlots, slotCount } from '../common/slots.js';

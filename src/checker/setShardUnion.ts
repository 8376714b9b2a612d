import type { SetFinalRead } from './setTypes.js';

/**
 * A cluster's final reads with one more read in front: the union of the shards' primaries,
 * as the one primary the checker judges by (the per-shard primaries become `primary: false`
 * for that purpose and are compared with it shard by shard in `diffNodes`). Reads without
 * shards are returned as they are.
 */
export function withShardUnion(reads: readonly SetFinalRead[]): readonly SetFinalRead[] {
  const primaries = reads.filter((r) => r.primary && r.shard !== undefined);
  if (primaries.length < 2 || new Set(primaries.map((p) => p.shard)).size !== primaries.length) {
    return reads;
  }
  const failed = primaries.find((p) => !p.set || !p.list);
  const union: SetFinalRead = {
    node: `primaries(${primaries.map((p) => p.node).join(',')})`,
    primary: true,
    ...(failed
      ? { error: `${failed.node}: ${failed.error ?? 'no data'}` }
      : {
          set: primaries.flatMap((p) => p.set ?? []),
          list: primaries.flatMap((p) => p.list ?? []),
        }),
  };
  return [
    union,
    ...reads.map((r) => (r.primary ? { ...r, primary: false, shardPrimary: true } : r)),
  ];
}

import { ElementColumn, type ElementSpace } from './elementColumn.js';
import type { NodeEntry, NodeRead } from './streamNodeDiffs.js';

/**
 * The one primary a set check's verdict is judged by: the agreed primary, or on a cluster the
 * union of the shards' primaries (their flags OR-ed: the shards hold disjoint keys); or the
 * reason there is none to read.
 */
export function judgedPrimary(
  all: readonly NodeEntry[],
  space: ElementSpace,
): NodeEntry | { reason: string } {
  const primaries = all.filter((e) => e.read.primary);
  const shards = new Set(primaries.map((p) => p.read.shard));
  if (
    primaries.length >= 2 &&
    primaries.every((p) => p.read.shard !== undefined) &&
    shards.size === primaries.length
  ) {
    const names = primaries.map((p) => p.read.node);
    const failed = primaries.find((p) => p.read.error !== undefined);
    if (failed) {
      return {
        reason: `final read of the primary primaries(${names.join(',')}) failed: ${failed.read.node}: ${failed.read.error}`,
      };
    }
    const flags = new ElementColumn();
    const size = space.denseSize;
    for (const p of primaries) {
      for (let n = 0; n < size; n++) {
        const f = p.flags.get(n);
        if (f !== 0) flags.or(n, f);
      }
      for (let k = 0; k < space.otherCount; k++) {
        const f = p.flags.get(-(k + 1));
        if (f !== 0) flags.or(-(k + 1), f);
      }
    }
    const read: NodeRead = {
      node: `primaries(${names.join(',')})`,
      primary: true,
      last: true,
      listSize: 0,
    };
    return { read, flags };
  }
  const primary = primaries[0];
  if (primaries.length !== 1 || primary === undefined || primary.read.error !== undefined) {
    return {
      reason:
        primaries.length === 0
          ? 'no agreed primary to read the final state from'
          : primaries.length > 1
            ? `several primaries: ${primaries.map((p) => p.read.node).join(', ')}`
            : `final read of the primary ${primary?.read.node} failed: ${primary?.read.error ?? 'no data'}`,
    };
  }
  return primary;
}

import { ElementIds } from './setElementIds.js';
import { rawReadIds, readStringCount, resolveReadIds, type ReadIds } from './setReadIds.js';
import type { SetFinalRead, SetNodeDiff } from './setTypes.js';

/** A node's differences before any are counted (none missing, extra or partial). */
export function emptyNodeDiff(node: string, primary: boolean): SetNodeDiff {
  return { node, role: primary ? 'primary' : 'replica', missing: 0, extra: 0, partial: 0 };
}

/** Per-node comparison with the (first) primary read. */
export function nodeDiffs(reads: readonly SetFinalRead[]): SetNodeDiff[] {
  const ids = new ElementIds(readStringCount(reads));
  const readIds = rawReadIds(ids, reads);
  const size = ids.finish();
  resolveReadIds(ids, readIds);
  return diffNodes(reads, readIds, size);
}

/** Per-node differences: from the one primary, or on a cluster from each shard's primary. */
export function nodeDiffsOf(
  reads: readonly SetFinalRead[],
  readIds: readonly ReadIds[],
  size: number,
): SetNodeDiff[] {
  if (!reads.some((r) => r.shardPrimary === true)) return diffNodes(reads, readIds, size);
  const out: SetNodeDiff[] = [];
  const shards = [...new Set(reads.flatMap((r) => (r.shard === undefined ? [] : [r.shard])))];
  for (const shard of shards) {
    const at = reads.flatMap((r, i) => (r.shard === shard ? [i] : []));
    const group = at.map((i) => {
      const r = reads[i] as SetFinalRead;
      return { ...r, primary: r.shardPrimary === true };
    });
    out.push(
      ...diffNodes(
        group,
        at.map((i) => readIds[i] as ReadIds),
        size,
      ),
    );
  }
  return out;
}

// Bits of `diffNodes`'s marks: in the primary's union, in this node's set, list, counted.
const P = 1;
const S = 2;
const L = 4;
const COUNTED = 8;

function diffNodes(
  reads: readonly SetFinalRead[],
  readIds: readonly ReadIds[],
  size: number,
): SetNodeDiff[] {
  const pi = reads.findIndex((r) => r.primary && r.set && r.list);
  const mark = new Uint8Array(size);
  let pCount = 0;
  const p = readIds[pi];
  if (p?.set && p.list) {
    for (const keyIds of [p.set, p.list]) {
      for (let i = 0; i < keyIds.length; i++) {
        const id = keyIds[i] as number;
        if ((mark[id] as number) === 0) {
          mark[id] = P;
          pCount++;
        }
      }
    }
  }
  return reads.map((read, n) => {
    const d = emptyNodeDiff(read.node, read.primary);
    if (read.error !== undefined) d.error = read.error;
    const own = readIds[n];
    if (!read.set || !read.list || !own?.set || !own.list) return d;
    d.setSize = read.set.length;
    d.listSize = read.list.length;
    const { set, list } = own;
    for (let i = 0; i < set.length; i++) {
      const id = set[i] as number;
      mark[id] = (mark[id] as number) | S;
    }
    for (let i = 0; i < list.length; i++) {
      const id = list[i] as number;
      mark[id] = (mark[id] as number) | L;
    }
    let mine = 0;
    let shared = 0;
    for (const keyIds of [set, list]) {
      for (let i = 0; i < keyIds.length; i++) {
        const id = keyIds[i] as number;
        const m = mark[id] as number;
        if ((m & COUNTED) !== 0) continue;
        mark[id] = m | COUNTED;
        mine++;
        if ((m & P) !== 0) shared++;
        if (((m & S) !== 0) !== ((m & L) !== 0)) d.partial++;
      }
    }
    for (const keyIds of [set, list]) {
      for (let i = 0; i < keyIds.length; i++) {
        const id = keyIds[i] as number;
        mark[id] = (mark[id] as number) & P;
      }
    }
    if (pi >= 0) {
      d.missing = pCount - shared;
      d.extra = mine - shared;
    }
    return d;
  });
}

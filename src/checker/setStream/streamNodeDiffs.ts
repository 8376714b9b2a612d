import { emptyNodeDiff } from '../setNodeDiffs.js';
import type { SetNodeDiff } from '../set.js';
import type { ElementColumn, ElementSpace } from './elementColumn.js';

/** What the first reading learnt of one node's final read. */
export interface NodeRead {
  node: string;
  primary: boolean;
  shard?: string;
  slots?: [number, number][];
  error?: string;
  last: boolean;
  /** LRANGE items, repetitions included. */
  listSize: number;
}

// Node flags (four bits an element a node, see ElementColumn): in the set, in the list, in the list twice.
export const IN_SET = 1;
export const IN_LIST = 2;
export const LIST_TWICE = 4;

/** One node's final read and its flags by element id. */
export interface NodeEntry {
  read: NodeRead;
  flags: ElementColumn;
}

/**
 * Per-node differences from the primary (on a cluster: from each shard's primary), from the
 * nodes' flag columns: what `nodeDiffs` gives from string arrays.
 */
export function streamNodeDiffs(all: readonly NodeEntry[], space: ElementSpace): SetNodeDiff[] {
  const clustered =
    all.some((e) => e.read.primary && e.read.shard !== undefined) &&
    all.filter((e) => e.read.primary).length >= 2;
  if (!clustered) return diffGroup(all, space);
  const out: SetNodeDiff[] = [];
  const shards = [
    ...new Set(all.flatMap((e) => (e.read.shard === undefined ? [] : [e.read.shard]))),
  ];
  for (const shard of shards) {
    out.push(
      ...diffGroup(
        all.filter((e) => e.read.shard === shard),
        space,
      ),
    );
  }
  return out;
}

function diffGroup(group: readonly NodeEntry[], space: ElementSpace): SetNodeDiff[] {
  const p = group.find((e) => e.read.primary && e.read.error === undefined);
  const size = space.denseSize;
  const others = space.otherCount;
  return group.map(({ read, flags }) => {
    const d = emptyNodeDiff(read.node, read.primary);
    if (read.error !== undefined) {
      d.error = read.error;
      return d;
    }
    let setSize = 0;
    let inP = 0;
    let mine = 0;
    let shared = 0;
    const visit = (id: number): void => {
      const f = flags.get(id);
      const pf = p === undefined ? 0 : p.flags.get(id) & (IN_SET | IN_LIST);
      if (pf !== 0) inP++;
      if ((f & IN_SET) !== 0) setSize++;
      if ((f & (IN_SET | IN_LIST)) === 0) return;
      mine++;
      if (pf !== 0) shared++;
      if (((f & IN_SET) !== 0) !== ((f & IN_LIST) !== 0)) d.partial++;
    };
    for (let n = 0; n < size; n++) visit(n);
    for (let k = 0; k < others; k++) visit(-(k + 1));
    d.setSize = setSize;
    d.listSize = read.listSize;
    if (p !== undefined) {
      d.missing = inP - shared;
      d.extra = mine - shared;
    }
    return d;
  });
}

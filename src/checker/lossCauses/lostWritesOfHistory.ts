/**
 * Every lost write of a set-workload history, as columns: the set checker's own indexing
 * (element ids, the final primary's flags), kept whole instead of listed up to a cap. The
 * minimal stand-in until the set checker hands its columns over itself.
 */
import type { History, Op } from '../../history/op.js';
import { pairOps } from '../../history/pairOps.js';
import { finalPrimary, IN_LIST, IN_SET, primaryFlags } from '../setFinalState.js';
import { withShardUnion } from '../setShardUnion.js';
import type { SetFinalRead } from '../setTypes.js';
import { indexSetWrites, OK } from '../setWriteIndex.js';
import type { LostWriteColumns } from './lostWriteColumns.js';

/** The lost writes (acknowledged, absent from both keys of the final primary); undefined without one. */
export function lostWritesOfHistory(
  history: History,
  finalReads: readonly SetFinalRead[],
): LostWriteColumns | undefined {
  const reads = withShardUnion(finalReads);
  const w = indexSetWrites(history, pairOps(history), reads);
  const final = finalPrimary(reads, w.readIds);
  if ('why' in final) return undefined;
  const { flags } = primaryFlags(final.ids, w.size);
  const pos: number[] = [];
  for (let u = 0; u < w.attempted; u++) {
    if (w.outcome[u] !== OK) continue;
    const j = w.unique[u] as number;
    if (((flags[w.wId[j] as number] as number) & (IN_SET | IN_LIST)) !== 0) continue;
    pos.push(j);
  }
  const nodes: string[] = [];
  const nodeIndex = new Map<string, number>();
  const ackNs = new Float64Array(pos.length);
  const node = new Int32Array(pos.length);
  const invokeAt = new Int32Array(pos.length);
  pos.forEach((j, i) => {
    const done = history[w.wDone[j] as number] as Op;
    invokeAt[i] = w.wPos[j] as number;
    ackNs[i] = done.time;
    if (done.node === undefined) {
      node[i] = -1;
      return;
    }
    let k = nodeIndex.get(done.node);
    if (k === undefined) {
      k = nodes.length;
      nodes.push(done.node);
      nodeIndex.set(done.node, k);
    }
    node[i] = k;
  });
  return {
    count: pos.length,
    element: (i) => String((history[invokeAt[i] as number] as Op).value),
    ackNs,
    node,
    nodes,
  };
}

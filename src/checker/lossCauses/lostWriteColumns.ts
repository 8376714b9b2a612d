/**
 * Every lost write of a run as columns (one entry per lost write, in no particular order):
 * its element, when it was acknowledged and the node that acknowledged it. Compact, so a run
 * that lost millions of writes is explained from all of them, never from a listed sample.
 */
export interface LostWriteColumns {
  readonly count: number;
  /** The element each write added, as the history names it. */
  readonly element: (i: number) => string;
  /** ns since the run started: the acknowledgement (the completion of the write). */
  readonly ackNs: Float64Array;
  /** Index into `nodes` of the node that acknowledged it; -1 when the history names none. */
  readonly node: Int32Array;
  readonly nodes: readonly string[];
}

/** Columns from plain rows (tests, small runs). */
export function lostWriteColumnsOf(
  rows: readonly { element: string; ack: number; node?: string }[],
): LostWriteColumns {
  const nodes: string[] = [];
  const index = new Map<string, number>();
  const node = new Int32Array(rows.length);
  const ackNs = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    ackNs[i] = r.ack;
    if (r.node === undefined) {
      node[i] = -1;
      return;
    }
    let k = index.get(r.node);
    if (k === undefined) {
      k = nodes.length;
      nodes.push(r.node);
      index.set(r.node, k);
    }
    node[i] = k;
  });
  return { count: rows.length, element: (i) => rows[i]?.element ?? '', ackNs, node, nodes };
}

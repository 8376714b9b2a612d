import { elementNumber } from '../setElementIds.js';
import { BlockTimes } from './blockTimes.js';
import { DENSE_ELEMENT_LIMIT } from './elementColumn.js';

/**
 * Every acknowledged write the set checker found lost, as columns (one row per lost write, in
 * history order), so a later pass (loss causes) sees all of them, not the listed sample.
 * About 9 bytes a row: the element's number, the acknowledgement's time (`BlockTimes`) and
 * the node.
 */
export interface LostWriteColumns {
  /** Number of rows. */
  readonly count: number;
  /**
   * `n` of the element `e<n>` (below `DENSE_ELEMENT_LIMIT`, 2^30); -1 for an element not of
   * that form (see `elementName`).
   */
  readonly element: Int32Array;
  /** When row `i`'s write was acknowledged: ns since the run started (the `ok` completion's time). */
  ackTimeAt(i: number): number;
  /** Index into `nodeNames` of the node the write was sent to; 255 when the history has none. */
  readonly node: Uint8Array;
  /** The node names `node` indexes. */
  readonly nodeNames: readonly string[];
  /** The element of row `i` as the history has it (`e<n>`, or the stored string). */
  elementName(i: number): string;
}

/** Node index of a lost write whose completion names no node. */
export const UNKNOWN_NODE = 255;

/** Fills `LostWriteColumns` row by row; `count` rows exactly. */
export class LostWriteColumnsBuilder {
  private readonly element: Int32Array;
  private readonly ackTime: BlockTimes;
  private readonly node: Uint8Array;
  private readonly nodeNames: string[] = [];
  private readonly nodeIndex = new Map<string, number>();
  private readonly others = new Map<number, string>();
  private rows = 0;

  constructor(private readonly capacity: number) {
    this.element = new Int32Array(capacity);
    this.ackTime = new BlockTimes(capacity);
    this.node = new Uint8Array(capacity);
  }

  /** Add one row; `n` is -1 with `name` for an element not of the form `e<n>`. */
  add(n: number, name: string | undefined, ackTime: number, node: string | undefined): void {
    if (this.rows >= this.capacity) return;
    const i = this.rows++;
    this.element[i] = n;
    if (n < 0 && name !== undefined) this.others.set(i, name);
    this.ackTime.push(ackTime);
    let k = node === undefined ? UNKNOWN_NODE : this.nodeIndex.get(node);
    if (k === undefined) {
      k = this.nodeNames.length < UNKNOWN_NODE ? this.nodeNames.length : UNKNOWN_NODE;
      if (k !== UNKNOWN_NODE) {
        this.nodeNames.push(node as string);
        this.nodeIndex.set(node as string, k);
      }
    }
    this.node[i] = k;
  }

  build(): LostWriteColumns {
    const others = this.others;
    const element = this.element.subarray(0, this.rows);
    const ackTime = this.ackTime;
    return {
      count: this.rows,
      element,
      ackTimeAt: (i) => ackTime.at(i),
      node: this.node.subarray(0, this.rows),
      nodeNames: this.nodeNames,
      elementName: (i) => {
        const n = element[i] as number;
        return n >= 0 ? `e${n}` : (others.get(i) ?? '');
      },
    };
  }
}

/** Columns from plain rows (tests, small runs): `e<n>` kept as `n`, any other element by name. */
export function lostWriteColumnsOf(
  rows: readonly { element: string; ack: number; node?: string }[],
): LostWriteColumns {
  const b = new LostWriteColumnsBuilder(rows.length);
  for (const r of rows) {
    const n = elementNumber(r.element);
    const dense = n >= 0 && n < DENSE_ELEMENT_LIMIT && `e${n}` === r.element;
    b.add(dense ? n : -1, dense ? undefined : r.element, r.ack, r.node);
  }
  return b.build();
}

import { growTypedArray } from '../../common/growTypedArray.js';
import { elementNumber } from '../setElementIds.js';

/** `e<n>` with `n` below this is kept as `n`; any other string as itself (`ElementSpace`). */
export const DENSE_ELEMENT_LIMIT = 1 << 30;
const DENSE_LIMIT = DENSE_ELEMENT_LIMIT;

/**
 * Element ids of the set workload: `e<n>` is `n` (dense), any other string `-(k + 1)` for
 * the k-th such string (a map, for foreign histories and strings no write made).
 */
export class ElementSpace {
  private readonly others = new Map<string, number>();
  private readonly names: string[] = [];
  /** One more than the largest dense id seen. */
  denseSize = 0;

  id(s: string): number {
    const n = elementNumber(s);
    if (n >= 0 && n < DENSE_LIMIT) {
      if (n >= this.denseSize) this.denseSize = n + 1;
      return n;
    }
    let k = this.others.get(s);
    if (k === undefined) {
      k = this.names.length;
      this.others.set(s, k);
      this.names.push(s);
    }
    return -(k + 1);
  }

  /** The id of `e<n>` for `n` below `DENSE_ELEMENT_LIMIT` (the caller checked), as `id` gives it. */
  dense(n: number): number {
    if (n >= this.denseSize) this.denseSize = n + 1;
    return n;
  }

  get otherCount(): number {
    return this.names.length;
  }

  name(id: number): string {
    return id >= 0 ? `e${id}` : (this.names[-id - 1] as string);
  }
}

/** A byte of flags per element id, growing by doubling (dense ids and other ids apart). */
export class ElementColumn {
  private dense: Uint8Array<ArrayBuffer> = new Uint8Array(1024);
  private other: Uint8Array<ArrayBuffer> = new Uint8Array(16);

  get(id: number): number {
    return (id >= 0 ? this.dense[id] : this.other[-id - 1]) ?? 0;
  }

  /** Set the bits of `bits`; returns the flags before. */
  or(id: number, bits: number): number {
    if (id >= 0) {
      if (id >= this.dense.length) this.dense = growTypedArray(this.dense, id);
      const before = this.dense[id] as number;
      this.dense[id] = before | bits;
      return before;
    }
    const k = -id - 1;
    if (k >= this.other.length) this.other = growTypedArray(this.other, k);
    const before = this.other[k] as number;
    this.other[k] = before | bits;
    return before;
  }

  /** Replace the bits under `mask` with `bits`. */
  put(id: number, mask: number, bits: number): void {
    const before = this.or(id, 0);
    const v = (before & ~mask) | bits;
    if (id >= 0) this.dense[id] = v;
    else this.other[-id - 1] = v;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.dense.length + this.other.length;
  }
}

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

/**
 * Four bits of flags per element id (two ids a byte), growing by doubling (dense ids and other
 * ids apart): a 20-minute run's 21 M elements take 10.5 MB a column, not 21. Flags are below 16.
 */
export class ElementColumn {
  private dense: Uint8Array<ArrayBuffer> = new Uint8Array(512);
  private other: Uint8Array<ArrayBuffer> = new Uint8Array(8);

  get(id: number): number {
    const k = id >= 0 ? id : -id - 1;
    const b = (id >= 0 ? this.dense[k >> 1] : this.other[k >> 1]) ?? 0;
    return (k & 1) === 0 ? b & 15 : b >> 4;
  }

  /** Set the bits of `bits` (below 16); returns the flags before. */
  or(id: number, bits: number): number {
    const before = this.get(id);
    if (bits !== 0) this.write(id, before | bits);
    return before;
  }

  /** `or` of a dense id (`e<n>`: `n` at least 0), the final reads' hot path. */
  orDense(n: number, bits: number): number {
    const i = n >> 1;
    if (i >= this.dense.length) this.dense = growTypedArray(this.dense, i);
    const a = this.dense;
    const b = a[i] as number;
    const shift = (n & 1) << 2;
    a[i] = b | (bits << shift);
    return (b >> shift) & 15;
  }

  /** Replace the bits under `mask` with `bits`. */
  put(id: number, mask: number, bits: number): void {
    this.write(id, (this.get(id) & ~mask) | bits);
  }

  private write(id: number, v: number): void {
    const k = id >= 0 ? id : -id - 1;
    const i = k >> 1;
    let a: Uint8Array<ArrayBuffer>;
    if (id >= 0) {
      if (i >= this.dense.length) this.dense = growTypedArray(this.dense, i);
      a = this.dense;
    } else {
      if (i >= this.other.length) this.other = growTypedArray(this.other, i);
      a = this.other;
    }
    const b = a[i] as number;
    a[i] = (k & 1) === 0 ? (b & 0xf0) | (v & 15) : (b & 15) | ((v & 15) << 4);
  }

  /** Forget every flag and give the memory back (a column no longer read). */
  clear(): void {
    this.dense = new Uint8Array(512);
    this.other = new Uint8Array(8);
  }

  /** Bytes held. */
  get bytes(): number {
    return this.dense.length + this.other.length;
  }
}

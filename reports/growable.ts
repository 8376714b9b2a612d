import { growTypedArray, type GrowableTypedArray } from '../src/common/growTypedArray.js';

/**
 * An append-only column of numbers that grows by doubling, for per-op numbers of big
 * histories; the typed array it starts from sets what it holds (times as Float64Array, codes
 * as Uint8Array, so a code costs one byte, not eight).
 */
export class GrowableColumn<T extends GrowableTypedArray> {
  private size = 0;

  constructor(private data: T) {}

  get length(): number {
    return this.size;
  }

  push(v: number): void {
    if (this.size === this.data.length) this.data = growTypedArray(this.data, this.size);
    this.data[this.size++] = v;
  }

  /** Value at `i` (0 <= i < length). */
  at(i: number): number {
    return this.data[i] ?? NaN;
  }

  /** Keep the values at even positions only (thinning a sample to half). */
  keepEveryOther(): void {
    let k = 0;
    for (let i = 0; i < this.size; i += 2) this.data[k++] = this.data[i] as number;
    this.size = k;
  }
}

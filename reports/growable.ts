/** An append-only array of doubles that grows by doubling, for per-op numbers of big histories. */
export class GrowableFloat64 {
  private data = new Float64Array(1024);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(v: number): void {
    if (this.size === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
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

  /** A view of the values pushed so far. */
  view(): Float64Array {
    return this.data.subarray(0, this.size);
  }
}

import type { FaultInterval } from '../history/faultInterval.js';

/**
 * Whether any fault is active at some moment of [from, to]: intervals sorted by start with
 * the running maximum of their ends, searched in O(log n) per query.
 */
export class FaultSweep {
  private readonly starts: Float64Array;
  private readonly maxEnd: Float64Array;

  constructor(faults: readonly FaultInterval[]) {
    const sorted = [...faults].sort((a, b) => a.start - b.start);
    this.starts = new Float64Array(sorted.length);
    this.maxEnd = new Float64Array(sorted.length);
    let max = -Infinity;
    sorted.forEach((f, i) => {
      this.starts[i] = f.start;
      max = Math.max(max, f.end ?? Infinity);
      this.maxEnd[i] = max;
    });
  }

  anyActive(from: number, to: number): boolean {
    // Number of intervals with start <= to.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.starts[mid] as number) <= to) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && (this.maxEnd[lo - 1] as number) >= from;
  }
}

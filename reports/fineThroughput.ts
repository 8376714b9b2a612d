/**
 * Slot widths (ns) a series may coarsen through: each divides the next and every round
 * bucket width of `bucketWidth` (reports/stats.ts) at least as wide, so the slots of any width
 * here add up into such buckets exactly.
 */
const WIDTHS_NS = [1e7, 1e8, 1e9, 5e9, 15e9, 60e9, 300e9, 3600e9];

/**
 * Completions counted by key (a function and outcome) in fixed time slots: the throughput of
 * a history whose ops are thinned, counted exactly. Slots start 10 ms wide; when a series
 * would pass `maxSlots` (2^17: about 22 minutes at 10 ms), every series coarsens to the next
 * width, so memory stays bounded however long the run (about 1 MB a series).
 */
export class FineThroughput {
  private readonly series = new Map<number, number[]>();
  private width = 0;

  constructor(private readonly maxSlots = 1 << 17) {}

  /** Width of one slot now (ns). */
  get slotNs(): number {
    return WIDTHS_NS[this.width] as number;
  }

  add(key: number, timeNs: number): void {
    let j = Math.floor(timeNs / this.slotNs);
    while (j >= this.maxSlots && this.width < WIDTHS_NS.length - 1) {
      this.coarsen();
      j = Math.floor(timeNs / this.slotNs);
    }
    let s = this.series.get(key);
    if (s === undefined) this.series.set(key, (s = []));
    for (let x = s.length; x <= j; x++) s.push(0);
    s[j] = (s[j] ?? 0) + 1;
  }

  /** Each non-zero count, with its key and the start of its slot (s). */
  forEach(fn: (key: number, startS: number, count: number) => void): void {
    const w = this.slotNs;
    for (const [key, s] of this.series) {
      s.forEach((count, j) => {
        if (count > 0) fn(key, (j * w) / 1e9, count);
      });
    }
  }

  private coarsen(): void {
    const r = Math.round((WIDTHS_NS[this.width + 1] as number) / this.slotNs);
    this.width++;
    for (const [key, s] of this.series) {
      const merged: number[] = new Array<number>(Math.ceil(s.length / r)).fill(0);
      s.forEach((count, j) => {
        const k = Math.floor(j / r);
        merged[k] = (merged[k] ?? 0) + count;
      });
      this.series.set(key, merged);
    }
  }
}

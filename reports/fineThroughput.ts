/** Completions counted by (function, outcome) key and 10 ms of completion time. */
export class FineThroughput {
  /** Width of one count (ns). */
  static readonly NS = 10_000_000;
  private readonly series = new Map<number, number[]>();

  add(key: number, timeNs: number): void {
    let s = this.series.get(key);
    if (s === undefined) this.series.set(key, (s = []));
    const j = Math.floor(timeNs / FineThroughput.NS);
    for (let x = s.length; x <= j; x++) s.push(0);
    s[j] = (s[j] ?? 0) + 1;
  }

  /** Each non-zero count, with its key and the start of its 10 ms (s). */
  forEach(fn: (key: number, startS: number, count: number) => void): void {
    for (const [key, s] of this.series) {
      s.forEach((count, j) => {
        if (count > 0) fn(key, (j * FineThroughput.NS) / 1e9, count);
      });
    }
  }
}

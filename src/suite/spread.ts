import type { Measure } from './expectation.js';
import type { Spread } from './suiteResult.js';

/** min, median and max of each numeric measure over several runs (booleans and verdicts left out). */
export function spreadOf(
  runs: readonly Readonly<Record<string, Measure>>[],
): Record<string, Spread> {
  const values = new Map<string, number[]>();
  for (const run of runs) {
    for (const [k, v] of Object.entries(run)) {
      if (typeof v !== 'number') continue;
      const list = values.get(k) ?? [];
      list.push(v);
      values.set(k, list);
    }
  }
  const out: Record<string, Spread> = {};
  for (const [k, list] of [...values].sort(([a], [b]) => a.localeCompare(b))) {
    const s = [...list].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    const median = s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
    out[k] = { min: s[0] ?? 0, median, max: s[s.length - 1] ?? 0, n: s.length };
  }
  return out;
}

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FineThroughput } from '../../reports/fineThroughput.js';
import { bucketWidth } from '../../reports/stats.js';

/** Completions per (key, bucket) counted straight from the times. */
function exact(events: [number, number][], bucketS: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, t] of events) {
    const b = `${key}:${Math.floor(t / 1e9 / bucketS)}`;
    out.set(b, (out.get(b) ?? 0) + 1);
  }
  return out;
}

describe('FineThroughput: exact throughput of a thinned history, in bounded memory', () => {
  it('adds up into every round bucket width exactly, however far it coarsened (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 2 ** 45 })), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.integer({ min: 4, max: 64 }),
        (events, maxSlots) => {
          // Completions come in time order, as the report reads them.
          events.sort((a, b) => a[1] - b[1]);
          const fine = new FineThroughput(maxSlots);
          for (const [key, t] of events) fine.add(key, t);
          const durationS = (events.at(-1)?.[1] ?? 0) / 1e9;
          const bucketS = bucketWidth(durationS, 120);
          // Any round width at least the bucket's, as the report may choose, adds up exactly.
          for (const b of [bucketS, bucketWidth(durationS, 30), bucketWidth(durationS, 7)]) {
            if (b * 1e9 < fine.slotNs) continue;
            const got = new Map<string, number>();
            fine.forEach((key, startS, count) => {
              const k = `${key}:${Math.floor(startS / b)}`;
              got.set(k, (got.get(k) ?? 0) + count);
            });
            assert.deepEqual(got, exact(events, b));
          }
        },
      ),
      { seed: 2208, numRuns: 300 },
    );
  });

  it('holds at most its slot cap a series: a day of completions at 100 a second', () => {
    const fine = new FineThroughput();
    for (let t = 0; t < 86_400e9; t += 1e7) fine.add(0, t);
    let slots = 0;
    let total = 0;
    fine.forEach((_key, _start, count) => {
      slots++;
      total += count;
    });
    assert.equal(total, 8_640_000);
    assert.ok(slots <= 1 << 17, `${slots} slots`);
    assert.equal(fine.slotNs, 1e9);
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BlockTimes } from '../../src/checker/setStream/blockTimes.js';

describe('BlockTimes (lost writes` acknowledgement times in about 4 bytes a row)', () => {
  it('gives back every time exactly as pushed: in order, out of order, far apart, fractional, huge', () => {
    // Steps from one time to the next: mostly small and forward, as a history's are.
    const step = fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 50_000 }) },
      { weight: 1, arbitrary: fc.integer({ min: -5_000_000_000, max: 9_000_000_000 }) },
      { weight: 1, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(2 ** 32 - 1, 2 ** 32, 2 ** 52, Infinity, NaN) },
    );
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 3000 }),
        fc.integer({ min: 0, max: 8.64e13 }),
        fc.integer({ min: 0, max: 20 }),
        (steps, start, spare) => {
          const pushed: number[] = [];
          let t = start;
          for (const s of steps) pushed.push((t = Number.isNaN(s) ? s : t + s));
          const times = new BlockTimes(pushed.length + spare);
          for (const x of pushed) times.push(x);
          assert.equal(times.length, pushed.length);
          pushed.forEach((x, i) =>
            assert.ok(Object.is(times.at(i), x), `row ${i}: ${times.at(i)} != ${x}`),
          );
        },
      ),
      { seed: 1920, numRuns: 300 },
    );
  });

  it('takes about 4 bytes a row for times in order, and ignores rows past its capacity', () => {
    const n = 100_000;
    const times = new BlockTimes(n);
    for (let i = 0; i < n + 10; i++) times.push(1e12 + i * 1_700);
    assert.equal(times.length, n);
    assert.equal(times.at(n - 1), 1e12 + (n - 1) * 1_700);
    assert.ok(times.bytes < 4.01 * n, `${times.bytes} bytes for ${n} rows`);
  });
});

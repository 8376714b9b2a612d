import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Int32Slab } from '../../../src/checker/linearizability/int32Slab.js';
import { LinearizedSet } from '../../../src/checker/linearizability/linearizedSet.js';
import { StateCache } from '../../../src/checker/linearizability/stateCache.js';

describe('linearizability: Int32Slab', () => {
  it('hands out zeroed arrays of the asked lengths that do not overlap, and no more than it has', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 50 }), { maxLength: 12 }),
        fc.nat({ max: 5 }),
        (lengths, spare) => {
          const total = lengths.reduce((a, n) => a + n, 0);
          const slab = new Int32Slab(total + spare);
          const arrays = lengths.map((n) => slab.take(n));
          arrays.forEach((a, k) => {
            assert.equal(a.length, lengths[k]);
            assert.ok(a.every((x) => x === 0));
            a.fill(k + 1);
          });
          // each array still holds its own mark: none was written through another
          arrays.forEach((a, k) => assert.ok(a.every((x) => x === k + 1)));
          assert.throws(() => slab.take(spare + 1), /Int32Slab: \d+ words asked, \d+ left/);
        },
      ),
      { seed: 22, numRuns: 200 },
    );
  });

  it('a LinearizedSet in a shared slab stays within its words(n)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.array(fc.nat({ max: 99 })), (n, adds) => {
        const slab = new Int32Slab(2 + LinearizedSet.words(n));
        const before = slab.take(1).fill(-7);
        const set = new LinearizedSet(n, slab);
        const after = slab.take(1).fill(-9);
        const own = new LinearizedSet(n);
        for (const r of adds) {
          const k = r % n;
          if (set.has(k)) continue;
          set.add(k);
          own.add(k);
        }
        assert.deepEqual([before[0], after[0]], [-7, -9]);
        assert.equal(set.hash, own.hash);
        assert.deepEqual(
          set.holes.subarray(0, set.holeCount),
          own.holes.subarray(0, own.holeCount),
        );
      }),
      { seed: 22, numRuns: 200 },
    );
  });
});

describe('linearizability: StateCache', () => {
  /** Steps: add a rank to the set, undo the last add, or look up (set + rank, state). */
  const step = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), rank: fc.nat({ max: 29 }) }),
    fc.record({ kind: fc.constant('undo' as const) }),
    fc.record({
      kind: fc.constant('visit' as const),
      rank: fc.nat({ max: 29 }),
      state: fc.nat({ max: 3 }),
    }),
  );

  for (const [what, capacity, ids] of [
    ['integer states, room for 2 at first (many doublings)', 2, true],
    ['integer states, room for 4,096 at first', 4096, true],
    ['string states compared by equal, room for 2 at first', 2, false],
  ] as const) {
    it(`remembers every (set, state) added and nothing else: ${what}`, () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
          const set = new LinearizedSet(30);
          const cache = ids
            ? new StateCache<number | string>(undefined, capacity)
            : new StateCache<number | string>((a, b) => a === b, capacity);
          const seen = new Set<string>();
          const added: number[] = [];
          for (const s of steps) {
            if (s.kind === 'undo') {
              const last = added.pop();
              if (last !== undefined) set.removeLast(last);
              continue;
            }
            if (set.has(s.rank)) continue;
            if (s.kind === 'add') {
              set.add(s.rank);
              added.push(s.rank);
              continue;
            }
            const members = [...added, s.rank].sort((a, b) => a - b).join(',');
            const key = `${members}|${s.state}`;
            // the string states hash alike, so only equal tells them apart
            const state = ids ? s.state : `state ${s.state}`;
            const hash = ids ? s.state : 1;
            assert.equal(cache.hasWith(set, s.rank, state, hash), seen.has(key), key);
            if (!seen.has(key)) {
              set.add(s.rank);
              cache.add(set, state, hash);
              set.removeLast(s.rank);
              seen.add(key);
            }
          }
          assert.equal(cache.size, seen.size);
        }),
        { seed: 22, numRuns: 150 },
      );
    });
  }

  it('refuses a capacity that is not a power of two', () => {
    assert.throws(() => new StateCache<number>(undefined, 48), /power of two/);
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkLinearizability } from '../../../src/checker/linearizability/index.js';
import { LinearizedSet } from '../../../src/checker/linearizability/linearizedSet.js';
import { sequentialRegister, toHistory, type DrawnOp } from './histories.js';

/** A deterministic register execution of `n` ops, each overlapping ~8 others; `info` of them info. */
function longRegister(n: number, info: number): DrawnOp[] {
  let seed = 12345;
  const rnd = (k: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return (seed >>> 8) % k;
  };
  return Array.from({ length: n }, (): DrawnOp => {
    const r = rnd(100) / 100;
    return {
      f: (['read', 'read', 'write', 'cas'] as const)[rnd(4)] ?? 'read',
      a: 1 + rnd(4),
      b: 1 + rnd(4),
      outcome: r < info / 2 ? 'info' : r < info ? 'lost' : 'ok',
      before: rnd(41),
      after: rnd(41),
    };
  });
}

describe('linearizability: long single-key histories', () => {
  const N = 30_000;
  // Cache entries holding a full bitset of the ops would need > 100 MiB here.
  const memoryLimitBytes = 32 * 2 ** 20;

  it(`a linearizable register history of ${N} ops fits in ${memoryLimitBytes / 2 ** 20} MiB`, async () => {
    const r = await checkLinearizability(toHistory(sequentialRegister(longRegister(N, 0.02))), {
      model: 'cas-register',
      memoryLimitBytes,
    });
    assert.equal(r.valid, true, r.reason);
    assert.ok(r.peakCacheBytes < memoryLimitBytes);
  });

  it('one read of a value never written, in the middle, makes it not linearizable, with evidence', async () => {
    // without info ops: those could move anywhere, and backtracking over them is exponential
    const ops = sequentialRegister(longRegister(N, 0));
    const mid = ops.findIndex((o, i) => i > N / 2 && o.f === 'read' && o.status === 'ok');
    ops[mid] = { ...(ops[mid] as (typeof ops)[number]), output: 99 };
    const r = await checkLinearizability(toHistory(ops), {
      model: 'cas-register',
      memoryLimitBytes,
      verbose: true,
    });
    assert.equal(r.valid, false, r.reason);
    const ev = r.partitions[0]?.evidence;
    assert.ok(ev);
    const prefix = ev.longestPrefixes[0] ?? [];
    assert.ok(prefix.length > N / 3);
    assert.equal(new Set(prefix).size, prefix.length);
    assert.ok(ev.stuck.some((s) => s.why === 'illegal' && s.op.includes('99')));
  });
});

describe('linearizability: LinearizedSet', () => {
  /** Steps: a rank to add (if absent) or -1 to undo the last add. */
  const steps = fc.array(fc.integer({ min: -1, max: 39 }), { maxLength: 200 });

  it('frontier and holes describe the set; the hash depends on the set only', () => {
    fc.assert(
      fc.property(steps, (ss) => {
        const set = new LinearizedSet(40);
        const added: number[] = [];
        const hashes = new Map<string, number>();
        for (const s of ss) {
          if (s < 0) {
            const last = added.pop();
            if (last !== undefined) set.removeLast(last);
          } else if (!added.includes(s)) {
            added.push(s);
            set.add(s);
          }
          const members = [...added].sort((a, b) => a - b);
          const frontier = members.length === 0 ? 0 : (members.at(-1) as number) + 1;
          const holes = [...Array(frontier).keys()].filter((k) => !added.includes(k));
          assert.equal(set.frontier, frontier);
          assert.deepEqual([...set.holes.subarray(0, set.holeCount)], holes);
          assert.equal(set.count, added.length);
          for (let k = 0; k < 40; k++) assert.equal(set.has(k), added.includes(k));
          const id = members.join(',');
          const seen = hashes.get(id);
          if (seen !== undefined) assert.equal(set.hash, seen);
          hashes.set(id, set.hash);
        }
      }),
    );
  });

  it('equalsWith(rank, ...) is equality of the set plus rank with (frontier, holes)', () => {
    const ranks = fc.uniqueArray(fc.integer({ min: 0, max: 39 }), { maxLength: 30 });
    const toggles = fc.uniqueArray(fc.integer({ min: 0, max: 39 }), { maxLength: 2 });
    fc.assert(
      fc.property(ranks, fc.integer({ min: 0, max: 39 }), toggles, (a, rank, flip) => {
        const set = new LinearizedSet(40);
        for (const k of a) if (k !== rank) set.add(k);
        const withRank = new Set([...a, rank]);
        // the stored set: set plus rank, with up to two ranks toggled
        const other = new Set(withRank);
        for (const k of flip) if (!other.delete(k)) other.add(k);
        const frontier = other.size === 0 ? 0 : Math.max(...other) + 1;
        const holes = Int32Array.from([...Array(frontier).keys()].filter((k) => !other.has(k)));
        // the cache compares only entries with the candidate's frontier
        if (frontier !== Math.max(set.frontier, rank + 1)) return;
        assert.equal(set.equalsWith(rank, frontier, holes, 0, holes.length), flip.length === 0);
      }),
    );
  });
});

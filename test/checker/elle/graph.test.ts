import assert from 'node:assert/strict';
import fc from 'fast-check';
import { classifyCycle } from '../../../src/checker/elle/classify.js';
import { findCycleOfType, TIMED_OUT } from '../../../src/checker/elle/cycleSearch.js';
import {
  csrFromEdges,
  REALTIME,
  RW,
  stronglyConnectedComponents,
  WR,
  WW,
} from '../../../src/checker/elle/graph.js';

/** Reference: u and v are in one component iff each reaches the other. */
function reach(n: number, edges: [number, number][]): boolean[][] {
  const r = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i === j));
  for (const [u, v] of edges) r[u]![v] = true;
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) if (r[i]![k] && r[k]![j]) r[i]![j] = true;
  return r;
}

describe('list-append graph: components and cycles', () => {
  it('Tarjan (iterative) agrees with reachability on random graphs', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 12 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 }),
            ),
          ),
        ([n, raw]) => {
          const edges = raw.filter(([u, v]) => u !== v);
          const comps = stronglyConnectedComponents(
            csrFromEdges(
              n,
              edges.map(([u, v]) => [u, v, WW]),
            ),
          );
          const r = reach(n, edges);
          const id = new Array<number>(n).fill(-1);
          comps.forEach((c, i) => c.forEach((u) => (id[u] = i)));
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) {
              if (i === j) continue;
              const same = id[i] !== -1 && id[i] === id[j];
              assert.equal(same, r[i]![j]! && r[j]![i]!, `${i} ${j}`);
            }
        },
      ),
    );
  });

  it('a long chain closed into one cycle: no stack overflow', () => {
    const n = 200_000;
    const edges: [number, number, number][] = [];
    for (let i = 0; i < n; i++) edges.push([i, (i + 1) % n, WW]);
    const comps = stronglyConnectedComponents(csrFromEdges(n, edges));
    assert.equal(comps.length, 1);
    assert.equal(comps[0]?.length, n);
  });

  it('classifies cycles by their edges as Elle does', () => {
    assert.equal(classifyCycle(['ww', 'ww']), 'G0');
    assert.equal(classifyCycle(['ww', 'wr']), 'G1c');
    assert.equal(classifyCycle(['wr', 'rw']), 'G-single');
    assert.equal(classifyCycle(['rw', 'rw']), 'G2-item');
    assert.equal(classifyCycle(['rw', 'wr', 'rw', 'wr']), 'G-nonadjacent');
    assert.equal(classifyCycle(['rw', 'wr', 'wr', 'rw']), 'G2-item'); // adjacent going round
    assert.equal(classifyCycle(['ww', 'realtime']), 'G0-realtime');
    assert.equal(classifyCycle(['wr', 'process']), 'G1c-process');
  });

  it('finds the shortest cycle of each type, or none', () => {
    // 0 -ww-> 1 -wr-> 2 -rw-> 0, and 1 -ww-> 0
    const g = csrFromEdges(3, [
      [0, 1, WW],
      [1, 2, WR],
      [2, 0, RW],
      [1, 0, WW],
    ]);
    const far = performance.now() + 10_000;
    const g0 = findCycleOfType(g, 'G0', far);
    assert.ok(g0 && g0 !== TIMED_OUT);
    assert.deepEqual(g0.labels, ['ww', 'ww']);
    assert.equal(findCycleOfType(g, 'G1c', far), null);
    const gs = findCycleOfType(g, 'G-single', far);
    assert.ok(gs && gs !== TIMED_OUT);
    assert.deepEqual([...gs.labels].sort(), ['rw', 'wr', 'ww']);
    assert.equal(findCycleOfType(g, 'G2-item', far), null);
    assert.equal(findCycleOfType(g, 'G0-realtime', far), null);
    const rt = csrFromEdges(2, [
      [0, 1, REALTIME],
      [1, 0, RW],
    ]);
    const c = findCycleOfType(rt, 'G-single-realtime', far);
    assert.ok(c && c !== TIMED_OUT);
    assert.equal(classifyCycle(c.labels), 'G-single-realtime');
  });
});

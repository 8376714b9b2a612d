import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  checkListAppend,
  loadTxnHistory,
  type CycleAnomaly,
} from '../../../src/checker/elle/index.js';
import { a, history, r } from './histories.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'elle');

describe('list-append checker: the worked examples of the Elle paper', () => {
  it("the four-transaction example is G-single: T3 sees T2's append of 8, T4 misses it", async () => {
    const h = await loadTxnHistory(join(FIXTURES, 'paper-g-single.edn'));
    for (const m of ['strict-serializable', 'serializable', 'snapshot-isolation'] as const) {
      const res = checkListAppend(h.ops, { consistencyModel: m });
      assert.equal(res.valid, false, m);
      assert.deepEqual(res.anomalyTypes, ['G-single'], m);
    }
    const res = checkListAppend(h.ops, { consistencyModel: 'serializable' });
    const c = res.anomalies['G-single']?.[0] as CycleAnomaly;
    // T2 = op 3, T3 = op 5, T4 = op 7.
    assert.deepEqual(
      c.edges.map((e) => `${e.from} ${e.kind} ${e.to}`),
      ['T7 rw T3', 'T3 wr T5', 'T5 ww T7'],
    );
    assert.match(c.edges[0]!.explanation, /T7 read key 255 as \[2 3 4 5\]; T3 appended 8/);
    assert.match(c.edges[2]!.explanation, /3 was never read, so it came after 4/);
    assert.deepEqual(res.impossibleModels, [
      'strict-serializable',
      'serializable',
      'snapshot-isolation',
    ]);
    // Read committed and repeatable read (as Elle defines it) allow G-single.
    assert.equal(checkListAppend(h.ops, { consistencyModel: 'repeatable-read' }).valid, true);
  });

  it('inferring version orders: a read [1 2 3] orders every append before it', () => {
    // The paper's point that list reads reveal the full order: appends 1, 2, 3 by three
    // transactions and a read of [1 2 3] give ww edges T1 < T2 < T3 and no anomaly.
    const h = history()
      .concurrent([
        [0, [a('x', 1)]],
        [1, [a('x', 2)]],
        [2, [a('x', 3)]],
      ])
      .txn(3, [r('x', [1, 2, 3])]).ops;
    const res = checkListAppend(h, { consistencyModel: 'serializable' });
    assert.equal(res.valid, true);
    assert.equal(res.stats.edges, 3); // ww 1->2, ww 2->3, wr 3->reader
  });

  it("incompatible reads [1 2] and [1 3] mean no total order of appends (the paper's incompatible-order)", () => {
    const h = history().concurrent([
      [0, [a('x', 1)]],
      [1, [a('x', 2)]],
      [2, [a('x', 3)]],
      [3, [r('x', [1, 2])]],
      [4, [r('x', [1, 3])]],
    ]).ops;
    const res = checkListAppend(h, { consistencyModel: 'read-committed' });
    assert.equal(res.valid, false);
    assert.deepEqual(res.anomalyTypes, ['incompatible-order']);
  });
});

import assert from 'node:assert/strict';
import {
  checkListAppend,
  CONSISTENCY_MODELS,
  type AnomalyType,
  type ConsistencyModel,
  type CycleAnomaly,
  type ListAppendResult,
} from '../../../src/checker/elle/index.js';
import type { Op } from '../../../src/history/op.js';
import { a, history, r } from './histories.js';

const check = (ops: Op[], consistencyModel: ConsistencyModel = 'serializable'): ListAppendResult =>
  checkListAppend(ops, { consistencyModel });

/** Every type found, reportable or allowed. */
const allTypes = (res: ListAppendResult): string[] =>
  [...res.anomalyTypes, ...Object.keys(res.allowed)].sort();

function cycleOf(res: ListAppendResult, type: AnomalyType): CycleAnomaly {
  const list = res.anomalies[type];
  assert.ok(list && list.length > 0, `no ${type} in ${JSON.stringify(res.anomalyTypes)}`);
  return list[0] as CycleAnomaly;
}

describe('list-append checker: each anomaly class, hand-built', () => {
  it('a serial history of interleaved, non-overlapping transactions is valid under every model', () => {
    const h = history()
      .txn(0, [a('x', 1), r('y', [])])
      .txn(1, [r('x', [1]), a('y', 1)])
      .txn(2, [a('x', 2), r('x', [1, 2])])
      .txn(0, [r('y', [1]), a('y', 2)])
      .txn(1, [r('x', [1, 2]), r('y', [1, 2])])
      .txn(2, [a('z', 'a')], 'fail')
      .txn(2, [r('z', []), a('x', 3)])
      .txn(0, [r('x', [1, 2, 3])]).ops;
    for (const m of CONSISTENCY_MODELS) {
      const res = check(h, m);
      assert.equal(res.valid, true, `${m}: ${res.explanations.join('; ')}`);
      assert.deepEqual(res.anomalyTypes, [], m);
    }
  });

  it('G0: two transactions whose appends to x and y land in opposite orders', () => {
    const h = history()
      .concurrent([
        [0, [a('x', 1), a('y', 1)]],
        [1, [a('x', 2), a('y', 2)]],
      ])
      .txn(2, [r('x', [1, 2]), r('y', [2, 1])]).ops;
    const res = check(h);
    assert.equal(res.valid, false);
    assert.deepEqual(allTypes(res), ['G0']);
    const c = cycleOf(res, 'G0');
    assert.deepEqual(
      c.edges.map((e) => e.kind),
      ['ww', 'ww'],
    );
    assert.match(c.explanation, /T2 appended 1 and T3 appended 2 to key "x"/);
    // Read uncommitted rules out G0 too.
    assert.equal(check(h, 'read-uncommitted').valid, false);
  });

  it("G1c: each of two transactions reads the other one's append", () => {
    const h = history().concurrent([
      [0, [a('x', 1), r('y', [1])]],
      [1, [a('y', 1), r('x', [1])]],
    ]).ops;
    const res = check(h);
    assert.deepEqual(allTypes(res), ['G1c']);
    assert.deepEqual(
      cycleOf(res, 'G1c').edges.map((e) => e.kind),
      ['wr', 'wr'],
    );
    assert.equal(check(h, 'read-committed').valid, false);
    assert.equal(check(h, 'read-uncommitted').valid, true);
  });

  it("G-single: a read that sees one of a transaction's appends but not the other", () => {
    const h = history().concurrent([
      [0, [a('x', 1), a('y', 1)]],
      [1, [r('x', [1]), r('y', [])]],
    ]).ops;
    const res = check(h);
    assert.deepEqual(allTypes(res), ['G-single']);
    const c = cycleOf(res, 'G-single');
    assert.deepEqual(c.edges.map((e) => e.kind).sort(), ['rw', 'wr']);
    assert.ok(c.edges.some((e) => /observed|read key "y" as \[\]/.test(e.explanation)));
    assert.equal(check(h, 'snapshot-isolation').valid, false);
    // Elle: repeatable read does not proscribe G-single (only G2-item among cycles with rw).
    assert.equal(check(h, 'repeatable-read').valid, true);
  });

  it('G2-item: write skew, two adjacent anti-dependencies', () => {
    const h = history().concurrent([
      [0, [r('x', []), a('y', 1)]],
      [1, [r('y', []), a('x', 1)]],
    ]).ops;
    const res = check(h);
    assert.deepEqual(allTypes(res), ['G2-item']);
    assert.deepEqual(
      cycleOf(res, 'G2-item').edges.map((e) => e.kind),
      ['rw', 'rw'],
    );
    // Snapshot isolation allows write skew.
    const si = check(h, 'snapshot-isolation');
    assert.equal(si.valid, true);
    assert.deepEqual(si.allowed, { 'G2-item': 1 });
    assert.equal(check(h, 'repeatable-read').valid, false);
  });

  it('G-nonadjacent: two anti-dependencies separated by reads', () => {
    // T_a -rw-> T_b -wr-> T_c -rw-> T_d -wr-> T_a
    const h = history().concurrent([
      [0, [r('p', []), r('s', [1])]],
      [1, [a('p', 1), a('q', 1)]],
      [2, [r('q', [1]), r('s2', [])]],
      [3, [a('s2', 1), a('s', 1)]],
    ]).ops;
    const res = check(h);
    assert.deepEqual(allTypes(res), ['G-nonadjacent']);
    assert.deepEqual(
      cycleOf(res, 'G-nonadjacent').edges.map((e) => e.kind),
      ['rw', 'wr', 'rw', 'wr'],
    );
    assert.equal(check(h, 'snapshot-isolation').valid, false);
    assert.equal(check(h, 'repeatable-read').valid, true);
  });

  it('G1a: a committed read of an element appended by a failed transaction', () => {
    const h = history()
      .txn(0, [a('x', 1)], 'fail')
      .txn(1, [r('x', [1])]).ops;
    const res = check(h);
    // No edge between the two (the failed one is no vertex): Elle adds empty-transaction-graph.
    assert.deepEqual(allTypes(res), ['G1a', 'empty-transaction-graph']);
    assert.equal(res.valid, false);
    const g = res.anomalies.G1a?.[0];
    assert.ok(g && g.type === 'G1a');
    assert.equal(g.writer.name, 'T1');
    assert.equal(g.reader.name, 'T3');
    assert.match(g.explanation, /T3 read key "x" as \[1\], but 1 was appended by T1, which failed/);
    assert.equal(check(h, 'read-committed').valid, false);
    // Read uncommitted allows G1a; with no dependency inferred the verdict is unknown.
    assert.equal(check(h, 'read-uncommitted').valid, 'unknown');
  });

  it('G1b: a read ending in an element its writer appended over', () => {
    const h = history().concurrent([
      [0, [a('x', 1), a('x', 2)]],
      [1, [r('x', [1])]],
    ]).ops;
    const res = check(h);
    assert.ok(res.anomalyTypes.includes('G1b'));
    // Seeing part of T1's appends also closes T1 -wr-> T2 -rw-> T1, as in Elle.
    assert.deepEqual(allTypes(res), ['G-single', 'G1b']);
  });

  it('dirty update: a committed append on top of a failed one', () => {
    const h = history()
      .txn(0, [a('x', 1)], 'fail')
      .txn(1, [a('x', 2)])
      .txn(2, [r('x', [1, 2])]).ops;
    const res = check(h);
    assert.deepEqual(allTypes(res), ['G1a', 'dirty-update']);
    const d = res.anomalies['dirty-update']?.[0];
    assert.ok(d && d.type === 'dirty-update');
    assert.deepEqual(d.values, [1, 2]);
    assert.equal(d.failed.name, 'T1');
    assert.equal(d.committed.name, 'T3');
  });

  it('internal: a transaction that does not read back its own append', () => {
    const res = check(
      history()
        .txn(0, [a('x', 1), r('x', [])])
        .txn(1, [r('x', [1])]).ops,
    );
    assert.deepEqual(allTypes(res), ['internal']);
    const i = res.anomalies.internal?.[0];
    assert.ok(i && i.type === 'internal');
    assert.deepEqual(i.expected, { endsWith: [1] });
    // And one whose second read disagrees with its first read plus its append.
    const res2 = check(
      history()
        .txn(0, [a('x', 1)])
        .txn(1, [r('x', [1]), a('x', 2), r('x', [1, 3, 2])])
        .txn(2, [a('x', 3)]).ops,
    );
    assert.ok(res2.anomalyTypes.includes('internal'));
  });

  it('future read: a transaction reads an element it appends later', () => {
    const res = check(
      history()
        .txn(0, [r('x', [1]), a('x', 1)])
        .txn(1, [r('x', [1])]).ops,
    );
    assert.deepEqual(allTypes(res), ['future-read']);
  });

  it('duplicate elements: one element twice in a read', () => {
    const res = check(
      history()
        .txn(0, [a('x', 1)])
        .txn(1, [r('x', [1, 1])]).ops,
    );
    assert.deepEqual(allTypes(res), ['duplicate-elements']);
    assert.equal(
      check(
        history()
          .txn(0, [a('x', 1)])
          .txn(1, [r('x', [1, 1])]).ops,
        'read-uncommitted',
      ).valid,
      false,
    );
  });

  it('incompatible order: two reads that are not prefixes of one another', () => {
    const h = history()
      .concurrent([
        [0, [a('x', 1)]],
        [1, [a('x', 2)]],
      ])
      .txn(2, [r('x', [1, 2])])
      .txn(3, [r('x', [2, 1])]).ops;
    const res = check(h);
    assert.deepEqual(allTypes(res), ['incompatible-order']);
    const io = res.anomalies['incompatible-order']?.[0];
    assert.ok(io && io.type === 'incompatible-order');
    assert.deepEqual(io.values, [
      [1, 2],
      [2, 1],
    ]);
  });

  it('lost update: two transactions read the same version and both append', () => {
    const h = history()
      .concurrent([
        [0, [r('x', []), a('x', 1)]],
        [1, [r('x', []), a('x', 2)]],
      ])
      .txn(2, [r('x', [1, 2])]).ops;
    const res = check(h);
    assert.deepEqual(allTypes(res), ['G-single', 'lost-update']);
    assert.equal(check(h, 'repeatable-read').valid, false);
    assert.equal(check(h, 'read-committed').valid, true);
  });

  it('G-single-realtime: a stale read after an append completed', () => {
    const h = history()
      .txn(0, [a('x', 1)])
      .txn(1, [r('x', [])])
      .txn(2, [r('x', [1])]).ops;
    const res = check(h, 'strict-serializable');
    assert.deepEqual(res.anomalyTypes, ['G-single-realtime']);
    const c = cycleOf(res, 'G-single-realtime');
    assert.deepEqual(c.edges.map((e) => e.kind).sort(), ['realtime', 'rw']);
    assert.ok(
      c.edges.some((e) => /completed \(op 1\) before T3 was invoked \(op 2\)/.test(e.explanation)),
    );
    assert.equal(check(h, 'serializable').valid, true);
  });

  it('G0-realtime and G1c-realtime', () => {
    const g0 = history()
      .txn(0, [a('x', 1)])
      .txn(1, [a('x', 2)])
      .txn(2, [r('x', [2, 1])]).ops;
    assert.deepEqual(check(g0, 'strict-serializable').anomalyTypes, ['G0-realtime']);
    const g1c = history()
      .txn(0, [r('x', [1])])
      .txn(1, [a('x', 1)]).ops;
    const res = check(g1c, 'strict-serializable');
    assert.deepEqual(res.anomalyTypes, ['G1c-realtime']);
  });

  it('an unobserved acknowledged append is counted as lost once a later read misses it', () => {
    const h = history()
      .txn(0, [a('x', 1)])
      .txn(1, [a('x', 2)])
      .txn(2, [r('x', [1])]).ops;
    const res = check(h, 'strict-serializable');
    assert.equal(res.unobservedAppends.lost, 1);
    assert.equal(res.valid, false);
    assert.deepEqual(res.anomalyTypes, ['G-single-realtime']);
  });

  it('no dependency at all: unknown, as Elle says for an empty transaction graph', () => {
    const res = check(history().txn(0, [a('x', 1)]).ops);
    assert.equal(res.valid, 'unknown');
    assert.deepEqual(res.anomalyTypes, ['empty-transaction-graph']);
  });

  it('a value appended twice to one key makes the verdict unknown', () => {
    const res = check(
      history()
        .txn(0, [a('x', 1)])
        .txn(1, [a('x', 1)])
        .txn(2, [r('x', [1])]).ops,
    );
    assert.equal(res.valid, 'unknown');
    assert.match(res.reason ?? '', /duplicate-appends/);
  });

  it('info transactions: their appends may be read, their nil reads are not observations', () => {
    const h = history()
      .txn(0, [a('x', 1), r('y', [])], 'info')
      .txn(1, [r('x', [1])])
      .txn(2, [a('y', 5)])
      .txn(3, [r('y', [5])]).ops;
    for (const m of CONSISTENCY_MODELS) assert.equal(check(h, m).valid, true, m);
  });

  it('lists are capped and say how many were left out', () => {
    const b = history().txn(0, [a('x', 1)], 'fail');
    for (let p = 1; p <= 30; p++) b.txn(p, [r('x', [1])]);
    const res = checkListAppend(b.ops, { maxAnomaliesPerType: 5, maxExplanations: 3 });
    assert.equal(res.counts.G1a, 30);
    assert.equal(res.anomalies.G1a?.length, 5);
    assert.equal(res.leftOut.G1a, 25);
    assert.equal(res.explanations.length, 4);
    assert.match(res.explanations[3] ?? '', /27 more anomalies/);
  });
});

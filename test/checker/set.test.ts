import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkSet, type SetFinalRead } from '../../src/checker/set.js';
import type { Op } from '../../src/history/op.js';

type Outcome = 'ok' | 'fail' | 'info' | 'none';
type Fate = 'both' | 'set' | 'list' | 'neither';

interface Planned {
  outcome: Outcome;
  fate: Fate;
}

/** A history where write i runs on process i % 3 + k*3, in order, with the given outcomes. */
function build(plan: Planned[]): { history: Op[]; reads: SetFinalRead[] } {
  const history: Op[] = [];
  let t = 0;
  const push = (op: Omit<Op, 'index' | 'time'>): void => {
    history.push({ ...op, index: history.length, time: (t += 10) });
  };
  const procs = [0, 1, 2];
  plan.forEach((p, i) => {
    const slot = i % 3;
    const process = procs[slot] ?? 0;
    push({ process, type: 'invoke', f: 'add', value: `e${i}` });
    if (p.outcome !== 'none') push({ process, type: p.outcome, f: 'add', value: `e${i}` });
    if (p.outcome === 'info' || p.outcome === 'none') procs[slot] = process + 3;
  });
  const set = plan.flatMap((p, i) => (p.fate === 'both' || p.fate === 'set' ? [`e${i}`] : []));
  const list = plan.flatMap((p, i) => (p.fate === 'both' || p.fate === 'list' ? [`e${i}`] : []));
  return { history, reads: [{ node: 'n1', primary: true, set, list }] };
}

const planned = fc.record({
  outcome: fc.constantFrom<Outcome>('ok', 'fail', 'info', 'none'),
  fate: fc.constantFrom<Fate>('both', 'set', 'list', 'neither'),
});

describe('set checker', () => {
  it('counts every category as constructed', () => {
    fc.assert(
      fc.property(fc.array(planned, { maxLength: 60 }), (plan) => {
        const { history, reads } = build(plan);
        const r = checkSet({ history, finalReads: reads });
        const count = (pred: (p: Planned) => boolean): number => plan.filter(pred).length;
        const present = (p: Planned): boolean => p.fate !== 'neither';
        const acked = count((p) => p.outcome === 'ok');
        const lost = count((p) => p.outcome === 'ok' && p.fate === 'neither');
        assert.equal(r.attempted, plan.length);
        assert.equal(r.acknowledged, acked);
        assert.equal(r.lost, lost);
        assert.equal(
          r.partial,
          count((p) => p.fate === 'set' || p.fate === 'list'),
        );
        assert.equal(
          r.unexpected,
          count((p) => p.outcome === 'fail' && present(p)),
        );
        assert.equal(
          r.recovered,
          count((p) => (p.outcome === 'info' || p.outcome === 'none') && present(p)),
        );
        assert.equal(r.lostPercent, acked === 0 ? 0 : Math.round((10000 * lost) / acked) / 100);
        assert.equal(r.valid, r.lost === 0 && r.partial === 0 && r.unexpected === 0);
        assert.equal(r.lostWrites.length, lost);
      }),
    );
  });

  it('is valid when every ok and info write is whole and nothing failed is present', () => {
    const clean = fc.oneof(
      fc.record({ outcome: fc.constant<Outcome>('ok'), fate: fc.constant<Fate>('both') }),
      fc.record({ outcome: fc.constant<Outcome>('fail'), fate: fc.constant<Fate>('neither') }),
      fc.record({
        outcome: fc.constantFrom<Outcome>('info', 'none'),
        fate: fc.constantFrom<Fate>('both', 'neither'),
      }),
    );
    fc.assert(
      fc.property(fc.array(clean, { maxLength: 60 }), (plan) => {
        const { history, reads } = build(plan);
        const r = checkSet({ history, finalReads: reads });
        assert.equal(r.valid, true);
        assert.equal(r.lost, 0);
      }),
    );
  });

  it('places lost writes relative to the faults active then', () => {
    const { history } = build([
      { outcome: 'ok', fate: 'neither' },
      { outcome: 'ok', fate: 'both' },
    ]);
    // e0 is invoked at 10 and completes at 20; a partition runs 5..15.
    const r = checkSet({
      history,
      finalReads: [{ node: 'n1', primary: true, set: ['e1'], list: ['e1'] }],
      faults: [{ fault: 'partition', target: 'primary-with-clients', start: 5, end: 15 }],
    });
    assert.equal(r.valid, false);
    assert.deepEqual(r.lostWrites, [
      {
        element: 'e0',
        process: 0,
        outcome: 'ok',
        invoke: 10,
        complete: 20,
        faults: ['partition primary-with-clients'],
      },
    ]);
    assert.equal(r.lostDuringFaults, 1);
    assert.equal(r.lostOutsideFaults, 0);
    assert.deepEqual(r.lostByNode, { unknown: 1 });
  });

  it('derives fault windows from nemesis ops in the history', () => {
    const history: Op[] = [
      { index: 0, time: 1, process: 'nemesis', type: 'info', f: 'start-partition', value: 'n1|n2' },
      { index: 1, time: 2, process: 0, type: 'invoke', f: 'add', value: 'e0' },
      { index: 2, time: 3, process: 0, type: 'ok', f: 'add', value: 'e0', node: 'n1' },
      { index: 3, time: 4, process: 'nemesis', type: 'info', f: 'stop-partition', value: null },
      { index: 4, time: 5, process: 0, type: 'invoke', f: 'add', value: 'e1' },
      { index: 5, time: 6, process: 0, type: 'ok', f: 'add', value: 'e1' },
    ];
    const r = checkSet({
      history,
      finalReads: [{ node: 'n1', primary: true, set: [], list: [] }],
    });
    assert.equal(r.lost, 2);
    assert.deepEqual(
      r.lostWrites.map((w) => w.faults),
      [['partition n1|n2'], []],
    );
    assert.equal(r.lostWrites[0]?.node, 'n1');
    assert.equal(r.lostByNode.n1, 1);
  });

  it('reports per node where replicas disagree with the primary', () => {
    const { history } = build([
      { outcome: 'ok', fate: 'both' },
      { outcome: 'ok', fate: 'both' },
    ]);
    const r = checkSet({
      history,
      finalReads: [
        { node: 'n1', primary: true, set: ['e0', 'e1'], list: ['e0', 'e1'] },
        { node: 'n2', primary: false, set: ['e0', 'e9'], list: ['e0'] },
        { node: 'n3', primary: false, error: 'connection refused' },
      ],
    });
    assert.equal(r.valid, true);
    assert.deepEqual(r.nodes, [
      { node: 'n1', role: 'primary', setSize: 2, listSize: 2, missing: 0, extra: 0, partial: 0 },
      { node: 'n2', role: 'replica', setSize: 2, listSize: 1, missing: 1, extra: 1, partial: 1 },
      {
        node: 'n3',
        role: 'replica',
        missing: 0,
        extra: 0,
        partial: 0,
        error: 'connection refused',
      },
    ]);
  });

  it('is unknown when the final primary could not be read', () => {
    const { history } = build([{ outcome: 'ok', fate: 'both' }]);
    const r = checkSet({
      history,
      finalReads: [{ node: 'n1', primary: true, error: 'timeout' }],
    });
    assert.equal(r.valid, 'unknown');
    assert.match(r.reason ?? '', /n1.*timeout/);
  });

  it('counts never-attempted elements as unexpected and caps the lists', () => {
    const plan: Planned[] = Array.from({ length: 5 }, () => ({ outcome: 'ok', fate: 'neither' }));
    const { history } = build(plan);
    const r = checkSet({
      history,
      finalReads: [{ node: 'n1', primary: true, set: ['x'], list: ['x', 'x'] }],
      maxListed: 2,
    });
    assert.equal(r.lost, 5);
    assert.equal(r.lostWrites.length, 2);
    assert.equal(r.unexpected, 1);
    assert.equal(r.duplicated, 1);
    assert.match(r.truncated ?? '', /showing at most 2 .*lost/);
  });
});

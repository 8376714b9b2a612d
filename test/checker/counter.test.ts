import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkCounter } from '../../src/checker/counter.js';
import type { History, Op, OpType } from '../../src/history/op.js';

/** A history builder: ops get dense indexes and increasing times. */
function history(events: [number, OpType, string, unknown][]): History {
  return events.map(([process, type, f, value], index): Op => ({
    index,
    time: index * 1000,
    process,
    type,
    f,
    value,
    key: 'c',
  }));
}

const primary = (c: number) => [{ node: 'n1', primary: true, values: { c } }];

describe('counter checker', () => {
  it('valid when reads and the final value lie within the bounds', () => {
    const h = history([
      [0, 'invoke', 'add', 2],
      [0, 'ok', 'add', 2],
      [1, 'invoke', 'add', 3],
      [2, 'invoke', 'read', null],
      [2, 'ok', 'read', 5], // the pending add may have happened
      [1, 'info', 'add', 3],
    ]);
    const r = checkCounter({ history: h, finalReads: primary(5) });
    assert.equal(r.valid, true, JSON.stringify(r));
    assert.deepEqual(r.finals[0], {
      key: 'c',
      value: 5,
      lower: 2,
      upper: 5,
      lost: 0,
      duplicated: 0,
    });
  });

  it('finds lost increments (final below the acknowledged sum) and duplicated ones', () => {
    const h = history([
      [0, 'invoke', 'add', 4],
      [0, 'ok', 'add', 4],
      [1, 'invoke', 'add', 1],
      [1, 'fail', 'add', 1],
    ]);
    const lost = checkCounter({ history: h, finalReads: primary(1) });
    assert.equal(lost.valid, false);
    assert.equal(lost.lostIncrements, 3);
    const dup = checkCounter({ history: h, finalReads: primary(6) });
    assert.equal(dup.valid, false);
    assert.equal(dup.duplicatedIncrements, 2);
  });

  it('a read below what was acknowledged before it began is out of bounds', () => {
    const h = history([
      [0, 'invoke', 'add', 2],
      [0, 'ok', 'add', 2],
      [1, 'invoke', 'read', null],
      [1, 'ok', 'read', 0],
    ]);
    const r = checkCounter({ history: h, finalReads: primary(2) });
    assert.equal(r.badReads, 1);
    assert.equal(r.valid, false);
  });

  it('unknown without a primary final read', () => {
    const r = checkCounter({ history: [], finalReads: [{ node: 'n1', primary: false }] });
    assert.equal(r.valid, 'unknown');
  });

  it('a sequential history read back exactly is always valid', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 30 }), (adds) => {
        const events: [number, OpType, string, unknown][] = [];
        let sum = 0;
        for (const a of adds) {
          events.push([0, 'invoke', 'add', a], [0, 'ok', 'add', a]);
          sum += a;
          events.push([1, 'invoke', 'read', null], [1, 'ok', 'read', sum]);
        }
        return checkCounter({ history: history(events), finalReads: primary(sum) }).valid === true;
      }),
    );
  });
});

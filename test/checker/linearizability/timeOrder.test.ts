import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SearchOp } from '../../../src/checker/linearizability/partitionSearch.js';
import { timeOrder } from '../../../src/checker/linearizability/timeOrder.js';

/** The order the search wants, written out plainly: by time, calls first, then by op. */
function reference(ops: readonly SearchOp<unknown>[]): number[] {
  const evs = ops.flatMap((o, i) => [
    { t: o.call, ret: 0, op: i },
    ...(o.ret >= 0 ? [{ t: o.ret, ret: 1, op: i }] : []),
  ]);
  evs.sort((a, b) => a.t - b.t || a.ret - b.ret || a.op - b.op);
  return evs.map((e) => (e.ret === 0 ? e.op : -1 - e.op));
}

describe('linearizability: timeOrder', () => {
  // small times so that equal times (a call and a return, two calls) are common
  const op = fc
    .record({ call: fc.nat({ max: 20 }), len: fc.nat({ max: 6 }), open: fc.boolean() })
    .map(({ call, len, open }) => ({ call, ret: open ? -1 : call + len, input: 0 }));

  it('orders events by time, calls before returns, then by op (packed keys)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        assert.deepEqual([...timeOrder(ops)], reference(ops));
      }),
      { seed: 22, numRuns: 300 },
    );
  });

  it('gives the same order with times it cannot pack (fractions, 2^30 and above)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.constantFrom(0.5, 2 ** 30), (ops, shift) => {
        const moved = ops.map((o) => ({
          ...o,
          call: o.call + shift,
          ret: o.ret < 0 ? -1 : o.ret + shift,
        }));
        assert.deepEqual([...timeOrder(moved)], reference(ops));
      }),
      { seed: 22, numRuns: 300 },
    );
  });
});

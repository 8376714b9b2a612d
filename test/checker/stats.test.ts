import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkStats } from '../../src/checker/stats.js';
import type { Op, OpType } from '../../src/history/op.js';

describe('stats checker', () => {
  it('counts completions by function and type as constructed', () => {
    const opArb = fc.record({
      f: fc.constantFrom('add', 'read'),
      type: fc.constantFrom<OpType | 'none'>('ok', 'fail', 'info', 'none'),
    });
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 50 }), (ops) => {
        const history: Op[] = [];
        let process = 0;
        for (const o of ops) {
          history.push({
            index: history.length,
            time: history.length,
            process,
            type: 'invoke',
            f: o.f,
            value: null,
          });
          if (o.type !== 'none') {
            history.push({
              index: history.length,
              time: history.length,
              process,
              type: o.type,
              f: o.f,
              value: null,
            });
          }
          history.push({
            index: history.length,
            time: history.length,
            process: 'nemesis',
            type: 'info',
            f: 'kill',
            value: null,
          });
          process++;
        }
        const r = checkStats(history);
        for (const f of ['add', 'read']) {
          for (const t of ['ok', 'fail', 'info'] as const) {
            const expected = ops.filter((o) => o.f === f && o.type === t).length;
            assert.equal(r.byF[f]?.[t] ?? 0, expected);
          }
          assert.equal(
            r.byF[f]?.pending ?? 0,
            ops.filter((o) => o.f === f && o.type === 'none').length,
          );
        }
        assert.equal(r.total, ops.filter((o) => o.type !== 'none').length);
        const neverOk = ['add', 'read'].filter(
          (f) => ops.some((o) => o.f === f) && !ops.some((o) => o.f === f && o.type === 'ok'),
        );
        assert.deepEqual(r.neverOk, neverOk);
        assert.equal(r.valid, neverOk.length === 0);
      }),
    );
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { drawSchedule, parseNemesisSpec } from '../../nemesis/index.js';
import { setWorkload } from '../../workloads/set/index.js';

describe('runner determinism', () => {
  it('the same seed gives the same fault schedule; the generator stream is fixed', () => {
    const faults = parseNemesisSpec('partition:primary-with-clients,kill:primary,pause:random');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        const opts = { seed, faults, intervalMs: 2000, timeLimitMs: 60_000 };
        assert.deepEqual(drawSchedule(opts), drawSchedule(opts));
      }),
    );
    const ops = Array.from({ length: 3 }, (_, n) => setWorkload.op(n));
    assert.deepEqual(
      ops,
      [0, 1, 2].map((n) => setWorkload.op(n)),
    );
    assert.deepEqual(ops[1], {
      f: 'add',
      value: 'e1',
      commands: [
        ['SADD', '{set1.11}:s', 'e1'],
        ['RPUSH', '{set1.11}:l', 'e1'],
      ],
    });
  });
});

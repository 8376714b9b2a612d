import assert from 'node:assert/strict';
import { hashSlot } from '../../src/client/cluster/hashSlot.js';
import { COUNTER_KEYS, counterOp, counterWorkload } from '../../workloads/counter/index.js';
import { WORKLOAD_NAMES } from '../../workloads/index.js';

describe('counter workload', () => {
  it('is registered, pure, and spreads its keys over the slots', () => {
    assert.ok(WORKLOAD_NAMES.includes('counter'));
    assert.deepEqual(counterOp(7), counterOp(7));
    const slots = COUNTER_KEYS.map(hashSlot);
    slots.forEach((s, i) => assert.equal(Math.floor(s / 2048), i));
    const ops = Array.from({ length: 100 }, (_, n) => counterOp(n));
    assert.equal(ops.filter((o) => o.kind === 'read').length, 20);
    for (const o of ops) {
      if (o.kind === 'read') assert.equal(o.parse(null), 0);
      else assert.ok(Number(o.value) >= 1 && Number(o.value) <= 5);
    }
    assert.throws(() => counterWorkload.parseState({ k: 'x' }), /number/);
  });
});

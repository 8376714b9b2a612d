import assert from 'node:assert/strict';
import { progressLine } from '../../src/runner/progress.js';

describe('runner progress line', () => {
  it('shows elapsed of limit, ops/s, outcomes and the active faults', () => {
    const counters = { ok: 9912, fail: 3, info: 20, inFlight: 2 };
    const src = {
      elapsedMs: () => 12_400,
      limitMs: 30_000,
      counters,
      activeFaults: () => ['partition:primary-with-clients'],
    };
    assert.equal(
      progressLine(src, 850.4),
      '[run] 12s/30s  850 ops/s  ok 9912 fail 3 info 20  faults: partition:primary-with-clients',
    );
    assert.match(progressLine({ ...src, activeFaults: () => [] }, 0), /faults: none$/);
  });
});

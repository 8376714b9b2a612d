import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hashSlot } from '../../src/client/cluster/hashSlot.js';
import { tagInSlots } from '../../src/runner/probe.js';

describe('runner probe: its keys', () => {
  it('a hash tag in any slot range lands in that range (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 16383 }),
        fc.integer({ min: 0, max: 400 }),
        (from, width) => {
          const to = Math.min(16383, from + width);
          const tag = tagInSlots(from, to);
          const slot = hashSlot(`redcheck:probe:{${tag}}:c1`);
          assert.ok(slot >= from && slot <= to, `${tag} -> ${slot}, not in ${from}-${to}`);
        },
      ),
      { seed: 21, numRuns: 100 },
    );
  });
});

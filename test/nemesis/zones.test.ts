import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { homeNodeIndex, zoneHomes, zonesNextTo } from '../../nemesis/index.js';

describe('zone homes', () => {
  const nodes = [{ name: 'n1' }, { name: 'n2' }, { name: 'n3' }];
  const zones = ['c1', 'c2', 'c3', 'c4', 'c5'].map((name) => ({ name }));

  it('zone i sits next to node i mod n', () => {
    assert.deepEqual(
      zoneHomes(zones, nodes).map((h) => `${h.zone}@${h.node}`),
      ['c1@n1', 'c2@n2', 'c3@n3', 'c4@n1', 'c5@n2'],
    );
    assert.deepEqual(zonesNextTo('n1', zones, nodes), ['c1', 'c4']);
    assert.deepEqual(zonesNextTo('n3', zones, nodes), ['c3']);
    assert.equal(homeNodeIndex(7, 1), 0);
    assert.throws(() => homeNodeIndex(1, 0), /positive/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { partitionGroups } from '../../nemesis/index.js';
import { cutPlan, dropScript } from '../../nemesis/iptables.js';
import { createRandom } from '../../src/common/random.js';

describe('partition cut plan', () => {
  const ips: Record<string, string> = {
    n1: '10.9.0.2',
    n2: '10.9.0.3',
    n3: '10.9.0.4',
    c1: '10.9.0.101',
    c2: '10.9.0.102',
    c3: '10.9.0.103',
  };
  const ipOf = (name: string): string => ips[name] ?? assert.fail(name);

  it('each node drops the nodes and zones of the other side, nothing of its own', () => {
    const g = partitionGroups(
      {
        nodes: ['n1', 'n2', 'n3'],
        zones: ['c1', 'c2', 'c3'],
        primary: 'n2',
        target: 'primary-with-clients',
      },
      createRandom(3),
    );
    const plan = cutPlan(g, ipOf);
    assert.deepEqual(Object.fromEntries(plan), {
      n2: ['10.9.0.2', '10.9.0.4', '10.9.0.101', '10.9.0.103'],
      n1: ['10.9.0.3', '10.9.0.102'],
      n3: ['10.9.0.3', '10.9.0.102'],
    });
  });

  it('drop rules go in the REDCHECK chain, both directions, and refuse non-addresses', () => {
    assert.equal(
      dropScript(['10.0.0.1']),
      "printf '%s\\n' '*filter' '-A REDCHECK -s 10.0.0.1 -j DROP' '-A REDCHECK -d 10.0.0.1 -j DROP' COMMIT | iptables-restore -w --noflush",
    );
    assert.equal(dropScript([]), 'true');
    assert.throws(() => dropScript(['10.0.0.1; reboot']), /not an IPv4 address/);
  });
});

import assert from 'node:assert/strict';
import { resolveDeploymentOptions } from '../../src/cluster/deploymentOptions.js';
import { parseClusterNodes, shardLayout, slotCount } from '../../src/cluster/clusterLayout.js';
import { renderRedisConfig } from '../../src/cluster/redisConfig.js';
import { isRedcheckError } from '../../src/errors.js';
import { resolveScenario } from '../../src/runner/scenario.js';

const exit2 = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (e: unknown) => isRedcheckError(e) && pattern.test(e.message));

describe('cluster topology: options, layout, scenario', () => {
  it('defaults to 3 shards x 1 replica, a 2000 ms node timeout, full coverage', () => {
    const o = resolveDeploymentOptions({ topology: 'cluster' });
    assert.equal(o.shards, 3);
    assert.equal(o.replicas, 1);
    assert.equal(o.clusterNodeTimeoutMs, 2000);
    assert.equal(o.clusterRequireFullCoverage, true);
    assert.equal(o.zones, 6);
    const conf = renderRedisConfig(o);
    assert.match(conf, /^cluster-enabled yes$/m);
    assert.match(conf, /^cluster-node-timeout 2000$/m);
    assert.doesNotMatch(conf, /replicaof/);
  });

  it('refuses fewer than 3 shards, and shards on other topologies', () => {
    for (const shards of [0, 1, 2]) {
      exit2(() => resolveDeploymentOptions({ topology: 'cluster', shards }), /at least 3 shards/);
      exit2(() => resolveScenario({ topology: 'cluster', shards }), /at least 3 shards/);
    }
    exit2(() => resolveScenario({ topology: 'replication', shards: 3 }), /shards/);
  });

  it('lays out shards: primaries n1..nS, replicas after, slots split evenly', () => {
    const layout = shardLayout(3, 1);
    assert.deepEqual(
      layout.map((s) => [s.shard, s.nodes, s.slots]),
      [
        ['s1', ['n1', 'n4'], [0, 5460]],
        ['s2', ['n2', 'n5'], [5461, 10921]],
        ['s3', ['n3', 'n6'], [10922, 16383]],
      ],
    );
    assert.equal(
      shardLayout(7, 2).reduce((n, s) => n + slotCount([s.slots]), 0),
      16384,
    );
  });

  it('parses CLUSTER NODES lines', () => {
    const [a, b] = parseClusterNodes(
      'abc 10.0.0.2:6379@16379 myself,master - 0 0 1 connected 0-5460 [5461->-def]\n' +
        'def 10.0.0.5:6379@16379,host slave abc 0 1700 1 connected\n',
    );
    assert.deepEqual(a?.slots, [[0, 5460]]);
    assert.equal(a?.ip, '10.0.0.2');
    assert.equal(b?.primaryId, 'abc');
    assert.ok(b?.flags.includes('slave'));
  });

  it('refuses ioredis, replica reads and non-cluster faults on a cluster; cluster faults elsewhere', () => {
    exit2(() => resolveScenario({ topology: 'cluster', client: 'ioredis' }), /ioredis/);
    exit2(() => resolveScenario({ topology: 'cluster', readFrom: 'replica' }), /replica/);
    exit2(() => resolveScenario({ topology: 'cluster', nemesis: 'kill:primary' }), /cluster/);
    exit2(() => resolveScenario({ topology: 'sentinel', nemesis: 'failover:shard' }), /sentinel/);
    exit2(() => resolveScenario({ topology: 'sentinel', nemesis: 'migrate' }), /sentinel/);
    exit2(
      () =>
        resolveScenario({
          topology: 'cluster',
          nemesis: 'migrate',
          faultOptions: { migrateSlots: '16380-16400' },
        }),
      /slot range/,
    );
    const s = resolveScenario({ topology: 'cluster' });
    assert.deepEqual(s.nemesis, ['partition:shard-primary-with-clients']);
    assert.match(s.nemesis.join(), /shard-primary/);
    const ok = resolveScenario({
      topology: 'cluster',
      nemesis:
        'kill:shard-primary,pause:shard-primary,failover:shard,migrate,partition:random-halves',
    });
    assert.equal(ok.faults.length, 5);
  });
});

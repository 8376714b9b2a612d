import assert from 'node:assert/strict';
import { observeNodeEvents } from '../../src/runner/observers/nodeEvents.js';
import {
  freePort,
  requireRedisServer,
  startRedis,
  until,
  type RedisServer,
} from '../support/redisServer.js';

// The node observer against real redis-server processes: a primary on 127.0.0.1 and a replica
// on 127.0.0.2 (same port, as a run's nodes). It sees the resync the primary served, an RDB
// save, each node's persistence, and a role change when the replica is promoted.

describe('node observer: roles, resyncs, RDB saves, persistence (redis-server)', function () {
  this.timeout(60_000);
  let primary: RedisServer;
  let replica: RedisServer;
  let port: number;

  before(async function () {
    requireRedisServer(this);
    port = await freePort('127.0.0.2');
    primary = await startRedis({ host: '127.0.0.1', port, config: ['save 3600 1'] });
    replica = await startRedis({ host: '127.0.0.2', port });
  });
  after(async () => {
    await replica?.stop();
    await primary?.stop();
  });

  it('records the full resync, the save, the persistence and the promotion, on the run clock', async () => {
    const t0 = process.hrtime.bigint();
    const now = (): number => Number(process.hrtime.bigint() - t0);
    const nodes = [
      { name: 'n1', ip: '127.0.0.1' },
      { name: 'n2', ip: '127.0.0.2' },
    ];
    const o = observeNodeEvents({ nodes, redisPort: port }, now, 50);
    const admin = replica.admin();
    const padmin = primary.admin();
    await new Promise((r) => setTimeout(r, 200));
    await admin.call('REPLICAOF', '127.0.0.1', String(port));
    await until('replica online', async () =>
      ((await admin.call('INFO', 'replication')) as string).includes('master_link_status:up'),
    );
    await padmin.call('SET', 'k', 'v');
    await new Promise((r) => setTimeout(r, 1100)); // rdb_last_save_time has a second's resolution
    await padmin.call('SAVE');
    await new Promise((r) => setTimeout(r, 200));
    await admin.call('REPLICAOF', 'NO', 'ONE');
    await new Promise((r) => setTimeout(r, 300));
    const seen = await o.stop();
    const end = now();
    assert.ok(seen.samples > 10);
    const toReplica = seen.roles.find((r) => r.node === 'n2' && r.role === 'replica');
    assert.equal(toReplica?.primary, 'n1', 'the replica names its primary by node');
    const promoted = seen.roles.find((r) => r.node === 'n2' && r.role === 'primary');
    assert.ok(promoted && toReplica && promoted.time > toReplica.time);
    assert.ok(seen.resyncs.some((r) => r.primary === 'n1' && r.kind === 'full'));
    const saves = seen.saves.filter((s) => s.node === 'n1');
    assert.ok(saves.length >= 2, 'the initial save time and the SAVE');
    const last = saves[saves.length - 1];
    assert.ok(
      last && last.time <= end && last.time > end - 3e9,
      `the SAVE on the run clock (${last?.time})`,
    );
    assert.ok((last?.changesBefore ?? 0) >= 1, 'changes before the save');
    assert.deepEqual(
      seen.persistence.find((p) => p.node === 'n1'),
      { node: 'n1', aof: false, rdb: true },
    );
  });
});

import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { createMode } from '../../src/client/createMode.js';
import { formatEndpoint } from '../../src/client/endpoint.js';
import { sentinelTarget } from '../../src/client/sentinelTarget.js';
import { Session, type SessionResult } from '../../src/client/session.js';
import {
  freePort,
  requireRedisServer,
  startRedis,
  until,
  type RedisServer,
} from '../support/redisServer.js';

describe('client sentinel target against real Redis + sentinel', function () {
  let primary: RedisServer;
  let replica: RedisServer;
  let sentinel: RedisServer;
  let sentinelAdmin: Redis;
  let deadSentinelPort: number;

  before(async function () {
    requireRedisServer(this);
    primary = await startRedis();
    replica = await startRedis({ config: [`replicaof ${primary.host} ${primary.port}`] });
    sentinel = await startRedis({
      sentinel: true,
      config: [
        `sentinel monitor mymaster ${primary.host} ${primary.port} 1`,
        'sentinel down-after-milliseconds mymaster 1000',
        'sentinel failover-timeout mymaster 3000',
      ],
    });
    sentinelAdmin = sentinel.admin();
    deadSentinelPort = await freePort();
    await until('sentinel sees the replica', async () => {
      const replicas = (await sentinelAdmin.call('SENTINEL', 'replicas', 'mymaster')) as string[][];
      const flags = replicas[0]?.[replicas[0].indexOf('flags') + 1] ?? '';
      const link = (await replica.admin().call('INFO', 'replication')) as string;
      return flags === 'slave' && link.includes('master_link_status:up');
    });
  });

  after(async () => {
    await sentinel?.stop();
    await replica?.stop();
    await primary?.stop();
  });

  function target(name = 'mymaster') {
    return sentinelTarget({
      // The first sentinel is down: the client moves on to the next one.
      sentinels: [
        { host: '127.0.0.1', port: deadSentinelPort },
        { host: sentinel.host, port: sentinel.port },
      ],
      name,
      client: { localAddress: '127.0.0.5', connectTimeoutMs: 500 },
    });
  }

  it('asks the sentinels for the primary and lists the replicas', async () => {
    const t = target();
    assert.deepEqual(await t.primary(), { host: primary.host, port: primary.port });
    assert.deepEqual(await t.replicas(), [{ host: replica.host, port: replica.port }]);
  });

  it("an unknown master name is fail, with every sentinel's reason", async () => {
    await using session = new Session(target('nosuch'));
    const { outcome } = await session.write(createMode('async'), [['SET', 'k', 'v']]);
    assert.equal(outcome.type, 'fail');
    assert.match(outcome.error ?? '', /no sentinel knows the primary of nosuch/);
    assert.match(outcome.error ?? '', /ECONNREFUSED/);
    assert.match(outcome.error ?? '', /no answer for nosuch/);
  });

  it('follows a failover: after the old primary drops it, the session asks again', async () => {
    await using session = new Session(target(), { localAddress: '127.0.0.5' });
    const mode = createMode('async');
    const before = await session.write(mode, [['RPUSH', 'failover-list', 'before']]);
    assert.equal(before.outcome.type, 'ok', before.outcome.error);
    assert.equal(before.node, formatEndpoint(primary));

    await sentinelAdmin.call('SENTINEL', 'FAILOVER', 'mymaster');
    await until('failover done', async () => {
      const addr = (await sentinelAdmin.call(
        'SENTINEL',
        'get-master-addr-by-name',
        'mymaster',
      )) as string[];
      const oldRole = (await primary.admin().call('ROLE')) as unknown[];
      return Number(addr[1]) === replica.port && oldRole[0] === 'slave';
    });

    // The session keeps its connection until something goes wrong (it does not poll). The
    // demoted primary closed its clients, so the next write finds the connection gone,
    // asks the sentinels again and goes to the new primary.
    const after: SessionResult[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await session.write(mode, [['RPUSH', 'failover-list', `after-${i}`]]);
      after.push(result);
      if (result.outcome.type === 'ok') break;
    }
    const last = after[after.length - 1];
    assert.equal(last?.outcome.type, 'ok', JSON.stringify(after));
    assert.equal(last?.node, formatEndpoint(replica));
    for (const r of after.slice(0, -1)) assert.notEqual(r.outcome.type, 'ok');
  });
});

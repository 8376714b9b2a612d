import assert from 'node:assert/strict';
import { ObserverLink } from '../../src/runner/observers/observerLink.js';
import { pollEvery } from '../../src/runner/observers/pollEvery.js';
import { observeReplication } from '../../src/runner/observers/replication.js';
import {
  freePort,
  requireRedisServer,
  startRedis,
  until,
  type RedisServer,
} from '../support/redisServer.js';

// The observers' two shared pieces (the link that reconnects, the sampling loop) and the
// replication observer built on them, against real redis-server processes: a primary on
// 127.0.0.1 and its replica on 127.0.0.2, on the same port as the nodes of a run are.

describe('observers: link, sampling loop and replication observer (redis-server)', function () {
  this.timeout(60_000);
  let primary: RedisServer;
  let replica: RedisServer;

  before(async function () {
    requireRedisServer(this);
    const port = await freePort('127.0.0.2');
    primary = await startRedis({ host: '127.0.0.1', port });
    replica = await startRedis({
      host: '127.0.0.2',
      port,
      config: [`replicaof 127.0.0.1 ${port}`],
    });
    const admin = replica.admin();
    await until('replica online', async () =>
      ((await admin.call('INFO', 'replication')) as string).includes('master_link_status:up'),
    );
  });
  after(async () => {
    await replica?.stop();
    await primary?.stop();
  });

  it('pollEvery polls until stopped, and stop wakes it from its wait at once', async () => {
    let polls = 0;
    const loop = pollEvery(60_000, () => {
      polls++;
      return Promise.resolve();
    });
    await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    await loop.stop();
    assert.ok(Date.now() - t0 < 1000, 'stop did not wait for the 60 s interval');
    assert.equal(polls, 1);

    let fast = 0;
    const quick = pollEvery(5, async () => {
      fast++;
      await new Promise((r) => setTimeout(r, 1));
    });
    await until('ten polls', () => Promise.resolve(fast >= 10));
    await quick.stop();
    const after = fast;
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fast, after, 'no poll after stop resolved');
  });

  it('ObserverLink answers, says undefined while the server is down, and reconnects', async () => {
    const link = new ObserverLink({ host: primary.host, port: primary.port }, 'redcheck-observer');
    try {
      assert.equal(await link.ask(['PING']), 'PONG');
      assert.equal(await link.ask(['CLIENT', 'GETNAME']), 'redcheck-observer');
      assert.equal(await link.ask(['GET', 'no-such-key']), null, 'a nil reply is null');
      assert.equal(await link.ask(['NOSUCHCOMMAND']), undefined, 'an error reply is undefined');

      const { port, dir } = primary;
      await primary.kill('SIGKILL');
      assert.equal(await link.ask(['PING']), undefined, 'a server that is down');
      primary = await startRedis({ host: '127.0.0.1', port, dir });
      assert.equal(await link.ask(['PING']), 'PONG', 'the next ask connects again');
    } finally {
      link.close();
    }
  });

  it('observeReplication samples the replica and its link to the primary', async () => {
    const admin = replica.admin();
    await until('replica online again', async () =>
      ((await admin.call('INFO', 'replication')) as string).includes('master_link_status:up'),
    );
    const start = Date.now();
    const observer = await observeReplication(
      {
        nodes: [
          { name: 'n1', ip: '127.0.0.1' },
          { name: 'n2', ip: '127.0.0.2' },
        ],
        redisPort: primary.port,
      },
      () => (Date.now() - start) * 1e6,
      20,
    );
    const writer = primary.admin();
    for (let i = 0; i < 20; i++) await writer.set(`k${i}`, String(i));
    await new Promise((r) => setTimeout(r, 300));
    const r = await observer.stop([]);
    assert.equal(r.intervalMs, 20);
    assert.ok(r.samples >= 3, `at least 3 samples in 300 ms, got ${r.samples}`);
    assert.ok(r.lagMs.samples > 0, 'the replica was sampled');
    assert.deepEqual(r.catchUps, []);
  });
});

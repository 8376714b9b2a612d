import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { CLIENT_NAMES } from '../../src/client/channel.js';
import { createMode } from '../../src/client/createMode.js';
import { fixedTarget } from '../../src/client/fixedTarget.js';
import { MODE_NAMES as EVERY_MODE, type ModeName } from '../../src/client/mode.js';
import type { RedisCommand } from '../../src/client/redisCommand.js';
import { Session } from '../../src/client/session.js';
import {
  putToSleep,
  requireRedisServer,
  startRedis,
  until,
  type RedisServer,
} from '../support/redisServer.js';

// WAITAOF came in Redis 7.2 and the host's redis-server is 7.0: waitaof is tested against the
// 8.0 image instead (test/client/waitaof.docker.test.ts).
const MODE_NAMES = EVERY_MODE.filter((m) => m !== 'waitaof');

/** A set-workload write: one element into a set and a list under the same hash tag. */
function setWrite(tag: string, element: string): RedisCommand[] {
  return [
    ['SADD', `{${tag}}:s`, element],
    ['RPUSH', `{${tag}}:l`, element],
  ];
}

async function present(redis: Redis, tag: string, element: string): Promise<[boolean, boolean]> {
  const inSet = (await redis.call('SISMEMBER', `{${tag}}:s`, element)) === 1;
  const list = (await redis.call('LRANGE', `{${tag}}:l`, '0', '-1')) as string[];
  return [inSet, list.includes(element)];
}

/** `wait` asks for the one replica; its timeout only matters when WAIT cannot succeed. */
function modeFor(name: ModeName, waitTimeoutMs = 5000) {
  return createMode(name, { waitReplicas: 1, waitTimeoutMs });
}

for (const client of CLIENT_NAMES) {
  describe(`client modes against real Redis (${client} client)`, function () {
    let primary: RedisServer;
    let replica: RedisServer;
    let admin: Redis;
    let replicaAdmin: Redis;

    before(async function () {
      requireRedisServer(this);
      primary = await startRedis();
      replica = await startRedis({ config: [`replicaof ${primary.host} ${primary.port}`] });
      admin = primary.admin();
      replicaAdmin = replica.admin();
      await until('replica online on both sides', async () => {
        const replicaInfo = (await replicaAdmin.call('INFO', 'replication')) as string;
        const primaryInfo = (await admin.call('INFO', 'replication')) as string;
        return (
          replicaInfo.includes('master_link_status:up') && primaryInfo.includes('state=online')
        );
      });
    });

    after(async () => {
      await replica?.stop();
      await primary?.stop();
    });

    for (const name of MODE_NAMES) {
      it(`${name}: a write is ok and lands in both keys`, async () => {
        await using session = new Session(fixedTarget(primary), {
          client,
          localAddress: '127.0.0.3',
        });
        const result = await session.write(modeFor(name), setWrite(`ok-${name}`, 'e1'));
        assert.equal(result.outcome.type, 'ok', result.outcome.error);
        assert.equal(result.node, `${primary.host}:${primary.port}`);
        assert.deepEqual(await present(admin, `ok-${name}`, 'e1'), [true, true]);
        if (name === 'wait') {
          // WAIT 1 acknowledged: the replica has it already.
          assert.deepEqual(await present(replicaAdmin, `ok-${name}`, 'e1'), [true, true]);
        }
      });

      it(`${name}: READONLY from a replica is fail and nothing is written`, async () => {
        await using session = new Session(fixedTarget(replica), { client });
        const { outcome } = await session.write(modeFor(name, 200), setWrite(`ro-${name}`, 'e1'));
        assert.equal(outcome.type, 'fail');
        assert.match(outcome.error ?? '', name === 'multi' ? /^EXECABORT/ : /^READONLY/);
        assert.equal(outcome.reconnect ?? false, name !== 'multi');
        assert.deepEqual(await present(replicaAdmin, `ro-${name}`, 'e1'), [false, false]);
      });
    }

    it('multi: a bad command inside MULTI gives EXECABORT, fail, and no write', async () => {
      await using session = new Session(fixedTarget(primary), { client });
      const { outcome } = await session.write(modeFor('multi'), [
        ['SADD', '{abort}:s', 'e1'],
        ['NOSUCHCOMMAND', '{abort}:l', 'e1'],
      ]);
      assert.equal(outcome.type, 'fail');
      assert.match(outcome.error ?? '', /^EXECABORT/);
      assert.equal(await admin.call('EXISTS', '{abort}:s'), 0);
    });

    it('multi and lua: a command failing at run time is a partial write (info)', async () => {
      await admin.call('SET', '{partial}:l', 'a string, not a list');
      for (const name of ['multi', 'lua', 'async'] as const) {
        await using session = new Session(fixedTarget(primary), { client });
        const { outcome } = await session.write(modeFor(name), setWrite('partial', `e-${name}`));
        assert.equal(outcome.type, 'info', name);
        assert.match(outcome.error ?? '', /^partial: command 2 of 2 failed: WRONGTYPE/, name);
        assert.equal(await admin.call('SISMEMBER', '{partial}:s', `e-${name}`), 1, name);
      }
    });

    it('lua: EVALSHA falls back to EVAL once after SCRIPT FLUSH', async () => {
      await admin.call('SCRIPT', 'FLUSH');
      await using session = new Session(fixedTarget(primary), { client });
      const first = await session.write(modeFor('lua'), setWrite('noscript', 'e1'));
      const second = await session.write(modeFor('lua'), setWrite('noscript', 'e2'));
      assert.equal(first.outcome.type, 'ok', first.outcome.error);
      assert.equal(second.outcome.type, 'ok', second.outcome.error);
      // Exactly once each, although the first one was sent as EVALSHA and then EVAL.
      assert.deepEqual(await admin.call('LRANGE', '{noscript}:l', '0', '-1'), ['e1', 'e2']);
    });

    it('wait: fewer replicas than asked is info, and the write is on the primary', async () => {
      await using session = new Session(fixedTarget(primary), { client });
      const mode = createMode('wait', { waitReplicas: 2, waitTimeoutMs: 100 });
      const { outcome } = await session.write(mode, setWrite('wait-few', 'e1'));
      assert.equal(outcome.type, 'info');
      assert.equal(outcome.error, 'WAIT: 1 of 2 replicas acknowledged');
      assert.equal(outcome.reconnect ?? false, false);
      assert.deepEqual(await present(admin, 'wait-few', 'e1'), [true, true]);
    });

    it('reads: SMEMBERS / LRANGE / GET from the primary and from a replica', async () => {
      await using session = new Session(fixedTarget(primary, [replica]), { client });
      await session.write(modeFor('wait'), setWrite('read', 'e1'));
      const fromPrimary = await session.read(['SMEMBERS', '{read}:s']);
      assert.deepEqual(fromPrimary.outcome, { type: 'ok', value: ['e1'] });
      const fromReplica = await session.read(['LRANGE', '{read}:l', 0, -1], 'replica');
      assert.deepEqual(fromReplica.outcome, { type: 'ok', value: ['e1'] });
      assert.equal(fromReplica.node, `${replica.host}:${replica.port}`);
      const missing = await session.read(['GET', '{read}:nothing']);
      assert.deepEqual(missing.outcome, { type: 'ok', value: null });
    });

    describe('a timeout', () => {
      for (const name of MODE_NAMES) {
        it(`${name}: a write that times out is info, and happens later`, async () => {
          await using session = new Session(fixedTarget(primary), {
            client,
            commandTimeoutMs: 200,
          });
          const mode = createMode(name, { waitReplicas: 1, waitTimeoutMs: 100 });
          // Connect first, so the sleep catches the write and not the connection.
          assert.equal((await session.read(['PING'])).outcome.type, 'ok');
          const { awake } = await putToSleep(primary, 1);
          const { outcome } = await session.write(mode, setWrite(`timeout-${name}`, 'e1'));
          assert.equal(outcome.type, 'info');
          assert.equal(outcome.error, 'Command timed out');
          assert.equal(outcome.reconnect, true);
          await awake;
          // The session dropped its connection, but the server had the request in its buffer:
          // info was right, the write happened after the client gave up.
          assert.deepEqual(await present(admin, `timeout-${name}`, 'e1'), [true, true]);
        });
      }

      it('a read that times out is fail', async () => {
        await using session = new Session(fixedTarget(primary), { client, commandTimeoutMs: 200 });
        assert.equal((await session.read(['PING'])).outcome.type, 'ok');
        const { awake } = await putToSleep(primary, 1);
        const { outcome } = await session.read(['GET', 'anything']);
        assert.deepEqual([outcome.type, outcome.error], ['fail', 'Command timed out']);
        await awake;
      });
    });

    it('BUSY from a long script is fail in every mode', async () => {
      await admin.call('CONFIG', 'SET', 'busy-reply-threshold', '50');
      const blocker = primary.admin();
      const looping = blocker.call('EVAL', 'while true do end', '0').catch((e: unknown) => e);
      try {
        await until('script busy', async () => {
          const probe = await admin.call('PING').catch((e: unknown) => e);
          return probe instanceof Error && probe.message.startsWith('BUSY');
        });
        for (const name of MODE_NAMES) {
          await using session = new Session(fixedTarget(primary), { client });
          const { outcome } = await session.write(
            modeFor(name, 200),
            setWrite(`busy-${name}`, 'e1'),
          );
          assert.equal(outcome.type, 'fail', `${name}: ${outcome.error}`);
          assert.match(outcome.error ?? '', name === 'multi' ? /^EXECABORT .*BUSY/ : /^BUSY/, name);
        }
      } finally {
        await admin.call('SCRIPT', 'KILL').catch(() => undefined);
        await looping;
        await admin.call('CONFIG', 'SET', 'busy-reply-threshold', '5000');
      }
      for (const name of MODE_NAMES) {
        assert.deepEqual(await present(admin, `busy-${name}`, 'e1'), [false, false], name);
      }
    });

    it('one session, many writes: each acknowledged write is in both keys exactly once', async () => {
      await using session = new Session(fixedTarget(primary), { client });
      for (const name of MODE_NAMES) {
        for (let i = 0; i < 10; i++) {
          const { outcome } = await session.write(modeFor(name), setWrite('many', `${name}-${i}`));
          assert.equal(outcome.type, 'ok', outcome.error);
        }
      }
      assert.equal(await admin.call('SCARD', '{many}:s'), 40);
      assert.equal(await admin.call('LLEN', '{many}:l'), 40);
    });
  });

  describe(`client modes against real Redis: NOREPLICAS (${client} client)`, function () {
    let server: RedisServer;

    before(async function () {
      requireRedisServer(this);
      server = await startRedis({ config: ['min-replicas-to-write 1'] });
    });

    after(async () => {
      await server?.stop();
    });

    for (const name of MODE_NAMES) {
      it(`${name}: min-replicas-to-write 1 with no replica is fail and nothing is written`, async () => {
        await using session = new Session(fixedTarget(server), { client });
        const { outcome } = await session.write(
          modeFor(name, 200),
          setWrite(`norepl-${name}`, 'e1'),
        );
        assert.equal(outcome.type, 'fail');
        assert.match(outcome.error ?? '', name === 'multi' ? /^EXECABORT/ : /^NOREPLICAS/);
        assert.deepEqual(await present(server.admin(), `norepl-${name}`, 'e1'), [false, false]);
      });
    }
  });
}

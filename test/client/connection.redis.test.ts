import assert from 'node:assert/strict';
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { resolveClientOptions } from '../../src/client/clientOptions.js';
import { createClient } from '../../src/client/createClient.js';
import { ioredisChannel } from '../../src/client/ioredisChannel.js';
import { createMode } from '../../src/client/createMode.js';
import { fixedTarget } from '../../src/client/fixedTarget.js';
import { asyncMode } from '../../src/client/modes/asyncMode.js';
import { Session } from '../../src/client/session.js';
import { RespConnection } from '../../src/client/resp/respConnection.js';
import { CLIENT_NAMES } from '../../src/client/channel.js';
import { requireRedisServer, startRedis, until, type RedisServer } from '../support/redisServer.js';

/** `addr=127.0.0.2:41234` -> `127.0.0.2`, from a CLIENT INFO / CLIENT LIST line. */
function addrOf(line: string): string | undefined {
  return /(?:^| )addr=([0-9.]+):\d+/.exec(line)?.[1];
}

async function clientLine(admin: Redis, name: string): Promise<string | undefined> {
  const list = (await admin.call('CLIENT', 'LIST')) as string;
  return list.split('\n').find((line) => line.includes(` name=${name} `));
}

/** Wait until the client called `name` has a command held by CLIENT PAUSE (flag `b`). */
async function heldBy(admin: Redis, name: string): Promise<string> {
  let held: string | undefined;
  await until(`a command of ${name} held by the pause`, async () => {
    const line = await clientLine(admin, name);
    if (line !== undefined && / flags=[a-zA-Z]*b/.test(line)) held = line;
    return held !== undefined;
  });
  return held ?? '';
}

describe('client connections against real Redis', function () {
  let server: RedisServer;
  let admin: Redis;

  before(async function () {
    requireRedisServer(this);
    server = await startRedis({ host: '127.0.0.1' });
    admin = server.admin();
  });

  after(async () => {
    await server?.stop();
  });

  it('binds the zone source address: the server sees addr=127.0.0.2', async () => {
    const redis = createClient(server, resolveClientOptions({ localAddress: '127.0.0.2' }));
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      const line = (await redis.call('CLIENT', 'INFO')) as string;
      assert.equal(addrOf(line), '127.0.0.2', line);
    } finally {
      redis.disconnect();
    }
  });

  it('refuses a command before connect() instead of queueing it', async () => {
    const redis = createClient(server, resolveClientOptions({}));
    redis.on('error', () => undefined);
    try {
      await assert.rejects(redis.call('SET', 'early', '1'), /enableOfflineQueue options is false/);
      // (ioredis starts connecting when a lazy client is first used; the command was refused.)
      await redis.connect().catch(() => undefined);
      assert.equal(await admin.call('EXISTS', 'early'), 0);
    } finally {
      redis.disconnect();
    }
  });

  it('never re-sends: a connection killed mid-op stays closed and the op is info, not replayed', async () => {
    const redis = createClient(
      server,
      resolveClientOptions({ connectionName: 'no-resend', commandTimeoutMs: 10_000 }),
    );
    redis.on('error', () => undefined);
    await redis.connect();
    await admin.call('CLIENT', 'PAUSE', '10000', 'WRITE');
    try {
      // The INCR is written to the socket synchronously, then held by the pause.
      const pending = asyncMode().write([['INCR', 'no-resend-counter']], {
        channel: ioredisChannel(redis),
        commandTimeoutMs: 10_000,
      });
      const line = await heldBy(admin, 'no-resend');
      const id = line === undefined ? undefined : /(?:^| )id=(\d+)/.exec(line)?.[1];
      assert.ok(id !== undefined, 'client id');
      await admin.call('CLIENT', 'KILL', 'ID', id);
      const outcome = await pending;
      assert.deepEqual([outcome.type, outcome.error], ['info', 'Connection is closed.']);
      assert.equal(redis.status, 'end');
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
    }
    // An ioredis client with its defaults would now be reconnecting and would replay the INCR
    // (see the control below); this one is closed for good and the counter never moves.
    assert.equal(redis.status, 'end');
    assert.equal(await admin.call('GET', 'no-resend-counter'), null);
    redis.disconnect();
  });

  it('control: ioredis defaults DO replay the killed INCR (so the test above can fail)', async () => {
    const redis = new Redis({ host: server.host, port: server.port, connectionName: 'defaults' });
    redis.on('error', () => undefined);
    try {
      await redis.ping();
      await admin.call('CLIENT', 'PAUSE', '10000', 'WRITE');
      const pending = redis.incr('defaults-counter').catch((e: unknown) => e);
      const line = await heldBy(admin, 'defaults');
      const id = line === undefined ? undefined : /(?:^| )id=(\d+)/.exec(line)?.[1];
      assert.ok(id !== undefined, 'client id');
      await admin.call('CLIENT', 'KILL', 'ID', id);
      await admin.call('CLIENT', 'UNPAUSE');
      // The client reconnected and re-sent: the INCR ran although its first send was killed.
      assert.equal(await pending, 1);
      assert.equal(await admin.call('GET', 'defaults-counter'), '1');
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
      redis.disconnect();
    }
  });

  it('resp client: never re-sends: a connection killed mid-op stays closed and the op is info, not replayed', async () => {
    const resp = await RespConnection.connect(server, {
      connectTimeoutMs: 1000,
      connectionName: 'resp-no-resend',
    });
    await admin.call('CLIENT', 'PAUSE', '10000', 'WRITE');
    try {
      const pending = asyncMode().write([['INCR', 'resp-no-resend-counter']], {
        channel: resp,
        commandTimeoutMs: 10_000,
      });
      const line = await heldBy(admin, 'resp-no-resend');
      const id = line === undefined ? undefined : /(?:^| )id=(\d+)/.exec(line)?.[1];
      assert.ok(id !== undefined, 'client id');
      await admin.call('CLIENT', 'KILL', 'ID', id);
      const outcome = await pending;
      assert.equal(outcome.type, 'info');
      assert.match(outcome.error ?? '', /Connection is closed|ECONNRESET/);
      assert.equal(resp.ready, false);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE');
    }
    const after = await resp.send([['INCR', 'resp-no-resend-counter']], 1000);
    assert.equal(after.sent, false, 'a closed connection sends nothing');
    assert.equal(await admin.call('GET', 'resp-no-resend-counter'), null);
  });

  for (const client of CLIENT_NAMES) {
    describe(`sessions with the ${client} client`, () => {
      it('a session binds its zone too (seen from another connection)', async () => {
        await using session = new Session(fixedTarget(server), {
          client,
          localAddress: '127.0.0.4',
          connectionName: 'zone-c4',
        });
        assert.equal((await session.read(['PING'])).outcome.type, 'ok');
        const line = await clientLine(admin, 'zone-c4');
        assert.equal(line === undefined ? undefined : addrOf(line), '127.0.0.4', line);
      });

      it('a counter stays consistent with outcomes across killed connections', async () => {
        await using session = new Session(fixedTarget(server), {
          client,
          connectionName: 'counting',
          commandTimeoutMs: 10_000,
        });
        const mode = createMode('async');
        let oks = 0;
        let infos = 0;
        for (let round = 0; round < 5; round++) {
          assert.equal(
            (await session.write(mode, [['INCR', `consistent-counter-${client}`]])).outcome.type,
            'ok',
          );
          oks++;
          await admin.call('CLIENT', 'PAUSE', '10000', 'WRITE');
          try {
            const pending = session.write(mode, [['INCR', `consistent-counter-${client}`]]);
            await heldBy(admin, 'counting');
            await admin.call('CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'yes');
            const { outcome } = await pending;
            assert.equal(outcome.type, 'info', outcome.error);
            infos++;
          } finally {
            await admin.call('CLIENT', 'UNPAUSE');
          }
        }
        const counter = Number(await admin.call('GET', `consistent-counter-${client}`));
        // Each ok happened once; each info at most once; nothing was replayed.
        assert.ok(
          counter >= oks && counter <= oks + infos,
          `counter ${counter}, ${oks} ok, ${infos} info`,
        );
        assert.equal(counter, oks, 'killed INCRs held by the pause never ran and were not re-sent');
      });

      it('MASTERDOWN from a replica that lost its primary is fail (read and write)', async () => {
        const lostPrimary = await startRedis();
        const stale = await startRedis({
          config: [
            `replicaof ${lostPrimary.host} ${lostPrimary.port}`,
            'replica-serve-stale-data no',
          ],
        });
        try {
          await until('replica linked', async () => {
            const info = (await stale.admin().call('INFO', 'replication')) as string;
            return info.includes('master_link_status:up');
          });
          await lostPrimary.kill('SIGKILL');
          await until('replica sees its primary down', async () => {
            const info = (await stale.admin().call('INFO', 'replication')) as string;
            return info.includes('master_link_status:down');
          });
          await using session = new Session(fixedTarget(stale, [stale]), { client });
          const read = await session.read(['GET', 'k'], 'replica');
          assert.equal(read.outcome.type, 'fail');
          assert.match(read.outcome.error ?? '', /^MASTERDOWN/);
          assert.equal(read.outcome.reconnect, true);
          const write = await session.write(createMode('async'), [['SET', 'k', 'v']]);
          assert.equal(write.outcome.type, 'fail');
          assert.match(write.outcome.error ?? '', /^(MASTERDOWN|READONLY)/);
        } finally {
          await stale.stop();
          await lostPrimary.stop();
        }
      });

      describe('a killed server', () => {
        let victim: RedisServer;

        beforeEach(async () => {
          victim = await startRedis();
        });

        afterEach(async () => {
          await victim.stop();
        });

        it('SIGKILL mid-op is info; the next op, refused, is fail', async () => {
          await using session = new Session(fixedTarget(victim), {
            client,
            localAddress: '127.0.0.2',
          });
          const mode = createMode('async');
          assert.equal((await session.write(mode, [['SET', 'k', '1']])).outcome.type, 'ok');
          victim.signal('SIGSTOP');
          const pending = session.write(mode, [['SET', 'k', '2']]);
          await nextMacrotask(); // the write leaves the client (the connection is ready)
          await victim.kill('SIGKILL');
          const inFlight = await pending;
          assert.equal(inFlight.outcome.type, 'info');
          assert.match(inFlight.outcome.error ?? '', /Connection is closed|ECONNRESET/);
          const next = await session.write(mode, [['SET', 'k', '3']]);
          assert.equal(next.outcome.type, 'fail');
          assert.match(next.outcome.error ?? '', /ECONNREFUSED/);
          const read = await session.read(['GET', 'k']);
          assert.equal(read.outcome.type, 'fail');
        });

        it('every mode: an op on a dead server is fail (nothing sent)', async () => {
          await victim.kill('SIGKILL');
          for (const name of ['async', 'wait', 'multi', 'lua']) {
            await using session = new Session(fixedTarget(victim), { client });
            const { outcome } = await session.write(createMode(name), [['SET', 'k', name]]);
            assert.equal(outcome.type, 'fail', name);
            assert.match(outcome.error ?? '', /ECONNREFUSED/, name);
          }
        });
      });
    });
  }
});

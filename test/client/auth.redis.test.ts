import assert from 'node:assert/strict';
import { createMode } from '../../src/client/createMode.js';
import { fixedTarget } from '../../src/client/fixedTarget.js';
import { RespConnection } from '../../src/client/resp/respConnection.js';
import { sentinelTarget } from '../../src/client/sentinelTarget.js';
import { Session } from '../../src/client/session.js';
import type { Credentials } from '../../src/client/credentials.js';
import { hostCommands } from '../../src/cluster/hostRedis.js';
import { ObserverLink } from '../../src/runner/observers/observerLink.js';
import { requireRedisServer, startRedis, until, type RedisServer } from '../support/redisServer.js';

// A password-protected server (requirepass, and an ACL user): every way redcheck connects to a
// data node authenticates with the credentials it is given, and a connection without them
// gets NOAUTH. Sentinels take no password: the sentinel target never sends it there.

describe('client: credentials against a password-protected redis-server', function () {
  this.timeout(30_000);
  let server: RedisServer;
  let sentinel: RedisServer;
  const password: Credentials = { password: 's3cret' };
  const alice: Credentials = { user: 'alice', password: 'alice-pw' };

  before(async function () {
    requireRedisServer(this);
    server = await startRedis();
    const admin = server.admin();
    await admin.call('ACL', 'SETUSER', 'alice', 'on', '>alice-pw', '~*', '&*', '+@all');
    await admin.call('CONFIG', 'SET', 'requirepass', 's3cret');
    sentinel = await startRedis({
      sentinel: true,
      config: [
        `sentinel monitor mymaster ${server.host} ${server.port} 1`,
        'sentinel auth-pass mymaster s3cret',
      ],
    });
    const sadmin = sentinel.admin();
    await until('the sentinel reaches the primary', async () => {
      const m = (await sadmin.call('SENTINEL', 'master', 'mymaster')) as string[];
      return (
        m[m.indexOf('flags') + 1] === 'master' && m[m.indexOf('role-reported') + 1] === 'master'
      );
    });
  });
  after(async () => {
    await sentinel?.stop();
    await server?.stop();
  });

  const at = () => ({ host: server.host, port: server.port });

  it('RESP connections: NOAUTH without credentials, PONG with the password or the ACL user', async () => {
    const bare = await RespConnection.connect(at(), { connectTimeoutMs: 1000 });
    const [noauth] = (await bare.send([['PING']], 1000)).replies;
    bare.close();
    assert.match(noauth?.error?.message ?? '', /^NOAUTH/);
    for (const auth of [password, alice]) {
      const c = await RespConnection.connect(at(), {
        connectTimeoutMs: 1000,
        auth,
        connectionName: 'redcheck-auth-test',
      });
      const [pong, who, name] = (
        await c.send([['PING'], ['ACL', 'WHOAMI'], ['CLIENT', 'GETNAME']], 1000)
      ).replies;
      c.close();
      assert.equal(pong?.value, 'PONG');
      assert.equal(who?.value, auth.user ?? 'default');
      assert.equal(name?.value, 'redcheck-auth-test');
    }
  });

  it('a wrong password rejects the connect with WRONGPASS, never echoing the password', async () => {
    await assert.rejects(
      RespConnection.connect(at(), {
        connectTimeoutMs: 1000,
        auth: { password: 'not-the-password' },
      }),
      (e: Error) => /^WRONGPASS/.test(e.message) && !e.message.includes('not-the-password'),
    );
  });

  it('host commands, observer links: authenticated with the credentials given', async () => {
    const [noauth] = await hostCommands(at(), [['PING']]);
    assert.match(noauth?.error?.message ?? '', /^NOAUTH/);
    const [pong] = await hostCommands({ ...at(), auth: alice }, [['PING']]);
    assert.equal(pong?.value, 'PONG');
    const link = new ObserverLink(at(), 'redcheck-observer', password);
    assert.match(String(await link.ask(['INFO', 'replication'])), /role:master/);
    link.close();
    const unauthenticated = new ObserverLink(at());
    assert.equal(await unauthenticated.ask(['INFO', 'replication']), undefined);
    unauthenticated.close();
  });

  it('worker sessions, both clients, write with the credentials; without them the write fails', async () => {
    const mode = createMode('async');
    for (const client of ['resp', 'ioredis'] as const) {
      for (const auth of [password, alice]) {
        const s = new Session(fixedTarget(at()), { client, auth });
        const r = await s.write(mode, [['SET', `auth-${client}`, auth.user ?? 'default']]);
        await s.close();
        assert.equal(r.outcome.type, 'ok', `${client} ${JSON.stringify(r.outcome)}`);
      }
      const none = new Session(fixedTarget(at()), { client });
      const r = await none.write(mode, [['SET', 'auth-none', '1']]);
      await none.close();
      assert.notEqual(r.outcome.type, 'ok', `${client} wrote without a password`);
    }
  });

  it('sentinel target: asks the sentinel without the password, then writes with it', async () => {
    const target = sentinelTarget({
      sentinels: [{ host: sentinel.host, port: sentinel.port }],
      name: 'mymaster',
      client: { auth: password },
    });
    assert.deepEqual(await target.primary(), at());
    const s = new Session(target, { auth: password });
    const r = await s.write(createMode('async'), [['SET', 'auth-sentinel', '1']]);
    await s.close();
    assert.equal(r.outcome.type, 'ok', JSON.stringify(r.outcome));
  });
});
